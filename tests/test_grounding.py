"""`locate`: exact, normalized and fuzzy alignment, and the guards that refuse a span."""

import json
from pathlib import Path

import pytest

from summarizer.grounding import FUZZY_THRESHOLD, locate
from summarizer.normalize import normalize
from summarizer.schema import Span

DATA = Path(__file__).resolve().parents[1] / "data"

ARMY = "قال السفير الروسي لدي سوريا ألكسندر كينشاك إن الجيش السوري المدعوم بسلاح الجو الروسي"
COUNT = "أشار المرصد إلي مقتل ما لا يقل عن 25 عنصراً من القوات النظامية خلال المعارك المتواصلة"
DEBATE = "لذلك لا يوجد نقاش حول احتمالات التقدم نحو إدلب حيث يتدفق المتشددون من المناطق السورية"
TWENTY = "مما أسفر عن مقتل نحو عشرين عنصراً وجرح آخرين"


@pytest.fixture(scope="module")
def seed() -> str:
    return (DATA / "seed.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return {
        path.stem: json.loads(path.read_text("utf-8"))["text"]
        for path in sorted((DATA / "articles").glob("*.json"))
    }


@pytest.fixture(scope="module")
def iraq(articles: dict[str, str]) -> str:
    return articles["saudinewsnet-alyaum-2015-07-25-08"]


def where(source: str, passage: str) -> tuple[int, int]:
    start = source.index(passage)
    return start, start + len(passage)


def overlap(span: Span, expected: tuple[int, int]) -> float:
    inter = max(0, min(span.end, expected[1]) - max(span.start, expected[0]))
    return inter / (max(span.end, expected[1]) - min(span.start, expected[0]))


def test_exact_fragment_gets_its_verbatim_span(seed: str) -> None:
    span = locate(seed, f"  {ARMY}\n")
    assert span == Span(
        start=seed.index(ARMY), end=seed.index(ARMY) + len(ARMY), kind="exact", score=1.0
    )
    assert seed[span.start : span.end] == ARMY


def test_exact_prefers_an_occurrence_that_does_not_cut_a_word() -> None:
    span = locate("الجيشان ثم الجيش", "الجيش")
    assert span is not None
    assert (span.start, span.end) == (11, 16)


@pytest.mark.parametrize(
    ("fragment", "passage"),
    [
        ("من ناحية أخرى أشار المرصد إلى مقتل", "من ناحية أخري أشار المرصد إلي مقتل"),
        ("عن سقوط عدد آخر من الجرحى", "عن سقوط عدد آخر من الجرحي"),
        ("افاد المرصد السوري لحقوق الانسان", "أفاد المرصد السوري لحقوق الإنسان"),
        ("في مناطق بريف الرقه الشمالي", "في مناطق بريف الرقة الشمالي"),
        ("أَفَادَ المَرْصَدُ السُّورِيُّ لِحُقُوقِ", "أفاد المرصد السوري لحقوق"),
        ("قـــال السفـير الروسي", "قال السفير الروسي"),
        ("ما لا يقل عن ٢٥ عنصراً", "ما لا يقل عن 25 عنصراً"),
        ("مع تنظيم «داعش» في ريف مدينة الباب", "مع تنظيم ¢داعش¢ في ريف مدينة الباب"),
        ("في محيط منطقة “بئر سعيد”", 'في محيط منطقة "بئر سعيد"'),
        ("الجيش  السوري\nالمدعوم\u00a0بسلاح الجو", "الجيش السوري المدعوم بسلاح الجو"),
    ],
    ids=[
        "ya",
        "maqsura",
        "alef",
        "ta-marbuta",
        "tashkeel",
        "tatweel",
        "digits",
        "guillemets",
        "curly-quotes",
        "whitespace",
    ],
)
def test_normalized_variants_get_the_original_span(seed: str, fragment: str, passage: str) -> None:
    span = locate(seed, fragment)
    assert span is not None
    assert (span.kind, span.score) == ("normalized", 1.0)
    assert (span.start, span.end) == where(seed, passage)


