"""Call the model, ground every item, repair only what failed, then apply the policy.

Validation is per item: one ungrounded speaker must not cost the whole summary. Items
that pass are kept as they are; failed ones go back to the model with the grounding
findings, addressed by key, and only those keys may come back.

Two strategies fill the same result:
- `cite`: the article is shown as numbered segments; code finds the quotes and their
  speakers by their cues (measured far more accurate than the 1.5B model's own picks)
  and proposes candidate event segments; the model names the speakers in English,
  types each candidate event or says it is none, and writes the headline and summary.
  Quote, speaker and evidence text is sliced by code, so it is grounded by
  construction; counts are read beside their cue words and checked.
- `copy`: the model writes quotes, speakers, evidence, places and counts out;
  `locate` aligns them and every field is checked.

An event whose evidence holds but whose place or count does not keep its evidence and
loses only that field, reported; a quote whose words or speaker do not hold is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from summarizer import prompts
from summarizer.client import CallOutcome, ModelClient, Purpose
from summarizer.counts import casualties
from summarizer.counts import qualifier as count_qualifier
from summarizer.errors import ExtractionError
from summarizer.event_candidates import EventCandidate, event_candidates
from summarizer.grounding import check_count, check_evidence, check_quote, check_speaker
from summarizer.normalize import normalize
from summarizer.schema import (
    ArticleSummary,
    Attempt,
    CountQualifier,
    Event,
    EventType,
    ItemReport,
    Passage,
    Place,
    Policy,
    Quote,
    Span,
    Speaker,
    Strategy,
)
from summarizer.segment import segment
from summarizer.speech import Mention, QuoteCandidate, quote_candidates, speaker_mentions

COPY_MAX_EVENTS = 6
COPY_MAX_QUOTES = 6
# Completion budgets sized from the answer schemas: room for a full answer, small
# enough that a looping model is stopped in seconds rather than minutes.
TOKENS_HEADER = 120
TOKENS_PER_SPEAKER = 50
TOKENS_PER_EVENT = 12
TOKENS_PER_COPIED_ITEM = 160
RUNAWAY_RETRY: dict[str, Any] = {"temperature": 0.6, "frequency_penalty": 0.8}
# How far before a quote its speaker may be named and still attribute it.
ATTRIBUTION_WINDOW = 600


def _compact(schema: dict[str, Any]) -> None:
    """Drop pydantic's generated field titles: the tool schema is prompt tokens on a
    small model. The model's own title stays: it names the tool.
    """
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


_COMPACT = ConfigDict(json_schema_extra=_compact)


class _Answer(BaseModel):
    """Counts of zero mean "not stated" to a small model; the schema wants null then."""

    model_config = _COMPACT

    @field_validator("killed", "wounded", check_fields=False)
    @classmethod
    def _zero_is_unstated(cls, value: int | None) -> int | None:
        return value or None


def _free_text(max_chars: int, latin: bool) -> Any:
    """Text the model writes itself: bounded, so a looping model cannot fill the budget,
    and in Latin script when the output is English. llama.cpp turns both into grammar.
    """
    if latin:
        return Annotated[
            str, Field(pattern=rf"^[A-Za-z0-9][A-Za-z0-9 .,;:'()/&%-]{{0,{max_chars - 1}}}$")
        ]
    return Annotated[str, Field(min_length=1, max_length=max_chars)]


@dataclass(frozen=True)
class Labels:
    """The answer models for one output script."""

    headline: Any
    summary: Any
    speaker: type[BaseModel]
    copied_event: type[BaseModel]
    copied_quote: type[BaseModel]


@lru_cache(maxsize=4)
def labels(latin: bool) -> Labels:
    name = _free_text(60, latin)
    as_written = Annotated[str, Field(min_length=1, max_length=80)]
    speaker = create_model(
        "SpeakerLabel", __config__=_COMPACT, name_en=(name, ...), role=(name | None, None)
    )
    copied_event = create_model(
        "CopiedEvent",
        __base__=_Answer,
        type=(EventType, ...),
        place=(as_written | None, Field(None, description="Copied as written in the article.")),
        place_en=(name | None, None),
        actors=(list[name], Field(default_factory=list, max_length=3)),  # type: ignore[valid-type]
        evidence=(str, Field(max_length=600, description="Copied exactly from the article.")),
        killed=(int | None, Field(None, ge=0)),
        wounded=(int | None, Field(None, ge=0)),
    )
    copied_quote = create_model(
        "CopiedQuote",
        __config__=_COMPACT,
        speaker=(as_written, Field(description="Copied as written in the article.")),
        speaker_en=(name, ...),
        role=(name | None, None),
        text=(str, Field(max_length=600, description="Copied exactly from the article.")),
        mode=(Literal["direct", "reported"], ...),
        topic=(_free_text(40, latin), ...),
        translation=(_free_text(400, latin), ...),
    )
    return Labels(
        headline=_free_text(120, latin),
        summary=_free_text(300, latin),
        speaker=speaker,
        copied_event=copied_event,
        copied_quote=copied_quote,
    )


def _keyed(
    name: str, fields: dict[str, Any], aliases: dict[str, str] | None = None
) -> type[BaseModel]:
    """One required field per key, so the model must answer every candidate. An alias
    puts the source text itself in the JSON key, right before the model's answer.
    """
    aliases = aliases or {}
    return create_model(  # type: ignore[call-overload]
        name,
        __config__=ConfigDict(populate_by_name=True, json_schema_extra=_compact),
        **{key: (kind, Field(..., alias=aliases.get(key, key))) for key, kind in fields.items()},
    )


@dataclass
class Item:
    """One event or quote as it moves through the attempts."""

    key: str
    kind: Literal["event", "quote"]
    answer: Any
    candidate: QuoteCandidate | EventCandidate | None = None
    built: Event | Quote | None = None
    findings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fatal: bool = False
    attempts: int = 1

    @property
    def keep(self) -> bool:
        """Grounded items, and events that only lost an unsupported field."""
        return self.built is not None and not self.fatal

    def fail(self, message: str) -> None:
        """The item's core (quote words, speaker, evidence) does not hold."""
        self.findings.append(message)
        self.fatal = True


