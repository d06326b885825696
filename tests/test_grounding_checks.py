"""The validators: verdicts, spans, and one actionable sentence when they fail."""

from pathlib import Path

import pytest

from summarizer.grounding import Check, check_evidence, check_quote, check_speaker, locate
from summarizer.schema import Span

DATA = Path(__file__).resolve().parents[1] / "data"

QUOTE = "لذلك لا يوجد نقاش حول احتمالات التقدم نحو إدلب"
OBSERVATORY = "المرصد السوري لحقوق الإنسان"


@pytest.fixture(scope="module")
def seed() -> str:
    return (DATA / "seed.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def quote_span(seed: str) -> Span:
    span = locate(seed, QUOTE)
    assert span is not None
    return span


def one_sentence(check: Check) -> str:
    assert not check.ok
    assert check.span is None
    assert check.message.endswith(".")
    assert "\n" not in check.message
    return check.message


def test_check_quote_passes_with_the_span(seed: str) -> None:
    check = check_quote(seed, QUOTE.replace("إدلب", "ادلب"))
    assert check == Check(True, locate(seed, QUOTE.replace("إدلب", "ادلب")), "")
    assert check.span is not None
    assert check.span.kind == "normalized"


def test_check_quote_not_found_tells_the_model_to_copy(seed: str) -> None:
    message = one_sentence(check_quote(seed, "The ambassador said there is no debate"))
    assert message.startswith("Quote text not found in the article")
    assert "Copy the words exactly" in message


def test_check_quote_names_a_changed_number(seed: str) -> None:
    text = "أشار المرصد إلي مقتل ما لا يقل عن 24 عنصراً من القوات النظامية"
    assert "numbers" in one_sentence(check_quote(seed, text))


def test_check_quote_names_a_changed_negation(seed: str) -> None:
    message = one_sentence(check_quote(seed, QUOTE.replace("لا ", "")))
    assert "negation" in message


def test_check_quote_names_an_out_of_order_ellipsis(seed: str) -> None:
    text = "التقدم نحو إدلب ... لذلك لا يوجد نقاش حول"
    assert "order" in one_sentence(check_quote(seed, text))


def test_check_quote_long_text_is_shortened_in_the_message(seed: str) -> None:
    message = one_sentence(check_quote(seed, "كلام " * 200))
    assert len(message) < 250


def test_check_evidence_passes_and_fails(seed: str) -> None:
    ok = check_evidence(seed, "ما أسفر عن مقتل عشرات الأشخاص")
    assert ok.ok
    assert ok.span is not None
    assert ok.message == ""
    message = one_sentence(check_evidence(seed, "قتل ثلاثون مدنيا في غارة على حلب"))
    assert message.startswith("Evidence passage not found")
    assert one_sentence(check_evidence(seed, "  ")).startswith("The evidence passage is empty")


def test_check_speaker_exact_name(seed: str) -> None:
    check = check_speaker(seed, "ألكسندر كينشاك")
    assert check.ok
    assert check.span is not None
    assert check.span.kind == "exact"
    assert seed[check.span.start : check.span.end] == "ألكسندر كينشاك"


def test_check_speaker_normalized_name_and_proclitic() -> None:
    source = "وأفاد وفقا للمرصد السوري لحقوق الانسان أن"
    check = check_speaker(source, OBSERVATORY)
    assert check.ok
    assert check.span is not None
    assert check.span.kind == "normalized"


def test_check_speaker_accepts_one_misspelt_word_of_a_long_name(seed: str) -> None:
    check = check_speaker(seed, "المصدر السوري لحقوق الإنسان")
    assert check.ok
    assert check.span is not None
    assert check.span.kind == "approximate"
    assert seed[check.span.start : check.span.end] == OBSERVATORY


def test_check_speaker_gives_short_names_no_leeway(seed: str) -> None:
    assert not check_speaker(seed, "ألكسندر كينشاكوف").ok
    assert not check_speaker(seed, "المصدر السوري").ok


def test_check_speaker_rejects_a_name_not_in_the_article(seed: str) -> None:
    message = one_sentence(check_speaker(seed, "رامي عبد الرحمن"))
    assert "does not appear in the article" in message


def test_check_speaker_does_not_match_inside_a_word() -> None:
    assert not check_speaker("قال الجيشان إن", "الجيش").ok


def test_check_speaker_near_picks_the_nearest_occurrence(seed: str, quote_span: Span) -> None:
    check = check_speaker(seed, "السفير الروسي", near=quote_span)
    assert check.ok
    assert check.span is not None
    occurrences = [i for i in range(len(seed)) if seed.startswith("السفير الروسي", i)]
    assert check.span.start == max(i for i in occurrences if i < quote_span.start)


def test_check_speaker_near_requires_the_window(seed: str, quote_span: Span) -> None:
    far = check_speaker(seed, "ألكسندر كينشاك", near=quote_span)
    assert "not within 400 characters" in one_sentence(far)
    assert check_speaker(seed, "ألكسندر كينشاك", near=quote_span, window=600).ok


@pytest.mark.parametrize("name", ["", "   ", "«»"])
def test_check_speaker_empty_names_fail(seed: str, name: str) -> None:
    assert one_sentence(check_speaker(seed, name))
