"""Eval cases: an article and its gold events and quotes, one JSON file per case."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schema import Event, Quote


class Gold(BaseModel):
    """Careful human reading of the article; every span slices the article to its text."""

    model_config = ConfigDict(extra="forbid")

    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: str | None = Field(default=None, alias="$schema")
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str = "ar"
    text: str
    gold: Gold
    notes: str | None = Field(default=None, description="Annotator's remarks on hard calls.")


def load_dataset(directory: Path) -> list[Case]:
    """Every `*.json` case in a folder, sorted by id so runs are reproducible."""
    cases = [
        Case.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    ]
    return sorted(cases, key=lambda case: case.id)
