"""Every place an article mentions the same speaker, so that names are checked there.

The full name often stands earlier than the quote ("وزير الخارجية السعودي عادل الجبير"
where the quote says الجبير): a name is checked against all the mentions, not only the
local attribution. A mention's distinctive words are its name words; every occurrence
of them counts. A mention that names no one (المرصد, السفير الروسي, مصدر أمني) is
followed by its head word, but only along its own chain: an indefinite head (مصدر
أمني) introduces a new source, a definite one (المصدر, السفير الروسي) refers back to
the latest earlier mention whose words it repeats, as a reader takes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.english.arabic import Word, fold, valid_spans, words_in, words_of
from summarizer.english.lexicon import NOUN_KINDS, Entry, lexicon
from summarizer.schema import Span

__all__ = ["CONTEXT_WORDS", "speaker_contexts"]

CONTEXT_WORDS = 6
"""Words on each side of a mention that still describe the speaker: "قال السفير الروسي
لدي سوريا ألكسندر كينشاك" puts the name five words after the title."""
_MODIFIERS = 2
_SIGNATURE = 4
_NAME_KINDS = frozenset({"group", "name"})
_COMPLEMENTIZERS = frozenset(
    fold(word) for word in ("إن", "أن", "بأن", "إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها")
)
_OPENING_MARKS = frozenset(':«"“¢')


@lru_cache(maxsize=64)
def _coverage(source: str) -> tuple[tuple[Entry, ...], ...]:
    """For each word of the article, the lexicon entries whose Arabic covers it."""
    words = words_of(source)
    covered: list[list[Entry]] = [[] for _ in words]
    book = lexicon()
    for index in range(len(words)):
        for hit in book.hits(words, index):
            for position in range(hit.first, hit.last + 1):
                covered[position].append(hit.entry)
    return tuple(map(tuple, covered))


def _name_like(word: Word, entries: Sequence[Entry]) -> bool:
    """A word that may be part of a name: no particle, no title or other common word."""
    return not word.function and all(entry.kind in _NAME_KINDS for entry in entries)


def _opens_content(source: str, before: Word, after: Word) -> bool:
    """Whether what is said starts between two adjacent words: a complementizer (قال
    المصدر إن …), a quotation mark or a colon. What is said does not describe who says
    it ("قالت مصادر محلية إن داعش …" does not make them ISIS sources).
    """
    gap = source[before.end : after.start]
    return after.text in _COMPLEMENTIZERS or any(mark in gap for mark in _OPENING_MARKS)


def _window(source: str, first: int, last: int) -> Span:
    """The words from `first` to `last` and `CONTEXT_WORDS` either side, in the sentence
    and short of what is said; a name cut by the edge is read to its end (الأمير فيصل بن
    خالد بن عبد العزيز).
    """
    article, coverage = words_of(source), _coverage(source)

    def reach(start: int, step: int) -> int:
        position, sentence = start, article[start].sentence
        inside = 0
        while 0 <= position + step < len(article):
            following = position + step
            if article[following].sentence != sentence or _opens_content(
                source, article[min(position, following)], article[max(position, following)]
            ):
                break
            if inside >= CONTEXT_WORDS and not (
                inside < 2 * CONTEXT_WORDS
                and _name_like(article[following], coverage[following])
                and _name_like(article[position], coverage[position])
            ):
                break
            position, inside = following, inside + 1
        return position

    lo, hi = reach(first, -1), reach(last, 1)
    return Span(start=article[lo].start, end=article[hi].end, kind="exact", score=1.0)


def _stems(word: Word) -> frozenset[str]:
    return frozenset(stem.text for stem in word.stems)


def _name_forms(word: Word) -> frozenset[str]:
    """A name word's own readings: itself, and without its article (not without ب/ل,
    which may be its first letter: بحاح).
    """
    return frozenset(stem.text for stem in word.stems if stem.prefix in ("", "ال"))


@dataclass(frozen=True, slots=True)
class _Words:
    """Words as a chain compares them: readings, and lexicon entries (so that المعارض
    and المعارضة are one word).
    """

    stems: frozenset[str]
    entries: frozenset[int]
    nationality: bool = False

    def meets(self, other: _Words) -> bool:
        return bool(self.stems & other.stems or self.entries & other.entries)


