"""Places, actors and times that code proposes for an event, as spans of the article."""

from __future__ import annotations

import pytest

from summarizer.arguments import (
    Argument,
    actor_candidates,
    event_arguments,
    place_candidates,
    preferred,
    time_candidates,
)


def texts(found: list[Argument]) -> list[str]:
    return [a.text for a in found]


def places(text: str) -> list[str]:
    return texts(place_candidates(text))


def actors(text: str) -> list[str]:
    return texts(actor_candidates(text))


def times(text: str) -> list[str]:
    return texts(time_candidates(text))


# --- places ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل ثلاثة مدنيين في مدينة الرستن بريف حمص.", ["الرستن", "ريف حمص"]),
        ("اندلعت اشتباكات قرب بلدة مارع شمال حلب.", ["مارع", "حلب"]),
        ("سقطت قذائف على جبل الزاوية أمس.", ["جبل الزاوية"]),
        ("تقدمت القوات نحو محافظة صلاح الدين.", ["صلاح الدين"]),
        ("غارات على منطقتي الحمدانية وتلكيف شرق الموصل.", ["الحمدانية وتلكيف", "الموصل"]),
        ('معارك عنيفة في جبهة "نهم" بمحافظة صنعاء.', ["نهم", "صنعاء"]),
        ("انفجرت عبوة وسط كركوك صباح اليوم.", ["كركوك"]),
        ("شنت الطائرات غارات على مواقع في محيط مطار دير الزور العسكري.", ["مطار دير الزور"]),
    ],
)
def test_place_after_a_lead_in_without_its_generic_word(text: str, expected: list[str]) -> None:
    assert places(text) == expected


def test_about_is_no_place_but_around_a_town_is() -> None:
    """حول is "about" before most of its uses in the pool; a place only through a
    generic word.
    """
    assert places("وتحدث السفير حول الملف النووي وجبهة النصرة.") == []
    assert places("اندلعت اشتباكات حول مدينة تدمر.") == ["تدمر"]


def test_common_nouns_after_a_preposition_are_no_places() -> None:
    text = (
        "وقال مصدر في المعارضة السورية إن المقاتلين في صفوف التنظيم قتلوا في الهجوم "
        "على الأقل، في إطار الحملة، ونحو عشرين آخرين."
    )
    assert places(text) == []


def test_particles_quantities_owned_nouns_and_duals_are_no_places() -> None:
    text = (
        "إلى ذلك، فجروا عبوات في أكثر من عشرين موقعا، وقتل جنديان في تفجيرين، "
        "وخطف مهندس أثناء توجهه إلى عمله، وقال إن الطائرات في قبرص لديها قدرات."
    )
    assert places(text) == ["قبرص"]


def test_a_name_stops_before_a_phrase_led_by_bi() -> None:
    assert places("قتل مدنيون في قرى ساحل حلي بمحافظة القنفذة.") == ["ساحل حلي", "القنفذة"]


def test_a_description_is_no_name_but_a_landmark_is() -> None:
    assert places("قصفت الطائرات الحي الصناعي في المدينة.") == []
    assert places("قصفت الطائرات حي الشعار في حلب.") == ["حي الشعار", "حلب"]


def test_a_country_is_a_place_after_a_lead_in_and_a_party_before_its_verb() -> None:
    text = "وأبلغت تركيا الأمم المتحدة أنها شنت غارات في سوريا وبالعراق."
    assert places(text) == ["سوريا", "العراق"]
    assert "تركيا" in actors(text) and "سوريا" not in actors(text)


def test_spans_slice_the_source_in_text_order() -> None:
    text = "  قتل جندي في بلدة الباب، وأصيب آخر قرب منبج، أمس الأحد.  "
    found = place_candidates(text)
    assert texts(found) == ["الباب", "منبج"]
    assert all(text[a.start : a.end] == a.text for a in found)
    assert [a.start for a in found] == sorted(a.start for a in found)


def test_a_range_limits_the_search() -> None:
    text = "قتل جندي في الرقة. وأصيب آخر في دير الزور."
    second = text.index("وأصيب")
    assert texts(place_candidates(text, second)) == ["دير الزور"]


# --- actors ----------------------------------------------------------------------------


def test_armed_groups_and_head_noun_phrases() -> None:
    text = "هاجم مسلحو تنظيم داعش مواقع قوات البشمركة، فيما قصفت طائرات التحالف الدولي تجمعاتهم."
    assert actors(text) == ["مسلحو تنظيم داعش", "قوات البشمركة", "طائرات التحالف الدولي"]


def test_an_article_led_phrase_stops_before_its_verb() -> None:
    assert actors("القوات العراقية هاجمت مواقع للتنظيم.") == ["القوات العراقية", "تنظيم"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فجر انتحاري نفسه بحزام ناسف.", ["انتحاري"]),
        ("أعلن تنظيم داعش مسؤوليته عن التفجير.", ["تنظيم داعش"]),
        ('حوكم عشرون من عناصر تنظيم "أجناد مصر".', ['عناصر تنظيم "أجناد مصر"']),
        ("وصل مدير حرس الحدود اللواء سعيد.", ["حرس الحدود", "اللواء سعيد"]),
    ],
)
def test_an_actor_phrase_ends_where_its_name_does(text: str, expected: list[str]) -> None:
    assert actors(text) == expected


def test_an_officials_title_runs_into_the_name() -> None:
    text = "التقى وزير الخارجية الفرنسي جان إيف لودريان نظيره السعودي في الرياض."
    assert actors(text)[0] == "وزير الخارجية الفرنسي جان إيف"


# --- time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "أمس",
        "مساء أمس الأحد",
        "يوم الثلاثاء",
        "صباح اليوم (أمس)",
        "الليلة الماضية",
        "في وقت مبكر من صباح الأربعاء",
        "من مساء الاثنين وحتى فجر الثلاثاء",
        "12 أغسطس 2015",
        "الجمعة والسبت",
        "أول من أمس",
        "يوم الأربعاء الماضي",
    ],
)
def test_time_expressions_as_written(expression: str) -> None:
    assert times(f"قتل جنديان {expression} في هجوم.") == [expression]


def test_day_words_that_are_no_date() -> None:
    assert times("فجر انتحاري نفسه في اليوم الثاني من الزيارة.") == []


def test_event_arguments_reads_one_passage() -> None:
    text = "قتل جنديان مساء أمس في هجوم لمسلحين على حاجز في بلدة العريش. وفي القاهرة هدوء."
    args = event_arguments(text, 0, text.index(".") + 1)
    assert texts(list(args.places)) == ["العريش"]
    assert texts(list(args.times)) == ["مساء أمس"]


def test_the_preferred_candidate_is_the_first_inside_the_clause() -> None:
    text = "قتل جندي في بلدة الباب، فيما أصيب آخر قرب منبج."
    found = tuple(place_candidates(text))
    clause = text.index("فيما")
    assert (pick := preferred(found, clause, len(text))) and pick.text == "منبج"
    assert (pick := preferred(found, 0, 3)) and pick.text == "الباب"  # none inside: the first
    assert preferred((), 0, len(text)) is None
