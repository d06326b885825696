"""The scores an eval keeps: per case and per run, with the notes a reader should look at.

Counts are kept raw (`Counts`, by name) so a run can be micro-averaged: one long
article with ten quotes weighs ten times a one-quote article. Which counts exist is
decided by the metrics (`metrics.METRICS`): a metric that judges matched pairs adds its
own counts to the case's `quotes` or `events`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schema import ItemKind, Quote, StrategyName

Counts = dict[str, int]
"""Raw counts by name, in the order the report lists them; a missing name counts 0."""

Value = int | float | None
"""A metric's value: None where its denominator is zero or it is unknown."""

EXCERPT_WORDS = 8

Issue = Literal["missed", "spurious", "caught", "wrong_speaker", "wrong_mode", "wrong_count"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunId(_Model):
    """What a run compares: one model, one strategy, one prompt version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str
    strategy: StrategyName
    prompt_version: str

    @property
    def label(self) -> str:
        return f"{self.model} · {self.strategy} · {self.prompt_version}"


class CaseNote(_Model):
    """One thing a reader of the report should look at in this case."""

    issue: Issue
    kind: ItemKind
    text: str = Field(description="The first words of the quote or event description.")
    detail: str | None = Field(default=None, description="Speaker, findings, or gold vs predicted.")


class CaseScore(_Model):
    case_id: str
    run: RunId | None = Field(default=None, description="Null when the run gave no result.")
    error: str | None = None
    quotes: Counts = Field(default_factory=dict)
    events: Counts = Field(default_factory=dict)
    grounding: Counts = Field(default_factory=dict)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float | None = None
    cost_usd: float | None = None
    notes: list[CaseNote] = Field(default_factory=list)

    @property
    def schema_valid(self) -> bool:
        return self.run is not None


class RunScore(_Model):
    run: RunId
    cases_total: int
    cases_finished: int
    quotes: Counts
    events: Counts
    grounding: Counts
    metrics: dict[str, Value] = Field(description="Each metric of `metrics.METRICS` by name.")
    cases: list[CaseScore]


def slug(text: str) -> str:
    """A model name (or a .gguf path) or a case id as one safe file or folder name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(text).stem if text.endswith(".gguf") else text)


def excerpt(text: str) -> str:
    """The first words of an item, as a note names it."""
    words = text.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def speaker_label(quote: Quote) -> str:
    return quote.speaker.name_source or quote.speaker.name_en
