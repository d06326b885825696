"""Score one run of the summarizer against gold: quotes, events, faithfulness and cost.

Everything here is a pure function of a `Case` and a `SummaryResult`; definitions are
spelled out in `evals/METRICS.md`. Case scores keep raw counts so a run can be
micro-averaged: one long article with ten quotes weighs ten times a one-quote article.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from summarizer.evaluation.dataset import Case
from summarizer.local import MODELS as LOCAL_MODELS
from summarizer.normalize import normalize
from summarizer.schema import Attempt, Event, Quote, Span, StrategyName, SummaryResult

MIN_OVERLAP = 0.5
"""Two spans match when they share at least this share of the shorter one."""

NAME_THRESHOLD = 85.0
"""rapidfuzz `ratio` (0-100) at or above which two folded names are the same name."""

EXCERPT_WORDS = 8


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Price(_Model):
    """List price in USD per million tokens."""

    input: float
    output: float


PRICES: dict[str, Price] = {
    # OpenAI standard-tier list prices (USD / 1M tokens), as published in 2026.
    "gpt-4o-mini": Price(input=0.15, output=0.60),
    "gpt-4o": Price(input=2.50, output=10.00),
    "gpt-4.1-nano": Price(input=0.10, output=0.40),
    "gpt-4.1-mini": Price(input=0.40, output=1.60),
    "gpt-4.1": Price(input=2.00, output=8.00),
    "gpt-5-nano": Price(input=0.05, output=0.40),
    "gpt-5-mini": Price(input=0.25, output=2.00),
    "gpt-5": Price(input=1.25, output=10.00),
}
"""Keys are matched as prefixes of the model name, longest first, so dated snapshots
(`gpt-4o-mini-2024-07-18`) find their family and `gpt-4o-mini` never prices as `gpt-4o`."""


class RunId(_Model):
    """What a run compares: one model, one strategy, one prompt version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str
    strategy: StrategyName
    prompt_version: str

    @property
    def label(self) -> str:
        return f"{self.model} · {self.strategy} · {self.prompt_version}"


class QuoteCounts(_Model):
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_correct: int = 0
    mode_correct: int = 0


class EventCounts(_Model):
    gold: int = 0
    predicted: int = 0
    paired: int = 0
    type_correct: int = 0
    actors_correct: int = 0
    place_correct: int = 0
    counts_exact: int = 0
    count_values: int = Field(
        default=0, description="Killed/wounded values where both gold and prediction give a number."
    )
    count_abs_error: int = Field(default=0, description="Sum of |gold - predicted| over those.")


class GroundingCounts(_Model):
    grounded: int = 0
    flagged: int = 0
    dropped: int = 0
    findings: int = Field(default=0, description="Findings on flagged and dropped items.")
    attempts: int = 0


Issue = Literal["missed", "spurious", "caught", "wrong_speaker", "wrong_mode", "wrong_count"]


class CaseNote(_Model):
    """One thing a reader of the report should look at in this case."""

    issue: Issue
    kind: Literal["event", "quote"]
    text: str = Field(description="The first words of the quote or event description.")
    detail: str | None = Field(default=None, description="Speaker, findings, or gold vs predicted.")


class CaseScore(_Model):
    case_id: str
    run: RunId | None = Field(default=None, description="Null when the run gave no result.")
    error: str | None = None
    quotes: QuoteCounts = Field(default_factory=QuoteCounts)
    events: EventCounts = Field(default_factory=EventCounts)
    grounding: GroundingCounts = Field(default_factory=GroundingCounts)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float | None = None
    cost_usd: float | None = None
    notes: list[CaseNote] = Field(default_factory=list)

    @property
    def schema_valid(self) -> bool:
        return self.run is not None


class Metrics(_Model):
    """The headline numbers of one run; None where the denominator is zero or unknown."""

    quote_precision: float | None = None
    quote_recall: float | None = None
    quote_f1: float | None = None
    speaker_accuracy: float | None = None
    mode_accuracy: float | None = None
    event_precision: float | None = None
    event_recall: float | None = None
    event_f1: float | None = None
    event_type_accuracy: float | None = None
    actor_accuracy: float | None = None
    place_accuracy: float | None = None
    count_exact_rate: float | None = None
    count_mae: float | None = None
    grounded_share: float | None = None
    items_caught: int = 0
    findings: int = 0
    attempts_per_article: float | None = None
    schema_valid_rate: float | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    median_latency_s: float | None = None
    mean_latency_s: float | None = None
    cost_usd: float | None = None


