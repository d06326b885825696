"""Casualty counts read from an event's evidence, next to the words that name them.

A 1.5B model asked for "killed" writes 0 for "not stated" and copies a number from the
wrong clause; a number standing beside مقتل or جرحى is what the article states. Every
count read here is still checked by `grounding.check_count` before it is kept.
"""

from __future__ import annotations

import re

from summarizer.grounding import stated_numbers
from summarizer.schema import CountQualifier

_KILLED = re.compile(
    r"مقتل|قتل|قتلى|قتلي|قتيل|مصرع|استشهاد|شهيد|شهداء|حتفه|حتفهم|إعدام|اعدام|"
    r"killed|dead|deaths?|died",
    re.IGNORECASE,
)
_WOUNDED = re.compile(
    r"إصابة|اصابة|إصابات|جرح|جرحى|جرحي|جريح|مصاب|مصابين|أصيب|اصيب|wounded|injured|hurt",
    re.IGNORECASE,
)
_HEDGES: tuple[tuple[CountQualifier, re.Pattern[str]], ...] = (
    (
        "at_least",
        re.compile(r"(?:لا\s+يقل\s+عن|على\s+الأقل|علي\s+الأقل|على\s+الاقل|at\s+least)\s*$", re.I),
    ),
    ("more_than", re.compile(r"(?:أكثر\s+من|اكثر\s+من|ما\s+يزيد\s+عن|more\s+than|over)\s*$", re.I)),
    ("about", re.compile(r"(?:نحو|حوالي|حوالى|قرابة|زهاء|about|around|nearly|some)\s*$", re.I)),
    ("at_most", re.compile(r"(?:لا\s+يزيد\s+عن|at\s+most|up\s+to)\s*$", re.I)),
)
# How far (characters) a cue may stand from its number: "مقتل ما لا يقل عن 25".
REACH = 28
AFTER_PENALTY = 10
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


def casualties(text: str) -> tuple[int | None, int | None, CountQualifier | None]:
    """(killed, wounded, qualifier) as stated in `text`.

    Each number takes the nearest unused cue; a cue before the number (مقتل 25) is
    preferred to one after it (25 قتيلا, "25 killed"), which pays `AFTER_PENALTY`.
    """
    cues = _cues(text)
    used: set[int] = set()
    found: dict[str, int] = {}
    hedge: CountQualifier | None = None
    for value, start, end in stated_numbers(text):
        if value <= 0 or _is_year(value):
            continue
        options = []
        for k, (cue_start, cue_end, what) in enumerate(cues):
            if k in used:
                continue
            if cue_end <= start and start - cue_end <= REACH:
                options.append((start - cue_end, k, what))
            elif cue_start >= end and cue_start - end <= REACH:
                options.append((cue_start - end + AFTER_PENALTY, k, what))
        if not options:
            continue
        _, k, what = min(options)
        used.add(k)
        if what not in found:
            found[what] = value
            hedge = hedge or qualifier(text, start)
    return found.get("killed"), found.get("wounded"), hedge
