"""English words as the checks see them: article prefixes and possessives set apart.

"al-Jubeir" is the word Jubeir with an article (Arabic ال, which the other side strips
too); "Turkey's" is Turkey. Acronyms keep their case so that US is not "us".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["STOPWORDS", "Token", "key_of", "singular", "tokenize"]

_TOKEN = re.compile(
    r"(?:\b(?:[Aa]l|[Ee]l|[Aa](?:dh|d|n|r|sh|s|th|t|z)|[Uu][dl])-(?=[^\W\d_]))?"
    r"(?P<word>[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?)",
)
_POSSESSIVE = re.compile(r"['’]s$")
_OPENERS = frozenset('.!?:;([{"“‘«')
_STOPWORDS = "a an and at by for from in of on the to with al el ad ar as ash az"
STOPWORDS = frozenset(_STOPWORDS.split())
"""Words a name or title may carry that render no Arabic word (the article included)."""


@dataclass(frozen=True, slots=True)
class Token:
    """One English word: as written, its lookup key, where it stands, whether it opens a
    sentence.
    """

    text: str
    key: str
    start: int
    end: int
    initial: bool

    @property
    def stop(self) -> bool:
        return self.key in STOPWORDS

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def key_of(word: str) -> str:
    """The lookup form: acronyms as written, other words case-folded without accents."""
    if len(word) >= 2 and word.isupper():
        return word
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenize(text: str) -> list[Token]:
    """The words of an English name or sentence; a word opens a sentence after . ! ? : ;
    or an opening bracket or quote (or at the very start).
    """
    if not isinstance(text, str):
        return []
    tokens: list[Token] = []
    previous = 0
    for match in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", match["word"])
        gap = text[previous : match.start()]
        initial = not tokens or any(char in _OPENERS for char in gap)
        start = match.start("word")
        tokens.append(Token(word, key_of(word), start, start + len(word), initial))
        previous = match.end()
    return tokens


def singular(key: str) -> str:
    """A plural's singular, well enough for lexicon look-ups (officials, militias)."""
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("ches", "shes", "sses", "xes")):
        return key[:-2]
    if key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        return key[:-1]
    return key
