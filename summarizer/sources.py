"""A batch's articles: the files of a folder or a glob, or the lines of a JSONL file, read
one at a time; an article that cannot be read is a `Source` with its error, so it
becomes an error line instead of stopping the batch.
"""

from __future__ import annotations

import contextlib
import glob
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer import load
from summarizer.config import MAX_CHARS
from summarizer.errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Source:
    """One input article, or why it cannot be read (it becomes an error line)."""

    id: str
    text: str | None = None
    error: str | None = None


def _article(path: Path, max_chars: int) -> Source:
    """A file of the folder or glob; its JSON `id` when it has one, else its name."""
    try:
        article = load.read(str(path), max_chars)
    except InputError as error:
        return Source(path.stem, error=str(error))
    return Source(str(article.id or path.stem), article.text)


def _jsonl(path: Path, max_chars: int) -> Iterator[Source]:
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"{path.name} line {number}"
            if not raw.lstrip().startswith(b"{"):
                yield Source(where, error=f"{where} is not a JSON object")
                continue
            try:
                article = load.parse(raw, where, max_chars)
            except InputError as error:
                yield Source(_id_in(raw) or where, error=str(error))
                continue
            yield Source(str(article.id or where), article.text)


def _id_in(raw: bytes) -> str | None:
    """The `id` of a JSON line whose article is unusable, so the error line names it."""
    with contextlib.suppress(ValueError):
        doc = json.loads(raw)
        if isinstance(doc, dict) and doc.get("id") is not None:
            return str(doc["id"])
    return None


def _files(spec: str) -> list[Path]:
    folder = Path(spec)
    if folder.is_dir():
        paths = folder.iterdir()
    else:
        paths = (Path(p) for p in glob.glob(spec, recursive=True))
    return sorted(p for p in paths if p.is_file() and not p.name.startswith("."))


def _is_jsonl(spec: str) -> bool:
    return Path(spec).is_file() and Path(spec).suffix in JSONL_SUFFIXES


def read_sources(spec: str, max_chars: int = MAX_CHARS) -> Iterator[Source]:
    """The articles of a folder, a glob, or a JSONL file (objects with `id` and `text`),
    read one at a time.
    """
    if _is_jsonl(spec):
        yield from _jsonl(Path(spec), max_chars)
        return
    for path in _files(spec):
        yield _article(path, max_chars)


def count_sources(spec: str) -> int:
    """How many articles `read_sources` will give, without reading them; InputError if none."""
    if _is_jsonl(spec):
        with Path(spec).open("rb") as lines:
            count = sum(1 for raw in lines if raw.strip())
    else:
        count = len(_files(spec))
    if not count:
        raise InputError(f"no articles in {spec} (a folder, a glob, or a .jsonl file)")
    return count
