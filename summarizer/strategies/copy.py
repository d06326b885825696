"""`copy`: the model writes quotes, speakers, evidence, places and counts out; code aligns them.

`locate` finds each quote and evidence passage in the article, the speaker must be
named near the quote, and every count and place is checked against the evidence. This
is the strategy for a strong hosted model; a small one mostly paraphrases, and what
does not hold is dropped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model, field_validator

from summarizer import english, prompts
from summarizer.grounding import check_evidence, check_quote, check_speaker
from summarizer.normalize import normalize
from summarizer.schema import (
    Event,
    EventType,
    ItemKind,
    Name,
    Passage,
    Quote,
    Sentence,
    Span,
    Speaker,
)
from summarizer.segment import segment
from summarizer.speech import QuoteCandidate, quote_candidates
from summarizer.strategies import names
from summarizer.strategies.base import (
    COMPACT,
    TOKENS_HEADER,
    TOKENS_PER_WRITTEN_ITEM,
    Answered,
    AsWritten,
    Item,
    Options,
    Reading,
    Request,
    free_text,
    keyed,
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


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(text).text.split())


def _attribution(source: str, span: Span, speaker: str, found: list[QuoteCandidate]) -> str | None:
    """Who spoke is grounded too: where code finds these words as speech, the model's
    speaker must be the subject of that speech cue (or, for a cue with no subject of its
    own, the speaker the guidelines give it), not merely a name standing nearby.
    """
    cue = next((c for c in found if c.start < span.end and span.start < c.end), None)
    if cue is None or cue.speaker is None:
        return None
    said, given = _words(cue.speaker.text), _words(speaker)
    if said and given and (said <= given or given <= said):
        return None
    return (
        f"The article attributes these words to {cue.speaker.text!r}, not to {speaker!r}: "
        "give the speaker the article gives."
    )


@dataclass(kw_only=True)
class QuoteItem(Answered[CopiedQuote]):
    """A copied quote: its words must be located, its speaker the one the article gives;
    an English name or translation that the Arabic does not support is replaced by
    code's rendering or removed.
    """

    kind: ItemKind = "quote"
    speech: list[QuoteCandidate]

    def check(self, source: str) -> None:
        answer = self.answer
        span = self.require(check_quote(source, answer.text))
        mention = None
        if span is not None:
            mention = self.require(check_speaker(source, answer.speaker, near=span))
            if mention is not None and (
                wrong := _attribution(source, span, answer.speaker, self.speech)
            ):
                self.fail(wrong)
        speaker = Speaker(name_en=answer.speaker_en, role=answer.role, name_source=answer.speaker)
        if mention is not None:
            speaker, findings = names.speaker(source, mention, answer.speaker_en, answer.role)
            self.findings += findings
            self.removed += ["speaker.name_en"] if speaker.rendered_by == "code" else []
        translation: str | None = answer.translation
        if span is not None and translation:
            checked = english.check_text(translation, source, [span])
            if not checked.ok:
                self.findings += checked.findings
                self.removed.append("translation")
                translation = None
        self.built = Quote(
            speaker=speaker,
            text=source[span.start : span.end] if span else answer.text,
            translation=translation,
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
        location = self._place(source, span)
        actors = []
        for actor in answer.actors:
            checked = english.check_name(actor, source, [span])
            if checked.ok:
                actors.append(Name(name_en=actor, support=names.spans(checked.support)))
            else:
                self.findings += checked.findings
                self.removed.append("actors")
        self.built, findings, removed = ground_event(
            source,
            [span],
            answer.type,
            location=location,
            actors=actors,
            stated=(answer.killed, answer.wounded),
        )
        self.findings += findings
        self.removed += removed

    def _place(self, source: str, evidence: Span) -> Name | None:
        """The place must be written inside the evidence itself, not merely nearby."""
        place = self.answer.place
        if not place:
            return None
        found = check_speaker(source, place, near=evidence, window=0)
        if found.span is None or not found.ok:
            self.findings.append(
                f"The place {place!r} is not written in the evidence: "
                "copy it exactly as the article writes it there, or use null."
            )
            self.removed.append("location")
            return None
        return names.name(source, found.span, self.answer.place_en, [evidence])


@dataclass(kw_only=True)
class WrittenSentence(Item):
    """The model's headline or summary sentence. `copy` asks for no citations, so what a
    sentence states is held to the whole article; one that does not hold is removed, and
    so is one that names nothing (no name, no number) where the article states numbers,
    as news nearly always does: with no citation, nothing ties it to this article
    (SmolLM2 wrote of fiscal measures under a report of clashes). An article with no
    number (a weather note) may be summarized without names.
    """

    text: str

    def check(self, source: str) -> None:
        whole = names.exact(0, len(source))
        checked = english.check_text(self.text, source, [whole])
        self.built = Sentence(text=self.text, support=names.spans(checked.support))
        if not checked.ok:
            self.fail(" ".join(checked.findings))
        elif not checked.support and any(c.isdigit() for c in source):
            self.fail(
                "It names no person, place, body or number of the article: "
                "nothing ties it to this article."
            )

    def given(self) -> dict[str, object]:
        return {"text": self.text}


@dataclass
class Copy:
    """The `copy` strategy for one article."""

    source: str
    system: str
    options: Options

    def request(self, shrink: int = 1) -> Request:
        max_events, max_quotes = max(1, MAX_EVENTS // shrink), max(1, MAX_QUOTES // shrink)
        latin = self.options.latin
        event, quote = _models(latin)
        model = create_model(
            "CopiedSummary",
            __base__=CopiedSummary,
            headline=(free_text(120, latin), ...),
            summary=(free_text(300, latin), ...),
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
        speech = quote_candidates(self.source, segment(self.source))
        quotes: list[Item] = [
            QuoteItem(key=f"q{n}", answer=q, speech=speech) for n, q in enumerate(answer.quotes, 1)
        ]
        events: list[Item] = [
            EventItem(key=f"e{n}", answer=e) for n, e in enumerate(answer.events, 1)
        ]
        return Reading(quotes + events + self.sentences(answer))

    def headline_request(self) -> Request:
        """The same prompt, answered with the headline and summary only."""
        latin = self.options.latin
        model = create_model(
            "CopiedSummary",
            headline=(free_text(120, latin), ...),
            summary=(free_text(300, latin), ...),
        )
        return Request(self.request().messages, model, TOKENS_HEADER)

    def sentences(self, answer: BaseModel) -> list[Item]:
        """The headline and the summary's sentences, as items."""
        parts = dict(answer)
        return [
            WrittenSentence(key="headline", kind="headline", text=str(parts["headline"])),
            *(
                WrittenSentence(key=f"sentence{n}", kind="sentence", text=text)
                for n, text in enumerate(_sentences(str(parts["summary"])), 1)
            ),
        ]

    def repair(
        self, failed: Sequence[Answered[Any]], request: Request, answer: BaseModel
    ) -> Request:
        """The whole exchange again, with the failed items' findings, keyed."""
        failures = [
            {
                "key": item.key,
                "findings": item.findings,
                "answer": item.answer.model_dump_json(exclude_none=True),
            }
            for item in failed
        ]
        model = keyed("Corrections", {item.key: type(item.answer) for item in failed})
        conversation = [
            *request.messages,
            {"role": "assistant", "content": answer.model_dump_json(exclude_none=True)},
            {"role": "user", "content": prompts.render("repair", failures=failures)},
        ]
        return Request(conversation, model, TOKENS_PER_WRITTEN_ITEM * len(failed) + 64)


def _sentences(text: str) -> list[str]:
    """The summary's sentences: a copied summary is one string of up to two."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
