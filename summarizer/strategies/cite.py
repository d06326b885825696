"""`cite`: code finds the quotes, their speakers and candidate events; the model labels them.

The article is shown as numbered segments. Code finds the quotes and their speakers by
their cues (measured far more accurate than the 1.5B model's own picks) and proposes
candidate event segments; the model names the speakers in English, types each candidate
event or says it is none, and writes the headline and summary. Quote, speaker and
evidence text is sliced by code, so it is grounded by construction; counts are read
beside their cue words and checked. An article with no candidate asks for a headline
and a summary only, and gives an empty summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeGuard, get_args

from pydantic import BaseModel, create_model

from summarizer import prompts
from summarizer.event_candidates import EventCandidate, event_candidates
from summarizer.normalize import normalize
from summarizer.schema import EventType, ItemKind, Name, Quote, Span, Speaker
from summarizer.segment import Segment, segment
from summarizer.speech import Mention, QuoteCandidate, quote_candidates, speaker_mentions
from summarizer.strategies.base import (
    COMPACT,
    TOKENS_HEADER,
    Item,
    Reading,
    Request,
    entries,
    free_text,
    keyed,
    messages,
)
from summarizer.strategies.events import ground_event

TOKENS_PER_SPEAKER = 50
TOKENS_PER_EVENT = 12
ATTRIBUTION_WINDOW = 600
"""How far before a quote its speaker may be named and still attribute it."""
_EVENT_TYPES = frozenset(get_args(EventType))


class SpeakerLabel(BaseModel):
    """The model's English name and role for a speaker the article names."""

    model_config = COMPACT

    name_en: str
    role: str | None = None


class CitedSummary(BaseModel):
    """The answer: headline and summary, then `speakers` and `events` keyed by candidate."""

    model_config = COMPACT

    headline: str
    summary: str


@lru_cache(maxsize=2)
def _speaker_label(latin: bool) -> type[SpeakerLabel]:
    name = free_text(60, latin)
    return create_model(
        "SpeakerLabel", __base__=SpeakerLabel, name_en=(name, ...), role=(name | None, None)
    )


def _is_event_type(value: object) -> TypeGuard[EventType]:
    return value in _EVENT_TYPES


def _speakers(quotes: list[QuoteCandidate]) -> tuple[dict[str, Mention], dict[str, str]]:
    """One entry per speaker: a short mention ("المرصد", "اللواء التركي") joins the one
    longer mention whose words include all of its words ("المرصد السوري لحقوق الإنسان",
    "اللواء منصور التركي"), so the model names each speaker once and consistently. A
    short mention that several longer ones include stays apart: it is ambiguous.
    """
    mentions = speaker_mentions(quotes)
    words = {m.text: frozenset(re.findall(r"\w+", normalize(m.text).text)) for m in mentions}

    def hosts(mention: Mention) -> list[Mention]:
        return [m for m in mentions if words[mention.text] < words[m.text]]

    kept = {f"s{n}": m for n, m in enumerate((m for m in mentions if len(hosts(m)) != 1), 1)}
    aliases = {m.text: sid for sid, m in kept.items()}
    for mention in mentions:
        if mention.text not in aliases:
            host = hosts(mention)[0]
            while host.text not in aliases:  # a chain: short ⊂ medium ⊂ long
                host = hosts(host)[0]
            aliases[mention.text] = aliases[host.text]
    return kept, aliases


def _exact(start: int, end: int) -> Span:
    return Span(start=start, end=end, kind="exact", score=1.0)


def _attribution(mention: Mention | None, quote: Span) -> list[str]:
    """A quote found by code is kept only when the article names its speaker nearby."""
    if mention is None:
        return ["The article names no speaker for these words."]
    if max(quote.start - mention.end, mention.start - quote.end) > ATTRIBUTION_WINDOW:
        return [f"{mention.text!r} is not named within {ATTRIBUTION_WINDOW} characters."]
    return []


def _name_en(label: SpeakerLabel | None, mention: Mention) -> str:
    """The model's English name for a speaker, else the article's own words."""
    return (label.name_en if label else "") or mention.text


