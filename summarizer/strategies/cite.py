"""`cite`: code finds the quotes, their speakers and candidate events; the model labels them.

The article is shown as numbered segments. Code finds the quotes and their speakers by
their cues (measured far more accurate than the 1.5B model's own picks) and proposes
candidate event segments; the model names the speakers in English, types each
candidate event or says it is none, translates the quotes (`detail="full"`), and writes
a headline and summary sentences that cite the segments they rest on. Quote, speaker
and evidence text is sliced by code, so it is grounded by construction; counts are read
beside their cue words; every English name, translation and sentence is checked
against the Arabic it renders (`summarizer.english`). A failed one goes back to the
model in a short request that shows only the Arabic it must render; a name that still
fails is rendered by code, a translation or sentence is removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeGuard, get_args

from pydantic import BaseModel, Field, create_model

from summarizer import prompts
from summarizer.arguments import (
    Argument,
    event_arguments,
    preferred,
)
from summarizer.event_candidates import EventCandidate, event_candidates
from summarizer.schema import EventFilter, EventType, ItemKind, Name, Quote, Speaker
from summarizer.segment import Segment, enclosing_sentence, segment
from summarizer.speech import Mention, QuoteCandidate, quote_candidates, speaker_mentions
from summarizer.strategies import names
from summarizer.strategies.base import (
    COMPACT,
    TOKENS_HEADER,
    Answered,
    Item,
    Options,
    Reading,
    Request,
    entries,
    free_text,
    keyed,
    list_of,
    messages,
)
from summarizer.strategies.events import ground_event
from summarizer.strategies.labels import (
    Cited,
    SentenceItem,
    SpeakerItem,
    SpeakerLabel,
    TranslationItem,
    label_models,
    mention_span,
)

TOKENS_PER_SPEAKER = 50
TOKENS_PER_EVENT = 12
TOKENS_PER_REPAIR = 80
MAX_SENTENCES = 3
ATTRIBUTION_WINDOW = 600
"""How far before a quote its speaker may be named and still attribute it."""
_EVENT_TYPES = frozenset(get_args(EventType))


class CitedSummary(BaseModel):
    """The answer: `speakers` and `events` keyed by candidate, then `headline` and
    `summary`, written last, after the model has labelled what they may draw on (the
    fields are made per article: the grammar writes them in this order).
    """

    model_config = COMPACT


def _is_event_type(value: object) -> TypeGuard[EventType]:
    return value in _EVENT_TYPES


def _speakers(quotes: list[QuoteCandidate]) -> tuple[dict[str, Mention], dict[str, str]]:
    """One entry per speaker: a short mention ("المرصد", "اللواء التركي") joins the one
    longer mention whose words include all of its words ("المرصد السوري لحقوق الإنسان",
    "اللواء منصور التركي"), so the model names each speaker once and consistently. A
    short mention that several longer ones include stays apart: it is ambiguous.
    """
    mentions = speaker_mentions(quotes)
    roots = names.roots([m.text for m in mentions])
    kept = {f"s{n}": m for n, m in enumerate((m for m in mentions if roots[m.text] == m.text), 1)}
    aliases = {m.text: sid for sid, m in kept.items()}
    for mention in mentions:
        aliases.setdefault(mention.text, aliases[roots[mention.text]])
    return kept, aliases


@dataclass(kw_only=True)
class CitedQuote(Item):
    """A quote code found, spoken by a speaker whose English name is settled by then."""

    stage: ClassVar[int] = 3
    kind: ItemKind = "quote"
    candidate: QuoteCandidate
    speaker: SpeakerItem | None = None
    translation: TranslationItem | None = None

    def check(self, source: str) -> None:
        candidate = self.candidate
        span = names.exact(candidate.start, candidate.end)
        mention = candidate.speaker
        if mention is None:
            self.fail("The article names no speaker for these words.")
        elif max(span.start - mention.end, mention.start - span.end) > ATTRIBUTION_WINDOW:
            self.fail(f"{mention.text!r} is not named within {ATTRIBUTION_WINDOW} characters.")
        translation = self.translation
        translated = translation.text if translation is not None and translation.keep else None
        if translation is not None and translated is None:
            self.removed.append("translation")
        self.built = Quote(
            speaker=self._speaker(source, mention),
            text=candidate.text,
            translation=translated,
            mode=candidate.mode,
            topic=None,
            span=span,
        )

    def _speaker(self, source: str, mention: Mention | None) -> Speaker:
        """The settled name of the speaker, with this quote's own mention as its Arabic."""
        if mention is None:
            return Speaker(name_en=names.UNKNOWN, rendered_by="code")
        settled = self.speaker.built if self.speaker is not None else None
        if not isinstance(settled, Speaker):
            settled = names.rendered_speaker(source, mention_span(mention))
        return settled.model_copy(
            update={"name_source": mention.text, "span": mention_span(mention)}
        )

    def given(self) -> dict[str, object]:
        speaker = self.candidate.speaker.text if self.candidate.speaker else None
        return {"segment": self.candidate.segment, "cue": self.candidate.cue, "speaker": speaker}


