"""`numbers_in` and `check_count`: stated numbers in digits and words, never vague ones."""

import pytest

from summarizer.grounding import check_count, numbers_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقتل 25 عنصراً", [25]),
        ("مقتل ٢٥ عنصراً و۳ مدنيين", [25, 3]),
        ("قتل خمسة وعشرين شخصا", [25]),
        ("خمسة قتلى وعشرين جريحا", [5, 20]),
        ("اثنين", [2]),
        ("عسكريين تركيين اثنين وجرح اربعة آخرين", [2, 4]),
        ("أحد عشر", [11]),
        ("اثنا عشر جنديا", [12]),
        ("خمسة عشر ألف", [15000]),
        ("مئة وخمسة وعشرين", [125]),
        ("مائة", [100]),
        ("ثلاثمائة", [300]),
        ("ثلاث مئة", [300]),
        ("ثلاثة آلاف", [3000]),
        ("ألف", [1000]),
        ("ألفين وخمسمائة", [2500]),
        ("بلغوا 400 ألف نازح بين ثلاثة ملايين", [400000, 3000000]),
        ("وثلاثة من العاملين", [3]),
        ("القتلى الثلاثة", [3]),
        ("twenty-five killed", [25]),
        ("twenty five", [25]),
        ("three hundred", [300]),
        ("one hundred and twenty-five", [125]),
        ("two thousand five hundred", [2500]),
        ("2.5 million", [2500000]),
        ("1,500 people", [1500]),
        ("in 2014 and 2015", [2014, 2015]),
        ("one two", [1, 2]),
    ],
)
def test_numbers_in_reads_digits_and_words(text: str, expected: list[int]) -> None:
    assert numbers_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "مقتل عشرات الأشخاص",
        "سقوط مئات القذائف",
        "آلاف النازحين",
        "ملايين",
        "dozens of people",
        "hundreds were hurt",
        "thousands fled",
        "several soldiers",
        "يوم الاثنين",
        "أحد المقاتلين",
        "",
    ],
)
def test_vague_quantities_and_lookalikes_are_not_numbers(text: str) -> None:
    assert numbers_in(text) == []


def test_a_decimal_keeps_its_digit_groups_apart() -> None:
    assert numbers_in("2.5") == [2, 5]
    assert numbers_in("2.5") != numbers_in("2.6")


def test_absurdly_long_digit_runs_are_read_in_pieces_that_fit() -> None:
    assert max(numbers_in("9" * 5000 + ".5" * 100)) == 10**18 - 1  # 18 digits at most
    assert numbers_in("1" * 400 + " million")[-1] == 1111 * 10**6


@pytest.mark.parametrize(
    ("evidence", "count", "stated"),
    [
        ("مقتل ما لا يقل عن 25 عنصراً", 25, "25"),
        ("مقتل ما لا يقل عن ٢٥ عنصراً", 25, "٢٥"),
        ("مقتل خمسة وعشرين عنصراً", 25, "خمسة وعشرين"),
        ("twenty-five soldiers were killed", 25, "twenty-five"),
        ("مقتل عسكريين تركيين اثنين", 2, "اثنين"),
    ],
)
def test_check_count_finds_the_stated_count(evidence: str, count: int, stated: str) -> None:
    check = check_count(evidence, count)
    assert check.ok
    assert check.message == ""
    assert check.span is not None
    assert evidence[check.span.start : check.span.end] == stated


def test_check_count_refuses_a_count_for_a_vague_quantity() -> None:
    check = check_count("ما أسفر عن مقتل عشرات الأشخاص", 24)
    assert not check.ok
    assert check.span is None
    assert "عشرات" in check.message
    assert "null" in check.message


def test_check_count_refuses_a_rounded_or_invented_count() -> None:
    check = check_count("مقتل ما لا يقل عن 25 عنصراً", 24, "wounded")
    assert not check.ok
    assert "24 wounded" in check.message
    assert check.message.endswith(".")


def test_check_count_survives_junk() -> None:
    assert not check_count("", 3).ok
    assert not check_count("\ud800\x00", -1).ok
