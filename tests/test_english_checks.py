"""check_name, check_text and speaker_contexts on the sample article and small texts."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.english import check_name, check_text, compass, speaker_contexts, untranslated
from summarizer.schema import Span

SEED = (Path(__file__).resolve().parents[1] / "data" / "seed.txt").read_text(encoding="utf-8")
AMBASSADOR = "السفير الروسي لدي سوريا ألكسندر كينشاك"


def span_of(source: str, fragment: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(fragment, start + 1)
    return Span(start=start, end=start + len(fragment), kind="exact", score=1.0)


def whole(source: str) -> Span:
    return Span(start=0, end=len(source), kind="exact", score=1.0)


def contexts(fragment: str, occurrence: int = 0, source: str = SEED) -> list[Span]:
    return speaker_contexts(source, span_of(source, fragment, occurrence))


def test_a_title_only_mention_reaches_the_full_name_stated_earlier() -> None:
    found = contexts("السفير الروسي", occurrence=2)
    texts = [SEED[s.start : s.end] for s in found]
    assert any(AMBASSADOR in text for text in texts)
    assert all(s.start < s.end for s in found)


def test_the_observatory_is_followed_to_its_full_name() -> None:
    texts = [SEED[s.start : s.end] for s in contexts("المرصد", occurrence=1)]
    assert any("المرصد السوري لحقوق الإنسان" in text for text in texts)


@pytest.mark.parametrize(
    "english",
    [
        "Alexander Kinshchak",
        "Alexander Kinshak",
        "Aleksandr Kinchak",
        "Russian ambassador to Syria",
        "Russian Ambassador Alexander Kinshak",
    ],
)
def test_right_names_of_the_ambassador_agree(english: str) -> None:
    result = check_name(english, SEED, contexts("السفير الروسي", occurrence=2))
    assert result.verdict == "agree", result.findings


def test_kinyashak_is_close_not_wrong() -> None:
    result = check_name("Alexander Kinyashak", SEED, contexts("السفير الروسي", occurrence=2))
    assert result.verdict == "close"
    assert result.ok


def test_issue_9s_wrong_name_is_unsupported_word_by_word() -> None:
    result = check_name("Syrrian Foreign Minister Alexander Kinyashak", SEED, contexts(AMBASSADOR))
    assert result.verdict == "unsupported"
    assert result.unsupported == ("Syrrian", "Foreign", "Minister")
    assert result.findings[1].startswith("'Foreign' is not supported: the article's words")
    assert AMBASSADOR in result.findings[1]


@pytest.mark.parametrize(
    ("mention", "wrong"),
    [
        ("السفير الروسي", "Donald Trump, President"),
        ("المرصد", "Syrian government"),
        ("المرصد", "Turkish opposition"),
        ("ألكسندر كينشاك", "Syrian Foreign Minister"),
    ],
)
def test_wrong_names_are_unsupported(mention: str, wrong: str) -> None:
    assert not check_name(wrong, SEED, contexts(mention)).ok


@pytest.mark.parametrize("english", ["Syrian Observatory for Human Rights", "SOHR", "observatory"])
def test_the_observatory_by_its_lexicon_names(english: str) -> None:
    assert check_name(english, SEED, contexts("المرصد", occurrence=2)).verdict == "agree"


def test_support_points_at_the_arabic_each_word_renders() -> None:
    result = check_name("Russian ambassador Kinshak", SEED, contexts(AMBASSADOR))
    words = {s.english: SEED[s.span.start : s.span.end] for s in result.support if s.span}
    assert words == {"Russian": "الروسي", "ambassador": "السفير", "Kinshak": "كينشاك"}
    assert [s.via for s in result.support] == ["lexicon", "lexicon", "transliteration"]


JUBEIR = (
    "قال وزير الخارجية السعودي عادل الجبير إن المملكة تدعم الحل السياسي. "
    "وأضاف الجبير أن العبادي زار إدلب، وأن القذافي رحل."
)


@pytest.mark.parametrize(
    "english",
    ["Adel al-Jubeir", "Saudi Foreign Minister Adel al-Jubeir", "Jubeir", "foreign minister"],
)
def test_a_surname_is_checked_against_the_full_mention(english: str) -> None:
    result = check_name(english, JUBEIR, contexts("الجبير", occurrence=1, source=JUBEIR))
    assert result.verdict == "agree", result.findings


@pytest.mark.parametrize(
    "english", ["Abadi", "al-Abadi", "Idlib", "Qadhafi", "Gaddafi", "el-Qaddafi"]
)
def test_names_with_and_without_the_article(english: str) -> None:
    whole = Span(start=0, end=len(JUBEIR), kind="exact", score=1.0)
    assert check_name(english, JUBEIR, [whole]).ok


def test_iranian_is_not_saudi() -> None:
    result = check_name("Iranian Foreign Minister", JUBEIR, contexts("الجبير", 1, JUBEIR))
    assert result.unsupported == ("Iranian",)


def test_an_empty_name_or_no_context_is_unsupported() -> None:
    assert check_name("  of the ", SEED, contexts("المرصد")).findings
    assert not check_name("Kinshak", SEED, []).ok


TOLL = "أشار المرصد إلي مقتل ما لا يقل عن 25 عنصراً من القوات النظامية"


@pytest.mark.parametrize(
    "english",
    [
        "At least 25 members of the regime forces were killed.",
        "At least twenty-five regime soldiers were killed, the Observatory said.",
        "Clashes killed at least 25 regime fighters.",
    ],
)
def test_translations_that_hold(english: str) -> None:
    result = check_text(english, SEED, [span_of(SEED, TOLL)])
    assert result.ok, result.findings


def test_a_number_the_arabic_does_not_state() -> None:
    result = check_text("At least 26 soldiers were killed.", SEED, [span_of(SEED, TOLL)])
    assert result.unsupported == ("26",)
    assert "states 25" in result.findings[0]


def test_a_name_the_arabic_does_not_give() -> None:
    toll = [span_of(SEED, TOLL)]
    assert check_text("At least 25 died, Donald Trump said.", SEED, toll).unsupported == (
        "Donald",
        "Trump",
    )
    # "Donald" opening a sentence is a common English word (wordfreq): only Trump is checked.
    assert check_text("Donald Trump said 25 died.", SEED, toll).unsupported == ("Trump",)


def test_a_dual_states_two_but_a_plural_does_not() -> None:
    source = "اندلعت مواجهات بين الطرفين. وقتل مسلحين في الهجوم."
    sides, gunmen = span_of(source, "اندلعت مواجهات بين الطرفين"), span_of(source, "وقتل مسلحين")
    assert check_text("Clashes broke out between the two sides.", source, [sides]).ok
    assert not check_text("Two gunmen were killed.", source, [gunmen]).ok


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("two European Gulf experts", "نوه خبيران أوروبيان في شأن الخليج"),
        ("15th Brigade", "مواقع اللواء 15"),
    ],
)
def test_numbers_in_names_must_be_stated(english: str, arabic: str) -> None:
    whole = Span(start=0, end=len(arabic), kind="exact", score=1.0)
    assert check_name(english, arabic, [whole]).verdict == "agree"
    assert not check_name(english.replace("two", "three").replace("15", "16"), arabic, [whole]).ok


@pytest.mark.parametrize("name", ["لبنان", "البيان", "السودان", "البرلمان", "سليمان"])
def test_a_name_ending_like_a_dual_states_no_number(name: str) -> None:
    assert not check_text(
        "The two met.", name, [Span(start=0, end=len(name), kind="exact", score=1.0)]
    ).ok


def test_reverent_capitals_are_not_names() -> None:
    source = "نسأل الله تعالى أن يتغمدهم برحمته"
    whole = [Span(start=0, end=len(source), kind="exact", score=1.0)]
    assert check_text("We ask God Almighty to envelop them in His mercy.", source, whole).ok


def test_a_known_entity_opening_a_sentence_is_checked() -> None:
    assert not check_text("Turkey shelled the town.", SEED, [span_of(SEED, TOLL)]).ok
    assert check_text("Meanwhile 25 died.", SEED, [span_of(SEED, TOLL)]).ok


def test_a_sentence_may_open_with_an_entity_of_common_words() -> None:
    """ "United" and "Popular" are common words, but open the lexicon's United Nations and
    Popular Mobilisation Forces: checked whole, and held by their Arabic.
    """
    un = "قالت الأمم المتحدة إن الوضع خطير"
    pmf = "وقال الحشد الشعبي إن القوات تقدمت"
    assert check_text("United Nations officials said so.", un, [whole(un)]).ok
    assert check_text("Popular Mobilisation Forces said so.", pmf, [whole(pmf)]).ok
    assert not check_text("United Nations officials said so.", pmf, [whole(pmf)]).ok
    assert check_text("Popular demand grew.", un, [whole(un)]).ok


JUNK = st.text(st.characters(exclude_categories=()), max_size=60)
ANY_SPAN = st.builds(
    Span,
    start=st.integers(0, 3000),
    end=st.integers(0, 3000),
    kind=st.just("exact"),
    score=st.just(1.0),
)
SOURCE = st.one_of(JUNK, st.just(SEED), st.just(JUBEIR))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(JUNK, SOURCE, st.lists(st.one_of(ANY_SPAN, st.none(), st.integers()), max_size=3))
def test_checks_never_raise_and_point_into_the_source(
    english: str, source: str, spans: list[object]
) -> None:
    for result in (check_name(english, source, spans), check_text(english, source, spans)):  # type: ignore[arg-type]
        for support in result.support:
            if support.span is not None:
                assert 0 <= support.span.start < support.span.end <= len(source)
        assert result.verdict in ("agree", "close", "unsupported")


@SETTINGS
@given(SOURCE, ANY_SPAN)
def test_contexts_never_raise_and_slice_the_source(source: str, span: Span) -> None:
    for found in speaker_contexts(source, span):
        assert 0 <= found.start < found.end <= len(source)


@pytest.mark.parametrize("odd", [None, 3, ["قال"], b"\xd8\xa7", ""])
def test_odd_arguments_are_unsupported_not_errors(odd: object) -> None:
    span = span_of(SEED, TOLL)
    assert not check_name(odd, SEED, [span]).ok  # type: ignore[arg-type]
    assert check_name("Kinshak", odd, [span]).verdict == "unsupported"  # type: ignore[arg-type]
    assert not check_text(odd, SEED, [span]).ok  # type: ignore[arg-type]
    assert check_text("Syria", odd, odd).verdict == "unsupported"  # type: ignore[arg-type]
    assert speaker_contexts(odd, span) == []  # type: ignore[arg-type]
    assert speaker_contexts(SEED, odd) == []  # type: ignore[arg-type]


def test_a_word_the_lexicon_translates_is_not_a_name_by_sound() -> None:
    """The 1.5B model wrote "the Shurqiy region" for الشرقي (eastern): it agrees by sound,
    but the hand-written lexicon lists الشرقي as a word to translate.
    """
    quote = "الاشتباكات مستمرة في مناطق بريف الرقة الشمالي والشمال الشرقي"
    bad = check_text(
        "Clashes go on in the Raqqa countryside and the Shurqiy region.", quote, [whole(quote)]
    )
    good = check_text(
        "Clashes go on in the northern and north-eastern Raqqa countryside.", quote, [whole(quote)]
    )
    assert bad.ok and untranslated(bad, quote) == (("Shurqiy", "الشرقي", "eastern"),)
    assert good.ok and untranslated(good, quote) == ()


def test_a_title_with_two_stopwords_inside_is_read_as_one_phrase() -> None:
    """The whole-article audit of a long batch line flagged 'Custodian': "of the" broke
    "Custodian of the Two Holy Mosques" into two runs the lexicon knows neither of.
    """
    arabic = "وقال نائب خادم الحرمين الشريفين إن الهجوم فاشل."
    whole = [Span(start=0, end=len(arabic), kind="exact", score=1.0)]
    assert check_text("The deputy Custodian of the Two Holy Mosques spoke.", arabic, whole).ok
    assert not check_text("The Custodian of the Two Holy Cities spoke.", arabic, whole).ok


@pytest.mark.parametrize(
    ("english", "turned"),
    [
        ("especially the northern border", ("northern",)),  # the Arabic says southern
        ("the southern border, south of the town", ()),
        ("Southwest of the country", ("Southwest",)),  # south holds, west does not
        ("the Middle East and the border", ()),  # الشرق الأوسط is its Arabic
    ],
)
def test_a_translation_keeps_the_quotes_directions(english: str, turned: tuple[str, ...]) -> None:
    """The 1.5B model turned الحد الجنوبي into "the northern border", and شرق الرمادي into
    "the northern part of Ramadi"; names and numbers alone let them through.
    """
    arabic = "خصوصا الحد الجنوبي الذي يشهد مواجهات جنوب البلدة"
    if "Middle" in english:
        arabic += " في الشرق الأوسط"
    whole = [Span(start=0, end=len(arabic), kind="exact", score=1.0)]
    assert compass(english, arabic, whole) == turned
