"""The metrics of a run, one class each, registered in `METRICS` in report order.

Definitions are spelled out in `evals/README.md` ("Metrics"). A new metric is a class
here (or a function for `Computed`) and a line in `METRICS`: the case scores, the run
totals and the report follow.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from summarizer.evaluation.base import (
    DETECTION,
    Format,
    Group,
    Metric,
    PairMetric,
    PairRate,
    RunTotals,
    ratio,
)
from summarizer.evaluation.matching import any_name_match, english_names_match
from summarizer.evaluation.scores import Counts, Value, speaker_label
from summarizer.schema import Event, Quote


@dataclass(frozen=True)
class Detection(Metric):
    """Precision, recall or F1 of the one-to-one pairing of quotes or events."""

    group: Group = "quotes"
    measure: Literal["precision", "recall", "f1"] = "f1"

    def value(self, run: RunTotals) -> Value:
        gold, predicted, paired = (run.of(self.group)[name] for name in DETECTION[self.group])
        precision, recall = ratio(paired, predicted), ratio(paired, gold)
        if self.measure != "f1":
            return precision if self.measure == "precision" else recall
        if precision is None or recall is None:
            return None
        total = precision + recall
        return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True)
class Computed(Metric):
    """A number of the whole run, computed from its totals."""

    compute: Callable[[RunTotals], Value] = field(kw_only=True)

    def value(self, run: RunTotals) -> Value:
        return self.compute(run)


class SpeakerAccuracy(PairRate[Quote]):
    issue = "wrong_speaker"

    def correct(self, predicted: Quote, gold: Quote) -> bool:
        return any_name_match(
            (predicted.speaker.name_source, predicted.speaker.name_en),
            (gold.speaker.name_source, gold.speaker.name_en),
        )

    def detail(self, predicted: Quote, gold: Quote) -> str:
        return f"gold {speaker_label(gold)}, predicted {speaker_label(predicted)}"


class EnglishSpeakerAccuracy(PairRate[Quote]):
    """The English name a reader reads, not the Arabic code cut: agrees with gold's."""

    issue = "wrong_english"

    def correct(self, predicted: Quote, gold: Quote) -> bool:
        return english_names_match(predicted.speaker.name_en, gold.speaker.name_en)

    def detail(self, predicted: Quote, gold: Quote) -> str:
        return f"gold {gold.speaker.name_en}, predicted {predicted.speaker.name_en}"


class Translated(PairRate[Quote]):
    """A matched quote carries an English translation (one that passed the checks)."""

    def correct(self, predicted: Quote, gold: Quote) -> bool:
        return bool(predicted.translation)


class ModeAccuracy(PairRate[Quote]):
    issue = "wrong_mode"

    def correct(self, predicted: Quote, gold: Quote) -> bool:
        return predicted.mode == gold.mode

    def detail(self, predicted: Quote, gold: Quote) -> str:
        return f"gold {gold.mode}, predicted {predicted.mode}"


class TypeAccuracy(PairRate[Event]):
    def correct(self, predicted: Event, gold: Event) -> bool:
        return predicted.type == gold.type


class RealDescription(PairRate[Event]):
    """The description says more than the type: who, where, how many or who reports it."""

    def correct(self, predicted: Event, gold: Event) -> bool:
        return bool(
            predicted.actors
            or predicted.location
            or predicted.killed
            or predicted.wounded
            or predicted.reported_by
            or predicted.description_by == "model"
        )


class ActorAccuracy(PairRate[Event]):
    """Some actor name-matches some gold actor, or both lists are empty."""

    def correct(self, predicted: Event, gold: Event) -> bool:
        return (not predicted.actors and not gold.actors) or any_name_match(
            [n for a in predicted.actors for n in (a.name_en, a.name_source)],
            [n for a in gold.actors for n in (a.name_en, a.name_source)],
        )


class PlaceAccuracy(PairRate[Event]):
    """Both locations name-match, or both are null."""

    def correct(self, predicted: Event, gold: Event) -> bool:
        p, g = predicted.location, gold.location
        if p is None or g is None:
            return p is None and g is None
        return any_name_match((p.name_source, p.name_en), (g.name_source, g.name_en))


def _counts_text(event: Event) -> str:
    return f"killed={event.killed}, wounded={event.wounded}"


class CountsExact(PairRate[Event]):
    """Killed and wounded both equal gold (null equals only null)."""

    issue = "wrong_count"

    def correct(self, predicted: Event, gold: Event) -> bool:
        return predicted.killed == gold.killed and predicted.wounded == gold.wounded

    def detail(self, predicted: Event, gold: Event) -> str:
        return f"gold {_counts_text(gold)}; predicted {_counts_text(predicted)}"


class CountError(PairMetric[Event]):
    """Mean absolute error over the killed/wounded values that both sides give; a number
    given on one side only counts against `CountsExact`, not here.
    """

    def tally(self, predicted: Event, gold: Event) -> Counts:
        both = [
            (p, g)
            for p, g in ((predicted.killed, gold.killed), (predicted.wounded, gold.wounded))
            if p is not None and g is not None
        ]
        values, error = self.counts
        return {values: len(both), error: sum(abs(p - g) for p, g in both)}

    def value(self, run: RunTotals) -> Value:
        values, error = self.counts
        return ratio(run.events.get(error, 0), run.events.get(values, 0))


