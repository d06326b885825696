"""The article's language, and how the output language is named and written."""

from __future__ import annotations

LATIN_OUTPUT = frozenset({"en", "fr", "de", "es", "it", "pt", "nl"})
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "ckb", "sd", "ug", "dv"})
_LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fr": "French", "de": "German", "es": "Spanish"}


def language_name(code: str) -> str:
    """The name the system prompt uses for an output language."""
    return _LANGUAGE_NAMES.get(code, code)


def writes_latin(code: str) -> bool:
    """Whether text the model writes itself must be in Latin script (a grammar llama.cpp
    enforces), which keeps a small model from drifting into the article's script.
    """
    return code in LATIN_OUTPUT


def writes_right_to_left(code: str) -> bool:
    """Whether an article in this language is laid out right to left."""
    return code in RIGHT_TO_LEFT


def detect_language(text: str) -> str:
    """The dominant script's language: enough to tell Arabic from English news."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if arabic == latin == 0:
        return "und"
    return "ar" if arabic >= latin else "en"