@dataclass
class Extraction:
    summary: ArticleSummary
    grounding: list[ItemReport]
    attempts: list[Attempt]


@dataclass
class Request:
    """A strategy's first request and what code needs to read the answer back."""

    messages: list[dict[str, Any]]
    response_model: type[BaseModel]
    max_tokens: int
    candidates: dict[str, QuoteCandidate | EventCandidate] = field(default_factory=dict)
    mentions: dict[str, Mention] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def speaker_id(self, mention: Mention | None) -> str | None:
        return self.aliases.get(mention.text) if mention is not None else None


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


def _describe(event_type: str, place: Place | None, actors: list[str]) -> str:
    """A plain English line built from checked fields only, never from unchecked prose."""
    text = event_type.replace("_", " ").capitalize()
    if actors:
        text += " involving " + ", ".join(actors)
    if place is not None:
        text += f" in {place.name_en}"
    return text


def ground_event(
    source: str,
    spans: list[Span],
    event_type: EventType,
    *,
    place: str | None = None,
    place_en: str | None = None,
    actors: list[str] | None = None,
    stated: tuple[int | None, int | None] | None = None,
    reported_by: str | None = None,
) -> tuple[Event, list[str], list[str]]:
    """The event on its evidence; an unsupported place or count is a finding, removed.

    Counts come from the model when it gives them (`copy`), else they are read from the
    evidence by `counts.casualties` (`cite`); either way they are checked.
    """
    findings: list[str] = []
    removed: list[str] = []
    evidence = " ".join(source[s.start : s.end] for s in spans)
    qualifier: CountQualifier | None = None
    if stated is None:
        killed, wounded, qualifier = casualties(evidence)
        stated = (killed, wounded)
    counts: dict[str, int | None] = {"killed": stated[0], "wounded": stated[1]}
    for what, value in counts.items():
        if value is None:
            continue
        check = check_count(evidence, value, what)
        if check.ok and check.span is not None:
            qualifier = qualifier or count_qualifier(evidence, check.span.start)
        else:
            findings.append(check.message)
            removed.append(what)
            counts[what] = None
    if counts["killed"] is None and counts["wounded"] is None:
        qualifier = None
    location = None
    if place:
        # The place must be written inside the evidence itself, not merely nearby.
        if check_speaker(source, place, near=spans[0], window=0).ok:
            location = Place(name_en=place_en or place, name_source=place)
        else:
            findings.append(
                f"The place {place!r} is not written in the evidence: "
                "copy it exactly as the article writes it there, or use null."
            )
            removed.append("location")
    event = Event(
        type=event_type,
        description=_describe(event_type, location, actors or []),
        actors=actors or [],
        location=location,
        killed=counts["killed"],
        wounded=counts["wounded"],
        count_qualifier=qualifier,
        reported_by=reported_by,
        evidence=[Passage(text=source[s.start : s.end], span=s) for s in spans],
    )
    return event, findings, removed


