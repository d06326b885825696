"""Call the model, ground every item, repair only what failed, then apply the policy.

The same loop for every strategy (`strategies`): the strategy gives the request and
reads the answer into items; each item grounds itself. Validation is per item: one
ungrounded speaker must not cost the whole summary. Items that pass are kept as they
are; failed ones the model wrote go back to it with the grounding findings, addressed
by key, and only those keys may come back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer import english, prompts
from summarizer.client import CallOutcome, ModelClient
from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.language import detect_language, language_name, writes_latin
from summarizer.schema import (
    ArticleSummary,
    Attempt,
    Event,
    ItemReport,
    ItemStatus,
    Purpose,
    Quote,
    Sentence,
)
from summarizer.strategies import (
    STRATEGIES,
    Answered,
    Asks,
    Item,
    Options,
    Reading,
    Request,
    Strategy,
)
from summarizer.strategies.base import Built
from summarizer.strategies.events import UNUSABLE, happenings, usable
from summarizer.strategies.names import NAMELESS, one_name_per_speaker

RUNAWAY_RETRY: dict[str, Any] = {"temperature": 0.6, "frequency_penalty": 0.8}
MAX_CODE_SENTENCES = 3
_LISTS = {"event": "events", "quote": "quotes", "sentence": "sentences", "headline": "headline"}


@dataclass
class Extraction:
    summary: ArticleSummary
    grounding: list[ItemReport]
    attempts: list[Attempt]


class Extractor:
    """Runs one article through a strategy on one client, counting every call."""

    def __init__(self, client: ModelClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.attempts: list[Attempt] = []

    async def call(
        self, purpose: Purpose, request: Request, extra: dict[str, Any] | None = None
    ) -> CallOutcome:
        """One model call, counted among this extractor's attempts."""
        options = dict(extra or {})
        temperature = options.pop("temperature", self.settings.temperature)
        outcome = await self.client.ask(
            request.response_model,
            request.messages,
            purpose=purpose,
            max_tokens=request.max_tokens,
            temperature=temperature,
            extra=options,
        )
        self.attempts.extend(outcome.report.attempts)
        return outcome

    def _spent(self) -> str:
        tokens = sum(a.usage.total_tokens for a in self.attempts)
        return f"after {len(self.attempts)} model call(s) and {tokens} tokens"

    def strategy_for(self, source: str) -> Strategy:
        """The strategy for `source` (an article, or a part of one), with its system prompt."""
        options = Options(
            latin=writes_latin(self.settings.output_language),
            detail=self.settings.detail,
            event_filter=self.settings.event_filter,
        )
        return STRATEGIES[self.settings.strategy](source, self._system(), options)

    def _system(self) -> str:
        language = language_name(self.settings.output_language)
        return prompts.render("system", output_language=language)

    async def run(self, source: str, strategy: Strategy | None = None) -> Extraction:
        return self.finish(source, await self.read(source, strategy))

    async def read(self, source: str, strategy: Strategy | None = None) -> Reading:
        """Call, ground, repair and fall back: the items of `source`, before the policy."""
        strategy = strategy or self.strategy_for(source)
        request = strategy.request()
        outcome = await self.call("extract", request)
        if outcome.failure == "runaway":
            # A looping small model: sample differently and penalise repeats, and let the
            # strategy ask for fewer items if it can.
            request = strategy.request(shrink=2)
            outcome = await self.call("runaway", request, RUNAWAY_RETRY)
        if outcome.value is None:
            raise ExtractionError(
                f"no usable answer ({outcome.failure}: {outcome.detail}) {self._spent()}",
                attempts=self.attempts,
            )
        answer = outcome.value
        reading = strategy.read(answer)
        await self.settle(source, strategy, request, answer, reading.items)
        return reading

    async def settle(
        self,
        source: str,
        strategy: Strategy,
        request: Request,
        answer: BaseModel,
        items: list[Item],
    ) -> None:
        """Ground the items stage by stage (names first), ask what needs its own call,
        repair what failed, and give what still fails its fallback.
        """
        for stage in sorted({item.stage for item in items}):
            batch = [item for item in items if item.stage == stage]
            for item in batch:
                if isinstance(item, Asks):
                    asked = await self.call(item.purpose, item.ask(self._system()))
                    item.take(asked.value)
                item.ground(source)
            await self._repair(strategy, source, request, answer, batch)
            for item in batch:
                if not item.keep:
                    item.fallback(source)

    async def _repair(
        self,
        strategy: Strategy,
        source: str,
        request: Request,
        answer: BaseModel,
        items: list[Item],
    ) -> None:
        for _ in range(self.settings.max_repairs):
            # Only items that would be dropped go back: on the 1.5B model, field-level
            # repairs (a misplaced place name) fixed nothing while doubling wall time.
            failed = [i for i in items if i.fatal and isinstance(i, Answered)]
            if not failed:
                return
            outcome = await self.call("repair", strategy.repair(failed, request, answer))
            if outcome.value is None:
                return
            corrections = dict(outcome.value)
            changed = False
            for item in failed:
                changed |= item.revise(corrections[item.key])
                item.attempts += 1
                item.ground(source)
            if not changed:
                return  # the model repeats itself: another round would cost the same again

    def _status(self, item: Item) -> ItemStatus:
        if item.rendered:
            return "rendered"
        if item.keep:
            return "grounded" if item.attempts == 1 else "repaired"
        return "flagged" if self.settings.policy == "flag" and item.built is not None else "dropped"

    def finish(self, source: str, reading: Reading) -> Extraction:
        """The summary of the items the policy keeps, with a report of every item."""
        items = reading.items
        one_name_per_speaker(items)
        events: list[Event] = []
        quotes: list[Quote] = []
        sentences: list[Sentence] = []
        headline: Sentence | None = None
        reports: list[ItemReport] = []
        places: dict[int, tuple[str, int | None]] = {}  # id(item) → where it stands
        for item in items:
            status = self._status(item)
            built = None if status == "dropped" else item.built
            if built is not None and status == "flagged":
                built = _unflagged(built)
            index: int | None = None
            if isinstance(built, Event):
                index = len(events)
                events.append(built)
            elif isinstance(built, Quote):
                index = len(quotes)
                quotes.append(built)
            elif isinstance(built, Sentence) and item.kind == "headline":
                headline = built
            elif isinstance(built, Sentence) and item.kind == "sentence":
                index = len(sentences)
                sentences.append(built)
            if built is not None and item.kind in _LISTS:
                places[id(item)] = (_LISTS[item.kind], index)
            reports.append(
                ItemReport(
                    kind=item.kind,
                    status=status,
                    target=None,
                    index=index,
                    findings=item.findings,
                    removed=item.removed,
                    attempts=item.attempts,
                    item=item.given(),
                )
            )
        failed = [r for r in reports if r.findings and r.status != "rendered"]
        if self.settings.policy == "fail" and failed:
            raise ExtractionError(
                f"{len(failed)} item(s) failed grounding, first: {failed[0].findings[0]}",
                attempts=self.attempts,
            )
        events, joined = happenings(events)
        kept = [k for k, event in enumerate(events) if usable(event)]
        events = [events[k] for k in kept]
        position = {k: i for i, k in enumerate(kept)}
        at: list[int | None] = [position.get(k) for k in joined]

        def where(item: Item) -> str | None:
            """`events[2]`, `quotes[0].speaker`: where the item stands, after merging."""
            place = places.get(id(item))
            if place is None:
                owner = item.owner
                return f"{where(owner)}.{item.field}" if owner and where(owner) else None
            name, index = place
            if name == "events" and index is not None:
                index = at[index]
                if index is None:
                    return None
            return name if index is None else f"{name}[{index}]"

        def placed(item: Item, report: ItemReport) -> ItemReport:
            update: dict[str, object] = {"target": where(item) or item.target()}
            if report.kind == "event" and report.index is not None:
                update["index"] = at[report.index]
                if update["index"] is None:
                    update |= {"status": "dropped", "findings": [*report.findings, UNUSABLE]}
            return report.model_copy(update=update)

        reports = [placed(item, report) for item, report in zip(items, reports, strict=True)]
        if not sentences:
            sentences = _code_sentences(events, quotes)
        # Nothing held and nothing to render from: an empty headline, which code decided.
        headline = headline or (
            sentences[0] if sentences else Sentence(text="", rendered_by="code")
        )
        summary = ArticleSummary(
            headline=headline.text,
            headline_support=headline.support,
            headline_by=headline.rendered_by,
            summary=" ".join(s.text for s in sentences),
            sentences=sentences,
            output_language=self.settings.output_language,
            source_language=detect_language(source),
            events=events,
            quotes=quotes,
        )
        return Extraction(summary, reports, self.attempts)


