"""The English a reader reads, held to the Arabic under `cite`, on SYNTHETIC answers.

Every answer here is written by hand to drive a path (a wrong name, an invented number,
a translation that swaps a name); none is a model's output.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from summarizer.client import ModelClient
from summarizer.config import Settings
from summarizer.english import check_name, render_name
from summarizer.extract import Extraction, Extractor
from summarizer.schema import Span
from summarizer.segment import segment
from summarizer.speech import quote_candidates
from summarizer.strategies import Options, names
from summarizer.strategies.cite import Cite
from summarizer.strategies.labels import Cited, SentenceItem, TranslationItem
from summarizer.strategies.names import UNIDENTIFIED, rendered_speaker
from tests.synthetic import SyntheticServer

SEED = (Path(__file__).resolve().parent.parent / "data" / "seed.txt").read_text(encoding="utf-8")
ONE_QUOTE = "قال وزير الخارجية السعودي عادل الجبير إن المملكة تدعم الحل السياسي في اليمن."


@pytest.fixture
def server() -> SyntheticServer:
    return SyntheticServer()


def run(server: SyntheticServer, text: str, **options: Any) -> Extraction:
    client = ModelClient(
        base_url="http://synthetic.test/v1",
        api_key=None,
        model="synthetic",
        timeout_s=5,
        transport_attempts=1,
        parse_attempts=1,
        http_client=server.client(),
    )
    settings = Settings.model_validate({"strategy": "cite", "max_repairs": 1} | options)
    return asyncio.run(Extractor(client, settings).run(text))


def answer(text: str, name: str, role: str | None, headline: str, sentence: str) -> dict[str, Any]:
    """A cite answer naming every speaker `name`, typing no event, with one sentence
    citing segment 1.
    """
    cite = Cite(text, "system", Options(latin=True))
    return {
        "speakers": {m.text: {"name_en": name, "role": role} for m in cite.mentions.values()},
        "events": {f"e{e.number}": None for e in cite.events},
        "headline": {"text": headline, "segments": [1]},
        "summary": [{"text": sentence, "segments": [1]}],
    }


def test_a_wrong_speaker_name_goes_back_once_then_code_renders_it(server: SyntheticServer) -> None:
    wrong = answer(SEED, "Donald Trump", "President", "Clashes go on", "Clashes go on.")
    server.reply_tool(wrong)
    server.reply_tool(
        {
            sid: {"name_en": "Donald Trump"}
            for sid in Cite(SEED, "system", Options(latin=True)).mentions
        }
    )  # the repair repeats it
    result = run(server, SEED, detail="brief")

    repair = server.requests[1]["messages"][-1]["content"]
    assert "'Donald', 'Trump'" in repair and "المرصد السوري لحقوق الإنسان" in repair
    assert len(server.requests) == 2  # no second round: the model repeated itself
    speakers = {q.speaker.name_source: q.speaker for q in result.summary.quotes}
    assert all(s.rendered_by == "code" and "Trump" not in s.name_en for s in speakers.values())
    observatory = next(
        s for s in speakers.values() if s.name_source == "المرصد السوري لحقوق الإنسان"
    )
    assert observatory.name_en == "Syrian Observatory for Human Rights"
    names = [r for r in result.grounding if r.kind == "name"]
    assert names and {r.status for r in names} == {"rendered"}
    assert all(r.target and r.target.endswith(".speaker") for r in names)


def test_a_supported_name_is_held_with_the_arabic_it_rests_on(server: SyntheticServer) -> None:
    right = answer(
        ONE_QUOTE,
        "Adel al-Jubeir",
        "Saudi foreign minister",
        "Saudi support",
        "Saudi Arabia supports a political solution in Yemen.",
    )
    server.reply_tool(right)
    result = run(server, ONE_QUOTE, detail="brief")

    (quote,) = result.summary.quotes
    speaker = quote.speaker
    assert (speaker.name_en, speaker.role, speaker.rendered_by) == (
        "Adel al-Jubeir",
        "Saudi foreign minister",
        "model",
    )
    rests_on = {ONE_QUOTE[s.start : s.end] for s in speaker.support}
    assert {"الجبير", "السعودي"} <= rests_on
    assert len(server.requests) == 1  # nothing to repair


def test_an_invented_number_drops_the_sentence_and_code_writes_the_summary(
    server: SyntheticServer,
) -> None:
    invented = answer(
        SEED,
        "Syrian Observatory for Human Rights",
        None,
        "Clashes in Raqqa",
        "At least 40 fighters were killed in Raqqa.",
    )
    cite = Cite(SEED, "system", Options(latin=True))
    invented["events"] = {f"e{e.number}": e.hints[0] for e in cite.events}
    server.reply_tool(invented)
    # Speakers are repaired first (the ambassador is no observatory); then the sentence,
    # whose repair repeats the number.
    server.reply_tool({sid: {"name_en": "Alexander Kinshchak"} for sid in cite.mentions})
    server.reply_tool({"sentence1": invented["summary"][0]})
    result = run(server, SEED, detail="brief")

    sentences = result.summary.sentences
    assert sentences and all(s.rendered_by == "code" for s in sentences)
    assert "40" not in result.summary.summary
    assert sentences[0].text == result.summary.events[0].description
    dropped = next(r for r in result.grounding if r.kind == "sentence")
    assert dropped.status == "dropped" and "'40'" in dropped.findings[0]


def test_a_translation_that_swaps_a_name_is_removed_and_one_that_holds_is_kept(
    server: SyntheticServer,
) -> None:
    right = answer(ONE_QUOTE, "Adel al-Jubeir", None, "Saudi support", "The minister spoke.")
    for translation in ("Iran supports a political solution in Syria", None):
        server.reply_tool(right)
        server.reply_tool(
            {"text": translation or "The Kingdom supports the political solution in Yemen"}
        )
        result = run(server, ONE_QUOTE)

        (quote,) = result.summary.quotes
        (report,) = [r for r in result.grounding if r.kind == "translation"]
        assert report.target == "quotes[0].translation"
        if translation is None:
            assert quote.translation == "The Kingdom supports the political solution in Yemen"
            assert report.status == "grounded"
        else:
            assert quote.translation is None and report.status == "dropped"
            assert "'Iran'" in report.findings[0] and "اليمن" in report.findings[-1]
        asked = server.requests[-1]["messages"][-1]["content"]
        assert ONE_QUOTE[ONE_QUOTE.index("المملكة") :].rstrip(".") in asked
        assert "اليمن = Yemen" in asked  # the lexicon's English of the names it gives


def test_code_renders_a_name_that_its_own_check_accepts() -> None:
    mention = "المرصد السوري لحقوق الإنسان"
    start = SEED.index(mention)
    span = Span(start=start, end=start + len(mention), kind="exact", score=1.0)
    rendered = render_name(SEED, span)
    assert rendered == "Syrian Observatory for Human Rights"
    assert check_name(rendered, SEED, [span]).ok


def test_a_mention_with_a_double_quote_is_asked_under_a_key_the_server_can_parse(
    server: SyntheticServer,
) -> None:
    """llama-cpp-python 0.3.36 died of SIGSEGV ("failed to parse grammar") on a key
    holding ", as تنظيم "داعش" المتطرف did in snn-2015-07-23-0026.
    """
    text = 'وأعلن تنظيم "داعش" المتطرف أن الهجوم أسفر عن مقتل خمسة جنود.'
    reply = answer(text, "ISIS", None, "ISIS claims an attack", "ISIS claims an attack.")
    reply["speakers"] = {"تنظيم 'داعش' المتطرف": {"name_en": "ISIS", "role": None}}
    server.reply_tool(reply)
    result = run(server, text, detail="brief")

    schema = server.requests[0]["tools"][0]["function"]["parameters"]
    keys = [k for d in schema["$defs"].values() for k in d.get("properties", {})]
    assert keys and not any('"' in k or "\\" in k for k in keys)
    (quote,) = result.summary.quotes
    assert (quote.speaker.name_source, quote.speaker.name_en) == ('تنظيم "داعش" المتطرف', "ISIS")


def test_a_translation_is_offered_only_the_names_code_can_vouch_for() -> None:
    """Code once offered "مسلحين يستقلان دراجة نارية = Yastaqlan gunmen Daraja Narya" (a
    transliteration of "gunmen riding a motorcycle"), and the model copied it into the
    translation, where its sound-alike check let it pass.
    """
    text = 'وقال المتحدث إن "مسلحين يستقلان دراجة نارية أطلقا النار على دورية في محافظة الأنبار".'
    (quote,) = quote_candidates(text, segment(text))
    asked = TranslationItem(key="t1", quote=quote, source=text).ask("system").messages[-1]
    assert "الأنبار = al-Anbar" in asked["content"]
    assert "Yastaqlan" not in asked["content"]
    assert "دراجة" not in asked["content"].split("Quote:")[0]


@pytest.mark.parametrize(
    ("translation", "echo"),
    [
        ("Keep its meaning, every number and every name, and add nothing.", "keep its meaning"),
        ("The quote is already in English and does not need to be translated.", "quote"),
    ],
)
def test_a_translation_that_speaks_of_the_task_is_removed(
    server: SyntheticServer, translation: str, echo: str
) -> None:
    """The 1.5B model answered both (SYNTHETIC replies here); names and numbers alone
    would have let them through.
    """
    server.reply_tool(answer(ONE_QUOTE, "Adel al-Jubeir", None, "Saudi support", "He spoke."))
    server.reply_tool({"text": translation})
    result = run(server, ONE_QUOTE)

    (quote,) = result.summary.quotes
    (report,) = [r for r in result.grounding if r.kind == "translation"]
    assert quote.translation is None and report.status == "dropped"
    assert echo in report.findings[0]


def test_a_translation_in_arabic_is_no_translation(server: SyntheticServer) -> None:
    """The 1.5B model once "translated" a quote into other Arabic words, and it was held:
    no English name or number was there to fail (SYNTHETIC reply here)."""
    server.reply_tool(answer(ONE_QUOTE, "Adel al-Jubeir", None, "Saudi support", "He spoke."))
    server.reply_tool({"text": "المملكة تدعم الحل السياسي"})
    result = run(server, ONE_QUOTE)

    (quote,) = result.summary.quotes
    (report,) = [r for r in result.grounding if r.kind == "translation"]
    assert quote.translation is None and report.status == "dropped"
    assert report.findings == ["The translation is not in English: write the quote in English."]


def test_a_headline_that_reads_back_the_prompt_is_not_shown(server: SyntheticServer) -> None:
    """The 1.5B model headlined a long article "How to answer about an article shown as
    numbered segments:" (SYNTHETIC reply here): it names nothing to check, so it passed.
    """
    reply = answer(ONE_QUOTE, "Adel al-Jubeir", None, "", "The Kingdom supports Yemen.")
    reply["headline"]["text"] = "How to answer about an article shown as numbered segments:"
    server.reply_tool(reply)
    result = run(server, ONE_QUOTE, detail="brief")

    (report,) = [r for r in result.grounding if r.kind == "headline"]
    assert report.status == "dropped" and "how to answer about" in report.findings[0]
    assert result.summary.headline == "The Kingdom supports Yemen."
    assert len(server.requests) == 1  # not sent back


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [("Clashes go on in southern Yemen.", True), ("Clashes go on in northern Yemen.", False)],
)
def test_a_sentence_keeps_the_directions_of_the_segments_it_cites(
    sentence: str, holds: bool
) -> None:
    text = "قال المتحدث إن الاشتباكات مستمرة في جنوب اليمن."
    item = SentenceItem(
        key="sentence1",
        kind="sentence",
        answer=Cited(text=sentence, segments=[1]),
        segments=segment(text),
    )
    item.check(text)
    assert (not item.findings) == holds
    assert holds or "northern" in item.findings[0]


def test_an_announced_translation_is_kept_without_its_announcement(server: SyntheticServer) -> None:
    server.reply_tool(answer(ONE_QUOTE, "Adel al-Jubeir", None, "Saudi support", "He spoke."))
    server.reply_tool(
        {"text": "The quote in English is: 'The Kingdom supports the political solution in Yemen'"}
    )
    result = run(server, ONE_QUOTE)

    (quote,) = result.summary.quotes
    assert quote.translation == "The Kingdom supports the political solution in Yemen"


@pytest.mark.parametrize(
    ("mention", "unreadable"),
    [
        ("يقود معارضة شرسة ضد نظام الحكم في الستينيات والسبعينيات من القرن الماضي", True),
        ("الأمير فيصل بن خالد بن عبد العزيز، أمير منطقة عسير", False),
        ("السفير الروسي لدي سوريا ألكسندر كينشاك", False),
    ],
)
def test_code_shows_a_clause_cut_as_a_speaker_as_unidentified(
    mention: str, unreadable: bool
) -> None:
    """A clause cut as a speaker (snn-2015-08-06-1641) was rendered word by word into
    "Sharsa opposition Yaqud against al-Hakm regime …"; a long real name stays.
    """
    text = f"وقال {mention} إن الوضع خطير."
    start = text.index(mention)
    span = Span(start=start, end=start + len(mention), kind="exact", score=1.0)
    speaker = rendered_speaker(text, span)
    assert (speaker.name_en == UNIDENTIFIED) is unreadable
    assert speaker.name_source == mention and speaker.rendered_by == "code"


def test_a_name_that_only_sounds_like_an_ordinary_word_goes_to_code() -> None:
    """The model wrote "Wazir Interior Yemeni …" for وزير الداخلية اليمني: a reader takes
    "Wazir" for a name, so the name is not held however well it sounds."""
    source = "وقال وزير الداخلية اليمني عبده الحذيفي إن الوضع صعب."
    start = source.index("وزير")
    mention = Span(start=start, end=source.index(" إن"), kind="exact", score=1.0)
    speaker, findings = names.speaker(
        source, mention, "Wazir Interior Yemeni Abdo al-Hudhaifi", None
    )
    assert speaker.rendered_by == "code" and "Wazir" not in speaker.name_en
    assert findings == ["'Wazir' only sounds like وزير, which means 'minister': translate it."]
    held, _ = names.speaker(source, mention, "Yemeni interior minister Abdo al-Hudhaifi", None)
    assert held.rendered_by == "model"