def _unsupported_event(label: Any) -> Event:
    """The model's event as it gave it, for the `flag` policy: no span, nothing checked."""
    place = (
        Place(name_en=label.place_en or label.place, name_source=label.place)
        if label.place
        else None
    )
    return Event(
        type=label.type,
        description=_describe(label.type, place, label.actors),
        actors=label.actors,
        location=place,
        killed=label.killed,
        wounded=label.wounded,
        count_qualifier=None,
        evidence=[Passage(text=label.evidence, span=None)],
    )


def _attribution(mention: Mention | None, quote: Span) -> list[str]:
    """A quote found by code is kept only when the article names its speaker nearby."""
    if mention is None:
        return ["The article names no speaker for these words."]
    if max(quote.start - mention.end, mention.start - quote.end) > ATTRIBUTION_WINDOW:
        return [f"{mention.text!r} is not named within {ATTRIBUTION_WINDOW} characters."]
    return []


@dataclass
class Reader:
    """Turns the model's answers into grounded items for one article."""

    source: str
    request: Request
    speakers: dict[str, Any] = field(default_factory=dict)

    def ground(self, item: Item) -> None:
        item.findings, item.removed, item.built, item.fatal = [], [], None, False
        answer, candidate = item.answer, item.candidate
        if isinstance(candidate, QuoteCandidate):
            self._cited_quote(item, candidate)
            return
        if answer is None:
            return
        if item.kind == "quote":
            self._copied_quote(item, answer)
        elif isinstance(candidate, EventCandidate):
            span = _exact(candidate.start, candidate.end)
            item.built, item.findings, item.removed = ground_event(
                self.source, [span], answer, reported_by=self._reporter(candidate)
            )
        else:
            check = check_evidence(self.source, answer.evidence)
            if check.span is None:
                item.fail(check.message)
                item.built = _unsupported_event(answer)
            else:
                item.built, item.findings, item.removed = ground_event(
                    self.source,
                    [check.span],
                    answer.type,
                    place=answer.place,
                    place_en=answer.place_en,
                    actors=answer.actors,
                    stated=(answer.killed, answer.wounded),
                )

    def _copied_quote(self, item: Item, answer: Any) -> None:
        check = check_quote(self.source, answer.text)
        if check.span is None:
            item.fail(check.message)
        else:
            who = check_speaker(self.source, answer.speaker, near=check.span)
            if not who.ok:
                item.fail(who.message)
        span = check.span
        item.built = Quote(
            speaker=Speaker(
                name_en=answer.speaker_en, role=answer.role, name_source=answer.speaker
            ),
            text=self.source[span.start : span.end] if span else answer.text,
            translation=answer.translation,
            mode=answer.mode,
            topic=answer.topic,
            span=span,
        )

    def _cited_quote(self, item: Item, candidate: QuoteCandidate) -> None:
        span = _exact(candidate.start, candidate.end)
        mention = candidate.speaker
        for message in _attribution(mention, span):
            item.fail(message)
        label = self._label(mention)
        item.built = Quote(
            speaker=Speaker(
                name_en=getattr(label, "name_en", None) or (mention.text if mention else "unknown"),
                role=getattr(label, "role", None),
                name_source=mention.text if mention else None,
            ),
            text=candidate.text,
            translation=None,
            mode=candidate.mode,
            topic=None,
            span=span,
        )

    def _label(self, mention: Mention | None) -> Any:
        """The model's English name and role for a speaker the article names."""
        return self.speakers.get(self.request.speaker_id(mention) or "")

    def _reporter(self, candidate: EventCandidate) -> str | None:
        """Who reports an event: the speaker of a quote inside its segment, if any."""
        for other in self.request.candidates.values():
            same_segment = isinstance(other, QuoteCandidate) and other.segment == candidate.segment
            if same_segment and other.speaker is not None:  # type: ignore[union-attr]
                mention = other.speaker  # type: ignore[union-attr]
                return getattr(self._label(mention), "name_en", None) or mention.text
        return None


