"""The checks: whether an English name, title or sentence is supported by its Arabic.

- `check_name` checks an English name or role against the places that mention it
  (`speaker_contexts`): every word must rest on some Arabic there.
- `check_text` checks a free English sentence (a quote's translation, an event's
  description, a summary sentence) against the passages it renders: its numbers must
  be stated there and its proper names supported there; ordinary words are free.

Each returns which English rests on which Arabic (original-source spans) and one
sentence per unsupported word that a model can act on. All are pure and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import get_args

from summarizer.english.arabic import Word, valid_spans, words_in
from summarizer.english.latin import Token, tokenize
from summarizer.english.lexicon import ENTITY_KINDS, Kind, lexicon
from summarizer.english.support import Support, Verdict, overall, stated, support_tokens
from summarizer.grounding import stated_numbers
from summarizer.schema import EventType, Span

__all__ = [
    "NameCheck",
    "TextCheck",
    "check_name",
    "check_text",
    "compass",
    "omitted",
    "untranslated",
]

_SHOWN = 240
_PRONOUNS = frozenset(("i", "he", "his", "him", "himself", "she", "her", "it", "its", "we"))
"""Capitalized mid-sentence for reverence (His mercy) or as I: never a name."""


@dataclass(frozen=True, slots=True)
class TextCheck:
    """Whether the numbers and proper names of an English text are in its Arabic: the
    verdict, what each checked word rests on, and one finding per unsupported word.
    """

    verdict: Verdict
    support: tuple[Support, ...]
    findings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.verdict != "unsupported"

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(s.english for s in self.support if s.verdict == "unsupported")


@dataclass(frozen=True, slots=True)
class NameCheck(TextCheck):
    """Whether an English name agrees with the article's words for it, word by word;
    `score` is its weakest word's (1.0 for lexicon words and exact transliterations).
    """

    score: float = 0.0


def _shown(source: str, spans: Sequence[Span]) -> str:
    """The Arabic a finding quotes: the spans' text, joined and cut to a readable size."""
    parts = [" ".join(source[s.start : s.end].split()) for s in spans]
    text = " … ".join(part for part in parts if part)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


# --- names ----------------------------------------------------------------------------------


def _name_finding(word: str, shown: str) -> str:
    if not shown:
        return f"'{word}' is not supported: the article gives no words here to rest it on."
    return (
        f"'{word}' is not supported: the article's words here are «{shown}»; "
        "write the name or title from those words only."
    )


def check_name(english: str, source: str, contexts: Sequence[Span]) -> NameCheck:
    """Check an English name or role (speaker, actor, place, reporter) against the
    article's words in `contexts` (from `speaker_contexts`, or a place's own span).

    Every word but the stopwords (of, the, al-, 's …) must be supported: a lexicon word
    only by its Arabic side standing in a context, any other word by transliteration
    of an Arabic word there.
    """
    source = source if isinstance(source, str) else ""
    spans = valid_spans(source, contexts)
    tokens = [t for t in tokenize(english) if not t.stop]
    if not tokens:
        finding = "The name is empty: give it in English as the article names it."
        return NameCheck("unsupported", (), (finding,))
    words = words_in(source, spans)
    supports = support_tokens(english, tokens, source, words, spans)
    verdict, score = overall(supports)
    shown = _shown(source, spans)
    findings = tuple(
        _name_finding(s.english, shown) for s in supports if s.verdict == "unsupported"
    )
    return NameCheck(verdict, tuple(supports), findings, score)


