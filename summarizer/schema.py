"""The data the summarizer returns: the single source of the JSON Schemas in `schemas/`.

Spans are never filled by a model: code computes them with `summarizer.locate` or by
slicing the segments it showed the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

SpanKind = Literal["exact", "normalized", "approximate"]

EventType = Literal[
    "armed_clash",
    "airstrike",
    "shelling",
    "bombing",
    "killing",
    "arrest",
    "territorial_change",
    "protest",
    "diplomacy",
    "statement",
    "ceasefire",
    "other",
]

CountQualifier = Literal["exact", "at_least", "more_than", "about", "at_most"]

HEDGES: dict[str, str] = {
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "at_most": "at most ",
}
"""How each qualifier reads before a number in English."""

StrategyName = Literal["copy", "cite"]

ItemKind = Literal["event", "quote", "name", "translation", "headline", "sentence"]
"""Events and quotes rest on Arabic spans; names, translations and the headline and
summary sentences are the English a reader reads, checked against the Arabic they render."""

ItemStatus = Literal["grounded", "repaired", "rendered", "flagged", "dropped"]
"""grounded: held as the model gave it; repaired: held after the model corrected it;
rendered: the model's English failed and code rendered it from the Arabic; flagged: kept
under the `flag` policy although it does not hold; dropped: removed."""

Maker = Literal["model", "code"]

Purpose = Literal["extract", "repair", "runaway", "translate"]
"""Why a model call was made: the summary, a repair of failed items, the retry of a
runaway answer, or one quote's translation."""

Detail = Literal["brief", "full"]

EventFilter = Literal["model", "code"]
"""Who decides that a candidate segment reports a happening (cite): the model's null,
or code alone (every candidate that survives code's filters, typed by its cues)."""

Policy = Literal["drop", "flag", "fail"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where a fragment stands in the original source: `source[start:end]`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0, description="Exclusive end offset into the original source.")
    kind: SpanKind
    score: float = Field(ge=0.0, le=1.0)


class Passage(_Model):
    """A verbatim piece of the article, with the span it was found at."""

    text: str
    span: Span | None = Field(
        default=None, description="Null only for an item kept under the `flag` policy."
    )


class Name(_Model):
    """An English name or title and the Arabic it renders; code checks that the two agree."""

    name_en: str = Field(description="The English name a reader reads.")
    name_source: str | None = Field(default=None, description="The name as written in the article.")
    span: Span | None = Field(default=None, description="Where `name_source` stands.")
    support: list[Span] = Field(
        default_factory=list,
        description="Every span of the article the English rests on (computed by code).",
    )
    rendered_by: Maker = Field(
        default="model", description="code: the model's English failed the check."
    )


class Sentence(_Model):
    """A headline or summary sentence with the article spans it cites."""

    text: str
    support: list[Span] = Field(default_factory=list, description="The cited segments' spans.")
    status: Literal["grounded", "flagged"] = "grounded"
    rendered_by: Maker = Field(
        default="model", description="code: built from checked items when the model's failed."
    )


class Event(_Model):
    type: EventType
    description: str = Field(description="One sentence in the output language.")
    description_by: Maker = Field(
        default="code", description="code: built from the event's checked fields."
    )
    actors: list[Name] = Field(default_factory=list)
    location: Name | None = None
    time: str | None = Field(default=None, description="Time as stated in the article.")
    killed: int | None = Field(default=None, ge=0, description="Null when no number is stated.")
    wounded: int | None = Field(default=None, ge=0, description="Null when no number is stated.")
    count_qualifier: CountQualifier | None = Field(
        default=None,
        description="How the stated counts are hedged, e.g. at_least for ما لا يقل عن.",
    )
    reported_by: Name | None = Field(
        default=None, description="Who reports it, e.g. an observatory."
    )
    evidence: list[Passage] = Field(min_length=1)


class Speaker(Name):
    """Who spoke: `name_source` is the subject of the speech cue (see evals/README.md)."""

    role: str | None = Field(default=None, description="Role or affiliation, in English.")


class Quote(_Model):
    speaker: Speaker
    text: str = Field(description="The quoted words verbatim, in the article's language.")
    translation: str | None = Field(default=None, description="English translation.")
    mode: Literal["direct", "reported"] = Field(
        description="direct: in quotation marks; reported: indirect speech."
    )
    topic: str | None = None
    span: Span | None = Field(
        default=None, description="Null only for a quote kept under the `flag` policy."
    )


class ArticleSummary(_Model):
    headline: str
    headline_support: list[Span] = Field(
        default_factory=list, description="The article spans the headline cites."
    )
    headline_by: Maker = Field(
        default="model", description="code: built from checked items when the model's failed."
    )
    summary: str = Field(description="The summary's sentences, joined.")
    sentences: list[Sentence] = Field(
        default_factory=list, description="The summary sentence by sentence, with support."
    )
    output_language: str = Field(default="en")
    source_language: str = Field(description="ISO 639-1 code of the article's language.")
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


class ItemReport(_Model):
    """What grounding concluded about one item the model returned."""

    kind: ItemKind
    status: ItemStatus
    target: str | None = Field(
        default=None,
        description='Where the item stands in the summary, e.g. "quotes[2].speaker".',
    )
    index: int | None = Field(
        default=None, description="Position in the summary's list; null when dropped."
    )
    findings: list[str] = Field(
        default_factory=list, description="Why it failed grounding, in words the model reads."
    )
    removed: list[str] = Field(
        default_factory=list,
        description="Fields of a kept event removed because the article does not support them.",
    )
    attempts: int = Field(ge=1, description="Model attempts this item took part in.")
    item: dict[str, object] = Field(description="The item as the model last returned it.")


class Usage(BaseModel):
    # `total_tokens` is computed, so reading our own JSON back must ignore it.
    model_config = ConfigDict(extra="ignore")

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Attempt(_Model):
    """One model call as seen by the caller (transport retries folded in)."""

    number: int = Field(ge=1)
    purpose: Purpose
    outcome: Literal["ok", "invalid", "runaway", "error"]
    detail: str | None = None
    transport_retries: int = 0
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0


class SummaryResult(_Model):
    summary: ArticleSummary
    grounding: list[ItemReport] = Field(default_factory=list)
    attempts: list[Attempt] = Field(default_factory=list)
    usage: Usage = Field(description="Summed over every attempt, failed ones too.")
    latency_s: float
    model: str
    prompt_version: str
    strategy: StrategyName
    policy: Policy
    detail: Detail = Field(default="full", description="brief: no quote translations, for speed.")
    chunks: int = Field(default=1, ge=1, description="Parts a long article was read in.")


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "summary_result": SummaryResult,
    "article_summary": ArticleSummary,
}


def json_schemas(models: dict[str, type[BaseModel]]) -> dict[str, str]:
    """File name → JSON text, exactly as written to `schemas/`."""
    return {
        f"{name}.json": json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        for name, model in models.items()
    }


def write_json_schemas(directory: Path, models: dict[str, type[BaseModel]]) -> list[Path]:
    """Regenerate `schemas/` so the files never drift from the models."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas(models).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
