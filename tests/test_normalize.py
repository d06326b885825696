import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.normalize import Normalized, normalize

DATA = Path(__file__).resolve().parents[1] / "data"

# Every character class, surrogates and controls included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)
ARABIC_TEXT = st.text(
    st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهوي")
        + list("أإآٱىةءؤئ")
        + ["\u064e", "\u064b", "\u0651", "\u0652", "\u0670", "ـ", "٢", "۵", "«", "»", "¢"]
        + [" ", "\t", "\u00a0", "\n", "\u200f", "\u200c", "—", "-", "A", "ß", "ﻻ", "…"]
    ),
    max_size=60,
)


@pytest.fixture(scope="module")
def seed() -> str:
    return (DATA / "seed.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def article() -> str:
    path = DATA / "articles" / "saudinewsnet-aawsat-2015-07-25-33.json"
    return json.loads(path.read_text("utf-8"))["text"]


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("أحمد إلى آخر ٱلكتاب", "احمد الى اخر الكتاب"),
        ("على إلى مستشفى", "علي الي مستشفي"),
        ("مدينة الرقة", "مدينه الرقه"),
        ("كَتَبَ الجُنْدِيُّ", "كتب الجندي"),
        ("قُرْآنٌۖ", "قران"),
        ("كـــبير", "كبير"),
        ("٢٥ و۳۶", "25 و36"),
        ("«داعش» “داعش” „داعش‟ ¢داعش¢ 'داعش' ‹داعش›", '"داعش" "داعش" "داعش" "داعش" "داعش" "داعش"'),
        ("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"),
        ("one \u00a0\t\n two", "one two"),
        ("ال\u200fرقة\u200e \u061c", "الرقه "),
        ("می\u200cخواهم", "ميخواهم"),
        ("Straße ISTANBUL", "strasse istanbul"),
        ("ﻻ ﷲ", "لا الله"),
        ("１２ＡＢ", "12ab"),
        ("؟ ، ؛ ٫ ٬", "? , ; . ,"),
    ],
)
def test_folds_each_class_to_the_canonical_form(variant: str, canonical: str) -> None:
    assert normalize(variant).text == normalize(canonical).text


def test_tatweel_is_removed_not_a_dash() -> None:
    assert normalize("ـ").text == ""
    assert "-" not in normalize("الـرقة").text


def test_the_sample_articles_orthography_aligns_with_the_standard_one(seed: str) -> None:
    standard = "من ناحية أخرى أشار المرصد إلى مقتل ما لا يقل عن ٢٥ عنصراً"
    assert normalize(standard).text in normalize(seed).text
    assert normalize("الجرحى").text in normalize(seed).text


def test_to_original_includes_the_diacritics_of_the_last_letter() -> None:
    norm = normalize("كَتَبَ")
    assert norm.text == "كتب"
    assert norm.to_original(0, 3) == (0, 6)
    assert norm.to_original(2, 3) == (4, 6)


def test_to_original_maps_collapsed_whitespace_to_the_whole_run() -> None:
    text = "a \u00a0\u200f\n b"
    norm = normalize(text)
    assert norm.text == "a b"
    assert norm.to_original(1, 2) == (1, 6)
    assert norm.to_original(2, 3) == (6, 7)


def test_to_original_clamps_and_handles_empty_spans() -> None:
    norm = normalize("abc")
    assert norm.to_original(-5, 99) == (0, 3)
    assert norm.to_original(2, 1) == (2, 2)
    assert norm.to_original(3, 3) == (3, 3)
    assert normalize("").to_original(0, 0) == (0, 0)


def test_an_expanding_character_maps_every_output_to_itself() -> None:
    norm = normalize("xßy")
    assert norm.text == "xssy"
    assert norm.to_original(1, 2) == (1, 2)
    assert norm.to_original(2, 3) == (1, 2)


def test_normalization_is_cached_and_frozen(article: str) -> None:
    first = normalize(article)
    assert normalize(article) is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "changed"  # type: ignore[misc]


def test_a_real_article_keeps_offsets_for_every_character(article: str) -> None:
    norm = normalize(article)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    start, end = norm.to_original(0, len(norm.text))
    assert article[start:end].strip() == article.strip()


def _cluster_starts(norm: Normalized) -> list[int]:
    """Normalized offsets where output from a new original cluster begins."""
    size = len(norm.text)
    return [i for i in range(size + 1) if i in (0, size) or norm.starts[i] != norm.starts[i - 1]]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, ARABIC_TEXT), data=st.data())
def test_round_trip_whole_clusters(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    cuts = _cluster_starts(norm)
    start = data.draw(st.sampled_from(cuts))
    end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
    a, b = norm.to_original(start, end)
    # Whitespace collapses with its neighbours, so only the edges may differ by a space.
    assert normalize(text[a:b]).text.strip() == norm.text[start:end].strip()


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, ARABIC_TEXT), data=st.data())
def test_round_trip_any_span_is_contained(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    a, b = norm.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    assert norm.text[start:end].strip() in normalize(text[a:b]).text


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, ARABIC_TEXT))
def test_offsets_are_monotonic_and_in_range(text: str) -> None:
    norm = normalize(text)
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(norm.starts, norm.ends, strict=True))


@settings(max_examples=200, deadline=None)
@given(text=ARABIC_TEXT)
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once
