"""Call the model, ground every item, repair only what failed, then apply the policy.

The same loop for every strategy (`strategies`): the strategy gives the request and
reads the answer into items; each item grounds itself. Validation is per item: one
ungrounded speaker must not cost the whole summary. Items that pass are kept as they
are; failed ones the model wrote go back to it with the grounding findings, addressed
by key, and only those keys may come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer import prompts
from summarizer.client import CallOutcome, ModelClient, Purpose
from summarizer.errors import ExtractionError
from summarizer.language import detect_language, language_name, writes_latin
from summarizer.schema import (
    ArticleSummary,
    Attempt,
    Event,
    ItemReport,
    ItemStatus,
    Policy,
    Quote,
    StrategyName,
)
from summarizer.strategies import STRATEGIES, Answered, Item, Reading, Request, Strategy
from summarizer.strategies.base import TOKENS_PER_WRITTEN_ITEM, keyed

RUNAWAY_RETRY: dict[str, Any] = {"temperature": 0.6, "frequency_penalty": 0.8}


@dataclass
class Extraction:
    summary: ArticleSummary
    grounding: list[ItemReport]
    attempts: list[Attempt]


class Extractor:
    """Runs one article through a strategy on one client, counting every call."""

    def __init__(
        self,
        client: ModelClient,
        *,
        strategy: StrategyName,
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

    async def call(
        self, purpose: Purpose, request: Request, extra: dict[str, Any] | None = None
    ) -> CallOutcome:
        """One model call, counted among this extractor's attempts."""
        options = dict(extra or {})
        temperature = options.pop("temperature", self.temperature)
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
        system = prompts.render("system", output_language=language_name(self.output_language))
        return STRATEGIES[self.strategy](source, system, writes_latin(self.output_language))

    async def run(self, source: str, strategy: Strategy | None = None) -> Extraction:
        return self.finish(source, await self.read(source, strategy))

    async def read(self, source: str, strategy: Strategy | None = None) -> Reading:
        """Call, ground and repair: the items of `source`, before the policy is applied."""
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
        for item in reading.items:
            item.ground(source)
        await self._repair(source, request, answer, reading.items)
        return reading

    async def _repair(
        self, source: str, request: Request, answer: BaseModel, items: list[Item]
    ) -> None:
        for _ in range(self.max_repairs):
            # Only items that would be dropped go back: on the 1.5B model, field-level
            # repairs (a misplaced place name) fixed nothing while doubling wall time.
            failed = [i for i in items if i.fatal and isinstance(i, Answered)]
            if not failed:
                return
            failures = [
                {
                    "key": i.key,
                    "findings": i.findings,
                    "answer": i.answer.model_dump_json(exclude_none=True),
                }
                for i in failed
            ]
            model = keyed("Corrections", {i.key: type(i.answer) for i in failed})
            messages = [
                *request.messages,
                {"role": "assistant", "content": answer.model_dump_json(exclude_none=True)},
                {"role": "user", "content": prompts.render("repair", failures=failures)},
            ]
            budget = TOKENS_PER_WRITTEN_ITEM * len(failed) + 64
            outcome = await self.call("repair", Request(messages, model, budget))
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
        if item.keep:
            return "grounded"
        return "flagged" if self.policy == "flag" and item.built is not None else "dropped"

    def finish(self, source: str, reading: Reading) -> Extraction:
        """The summary of the items the policy keeps, with a report of every item."""
        events: list[Event] = []
        quotes: list[Quote] = []
        reports: list[ItemReport] = []
        for item in reading.items:
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
            reports.append(
                ItemReport(
                    kind=item.kind,
                    status=status,
                    index=index,
                    findings=item.findings,
                    removed=item.removed,
                    attempts=item.attempts,
                    item=item.given(),
                )
            )
        failed = [r for r in reports if r.findings]
        if self.policy == "fail" and failed:
            raise ExtractionError(
                f"{len(failed)} item(s) failed grounding, first: {failed[0].findings[0]}",
                attempts=self.attempts,
            )
        summary = ArticleSummary(
            headline=reading.headline,
            summary=reading.summary,
            output_language=self.output_language,
            source_language=detect_language(source),
            events=events,
            quotes=quotes,
        )
        return Extraction(summary, reports, self.attempts)


def _unflagged(item: Event | Quote) -> Event | Quote:
    """A flagged item must not look grounded: its spans are removed."""
    if isinstance(item, Quote):
        return item.model_copy(update={"span": None})
    return item.model_copy(
        update={"evidence": [p.model_copy(update={"span": None}) for p in item.evidence]}
    )
