"""Arabic letters as an English spelling hears them: a consonant class, a long vowel,
ع, or a silent hamza; what the skeletons compare and `transliterate` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# One class per Arabic consonant (emphatics keep their own class: they cost the same
# in English but may not collapse with their plain twin).
ARABIC_CLASS = {
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "ḥ",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "ṣ",
    "ض": "ḍ",
    "ط": "ṭ",
    "ظ": "ẓ",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "h",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ک": "k",
}
_ALEFS = "اأإآٱ"
SEMIVOWELS = {"و": "w", "ي": "y", "ی": "y", "ى": "y"}
_LONG = {"و": "u", "ى": "a"}
# Letters that carry no consonant an English spelling would show.
_SILENT = frozenset(_ALEFS + "ىءئؤع")
_VOWEL_AFTER = frozenset(_ALEFS + "ةه")
_SEATED = {"ئ": "i", "ؤ": "u"}
"""The vowel a hamza's seat spells: بئر is Bir, not Bar."""


def _semivowel_is_consonant(word: str, index: int) -> bool:
    """و/ي is a consonant at the start of a stem, before a vowel letter or ending a word
    after an alef (وليد, مروان, ديار, نينوى, ساو), as w and y are in English spellings.

    Elsewhere it is a long vowel or a diphthong (كينشاك, يوسف, أيمن), which English
    writes with vowels (Ayman); داود then reads as Daoud, and Dawood is close.
    """
    following = word[index + 1 : index + 2]
    if index == 0 or (not following and word[index - 1] in _ALEFS):
        return True
    final_ya = following in ("ي", "ى") and index + 2 == len(word)  # نينوى, normalized نينوي
    return following in _VOWEL_AFTER or final_ya


@dataclass(frozen=True, slots=True)
class Letter:
    """One Arabic letter as the renderer sees it: a consonant class or a vowel."""

    kind: Literal["consonant", "long", "ain", "hamza"]
    value: str


def arabic_letters(word: str) -> list[Letter]:
    """The letters of a normalized Arabic word, each a consonant class or a vowel; marks
    and other characters are left out.
    """
    out: list[Letter] = []
    for index, char in enumerate(word):
        if char in SEMIVOWELS:
            if _semivowel_is_consonant(word, index):
                out.append(Letter("consonant", SEMIVOWELS[char]))
            else:
                out.append(Letter("long", _LONG.get(char, "i")))
        elif char in ARABIC_CLASS:
            out.append(Letter("consonant", ARABIC_CLASS[char]))
        elif char in _ALEFS:
            out.append(Letter("long", "a" if char != "إ" else "i"))
        elif char == "ع":
            out.append(Letter("ain", ""))
        elif char in _SILENT:
            out.append(Letter("hamza", _SEATED.get(char, "")))
    return out
