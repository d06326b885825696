"""The metric interface: a metric is one class, its value computed from a run's counts.

A metric computes its value for a run from the counts summed over its cases
(`RunTotals`), so every rate is micro-averaged. A metric that judges matched (predicted,
gold) pairs (`PairMetric`) also adds its own counts to each case and may note what it
found wrong. The metrics themselves are in `metrics.METRICS`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from summarizer.evaluation.scores import CaseNote, CaseScore, Counts, Issue, Value, excerpt
from summarizer.schema import Event, ItemKind, Quote

Format = Literal["pct", "num", "int", "sec", "usd"]
"""How the report prints a value: share, number, count, seconds, dollars."""
Group = Literal["quotes", "events"]
T = TypeVar("T", Quote, Event)

DETECTION: dict[Group, tuple[str, str, str]] = {
    "quotes": ("gold", "predicted", "matched"),
    "events": ("gold", "predicted", "paired"),
}
"""The counts every case has: gold items, predicted items, and those paired one-to-one."""
GROUNDING = (
    "grounded",
    "flagged",
    "dropped",
    "findings",
    "attempts",
    *(f"english_{status}" for status in ("grounded", "repaired", "rendered", "dropped", "flagged")),
    "unsupported_numbers",
    "unsupported_names",
)
"""The counts of the grounding reports of a finished case: events and quotes by status,
the English items by status, and what an audit of all the English finds unsupported."""


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class RunTotals:
    """What a run's metrics are computed from: counts summed over its cases."""

    quotes: Counts
    events: Counts
    grounding: Counts
    cases: int
    finished: list[CaseScore]

    def of(self, group: Group) -> Counts:
        return self.quotes if group == "quotes" else self.events

    def latencies(self) -> list[float]:
        return [s.latency_s for s in self.finished if s.latency_s is not None]


@dataclass(frozen=True)
class Metric(ABC):
    """One number of the report, by `name` in the JSON; `label` is its table row, None
    keeps it to the JSON.
    """

    name: str
    label: str | None
    format: Format = "pct"

    @abstractmethod
    def value(self, run: RunTotals) -> Value:
        """The run's value, from counts summed over its cases (micro-averaged)."""


@dataclass(frozen=True)
class PairMetric(Metric, Generic[T]):
    """A metric that judges each matched (predicted, gold) pair of quotes or events and
    adds `counts` to the case's quotes or events.
    """

    group: Group = "quotes"
    counts: tuple[str, ...] = ()

    @abstractmethod
    def tally(self, predicted: T, gold: T) -> Counts:
        """The pair's share of `counts`."""

    def note(self, predicted: T, gold: T) -> CaseNote | None:
        """What a reader should look at in this pair, if anything."""
        return None


class PairRate(PairMetric[T]):
    """The share of matched pairs that `correct` accepts; with an `issue`, each pair it
    rejects is noted, saying `detail`.
    """

    issue: ClassVar[Issue | None] = None

    @abstractmethod
    def correct(self, predicted: T, gold: T) -> bool: ...

    def detail(self, predicted: T, gold: T) -> str:
        """What the note on a rejected pair says: gold against predicted."""
        return ""

    def tally(self, predicted: T, gold: T) -> Counts:
        return {self.counts[0]: int(self.correct(predicted, gold))}

    def note(self, predicted: T, gold: T) -> CaseNote | None:
        if self.issue is None or self.correct(predicted, gold):
            return None
        kind: ItemKind = "quote" if isinstance(gold, Quote) else "event"
        words = gold.text if isinstance(gold, Quote) else gold.description
        detail = self.detail(predicted, gold)
        return CaseNote(issue=self.issue, kind=kind, text=excerpt(words), detail=detail)

    def value(self, run: RunTotals) -> Value:
        counts = run.of(self.group)
        return ratio(counts.get(self.counts[0], 0), counts[DETECTION[self.group][2]])
