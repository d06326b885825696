"""Casualty counts read from an event's evidence, next to the words that name them.

A 1.5B model asked for "killed" writes 0 for "not stated" and copies a number from the
wrong clause; a number standing beside مقتل or جرحى is what the article states. Every
count read here is still checked by `grounding.check_count` before it is kept.
"""

from __future__ import annotations

import re

from summarizer import lexicon
from summarizer.arabic import fuzzy
from summarizer.grounding import stated_numbers
from summarizer.schema import CountQualifier


def _any_of(words: str) -> re.Pattern[str]:
    """Any of the cue words anywhere, however voweled: قُتلوا and أُصيب are cues too."""
    return re.compile("|".join(fuzzy(word) for word in words.split()), re.IGNORECASE)


def _hedge(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A hedge that ends the text: "ما لا يقل عن" right before a number."""
    spaced = (phrase.replace(" ", r"\s+") for phrase in phrases)
    return re.compile(rf"(?:{'|'.join(spaced)})\s*$", re.IGNORECASE)


_KILLED = _any_of(lexicon.KILLED)
_WOUNDED = _any_of(lexicon.WOUNDED)
_HEDGES = tuple((kind, _hedge(phrases)) for kind, phrases in lexicon.HEDGES.items())
# How far (characters) a cue may stand from its number: "مقتل ما لا يقل عن 25".
REACH = 28
AFTER_PENALTY = 10
AND_PENALTY = 20
_AND = re.compile(r"(?:^|\s)و$|\band\s*$", re.IGNORECASE)
"""A conjunction right before the number or the cue opens the next clause: in "مقتل
عسكريين اثنين وجرح اربعة" the two is the dead's, though جرح stands nearer."""
# Four-digit numbers in this range are read as years, never as counts.
YEARS = (1900, 2100)


def qualifier(text: str, number_at: int) -> CountQualifier:
    """The hedge that ends right before a number, "exact" when there is none."""
    before = text[max(0, number_at - REACH) : number_at]
    return next((kind for kind, hedge in _HEDGES if hedge.search(before)), "exact")


def _cues(text: str) -> list[tuple[int, int, str]]:
    return sorted(
        (m.start(), m.end(), what)
        for what, cue in (("killed", _KILLED), ("wounded", _WOUNDED))
        for m in cue.finditer(text)
    )


def _is_year(value: int) -> bool:
    return YEARS[0] <= value <= YEARS[1]


_DATE = re.compile(
    rf"\s*(?:/\s*)?(?:{'|'.join(fuzzy(m.replace('_', ' ')) for m in lexicon.MONTHS.split())})",
    re.IGNORECASE,
)
"""A month right after a number makes it a day of the month (يوم 4 يونيو), not a toll."""


def casualties(text: str) -> tuple[int | None, int | None, CountQualifier | None]:
    """(killed, wounded, qualifier) as stated in `text`.

    Each number takes the nearest unused cue; a cue before the number (مقتل 25) is
    preferred to one after it (25 قتيلا, "25 killed"), which pays `AFTER_PENALTY`, and
    one across "و" pays `AND_PENALTY`.
    """
    cues = _cues(text)
    used: set[int] = set()
    found: dict[str, int] = {}
    hedge: CountQualifier | None = None
    for value, start, end in stated_numbers(text):
        if value <= 0 or _is_year(value) or _DATE.match(text, end):
            continue
        options = []
        for k, (cue_start, cue_end, what) in enumerate(cues):
            if k in used:
                continue
            if cue_end <= start and start - cue_end <= REACH:
                gap, cost = text[cue_end:start], start - cue_end
            elif cue_start >= end and cue_start - end <= REACH:
                gap, cost = text[end:cue_start], cue_start - end + AFTER_PENALTY
            else:
                continue
            options.append((cost + AND_PENALTY * bool(_AND.search(gap)), k, what))
        if not options:
            continue
        _, k, what = min(options)
        used.add(k)
        if what not in found:
            found[what] = value
            hedge = hedge or qualifier(text, start)
    return found.get("killed"), found.get("wounded"), hedge
