"""What every argument finder shares: the candidate type, the word tables folded for
lookup, the word tests built on them, and a passage read as tokens.

Tables hold `key()` forms, so a lookup tolerates the spellings of `arabic`; the tests
strip the proclitics a word may carry before looking it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer import lexicon
from summarizer.arabic import START, STOP, TOKEN, alternation, key, words
from summarizer.grounding import stated_numbers

PlaceCue = Literal["generic", "landmark", "quoted", "country", "direction", "preposition"]
ActorCue = Literal["group", "head", "official", "country"]
Cue = PlaceCue | ActorCue | Literal["time"]

MAX_NAME_WORDS = 3
"""A place name runs at most this many words (خان بني سعد); a joined name adds its own."""


@dataclass(frozen=True)
class Argument:
    """A place, actor or time as the article writes it; `text == source[start:end]`."""

    start: int
    end: int
    text: str
    cue: Cue


def keys(*texts: str) -> frozenset[str]:
    """Every word of `texts`, folded: a table to look words up in."""
    return frozenset(key(word) for text in texts for word in words(text))


GENERIC = keys(lexicon.GENERIC_PLACES)
LANDMARKS = keys(lexicon.LANDMARKS)
_PARTICLES = keys(
    lexicon.NAME_BREAKS,
    lexicon.NEGATIONS,
    lexicon.TIME_WORDS,
    lexicon.ADJUNCTS,
    *(forms for forms, _ in lexicon.SPEECH_VERBS),
)
"""Words that are never part of a name, matched as written (العند is a name, عند is not);
speech verbs among them, since a subject stands before its verb (نينوى قالت مصادر)."""
COMMON = keys(
    lexicon.NOT_PLACES,
    lexicon.MONTHS,
    lexicon.MEDIA,
    lexicon.ADDRESSEES,
    lexicon.UNNAMED_SOURCES,
    lexicon.MASDARS,
    lexicon.DIRECTIONS,
    lexicon.DATED_BACKGROUND,
    *lexicon.EVENT_CUES.values(),
)
"""Common nouns that name no place or party, with or without the article (القصف)."""
_NOUNS = COMMON | keys(lexicon.ARMED_GROUPS, lexicon.ACTOR_HEADS, lexicon.OFFICIAL_TITLES)
"""What names no place: common nouns and parties (في المعارضة، في شرطة نينوى)."""
_CLITICS = ("وب", "ول", "فب", "و", "ف", "ب", "ل")
_DUAL = ("تي", "تين", "تان", "ات")
"""Endings that replace ة in a dual or plural generic word: منطقتي، محافظات."""
_DUAL_ADDED = ("ي", "ين", "ان")
"""Dual endings added to a generic word without ة: قضاءي الفلوجة والكرمة."""
_PRONOUNS = ("ه", "ها", "هم", "هما")
"""Object pronouns a particle may carry: لديها، عنه."""
_NOUN_ENDINGS = ("ين", "ان", "ات", "ها", "هم", "هما", "ته")
"""Dual and plural endings and possessive pronouns of a common noun: تفجيرين،
مسؤوليتها; a lone ه is left alone, for key() writes ة as ه (الحديثة is not حديث + ه)."""
_OPENERS, _CLOSERS = lexicon.NAME_MARKS


def phrases(text: str) -> re.Pattern[str]:
    """Whole phrases of `text` after an optional و/ف and ب/ل; group 1 is the phrase, or
    group 2 the phrase after لل, which swallows its article (للتنظيم → تنظيم).
    """
    found = words(text)
    bare = [p[2:] for p in found if p.startswith("ال")]
    return re.compile(
        rf"{START}(?:[وف]?[بل]?({alternation(found)})|[وف]?لل({alternation(bare)})){STOP}"
    )


def match_span(match: re.Match[str]) -> tuple[int, int]:
    """The phrase a `phrases` pattern matched, without its proclitics."""
    return match.span(1) if match.group(1) is not None else match.span(2)


COUNTRY = phrases(lexicon.COUNTRIES)


def _forms(word: str, article: bool = False) -> list[str]:
    """The word folded, without each proclitic it may carry, and (if `article`) without ال."""
    folded = key(word)
    forms = [folded] + [folded[len(c) :] for c in _CLITICS if folded.startswith(c)]
    if article:
        forms += ["ال" + f[2:] for f in forms if f.startswith("لل")]
        forms += [f[2:] for f in forms if f.startswith("ال")]
    return forms


def _stem_in(stem: str, table: frozenset[str]) -> bool:
    """A stem left by a suffix, whose ة was written ت before it (مسؤوليتها, or cut from
    ته); at least three letters, so أبها is never أب + ها.
    """
    return len(stem) >= 3 and (
        stem in table or stem + "ه" in table or (stem.endswith("ت") and stem[:-1] + "ه" in table)
    )


def among(
    word: str,
    table: frozenset[str],
    *,
    article: bool = False,
    plural: bool = False,
    suffix: tuple[str, ...] = (),
) -> bool:
    """`word`, less a proclitic (the article, a dual or plural ending if asked, one of the
    `suffix` endings), is in `table`.
    """
    for form in _forms(word, article):
        if form in table or any(
            form.endswith(end) and _stem_in(form[: -len(end)], table) for end in suffix
        ):
            return True
        if plural and (
            any(form.endswith(e) and form[: -len(e)] + "ه" in table for e in _DUAL)
            or any(form.endswith(e) and form[: -len(e)] in table for e in _DUAL_ADDED)
        ):
            return True
    return False


def opens_phrase(word: str) -> bool:
    """ب or ل with the article, or before a generic or landmark word, opens a new
    phrase: بالبيضاء، للبحث، بمحافظة.
    """
    folded = key(word)
    return folded.startswith(("بال", "لل", "وبال", "وال", "فال", "وب", "ول", "كال")) or (
        folded[:1] in "بل" and (among(word, GENERIC, plural=True) or among(word, LANDMARKS))
    )


def stop(word: str, nouns: frozenset[str] = _NOUNS) -> bool:
    """No name starts or goes on with this word (a place's `nouns` by default)."""
    return (
        not word
        or word[:1].isdigit()
        or bool(stated_numbers(word))
        or among(word, _PARTICLES, suffix=_PRONOUNS)
        or among(word, nouns, article=True, suffix=_NOUN_ENDINGS)
    )


def proclitic(word: str, table: frozenset[str]) -> int:
    """How many leading letters of `word` are a proclitic before a word of `table`."""
    folded = key(word)
    if folded in table:
        return 0
    if folded.startswith("لل") and "ال" + folded[2:] in table:
        return 2  # للقوات: the article's alef is gone, so the span starts after لل
    return next((len(c) for c in _CLITICS if folded.startswith(c) and folded[len(c) :] in table), 0)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


class Passage:
    """The tokens of one passage, and the names that start among them."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.tokens = [
            _Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(source, start, end)
        ]
        self.starts = {token.start: i for i, token in enumerate(self.tokens)}

    def word(self, i: int) -> str:
        """The word at token `i`, or "" for punctuation and past either end."""
        if not 0 <= i < len(self.tokens):
            return ""
        text = self.tokens[i].text
        return text if text[:1].isalnum() else ""

    def span(self, first: int, last: int, cue: Cue, skip: int = 0) -> Argument:
        a, b = self.tokens[first].start + skip, self.tokens[last].end
        return Argument(a, b, self.source[a:b], cue)

    def quoted(self, i: int) -> tuple[int, int] | None:
        """A name in quotation marks («تدمر», "عكد"): the token range inside them."""
        if not 0 <= i < len(self.tokens) or self.tokens[i].text not in _OPENERS:
            return None
        for j in range(i + 1, min(i + MAX_NAME_WORDS + 2, len(self.tokens))):
            if self.tokens[j].text in _CLOSERS:
                return (i + 1, j - 1) if j > i + 1 and self.word(i + 1) else None
            if not self.word(j):
                return None
        return None


def distinct(found: list[Argument]) -> list[Argument]:
    """In text order, each name once (where it is first written), none inside another."""
    seen: set[str] = set()
    out: list[Argument] = []
    for arg in sorted(found, key=lambda a: (a.start, -a.end)):
        folded = key(arg.text)
        if folded not in seen and not any(o.start <= arg.start and arg.end <= o.end for o in out):
            seen.add(folded)
            out.append(arg)
    return out