def _words(source: str, positions: Sequence[int]) -> _Words:
    article, coverage = words_of(source), _coverage(source)
    return _Words(
        frozenset().union(*(_stems(article[p]) for p in positions)),
        frozenset(id(entry) for p in positions for entry in coverage[p]),
        any(entry.kind == "nationality" for p in positions for entry in coverage[p]),
    )


@dataclass(slots=True)
class _Chain:
    signature: _Words
    positions: list[int] = field(default_factory=list)


def _head_chain(source: str, head: Entry, mention_head: int) -> list[int]:
    """The occurrences of a title-only mention's head word that refer to one speaker.

    An occurrence joins the latest chain that has all its modifiers (مصادر محلية after
    مصادر محلية يمنية), or for a definite head any of them (المصدر المعارض after مصدر
    عسكري سوري معارض), else the latest chain unless a nationality tells them apart
    (السفير الأمريكي is not السفير الروسي); otherwise it opens a chain.
    """
    article, coverage = words_of(source), _coverage(source)
    book = lexicon()
    chains: list[_Chain] = []
    for position, word in enumerate(article):
        readings = [
            stem.article
            for stem in word.stems
            if any(form.entry is head for form in book.by_arabic.get(stem.text, ()))
        ]
        if not readings:
            continue
        sentence = word.sentence
        nearby = [
            i
            for i in range(position + 1, min(position + 1 + _SIGNATURE, len(article)))
            if article[i].sentence == sentence and not article[i].function
        ]
        modifiers = []
        for i in range(position + 1, min(position + 1 + _MODIFIERS, len(article))):
            if article[i].function or not coverage[i] or article[i].sentence != sentence:
                break
            modifiers.append(_words(source, [i]))
        construct = bool(modifiers) and any(s.article for s in article[position + 1].stems)
        definite = any(readings) or construct
        chain = None
        if modifiers:
            agree = any if definite else all
            chain = next(
                (c for c in reversed(chains) if agree(m.meets(c.signature) for m in modifiers)),
                None,
            )
        if chain is None and definite and chains and not any(m.nationality for m in modifiers):
            chain = chains[-1]  # المتحدث الأمني after المتحدث باسم وزارة الداخلية
        if chain is None:
            chain = _Chain(_words(source, nearby))
            chains.append(chain)
        chain.positions.append(position)
        if position == mention_head:
            return chain.positions  # what comes before: a definite head refers back
    return [mention_head]


def _occurrences(source: str, first: int, last: int) -> list[int]:
    """Where the article repeats the distinctive words of the mention `article[first:last+1]`."""
    article, coverage = words_of(source), _coverage(source)
    positions = range(first, last + 1)
    names = [p for p in positions if _name_like(article[p], coverage[p])]
    heads = [(p, entry) for p in positions for entry in coverage[p] if entry.kind in NOUN_KINDS]
    if not names and heads:
        position, head = heads[0]
        return _head_chain(source, head, position)
    if not names:  # only adjectives or places, or a name that is also one (التركي)
        names = [p for p in positions if not article[p].function]
    forms = frozenset().union(*(_name_forms(article[p]) for p in names))
    return [i for i, word in enumerate(article) if _stems(word) & forms]


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(
                start=last.start, end=max(last.end, span.end), kind="exact", score=1.0
            )
        else:
            merged.append(span)
    return merged


def speaker_contexts(source: str, mention_span: Span) -> list[Span]:
    """Every place in the article that mentions the same speaker as `mention_span`.

    Each occurrence of the mention's distinctive words (its name words; for a
    title-only mention such as المرصد or السفير الروسي its head word, along its chain)
    with `CONTEXT_WORDS` words either side, within its sentence; the mention itself
    always counts. Overlapping places are merged; spans are in original offsets.
    """
    spans = valid_spans(source, [mention_span])
    if not spans:
        return []
    mention = words_in(source, spans)
    if not mention:
        return list(spans)
    index = {(word.start, word.end): i for i, word in enumerate(words_of(source))}
    first, last = (
        index[(mention[0].start, mention[0].end)],
        index[(mention[-1].start, mention[-1].end)],
    )
    windows = [_window(source, first, last)]
    windows += [_window(source, i, i) for i in _occurrences(source, first, last)]
    return _merge(windows)