@dataclass(kw_only=True)
class CitedEvent(Item):
    """A candidate segment the model says reports a happening. Its place, actors and time
    are what code finds in its sentence, named in English by code; its reporter is the
    speaker of a quote in the same segment.
    """

    stage: ClassVar[int] = 3
    kind: ItemKind = "event"
    candidate: EventCandidate
    type: EventType
    reporter: CitedQuote | None = None

    def check(self, source: str) -> None:
        candidate = self.candidate
        span = names.exact(candidate.start, candidate.end)
        sentence = enclosing_sentence(source, candidate.start, candidate.end)
        found = event_arguments(source, *sentence)
        place = _place(source, found.places, candidate.start, candidate.end)
        time = preferred(found.times, candidate.start, candidate.end)
        self.built, self.findings, self.removed = ground_event(
            source,
            [span],
            self.type,
            location=place,
            actors=_actors(source, [a for a in found.actors if not self._reports(a)]),
            time=time.text if time else None,
            reported_by=self._reporter(),
        )

    def _reports(self, actor: Argument) -> bool:
        """Whether the actor is the official who reports the event (السفير الروسي in
        "قال السفير الروسي إن الجيش …"): its reporter, not a party to it. A body that
        speaks (قيادة قوات التحالف announcing a truce) may be both, and stays.
        """
        mention = self.reporter.candidate.speaker if self.reporter is not None else None
        inside = mention is not None and mention.start <= actor.start < mention.end
        return inside and actor.cue == "official"

    def _reporter(self) -> Name | None:
        quote = self.reporter.built if self.reporter is not None else None
        if not isinstance(quote, Quote) or self.reporter is None or self.reporter.fatal:
            return None
        return Name.model_validate(quote.speaker.model_dump(exclude={"role"}))

    def given(self) -> dict[str, object]:
        return {"type": self.type, "evidence": self.candidate.text}