def test_latin_case_folds_to_a_normalized_match() -> None:
    source = "Officials said the Army had RETAKEN the town."
    span = locate(source, "the army had retaken the town")
    assert span is not None
    assert span.kind == "normalized"
    assert source[span.start : span.end] == "the Army had RETAKEN the town"


def test_dropped_quote_marks_still_match_on_the_same_words(seed: str) -> None:
    span = locate(seed, "مع تنظيم داعش في ريف مدينة الباب")
    assert span is not None
    assert span.kind == "approximate"
    assert (span.start, span.end) == where(seed, "مع تنظيم ¢داعش¢ في ريف مدينة الباب")


def test_dropped_word_gets_an_approximate_span_over_the_whole_passage(seed: str) -> None:
    span = locate(seed, ARMY.replace("ألكسندر ", ""))
    assert span is not None
    assert span.kind == "approximate"
    assert FUZZY_THRESHOLD <= span.score < 1.0
    assert (span.start, span.end) == where(seed, ARMY)


def test_changed_word_gets_an_approximate_span(seed: str) -> None:
    span = locate(seed, ARMY.replace("المدعوم", "المسنود"))
    assert span is not None
    assert span.kind == "approximate"
    assert overlap(span, where(seed, ARMY)) > 0.9


@pytest.mark.parametrize("mark", [" ... ", "...", " … ", "…", " (...) "])
def test_ellipsis_spans_from_first_piece_to_last(seed: str, mark: str) -> None:
    span = locate(seed, "قال السفير الروسي لدي سوريا" + mark + "يجري محاولات لاستعادة المبادرة")
    assert span is not None
    assert span.kind == "approximate"
    start = seed.index("قال السفير الروسي لدي سوريا")
    end = seed.index("يجري محاولات لاستعادة المبادرة") + len("يجري محاولات لاستعادة المبادرة")
    assert (span.start, span.end) == (start, end)


def test_ellipsis_pieces_may_be_normalized_variants(seed: str) -> None:
    span = locate(seed, "أشار المرصد إلى مقتل … من القوات النظامية")
    assert span is not None
    assert (span.start, span.end) == where(
        seed, "أشار المرصد إلي مقتل ما لا يقل عن 25 عنصراً من القوات النظامية"
    )


def test_ellipsis_with_pieces_out_of_order_is_refused(seed: str) -> None:
    assert locate(seed, "يجري محاولات لاستعادة المبادرة ... قال السفير الروسي لدي سوريا") is None


def test_ellipsis_cannot_bridge_half_the_article(seed: str) -> None:
    assert locate(seed, "أفاد المرصد السوري لحقوق الإنسان ... ومحيطها في ظل معلومات مؤكدة") is None


@pytest.mark.parametrize(
    "fragment",
    [
        COUNT.replace("25", "24"),
        COUNT.replace("25", "٢٤"),
        COUNT.replace("25 ", ""),
        COUNT.replace("عنصراً", "عنصراً و3 مدنيين"),
    ],
    ids=["digit", "arabic-indic", "dropped", "added"],
)
def test_a_changed_number_gets_no_span(seed: str, fragment: str) -> None:
    assert locate(seed, fragment) is None


def test_a_changed_number_word_gets_no_span(iraq: str) -> None:
    assert locate(iraq, TWENTY) is not None
    assert locate(iraq, TWENTY.replace("عشرين", "ثلاثين")) is None
    assert locate(iraq, TWENTY.replace("نحو عشرين", "نحو")) is None


@pytest.mark.parametrize(
    "fragment",
    [
        DEBATE.replace("لا ", ""),
        DEBATE.replace("لا يوجد", "لم يوجد"),
        ARMY.replace("المدعوم", "غير المدعوم"),
        "إن الجيش السوري المدعوم بسلاح الجو الروسي لا يجري محاولات لاستعادة المبادرة",
        COUNT.replace("ما لا يقل", "ما يقل"),
    ],
    ids=["removed", "swapped-particle", "added-ghayr", "added-la", "removed-inside-hedge"],
)
def test_an_added_or_removed_negation_gets_no_span(seed: str, fragment: str) -> None:
    assert locate(seed, fragment) is None


