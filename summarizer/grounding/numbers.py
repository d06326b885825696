"""Numbers an article states, in digits of any script or in Arabic and English words.

A fuzzy match must never change a number, and a casualty count must be one the evidence
states; both read numbers here. Compounds are read whole (خمسة وعشرين → 25, ثلاثة آلاف
→ 3000); vague quantities (عشرات, dozens) are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.lexicon import NUMBER_PROCLITICS
from summarizer.normalize import normalize

# unit 1-9; teen_unit أحد/اثنا, a number only before عشر; ten_word عشر/عشرة (alone 10,
# after a unit a teen); teen 10-19 (English); tens 20-90; hundred مئة (multiplies what
# precedes it); hundreds a whole multiple (ثلاثمئة, مئتين); scale ألف/million (multiplies
# all before it); big a dual scale that carries its own count (ألفين = 2000).
_NumKind = Literal[
    "unit", "teen_unit", "ten_word", "teen", "tens", "hundred", "hundreds", "scale", "big"
]


def _by_spelling(words: dict[str, tuple[_NumKind, int]]) -> dict[str, tuple[_NumKind, int]]:
    """Key the lexicon by normalized spelling so it matches normalized text."""
    return {normalize(word).text: entry for word, entry in words.items()}


_UNITS = {
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثة": 3,
    "أربع": 4,
    "أربعة": 4,
    "خمس": 5,
    "خمسة": 5,
    "ست": 6,
    "ستة": 6,
    "سبع": 7,
    "سبعة": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانية": 8,
    "تسع": 9,
    "تسعة": 9,
}
_TENS = {
    "عشرون": 20,
    "ثلاثون": 30,
    "أربعون": 40,
    "خمسون": 50,
    "ستون": 60,
    "سبعون": 70,
    "ثمانون": 80,
    "تسعون": 90,
}
_HUNDREDS_STEM = {"ثلاث": 3, "أربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "تسع": 9}
_ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ENGLISH_TEENS = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen"),
    *("fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_ENGLISH_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

_NUMBER_WORDS: dict[str, tuple[_NumKind, int]] = _by_spelling(
    {
        **{word: ("unit", value) for word, value in _UNITS.items()},
        **dict.fromkeys(("أحد", "إحدى"), ("teen_unit", 1)),
        **dict.fromkeys(("اثنا", "اثني", "اثنتا", "اثنتي"), ("teen_unit", 2)),
        "عشر": ("ten_word", 10),
        "عشرة": ("ten_word", 10),
        **{word: ("tens", value) for word, value in _TENS.items()},
        **{word[:-2] + "ين": ("tens", value) for word, value in _TENS.items()},
        **dict.fromkeys(("مئة", "مائة"), ("hundred", 100)),
        **dict.fromkeys(("مئتان", "مئتين", "مئتي", "مائتان", "مائتين", "مائتي"), ("hundreds", 200)),
        **{stem + "مئة": ("hundreds", v * 100) for stem, v in _HUNDREDS_STEM.items()},
        **{stem + "مائة": ("hundreds", v * 100) for stem, v in _HUNDREDS_STEM.items()},
        "ثمانيمئة": ("hundreds", 800),
        "ثمانمائة": ("hundreds", 800),
        **dict.fromkeys(("ألف", "ألفا"), ("scale", 1000)),
        **dict.fromkeys(("ألفان", "ألفين", "ألفي"), ("big", 2000)),
        "مليون": ("scale", 1_000_000),
        **dict.fromkeys(("مليونان", "مليونين", "مليوني"), ("big", 2_000_000)),
        "مليار": ("scale", 1_000_000_000),
        **{word: ("unit", value) for value, word in enumerate(_ENGLISH)},
        **{word: ("teen", 10 + value) for value, word in enumerate(_ENGLISH_TEENS)},
        **{word: ("tens", 20 + 10 * value) for value, word in enumerate(_ENGLISH_TENS)},
        "hundred": ("hundred", 100),
        "thousand": ("scale", 1000),
        "million": ("scale", 1_000_000),
        "billion": ("scale", 1_000_000_000),
    }
)
_PLURAL_SCALES = {
    normalize(word).text: value
    for word, value in (
        ("آلاف", 1000),
        ("ملايين", 1_000_000),
        ("مليارات", 1_000_000_000),
        ("thousands", 1000),
        ("millions", 1_000_000),
        ("billions", 1_000_000_000),
    )
}
_PREFIXES = tuple(normalize(p).text for p in NUMBER_PROCLITICS)
_MONDAY = normalize("اثنين").text

# Which kind may follow which inside one number, with and without the Arabic "و".
_FOLLOWS_PLAIN: dict[_NumKind, frozenset[_NumKind]] = {
    "unit": frozenset({"ten_word", "hundred", "scale"}),
    "teen_unit": frozenset({"ten_word"}),
    "ten_word": frozenset({"hundred", "scale"}),
    "teen": frozenset({"hundred", "scale"}),
    "tens": frozenset({"unit", "scale"}),
    "hundred": frozenset({"unit", "teen", "tens", "scale"}),
    "hundreds": frozenset({"scale"}),
    "scale": frozenset({"unit", "teen", "tens", "hundred", "hundreds"}),
    "big": frozenset({"unit", "teen", "tens", "hundred", "hundreds"}),
}
_FOLLOWS_WAW: dict[_NumKind, frozenset[_NumKind]] = {
    "unit": frozenset({"tens"}),
    "hundred": frozenset({"unit", "ten_word", "tens", "teen_unit"}),
    "hundreds": frozenset({"unit", "ten_word", "tens", "teen_unit"}),
    "scale": frozenset({"unit", "ten_word", "tens", "hundred", "hundreds", "teen_unit", "big"}),
    "big": frozenset({"unit", "ten_word", "tens", "hundred", "hundreds", "teen_unit"}),
}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3}){1,5}(?![\d,])|\d{1,18}(?:\.\d{1,18})?")
_TOKEN = re.compile(rf"(?P<digits>{_DIGITS.pattern})|[^\W\d_]+")


def _number_word(token: str) -> tuple[_NumKind, int, bool] | None:
    """Classify a word as a number word: (kind, value, joined by a leading و)."""
    entry = _NUMBER_WORDS.get(token)
    if entry is not None:
        return entry[0], entry[1], False
    for prefix in _PREFIXES:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3 and rest in _NUMBER_WORDS:
            if rest == _MONDAY and prefix.endswith(("ال", "لل")):
                return None
            kind, value = _NUMBER_WORDS[rest]
            return kind, value, prefix[0] == "و"
    return None


@dataclass(slots=True)
class _NumberParser:
    """Accumulates number words into values: خمسة وعشرين → 25, three hundred → 300."""

    found: list[tuple[int, int, int]]
    total: int = 0
    current: int = 0
    last: _NumKind | None = None
    start: int = 0
    end: int = 0

    def flush(self) -> None:
        if self.last is not None:
            self.found.append((self.total + self.current, self.start, self.end))
        self.total = self.current = 0
        self.last = None

    def add(self, kind: _NumKind, value: int, waw: bool, start: int, end: int) -> None:
        if self.last is not None:
            follows = _FOLLOWS_WAW.get(self.last, frozenset()) if waw else _FOLLOWS_PLAIN[self.last]
            if kind not in follows:
                self.flush()
        if self.last is None:
            self.start = start
        if kind == "hundred":
            self.current = (self.current or 1) * value
        elif kind == "scale":
            self.total += (self.current or 1) * value
            self.current = 0
        elif kind == "big":
            self.total += value
        else:
            self.current += value
        self.last = kind
        self.end = end


def read_numbers(ntext: str) -> list[tuple[int, int, int]]:
    """Numbers stated in normalized text, as (value, start, end) in that text."""
    tokens = [(m.group(), m.start(), m.end(), bool(m["digits"])) for m in _TOKEN.finditer(ntext)]
    found: list[tuple[int, int, int]] = []
    parser = _NumberParser(found)
    skip_to = 0
    for i, (token, start, end, digits) in enumerate(tokens):
        if i < skip_to:
            continue
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if digits:
            parser.flush()
            scale = _NUMBER_WORDS.get(following, ("", 0))
            multiplier = scale[1] if scale[0] == "scale" else _PLURAL_SCALES.get(following, 0)
            if multiplier:
                found.append((int(float(token.replace(",", "")) * multiplier), start, end))
                skip_to = i + 2
            else:
                found.extend((int(part), start, end) for part in token.replace(",", "").split("."))
            continue
        word = _number_word(token)
        if word is None:
            joins = parser.last in ("hundred", "scale") and following in _NUMBER_WORDS
            if token == "and" and joins:
                continue
            if token in _PLURAL_SCALES and parser.last is not None:
                parser.add("scale", _PLURAL_SCALES[token], False, start, end)
                continue
            parser.flush()
            continue
        kind, value, waw = word
        if kind == "teen_unit" and _NUMBER_WORDS.get(following, ("",))[0] != "ten_word":
            parser.flush()
            continue
        parser.add(kind, value, waw, start, end)
    parser.flush()
    return found


def stated_numbers(text: str) -> list[tuple[int, int, int]]:
    """Every number stated in `text` as (value, start, end) in original offsets."""
    if not isinstance(text, str):
        return []
    norm = normalize(text)
    return [(value, *norm.to_original(start, end)) for value, start, end in read_numbers(norm.text)]


def numbers_in(text: str) -> list[int]:
    """Every number the text states, in order: digits of any script and number words.

    Compounds are read whole (خمسة وعشرين → 25, twenty-five → 25, ثلاثة آلاف → 3000);
    vague quantities (عشرات, مئات, آلاف, dozens, hundreds, several) are not numbers. A
    decimal without a scale word contributes its digit groups (2.5 → 2, 5), which is
    enough to tell two decimals apart.
    """
    if not isinstance(text, str) or not text:
        return []
    return [value for value, _, _ in read_numbers(normalize(text).text)]
