"""What a fuzzy match may never change: the numbers and the negations of the fragment."""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from summarizer import lexicon
from summarizer.grounding.index import WORD
from summarizer.grounding.numbers import read_numbers
from summarizer.normalize import normalize

Reason = Literal["", "empty", "not_found", "numbers", "negation", "order", "inserted"]
"""Why a fragment got no span; "" when it got one."""

_NEGATIONS = frozenset(normalize(word).text for word in lexicon.NEGATIONS.split())
_NEGATION_GLUED = frozenset(normalize("لا" + verb).text for verb in lexicon.NEGATED_VERBS.split())
_ENGLISH_NEGATIONS = frozenset(lexicon.ENGLISH_NEGATIONS.split())
_NT = re.compile(r'n"t\b')


def negations(ntext: str) -> Counter[str]:
    """Negation particles in normalized text; "ما" counts even as a relative pronoun."""
    found: Counter[str] = Counter()
    for token in WORD.findall(ntext):
        if token in _ENGLISH_NEGATIONS or token in _NEGATIONS:
            found[token] += 1
        elif token[:1] in "وف" and token[1:] in _NEGATIONS:
            found[token[1:]] += 1
        elif token in _NEGATION_GLUED or (token[:1] in "وف" and token[1:] in _NEGATION_GLUED):
            found["لا"] += 1
    found["n't"] += len(_NT.findall(ntext))
    return +found


def guard(fragment: str, window: str) -> Reason:
    """Refuse a window (normalized) that states other numbers or negations than the fragment."""
    if Counter(_values(fragment)) != Counter(_values(window)):
        return "numbers"
    if negations(fragment) != negations(window):
        return "negation"
    return ""


def _values(ntext: str) -> list[int]:
    return [value for value, _, _ in read_numbers(ntext)]
