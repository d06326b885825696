"""The eval sets (dev, and the held-out test split): articles copied exactly, spans that slice."""

from __future__ import annotations

import importlib.util
import json
import re
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest

from summarizer.evaluation.dataset import Case, load_dataset

SEED_ID = "seed-syria-observatory"
EXPECTED_CASES = {"dev": 23, "test": 12}
QUOTE_MARKS = '«»"¢“”'

# Arabic number words (with spelling variants) that the gold counts rely on; duals that
# state "two" on their own (شرطيين "two policemen", ضابطي صف "two NCOs") are listed as such.
NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    2: ("اثنين", "اثنان", "اثنتين", "شرطيين", "ضابطي"),
    3: ("ثلاثة", "ثلاث"),
    4: ("أربعة", "اربعة", "أربع", "اربع"),
    5: ("خمسة", "خمس"),
    6: ("ستة",),
    7: ("سبعة",),
    8: ("ثمانية",),
    9: ("تسعة",),
    10: ("عشرة",),
    20: ("عشرين", "عشرون"),
    100: ("مائة", "مئة"),
}
ARABIC_LETTER = "\u0621-\u064a"


@pytest.fixture(scope="module")
def root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", params=sorted(EXPECTED_CASES))
def dataset(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def cases(root: Path, dataset: str) -> list[Case]:
    return load_dataset(root / "evals" / "datasets" / dataset)


@pytest.fixture(scope="module")
def articles(root: Path) -> dict[str, dict[str, str | None]]:
    """Every source article by case id, read straight from data/."""
    found: dict[str, dict[str, str | None]] = {
        SEED_ID: {"text": (root / "data" / "seed.txt").read_text(encoding="utf-8")}
    }
    for path in sorted(
        path
        for folder in ("articles", "dev", "test")
        for path in (root / "data" / folder).glob("*.json")
    ):
        article = json.loads(path.read_text(encoding="utf-8"))
        found[article["id"]] = article
    return found


@pytest.fixture(scope="module")
def annotate_module(root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("evals_annotate", root / "evals" / "annotate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stated_numbers(text: str) -> list[int]:
    """Numbers written in digits or as one of the known number words."""
    numbers = [int(digits) for digits in re.findall(r"\d+", text)]
    for value, words in NUMBER_WORDS.items():
        for word in words:
            # a one-letter proclitic (و، ب، ل، ف) may be attached; no other letter around it
            if re.search(rf"(?<![{ARABIC_LETTER}])[وبلف]?{word}(?![{ARABIC_LETTER}])", text):
                numbers.append(value)
    return numbers


def test_expected_cases_with_unique_ids(cases: list[Case], dataset: str) -> None:
    assert len(cases) == EXPECTED_CASES[dataset]
    ids = [case.id for case in cases]
    assert len(set(ids)) == len(ids)


def test_file_names_match_ids(root: Path, dataset: str) -> None:
    for path in sorted((root / "evals" / "datasets" / dataset).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem
        assert data["$schema"] == "../../../schemas/case.json"


def test_text_is_the_article_byte_for_byte(
    cases: list[Case], articles: dict[str, dict[str, str | None]]
) -> None:
    assert {case.id for case in cases} <= set(articles)
    for case in cases:
        article = articles[case.id]
        assert case.text == article["text"], case.id
        for field in ("title", "source", "url", "language"):
            if field in article:
                assert getattr(case, field) == article[field], (case.id, field)


def test_every_item_has_a_span_that_slices_to_its_text(cases: list[Case]) -> None:
    for case in cases:
        passages = [p for event in case.gold.events for p in event.evidence]
        for item in [*passages, *case.gold.quotes]:
            assert item.span is not None, (case.id, item.text)
            assert item.span.kind == "exact" and item.span.score == 1.0
            assert case.text[item.span.start : item.span.end] == item.text, (case.id, item.text)
            assert case.text.count(item.text) == 1, (case.id, item.text)


def test_every_case_has_gold(cases: list[Case]) -> None:
    """Dev was chosen for both; a randomly drawn test article (a column) may have no event."""
    for case in cases:
        assert case.gold.events or case.gold.quotes, case.id
    assert sum(bool(case.gold.events and case.gold.quotes) for case in cases) >= len(cases) - 3


def test_names_are_written_in_the_article(cases: list[Case]) -> None:
    for case in cases:
        for quote in case.gold.quotes:
            assert quote.speaker.name_source, (case.id, quote.text)
            assert quote.speaker.name_source in case.text, (case.id, quote.speaker)
            assert quote.translation and quote.topic, (case.id, quote.text)
        for event in case.gold.events:
            if event.location is not None and event.location.name_source is not None:
                assert event.location.name_source in case.text, (case.id, event.location)


def test_direct_quotes_are_cut_inside_the_marks(cases: list[Case]) -> None:
    for case in cases:
        for quote in case.gold.quotes:
            if quote.mode == "direct":
                assert quote.text[0] not in QUOTE_MARKS, (case.id, quote.text)
                assert quote.text[-1] not in QUOTE_MARKS, (case.id, quote.text)


def test_counts_are_stated_in_the_evidence(cases: list[Case]) -> None:
    """A count is a number the evidence states, the sum of two it states (12 + three), or
    one more than "N others" (the commander "killed with 40 others" makes 41).
    """
    for case in cases:
        for event in case.gold.events:
            evidence = " ".join(passage.text for passage in event.evidence)
            numbers = stated_numbers(evidence)
            for count in (event.killed, event.wounded):
                if count is None:
                    continue
                summed = {a + b for a, b in combinations(numbers, 2)}
                summed |= {int(n) + 1 for n in re.findall(r"(\d+) آخرين", evidence)}
                assert count in numbers or count in summed, (case.id, event.description, count)
            has_count = event.killed is not None or event.wounded is not None
            assert (event.count_qualifier is not None) == has_count, (case.id, event.description)


def test_seed_case_has_the_required_gold(root: Path) -> None:
    seed = next(c for c in load_dataset(root / "evals" / "datasets" / "dev") if c.id == SEED_ID)
    quotes = [q for q in seed.gold.quotes if q.speaker.name_en == "Alexander Kinshchak"]
    assert any("تدمر" in q.text for q in quotes)
    assert any("إدلب" in q.text for q in quotes)
    toll = [e for e in seed.gold.events if e.killed == 25]
    assert len(toll) == 1 and toll[0].count_qualifier == "at_least"
    places = {e.location.name_source for e in seed.gold.events if e.location}
    assert {"بزاعة", "إدلب"} <= places
    assert any("الرقة" in place for place in places if place)
    idlib = next(e for e in seed.gold.events if e.type == "airstrike")
    assert idlib.killed is None  # "dozens" (عشرات) is no number


def test_annotate_is_idempotent(annotate_module: ModuleType, dataset: str) -> None:
    assert annotate_module.main(["--check", "--dataset", dataset]) == 0


def test_annotate_refuses_missing_and_ambiguous_fragments(annotate_module: ModuleType) -> None:
    text = "قال المرصد إن الاشتباكات مستمرة. وقال المرصد إن القصف مستمر."
    span = annotate_module.locate(text, "الاشتباكات مستمرة", "t")
    assert text[span.start : span.end] == "الاشتباكات مستمرة"
    with pytest.raises(annotate_module.AnnotationError, match="not an exact substring"):
        annotate_module.locate(text, "الاشتباكات متواصلة", "t")
    with pytest.raises(annotate_module.AnnotationError, match="lengthen"):
        annotate_module.locate(text, "قال المرصد", "t")
