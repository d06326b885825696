"""Where a fragment stands in the article: exact → normalized → fuzzy, never a changed meaning.

The fuzzy stage exists because models drop or change a word or elide with "…"; it must
never let through a changed *meaning*, so a fuzzy window is accepted only when it is
similar enough (`FUZZY_THRESHOLD`) and states the same numbers and the same negations as
the fragment (`guards`). Everything here is pure and deterministic, and no function
raises on any string input: grounding runs on whatever a model returns.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from summarizer.grounding.guards import Reason, guard
from summarizer.grounding.index import WORD, Index, article_index
from summarizer.lexicon import NAME_PROCLITICS
from summarizer.normalize import normalize
from summarizer.schema import Span

FUZZY_THRESHOLD = 0.80
"""Least Indel similarity (rapidfuzz `fuzz.ratio` / 100) of a fuzzy window.

One dropped or changed word scores about 0.95 in a twenty-word fragment and 0.82 in a
five-word one; passages from another article or stitched in the wrong order mostly
score 0.4-0.7. Those that come closer (a shared formula, a short part moved) are
rejected by the structure rules instead: `MAX_UNMATCHED_WORDS` and anchored edges.
"""

MIN_FUZZY_WORDS = 4
"""Shorter fragments match only exactly or after normalization: too little to fuzz."""

MAX_ELISION_GAP = 400
"""Most original characters an ellipsis may stand for between two quoted pieces."""

MAX_UNMATCHED_WORDS = 1
"""Most consecutive fragment words a fuzzy window may lack: more is an insertion or a
passage stitched in from elsewhere, not a quote with one word changed."""

MIN_FUZZY_PIECE_WORDS = 8
"""Pieces of an elided quote match fuzzily only from this length: a short piece with a
word changed could sit almost anywhere within reach."""

WORD_SIMILARITY = 0.75
"""Least similarity of two spellings of one word: the misspelt word of an approximate
speaker name, or a fuzzy window's first and last words against the fragment's."""

_FOLDED_QUOTE = '"'
"""Every quotation mark after `normalize`."""
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*(?:\.{3,}|…+|\. \. \.)\s*[\])]?\s*")
EDGE_PUNCT = ' .,;:!?"-()[]'
_SEARCH_SLACK = 3
_REFINE = 2
_ANCHOR = 6
_CANDIDATES = 3
_ELISION_STARTS = 4
_COMMON_TOKEN = 64


@dataclass(frozen=True, slots=True)
class _Match:
    """A match in normalized coordinates, or why there is none."""

    start: int = 0
    end: int = 0
    score: float = 0.0
    reason: Reason = ""
    kind: Literal["normalized", "approximate"] = "normalized"

    @property
    def found(self) -> bool:
        return not self.reason


_NOT_FOUND = _Match(reason="not_found")
KIND_RANK = {"exact": 0, "normalized": 1, "approximate": 2}


def _at_word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )


def _find(text: str, needle: str, lo: int = 0, hi: int | None = None) -> int:
    """First occurrence within [lo, hi), preferring one that does not cut a word."""
    hi = len(text) if hi is None else hi
    first = position = text.find(needle, lo, hi)
    while position >= 0:
        if _at_word_edges(text, position, position + len(needle)):
            return position
        position = text.find(needle, position + 1, hi)
    return first


def _diagonals(index: Index, words: list[str], lo: int, hi: int) -> list[int]:
    """Likely first-word positions of the fragment, voted by its rarer shared words."""
    votes: defaultdict[int, float] = defaultdict(float)
    for k, word in enumerate(words):
        positions = index.postings.get(word, ())
        if not positions or len(positions) > _COMMON_TOKEN:
            continue
        weight = 1.0 / len(positions)
        for j in positions[bisect_left(positions, lo) : bisect_left(positions, hi)]:
            votes[j - k] += weight
    smoothed = {
        d: sum(votes.get(d + shift, 0.0) for shift in range(-_SEARCH_SLACK, _SEARCH_SLACK + 1))
        for d in votes
    }
    chosen: list[int] = []
    for d in sorted(smoothed, key=lambda d: (-smoothed[d], d)):
        if all(abs(d - other) > len(words) // 2 for other in chosen):
            chosen.append(d)
            if len(chosen) == _CANDIDATES:
                break
    return chosen


def _best_window(
    index: Index, needle: str, words: list[str], first: int, last: int, bounds: tuple[int, int]
) -> tuple[float, int, int]:
    """Best word-aligned window near tokens [first, last]: (similarity, token from, token to).

    The seed from `partial_ratio_alignment` is as long as the fragment, so it is off by
    whatever the fragment dropped; windows a few words either way are tried, and so is
    every nearby occurrence of the fragment's first and last words. Among windows above
    the threshold, one that starts and ends on those words wins: similarity alone would
    shave a short edge word (هي, مما) off a fragment that dropped the word after it.
    """
    lo_tok, hi_tok = bounds
    tokens = index.tokens

    def near(center: int, word: str) -> list[int]:
        around = range(max(lo_tok, center - _ANCHOR), min(hi_tok, center + _ANCHOR + 1))
        close = range(center - _REFINE, center + _REFINE + 1)
        return [j for j in around if j in close or tokens[j] == word]

    best_key, best = (False, 0, -1.0), (-1.0, first, last)
    ends = near(last, words[-1])
    for a in near(first, words[0]):
        for b in ends:
            if b < a:
                continue
            score = fuzz.ratio(needle, index.norm.text[index.starts[a] : index.ends[b]]) / 100.0
            edges = (tokens[a] == words[0]) + (tokens[b] == words[-1])
            key = (score >= FUZZY_THRESHOLD, edges, score)
            if key > best_key:
                best_key, best = key, (score, a, b)
    return best


def same_word(mine: str, theirs: str) -> bool:
    """Whether two words are one, up to a proclitic (قال/وقال) or a slight misspelling.

    A fuzzy window must begin and end on the fragment's own first and last words: a
    formula that merely shares its middle (وقال المصدر لوكالة … / وذكر المصدر لوكالة …)
    is another passage.
    """
    short, long = sorted((mine, theirs), key=len)
    if long.endswith(short) and long[: len(long) - len(short)] in NAME_PROCLITICS:
        return True
    return fuzz.ratio(mine, theirs) / 100.0 >= WORD_SIMILARITY


def _longest_unmatched_run(words: list[str], window: list[str]) -> int:
    """Longest run of words, on either side, that the other side lacks (LCS alignment).

    A run whose letters are the same on both sides is only spaced differently (و«ثوار»
    against وثوار, لا يزال against لايزال) and does not count.
    """
    longest = 0
    gaps = [(0, 0, 0, 0)]  # between equal blocks: fragment [a, b), window [c, d)
    for block in Indel.opcodes(words, window):
        if block.tag == "equal":
            gaps.append((block.src_end, block.src_end, block.dest_end, block.dest_end))
        else:
            a, _, c, _ = gaps[-1]
            gaps[-1] = (a, block.src_end, c, block.dest_end)
    for a, b, c, d in gaps:
        if "".join(words[a:b]) != "".join(window[c:d]):
            longest = max(longest, b - a, d - c)
    return longest


def _fuzzy(index: Index, needle: str, lo: int, hi: int, min_words: int) -> _Match:
    """Fuzzy search of normalized `needle` in normalized source chars [lo, hi)."""
    needle = needle.strip(EDGE_PUNCT)
    words = WORD.findall(needle)
    longest = 2 * (hi - lo) / (len(needle) + hi - lo) if needle else 0.0
    if len(words) < min_words or longest < FUZZY_THRESHOLD:
        return _NOT_FOUND
    lo_tok = bisect_left(index.starts, lo)
    hi_tok = bisect_right(index.ends, hi)
    if hi_tok <= lo_tok:
        return _NOT_FOUND
    text = index.norm.text
    verdicts: list[tuple[float, int, int, Reason]] = []
    for diagonal in _diagonals(index, words, lo_tok, hi_tok):
        a = max(lo_tok, diagonal - _SEARCH_SLACK)
        b = min(hi_tok, diagonal + len(words) + _SEARCH_SLACK) - 1
        if b < a:
            continue
        region_start = index.starts[a]
        region = text[region_start : index.ends[b]]
        seed = fuzz.partial_ratio_alignment(needle, region)
        if seed is None:
            continue
        first = bisect_right(index.ends, region_start + seed.dest_start)
        last = max(first, bisect_left(index.starts, region_start + seed.dest_end) - 1)
        score, first, last = _best_window(index, needle, words, first, last, (lo_tok, hi_tok))
        if score < FUZZY_THRESHOLD:
            continue
        start, end = index.starts[first], index.ends[last]
        window = index.tokens[first : last + 1]
        reason = guard(needle, text[start:end])
        if not reason and (
            _longest_unmatched_run(words, window) > MAX_UNMATCHED_WORDS
            or not (same_word(words[0], window[0]) and same_word(words[-1], window[-1]))
        ):
            reason = "inserted"
        verdicts.append((score, start, end, reason))
    verdicts.sort(key=lambda v: (-v[0], v[1]))
    for score, start, end, reason in verdicts:
        if not reason:
            return _Match(start, end, score, kind="approximate")
    return _Match(reason=verdicts[0][3]) if verdicts else _NOT_FOUND


def _same_words(index: Index, needle: str, lo: int, hi: int) -> _Match:
    """Find the fragment's words, all of them and in order, with only punctuation differing.

    Models often drop or add quotation marks and commas; that changes no word, so it is
    safe even for fragments too short to fuzz.
    """
    words = WORD.findall(needle)
    if not words:
        return _NOT_FOUND
    lo_tok, hi_tok = bisect_left(index.starts, lo), bisect_right(index.ends, hi)
    k = min(range(len(words)), key=lambda i: len(index.postings.get(words[i], ())))
    for j in index.postings.get(words[k], ()):
        first, last = j - k, j - k + len(words) - 1
        if first >= lo_tok and last < hi_tok and index.tokens[first : last + 1] == words:
            start, end = index.starts[first], index.ends[last]
            window = index.norm.text[start:end]
            reason = guard(needle, window)
            score = fuzz.ratio(needle, window) / 100.0
            return _Match(start, end, score, reason, "approximate")
    return _NOT_FOUND


def _approximate(
    index: Index, needle: str, lo: int, hi: int, min_words: int = MIN_FUZZY_WORDS
) -> _Match:
    """Match a fragment that is not in the article as is: same words, then fuzzy."""
    match = _same_words(index, needle, lo, hi)
    return match if match.found else _fuzzy(index, needle, lo, hi, min_words)


def _match(index: Index, needle: str, lo: int, hi: int) -> _Match:
    """Match one piece of an elided quote within normalized chars [lo, hi), best kind first."""
    position = _find(index.norm.text, needle, lo, hi)
    if position >= 0:
        return _Match(position, position + len(needle), 1.0)
    return _approximate(index, needle, lo, hi, MIN_FUZZY_PIECE_WORDS)


def _match_pieces(index: Index, pieces: list[str]) -> _Match:
    """Locate an elided quote: its pieces in order, each within reach of the previous one.

    The first piece may occur more than once (a formula such as "وقال إن"), so each of
    its first few occurrences is tried as the start.
    """
    size = len(index.norm.text)
    lo = 0
    missing = ""
    for _ in range(_ELISION_STARTS):
        first = _match(index, pieces[0], lo, size)
        if not first.found:
            break
        match, missing = _match_rest(index, first, pieces)
        if match.found or match.reason != "not_found":
            return match
        lo = first.start + 1
    else:
        first = _NOT_FOUND
    if not missing:
        return first
    return _Match(reason="order" if _match(index, missing, 0, size).found else "not_found")


def _match_rest(index: Index, first: _Match, pieces: list[str]) -> tuple[_Match, str]:
    """Match the pieces after the first; on failure, also name the piece that was missing."""
    size = len(index.norm.text)
    end = first.end
    weighted, length = first.score * len(pieces[0]), len(pieces[0])
    for piece in pieces[1:]:
        reach = index.norm.to_original(end, end)[0] + MAX_ELISION_GAP
        hi = min(size, bisect_left(index.norm.starts, reach) + 2 * len(piece))
        match = _match(index, piece, end, hi)
        if not match.found:
            return match, piece
        end = match.end
        weighted += match.score * len(piece)
        length += len(piece)
    return _Match(first.start, end, weighted / length, kind="approximate"), ""


def _unwrapped(needle: str) -> str:
    """A normalized fragment without the quotation marks around it: a model quoting the
    article adds them where it has none, and marks are what normalization folds.
    """
    if len(needle) > 2 and needle[0] == needle[-1] == _FOLDED_QUOTE:
        return needle[1:-1].strip()
    return needle


def locate_reason(source: str, fragment: str) -> tuple[Span | None, Reason]:
    if not isinstance(source, str) or not isinstance(fragment, str):
        return None, "empty"
    fragment = fragment.strip()
    if not source or not fragment:
        return None, "empty"
    position = _find(source, fragment)
    if position >= 0:
        return Span(start=position, end=position + len(fragment), kind="exact", score=1.0), ""
    index = article_index(source)
    needle = normalize(fragment).text.strip()
    if not needle:
        return None, "not_found"
    position = _find(index.norm.text, needle)
    if position < 0 and (inner := _unwrapped(needle)) != needle:
        position = _find(index.norm.text, inner)
        needle = inner if position >= 0 else needle
    if position >= 0:
        match = _Match(position, position + len(needle), 1.0)
    elif _ELLIPSIS.search(fragment):
        pieces = (normalize(piece).text.strip() for piece in _ELLIPSIS.split(fragment))
        match = _match_pieces(index, [piece for piece in pieces if piece] or [needle])
    else:
        match = _approximate(index, needle, 0, len(index.norm.text))
    if not match.found:
        return None, match.reason
    start, end = index.norm.to_original(match.start, match.end)
    score = min(max(match.score, 0.0), 1.0)
    return Span(start=start, end=end, kind=match.kind, score=score), ""


def locate(source: str, fragment: str) -> Span | None:
    """Where `fragment` stands in `source` (original offsets, end exclusive), or None.

    Exact beats normalized beats fuzzy. An elided fragment ("a … b") spans from its
    first piece to its last, is `approximate`, and scores the pieces' length-weighted
    similarity. A fuzzy window whose numbers or negations differ from the fragment's
    is rejected outright, as is anything under `FUZZY_THRESHOLD`.
    """
    return locate_reason(source, fragment)[0]
