"""Code's own English for an Arabic mention, for when the model's English fails.

Lexicon phrases first (longest, so "المرصد السوري لحقوق الإنسان" is one organisation),
transliteration for the rest; English word order for a noun and its adjectives
("السفير الروسي" → "Russian ambassador") and for a construct chain ("شرطة نينوى" →
"Nineveh police"). What it writes always passes `check_name` against the mention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from summarizer.english.arabic import Word, words_in
from summarizer.english.latin import STOPWORDS, tokenize
from summarizer.english.lexicon import PROPER_KINDS, Hit, lexicon
from summarizer.english.skeleton import arabic_skeleton
from summarizer.english.transliterate import transliterate
from summarizer.schema import Span

__all__ = ["render_name"]

_PRIORITY: dict[str, int] = {"city": 0, "nationality": 1, "country": 2}
_PREPOSITIONS = {"ل": "for", "ب": "in", "ك": "as"}
_JOINS = {"و": "and", "ف": "and"}
_PREPOSITION_WORDS = frozenset({"in", "for", "from", "to", "against", "as"})
_ADJECTIVES: frozenset[str] = frozenset({"adjective", "nationality"})
_PERSONS: frozenset[str] = frozenset({"name", "transliterated"})
_NOUNS: frozenset[str] = frozenset({"title", "source", "body", "noun", "group"})
_PLACES: frozenset[str] = frozenset({"city", "country", "place"})
_IRREGULAR_ENDS = ("s", "x", "z", "ch", "sh", "y", "man", "f", "fe", "o")
_ROYAL = {"emir": "Prince"}
"""A title with the article right before a name is a royal's: الأمير فيصل is Prince
Faisal; أمير منطقة عسير, without it, is the region's emir."""
_POSSESSED: frozenset[str] = frozenset({"source", "body", "noun"})
"""Nouns that a following name possesses (شرطة نينوى: Nineveh police); after any other
word a name is in apposition (السفير ... كينشاك: ambassador Kinshak)."""


@dataclass(slots=True)
class _Unit:
    kind: str
    english: str
    definite: bool = False
    preposition: str = ""
    conjunction: str = ""
    plural: str = ""
    """The English plural, for a sound plural that heads its phrase (الإرهابيين:
    terrorists); as an adjective the English word does not inflect."""


@dataclass(slots=True)
class _Phrase:
    """A noun phrase being built: its head (possibly a construct chain) and adjectives."""

    head: str
    kind: str
    adjectives: list[tuple[str, str]] = field(default_factory=list)

    def english(self) -> str:
        ordered = list(reversed(self.adjectives))
        ordered.sort(key=lambda item: item[1] != "nationality")
        return " ".join([*(text for text, _ in ordered), self.head])


