"""Where a model's quotes, evidence and names stand in the article, and whether they hold.

Alignment runs exact → normalized → fuzzy. The fuzzy stage exists because models drop
or change a word or elide with "…"; it must never let through a changed *meaning*, so a
fuzzy window is accepted only when it is similar enough (`FUZZY_THRESHOLD`) and states
the same numbers and the same negations as the fragment. Everything here is pure and
deterministic, and no function raises on any string input: grounding runs on whatever
a model returns.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from summarizer.normalize import Normalized, normalize
from summarizer.schema import Span

__all__ = [
    "FUZZY_THRESHOLD",
    "Check",
    "check_count",
    "check_evidence",
    "check_quote",
    "check_speaker",
    "locate",
    "numbers_in",
    "stated_numbers",
]

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

Reason = Literal["", "empty", "not_found", "numbers", "negation", "order", "inserted"]

_WORD = re.compile(r"[^\W_]+")
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*(?:\.{3,}|…+|\. \. \.)\s*[\])]?\s*")
_EDGE_PUNCT = ' .,;:!?"-()[]'
_SEARCH_SLACK = 3
_REFINE = 2
_ANCHOR = 6
_CANDIDATES = 3
_ELISION_STARTS = 4
_PROCLITICS = frozenset(
    ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ول", "وب")
)
_COMMON_TOKEN = 64
_EXCERPT = 80


# --- numbers -----------------------------------------------------------------------------

# unit 1-9; teen_unit أحد/اثنا, a number only before عشر; ten_word عشر/عشرة (alone 10,
# after a unit a teen); teen 10-19 (English); tens 20-90; hundred مئة (multiplies what
# precedes it); hundreds a whole multiple (ثلاثمئة, مئتين); scale ألف/million (multiplies
# all before it); big a dual scale that carries its own count (ألفين = 2000).
_NumKind = Literal[
    "unit", "teen_unit", "ten_word", "teen", "tens", "hundred", "hundreds", "scale", "big"
]


def _lexicon(words: dict[str, tuple[_NumKind, int]]) -> dict[str, tuple[_NumKind, int]]:
    """Key the lexicon by normalized spelling so it matches normalized text."""
    return {normalize(word).text: entry for word, entry in words.items()}


_UNITS = {
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثة": 3,
    "أربع": 4,
    "أربعة": 4,
    "خمس": 5,
    "خمسة": 5,
    "ست": 6,
    "ستة": 6,
    "سبع": 7,
    "سبعة": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانية": 8,
    "تسع": 9,
    "تسعة": 9,
}
_TENS = {
    "عشرون": 20,
    "ثلاثون": 30,
    "أربعون": 40,
    "خمسون": 50,
    "ستون": 60,
    "سبعون": 70,
    "ثمانون": 80,
    "تسعون": 90,
}
_HUNDREDS_STEM = {"ثلاث": 3, "أربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "تسع": 9}
_ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ENGLISH_TEENS = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen"),
    *("fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_ENGLISH_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

_NUMBER_WORDS: dict[str, tuple[_NumKind, int]] = _lexicon(
    {
        **{word: ("unit", value) for word, value in _UNITS.items()},
        **dict.fromkeys(("أحد", "إحدى"), ("teen_unit", 1)),
        **dict.fromkeys(("اثنا", "اثني", "اثنتا", "اثنتي"), ("teen_unit", 2)),
        "عشر": ("ten_word", 10),
        "عشرة": ("ten_word", 10),
        **{word: ("tens", value) for word, value in _TENS.items()},
        **{word[:-2] + "ين": ("tens", value) for word, value in _TENS.items()},
        **dict.fromkeys(("مئة", "مائة"), ("hundred", 100)),
        **dict.fromkeys(("مئتان", "مئتين", "مئتي", "مائتان", "مائتين", "مائتي"), ("hundreds", 200)),
        **{stem + "مئة": ("hundreds", v * 100) for stem, v in _HUNDREDS_STEM.items()},
        **{stem + "مائة": ("hundreds", v * 100) for stem, v in _HUNDREDS_STEM.items()},
        "ثمانيمئة": ("hundreds", 800),
        "ثمانمائة": ("hundreds", 800),
        **dict.fromkeys(("ألف", "ألفا"), ("scale", 1000)),
        **dict.fromkeys(("ألفان", "ألفين", "ألفي"), ("big", 2000)),
        "مليون": ("scale", 1_000_000),
        **dict.fromkeys(("مليونان", "مليونين", "مليوني"), ("big", 2_000_000)),
        "مليار": ("scale", 1_000_000_000),
        **{word: ("unit", value) for value, word in enumerate(_ENGLISH)},
        **{word: ("teen", 10 + value) for value, word in enumerate(_ENGLISH_TEENS)},
        **{word: ("tens", 20 + 10 * value) for value, word in enumerate(_ENGLISH_TENS)},
        "hundred": ("hundred", 100),
        "thousand": ("scale", 1000),
        "million": ("scale", 1_000_000),
        "billion": ("scale", 1_000_000_000),
    }
)
_PLURAL_SCALES = {
    normalize(word).text: value
    for word, value in (
        ("آلاف", 1000),
        ("ملايين", 1_000_000),
        ("مليارات", 1_000_000_000),
        ("thousands", 1000),
        ("millions", 1_000_000),
        ("billions", 1_000_000_000),
    )
}
_PREFIXES = tuple(normalize(p).text for p in ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل"))
_MONDAY = normalize("اثنين").text

# Which kind may follow which inside one number, with and without the Arabic "و".
_FOLLOWS_PLAIN: dict[_NumKind, frozenset[_NumKind]] = {
    "unit": frozenset({"ten_word", "hundred", "scale"}),
    "teen_unit": frozenset({"ten_word"}),
    "ten_word": frozenset({"hundred", "scale"}),
    "teen": frozenset({"hundred", "scale"}),
    "tens": frozenset({"unit", "scale"}),
    "hundred": frozenset({"unit", "teen", "tens", "scale"}),
    "hundreds": frozenset({"scale"}),
    "scale": frozenset({"unit", "teen", "tens", "hundred", "hundreds"}),
    "big": frozenset({"unit", "teen", "tens", "hundred", "hundreds"}),
}
_FOLLOWS_WAW: dict[_NumKind, frozenset[_NumKind]] = {
    "unit": frozenset({"tens"}),
    "hundred": frozenset({"unit", "ten_word", "tens", "teen_unit"}),
    "hundreds": frozenset({"unit", "ten_word", "tens", "teen_unit"}),
    "scale": frozenset({"unit", "ten_word", "tens", "hundred", "hundreds", "teen_unit", "big"}),
    "big": frozenset({"unit", "ten_word", "tens", "hundred", "hundreds", "teen_unit"}),
}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3}){1,5}(?![\d,])|\d{1,18}(?:\.\d{1,18})?")
_TOKEN = re.compile(rf"(?P<digits>{_DIGITS.pattern})|[^\W\d_]+")


def _number_word(token: str) -> tuple[_NumKind, int, bool] | None:
    """Classify a word as a number word: (kind, value, joined by a leading و)."""
    entry = _NUMBER_WORDS.get(token)
    if entry is not None:
        return entry[0], entry[1], False
    for prefix in _PREFIXES:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3 and rest in _NUMBER_WORDS:
            if rest == _MONDAY and prefix.endswith(("ال", "لل")):
                return None
            kind, value = _NUMBER_WORDS[rest]
            return kind, value, prefix[0] == "و"
    return None


@dataclass(slots=True)
class _NumberParser:
    """Accumulates number words into values: خمسة وعشرين → 25, three hundred → 300."""

    found: list[tuple[int, int, int]]
    total: int = 0
    current: int = 0
    last: _NumKind | None = None
    start: int = 0
    end: int = 0

    def flush(self) -> None:
        if self.last is not None:
            self.found.append((self.total + self.current, self.start, self.end))
        self.total = self.current = 0
        self.last = None

    def add(self, kind: _NumKind, value: int, waw: bool, start: int, end: int) -> None:
        if self.last is not None:
            follows = _FOLLOWS_WAW.get(self.last, frozenset()) if waw else _FOLLOWS_PLAIN[self.last]
            if kind not in follows:
                self.flush()
        if self.last is None:
            self.start = start
        if kind == "hundred":
            self.current = (self.current or 1) * value
        elif kind == "scale":
            self.total += (self.current or 1) * value
            self.current = 0
        elif kind == "big":
            self.total += value
        else:
            self.current += value
        self.last = kind
        self.end = end


def _numbers(ntext: str) -> list[tuple[int, int, int]]:
    """Numbers stated in normalized text, as (value, start, end) in that text."""
    tokens = [(m.group(), m.start(), m.end(), bool(m["digits"])) for m in _TOKEN.finditer(ntext)]
    found: list[tuple[int, int, int]] = []
    parser = _NumberParser(found)
    skip_to = 0
    for i, (token, start, end, digits) in enumerate(tokens):
        if i < skip_to:
            continue
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if digits:
            parser.flush()
            scale = _NUMBER_WORDS.get(following, ("", 0))
            multiplier = scale[1] if scale[0] == "scale" else _PLURAL_SCALES.get(following, 0)
            if multiplier:
                found.append((int(float(token.replace(",", "")) * multiplier), start, end))
                skip_to = i + 2
            else:
                found.extend((int(part), start, end) for part in token.replace(",", "").split("."))
            continue
        word = _number_word(token)
        if word is None:
            joins = parser.last in ("hundred", "scale") and following in _NUMBER_WORDS
            if token == "and" and joins:
                continue
            if token in _PLURAL_SCALES and parser.last is not None:
                parser.add("scale", _PLURAL_SCALES[token], False, start, end)
                continue
            parser.flush()
            continue
        kind, value, waw = word
        if kind == "teen_unit" and _NUMBER_WORDS.get(following, ("",))[0] != "ten_word":
            parser.flush()
            continue
        parser.add(kind, value, waw, start, end)
    parser.flush()
    return found


def stated_numbers(text: str) -> list[tuple[int, int, int]]:
    """Every number stated in `text` as (value, start, end) in original offsets."""
    if not isinstance(text, str):
        return []
    norm = normalize(text)
    return [(value, *norm.to_original(start, end)) for value, start, end in _numbers(norm.text)]


def numbers_in(text: str) -> list[int]:
    """Every number the text states, in order: digits of any script and number words.

    Compounds are read whole (خمسة وعشرين → 25, twenty-five → 25, ثلاثة آلاف → 3000);
    vague quantities (عشرات, مئات, آلاف, dozens, hundreds, several) are not numbers. A
    decimal without a scale word contributes its digit groups (2.5 → 2, 5), which is
    enough to tell two decimals apart.
    """
    if not isinstance(text, str) or not text:
        return []
    return [value for value, _, _ in _numbers(normalize(text).text)]


# --- negation ----------------------------------------------------------------------------

_NEGATIONS = frozenset(
    normalize(word).text
    for word in ("لا", "لن", "لم", "ليس", "ليست", "لست", "لسنا", "ليسوا", "لستم", "غير", "ما")
)
_NEGATION_GLUED = frozenset(
    normalize("لا" + verb).text
    for verb in ("يزال", "تزال", "زال", "زالت", "زالوا", "يوجد", "توجد", "يمكن", "يقل", "بد")
)
_ENGLISH_NEGATIONS = frozenset(
    ("not", "no", "never", "cannot", "nor", "neither", "none", "nothing", "nobody", "nowhere")
)
_NT = re.compile(r'n"t\b')


def _negations(ntext: str) -> Counter[str]:
    """Negation particles in normalized text; "ما" counts even as a relative pronoun."""
    found: Counter[str] = Counter()
    for token in _WORD.findall(ntext):
        if token in _ENGLISH_NEGATIONS or token in _NEGATIONS:
            found[token] += 1
        elif token[:1] in "وف" and token[1:] in _NEGATIONS:
            found[token[1:]] += 1
        elif token in _NEGATION_GLUED or (token[:1] in "وف" and token[1:] in _NEGATION_GLUED):
            found["لا"] += 1
    found["n't"] += len(_NT.findall(ntext))
    return +found


# --- the source index ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class _Index:
    """A normalized article with its words, so many fragments share one tokenization."""

    norm: Normalized
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    postings: dict[str, list[int]]


@lru_cache(maxsize=64)
def _index(source: str) -> _Index:
    norm = normalize(source)
    tokens: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for match in _WORD.finditer(norm.text):
        postings[match.group()].append(len(tokens))
        tokens.append(match.group())
        starts.append(match.start())
        ends.append(match.end())
    return _Index(norm, tokens, starts, ends, dict(postings))


# --- alignment -----------------------------------------------------------------------------


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
_KIND_RANK = {"exact": 0, "normalized": 1, "approximate": 2}


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


def _guard(fragment: str, window: str) -> Reason:
    if Counter(_numbers_values(fragment)) != Counter(_numbers_values(window)):
        return "numbers"
    if _negations(fragment) != _negations(window):
        return "negation"
    return ""


def _numbers_values(ntext: str) -> list[int]:
    return [value for value, _, _ in _numbers(ntext)]


def _diagonals(index: _Index, words: list[str], lo: int, hi: int) -> list[int]:
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
    index: _Index, needle: str, words: list[str], first: int, last: int, bounds: tuple[int, int]
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


def _same_word(mine: str, theirs: str) -> bool:
    """Whether two words are one, up to a proclitic (قال/وقال) or a slight misspelling.

    A fuzzy window must begin and end on the fragment's own first and last words: a
    formula that merely shares its middle (وقال المصدر لوكالة … / وذكر المصدر لوكالة …)
    is another passage.
    """
    short, long = sorted((mine, theirs), key=len)
    if long.endswith(short) and long[: len(long) - len(short)] in _PROCLITICS:
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


def _fuzzy(index: _Index, needle: str, lo: int, hi: int, min_words: int) -> _Match:
    """Fuzzy search of normalized `needle` in normalized source chars [lo, hi)."""
    needle = needle.strip(_EDGE_PUNCT)
    words = _WORD.findall(needle)
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
        reason = _guard(needle, text[start:end])
        if not reason and (
            _longest_unmatched_run(words, window) > MAX_UNMATCHED_WORDS
            or not (_same_word(words[0], window[0]) and _same_word(words[-1], window[-1]))
        ):
            reason = "inserted"
        verdicts.append((score, start, end, reason))
    verdicts.sort(key=lambda v: (-v[0], v[1]))
    for score, start, end, reason in verdicts:
        if not reason:
            return _Match(start, end, score, kind="approximate")
    return _Match(reason=verdicts[0][3]) if verdicts else _NOT_FOUND


def _same_words(index: _Index, needle: str, lo: int, hi: int) -> _Match:
    """Find the fragment's words, all of them and in order, with only punctuation differing.

    Models often drop or add quotation marks and commas; that changes no word, so it is
    safe even for fragments too short to fuzz.
    """
    words = _WORD.findall(needle)
    if not words:
        return _NOT_FOUND
    lo_tok, hi_tok = bisect_left(index.starts, lo), bisect_right(index.ends, hi)
    k = min(range(len(words)), key=lambda i: len(index.postings.get(words[i], ())))
    for j in index.postings.get(words[k], ()):
        first, last = j - k, j - k + len(words) - 1
        if first >= lo_tok and last < hi_tok and index.tokens[first : last + 1] == words:
            start, end = index.starts[first], index.ends[last]
            window = index.norm.text[start:end]
            reason = _guard(needle, window)
            score = fuzz.ratio(needle, window) / 100.0
            return _Match(start, end, score, reason, "approximate")
    return _NOT_FOUND


def _approximate(
    index: _Index, needle: str, lo: int, hi: int, min_words: int = MIN_FUZZY_WORDS
) -> _Match:
    """Match a fragment that is not in the article as is: same words, then fuzzy."""
    match = _same_words(index, needle, lo, hi)
    return match if match.found else _fuzzy(index, needle, lo, hi, min_words)


def _match(index: _Index, needle: str, lo: int, hi: int) -> _Match:
    """Match one piece of an elided quote within normalized chars [lo, hi), best kind first."""
    position = _find(index.norm.text, needle, lo, hi)
    if position >= 0:
        return _Match(position, position + len(needle), 1.0)
    return _approximate(index, needle, lo, hi, MIN_FUZZY_PIECE_WORDS)


def _match_pieces(index: _Index, pieces: list[str]) -> _Match:
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


def _match_rest(index: _Index, first: _Match, pieces: list[str]) -> tuple[_Match, str]:
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


def _locate(source: str, fragment: str) -> tuple[Span | None, Reason]:
    if not isinstance(source, str) or not isinstance(fragment, str):
        return None, "empty"
    fragment = fragment.strip()
    if not source or not fragment:
        return None, "empty"
    position = _find(source, fragment)
    if position >= 0:
        return Span(start=position, end=position + len(fragment), kind="exact", score=1.0), ""
    index = _index(source)
    needle = normalize(fragment).text.strip()
    if not needle:
        return None, "not_found"
    position = _find(index.norm.text, needle)
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
    return _locate(source, fragment)[0]


# --- validators ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """A validator's verdict; `message` is one sentence the model can act on in a retry."""

    ok: bool
    span: Span | None
    message: str