def _messages(system: str, user: str) -> list[dict[str, Any]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def cite_request(source: str, system: str, kinds: Labels) -> Request:
    """Quotes and their speakers come from code; the model names speakers in English
    and says what each candidate event segment reports (or null).
    """
    segments = segment(source)
    quotes = quote_candidates(source, segments)
    events = event_candidates(segments)
    mentions, aliases = _speakers(quotes)
    fields: dict[str, Any] = {"headline": (kinds.headline, ...), "summary": (kinds.summary, ...)}
    if mentions:
        fields["speakers"] = (
            _keyed(
                "Speakers",
                dict.fromkeys(mentions, kinds.speaker),
                {sid: m.text for sid, m in mentions.items()},
            ),
            ...,
        )
    if events:
        fields["events"] = (
            _keyed("Events", {f"e{e.number}": EventType | None for e in events}),
            ...,
        )
    user = prompts.render("cite", segments=segments, speakers=mentions, events=events)
    budget = TOKENS_HEADER + TOKENS_PER_SPEAKER * len(mentions) + TOKENS_PER_EVENT * len(events)
    candidates: dict[str, QuoteCandidate | EventCandidate] = {f"q{q.number}": q for q in quotes}
    candidates |= {f"e{e.number}": e for e in events}
    model = create_model("CitedSummary", __config__=_COMPACT, **fields)
    return Request(_messages(system, user), model, budget, candidates, mentions, aliases)


def copy_request(source: str, system: str, kinds: Labels, shrink: int = 1) -> Request:
    max_events, max_quotes = max(1, COPY_MAX_EVENTS // shrink), max(1, COPY_MAX_QUOTES // shrink)
    model = create_model(
        "CopiedSummary",
        headline=(kinds.headline, ...),
        summary=(kinds.summary, ...),
        events=(list[kinds.copied_event], Field(max_length=max_events)),  # type: ignore[name-defined]
        quotes=(list[kinds.copied_quote], Field(max_length=max_quotes)),  # type: ignore[name-defined]
    )
    user = prompts.render("copy", article=source, max_events=max_events, max_quotes=max_quotes)
    budget = TOKENS_HEADER + TOKENS_PER_COPIED_ITEM * (max_events + max_quotes)
    return Request(_messages(system, user), model, budget)


def _items(answer: BaseModel, request: Request) -> list[Item]:
    if request.candidates:
        events: dict[str, Any] = dict(getattr(answer, "events", None) or {})
        quotes = [
            Item(key, "quote", None, candidate)
            for key, candidate in request.candidates.items()
            if isinstance(candidate, QuoteCandidate)
        ]
        return quotes + [
            Item(key, "event", label, request.candidates[key])
            for key, label in events.items()
            if label is not None
        ]
    quotes = [Item(f"q{n}", "quote", q) for n, q in enumerate(answer.quotes, start=1)]  # type: ignore[attr-defined]
    events_ = [Item(f"e{n}", "event", e) for n, e in enumerate(answer.events, start=1)]  # type: ignore[attr-defined]
    return quotes + events_


class Extractor:
    """Runs one article through a strategy on one client, counting every call."""

    def __init__(
        self,
        client: ModelClient,
        *,
        strategy: Strategy,
        policy: Policy,
        temperature: float,
        max_repairs: int,
        output_language: str,
    ) -> None:
        self.client = client
        self.strategy = strategy
        self.policy = policy
        self.temperature = temperature
        self.max_repairs = max_repairs
        self.output_language = output_language
        self.attempts: list[Attempt] = []

    def _request(self, source: str, shrink: int = 1) -> Request:
        system = prompts.render("system", output_language=_language_name(self.output_language))
        kinds = labels(latin=self.output_language in LATIN_OUTPUT)
        if self.strategy == "cite":
            return cite_request(source, system, kinds)
        return copy_request(source, system, kinds, shrink)

    async def _call(
        self,
        purpose: Purpose,
        model: type[BaseModel],
        messages: list[dict[str, Any]],
        max_tokens: int,
        extra: dict[str, Any] | None = None,
    ) -> CallOutcome:
        options = dict(extra or {})
        temperature = options.pop("temperature", self.temperature)
        outcome = await self.client.ask(
            model,
            messages,
            purpose=purpose,
            max_tokens=max_tokens,
            temperature=temperature,
            extra=options,
        )
        self.attempts.extend(outcome.report.attempts)
        return outcome

    def _spent(self) -> str:
        tokens = sum(a.usage.total_tokens for a in self.attempts)
        return f"after {len(self.attempts)} model call(s) and {tokens} tokens"

    async def run(self, source: str) -> Extraction:
        request = self._request(source)
        outcome = await self._call(
            "extract", request.response_model, request.messages, request.max_tokens
        )
        if outcome.failure == "runaway":
            # A looping small model: sample differently and penalise repeats; `copy` also
            # asks for fewer items (a cite request is already sized by its candidates).
            request = self._request(source, shrink=2)
            outcome = await self._call(
                "runaway",
                request.response_model,
                request.messages,
                request.max_tokens,
                RUNAWAY_RETRY,
            )
        if outcome.value is None:
            raise ExtractionError(
                f"no usable answer ({outcome.failure}: {outcome.detail}) {self._spent()}",
                attempts=self.attempts,
            )
        answer = outcome.value
        reader = Reader(source, request, dict(getattr(answer, "speakers", None) or {}))
        items = _items(answer, request)
        for item in items:
            reader.ground(item)
        await self._repair(reader, answer, items)
        return self._finish(source, answer, items)

    async def _repair(self, reader: Reader, answer: BaseModel, items: list[Item]) -> None:
        for _ in range(self.max_repairs):
            # Only items that would be dropped go back: on the 1.5B model, field-level
            # repairs (a misplaced place name) fixed nothing while doubling wall time.
            failed = [i for i in items if i.fatal and i.answer is not None]
            if not failed:
                return
            failures = [
                {
                    "key": i.key,
                    "findings": i.findings,
                    "answer": i.answer.model_dump_json(exclude_none=True) if i.answer else "",
                }
                for i in failed
            ]
            model = _keyed("Corrections", {i.key: type(i.answer) for i in failed})
            messages = [
                *reader.request.messages,
                {"role": "assistant", "content": answer.model_dump_json(exclude_none=True)},
                {"role": "user", "content": prompts.render("repair", failures=failures)},
            ]
            budget = TOKENS_PER_COPIED_ITEM * len(failed) + 64
            outcome = await self._call("repair", model, messages, budget)
            if outcome.value is None:
                return
            changed = False
            for item in failed:
                corrected = getattr(outcome.value, item.key)
                changed |= corrected != item.answer
                item.answer = corrected
                item.attempts += 1
                reader.ground(item)
            if not changed:
                return  # the model repeats itself: another round would cost the same again

    def _report(self, item: Item, status: str, index: int | None) -> ItemReport:
        return ItemReport(
            kind=item.kind,
            status=status,  # type: ignore[arg-type]
            index=index,
            findings=item.findings,
            removed=item.removed,
            attempts=item.attempts,
            item=_as_given(item),
        )

    def _finish(self, source: str, answer: BaseModel, items: list[Item]) -> Extraction:
        events: list[Event] = []
        quotes: list[Quote] = []
        reports: list[ItemReport] = []
        for item in items:
            bucket: list[Any] = events if item.kind == "event" else quotes
            if item.keep:
                reports.append(self._report(item, "grounded", len(bucket)))
                bucket.append(item.built)
            elif self.policy == "flag" and item.built is not None:
                reports.append(self._report(item, "flagged", len(bucket)))
                bucket.append(_unflagged(item.built))
            else:
                reports.append(self._report(item, "dropped", None))
        failed = [r for r in reports if r.findings]
        if self.policy == "fail" and failed:
            raise ExtractionError(
                f"{len(failed)} item(s) failed grounding, first: {failed[0].findings[0]}",
                attempts=self.attempts,
            )
        summary = ArticleSummary(
            headline=answer.headline,  # type: ignore[attr-defined]
            summary=answer.summary,  # type: ignore[attr-defined]
            output_language=self.output_language,
            source_language=detect_language(source),
            events=events,
            quotes=quotes,
        )
        return Extraction(summary, reports, self.attempts)


def _as_given(item: Item) -> dict[str, Any]:
    """What the model answered for the item, or for a code-found quote what code found."""
    if isinstance(item.answer, BaseModel):
        return item.answer.model_dump(mode="json")
    if isinstance(item.answer, str):
        return {"type": item.answer}
    candidate = item.candidate
    if isinstance(candidate, QuoteCandidate):
        speaker = candidate.speaker.text if candidate.speaker else None
        return {"segment": candidate.segment, "cue": candidate.cue, "speaker": speaker}
    return {}


def _unflagged(item: Event | Quote) -> Event | Quote:
    """A flagged item must not look grounded: its spans are removed."""
    if isinstance(item, Quote):
        return item.model_copy(update={"span": None})
    return item.model_copy(
        update={"evidence": [p.model_copy(update={"span": None}) for p in item.evidence]}
    )


LATIN_OUTPUT = frozenset({"en", "fr", "de", "es", "it", "pt", "nl"})
_LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fr": "French", "de": "German", "es": "Spanish"}


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def detect_language(text: str) -> str:
    """The dominant script's language: enough to tell Arabic from English news."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if arabic == latin == 0:
        return "und"
    return "ar" if arabic >= latin else "en"
