"""Split an article into numbered segments: sentences, and clauses of over-long sentences.

Small models cannot be trusted to copy text, but they can point at it: the `cite`
strategy shows these segments and code slices the exact text. Every offset points into
the original article and the result is deterministic.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import itemgetter

from summarizer.lexicon import QUOTE_PAIRS

_OPENER = re.compile("|".join(map(re.escape, QUOTE_PAIRS)))
_SENTENCE_END = re.compile(r"[.!?؟؛;]+(?=\s|$)|\n+")
_CLAUSE_BREAK = re.compile(r"[،,](?=\s)")
MAX_SEGMENT_CHARS = 320

Range = tuple[int, int]


@dataclass(frozen=True)
class Segment:
    """A sentence or clause of the article; `text == source[start:end]`."""

    number: int
    start: int
    end: int
    text: str


def quoted_ranges(text: str) -> list[Range]:
    """Ranges (opening mark, closing mark inclusive) of balanced quotations, in order.

    Where each closing mark next occurs is remembered, so an opening mark that is never
    closed costs no second search to the end of the text.
    """
    ranges: list[Range] = []
    following: dict[str, int] = {}  # closing mark -> its next position (-1: none left)
    pos = 0
    while opener := _OPENER.search(text, pos):
        i = opener.start()
        closer = QUOTE_PAIRS[opener.group()]
        j = following.get(closer)
        if j is None or -1 < j <= i:
            j = following[closer] = text.find(closer, i + 1)
        if j == -1:
            pos = i + 1
            continue
        ranges.append((i, j + 1))
        pos = j + 1
    return ranges


def enclosing(ranges: list[Range], pos: int) -> Range | None:
    """The quotation that `pos` stands inside (between its marks), if any; `ranges` are
    in order and disjoint, as `quoted_ranges` makes them.
    """
    k = bisect_left(ranges, pos, key=itemgetter(0)) - 1
    return ranges[k] if k >= 0 and pos < ranges[k][1] - 1 else None


def strip(source: str, start: int, end: int) -> Range:
    """`source[start:end]` without the spaces at either end."""
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def _split(
    source: str, start: int, end: int, pattern: re.Pattern[str], quoted: list[Range]
) -> list[Range]:
    pieces, cursor = [], start
    for match in pattern.finditer(source, start, end):
        if enclosing(quoted, match.start()) is not None:
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    pieces.append((cursor, end))
    return [p for p in (strip(source, a, b) for a, b in pieces) if p[1] > p[0]]


def sentences(source: str, quoted: list[Range]) -> list[Range]:
    """Sentence ranges; a sentence end inside a quotation does not end the sentence."""
    return _split(source, 0, len(source), _SENTENCE_END, quoted)


def segment(source: str) -> list[Segment]:
    """Sentences, and clauses of over-long sentences; never splits inside a quotation."""
    quoted = quoted_ranges(source)
    spans: list[Range] = []
    for a, b in sentences(source, quoted):
        if b - a > MAX_SEGMENT_CHARS:
            spans.extend(_split(source, a, b, _CLAUSE_BREAK, quoted))
        else:
            spans.append((a, b))
    return [Segment(n, a, b, source[a:b]) for n, (a, b) in enumerate(spans, start=1)]


def enclosing_sentence(source: str, start: int, end: int) -> Range:
    """The sentence that holds `source[start:end]` (a clause segment's whole sentence),
    where an event's place or time may stand outside the clause that reports it.
    """
    for a, b in sentences(source, quoted_ranges(source)):
        if a <= start and end <= b:
            return a, b
    return start, end