@dataclass(kw_only=True)
class CitedQuote(Item):
    """A quote code found, with the model's label for its speaker (if it gave one)."""

    kind: ItemKind = "quote"
    candidate: QuoteCandidate
    label: SpeakerLabel | None = None

    def check(self, source: str) -> None:
        candidate = self.candidate
        span = _exact(candidate.start, candidate.end)
        mention = candidate.speaker
        for message in _attribution(mention, span):
            self.fail(message)
        label = self.label
        self.built = Quote(
            speaker=Speaker(
                name_en=_name_en(label, mention) if mention else "unknown",
                role=label.role if label else None,
                name_source=mention.text if mention else None,
            ),
            text=candidate.text,
            translation=None,
            mode=candidate.mode,
            topic=None,
            span=span,
        )

    def given(self) -> dict[str, object]:
        speaker = self.candidate.speaker.text if self.candidate.speaker else None
        return {"segment": self.candidate.segment, "cue": self.candidate.cue, "speaker": speaker}


@dataclass(kw_only=True)
class CitedEvent(Item):
    """A candidate segment the model typed as an event."""

    kind: ItemKind = "event"
    candidate: EventCandidate
    type: EventType
    reporter: Name | None = None

    def check(self, source: str) -> None:
        span = _exact(self.candidate.start, self.candidate.end)
        self.built, self.findings, self.removed = ground_event(
            source, [span], self.type, reported_by=self.reporter
        )

    def given(self) -> dict[str, object]:
        return {"type": self.type}


@dataclass
class Cite:
    """The `cite` strategy for one article."""

    source: str
    system: str
    latin: bool
    segments: list[Segment] = field(init=False)
    quotes: list[QuoteCandidate] = field(init=False)
    events: list[EventCandidate] = field(init=False)
    mentions: dict[str, Mention] = field(init=False)
    aliases: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.segments = segment(self.source)
        self.quotes = quote_candidates(self.source, self.segments)
        self.events = event_candidates(self.segments)
        self.mentions, self.aliases = _speakers(self.quotes)

    def request(self, shrink: int = 1) -> Request:
        """Sized by its candidates, so a runaway retry asks the same (`shrink` is unused)."""
        fields: dict[str, Any] = {
            "headline": (free_text(120, self.latin), ...),
            "summary": (free_text(300, self.latin), ...),
        }
        if self.mentions:
            labels = dict.fromkeys(self.mentions, _speaker_label(self.latin))
            texts = {sid: m.text for sid, m in self.mentions.items()}
            fields["speakers"] = (keyed("Speakers", labels, texts), ...)
        if self.events:
            types = {f"e{e.number}": EventType | None for e in self.events}
            fields["events"] = (keyed("Events", types), ...)
        user = prompts.render(
            "cite", segments=self.segments, speakers=self.mentions, events=self.events
        )
        budget = (
            TOKENS_HEADER
            + TOKENS_PER_SPEAKER * len(self.mentions)
            + TOKENS_PER_EVENT * len(self.events)
        )
        model = create_model("CitedSummary", __base__=CitedSummary, **fields)
        return Request(messages(self.system, user), model, budget)

    def read(self, answer: BaseModel) -> Reading:
        if not isinstance(answer, CitedSummary):
            raise TypeError(f"cite reads a CitedSummary, not a {type(answer).__name__}")
        fields = dict(answer)
        labels = entries(fields.get("speakers"), SpeakerLabel)
        types = entries(fields.get("events"), str)
        quotes: list[Item] = [
            CitedQuote(key=f"q{q.number}", candidate=q, label=self._label(q, labels))
            for q in self.quotes
        ]
        events: list[Item] = [
            CitedEvent(
                key=f"e{e.number}",
                candidate=e,
                type=event_type,
                reporter=self._reporter(e, labels),
            )
            for e in self.events
            if _is_event_type(event_type := types.get(f"e{e.number}"))
        ]
        return Reading(answer.headline, answer.summary, quotes + events)

    def _label(self, quote: QuoteCandidate, labels: dict[str, SpeakerLabel]) -> SpeakerLabel | None:
        """The model's label of the quote's speaker, under the id its mention joined."""
        mention = quote.speaker
        return labels.get(self.aliases.get(mention.text, "") if mention else "")

    def _reporter(self, event: EventCandidate, labels: dict[str, SpeakerLabel]) -> Name | None:
        """Who reports an event: the speaker of a quote inside its segment, if any."""
        for quote in self.quotes:
            if quote.segment == event.segment and quote.speaker is not None:
                name_en = _name_en(self._label(quote, labels), quote.speaker)
                return Name(name_en=name_en, name_source=quote.speaker.text)
        return None
