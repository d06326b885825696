"""Text normalization that remembers where every character came from.

Models re-spell what they copy: they write على where the article has علي, drop or add
tashkeel, swap «» for "", turn ٢٥ into 25. Grounding compares normalized texts and must
still report offsets into the *original* article, so `normalize` returns an offset map
alongside the folded text. We keep our own small normalizer because the usual Arabic
helpers either return no offsets or over-fold (pyarabic's `normalize_alef` turns ى into
ا, so على would become علا).

Folds, applied to each grapheme cluster (a base character plus its combining marks, so a
removed diacritic always stays inside its letter's range):

- Unicode NFKC, then case folding (Latin), then NFKC again;
- quotation marks (« » " " „ ‟ ' ' ‚ ‹ › ¢ ` ´ and ASCII " ') → ``"``;
- dashes (‐ ‑ ‒ – — ― − ﹘ ﹣) → ``-``; tatweel (ـ) is removed, not a dash;
- whitespace runs (any `str.isspace` character, NBSP included) → one space; leading
  and trailing runs are kept as one space, not stripped, so that every normalized
  character keeps an original range (callers strip what they compare);
- invisible format and control characters are removed: bidi marks (U+200E, U+200F,
  U+061C), ZWNJ/ZWJ (models drop them when they copy), zero-width space, soft hyphen;
- Arabic tashkeel, Quranic annotation marks and tatweel are removed;
- alef forms أ إ آ ٱ → ا; ى and Persian ی → ي; ة → ه; Persian ک → ك;
- Arabic-Indic and Persian digits → ASCII; Arabic comma, semicolon, question mark,
  decimal and thousands separators → their ASCII counterparts.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LETTER_FOLDS", "Normalized", "normalize"]

_QUOTE = '"'
_QUOTES = "«»\"“”„‟'‘’‚‛‹›¢`´"
_DASHES = "‐‑‒–—―−﹘﹣"
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

LETTER_FOLDS: dict[str, str] = {
    **dict.fromkeys("أإآٱٲٳ", "ا"),
    **dict.fromkeys("ىی", "ي"),
    "ة": "ه",
    "ک": "ك",
}
"""Letters that spell one word interchangeably; the cue finders fold by the same table."""

_FOLDS: dict[str, str] = {
    **dict.fromkeys(_QUOTES, _QUOTE),
    **dict.fromkeys(_DASHES, "-"),
    **LETTER_FOLDS,
    "ـ": "",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٫": ".",
    "٬": ",",
    "٪": "%",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _ARABIC_BLOCKS)


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """Fold one character that has already been through NFKC and case folding."""
    if char in _FOLDS:
        return _FOLDS[char]
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category in ("Cf", "Cc") or (category == "Mn" and _is_arabic(char)):
        return ""
    return char


@lru_cache(maxsize=16384)
def _fold_cluster(cluster: str) -> str:
    """Fold a whole grapheme cluster, because NFKC may compose its characters.

    The fold table goes first as well, since NFKC would turn a mark such as ´ into a
    space and a combining accent before the table could see it.
    """
    cluster = "".join(_FOLDS.get(char, char) for char in cluster)
    composed = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cluster).casefold())
    return "".join(_fold_char(char) for char in composed)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


@dataclass(frozen=True, eq=False, slots=True)
class Normalized:
    """A normalized text and, for each of its characters, the original range it came from.

    `starts[i]`/`ends[i]` delimit the original characters that produced normalized
    character `i`; both arrays are non-decreasing. They are compact arrays rather than
    tuples because every cached article keeps its map.
    """

    text: str
    starts: array[int]
    ends: array[int]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) span to the original [start, end) span.

        The result covers whole original clusters (a letter with its removed
        diacritics); out-of-range input is clamped rather than rejected.
        """
        size = len(self.text)
        start = min(max(start, 0), size)
        end = min(max(end, start), size)
        if start == end:
            position = self.starts[start] if start < size else self.original_length
            return position, position
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=512)
def normalize(text: str) -> Normalized:
    """Normalize `text` with an offset map; cached since one article serves many fragments."""
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    size = len(text)
    index = 0
    while index < size:
        stop = index + 1
        while stop < size and _is_mark(text[stop]):
            stop += 1
        folded = _fold_cluster(text[index:stop])
        if out and out[-1] == " " and folded.startswith(" "):
            if not folded.strip(" "):
                ends[-1] = stop  # more of the same whitespace run
                index = stop
                continue
            folded = folded.lstrip(" ")
        for char in folded:
            if char == " " and out and out[-1] == " ":
                continue
            out.append(char)
            starts.append(index)
            ends.append(stop)
        index = stop
    return Normalized("".join(out), starts, ends, size)
