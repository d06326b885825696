"""What each English word rests on among given Arabic words: the core of both checks.

A word of the lexicon's English side is supported only by its Arabic side standing
among the words (a title gets no free pass: "Foreign" needs الخارجية); any other word,
and a proper name the lexicon spells otherwise, by transliteration against one Arabic
word or two joined (Abdulrahman عبد الرحمن). Numbers must be stated; an acronym
stands for the initials of words that are themselves supported (SDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from summarizer.english.arabic import Word
from summarizer.english.latin import Token
from summarizer.english.lexicon import PROPER_KINDS, Entry, Hit, lexicon
from summarizer.english.skeleton import (
    Match,
    Skeleton,
    arabic_skeleton,
    compare,
    english_skeleton,
)
from summarizer.grounding import stated_numbers
from summarizer.schema import Span

__all__ = ["Support", "Verdict", "overall", "stated", "support_tokens"]

Verdict = Literal["agree", "close", "unsupported"]
Via = Literal["lexicon", "transliteration", "verbatim", "acronym", "number"]
_RANK = {"agree": 2, "close": 1, "none": 0}
_NISBA_PLURALS = ("يين", "يون", "يه")  # الإيزيديين → Yazidi(s)
_MIN_BARE = 3


@dataclass(frozen=True, slots=True)
class Support:
    """One English word or phrase and the Arabic it renders (None: nothing does)."""

    english: str
    span: Span | None
    via: Via | None
    verdict: Verdict
    score: float


@dataclass(frozen=True, slots=True)
class _Unit:
    skeleton: Skeleton
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class _Arabic:
    """The Arabic side, prepared once per set of words."""

    words: tuple[Word, ...]
    hits: dict[int, Hit]  # id(entry) → first hit
    units: dict[Skeleton, _Unit]  # each skeleton once, at its first place
    numbers: tuple[tuple[int, Span], ...]
    found: dict[Skeleton, tuple[Match, _Unit] | None] = field(default_factory=dict)


def _units(words: Sequence[Word]) -> dict[Skeleton, _Unit]:
    """Skeletons of each word's readings, of a word plus the next word's article (Abdel
    for عبد ال…), and of two words joined (Abdulrahman, Abdrabbuh).
    """
    units = []
    for index, word in enumerate(words):
        if word.function:
            continue
        for stem in word.stems:
            units.append(_Unit(arabic_skeleton(stem.text), index, index))
            for ending in _NISBA_PLURALS:
                bare = stem.text.removesuffix(ending)
                if bare != stem.text and len(bare) >= _MIN_BARE:
                    units.append(_Unit(arabic_skeleton(bare), index, index))
        if index + 1 < len(words) and not words[index + 1].function:
            head = arabic_skeleton(word.stems[0].text)
            readings = words[index + 1].stems
            joined = next((stem for stem in readings if stem.article), readings[0])
            tail = arabic_skeleton(joined.text)
            if joined.article:
                units.append(_Unit((*head, "l"), index, index))
                units.append(_Unit((*head, "l", *tail), index, index + 1))
            units.append(_Unit((*head, *tail), index, index + 1))
    return {unit.skeleton: unit for unit in reversed(units) if unit.skeleton}


def _dual(word: Word) -> bool:
    """Whether a word reads as a dual, which states 2 (الطرفين, شهرين, نقطتين, خبيران).

    The sound plural has the same ending, so only shapes a plural rarely takes count:
    a feminine dual (-تين/-تان), or -ين on a stem of three letters, or of four that
    is not a participle (مسلحين, مقاتلين are plurals); never a nisba plural (-يين);
    -ان only on a nisba or a noun the lexicon knows, since many names end so.
    """
    for stem in word.stems:
        text = stem.text
        if text.endswith("يين"):
            continue
        if text.endswith(("تين", "تان")) and len(text) >= _MIN_BARE + 3:
            return True
        bare = text.removesuffix("ين")
        if bare != text and (len(bare) == _MIN_BARE or (len(bare) == 4 and bare[0] != "م")):
            return True
        bare = text.removesuffix("ان")  # names end so too (لبنان): only a known noun's dual
        forms = lexicon().by_arabic.get(bare, [])
        nisba = bare.endswith("ي") and len(bare) > _MIN_BARE  # يمنيان, not بيان
        known = nisba or any(f.entry.kind not in PROPER_KINDS for f in forms)
        if bare != text and len(bare) >= _MIN_BARE and known and not text.startswith("ال"):
            return True
    return False


def _stated(
    source: str, spans: tuple[Span, ...], words: tuple[Word, ...]
) -> list[tuple[int, Span]]:
    """The numbers the spans state, each with where: digits and number words (grounding's
    reader), and 2 for a dual that is not already a number word (عشرين is 20).
    """
    found = []
    for span in spans:
        for value, start, end in stated_numbers(source[span.start : span.end]):
            where = Span(
                start=span.start + start, end=span.start + end, kind="normalized", score=1.0
            )
            found.append((value, where))
    taken = [(where.start, where.end) for _, where in found]
    for word in words:
        if _dual(word) and not any(s < word.end and word.start < e for s, e in taken):
            found.append((2, word.span()))
    return found


@lru_cache(maxsize=256)
def _arabic(source: str, words: tuple[Word, ...], spans: tuple[Span, ...]) -> _Arabic:
    hits: dict[int, Hit] = {}
    book = lexicon()
    for index in range(len(words)):
        for hit in book.hits(words, index):
            hits.setdefault(id(hit.entry), hit)
    return _Arabic(words, hits, _units(words), tuple(_stated(source, spans, words)))


def _lexicon_support(arabic: _Arabic, entries: list[Entry]) -> Hit | None:
    found = [arabic.hits[id(e)] for e in entries if id(e) in arabic.hits]
    return min(found, key=lambda hit: hit.first) if found else None


def _transliteration(arabic: _Arabic, text: str) -> tuple[Match, _Unit] | None:
    """The Arabic word (or two) the English word renders best, if any does."""
    skeleton = english_skeleton(text)
    if skeleton in arabic.found:
        return arabic.found[skeleton]
    best: tuple[Match, _Unit] | None = None
    for unit in arabic.units.values():
        match = compare(unit.skeleton, skeleton)
        if match.verdict == "none":
            continue
        rank = (_RANK[match.verdict], match.score, -unit.first)
        if best is None or rank > (_RANK[best[0].verdict], best[0].score, -best[1].first):
            best = (match, unit)
    arabic.found[skeleton] = best
    return best


def _span(arabic: _Arabic, first: int, last: int, score: float = 1.0) -> Span:
    return arabic.words[first].span(arabic.words[last], score)


class _Reader:
    """Walks the English tokens left to right, longest lexicon phrase first."""

    def __init__(self, english: str, tokens: Sequence[Token], arabic: _Arabic) -> None:
        self.english = english
        self.tokens = tokens
        self.arabic = arabic
        # Numbers the English states, digits or words (two European experts), by start.
        self.numbers = {start: value for value, start, _ in stated_numbers(english)}
        self.book = lexicon()
        self.out: list[Support] = []

    def phrase(self, index: int, size: int) -> str:
        """The English as written from token `index` through `size` tokens."""
        first, last = self.tokens[index], self.tokens[index + size - 1]
        return self.english[first.start : last.end]

    def number(self, token: Token) -> Support:
        value = self.numbers[token.start]
        for number, where in self.arabic.numbers:
            if number == value:
                return Support(token.text, where, "number", "agree", 1.0)
        return Support(token.text, None, None, "unsupported", 0.0)

    def lexicon_phrase(self, index: int) -> tuple[int, list[Entry], Hit | None]:
        """The longest English phrase at `index` the lexicon knows, preferring one whose
        Arabic side stands among the words; (0, [], None) when it knows none.
        """
        longest: tuple[int, list[Entry]] = (0, [])
        top = min(self.book.longest_english, len(self.tokens) - index)
        for size in range(top, 0, -1):
            entries = self.book.english(tuple(t.key for t in self.tokens[index : index + size]))
            if not entries:
                continue
            hit = _lexicon_support(self.arabic, entries)
            if hit is not None:
                return size, entries, hit
            if not longest[0]:
                longest = (size, entries)
        return longest[0], longest[1], None

    def verbatim(self, token: Token) -> Support | None:
        """A Latin word the Arabic itself contains (BMP, AFP in an Arabic passage)."""
        key = token.key.casefold()
        for word in self.arabic.words:
            if word.text == key:
                return Support(token.text, word.span(), "verbatim", "agree", 1.0)
        return None

    def transliterated(self, index: int) -> tuple[int, Support] | None:
        """The word, or the word joined to the next (Abdel Rahman → عبدالرحمن); a plural
        also as its singular (Yazidis).
        """
        joins = [1, 2] if index + 1 < len(self.tokens) else [1]
        for size in joins:
            text = "".join(t.text for t in self.tokens[index : index + size])
            found = _transliteration(self.arabic, text)
            if found is None and size == 1 and len(text) > _MIN_BARE and text.endswith("s"):
                found = _transliteration(self.arabic, text[:-1])
            if found is not None:
                match, unit = found
                span = _span(self.arabic, unit.first, unit.last, match.score)
                english = self.phrase(index, size)
                verdict: Verdict = "agree" if match.verdict == "agree" else "close"
                return size, Support(english, span, "transliteration", verdict, match.score)
        return None

    def read(self) -> list[Support]:
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.start in self.numbers:
                self.out.append(self.number(token))
                index += 1
                continue
            verbatim = self.verbatim(token)
            if verbatim is not None:
                self.out.append(verbatim)
                index += 1
                continue
            size, entries, hit = self.lexicon_phrase(index)
            if hit is not None:
                span = _span(self.arabic, hit.first, hit.last)
                english = self.phrase(index, size)
                self.out.append(Support(english, span, "lexicon", "agree", 1.0))
                index += size
                continue
            alone = self.book.english((token.key,)) if size != 1 else entries
            if alone and not any(entry.kind in PROPER_KINDS for entry in alone):
                self.out.append(Support(token.text, None, None, "unsupported", 0.0))
                index += 1
                continue
            found = self.transliterated(index)
            if found is None:
                self.out.append(Support(token.text, None, None, "unsupported", 0.0))
                index += 1
            else:
                index += found[0]
                self.out.append(found[1])
        return self.acronyms()

    def acronyms(self) -> list[Support]:
        """An unsupported acronym stands if it spells the initials of supported words."""
        out = list(self.out)
        for position, support in enumerate(out):
            if support.verdict != "unsupported" or not support.english.isupper():
                continue
            letters = support.english
            for start in range(len(out)):
                run = out[start : start + len(letters)]
                words = [w for s in run for w in s.english.split()][: len(letters)]
                initials = "".join(w[:1].upper() for w in words)
                spans = [s.span for s in run if s.span is not None and s.verdict != "unsupported"]
                if start != position and initials == letters and spans:
                    span = Span(
                        start=spans[0].start, end=spans[-1].end, kind="normalized", score=1.0
                    )
                    out[position] = Support(letters, span, "acronym", "agree", 1.0)
                    break
        return out


def support_tokens(
    english: str,
    tokens: Sequence[Token],
    source: str,
    words: tuple[Word, ...],
    spans: tuple[Span, ...],
) -> list[Support]:
    """What each token of `english` (stopwords already left out) rests on among `words`."""
    if not tokens:
        return []
    return _Reader(english, tokens, _arabic(source, words, spans)).read()


def overall(supports: Sequence[Support]) -> tuple[Verdict, float]:
    """The weakest word decides: one unsupported word makes the whole unsupported."""
    if not supports:
        return "unsupported", 0.0
    score = min(support.score for support in supports)
    if any(support.verdict == "unsupported" for support in supports):
        return "unsupported", score
    if any(support.verdict == "close" for support in supports):
        return "close", score
    return "agree", score


def stated(
    source: str, words: tuple[Word, ...], spans: tuple[Span, ...]
) -> tuple[tuple[int, Span], ...]:
    """The numbers `spans` state (2 for a dual too), each with where it stands."""
    return _arabic(source, words, spans).numbers
