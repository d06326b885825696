"""Word patterns that match a cue however the article spells it.

News writes one word with and without hamza (أفاد / افاد), with ي for final ى (إلي،
علي), with ه for ة (and ت once a pronoun is attached), and adds tashkeel or tatweel.
The letters fold by `normalize.LETTER_FOLDS`, so the cue finders and grounding agree on
what counts as the same word. Lists of words are strings: words split on spaces, and
`_` joins the words of one phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.normalize import LETTER_FOLDS

MARKS = "\u0610-\u061a\u064b-\u065f\u0670"
"""Tashkeel and Quranic marks: part of the word they sit on."""
LETTER = rf"[\w{MARKS}]"
START = rf"(?<!{LETTER})"
STOP = rf"(?!{LETTER})"
TOKEN = re.compile(rf"{LETTER}+|[^\w\s{MARKS}]")
WORD = re.compile(rf"{LETTER}+")
PRONOUN = "(?:ه|ها|هم)"
"""An attached object pronoun: أكده، قولها، نقلهم."""

_SPELLING = str.maketrans(LETTER_FOLDS)


def _variants() -> dict[str, str]:
    """Each foldable letter → a class of its spellings; ة is also written ت before a pronoun."""
    spellings: dict[str, str] = {}
    for letter, folded in LETTER_FOLDS.items():
        spellings[folded] = spellings.get(folded, folded) + letter
    letters = {**LETTER_FOLDS, **{folded: folded for folded in spellings}}
    return {
        letter: f"[{spellings[folded]}{'ت' if letter == 'ة' else ''}]"
        for letter, folded in letters.items()
    }


_VARIANTS = _variants()


def fuzzy(word: str) -> str:
    """Regex for a word or phrase that tolerates tashkeel, tatweel and spelling variants."""
    return "".join(
        r"\s+" if char == " " else _VARIANTS.get(char, re.escape(char)) + f"[{MARKS}ـ]*"
        for char in word
    )


def alternation(words: Iterable[str]) -> str:
    """Longest first, so a word is never cut short by a shorter one it starts with."""
    return "|".join(fuzzy(w) for w in sorted(words, key=len, reverse=True))


def key(text: str) -> str:
    """Key a word by spelling: no tashkeel or tatweel, letters folded as `normalize` does."""
    return re.sub(f"[{MARKS}ـ]", "", text).translate(_SPELLING)


def words(text: str) -> tuple[str, ...]:
    """Split a word list; `_` joins the words of one phrase."""
    return tuple(word.replace("_", " ") for word in text.split())


def word_set(text: str, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """Match one whole token among the words of `text`, with the optional affixes."""
    return re.compile(f"{prefix}(?:{alternation(words(text))}){suffix}$")


def phrases(text: str) -> re.Pattern[str]:
    """Find any of the words of `text` as whole words in running text."""
    return re.compile(rf"{START}(?:{alternation(words(text))}){STOP}")


def has_article(word: str) -> bool:
    """The word carries ال, after و or ف at most."""
    return key(word).startswith(("ال", "وال", "فال"))
