"""One event per happening: reports of one happening merge, distinct happenings stay apart."""

from __future__ import annotations

from typing import Any

from summarizer.schema import Event, Name, Passage, Span
from summarizer.segment import enclosing_sentence
from summarizer.strategies.events import describe, merge_events, same_happening

ARTICLE = (
    "قتل 12 جنديا في تفجير انتحاري استهدف حاجزا في مدينة العريش أمس. "
    "وأعلن تنظيم داعش مسؤوليته عن التفجير. "
    "وقال مصدر أمني إن 12 جنديا على الأقل قتلوا في الهجوم على الحاجز. "
    "وفي رفح قتل جنديان في تفجير عبوة ناسفة. "
    "وانفجرت سيارة مفخخة عند وصول دورية إلى الحاجز. "
    "وفي حي الصفا في العريش انفجرت سيارة ثانية. "
    "وفي الشيخ زويد انفجرت عبوة."
)


def passage(text: str) -> Passage:
    start = ARTICLE.index(text)
    return Passage(text=text, span=Span(start=start, end=start + len(text), kind="exact", score=1))


def event(text: str, **fields: Any) -> Event:
    place = fields.pop("place", None)
    return Event(
        type=fields.pop("type", "bombing"),
        description="bombing",
        location=Name(name_en=place, name_source=place) if place else None,
        evidence=[passage(text)],
        **fields,
    )


LEAD = event("قتل 12 جنديا في تفجير انتحاري", place="العريش", time="أمس", killed=12)
CLAIM = event("وأعلن تنظيم داعش مسؤوليته عن التفجير")
BODY = event("12 جنديا على الأقل قتلوا", killed=12, count_qualifier="at_least")
RAFAH = event("وفي رفح قتل جنديان", place="رفح", killed=2)


def test_the_lead_and_the_body_with_one_toll_are_one_event() -> None:
    lead = LEAD.model_copy(update={"count_qualifier": "exact"})
    [merged] = merge_events([lead, BODY])
    assert [p.text for p in merged.evidence] == [p.text for p in (*lead.evidence, *BODY.evidence)]
    assert (merged.killed, merged.count_qualifier) == (12, "at_least")  # the hedged form wins
    assert merged.location == lead.location and merged.time == "أمس"


def test_another_place_or_toll_is_another_happening() -> None:
    assert merge_events([LEAD, RAFAH]) == [LEAD, RAFAH]
    assert not same_happening(LEAD, BODY.model_copy(update={"killed": 30}))
    assert not same_happening(LEAD, BODY.model_copy(update={"type": "armed_clash"}))


def test_nothing_that_ties_two_reports_keeps_them_apart() -> None:
    """No place, no toll: the claim of responsibility is not the same report..."""
    assert not same_happening(LEAD, CLAIM)


def test_the_aftermath_joins_the_happening_just_reported() -> None:
    """... but it points back at the blast (التفجير) and adds nothing of its own."""
    [merged] = merge_events([LEAD, CLAIM])
    assert len(merged.evidence) == 2 and merged.location == LEAD.location
    lead, rafah = merge_events([LEAD, RAFAH, CLAIM])  # the blast just reported is Rafah's
    assert (len(lead.evidence), len(rafah.evidence)) == (1, 2)
    # A claim follows an attack whatever the model typed its sentence ...
    assert len(merge_events([LEAD, CLAIM.model_copy(update={"type": "armed_clash"})])) == 1
    # ... but "the blast" (التفجير) points back at a bombing only, not at a clash.
    blast = event("عن التفجير")
    assert len(merge_events([LEAD, blast])) == 1
    assert len(merge_events([LEAD.model_copy(update={"type": "armed_clash"}), blast])) == 2


def test_a_further_report_of_an_attack_joins_it_unless_it_is_set_apart() -> None:
    """Told again in detail, with no toll or place of its own: the attack just reported."""
    again = event("وانفجرت سيارة مفخخة عند وصول دورية")
    lead, rafah = merge_events([LEAD, RAFAH, again])
    assert (len(lead.evidence), len(rafah.evidence)) == (1, 2)
    # A place inside the attack's place is the attack's; another place is another attack.
    inside = event("وفي حي الصفا في العريش انفجرت سيارة ثانية", place="حي الصفا")
    assert len(merge_events([LEAD, inside])) == 1
    elsewhere = event("وفي الشيخ زويد انفجرت عبوة", place="الشيخ زويد")
    assert len(merge_events([LEAD, elsewhere])) == 2
    # A toll of its own, or another type, sets it apart.
    assert len(merge_events([LEAD, again.model_copy(update={"killed": 3})])) == 2
    assert len(merge_events([LEAD, again.model_copy(update={"type": "shelling"})])) == 2


def test_the_deaths_an_attack_caused_are_its_toll_not_another_event() -> None:
    deaths = BODY.model_copy(update={"type": "killing"})
    [merged] = merge_events([deaths, LEAD])
    assert merged.type == "bombing" and len(merged.evidence) == 2
    assert len(merge_events([RAFAH.model_copy(update={"type": "killing"}), LEAD])) == 2


def test_a_place_with_its_generic_word_is_the_same_place_but_a_landmark_in_it_is_not() -> None:
    other = event("قتل 12 جنديا في تفجير انتحاري", place="مدينة العريش", killed=12)
    assert same_happening(LEAD, other)
    airport = event("قتل 12 جنديا في تفجير انتحاري", place="مطار العريش", killed=12)
    assert not same_happening(LEAD, airport)


def test_statements_are_one_per_article() -> None:
    first = event("وقال مصدر أمني", type="statement")
    second = event("وأعلن تنظيم داعش", type="statement")
    [merged] = merge_events([first, second])
    assert len(merged.evidence) == 2


def test_the_enclosing_sentence_of_a_clause() -> None:
    start = ARTICLE.index("في مدينة العريش")
    a, b = enclosing_sentence(ARTICLE, start, start + 5)
    assert ARTICLE[a:b].startswith("قتل 12 جنديا") and ARTICLE[a:b].endswith("أمس.")


def test_a_description_lists_its_actors_in_english_and_gives_a_title_its_article() -> None:
    def named(english: str) -> Name:
        return Name(name_en=english, name_source="-")

    actors = [named("ISIS"), named("Turkey"), named("Turkish forces")]
    assert describe("armed_clash", named("Baza'a"), actors, killed=3) == (
        "Armed clash involving ISIS, Turkey and the Turkish forces in Baza'a: 3 killed."
    )
    assert describe("airstrike", named("northern Raqqa countryside"), actors[:1]) == (
        "Airstrike involving ISIS in the northern Raqqa countryside."
    )