def _code_sentences(events: list[Event], quotes: list[Quote]) -> list[Sentence]:
    """What code can say when none of the model's sentences holds: the checked events'
    descriptions (built from checked fields), else who is quoted most, with their
    support; a speaker code could not name ("unidentified") is not listed.
    """
    said = [
        Sentence(
            text=event.description,
            support=[p.span for p in event.evidence if p.span is not None],
            rendered_by="code",
        )
        for event in events[:MAX_CODE_SENTENCES]
    ]
    if said or not quotes:
        return said
    named = [q for q in quotes if q.speaker.name_en not in NAMELESS]
    counts = Counter(q.speaker.name_en for q in named)
    speakers = sorted(counts, key=lambda name: -counts[name])[:MAX_CODE_SENTENCES]
    if not speakers:
        return []
    support = [q.span for q in named if q.span is not None and q.speaker.name_en in speakers]
    listed = ", ".join(english.in_sentence(name) for name in speakers)
    return [
        Sentence(
            text=f"Statements by {listed}.",
            support=support[:MAX_CODE_SENTENCES],
            rendered_by="code",
        )
    ]


def _unflagged(item: Built) -> Built:
    """A flagged item must not look grounded: its spans are removed, a sentence marked."""
    if isinstance(item, Quote):
        return item.model_copy(update={"span": None})
    if isinstance(item, Sentence):
        return item.model_copy(update={"status": "flagged"})
    if isinstance(item, Event):
        evidence = [p.model_copy(update={"span": None}) for p in item.evidence]
        return item.model_copy(update={"evidence": evidence})
    return item