def _grounded_share(run: RunTotals) -> Value:
    """Of the items returned to the user, how many the validators located."""
    return ratio(run.grounding["grounded"], run.grounding["grounded"] + run.grounding["flagged"])


def _median_latency(run: RunTotals) -> Value:
    return statistics.median(run.latencies()) if run.latencies() else None


ENGLISH_STATUSES = {
    "grounded": "held",
    "repaired": "repaired",
    "rendered": "rendered by code",
    "dropped": "removed",
}
"""What became of the English the model wrote (names, translations, headline and summary
sentences), as shares of all of it."""


def _english_share(status: str, run: RunTotals) -> Value:
    total = sum(run.grounding[f"english_{s}"] for s in (*ENGLISH_STATUSES, "flagged"))
    return ratio(run.grounding[f"english_{status}"], total)


def _mean_latency(run: RunTotals) -> Value:
    return statistics.fmean(run.latencies()) if run.latencies() else None


def _cost(run: RunTotals) -> Value:
    """Unknown for the run when any finished article's cost is: never understated."""
    costs = [s.cost_usd for s in run.finished if s.cost_usd is not None]
    return sum(costs) if run.finished and len(costs) == len(run.finished) else None


METRICS: tuple[Metric, ...] = (
    Detection("quote_precision", "Quote precision", measure="precision"),
    Detection("quote_recall", "Quote recall", measure="recall"),
    Detection("quote_f1", "Quote F1"),
    SpeakerAccuracy("speaker_accuracy", "Speaker accuracy", counts=("speaker_correct",)),
    EnglishSpeakerAccuracy(
        "english_speaker_accuracy", "English speaker name right", counts=("english_correct",)
    ),
    Translated("translated", "Quotes translated", counts=("translated",)),
    ModeAccuracy("mode_accuracy", "Direct/reported accuracy", counts=("mode_correct",)),
    Detection("event_precision", "Event precision", group="events", measure="precision"),
    Detection("event_recall", "Event recall", group="events", measure="recall"),
    Detection("event_f1", "Event F1", group="events"),
    TypeAccuracy(
        "event_type_accuracy", "Event type accuracy", group="events", counts=("type_correct",)
    ),
    RealDescription("real_description", "Real description", group="events", counts=("described",)),
    ActorAccuracy("actor_accuracy", "Actor accuracy", group="events", counts=("actors_correct",)),
    PlaceAccuracy("place_accuracy", "Place accuracy", group="events", counts=("place_correct",)),
    CountsExact("count_exact_rate", "Counts exact", group="events", counts=("counts_exact",)),
    CountError("count_mae", "Count MAE", "num", "events", ("count_values", "count_abs_error")),
    Computed("grounded_share", "Grounded share", compute=_grounded_share),
    Computed(
        "items_caught",
        "Items caught",
        "int",
        compute=lambda run: run.grounding["flagged"] + run.grounding["dropped"],
    ),
    Computed("findings", "Findings", "int", compute=lambda run: run.grounding["findings"]),
    *(
        Computed(
            f"english_{status}",
            f"English items {label}",
            compute=partial(_english_share, status),
        )
        for status, label in ENGLISH_STATUSES.items()
    ),
    Computed(
        "unsupported_numbers",
        "Unsupported numbers in English",
        "int",
        compute=lambda run: run.grounding["unsupported_numbers"],
    ),
    Computed(
        "unsupported_names",
        "Unsupported names in English",
        "int",
        compute=lambda run: run.grounding["unsupported_names"],
    ),
    Computed(
        "attempts_per_article",
        "Attempts / article",
        "num",
        compute=lambda run: ratio(run.grounding["attempts"], len(run.finished)),
    ),
    Computed(
        "schema_valid_rate",
        "Schema-valid rate",
        compute=lambda run: ratio(len(run.finished), run.cases),
    ),
    Computed(
        "prompt_tokens",
        "Tokens in",
        "int",
        compute=lambda run: sum(s.prompt_tokens for s in run.finished),
    ),
    Computed(
        "completion_tokens",
        "Tokens out",
        "int",
        compute=lambda run: sum(s.completion_tokens for s in run.finished),
    ),
    Computed("median_latency_s", "Median s / article", "sec", compute=_median_latency),
    Computed("mean_latency_s", None, "sec", compute=_mean_latency),
    Computed("cost_usd", "Est. cost", "usd", compute=_cost),
)
"""Every metric, in the order of the report's rows and of the JSON."""


# The registry is read when a run is scored, not when a module is imported, so what
# METRICS holds is what every case, run and report shows.


def quote_metrics() -> list[PairMetric[Quote]]:
    return [m for m in METRICS if isinstance(m, PairMetric) and m.group == "quotes"]


def event_metrics() -> list[PairMetric[Event]]:
    return [m for m in METRICS if isinstance(m, PairMetric) and m.group == "events"]


def count_names(group: Group) -> list[str]:
    """The counts of a case's quotes or events, in report order."""
    metrics = quote_metrics() if group == "quotes" else event_metrics()
    return [*DETECTION[group], *(name for m in metrics for name in m.counts)]


def values(run: RunTotals) -> dict[str, Value]:
    """Every metric's value for a run, by name, in report order."""
    return {metric.name: metric.value(run) for metric in METRICS}


def rows() -> list[tuple[str, str, Format]]:
    """The report table's rows: label, metric name, format, for every labelled metric."""
    return [(m.label, m.name, m.format) for m in METRICS if m.label is not None]