class RunScore(_Model):
    run: RunId
    cases_total: int
    cases_finished: int
    quotes: QuoteCounts
    events: EventCounts
    grounding: GroundingCounts
    metrics: Metrics
    cases: list[CaseScore]


# --- names -------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Folded name with punctuation turned to spaces, so "Kinshchak," equals "Kinshchak"."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalize(name).text).split())


def names_match(a: str, b: str) -> bool:
    """Tell whether two names are one: equal after folding, one inside the other, or fuzzy.

    Containment covers a surname against the full name (كينشاك / ألكسندر كينشاك); the
    fuzzy ratio covers transliteration variants (Kinshchak / Kinshak).
    """
    a_key, b_key = _name_key(a), _name_key(b)
    if not a_key or not b_key:
        return False
    short, long = sorted((a_key, b_key), key=len)
    return f" {short} " in f" {long} " or fuzz.ratio(a_key, b_key) >= NAME_THRESHOLD


def _any_name_match(left: Iterable[str | None], right: Iterable[str | None]) -> bool:
    right_names = [name for name in right if name]
    return any(names_match(a, b) for a in left if a for b in right_names)


# --- spans and one-to-one pairing ----------------------------------------------------


def span_match(a: Span | None, b: Span | None) -> tuple[float, float] | None:
    """(overlap / shorter, overlap / union) when the spans match, else None.

    Sharing half of the shorter span lets a quote cut a little short or run a little
    long still count, while two quotes from neighbouring sentences never do. The
    second number breaks ties in favour of the closer fit.
    """
    if a is None or b is None:
        return None
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    if overlap <= 0 or shorter <= 0 or overlap < MIN_OVERLAP * shorter:
        return None
    union = max(a.end, b.end) - min(a.start, b.start)
    return overlap / shorter, overlap / union


P = TypeVar("P")
G = TypeVar("G")


