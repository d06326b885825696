"""Score a case (every metric's counts and notes) and sum a run's cases into its metrics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from summarizer.english import check_text
from summarizer.evaluation.base import DETECTION, GROUNDING, Group, PairMetric, RunTotals
from summarizer.evaluation.cost import estimate_cost
from summarizer.evaluation.dataset import Case
from summarizer.evaluation.matching import event_match, pair, span_match
from summarizer.evaluation.metrics import count_names, event_metrics, quote_metrics, values
from summarizer.evaluation.scores import (
    CaseNote,
    CaseScore,
    Counts,
    RunId,
    RunScore,
    excerpt,
    speaker_label,
)
from summarizer.schema import Attempt, Event, Quote, Span, SummaryResult

T = TypeVar("T", Quote, Event)


def _quote_match(predicted: Quote, gold: Quote) -> tuple[float, float] | None:
    return span_match(predicted.span, gold.span)


def _item_note(issue: Literal["missed", "spurious"], item: Quote | Event) -> CaseNote:
    if isinstance(item, Quote):
        text, detail = excerpt(item.text), speaker_label(item)
        return CaseNote(issue=issue, kind="quote", text=text, detail=detail)
    return CaseNote(issue=issue, kind="event", text=excerpt(item.description), detail=item.type)


def _score(
    group: Group,
    gold: Sequence[T],
    predicted: Sequence[T],
    match: Callable[[T, T], tuple[float, ...] | None],
    metrics: Sequence[PairMetric[T]],
) -> tuple[Counts, list[CaseNote]]:
    """Pair predictions with gold one-to-one; every pair metric judges every pair."""
    pairs = pair(predicted, gold, match)
    counts = dict.fromkeys(count_names(group), 0)
    counts |= dict(zip(DETECTION[group], (len(gold), len(predicted), len(pairs)), strict=True))
    notes: list[CaseNote] = []
    for i, j in pairs:
        for metric in metrics:
            for name, value in metric.tally(predicted[i], gold[j]).items():
                counts[name] += value
            note = metric.note(predicted[i], gold[j])
            if note is not None:
                notes.append(note)
    matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
    notes += [_item_note("missed", g) for j, g in enumerate(gold) if j not in matched_g]
    notes += [_item_note("spurious", p) for i, p in enumerate(predicted) if i not in matched_p]
    return counts, notes


def _english(result: SummaryResult) -> list[str]:
    """Every English text a reader reads: headline, summary sentences, event
    descriptions, names, roles and translations.
    """
    summary = result.summary
    texts = [summary.headline, *(s.text for s in summary.sentences)]
    for event in summary.events:
        texts.append(event.description)
        texts += [n.name_en for n in (*event.actors, event.location, event.reported_by) if n]
    for quote in summary.quotes:
        texts += [quote.speaker.name_en, quote.speaker.role or "", quote.translation or ""]
    return [text for text in texts if text]


def audit(result: SummaryResult, text: str) -> Counts:
    """What no part of the article supports in the English output: numbers the article
    does not state, and names (people, places, countries, bodies) it does not name.
    The same checker as the pipeline's, but against the whole article: a net under it.
    """
    whole = [Span(start=0, end=len(text), kind="exact", score=1.0)]
    counts = {"unsupported_numbers": 0, "unsupported_names": 0}
    for english_text in _english(result):
        for support in check_text(english_text, text, whole).support:
            if support.verdict == "unsupported":
                kind = (
                    "numbers"
                    if support.via == "number" or support.english[:1].isdigit()
                    else "names"
                )
                counts[f"unsupported_{kind}"] += 1
    return counts


def _grounding(result: SummaryResult, text: str) -> tuple[Counts, list[CaseNote]]:
    counts = dict.fromkeys(GROUNDING, 0) | {"attempts": len(result.attempts)} | audit(result, text)
    notes = []
    for report in result.grounding:
        if report.kind not in ("event", "quote"):
            counts[f"english_{report.status}"] += 1
            if report.status in ("grounded", "repaired", "rendered"):
                continue
        elif report.status in ("grounded", "repaired"):
            counts["grounded"] += 1
            continue
        else:
            counts[report.status] += 1
        counts["findings"] += len(report.findings)
        words = next(
            (v for k in ("text", "description", "evidence") if (v := report.item.get(k))), ""
        )
        detail = f"{report.status}: " + "; ".join(report.findings)
        notes.append(
            CaseNote(issue="caught", kind=report.kind, text=excerpt(str(words)), detail=detail)
        )
    return counts, notes


def score_case(
    case: Case,
    result: SummaryResult | None,
    error: str | None = None,
    spent: Sequence[Attempt] = (),
    dataset: str = "dev",
) -> CaseScore:
    """Score one article; a missing result still counts its gold items as missed and
    the tokens and time its failed attempts (`spent`) cost.
    """
    if result is None:
        return CaseScore(
            case_id=case.id,
            error=error or "no result",
            quotes=dict.fromkeys(count_names("quotes"), 0) | {"gold": len(case.gold.quotes)},
            events=dict.fromkeys(count_names("events"), 0) | {"gold": len(case.gold.events)},
            grounding=dict.fromkeys(GROUNDING, 0),
            prompt_tokens=sum(a.usage.prompt_tokens for a in spent),
            completion_tokens=sum(a.usage.completion_tokens for a in spent),
            latency_s=round(sum(a.latency_s for a in spent), 3) if spent else None,
        )
    summary = result.summary
    quotes, quote_notes = _score(
        "quotes", case.gold.quotes, summary.quotes, _quote_match, quote_metrics()
    )
    events, event_notes = _score(
        "events", case.gold.events, summary.events, event_match, event_metrics()
    )
    grounding, grounding_notes = _grounding(result, case.text)
    confusion = Counter(
        f"{case.gold.events[j].type}>{summary.events[i].type}"
        for i, j in pair(summary.events, case.gold.events, event_match)
    )
    usage = result.usage
    return CaseScore(
        case_id=case.id,
        run=RunId(
            model=result.model,
            strategy=result.strategy,
            prompt_version=result.prompt_version,
            dataset=dataset,
        ),
        error=error,
        quotes=quotes,
        events=events,
        grounding=grounding,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        latency_s=result.latency_s,
        cost_usd=estimate_cost(result.model, usage.prompt_tokens, usage.completion_tokens),
        confusion=dict(sorted(confusion.items())),
        notes=quote_notes + event_notes + grounding_notes,
    )


def _total(counts: list[Counts], names: Sequence[str]) -> Counts:
    return {name: sum(c.get(name, 0) for c in counts) for name in names}


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
    totals = RunTotals(
        quotes=_total([s.quotes for s in scores], count_names("quotes")),
        events=_total([s.events for s in scores], count_names("events")),
        grounding=_total([s.grounding for s in finished], GROUNDING),
        cases=len(scores),
        finished=finished,
    )
    return RunScore(
        run=run_id,
        cases_total=len(scores),
        cases_finished=len(finished),
        quotes=totals.quotes,
        events=totals.events,
        grounding=totals.grounding,
        confusion=dict(sorted(sum((Counter(s.confusion) for s in scores), Counter()).items())),
        metrics=values(totals),
        cases=scores,
    )
