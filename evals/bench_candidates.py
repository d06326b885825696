"""Benchmark the candidate finders of the `cite` strategy against gold.

Run: .venv/bin/python evals/bench_candidates.py [--verbose] [--dataset DIR]

The model only labels what code proposes, so the recall of `quote_candidates` and
`event_candidates` bounds the recall of the whole `cite` run. Quotes pair one-to-one by
span overlap (`span_match`, `pair`, the rules of the eval metrics); the speaker proposal
of a matched candidate is right when it `names_match` the gold `name_source`. A gold
event is covered when one of its evidence passages overlaps an event candidate segment.
`--verbose` lists the missed and spurious quotes and the uncovered events.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields
from pathlib import Path

from summarizer.evaluation.dataset import Case, load_dataset
from summarizer.evaluation.matching import names_match, pair, span_match
from summarizer.event_candidates import event_candidates
from summarizer.schema import Span
from summarizer.segment import segment
from summarizer.speech import quote_candidates

DEV = Path(__file__).resolve().parent / "datasets" / "dev"
EXCERPT = 70


@dataclass
class Counts:
    gold_quotes: int = 0
    candidates: int = 0
    matched: int = 0
    speaker_ok: int = 0
    mode_ok: int = 0
    gold_events: int = 0
    event_candidates: int = 0
    events_covered: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end, kind="exact", score=1.0)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + " …"


def score(case: Case, verbose: bool) -> Counts:
    """Counts for one case; prints its misses when verbose."""
    source = case.text
    segments = segment(source)
    quotes = quote_candidates(source, segments)
    events = event_candidates(segments)
    gold_q = case.gold.quotes
    pairs = pair(
        [_span(q.start, q.end) for q in quotes],
        [g.span for g in gold_q],
        span_match,
    )
    counts = Counts(len(gold_q), len(quotes), len(pairs))
    for i, j in pairs:
        q, g = quotes[i], gold_q[j]
        speaker = q.speaker.text if q.speaker else ""
        ok = bool(g.speaker.name_source) and names_match(speaker, g.speaker.name_source or "")
        counts.speaker_ok += ok
        counts.mode_ok += q.mode == g.mode
        if verbose and not ok:
            print(f"  speaker  {speaker!r} ≠ {g.speaker.name_source!r}: {_excerpt(g.text)}")
        if verbose and q.mode != g.mode:
            print(f"  mode     {q.mode} ≠ {g.mode}: {_excerpt(g.text)}")
    matched_c = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    if verbose:
        for j, g in enumerate(gold_q):
            if j not in matched_g:
                print(f"  missed   [{g.speaker.name_source}] {_excerpt(g.text)}")
        for i, q in enumerate(quotes):
            if i not in matched_c:
                print(f"  spurious [{q.cue}] {_excerpt(q.text)}")
    counts.gold_events = len(case.gold.events)
    counts.event_candidates = len(events)
    spans = [_span(e.start, e.end) for e in events]
    for event in case.gold.events:
        covered = any(span_match(p.span, s) for p in event.evidence for s in spans)
        counts.events_covered += covered
        if verbose and not covered:
            print(f"  event    {event.type}: {_excerpt(event.evidence[0].text)}")
    return counts


def _ratio(num: int, den: int) -> str:
    return f"{num / den:6.1%}" if den else "     –"


HEADER = (
    f"{'case':<36} {'gq':>3} {'cand':>4} {'match':>5} {'recall':>6} {'prec':>6} "
    f"{'spkr':>6} {'mode':>6} {'ge':>3} {'ec':>3} {'ev rec':>6}"
)


def row(name: str, c: Counts) -> str:
    return (
        f"{name:<36} {c.gold_quotes:>3} {c.candidates:>4} {c.matched:>5} "
        f"{_ratio(c.matched, c.gold_quotes)} {_ratio(c.matched, c.candidates)} "
        f"{_ratio(c.speaker_ok, c.matched)} {_ratio(c.mode_ok, c.matched)} "
        f"{c.gold_events:>3} {c.event_candidates:>3} {_ratio(c.events_covered, c.gold_events)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEV)
    parser.add_argument("--verbose", action="store_true", help="list misses per case")
    args = parser.parse_args()
    total = Counts()
    print(HEADER)
    for case in load_dataset(args.dataset):
        if args.verbose:
            print(f"--- {case.id}")
        counts = score(case, args.verbose)
        total += counts
        print(row(case.id.removeprefix("saudinewsnet-"), counts))
    print("-" * len(HEADER))
    print(row("total", total))
    print(
        "gq/cand/match: gold quotes, candidates, one-to-one matches; spkr, mode: share of "
        "matches; ge/ec: gold events, event candidates; ev rec: gold events covered."
    )


if __name__ == "__main__":
    main()