@dataclass
class Cite:
    """The `cite` strategy for one article."""

    source: str
    system: str
    options: Options
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

    @property
    def translating(self) -> bool:
        return self.options.detail == "full" and bool(self.quotes)

    def request(self, shrink: int = 1) -> Request:
        """Sized by its candidates, so a runaway retry asks the same (`shrink` is unused)."""
        return self._request(headline_only=False)

    def headline_request(self) -> Request:
        return self._request(headline_only=True)

    def _request(self, *, headline_only: bool) -> Request:
        latin = self.options.latin
        speaker, cited = label_models(latin)
        fields: dict[str, Any] = {}
        budget = TOKENS_HEADER
        if self.mentions and not headline_only:
            labels = dict.fromkeys(self.mentions, speaker)
            texts = {sid: m.text for sid, m in self.mentions.items()}
            fields["speakers"] = (keyed("Speakers", labels, texts), ...)
            budget += TOKENS_PER_SPEAKER * len(self.mentions)
        if self.events and not headline_only:
            types = {f"e{e.number}": EventType | None for e in self.events}
            fields["events"] = (keyed("Events", types), ...)
            budget += TOKENS_PER_EVENT * len(self.events)
        fields["headline"] = (cited, ...)
        fields["summary"] = (list_of(cited), Field(min_length=1, max_length=MAX_SENTENCES))
        # The fixed part first (the rules, in the system turn), the article last: in a
        # batch, llama.cpp evaluates again only what differs from the last request.
        rules = prompts.render("cite_rules", max_sentences=MAX_SENTENCES)
        user = prompts.render(
            "cite", segments=self.segments, speakers=self.mentions, events=self.events
        )
        model = create_model("CitedSummary", __base__=CitedSummary, **fields)
        return Request(messages(f"{self.system}\n\n{rules}", user), model, budget)

    def sentences(self, answer: BaseModel) -> list[Item]:
        """The headline and summary sentences of an answer, as items."""
        parts = dict(answer)
        headline = parts.get("headline")
        if not isinstance(headline, Cited):
            raise TypeError("cite's answer has no headline")
        summary = [c for c in parts.get("summary") or [] if isinstance(c, Cited)]
        return [
            SentenceItem(key="headline", kind="headline", answer=headline, segments=self.segments),
            *(
                SentenceItem(
                    key=f"sentence{n}", kind="sentence", answer=cited, segments=self.segments
                )
                for n, cited in enumerate(summary, 1)
            ),
        ]

    def read(self, answer: BaseModel) -> Reading:
        if not isinstance(answer, CitedSummary):
            raise TypeError(f"cite reads a CitedSummary, not a {type(answer).__name__}")
        parts = dict(answer)
        labels = entries(parts.get("speakers"), SpeakerLabel)
        types = entries(parts.get("events"), str)
        speakers = {
            sid: SpeakerItem(key=sid, answer=labels[sid], mention=mention)
            for sid, mention in self.mentions.items()
            if sid in labels
        }
        translations = {
            q.number: TranslationItem(key=f"t{q.number}", quote=q, source=self.source)
            for q in self.quotes
            if self.translating
        }
        quotes = [
            CitedQuote(
                key=f"q{q.number}",
                candidate=q,
                speaker=speakers.get(self.aliases.get(q.speaker.text, "")) if q.speaker else None,
                translation=translations.get(q.number),
            )
            for q in self.quotes
        ]
        for quote in quotes:  # the report says where a translation or a name stands
            if quote.translation is not None:
                quote.translation.owner, quote.translation.field = quote, "translation"
            if quote.speaker is not None and quote.speaker.owner is None:
                quote.speaker.owner, quote.speaker.field = quote, "speaker"
        events = [
            CitedEvent(
                key=f"e{e.number}",
                candidate=e,
                type=kind,
                reporter=next((q for q in quotes if q.candidate.segment == e.segment), None),
            )
            for e in self.events
            if (kind := event_type(types.get(f"e{e.number}"), e.hints, self.options.event_filter))
            is not None
        ]
        return Reading(
            [
                *speakers.values(),
                *translations.values(),
                *self.sentences(answer),
                *quotes,
                *events,
            ]
        )

    def repair(
        self, failed: Sequence[Answered[Any]], request: Request, answer: BaseModel
    ) -> Request:
        """A short request: each failed item with its findings and only the Arabic it must
        render, so the model does not read the whole article again.
        """
        failures = [
            {
                "key": item.key,
                "findings": item.findings,
                "arabic": item.arabic(self.source),
                "answer": _shown(item.answer),
            }
            for item in failed
        ]
        model = keyed("Corrections", {i.key: _answer_type(i, self.options.latin) for i in failed})
        user = prompts.render("cite_repair", failures=failures)
        return Request(messages(self.system, user), model, TOKENS_PER_REPAIR * len(failed))


def _place(source: str, found: tuple[Argument, ...], start: int, end: int) -> Name | None:
    """Code's pick (the first place inside the segment, else in the sentence) among
    the places code can name in English.
    """
    named = [(a, n) for a in found if (n := names.named(source, a, names.NAMED_PLACES)) is not None]
    pick = preferred(tuple(a for a, _ in named), start, end)
    return next((n for a, n in named if a is pick), None)


def _actors(source: str, found: Iterable[Argument]) -> list[Name]:
    """Each actor code can name in English once, in order."""
    out: dict[str, Name] = {}
    for actor in found:
        name = names.named(source, actor, names.NAMED_ACTORS)
        if name is not None and name.name_en and name.name_en not in out:
            out[name.name_en] = name
    return list(out.values())


def event_type(
    answer: str | None, hints: tuple[str, ...], event_filter: EventFilter
) -> EventType | None:
    """The model's type when its cue words allow it, else the first hint: on dev the
    first hint (cue order, `lexicon.EVENT_CUES`) is right 72% of the time, the 1.5B
    model's own type 39%. The model's null (no happening) stands unless code decides.
    """
    first = hints[0] if hints and _is_event_type(hints[0]) else None
    if answer is None or not _is_event_type(answer):
        return first if event_filter == "code" else None
    if not hints or answer in hints:
        return answer
    return first or answer


def _shown(answer: object) -> str:
    return (
        answer.model_dump_json(exclude_none=True) if isinstance(answer, BaseModel) else str(answer)
    )


def _answer_type(item: Answered[Any], latin: bool) -> Any:
    """The type a correction must have: the same as the answer it replaces."""
    if isinstance(item.answer, str):
        return free_text(600, latin)
    return type(item.answer)
