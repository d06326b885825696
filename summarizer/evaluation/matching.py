"""How predictions meet gold: span overlap, one-to-one pairing, and names that agree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

from summarizer.english.skeleton import english_skeleton
from summarizer.normalize import normalize
from summarizer.schema import Event, Span

MIN_OVERLAP = 0.5
"""Two spans match when they share at least this share of the shorter one."""

NAME_THRESHOLD = 85.0
"""rapidfuzz `ratio` (0-100) at or above which two folded names are the same name."""

P = TypeVar("P")
G = TypeVar("G")


def _name_key(name: str) -> str:
    """Folded name with punctuation turned to spaces, so "Kinshchak," equals "Kinshchak"."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalize(name).text).split())


def names_match(a: str, b: str) -> bool:
    """Tell whether two names are one: equal after folding, one inside the other, or fuzzy.

    Containment covers a surname against the full name (كينشاك / ألكسندر كينشاك); the
    fuzzy ratio covers transliteration variants (Kinshchak / Kinshak).
    """
    a_key, b_key = _name_key(a), _name_key(b)
    if not a_key or not b_key:
        return False
    short, long = sorted((a_key, b_key), key=len)
    return f" {short} " in f" {long} " or fuzz.ratio(a_key, b_key) >= NAME_THRESHOLD


_PARTICLES = frozenset(
    ("al", "el", "the", "a", "of", "and", "for", "from", "in", "at", "on", "to", "by", "bin", "ibn")
)


_SERVANT = frozenset(("abd", "abdel", "abdul", "abdal"))
"""عبد starts a compound name that English writes as one word or two: Abdulaziz,
Abdel Aziz, Abd al-Aziz are one name."""


def _sounds(name: str) -> tuple[tuple[str, ...], ...]:
    """An English name as consonant skeletons, word by word, particles left out, a
    compound with عبد as one word, and v as w (Javad / Jawad: Persian and Arabic
    readings of one و).
    """
    words: list[str] = []
    for word in re.findall(r"[a-z]+", name.lower().replace("v", "w")):
        if words and words[-1] in _SERVANT:
            words[-1] = "abd" + word
        elif word not in _PARTICLES:
            words.append(word)
    return tuple(english_skeleton(w) for w in words)


SOUND_THRESHOLD = 75.0
"""rapidfuzz `ratio` of two words' consonant skeletons at or above which they are one
name spelt two ways (Kinshchak / Kinyashak)."""


def english_names_match(a: str, b: str) -> bool:
    """Two English names for one person or body: they match by spelling (`names_match`),
    or every word of the shorter sounds like a word of the longer (Aleksandr Kinshak /
    Alexander Kinshchak; Alexander Kinshchak / Russian ambassador Alexander Kinyashak).
    """
    if names_match(a, b):
        return True
    short, long = sorted((_sounds(a), _sounds(b)), key=len)
    keys = ["".join(word) for word in long]
    return bool(short) and all(
        any(fuzz.ratio("".join(word), key) >= SOUND_THRESHOLD for key in keys) for word in short
    )


def any_name_match(left: Iterable[str | None], right: Iterable[str | None]) -> bool:
    """Any name of one side matches any of the other's; empty names never match."""
    right_names = [name for name in right if name]
    return any(names_match(a, b) for a in left if a for b in right_names)


def span_match(a: Span | None, b: Span | None) -> tuple[float, float] | None:
    """(overlap / shorter, overlap / union) when the spans match, else None.

    Sharing half of the shorter span lets a quote cut a little short or run a little
    long still count, while two quotes from neighbouring sentences never do. The
    second number breaks ties in favour of the closer fit.
    """
    if a is None or b is None:
        return None
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    if overlap <= 0 or shorter <= 0 or overlap < MIN_OVERLAP * shorter:
        return None
    union = max(a.end, b.end) - min(a.start, b.start)
    return overlap / shorter, overlap / union


def pair(
    predicted: Sequence[P],
    gold: Sequence[G],
    score: Callable[[P, G], tuple[float, ...] | None],
) -> list[tuple[int, int]]:
    """Greedy one-to-one assignment, best score first; None means "cannot pair".

    Each gold item absorbs at most one prediction, so a duplicate prediction counts
    against precision instead of being matched twice.
    """
    candidates = [
        (value, i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if (value := score(p, g)) is not None
    ]
    candidates.sort(key=lambda c: (tuple(-v for v in c[0]), c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def event_match(predicted: Event, gold: Event) -> tuple[float, ...] | None:
    """Evidence must overlap (best passage pair); the same type wins over a closer span."""
    overlaps = [
        m
        for p in predicted.evidence
        for g in gold.evidence
        if (m := span_match(p.span, g.span)) is not None
    ]
    if not overlaps:
        return None
    return (float(predicted.type == gold.type), *max(overlaps))
