"""Whether every article of a batch got a grounded summary: one line each, read back.

For each input article it finds the batch's line and checks, against the article
itself: that every quote and evidence passage is the span it claims to be, that every
span of an English name or sentence lies in the article, and that the whole-article
audit finds no number or name in the English that the article does not give. It prints
one row per article (length, chunks, calls, items, model time) and exits non-zero when
any article has no line, an error line, or a finding.

    python evals/check_batch.py long40.jsonl long40.out.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from summarizer.evaluation.scoring import audit  # noqa: E402
from summarizer.normalize import normalize  # noqa: E402
from summarizer.schema import Passage, Span, SummaryResult  # noqa: E402


def _passages(result: SummaryResult) -> Iterator[Passage]:
    summary = result.summary
    yield from (Passage(text=q.text, span=q.span) for q in summary.quotes)
    for event in summary.events:
        yield from event.evidence


def _spans(result: SummaryResult) -> Iterator[Span]:
    """Every span an English item claims to rest on."""
    summary = result.summary
    yield from summary.headline_support
    for sentence in summary.sentences:
        yield from sentence.support
    names = [q.speaker for q in summary.quotes]
    for event in summary.events:
        names += [n for n in (*event.actors, event.location, event.reported_by) if n]
    for name in names:
        yield from ([name.span] if name.span else [])
        yield from name.support


def findings(result: SummaryResult, text: str) -> list[str]:
    """What does not hold in one article's result."""
    found = []
    for passage in _passages(result):
        if passage.span is None:
            found.append(f"no span: {passage.text[:40]}")
            continue
        stands = text[passage.span.start : passage.span.end]
        same = (
            stands == passage.text
            if passage.span.kind == "exact"
            else (normalize(stands).text == normalize(passage.text).text)
        )
        if passage.span.kind in ("exact", "normalized") and not same:
            found.append(f"{passage.span.kind} span is not its text: {passage.text[:40]}")
    for span in _spans(result):
        if not 0 <= span.start <= span.end <= len(text):
            found.append(f"span {span.start}:{span.end} outside the article")
    counts = audit(result, text)
    found += [f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items() if n]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("input", type=Path, help="the batch's JSONL input ({id, text})")
    parser.add_argument("output", type=Path, help="the batch's JSONL output")
    args = parser.parse_args()
    lines = {}
    for raw in args.output.read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        lines[str(line["id"])] = line
    print("| id | chars | chunks | calls | quotes | events | headline by | model s | findings |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    bad = missing = 0
    total = 0
    for raw in args.input.read_text(encoding="utf-8").splitlines():
        article = json.loads(raw)
        key, text = str(article["id"]), article["text"]
        total += 1
        line = lines.get(key)
        if line is None:
            missing += 1
            continue
        if "result" not in line:
            bad += 1
            print(f"| {key} | {len(text)} | | | | | | | error: {line.get('error')} |")
            continue
        result = SummaryResult.model_validate(line["result"])
        found = findings(result, text)
        bad += bool(found)
        model_s = sum(a.latency_s for a in result.attempts)
        print(
            f"| {key} | {len(text)} | {result.chunks} | {len(result.attempts)} "
            f"| {len(result.summary.quotes)} | {len(result.summary.events)} "
            f"| {result.summary.headline_by} | {model_s:.0f} | {'; '.join(found) or 'none'} |"
        )
    done = total - missing
    print(f"\n{done} of {total} articles have a line; {done - bad} grounded, {bad} not.")
    return 0 if missing == 0 and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
