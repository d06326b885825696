"""render_name: code's own English for a mention, which always passes check_name."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.english import check_name, in_sentence, render_name
from summarizer.evaluation.dataset import load_dataset
from summarizer.grounding import check_speaker
from summarizer.schema import Span

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "data" / "seed.txt").read_text(encoding="utf-8")


def whole(text: str) -> Span:
    return Span(start=0, end=len(text), kind="exact", score=1.0)


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights"),
        ("مصدر أمني", "security source"),
        ("السفير الروسي", "Russian ambassador"),
        ("مصدر عسكري سوري معارض", "Syrian opposition military source"),
        ("كينشاك", "Kinshak"),
        ("العبادي", "al-Abadi"),
        ("شرطة نينوى", "Nineveh police"),
        ("المعارضة السورية", "Syrian opposition"),
        ("تنظيم داعش", "ISIS"),
        ("حلب", "Aleppo"),
        ("تدمر", "Palmyra"),
        ("أحد القادة الأمنيين", "a security commander"),  # not "… Sunday"
        ("أحد نواب البرلمان الإيراني", "an Iranian deputy parliament"),
        ("الأحد", "Sunday"),
        ("أحد رجال الدين", "a cleric"),
        ("الائتلاف الوطني السوري", "Syrian national coalition"),  # once al-Atlaf al-Watni …
        ("إدلب السورية", "Syrian Idlib"),  # not "Syria Idlib", which translations copied
        # A royal's title, the given names the lexicon spells, the title in apposition:
        # once "emir Asir region emir Fisl bin Khalid bin Abd al-Aziz".
        (
            "الأمير فيصل بن خالد بن عبد العزيز، أمير منطقة عسير",
            "Prince Faisal bin Khalid bin Abdulaziz, Asir region emir",
        ),
        ("محافظة صلاح الدين", "Salahuddin province"),  # not "governor", nor Pirmam
        ("اللواء منصور التركي", "major general Mansour al-Tarki"),
        ("بئر سعيد", "Bir Said"),  # the hamza's seat is a vowel: not "Bar Said"
        ("المرجع الشيعي", "Shiite cleric"),  # once "al-Marj al-Shii", an unseen headline
        ("القوات الحكومية السورية", "Syrian government forces"),  # not "Syria government …"
        ("القوات النظامية", "regime forces"),  # not "al-Nazamya forces"
        # A sound plural that heads its phrase is plural in English (the seed's actors
        # read "the terrorist" for الإرهابيين); as an adjective it does not inflect.
        ("الإرهابيين", "terrorists"),
        ("المسلحين الإرهابيين", "terrorist gunmen"),
        ("مسؤولين أمريكيين", "American officials"),
        ("المدنيين", "civilians"),
        ("أحد الصحافيين", "a journalist"),  # one of them
        # The article closes the chain: the name after it is not its genitive (once
        # "Ali Iranian atomic energy organisation president Akbar Salhi").
        (
            "رئيس منظمة الطاقة الذرية الإيرانية علي أكبر صالحي",
            "Iranian atomic energy organisation president Ali Akbar Salhi",
        ),
    ],
)
def test_renders(arabic: str, english: str) -> None:
    assert render_name(arabic, whole(arabic)) == english


def test_a_title_and_name_in_english_order() -> None:
    start = SEED.index("السفير الروسي لدي سوريا")
    span = Span(start=start, end=SEED.index(" إن الجيش", start), kind="exact", score=1.0)
    rendered = render_name(SEED, span)
    assert rendered.startswith("Russian ambassador to Syria ")
    assert rendered.endswith("Kinshak")
    assert check_name(rendered, SEED, [span]).verdict == "agree"


def test_every_gold_speaker_mention_renders_to_a_name_that_passes() -> None:
    for case in load_dataset(ROOT / "evals" / "datasets" / "dev"):
        for quote in case.gold.quotes:
            found = check_speaker(case.text, quote.speaker.name_source or "", near=quote.span)
            if found.span is None:
                continue
            rendered = render_name(case.text, found.span)
            assert check_name(rendered, case.text, [found.span]).ok, (case.id, rendered)


ARABIC = st.text(st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوىيةأإآءئؤ ")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(ARABIC)
def test_a_rendering_passes_its_own_check(text: str) -> None:
    rendered = render_name(text, whole(text))
    if rendered:
        assert check_name(rendered, text, [whole(text)]).ok, rendered


@pytest.mark.parametrize("odd", [None, 3, ["قال"], b"x"])
def test_odd_arguments_render_nothing(odd: object) -> None:
    assert render_name(odd, whole("abc")) == ""  # type: ignore[arg-type]
    assert render_name("قال", odd) == ""  # type: ignore[arg-type]


@given(st.text(max_size=30), st.integers(-5, 50), st.integers(-5, 50))
def test_never_raises(text: str, start: int, end: int) -> None:
    span = Span.model_construct(start=start, end=end, kind="exact", score=1.0)
    assert isinstance(render_name(text, span), str)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shiite cleric", "the Shiite cleric"),
        ("Saudi interior ministry", "the Saudi interior ministry"),
        ("Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
        ("al-Nuaimi", "al-Nuaimi"),
        ("the army", "the army"),
    ],
)
def test_a_title_takes_the_article_in_a_sentence_and_a_name_does_not(
    name: str, expected: str
) -> None:
    """ "Statements by Shiite cleric." read as a telegram; a name keeps no article."""
    assert in_sentence(name) == expected