def _excerpt(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _passage_check(source: str, text: str, what: str, remedy: str) -> Check:
    span, reason = _locate(source, text)
    if span is not None:
        return Check(True, span, "")
    shown = _excerpt(text)
    messages: dict[Reason, str] = {
        "empty": f"The {what} is empty: {remedy[0].lower()}{remedy[1:]}.",
        "not_found": f'{what.capitalize()} not found in the article: "{shown}". {remedy}.',
        "numbers": (
            f'{what.capitalize()} "{shown}" matches the article only with different numbers: '
            "copy every number exactly as the article states it."
        ),
        "negation": (
            f'{what.capitalize()} "{shown}" adds or drops a negation the article does not have '
            "there: copy the words exactly, with every negation as the article writes it."
        ),
        "inserted": (
            f'{what.capitalize()} "{shown}" has words that the matching passage of the article '
            f"does not have, or has its parts out of order: {remedy[0].lower()}{remedy[1:]}."
        ),
        "order": (
            f'The parts of {what} "{shown}" around the ellipsis are not in this order within '
            f"one passage of the article: {remedy[0].lower()}{remedy[1:]}."
        ),
    }
    return Check(False, None, messages.get(reason, messages["not_found"]))


def check_quote(source: str, text: str) -> Check:
    """Require the quote's original-language words to be located in the article (any kind)."""
    return _passage_check(
        source, text, "quote text", "Copy the words exactly as they stand in the article"
    )


def check_evidence(source: str, text: str) -> Check:
    """Require an event's evidence passage to be located in the article (any kind)."""
    return _passage_check(
        source, text, "evidence passage", "Copy one passage exactly as it stands in the article"
    )


def _name_spans(index: _Index, needle: str) -> list[tuple[int, int, float]]:
    """Find a name as whole words after normalization; a proclitic may lead (وللمرصد)."""
    text = index.norm.text
    found = []
    # ل + المرصد is written للمرصد: look for لمرصد after that ل as well.
    forms = [needle, "ل" + needle[2:]] if needle.startswith("ال") and len(needle) > 2 else [needle]
    for form in forms:
        position = text.find(form)
        while position >= 0:
            end = position + len(form)
            word_start = position
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            prefix = text[word_start:position]
            proclitic = prefix in _PROCLITICS if form == needle else prefix in ("ل", "ول", "فل")
            if proclitic and (end >= len(text) or not text[end].isalnum()):
                found.append((position, end, 1.0))
            position = text.find(form, position + 1)
    return sorted(found)


def _approximate_name_spans(index: _Index, needle: str) -> list[tuple[int, int, float]]:
    """Find a name of three or more words in the article with one word misspelt."""
    words = _WORD.findall(needle)
    size = len(words)
    if size < 3:
        return []
    found = []
    firsts = sorted(
        {j - k for k, w in enumerate(words) for j in index.postings.get(w, ()) if j - k >= 0}
    )
    for first in firsts:
        window = index.tokens[first : first + size]
        if len(window) < size:
            continue
        misses = [(w, t) for w, t in zip(words, window, strict=True) if w != t]
        if len(misses) != 1 or not _same_word(*misses[0]):
            continue
        start, end = index.starts[first], index.ends[first + size - 1]
        found.append((start, end, fuzz.ratio(needle, index.norm.text[start:end]) / 100.0))
    return found


def _distance(span: tuple[int, int], near: Span) -> int:
    return max(near.start - span[1], span[0] - near.end, 0)


def check_speaker(source: str, name: str, near: Span | None = None, window: int = 400) -> Check:
    """Require the speaker's (or place's) original-language name to appear in the article.

    The name must stand as whole words (a proclitic such as و or ل may lead). With
    `near`, an occurrence within `window` characters of that span is *required*, not
    merely preferred: a name the article gives only elsewhere does not attribute this
    quote. A name of three or more words with exactly one word misspelt (المصدر for
    المرصد in "المرصد السوري لحقوق الإنسان") passes as `approximate`; its span holds the
    article's spelling for the caller to adopt. Shorter names get no such leeway: in a
    two-word personal name one changed word is usually another person (محمد/محمود).
    """
    if not isinstance(source, str) or not isinstance(name, str) or not name.strip():
        return Check(False, None, "The speaker has no name: give it as the article writes it.")
    shown = _excerpt(name)
    index = _index(source)
    needle = normalize(name.strip()).text.strip(_EDGE_PUNCT)
    candidates: list[Span] = []
    for finder in (_name_spans, _approximate_name_spans):
        for start, end, score in finder(index, needle) if needle else ():
            original = index.norm.to_original(start, end)
            kind = "approximate" if score < 1.0 else "normalized"
            if kind == "normalized" and source[original[0] : original[1]] == name.strip():
                kind = "exact"
            candidates.append(Span(start=original[0], end=original[1], kind=kind, score=score))
        if candidates:
            break
    if not candidates:
        return Check(
            False,
            None,
            f'Speaker name "{shown}" does not appear in the article: '
            "write the name or title exactly as the article gives it.",
        )
    if near is None:
        best = min(candidates, key=lambda s: (_KIND_RANK[s.kind], s.start))
        return Check(True, best, "")
    close = [s for s in candidates if _distance((s.start, s.end), near) <= window]
    if not close:
        return Check(
            False,
            None,
            f'Speaker name "{shown}" appears in the article but not within {window} '
            "characters of the quote: attribute it to whom the article names beside it.",
        )
    best = min(close, key=lambda s: (_KIND_RANK[s.kind], _distance((s.start, s.end), near)))
    return Check(True, best, "")


_VAGUE = tuple(
    normalize(word).text
    for word in ("عشرات", "مئات", "آلاف", "dozens", "hundreds", "thousands", "several", "scores")
)


def check_count(evidence: str, count: int, what: str = "killed") -> Check:
    """Require a casualty count to be stated in the evidence, in digits or number words.

    The span, when found, is in `evidence` coordinates.
    """
    if not isinstance(evidence, str):
        evidence = ""
    norm = normalize(evidence)
    for value, start, end in _numbers(norm.text):
        if value == count:
            first, last = norm.to_original(start, end)
            kind = "exact" if evidence[first:last] == str(count) else "normalized"
            return Check(True, Span(start=first, end=last, kind=kind, score=1.0), "")
    words = set(_WORD.findall(norm.text))
    vague = next((w for w in _VAGUE if w in words), None)
    if vague is not None:
        return Check(
            False,
            None,
            f'The evidence gives no number for {what}, only a vague quantity ("{vague}"): '
            f"set {what} to null rather than {count}.",
        )
    return Check(
        False,
        None,
        f'The evidence "{_excerpt(evidence)}" does not state {count} {what}: '
        f"give {what} only as a number the evidence states, otherwise null.",
    )
