"""Read an article from a file or stdin: plain text, or a JSON article with a `text` field."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError

# Past this share of control characters the bytes are not an article.
MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Article:
    text: str
    id: str | None = None
    title: str | None = None


def check_text(text: str, where: str = "article") -> str:
    """The text itself, or a one-line InputError saying why it is not an article."""
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where} is empty")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{where} looks binary, not text")
    return text


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise InputError(f"{where} looks binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{where} is not UTF-8 text (bad byte at offset {error.start})") from None


def parse(data: bytes, where: str) -> Article:
    """Bytes → Article; a JSON object must carry a non-empty string `text`."""
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
        return Article(check_text(doc["text"], where), doc.get("id"), doc.get("title"))
    return Article(check_text(raw, where))


def read(path: str) -> Article:
    """`-` reads stdin; anything else is a file path."""
    if path == "-":
        return parse(sys.stdin.buffer.read(), "stdin")
    file = Path(path)
    if not file.exists():
        raise InputError(f"no such file: {path}")
    if file.is_dir():
        raise InputError(f"{path} is a directory, not an article")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    return parse(data, path)
