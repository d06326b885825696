"""Rendering a result: JSON for machines, Markdown for people.

A REAL run (the sample article, replayed from its cassette) and a hand-built result
that has every kind of line: hedged counts, places, reporters, roles, translations and
items that did not hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import summarizer
from summarizer import render
from summarizer.evaluation.runner import cassette_path
from summarizer.schema import (
    ArticleSummary,
    Event,
    ItemReport,
    Name,
    Passage,
    Quote,
    Speaker,
    SummaryResult,
    Usage,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def replayed() -> tuple[str, SummaryResult]:
    seed = (ROOT / "data" / "seed.txt").read_text(encoding="utf-8")
    tape = cassette_path(
        ROOT / "evals" / "cassettes", "qwen2.5-coder-1.5b", "cite", "seed-syria-observatory"
    )
    return seed, summarizer.summarize(seed, cassette_path=tape)


@pytest.fixture
def built() -> SummaryResult:
    event = Event(
        type="armed_clash",
        description="Armed clash in Palmyra",
        location=Name(name_en="Palmyra", name_source="تدمر"),
        killed=25,
        wounded=3,
        count_qualifier="at_least",
        reported_by=Name(name_en="Syrian Observatory"),
        evidence=[Passage(text="مقتل ما لا يقل عن 25 عنصراً")],
    )
    quote = Quote(
        speaker=Speaker(name_en="Alexander Kinshchak", role="Russian ambassador"),
        text="من السابق لأوانه مناقشة إمكانية تحرير مدينة إدلب",
        translation="It is too early to discuss liberating Idlib",
        mode="reported",
        topic="Idlib",
    )
    reports = [
        ItemReport(
            kind="quote", status="dropped", findings=["Quote text not found."], attempts=2, item={}
        ),
        ItemReport(
            kind="event", status="flagged", index=1, findings=["No evidence."], attempts=1, item={}
        ),
    ]
    return SummaryResult(
        summary=ArticleSummary(
            headline="Clashes in Syria",
            summary="Fighting goes on.",
            source_language="ar",
            events=[event],
            quotes=[quote],
        ),
        grounding=reports,
        usage=Usage(prompt_tokens=900, completion_tokens=120),
        latency_s=12.25,
        model="m",
        prompt_version="v1-x",
        strategy="copy",
        policy="flag",
    )


def test_json_round_trips_and_matches_the_schema(replayed: tuple[str, SummaryResult]) -> None:
    _, result = replayed
    text = render.to_json(result)
    assert text.endswith("}\n")
    assert SummaryResult.model_validate_json(text) == result
    schema = json.loads((ROOT / "schemas" / "summary_result.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(text), schema)


def test_markdown_of_a_real_run_quotes_the_article(replayed: tuple[str, SummaryResult]) -> None:
    seed, result = replayed
    text = render.to_markdown(result, seed)
    lines = text.splitlines()
    assert lines[0].startswith(f"# {result.summary.headline}")
    assert "## Events" in lines and "## Quotes" in lines
    for quote in result.summary.quotes:  # each quote as the article has it
        assert f"  > {quote.text}" in lines
        assert quote.translation is None or f"  > *{quote.translation}*" in lines
    notes = [line.split(": ", 1)[1] for line in lines if line.startswith("[^")]
    assert notes and all(note.rstrip("…") in " ".join(seed.split()) for note in notes)
    assert "at least 25 killed" in text  # the toll read beside مقتل
    assert lines[-1].startswith(
        f"*qwen2.5-coder-1.5b, cite strategy (full), prompt {result.prompt_version}:"
    )


def test_markdown_has_a_line_for_every_field(built: SummaryResult) -> None:
    assert render.to_markdown(built) == (
        "# Clashes in Syria\n\nFighting goes on.\n\n## Events\n\n"
        "- **armed clash**: † Armed clash in Palmyra\n"
        "  - place: Palmyra (تدمر) · at least 25 killed; at least 3 wounded"
        " · reported by: Syrian Observatory\n"
        "  > مقتل ما لا يقل عن 25 عنصراً\n\n"
        "## Quotes\n\n"
        "- **Alexander Kinshchak, Russian ambassador** (reported, Idlib)\n"
        "  > من السابق لأوانه مناقشة إمكانية تحرير مدينة إدلب\n"
        "  > *It is too early to discuss liberating Idlib*\n\n"
        "## Not grounded\n\n"
        "- dropped quote: Quote text not found.\n"
        "- flagged event: No evidence.\n\n"
        "*† rendered by code from the Arabic (the model's English did not hold, "
        "or code built it from checked fields).*\n\n"
        "*Translations are the model's: every name, number and direction in them is checked "
        "against the quote, their meaning is not. The Arabic stands beside each.*\n\n"
        "*m, copy strategy (full), prompt v1-x: 0 model call(s), 900+120 tokens, 12.2 s*\n"
    )


def test_markdown_of_an_empty_summary_has_no_empty_sections(built: SummaryResult) -> None:
    empty = built.model_copy(
        update={
            "summary": built.summary.model_copy(update={"events": [], "quotes": []}),
            "grounding": [],
        }
    )
    assert render.to_markdown(empty).splitlines()[:4] == [
        "# Clashes in Syria",
        "",
        "Fighting goes on.",
        "",
    ]
    assert "##" not in render.to_markdown(empty)


def test_a_flagged_item_is_marked_where_it_stands(built: SummaryResult) -> None:
    """Under `flag`, an item that did not hold is kept; a reader of the Markdown must
    see it is not grounded without reading to the end.
    """
    flagged = built.model_copy(
        update={
            "grounding": [
                ItemReport(
                    kind="quote",
                    status="flagged",
                    index=0,
                    findings=["Not found."],
                    attempts=1,
                    item={},
                ),
            ]
        }
    )
    lines = render.to_markdown(flagged).splitlines()
    assert "- ⚠ flagged: **Alexander Kinshchak, Russian ambassador** (reported, Idlib)" in lines
    assert not any("⚠" in line for line in lines if line.startswith("- **armed clash**"))
    assert "- flagged quote: Not found." in lines