def pair(
    predicted: Sequence[P],
    gold: Sequence[G],
    score: Callable[[P, G], tuple[float, ...] | None],
) -> list[tuple[int, int]]:
    """Greedy one-to-one assignment, best score first; None means "cannot pair".

    Each gold item absorbs at most one prediction, so a duplicate prediction counts
    against precision instead of being matched twice.
    """
    candidates = [
        (value, i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if (value := score(p, g)) is not None
    ]
    candidates.sort(key=lambda c: (tuple(-v for v in c[0]), c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _event_match(predicted: Event, gold: Event) -> tuple[float, ...] | None:
    """Evidence must overlap (best passage pair); the same type wins over a closer span."""
    overlaps = [
        m
        for p in predicted.evidence
        for g in gold.evidence
        if (m := span_match(p.span, g.span)) is not None
    ]
    if not overlaps:
        return None
    return (float(predicted.type == gold.type), *max(overlaps))


# --- case scores -----------------------------------------------------------------------


def _excerpt(text: str) -> str:
    words = text.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def _speaker_label(quote: Quote) -> str:
    return quote.speaker.name_source or quote.speaker.name_en


def _counts_text(event: Event) -> str:
    return f"killed={event.killed}, wounded={event.wounded}"


def _score_quotes(gold: list[Quote], predicted: list[Quote]) -> tuple[QuoteCounts, list[CaseNote]]:
    pairs = pair(predicted, gold, lambda p, g: span_match(p.span, g.span))
    counts = QuoteCounts(gold=len(gold), predicted=len(predicted), matched=len(pairs))
    notes = []
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        speaker_ok = _any_name_match(
            (p.speaker.name_source, p.speaker.name_en), (g.speaker.name_source, g.speaker.name_en)
        )
        counts.speaker_correct += speaker_ok
        counts.mode_correct += p.mode == g.mode
        if not speaker_ok:
            detail = f"gold {_speaker_label(g)}, predicted {_speaker_label(p)}"
            notes.append(
                CaseNote(issue="wrong_speaker", kind="quote", text=_excerpt(g.text), detail=detail)
            )
        if p.mode != g.mode:
            detail = f"gold {g.mode}, predicted {p.mode}"
            notes.append(
                CaseNote(issue="wrong_mode", kind="quote", text=_excerpt(g.text), detail=detail)
            )
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    notes += [
        CaseNote(issue="missed", kind="quote", text=_excerpt(g.text), detail=_speaker_label(g))
        for j, g in enumerate(gold)
        if j not in matched_g
    ]
    notes += [
        CaseNote(issue="spurious", kind="quote", text=_excerpt(p.text), detail=_speaker_label(p))
        for i, p in enumerate(predicted)
        if i not in matched_p
    ]
    return counts, notes


def _score_events(gold: list[Event], predicted: list[Event]) -> tuple[EventCounts, list[CaseNote]]:
    pairs = pair(predicted, gold, _event_match)
    counts = EventCounts(gold=len(gold), predicted=len(predicted), paired=len(pairs))
    notes = []
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        counts.type_correct += p.type == g.type
        counts.actors_correct += (not p.actors and not g.actors) or _any_name_match(
            p.actors, g.actors
        )
        counts.place_correct += (p.location is None and g.location is None) or (
            p.location is not None
            and g.location is not None
            and _any_name_match(
                (p.location.name_source, p.location.name_en),
                (g.location.name_source, g.location.name_en),
            )
        )
        exact = p.killed == g.killed and p.wounded == g.wounded
        counts.counts_exact += exact
        for p_n, g_n in ((p.killed, g.killed), (p.wounded, g.wounded)):
            if p_n is not None and g_n is not None:
                counts.count_values += 1
                counts.count_abs_error += abs(p_n - g_n)
        if not exact:
            detail = f"gold {_counts_text(g)}; predicted {_counts_text(p)}"
            notes.append(
                CaseNote(
                    issue="wrong_count", kind="event", text=_excerpt(g.description), detail=detail
                )
            )
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    notes += [
        CaseNote(issue="missed", kind="event", text=_excerpt(g.description), detail=g.type)
        for j, g in enumerate(gold)
        if j not in matched_g
    ]
    notes += [
        CaseNote(issue="spurious", kind="event", text=_excerpt(p.description), detail=p.type)
        for i, p in enumerate(predicted)
        if i not in matched_p
    ]
    return counts, notes


def _score_grounding(result: SummaryResult) -> tuple[GroundingCounts, list[CaseNote]]:
    counts = GroundingCounts(attempts=len(result.attempts))
    notes = []
    for report in result.grounding:
        if report.status == "grounded":
            counts.grounded += 1
            continue
        if report.status == "flagged":
            counts.flagged += 1
        else:
            counts.dropped += 1
        counts.findings += len(report.findings)
        words = report.item.get("text" if report.kind == "quote" else "description", "")
        detail = f"{report.status}: " + "; ".join(report.findings)
        notes.append(
            CaseNote(issue="caught", kind=report.kind, text=_excerpt(str(words)), detail=detail)
        )
    return counts, notes


def price_of(model: str) -> Price | None:
    """Price of a model name: zero for our local models, None when we do not know it.

    Local runs report the llama.cpp alias: a registry name from `summarizer.local`, or
    the GGUF's stem, which cannot be told from a hosted name and so shows as unknown.
    """
    name = model.lower().removeprefix("openai/")
    if model in LOCAL_MODELS or name.endswith(".gguf"):
        return Price(input=0.0, output=0.0)
    family = next(
        (key for key in sorted(PRICES, key=len, reverse=True) if name.startswith(key)), None
    )
    return PRICES[family] if family else None


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD at list price; None for an unknown model, so it shows as "n/a", not as free."""
    price = price_of(model)
    if price is None:
        return None
    return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000


def score_case(
    case: Case,
    result: SummaryResult | None,
    error: str | None = None,
    spent: Sequence[Attempt] = (),
) -> CaseScore:
    """Score one article; a missing result still counts its gold items as missed and
    the tokens and time its failed attempts (`spent`) cost.
    """
    if result is None:
        return CaseScore(
            case_id=case.id,
            error=error or "no result",
            quotes=QuoteCounts(gold=len(case.gold.quotes)),
            events=EventCounts(gold=len(case.gold.events)),
            prompt_tokens=sum(a.usage.prompt_tokens for a in spent),
            completion_tokens=sum(a.usage.completion_tokens for a in spent),
            latency_s=round(sum(a.latency_s for a in spent), 3) if spent else None,
        )
    quotes, quote_notes = _score_quotes(case.gold.quotes, result.summary.quotes)
    events, event_notes = _score_events(case.gold.events, result.summary.events)
    grounding, grounding_notes = _score_grounding(result)
    usage = result.usage
    return CaseScore(
        case_id=case.id,
        run=RunId(
            model=result.model, strategy=result.strategy, prompt_version=result.prompt_version
        ),
        error=error,
        quotes=quotes,
        events=events,
        grounding=grounding,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        latency_s=result.latency_s,
        cost_usd=estimate_cost(result.model, usage.prompt_tokens, usage.completion_tokens),
        notes=quote_notes + event_notes + grounding_notes,
    )


# --- aggregation ------------------------------------------------------------------------

C = TypeVar("C", QuoteCounts, EventCounts, GroundingCounts)


def _total(items: list[C], model: type[C]) -> C:
    return model(
        **{name: sum(getattr(item, name) for item in items) for name in model.model_fields}
    )


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _run_of(scores: list[CaseScore], run: RunId | None) -> RunId:
    runs = {score.run for score in scores if score.run is not None}
    if run is not None:
        runs.add(run)
    if len(runs) != 1:
        raise ValueError(
            "pass run=... when no case finished" if not runs else f"cases mix runs: {runs}"
        )
    return runs.pop()


def aggregate(scores: list[CaseScore], run: RunId | None = None) -> RunScore:
    """Micro-averaged scores of one run; `run` is needed only when every case failed."""
    run_id = _run_of(scores, run)
    finished = [score for score in scores if score.schema_valid]
    quotes = _total([s.quotes for s in scores], QuoteCounts)
    events = _total([s.events for s in scores], EventCounts)
    grounding = _total([s.grounding for s in finished], GroundingCounts)
    latencies = [s.latency_s for s in finished if s.latency_s is not None]
    costs = [s.cost_usd for s in finished if s.cost_usd is not None]
    quote_p = _ratio(quotes.matched, quotes.predicted)
    quote_r = _ratio(quotes.matched, quotes.gold)
    event_p = _ratio(events.paired, events.predicted)
    event_r = _ratio(events.paired, events.gold)
    metrics = Metrics(
        quote_precision=quote_p,
        quote_recall=quote_r,
        quote_f1=_f1(quote_p, quote_r),
        speaker_accuracy=_ratio(quotes.speaker_correct, quotes.matched),
        mode_accuracy=_ratio(quotes.mode_correct, quotes.matched),
        event_precision=event_p,
        event_recall=event_r,
        event_f1=_f1(event_p, event_r),
        event_type_accuracy=_ratio(events.type_correct, events.paired),
        actor_accuracy=_ratio(events.actors_correct, events.paired),
        place_accuracy=_ratio(events.place_correct, events.paired),
        count_exact_rate=_ratio(events.counts_exact, events.paired),
        count_mae=_ratio(events.count_abs_error, events.count_values),
        grounded_share=_ratio(grounding.grounded, grounding.grounded + grounding.flagged),
        items_caught=grounding.flagged + grounding.dropped,
        findings=grounding.findings,
        attempts_per_article=_ratio(grounding.attempts, len(finished)),
        schema_valid_rate=_ratio(len(finished), len(scores)),
        prompt_tokens=sum(s.prompt_tokens for s in finished),
        completion_tokens=sum(s.completion_tokens for s in finished),
        median_latency_s=statistics.median(latencies) if latencies else None,
        mean_latency_s=statistics.fmean(latencies) if latencies else None,
        cost_usd=sum(costs) if finished and len(costs) == len(finished) else None,
    )
    return RunScore(
        run=run_id,
        cases_total=len(scores),
        cases_finished=len(finished),
        quotes=quotes,
        events=events,
        grounding=grounding,
        metrics=metrics,
        cases=scores,
    )