# --- free text ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Wordfreq's common English words, and the event types' own words (Airstrike, Shelling
    open the descriptions code writes).
    """
    text = (resources.files("summarizer.english") / "data" / "common_en.txt").read_text(
        encoding="utf-8"
    )
    types = {word for kind in get_args(EventType) for word in kind.split("_")}
    return (
        frozenset(line for line in text.splitlines() if line and not line.startswith("#")) | types
    )


def _known_entity(token: Token, common: frozenset[str]) -> bool:
    """A word that names an entity even when it opens a sentence (Turkey, Hezbollah); a
    city only if it is no common word as well (May, a town in GeoNames).
    """
    kinds = {entry.kind for entry in lexicon().english((token.key,))}
    return bool(kinds & ENTITY_KINDS - {"city"}) or ("city" in kinds and token.key not in common)


_LONGEST_OPENING = 4


def _opens_entity(tokens: Sequence[Token], index: int) -> bool:
    """Whether a common word opening a sentence starts an entity the lexicon knows with
    the capitalized words after it (United Nations, Popular Mobilisation Forces).
    """
    keys: list[str] = []
    for token in tokens[index : index + _LONGEST_OPENING]:
        if not token.capitalized or (keys and token.initial):
            break
        if token.stop:
            continue
        keys.append(token.key)
        entries = lexicon().english(tuple(keys)) if len(keys) > 1 else []
        if any(entry.kind in ENTITY_KINDS for entry in entries):
            return True
    return False


_STOPS_IN_NAME = 2


def _names(tokens: Sequence[Token]) -> list[list[Token]]:
    """Runs of proper-name words: capitalized mid-sentence; opening a sentence only if a
    known entity (country, nationality, organisation, place, or a phrase of one) or not
    a common word. Up to two stopwords between two name words stay inside the run
    (Observatory for Human Rights, Custodian of the Two Holy Mosques) and are dropped.
    """
    common = _common_words()
    runs: list[list[Token]] = []
    current: list[Token] = []
    stop_between = 0
    for index, token in enumerate(tokens):
        if token.initial and current:
            runs.append(current)
            current, stop_between = [], 0
        name = (
            token.capitalized
            and not token.text[:1].isdigit()
            and token.key not in _PRONOUNS
            and not token.stop
            and (
                not token.initial
                or _known_entity(token, common)
                or token.key not in common
                or _opens_entity(tokens, index)
            )
        )
        if name:
            current.append(token)
            stop_between = 0
        elif token.stop and current and stop_between < _STOPS_IN_NAME:
            stop_between += 1
        elif current:
            runs.append(current)
            current, stop_between = [], 0
    if current:
        runs.append(current)
    return runs


def _number_findings(
    english: str, source: str, spans: tuple[Span, ...], words: tuple[Word, ...]
) -> list[tuple[Support, str]]:
    found: dict[int, Span] = {}
    for value, where in stated(source, words, spans):
        found.setdefault(value, where)
    values = sorted(found)
    out = []
    for value, start, end in stated_numbers(english):
        surface = english[start:end]
        if surface.casefold() == "one":
            continue  # a pronoun ("one of them") as often as a count
        if value in found:
            out.append((Support(surface, found[value], "number", "agree", 1.0), ""))
            continue
        states = ", ".join(map(str, values)) if values else "no number"
        finding = (
            f"'{surface}' is not a number the cited Arabic states (it states {states}): "
            "give only numbers it states."
        )
        out.append((Support(surface, None, None, "unsupported", 0.0), finding))
    return out


def check_text(english: str, source: str, spans: Sequence[Span]) -> TextCheck:
    """Check free English that renders the Arabic of `spans` (a quote translation, an
    event description, a headline or summary sentence with its cited segments).

    Every number must be stated in the spans (digits or number words, either
    language); every proper name must be supported in them by the lexicon or by
    transliteration. Lowercase ordinary words are free: it is a translation.
    """
    source = source if isinstance(source, str) else ""
    valid = valid_spans(source, spans)
    if not isinstance(english, str) or not english.strip():
        return TextCheck("unsupported", (), ("The text is empty: write it in English.",))
    words = words_in(source, valid)
    shown = _shown(source, valid)
    checked: list[tuple[Support, str]] = _number_findings(english, source, valid, words)
    for run in _names(tokenize(english)):
        for support in support_tokens(english, run, source, words, valid):
            finding = (
                f"'{support.english}' is not supported by the cited Arabic «{shown}»: "
                "name only the people, places and bodies it names."
                if support.verdict == "unsupported"
                else ""
            )
            checked.append((support, finding))
    supports = tuple(support for support, _ in checked)
    verdict, _score = overall(supports) if supports else ("agree", 1.0)
    return TextCheck(verdict, supports, tuple(f for _, f in checked if f))


_NAMED_KINDS: frozenset[Kind] = frozenset({"country", "city", "group"})


def omitted(english: str, source: str, spans: Sequence[Span]) -> tuple[str, ...]:
    """The Arabic names of `spans` (countries, cities, groups the lexicon knows, and no
    ordinary word as well: مدينة is "city" before it is Medina) that no word of `english`
    renders: a translation must not lose or swap a name.
    """
    source = source if isinstance(source, str) else ""
    valid = valid_spans(source, spans)
    words = words_in(source, valid)
    rendered = [s.span for s in check_text(english, source, valid).support if s.span is not None]
    missing: dict[str, None] = {}
    for index in range(len(words)):
        hits = list(lexicon().hits(words, index))
        if not hits or any(h.entry.kind not in _NAMED_KINDS | {"nationality"} for h in hits):
            continue
        for hit in hits:
            start, end = words[hit.first].start, words[hit.last].end
            if hit.entry.kind in _NAMED_KINDS and not any(
                r.start < end and start < r.end for r in rendered
            ):
                missing[source[start:end]] = None
    return tuple(missing)


_COMPASS = re.compile(r"(north|south)?(east|west)?(?:ern|erly|wards?)?", re.IGNORECASE)
_COMPASS_ARABIC = {"north": "شمال", "south": "جنوب", "east": "شرق", "west": "غرب"}


def compass(english: str, source: str, spans: Sequence[Span]) -> tuple[str, ...]:
    """The compass words of `english` (north, southern, northwest …) whose Arabic
    (شمال، جنوب، شرق، غرب, in any form: الشمالي، جنوبا) `spans` do not hold. A direction
    is a fact a reader acts on, and a translation turned الحد الجنوبي into "the
    northern border".
    """
    source = source if isinstance(source, str) else ""
    arabic = " ".join(source[s.start : s.end] for s in valid_spans(source, spans))
    wrong: dict[str, None] = {}
    for token in tokenize(english):
        match = _COMPASS.fullmatch(token.text)
        if match is None or not any(match.groups()):
            continue
        if any(_COMPASS_ARABIC[p.casefold()] not in arabic for p in match.groups() if p):
            wrong[token.text] = None
    return tuple(wrong)


_TRANSLATED_KINDS: frozenset[Kind] = frozenset(
    {"title", "source", "body", "noun", "adjective", "prefix", "time", "function"}
)
"""The hand-written lexicon's ordinary words: translated, never transliterated."""


def untranslated(check: TextCheck, source: str) -> tuple[tuple[str, str, str], ...]:
    """Words of a checked text that agree with the Arabic only by sound where the lexicon
    says the Arabic is an ordinary word: (English, Arabic, the lexicon's English), as in
    ("Shurqiy", "الشرقي", "eastern"). A translation must translate them.
    """
    found = []
    for support in check.support:
        if support.via != "transliteration" or support.span is None:
            continue
        words = words_in(source, [support.span])
        if len(words) != 1:
            continue
        entries = [hit.entry for hit in lexicon().hits(words, 0) if hit.last == 0]
        if entries and all(entry.kind in _TRANSLATED_KINDS for entry in entries):
            arabic = source[words[0].start : words[0].end]
            found.append((support.english, arabic, entries[0].english[0]))
    return tuple(found)