def _plain(text: str) -> str:
    """The word's letters without tashkeel or tatweel, hamza forms and ة kept."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn" and c != "ـ")


def _best(hits: list[Hit], previous: _Unit | None) -> Hit:
    """The longest entry; among equals a hand-written one, then a country, a nationality
    and a city (the most populous) — but a nationality after a noun or its adjective
    (وزارة الداخلية السعودية is the Saudi interior ministry; المعارضة السورية is
    the Syrian opposition, whatever سورية alone would be), or after a place when written
    with the article (إدلب السورية is Syrian Idlib, not "Syria Idlib").
    """
    after_noun = previous is not None and previous.kind in _NOUNS | _ADJECTIVES
    after_place = previous is not None and previous.kind in _PLACES

    def rank(hit: Hit) -> tuple[int, bool, int, int]:
        adjective = after_noun or (after_place and "ال" in hit.prefix)
        priority = {**_PRIORITY, "nationality": 4} if adjective else _PRIORITY
        return (
            hit.last,
            hit.entry.kind != "time" or "ال" in hit.prefix,  # أحد is "one of", الأحد Sunday
            priority.get(hit.entry.kind, 3),
            hit.entry.population,
        )

    return max(hits, key=rank)


def _name(source: str, word: Word) -> _Unit:
    letters = _plain(source[word.start : word.end])
    if letters.startswith("ال") and len(letters) > 3:
        return _Unit("transliterated", "al-" + transliterate(letters[2:]), definite=True)
    return _Unit("transliterated", _unmistakable(transliterate(letters)))


def _unmistakable(latin: str) -> str:
    """A transliteration that is also a stopword or a title (آد "Ad", ور "War") would be
    read as that word: doubling its first vowel keeps it a name (Aad, Waar).
    """
    key = latin.casefold()
    common = lexicon().english((key,))
    if key not in STOPWORDS and not any(e.kind not in PROPER_KINDS for e in common):
        return latin
    vowel = next((i for i, c in enumerate(key) if c in "aiu"), None)
    return latin if vowel is None else latin[: vowel + 1] + key[vowel] + latin[vowel + 1 :]


def _plural(hit: Hit, word: Word) -> str:
    """The English plural when one word in a sound plural (-ين, -ون) matched the entry:
    the plural it lists, else a regular one for a one-word noun ("officials"); "" when
    English would need more than an -s (spokesman).
    """
    english = hit.entry.english
    if hit.first != hit.last or not english or not word.text.endswith(("ين", "ون")):
        return ""
    listed_arabic = {form[0] for form in hit.entry.arabic if len(form) == 1}
    if any(stem.text in listed_arabic for stem in word.stems):
        return ""  # the entry lists the plural itself, with its English (مسلحين gunmen)
    singular, forms = english[0], set(english)
    plurals = (f for f in english if f[:-1] in forms or (f.endswith("es") and f[:-2] in forms))
    if plural := next((f for f in plurals if f.endswith("s")), ""):
        return plural  # "civilians" for مدني's civil|civilian|civilians
    regular = hit.entry.kind in _NOUNS and re.fullmatch(r"[a-z]+", singular)
    return singular + "s" if regular and not singular.endswith(_IRREGULAR_ENDS) else ""


def _units(source: str, words: tuple[Word, ...]) -> list[_Unit]:
    book = lexicon()
    units = []
    index = 0
    while index < len(words):
        hits = list(book.hits(words, index))
        if not hits:
            if not words[index].function and arabic_skeleton(words[index].text):
                units.append(_name(source, words[index]))  # not a lone vowel or hamza
            index += 1
            continue
        previous = units[-1] if units else None
        hit = _best(hits, previous)
        if previous and previous.kind in _PERSONS and hit.entry.kind in _ADJECTIVES:
            units.append(_name(source, words[index]))  # منصور التركي is al-Turki
            index += 1
            continue
        bare = hit.prefix.lstrip("وف")
        units.append(
            _Unit(
                hit.entry.kind,
                hit.entry.english[0] if hit.entry.english else "",
                definite=bare.endswith(("ال", "لل")),
                preposition=_PREPOSITIONS.get(bare[:1], ""),
                conjunction=_JOINS.get(hit.prefix[:1], "") if index else "",
                plural=_plural(hit, words[index]),
            )
        )
        index = hit.last + 1
    return units


def _compose(units: list[_Unit]) -> str:
    pieces: list[str] = []
    phrase: _Phrase | None = None
    prefixes: list[str] = []
    ended = False  # the last word had the article: a construct chain ends there

    def close() -> None:
        nonlocal phrase
        if phrase is not None:
            pieces.append(phrase.english())
            phrase = None

    for unit, following in zip(units, [*units[1:], None], strict=False):
        if unit.definite and following is not None and following.kind in _PERSONS:
            unit.english = _ROYAL.get(unit.english, unit.english)
        if unit.conjunction:
            close()
            pieces.append(unit.conjunction)
        if unit.kind == "function" or (unit.preposition and phrase is not None):
            close()
            pieces.append(unit.english if unit.kind == "function" else unit.preposition)
            if unit.kind == "function":
                continue
        if unit.kind == "prefix":
            prefixes.append(unit.english)
            continue
        if unit.kind in _ADJECTIVES and phrase is not None:
            phrase.adjectives.append((unit.english, unit.kind))
            ended = unit.definite
            continue
        if phrase is not None and phrase.kind in _PERSONS and unit.kind in _NOUNS:
            close()  # a title after the name, in apposition: "…Abdulaziz, Asir region emir"
            pieces[-1] += ","
        proper = unit.kind in _PERSONS | {"country", "city"}
        if pieces and pieces[-1] in _PREPOSITION_WORDS and unit.definite and not proper:
            pieces.append("the")  # في المعارضة: in the opposition
        one_of = bool(pieces) and pieces[-1] in ("a", "an")  # أحد الصحافيين: a journalist
        head = " ".join([*prefixes, unit.english if one_of else unit.plural or unit.english])
        prefixes = []
        if phrase is None:
            phrase = _Phrase(head, unit.kind)
        elif unit.kind in _PERSONS and phrase.kind in _PERSONS:
            phrase.head += " " + head  # the next word of one name
        elif unit.kind in _PERSONS and (
            phrase.kind not in _POSSESSED or (ended and not unit.definite)
        ):
            # A name after its title ("Russian ambassador Kinshak"), or a name without
            # the article after a chain the article closed (… الإيرانية علي أكبر صالحي);
            # a word with it there agrees with the chain (الحرس الثوري).
            close()
            phrase = _Phrase(head, unit.kind)
        else:
            # A construct chain reads backwards in English: شرطة نينوى → Nineveh police.
            phrase = _Phrase(f"{head} {phrase.english()}", unit.kind)
        ended = unit.definite
    close()
    pieces.extend(prefixes)
    return " ".join(piece for piece in pieces if piece)


def _article(text: str) -> str:
    """English's indefinite article (أحد: "a", "an Iranian deputy"), and none before a
    name written with its own ("al-…").
    """
    text = re.sub(r"\ba (?=al-)", "", text)
    return re.sub(r"\ba (?=[AEIOUaeiou])", "an ", text)


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})


def in_sentence(name: str) -> str:
    """A name as a sentence uses it: a title or description (its last word in lower
    case: "Shiite cleric", "Saudi interior ministry") takes "the"; a proper name
    ("Syrian Observatory for Human Rights", "al-Nuaimi") stands as it is.
    """
    words = name.split()
    if not words or words[0].casefold() in _DETERMINERS:
        return name
    last = re.sub(r"^(?:al|el|ad|an|ar|as|ash|at|az)-", "", words[-1])
    return f"the {name}" if last[:1].islower() else name


def render_name(source: str, span: Span) -> str:
    """Code's English for the Arabic mention at `span`: lexicon phrases, longest first,
    and transliteration of the rest ("" when the span holds no name).
    """
    if not isinstance(source, str) or not isinstance(span, Span):
        return ""
    rendered = _article(_compose(_units(source, words_in(source, [span]))))
    # Particles alone (في) name nothing.
    return rendered if any(not t.stop for t in tokenize(rendered)) else ""
