"""Properties: grounding never raises, and what it returns always points into the source."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.grounding import (
    Check,
    check_count,
    check_evidence,
    check_quote,
    check_speaker,
    locate,
    numbers_in,
    stated_numbers,
)
from summarizer.normalize import normalize
from summarizer.schema import Span

DATA = Path(__file__).resolve().parents[1] / "data"

# Any code point (controls, lone surrogates, marks) and Arabic with its variants; words
# of the seed article are drawn in the tests so that the fuzzy path gets exercised.
JUNK = st.text(st.characters(exclude_categories=()), max_size=80)
ARABIC = st.text(
    st.sampled_from(list("اأإآىيةهـًٌٍَُِّْ٠١٢٣ 0123456789«»\"'….,؟\n\u200f\u200c—")), max_size=80
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NEAR = Span(start=0, end=10, kind="exact", score=1.0)


def text(seed: str) -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(seed.split()), max_size=25).map(" ".join)
    return st.one_of(JUNK, ARABIC, words)


@pytest.fixture(scope="module")
def seed() -> str:
    return (DATA / "seed.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def article() -> str:
    path = DATA / "articles" / "saudinewsnet-alyaum-2015-07-25-08.json"
    return json.loads(path.read_text("utf-8"))["text"]


def assert_in(span: Span | None, source: str) -> None:
    if span is not None:
        assert 0 <= span.start <= span.end <= len(source)
        assert 0.0 <= span.score <= 1.0


def assert_check(check: Check) -> None:
    assert check.ok == (check.message == "")
    assert check.ok or check.span is None


@SETTINGS
@given(data=st.data())
def test_nothing_raises_on_any_text(seed: str, data: st.DataObject) -> None:
    source, fragment = data.draw(text(seed)), data.draw(text(seed))
    assert_in(locate(source, fragment), source)
    assert_in(locate(source + seed, fragment), source + seed)
    stated = stated_numbers(fragment)
    assert numbers_in(fragment) == [value for value, _, _ in stated]
    assert all(0 <= start <= end <= len(fragment) for _, start, end in stated)
    for check in (
        check_quote(source, fragment),
        check_evidence(source, fragment),
        check_speaker(source, fragment),
        check_speaker(seed, fragment, near=NEAR),
        check_count(fragment, 25),
    ):
        assert_check(check)


@SETTINGS
@given(data=st.data(), noise=JUNK)
def test_located_spans_always_lie_in_the_seed(seed: str, data: st.DataObject, noise: str) -> None:
    fragment = " ".join(data.draw(st.lists(st.sampled_from(seed.split()), max_size=25)))
    for candidate in (fragment, noise + fragment, fragment + " ... " + noise):
        span = locate(seed, candidate)
        assert_in(span, seed)
        if span is not None and span.kind == "exact":
            assert seed[span.start : span.end] == candidate.strip()


@SETTINGS
@given(data=st.data())
def test_any_word_aligned_substring_is_found_exactly(article: str, data: st.DataObject) -> None:
    words = article.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, min(len(words), start + 30)))
    fragment = " ".join(words[start:end]).strip()
    if not fragment:
        return
    span = locate(article, fragment)
    assert span is not None
    assert span.kind == "exact"
    assert article[span.start : span.end] == fragment


@SETTINGS
@given(data=st.data())
def test_orthographic_variants_are_found_normalized(article: str, data: st.DataObject) -> None:
    words = article.split(" ")
    start = data.draw(st.integers(0, len(words) - 6))
    fragment = " ".join(words[start : start + 6]).strip()
    table = data.draw(
        st.sampled_from([{"ى": "ي"}, {"ة": "ه"}, {"أ": "ا", "إ": "ا"}, {"ي": "ى"}, {" ": "  "}])
    )
    variant = fragment.translate(str.maketrans(table))
    span = locate(article, variant)
    assert span is not None
    assert span.kind in ("exact", "normalized")
    assert normalize(article[span.start : span.end]).text == normalize(variant).text.strip()


def test_huge_inputs_get_an_answer(seed: str) -> None:
    """How long they take is measured by `evals/bench_locate.py`, not asserted here."""
    source = seed * 40
    assert locate(source, seed[:3000]) is not None
    assert locate(source, "كلمة " * 4000) is None
    assert locate(seed, source) is None
    assert locate(seed, "\ud800" * 10_000) is None
    assert not check_speaker(source, "اسم غير موجود في النص").ok
