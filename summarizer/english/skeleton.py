"""Consonant skeletons: whether an English spelling can render an Arabic name.

Arabic writes consonants and long vowels; English renderings of one name differ mostly
in vowels and in how they spell a few consonants (Kinshak, Kinshchak, Kinchak for
كينشاك; Qadhafi, Gaddafi for القذافي). So both sides are reduced to consonant classes
and compared with an edit distance whose costs follow those conventions: a spelling
that an Arabic letter is usually given costs nothing, a neighbouring one (s for ش, d
for ذ) costs a little, the semivowels w/y and a final h cost little to add or drop,
and anything else costs a whole letter. The tolerance grows with length, so two- and
one-consonant names must agree exactly.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer.english.letters import ARABIC_CLASS, SEMIVOWELS, arabic_letters

__all__ = [
    "AGREE_COST",
    "JOINED",
    "Match",
    "arabic_skeleton",
    "compare",
    "english_skeleton",
]

AGREE_COST = 0.25
"""Most cost of a pair that agrees outright: one near spelling (Gaddafi) or a final h."""

_WEAK = 0.35  # a semivowel w/y present on one side only (Kinyashak for كينشاك)
_FINAL_H = 0.15  # ة, ه or an English final h (Hamza / Hamzah / حمزة)
_DOUBLE = 0.1  # an Arabic letter written twice that English writes once (عبدالله, Abdullah)
_MISS = 1.0

Skeleton = tuple[str, ...]

# --- Arabic -------------------------------------------------------------------------------


def _collapse(items: list[str | None]) -> Skeleton:
    """Merge an English doubled consonant (Hassan), but not two that a vowel separates
    (Baghdad); `None` stands for a vowel.
    """
    out: list[str] = []
    previous: str | None = None
    for item in items:
        if item is not None and item != previous:
            out.append(item)
        previous = item
    return tuple(out)


@lru_cache(maxsize=65536)
def arabic_skeleton(word: str) -> Skeleton:
    """The consonant classes of one normalized Arabic word (no article or proclitic).

    A letter written twice is kept twice (الططري is Tatari): shadda is not written,
    so a doubled letter is two consonants; English may still write one (Abdulla for
    عبدالله), which the distance allows cheaply.
    """
    return tuple(letter.value for letter in arabic_letters(word) if letter.kind == "consonant")


# --- English ------------------------------------------------------------------------------

_GRAPHEMES = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("zh", "zh"),
    ("kh", "kh"),
    ("gh", "gh"),
    ("sh", "sh"),
    ("ch", "ch"),
    ("th", "th"),
    ("dh", "dh"),
    ("ph", "f"),
    ("dj", "j"),
    ("ck", "k"),
)
_VOWELS = frozenset("aeiou")
_APOSTROPHES = frozenset("'’ʿʾ`")
# An English digraph may also be two Arabic letters, the second ه or ح (Adham أدهم).
_DIGRAPH_FIRST = {"th": "t", "dh": "d", "sh": "s", "kh": "k", "gh": "g", "ch": "c"}
JOINED = frozenset(g[:2] for g, _ in _GRAPHEMES) | {"sc"}
"""Two Latin letters an English reader takes for one sound (sh, th, sc)."""


def _ascii_letters(word: str) -> str:
    """Lower-case Latin letters, diacritics (ā, ḥ) dropped; an apostrophe (', ʿ) stays as
    ' because it keeps two letters apart (Ad'ham is d + h, not dh).
    """
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(
        "'" if char in _APOSTROPHES else char
        for char in decomposed
        if "a" <= char <= "z" or char in _APOSTROPHES
    )


@lru_cache(maxsize=65536)
def english_skeleton(word: str) -> Skeleton:
    """The consonant phones of one English word: digraphs kept whole, vowels dropped.

    w and y are consonants at the start of a word, before a vowel or ending a word after
    one (Yemen, Marwan, Kinyashak, Shaw), vowels elsewhere (Mahdy, Hawk), as و and ي are
    on the Arabic side.
    """
    letters = _ascii_letters(word)
    phones: list[str | None] = []
    index = 0
    while index < len(letters):
        grapheme = next(
            ((g, p) for g, p in _GRAPHEMES if letters.startswith(g, index)), (letters[index], "")
        )
        text, phone = grapheme
        char = text if not phone else ""
        following = letters[index + len(text)] if index + len(text) < len(letters) else ""
        if phone:
            phones.append(phone)
        elif char == "'":
            pass
        elif char in _VOWELS:
            phones.append(None)
        elif char in "wy":
            glide = not following and index > 0 and letters[index - 1] in _VOWELS  # -aw, -ay
            phones.append(char if index == 0 or following in _VOWELS or glide else None)
        elif char == "x":
            phones.extend(("k", "s"))
        else:
            phones.append(char)
        index += len(text)
    return _collapse(phones)


# --- comparison ---------------------------------------------------------------------------

_ZERO: dict[str, tuple[str, ...]] = {
    "j": ("g",),
    "ḥ": ("h",),
    "ṣ": ("s",),
    "ḍ": ("d", "dh"),
    "ṭ": ("t",),
    "ẓ": ("z", "dh"),
    "sh": ("ch",),
    "gh": ("g",),
    "f": ("v",),
    "q": ("k", "c"),
    "k": ("c",),
    "zh": ("j",),
}
_NEAR: dict[str, dict[str, float]] = {
    "b": {"p": 0.1},
    "p": {"b": 0.1, "f": 0.3},
    "t": {"th": 0.2, "d": 0.3},
    "ṭ": {"th": 0.2, "d": 0.3},
    "th": {"s": 0.1, "t": 0.2, "sh": 0.3, "z": 0.3},
    "j": {"zh": 0.1, "y": 0.3, "c": 0.3, "ch": 0.3},
    "ḥ": {"kh": 0.2},
    "h": {"kh": 0.3},
    "kh": {"h": 0.2, "k": 0.2, "ch": 0.2},
    "d": {"dh": 0.2, "t": 0.3},
    "ḍ": {"z": 0.2, "t": 0.3},
    "dh": {"z": 0.1, "d": 0.1, "th": 0.1},
    "ẓ": {"th": 0.2, "d": 0.2},
    "z": {"dh": 0.2, "zh": 0.2, "s": 0.3, "th": 0.3},
    "s": {"sh": 0.2, "th": 0.2, "c": 0.2, "z": 0.3, "ch": 0.3},
    "ṣ": {"sh": 0.2, "th": 0.2, "c": 0.2, "z": 0.3},
    "sh": {"s": 0.2, "zh": 0.3},
    "gh": {"kh": 0.2, "q": 0.3, "k": 0.3},
    "q": {"g": 0.1, "gh": 0.2, "kh": 0.3},
    "k": {"q": 0.2, "g": 0.2, "kh": 0.2, "ch": 0.3},
    "g": {"k": 0.2, "q": 0.2, "j": 0.2, "gh": 0.1},
    "ch": {"sh": 0.1, "j": 0.3},
    "zh": {"z": 0.2, "sh": 0.3},
    "w": {"v": 0.1},
    "y": {"j": 0.2},
}


def _costs(arabic: str) -> dict[str, float]:
    """What writing the Arabic class as each English phone costs (absent: a whole miss)."""
    costs = dict(_NEAR.get(arabic, {}))
    costs.update(dict.fromkeys((arabic, *_ZERO.get(arabic, ())), 0.0))
    return costs


_COSTS = {arabic: _costs(arabic) for arabic in {*ARABIC_CLASS.values(), *SEMIVOWELS.values()}}


def _drop(phone: str, final: bool, repeated: bool = False) -> float:
    """Cost of a phone that only one side has; `repeated`: the second of a doubled letter."""
    if repeated:
        return _DOUBLE
    if phone in ("w", "y"):
        return _WEAK
    if phone in ("h", "ḥ") and final:
        return _FINAL_H if phone == "h" else _WEAK
    return _MISS


def _distance(arabic: Skeleton, english: Skeleton, limit: float) -> float:
    """Weighted edit distance, row by row; gives up (inf) once every cell exceeds `limit`."""
    rows, cols = len(arabic), len(english)
    drop_a, drop_e = _drops(arabic, True), _drops(english, False)
    digraph = [_DIGRAPH_FIRST.get(e) for e in english]
    previous = [0.0] * (cols + 1)
    for j in range(cols):
        previous[j + 1] = previous[j] + drop_e[j]
    before: list[float] = []
    for i in range(rows):
        costs = _COSTS.get(arabic[i], {})
        current = [previous[0] + drop_a[i]] + [0.0] * cols
        for j in range(cols):
            best = min(
                previous[j] + costs.get(english[j], _MISS),
                previous[j + 1] + drop_a[i],
                current[j] + drop_e[j],
            )
            first = digraph[j]
            if first and i >= 1 and arabic[i] in ("h", "ḥ"):
                best = min(best, before[j] + _COSTS.get(arabic[i - 1], {}).get(first, _MISS))
            current[j + 1] = best
        if min(current) > limit:
            return math.inf
        before, previous = previous, current
    return previous[cols]


def _budget(size: int) -> float:
    """Tolerance by the longer skeleton's length: one or two consonants must agree but
    for a final h (Fuaa, الفوعة).
    """
    if size <= 2:
        return 0.15
    if size == 3:
        return 0.45
    if size == 4:
        return 0.75
    return 0.3 * size - 0.4


@dataclass(frozen=True, slots=True)
class Match:
    """How well an English skeleton renders an Arabic one."""

    cost: float
    score: float
    verdict: Literal["agree", "close", "none"]


_NO_MATCH = Match(_MISS, 0.0, "none")


_ACCEPTED_BY: dict[str, frozenset[str]] = {}
for _arabic, _costs_of in _COSTS.items():
    for _phone in _costs_of:
        _ACCEPTED_BY[_phone] = _ACCEPTED_BY.get(_phone, frozenset()) | {_arabic}
for _digraph, _first in _DIGRAPH_FIRST.items():
    _ACCEPTED_BY[_digraph] = _ACCEPTED_BY.get(_digraph, frozenset()) | _ACCEPTED_BY[_first]


@lru_cache(maxsize=65536)
def _drops(skeleton: Skeleton, arabic: bool) -> tuple[float, ...]:
    last = len(skeleton) - 1
    return tuple(
        _drop(p, i == last, arabic and i > 0 and p == skeleton[i - 1])
        for i, p in enumerate(skeleton)
    )


@lru_cache(maxsize=65536)
def _accepted(arabic: Skeleton) -> frozenset[str]:
    """The English phones some class of the Arabic skeleton may be written as."""
    return frozenset().union(*(_COSTS.get(a, {}).keys() for a in arabic))


@lru_cache(maxsize=65536)
def _accepting(english: Skeleton) -> tuple[frozenset[str], int]:
    """The Arabic classes some phone of the English skeleton may stand for, and how many
    digraphs it has (each may also stand for a following ه or ح: Adham).
    """
    digraphs = sum(e in _DIGRAPH_FIRST for e in english)
    classes = frozenset().union(*(_ACCEPTED_BY.get(e, frozenset()) for e in english))
    return (classes | {"h", "ḥ"} if digraphs else classes), digraphs


def _lower_bound(arabic: Skeleton, english: Skeleton) -> float:
    """A cost the distance cannot go below, cheap to compute: a phone that nothing on
    the other side can stand for must be dropped or missed, and the longer side must
    drop at least its surplus. It spares most pairs the full distance.
    """
    drop_a, drop_e = _drops(arabic, True), _drops(english, False)
    accepted = _accepted(arabic)
    lone_e = sum(
        min(_MISS, d)
        for e, d in zip(english, drop_e, strict=True)
        if e not in accepted and _DIGRAPH_FIRST.get(e) not in accepted
    )
    accepting, digraphs = _accepting(english)
    lone_a = sum(min(_MISS, d) for a, d in zip(arabic, drop_a, strict=True) if a not in accepting)
    surplus = len(arabic) - len(english)
    longer = drop_a if surplus > 0 else drop_e
    surplus = max(0, surplus - digraphs) if surplus > 0 else -surplus
    return max(lone_e, lone_a, sum(sorted(longer)[:surplus]))


@lru_cache(maxsize=262144)
def compare(arabic: Skeleton, english: Skeleton) -> Match:
    """Compare two skeletons; an empty one never matches (a vowel-only word names nothing)."""
    if not arabic or not english:
        return _NO_MATCH
    size = max(len(arabic), len(english))
    budget = _budget(size)
    if _lower_bound(arabic, english) > budget:
        return _NO_MATCH
    cost = _distance(arabic, english, budget)
    if cost > budget:
        return _NO_MATCH
    score = round(max(0.0, 1.0 - cost / size), 3)
    return Match(cost, score, "agree" if cost <= AGREE_COST else "close")
