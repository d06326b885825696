"""The article's words, each with its original offsets, sentence and possible stems.

Arabic glues conjunctions, prepositions and the article to the next word (وللمرصد is و
+ ل + المرصد), so each word carries every reading of it without them; lexicon and
transliteration compare those stems. Words are found in the normalized text (alef,
ya and ta marbuta folded, tashkeel dropped) and their offsets mapped back through
`normalize`'s offset map, so every span points into the original article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.normalize import normalize
from summarizer.schema import Span

__all__ = ["FUNCTION_WORDS", "Stem", "Word", "fold", "valid_spans", "words_in", "words_of"]

_WORD = re.compile(r"[^\W\d_]+")
# Sentence ends in the original text: normalization turns newlines into spaces.
_SENTENCE_END = re.compile(r"[.!?؟؛;]+(?=\s|$)|\n+")
_ARTICLE = "ال"
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
MIN_STEM = 2


def fold(text: str) -> str:
    """Normalized text, which is how every Arabic form here is compared."""
    return normalize(text).text if isinstance(text, str) else ""


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


FUNCTION_WORDS = _folded(
    "في من إلى عن أن إن بأن أنه إنه لا ما مع ثم أو قد كما هذا هذه ذلك تلك التي الذي "
    "الذين حيث بين حول ضد بعد قبل خلال منذ حتى لدى عند كل غير لم لن هو هي هم نحو أي "
    "وفق وفقا حسب بحسب حسبما عبر أمام دون عدة عدد ذات أكثر أقل"
)
"""Particles and prepositions: never a name, so never evidence for one (لا is no "La").
على is missing on purpose: normalized it is علي, which is also the name Ali."""


@dataclass(frozen=True, slots=True)
class Stem:
    """One reading of a word without its proclitics; `article` if ال was taken off."""

    text: str
    article: bool
    prefix: str


def _readings(word: str) -> tuple[Stem, ...]:
    """The word itself, then every split off of و/ف, ب/ل/ك and ال (لل is ل + ال)."""
    found = [Stem(word, False, "")]
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            for article in ("", _ARTICLE):
                prefix = conjunction + preposition + article
                if preposition == "ل" and article:
                    prefix = conjunction + "لل"
                if not prefix or not word.startswith(prefix):
                    continue
                rest = word[len(prefix) :]
                if len(rest) >= MIN_STEM:
                    found.append(Stem(rest, bool(article), prefix))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the article: normalized text, original [start, end) and sentence."""

    text: str
    start: int
    end: int
    sentence: int
    stems: tuple[Stem, ...]

    @property
    def function(self) -> bool:
        return self.text in FUNCTION_WORDS

    def span(self, last: Word | None = None, score: float = 1.0) -> Span:
        """The original span from this word to `last` (itself by default)."""
        end = (last or self).end
        if score < 1.0:
            return Span(start=self.start, end=end, kind="approximate", score=score)
        return Span(start=self.start, end=end, kind="normalized", score=score)


@lru_cache(maxsize=64)
def words_of(source: str) -> tuple[Word, ...]:
    """Every word of the article, in order; cached because one article serves many checks."""
    if not isinstance(source, str):
        return ()
    norm = normalize(source)
    ends = [m.end() for m in _SENTENCE_END.finditer(source)]
    words = []
    for match in _WORD.finditer(norm.text):
        start, end = norm.to_original(match.start(), match.end())
        text = match.group()
        words.append(Word(text, start, end, bisect_right(ends, start), _readings(text)))
    return tuple(words)


@lru_cache(maxsize=64)
def _ends(source: str) -> list[int]:
    return [word.end for word in words_of(source)]


def words_in(source: str, spans: Iterable[Span]) -> tuple[Word, ...]:
    """The words of the article that overlap any of the spans, in article order."""
    if not isinstance(source, str):
        return ()
    words, ends = words_of(source), _ends(source)
    chosen: set[int] = set()
    for span in spans:
        index = bisect_right(ends, span.start)
        while index < len(words) and words[index].start < span.end:
            chosen.add(index)
            index += 1
    return tuple(words[index] for index in sorted(chosen))


def valid_spans(source: object, spans: object) -> tuple[Span, ...]:
    """The spans that lie inside the source; anything else is ignored, never raised on."""
    if not isinstance(source, str) or not isinstance(spans, Sequence | set | frozenset):
        return ()
    return tuple(
        span
        for span in spans
        if isinstance(span, Span) and 0 <= span.start < span.end <= len(source)
    )