def test_english_negation_is_guarded() -> None:
    source = (
        "The minister said the army did retake the northern town on Monday after heavy fighting."
    )
    assert (
        locate(source, "the army did retake the northern town on Monday after fighting") is not None
    )
    assert (
        locate(source, "the army did not retake the northern town on Monday after fighting") is None
    )
    assert (
        locate(source, "the army didn't retake the northern town on Monday after fighting") is None
    )


def test_glued_negation_matches_its_spaced_spelling(seed: str) -> None:
    span = locate(seed, "بعضهم لا يزال في حالة خطرة")
    assert span is not None
    assert (span.start, span.end) == where(seed, "بعضهم لايزال في حالة خطرة")
    assert locate(seed, "بعضهم يزال في حالة خطرة مما قد") is None


def test_a_fragment_from_another_article_gets_no_span(seed: str, articles: dict[str, str]) -> None:
    others = [
        "وقالت الحكومة إنها تمكنت من قتل مسلحين من تنظيم داعش",
        "أفادت مصادر محلية بأن موجات نزوح جماعي بدأت لسكان القرى",
        "قال مصدر بارز في المعارضة السورية إن حزب الله اللبناني يضغط على المقاتلين",
    ]
    for fragment in others:
        assert locate(seed, fragment) is None
    source = articles["saudinewsnet-aawsat-2015-07-25-33"]
    for other in articles.values():
        if other != source:
            assert locate(source, other[:150]) is None


def test_a_wrong_order_stitch_gets_no_span(seed: str) -> None:
    first = "قال السفير الروسي لدي سوريا ألكسندر كينشاك"
    second = "إن الجيش السوري المدعوم بسلاح الجو الروسي يجري محاولات"
    assert locate(seed, f"{first} {second}") is not None
    assert locate(seed, f"{second} {first}") is None
    assert locate(seed, f"{COUNT} {ARMY}") is None


def test_short_fragments_never_match_fuzzily(seed: str) -> None:
    assert locate(seed, "السفير الأمريكي") is None
    assert locate(seed, "السفير الروسي") is not None


@pytest.mark.parametrize(
    ("source", "fragment"),
    [("", "x"), ("x", ""), ("", ""), ("abc", "   "), ("abc", "ـــ"), ("abc", "..."), ("abc", "…")],
)
def test_degenerate_inputs_get_none(source: str, fragment: str) -> None:
    assert locate(source, fragment) is None


def test_every_real_clause_is_located_exactly(articles: dict[str, str]) -> None:
    for text in articles.values():
        for clause in text.split("،")[:8]:
            fragment = clause.strip()
            if not fragment:
                continue
            span = locate(text, fragment)
            assert span is not None
            assert span.kind == "exact"
            assert text[span.start : span.end] == fragment


def test_normalized_spans_normalize_to_the_fragment(articles: dict[str, str]) -> None:
    for text in articles.values():
        clause = max(text.split("،")[:6], key=len).strip()
        variant = clause.replace("ى", "ي").replace("ة", "ه").replace("أ", "ا") + "  "
        span = locate(text, variant)
        assert span is not None
        assert span.kind in ("exact", "normalized")
        assert normalize(text[span.start : span.end]).text == normalize(variant).text.strip()


@pytest.mark.parametrize("wrapping", ['"{}"', "«{}»", "“{}”", " «{} » ", "'{}'"])
def test_quotation_marks_the_model_put_around_a_fragment_are_normalized(
    seed: str, wrapping: str
) -> None:
    """The article has no marks around COUNT; a model quoting it adds them. Only marks
    differ, which normalization folds: the match is `normalized`, not `approximate`.
    """
    start, end = where(seed, COUNT)
    assert seed[start - 1] not in '«"“' and seed[end] not in '»"”'
    span = locate(seed, wrapping.format(COUNT))
    assert span is not None
    assert (span.kind, span.score) == ("normalized", 1.0)
    assert (span.start, span.end) == (start, end)


def test_marks_around_a_changed_fragment_leave_it_approximate(seed: str) -> None:
    span = locate(seed, "«" + COUNT.replace("خلال", "اثناء") + "»")
    assert span is not None and span.kind == "approximate"
