"""Reading articles: every bad input is one clear InputError, never a traceback."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from summarizer.config import MAX_CHARS
from summarizer.errors import InputError
from summarizer.load import parse, read


@pytest.fixture
def seed_text() -> str:
    return (Path(__file__).resolve().parent.parent / "data" / "seed.txt").read_text(
        encoding="utf-8"
    )


def test_plain_text_is_read_verbatim(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert read(str(path)).text == seed_text


def test_json_article_uses_its_text_field(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps({"id": "x1", "title": "t", "text": " نص الخبر "}, ensure_ascii=False)
    )
    article = read(str(path))
    assert (article.id, article.title, article.text) == ("x1", "t", " نص الخبر ")


def test_utf8_bom_is_not_part_of_the_text() -> None:
    assert parse("\ufeffخبر".encode(), "x.txt").text == "خبر"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "is empty"),
        (b"  \n\t ", "a.txt", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a.png", "binary"),
        ("خبر".encode("cp1256"), "a.txt", "not UTF-8"),
        (b'{"title": "no text"}', "a.json", 'without a string "text"'),
        (b'{"text": 5}', "a.json", 'without a string "text"'),
        (b"{not json", "a.json", "not valid JSON"),
        (b'{"text": ""}', "a.json", "is empty"),
    ],
)
def test_bad_input_is_one_clear_line(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse(data, name)
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read(str(tmp_path))


def test_an_article_over_the_size_cap_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("ا" * 101, encoding="utf-8")
    with pytest.raises(InputError, match="limit of 100 characters") as caught:
        read(str(path), max_chars=100)
    assert "\n" not in str(caught.value)
    # JSON escapes take six bytes a character: the cap counts the text, not the file
    escaped = json.dumps({"text": "ا" * 100})
    assert parse(escaped.encode(), "a.json", max_chars=100).text == "ا" * 100


def test_an_endless_input_ends_in_the_size_error() -> None:
    with pytest.raises(InputError, match="longer than the limit of 200,000 characters"):
        read("/dev/zero")


def test_the_default_cap_is_far_above_the_longest_real_article() -> None:
    pool = Path(__file__).resolve().parent.parent / "data" / "pool.jsonl"
    longest = max(len(json.loads(line)["text"]) for line in pool.read_text("utf-8").splitlines())
    assert longest > 17_000 and 10 * longest <= MAX_CHARS


@pytest.mark.parametrize(
    "bom, encoding",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(
    bom: bytes, encoding: str, seed_text: str
) -> None:
    """Windows tools save UTF-16 with a mark; its NUL bytes must not make it "binary"."""
    assert parse(bom + seed_text.encode(encoding), "a.txt").text == seed_text
    article = json.dumps({"text": seed_text}, ensure_ascii=False)
    assert parse(bom + article.encode(encoding), "a.json").text == seed_text


def test_a_byte_order_mark_before_bad_bytes_is_one_clear_line() -> None:
    with pytest.raises(InputError, match="not valid UTF-16 text"):
        parse(codecs.BOM_UTF16_LE + b"\x00\xd8", "a.txt")
