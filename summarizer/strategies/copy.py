"""`copy`: the model writes quotes, speakers, evidence, places and counts out; code aligns them.

`locate` finds each quote and evidence passage in the article, the speaker must be
named near the quote, and every count and place is checked against the evidence. This
is the strategy for a strong hosted model; a small one mostly paraphrases, and what
does not hold is dropped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, create_model, field_validator

from summarizer import prompts
from summarizer.grounding import check_evidence, check_quote, check_speaker
from summarizer.schema import Event, EventType, ItemKind, Name, Passage, Quote, Speaker
from summarizer.strategies.base import (
    COMPACT,
    TOKENS_HEADER,
    TOKENS_PER_WRITTEN_ITEM,
    Answered,
    AsWritten,
    Item,
    Reading,
    Request,
    free_text,
    list_of,
    messages,
)
from summarizer.strategies.events import describe, ground_event

MAX_EVENTS = 6
MAX_QUOTES = 6


class CopiedEvent(BaseModel):
    """An event as the model writes it out; free text is bounded per script (`_models`)."""

    model_config = COMPACT

    type: EventType
    place: AsWritten | None = Field(None, description="Copied as written in the article.")
    place_en: str | None = None
    actors: list[str] = Field(default_factory=list, max_length=3)
    evidence: str = Field(max_length=600, description="Copied exactly from the article.")
    killed: int | None = Field(None, ge=0)
    wounded: int | None = Field(None, ge=0)

    @field_validator("killed", "wounded")
    @classmethod
    def _zero_is_unstated(cls, value: int | None) -> int | None:
        """Counts of zero mean "not stated" to a small model; the schema wants null then."""
        return value or None


class CopiedQuote(BaseModel):
    """A quote as the model writes it out; free text is bounded per script (`_models`)."""

    model_config = COMPACT

    speaker: AsWritten = Field(description="Copied as written in the article.")
    speaker_en: str
    role: str | None = None
    text: str = Field(max_length=600, description="Copied exactly from the article.")
    mode: Literal["direct", "reported"]
    topic: str
    translation: str


class CopiedSummary(BaseModel):
    """The answer: headline, summary, and the events and quotes written out."""

    headline: str
    summary: str
    events: list[CopiedEvent]
    quotes: list[CopiedQuote]


@lru_cache(maxsize=2)
def _models(latin: bool) -> tuple[type[CopiedEvent], type[CopiedQuote]]:
    """The item models with the script's bound on every field the model writes itself."""
    name = free_text(60, latin)
    event = create_model(
        "CopiedEvent",
        __base__=CopiedEvent,
        place_en=(name | None, None),
        actors=(list_of(name), Field(default_factory=list, max_length=3)),
    )
    quote = create_model(
        "CopiedQuote",
        __base__=CopiedQuote,
        speaker_en=(name, ...),
        role=(name | None, None),
        topic=(free_text(40, latin), ...),
        translation=(free_text(400, latin), ...),
    )
    return event, quote


def _unsupported_event(answer: CopiedEvent) -> Event:
    """The model's event as it gave it, for the `flag` policy: no span, nothing checked."""
    place = (
        Name(name_en=answer.place_en or answer.place, name_source=answer.place)
        if answer.place
        else None
    )
    actors = [Name(name_en=actor) for actor in answer.actors]
    return Event(
        type=answer.type,
        description=describe(answer.type, place, actors),
        actors=actors,
        location=place,
        killed=answer.killed,
        wounded=answer.wounded,
        count_qualifier=None,
        evidence=[Passage(text=answer.evidence, span=None)],
    )


@dataclass(kw_only=True)
class QuoteItem(Answered[CopiedQuote]):
    """A copied quote: its words must be located, its speaker named near them."""

    kind: ItemKind = "quote"

    def check(self, source: str) -> None:
        answer = self.answer
        span = self.require(check_quote(source, answer.text))
        if span is not None:
            self.require(check_speaker(source, answer.speaker, near=span))
        self.built = Quote(
            speaker=Speaker(
                name_en=answer.speaker_en, role=answer.role, name_source=answer.speaker
            ),
            text=source[span.start : span.end] if span else answer.text,
            translation=answer.translation,
            mode=answer.mode,
            topic=answer.topic,
            span=span,
        )


@dataclass(kw_only=True)
class EventItem(Answered[CopiedEvent]):
    """A copied event: its evidence must be located; a place or count that does not hold
    is removed.
    """

    kind: ItemKind = "event"

    def check(self, source: str) -> None:
        answer = self.answer
        span = self.require(check_evidence(source, answer.evidence))
        if span is None:
            self.built = _unsupported_event(answer)
            return
        self.built, self.findings, self.removed = ground_event(
            source,
            [span],
            answer.type,
            place=answer.place,
            place_en=answer.place_en,
            actors=[Name(name_en=actor) for actor in answer.actors],
            stated=(answer.killed, answer.wounded),
        )


@dataclass
class Copy:
    """The `copy` strategy for one article."""

    source: str
    system: str
    latin: bool

    def request(self, shrink: int = 1) -> Request:
        max_events, max_quotes = max(1, MAX_EVENTS // shrink), max(1, MAX_QUOTES // shrink)
        event, quote = _models(self.latin)
        model = create_model(
            "CopiedSummary",
            __base__=CopiedSummary,
            headline=(free_text(120, self.latin), ...),
            summary=(free_text(300, self.latin), ...),
            events=(list_of(event), Field(max_length=max_events)),
            quotes=(list_of(quote), Field(max_length=max_quotes)),
        )
        user = prompts.render(
            "copy", article=self.source, max_events=max_events, max_quotes=max_quotes
        )
        budget = TOKENS_HEADER + TOKENS_PER_WRITTEN_ITEM * (max_events + max_quotes)
        return Request(messages(self.system, user), model, budget)

    def read(self, answer: BaseModel) -> Reading:
        if not isinstance(answer, CopiedSummary):
            raise TypeError(f"copy reads a CopiedSummary, not a {type(answer).__name__}")
        quotes: list[Item] = [
            QuoteItem(key=f"q{n}", answer=q) for n, q in enumerate(answer.quotes, 1)
        ]
        events: list[Item] = [
            EventItem(key=f"e{n}", answer=e) for n, e in enumerate(answer.events, 1)
        ]
        return Reading(answer.headline, answer.summary, quotes + events)
