"""Read an article from a file or stdin: plain text, or a JSON article with a `text` field."""

from __future__ import annotations

import codecs
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.config import MAX_CHARS
from summarizer.errors import InputError

# Past this share of control characters the bytes are not an article.
MAX_CONTROL_SHARE = 0.01
BYTES_PER_CHAR = 8
"""Most bytes a file may spend on one character of text (a JSON escape such as \\u0627
takes six), so reading can stop at `max_chars` times this without reading a huge file."""


@dataclass(frozen=True)
class Article:
    text: str
    id: str | None = None
    title: str | None = None


def _too_long(where: str, max_chars: int) -> InputError:
    return InputError(f"{where} is longer than the limit of {max_chars:,} characters (--max-chars)")


def check_text(text: str, where: str = "article", max_chars: int = MAX_CHARS) -> str:
    """The text itself, or a one-line InputError saying why it is not an article."""
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text, got {type(text).__name__}")
    if len(text) > max_chars:
        raise _too_long(where, max_chars)
    if not text.strip():
        raise InputError(f"{where} is empty")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{where} looks binary, not text")
    return text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's, which begins the same
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks of encodings whose text is full of NUL bytes: decoded by the mark,
before the NUL test would call them binary (Windows tools save UTF-16 with one)."""


def _decode(data: bytes, where: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)  # the codec drops the mark
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{where} is not valid {encoding.upper()} text (bad bytes at {error.start})"
                ) from None
    if b"\x00" in data:
        raise InputError(f"{where} looks binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{where} is not UTF-8 text (bad byte at offset {error.start})") from None


def parse(data: bytes, where: str, max_chars: int = MAX_CHARS) -> Article:
    """Bytes → Article; a JSON object must carry a non-empty string `text`."""
    if len(data) > BYTES_PER_CHAR * max_chars:
        raise _too_long(where, max_chars)
    raw = _decode(data, where)
    stripped = raw.lstrip()
    if stripped.startswith("{") or where.endswith(".json"):
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{where} is not valid JSON (line {error.lineno}: {error.msg})"
            ) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise InputError(f'{where} is JSON without a string "text" field')
        text = check_text(doc["text"], where, max_chars)
        return Article(text, doc.get("id"), doc.get("title"))
    return Article(check_text(raw, where, max_chars))


def read(path: str, max_chars: int = MAX_CHARS) -> Article:
    """`-` reads stdin; anything else is a file path. Reading stops past what an article
    of `max_chars` can take, so an endless input (/dev/zero) ends in the size error.
    """
    cap = BYTES_PER_CHAR * max_chars + 1
    if path == "-":
        return parse(sys.stdin.buffer.read(cap), "stdin", max_chars)
    file = Path(path)
    if not file.exists():
        raise InputError(f"no such file: {path}")
    if file.is_dir():
        raise InputError(f"{path} is a directory, not an article")
    try:
        with file.open("rb") as stream:
            data = stream.read(cap)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    return parse(data, path, max_chars)
