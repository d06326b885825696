"""The per-item loop on SYNTHETIC responses: keep what holds, repair what failed, policy.

Every answer here is written by hand to drive a path; none is a model's output.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarizer.client import ModelClient
from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.extract import Extraction, Extractor, _code_sentences
from summarizer.schema import Quote, Span, Speaker
from summarizer.strategies.events import UNUSABLE
from tests.synthetic import SyntheticServer

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
AMBASSADOR = "السفير الروسي"
PALMYRA = "الجيش السوري المدعوم بسلاح الجو الروسي يجري محاولات لاستعادة المبادرة من المتشددين"
KILLED_25 = "أشار المرصد إلي مقتل ما لا يقل عن 25 عنصراً من القوات النظامية"


@pytest.fixture
def seed() -> str:
    return (Path(__file__).resolve().parent.parent / "data" / "seed.txt").read_text(
        encoding="utf-8"
    )


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
    settings = {"strategy": "copy", "policy": "drop", "temperature": 0.0, "max_repairs": 1}
    extractor = Extractor(client, Settings.model_validate(settings | options))
    return asyncio.run(extractor.run(text))


def quote(text: str, speaker: str = AMBASSADOR, **extra: Any) -> dict[str, Any]:
    return {
        "speaker": speaker,
        "speaker_en": "Russian ambassador",
        "text": text,
        "mode": "reported",
        "topic": "Palmyra",
        "translation": "t",
    } | extra


def event(evidence: str, **extra: Any) -> dict[str, Any]:
    return {"type": "killing", "evidence": evidence, "place": None, "killed": None} | extra


def answer(quotes: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"headline": "h", "summary": "s", "events": events, "quotes": quotes}


def test_grounded_items_are_kept_with_spans_that_slice_the_source(
    server: SyntheticServer, seed: str
) -> None:
    server.reply_tool(answer([quote(PALMYRA)], [event(KILLED_25, killed=25)]))
    result = run(server, seed)
    (q,) = result.summary.quotes
    (e,) = result.summary.events
    assert q.span is not None and seed[q.span.start : q.span.end] == PALMYRA
    assert e.evidence[0].span is not None
    assert seed[e.evidence[0].span.start : e.evidence[0].span.end] == KILLED_25
    assert e.killed == 25
    assert e.count_qualifier == "at_least"  # read from "ما لا يقل عن" before the number
    assert [(r.kind, r.status) for r in result.grounding if r.kind in ("quote", "event")] == [
        ("quote", "grounded"),
        ("event", "grounded"),
    ]
    assert len(server.requests) == 1  # nothing failed: no repair call


def test_only_the_failed_item_is_sent_back_and_dropped_when_still_wrong(
    server: SyntheticServer, seed: str
) -> None:
    invented = "روسيا ستنسحب من سوريا خلال أسبوع واحد فقط"
    server.reply_tool(answer([quote(PALMYRA), quote(invented)], []))
    server.reply_tool({"q2": quote(invented)})  # the repair repeats the invention
    result = run(server, seed)
    repair = server.requests[1]
    schema = repair["tools"][0]["function"]["parameters"]
    assert list(schema["properties"]) == ["q2"]  # only the failed key may come back
    assert (
        "q2" in repair["messages"][-1]["content"]
        and "not found" in repair["messages"][-1]["content"]
    )
    assert [q.text for q in result.summary.quotes] == [PALMYRA]
    dropped = [r for r in result.grounding if r.status == "dropped" and r.kind == "quote"]
    assert len(dropped) == 1 and dropped[0].item["text"] == invented
    assert dropped[0].attempts == 2 and dropped[0].findings


def test_a_repaired_item_is_kept(server: SyntheticServer, seed: str) -> None:
    server.reply_tool(answer([quote(PALMYRA, speaker="المصدر الروسي الكبير")], []))
    server.reply_tool({"q1": quote(PALMYRA)})
    result = run(server, seed)
    (report,) = [r for r in result.grounding if r.kind == "quote"]
    assert (report.status, report.attempts) == ("repaired", 2)
    assert result.summary.quotes[0].speaker.name_source == AMBASSADOR
    assert [a.purpose for a in result.attempts] == ["extract", "repair"]


def test_flag_policy_keeps_ungrounded_items_without_spans(
    server: SyntheticServer, seed: str
) -> None:
    invented = "روسيا ستنسحب من سوريا خلال أسبوع واحد فقط"
    server.reply_tool(answer([quote(invented)], []))
    result = run(server, seed, policy="flag", max_repairs=0)
    (q,) = result.summary.quotes
    assert q.span is None  # never presented as grounded
    assert result.grounding[0].status == "flagged"


def test_fail_policy_raises_with_what_was_spent(server: SyntheticServer, seed: str) -> None:
    server.reply_tool(
        answer([quote("كلام لم يرد في المقال على الإطلاق أبدا")], []), completion_tokens=33
    )
    with pytest.raises(ExtractionError, match="failed grounding") as caught:
        run(server, seed, policy="fail", max_repairs=0)
    assert sum(a.usage.completion_tokens for a in caught.value.attempts) == 33


def test_unsupported_count_is_removed_not_the_event(server: SyntheticServer, seed: str) -> None:
    killed_30 = event(KILLED_25, killed=30, wounded=0, actors=["Observatory"])
    server.reply_tool(answer([], [killed_30]))
    result = run(server, seed)
    assert len(server.requests) == 1  # a field-level finding removes the field, no retry
    (e,) = result.summary.events
    assert e.killed is None and e.wounded is None  # 30 is not stated; 0 means unstated
    report = result.grounding[0]
    assert report.status == "grounded" and report.removed == ["killed"]
    assert "30" in report.findings[0]


def test_runaway_is_retried_with_penalties_and_a_smaller_request(
    server: SyntheticServer, seed: str
) -> None:
    server.reply_tool(
        '{"headline": "h", "summary": "الاشتباكات الاشتباكات الاشتباكات', finish_reason="length"
    )
    server.reply_tool(answer([quote(PALMYRA)], []))
    result = run(server, seed)
    first, second = server.requests
    assert second["temperature"] > first["temperature"]
    assert second["frequency_penalty"] > 0
    assert second["max_tokens"] < first["max_tokens"]
    assert [a.outcome for a in result.attempts] == ["runaway", "ok"]
    assert len(result.summary.quotes) == 1


def test_runaway_twice_is_reported_with_usage(server: SyntheticServer, seed: str) -> None:
    for _ in range(2):
        server.reply_tool('{"headline": "ااااا', finish_reason="length", completion_tokens=500)
    with pytest.raises(ExtractionError, match="runaway") as caught:
        run(server, seed)
    assert sum(a.usage.completion_tokens for a in caught.value.attempts) == 1000


# An article with nothing to quote or count: no speech cue, no event cue.
WEATHER = "الطقس جميل اليوم في المدينة والسماء صافية."
HEADER = {"headline": "Fine weather in the city", "summary": "The sky is clear."}
CITED = {
    "headline": {"text": "Fine weather in the city", "segments": [1]},
    "summary": [{"text": "The sky is clear.", "segments": [1]}],
}


@pytest.mark.parametrize(
    ("strategy", "answer", "asked"),
    [
        ("cite", CITED, ["headline", "summary"]),
        (
            "copy",
            HEADER | {"events": [], "quotes": []},
            ["headline", "summary", "events", "quotes"],
        ),
    ],
)
def test_nothing_to_quote_or_count_is_an_empty_valid_summary(
    server: SyntheticServer, strategy: str, answer: dict[str, Any], asked: list[str]
) -> None:
    server.reply_tool(answer)
    result = run(server, WEATHER, strategy=strategy)
    schema = server.requests[0]["tools"][0]["function"]["parameters"]
    assert list(schema["properties"]) == asked  # cite asks for no speakers and no events
    assert (result.summary.events, result.summary.quotes) == ([], [])
    assert [(r.kind, r.status) for r in result.grounding] == [
        ("headline", "grounded"),
        ("sentence", "grounded"),
    ]
    assert result.summary.headline == "Fine weather in the city"
    assert result.summary.summary == "The sky is clear."
    summary_schema = json.loads((SCHEMAS / "article_summary.json").read_text(encoding="utf-8"))
    jsonschema.validate(result.summary.model_dump(mode="json"), summary_schema)


def test_code_lists_who_is_quoted_most_and_never_an_unidentified_speaker() -> None:
    """On a long pool article code wrote "Statements by unidentified, Kingdom …"."""

    def quote(name: str, start: int) -> Quote:
        span = Span(start=start, end=start + 5, kind="exact", score=1.0)
        speaker = Speaker(name_en=name, rendered_by="code")
        return Quote(speaker=speaker, text="كلمات", mode="reported", span=span)

    quotes = [quote("unidentified", 0), quote("al-Nuaimi", 10), quote("Council", 20)]
    quotes += [quote("al-Nuaimi", 30), quote("unknown", 40)]
    (sentence,) = _code_sentences([], quotes)
    assert sentence.text == "Statements by al-Nuaimi, Council."
    assert [s.start for s in sentence.support] == [10, 20, 30]
    assert _code_sentences([], [quote("unidentified", 0)]) == []


def test_an_event_that_names_nothing_is_dropped_and_reported(
    server: SyntheticServer, seed: str
) -> None:
    """Long pool articles got summaries such as "Diplomacy. Diplomacy. Territorial change."."""
    server.reply_tool(answer([], [event(KILLED_25)]))
    result = run(server, seed)
    assert result.summary.events == []
    (report,) = [r for r in result.grounding if r.kind == "event"]
    assert (report.status, report.index, report.findings) == ("dropped", None, [UNUSABLE])


def test_code_names_who_is_quoted_when_no_event_tells_more() -> None:
    span = Span(start=0, end=5, kind="exact", score=1.0)
    quote = Quote(
        speaker=Speaker(name_en="al-Nuaimi", rendered_by="code"),
        text="كلمات",
        mode="reported",
        span=span,
    )
    assert [s.text for s in _code_sentences([], [quote])] == ["Statements by al-Nuaimi."]
