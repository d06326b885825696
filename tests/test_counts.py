"""Casualty counts read beside their cue words, with the hedge written before them."""

from __future__ import annotations

import pytest

from summarizer.counts import casualties, qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أشار المرصد إلي مقتل ما لا يقل عن 25 عنصراً من القوات النظامية", (25, None, "at_least")),
        ("قتل أكثر من 350 يمنيا وآلاف الجرحى", (350, None, "more_than")),
        ("مقتل عسكريين اثنين وإصابة 4 آخرين", (2, 4, "exact")),
        ("مقتل خمسة أطفال إثر سقوط قذيفة", (5, None, "exact")),
        ("سقط 12 قتيلا و30 جريحا", (12, 30, "exact")),
        ("مقتل ٢٥ شخصا", (25, None, "exact")),
        ("25 killed, 3 wounded", (25, 3, "exact")),
        ("at least 40 people were killed", (40, None, "at_least")),
        ("47 عنصراً من التنظيم قُتلوا في القصف وأُصيب 12 آخرون", (47, 12, "exact")),
        # The cue after "و" opens the next clause: the two are the dead, not the wounded.
        ("مقتل عسكريين تركيين اثنين وجرح اربعة آخرين", (2, 4, "exact")),
        ("أوقعت 3 قتلى و24 جريحا", (3, 24, "exact")),
        ("11 killed and 32 wounded", (11, 32, "exact")),
        ("إن داعش أعدم 44 شابا وسط الموصل", (44, None, "exact")),  # an execution kills
    ],
)
def test_counts_beside_their_cues(text: str, expected: tuple[int | None, int | None, str]) -> None:
    assert casualties(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ما أسفر عن مقتل عشرات الأشخاص",  # dozens is not a number
        "dozens were killed in the attack",
        "في عام 2014 اندلعت الاشتباكات",  # a year, and no cue
        "وصل 300 جندي إلى المدينة",  # a number with no casualty word
        "اختطفه التنظيم يوم 4 يونيو الماضي وأعدمه",  # a day of the month
    ],
)
def test_no_count_without_a_stated_number_beside_a_cue(text: str) -> None:
    assert casualties(text) == (None, None, None)


def test_a_year_is_never_a_count() -> None:
    assert casualties("في عام 2014 قتل 3 أشخاص") == (3, None, "exact")


def test_qualifier_reads_only_just_before_the_number() -> None:
    text = "قتل نحو 20 شخصا بينما أصيب 7"
    assert qualifier(text, text.index("20")) == "about"
    assert qualifier(text, text.index("7")) == "exact"
