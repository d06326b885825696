"""What every format of an eval report shows: one table of metrics per run, with deltas
against a baseline, and one list of per-case notes, so Markdown, JSON and HTML never
disagree; and where each run's view of an article lies beside the report.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from summarizer.evaluation.base import Format
from summarizer.evaluation.metrics import rows as metric_rows
from summarizer.evaluation.scores import CaseScore, Issue, RunId, RunScore, slug

ISSUES: dict[Issue, str] = {
    "missed": "missed gold {kind}",
    "spurious": "unmatched predicted {kind}",
    "caught": "{kind} caught by validation",
    "wrong_speaker": "wrong speaker",
    "wrong_english": "wrong English speaker name",
    "wrong_mode": "wrong direct/reported",
    "wrong_count": "wrong counts",
}
"""Per-case note headings, in the order they are listed."""

VIEWS = "views"
"""The folder, beside the report, of the views and the side-by-side pages."""


class Report(BaseModel):
    """What `summarizer eval` writes as JSON and reads back as a baseline."""

    model_config = ConfigDict(extra="forbid")

    runs: list[RunScore]


def format_value(value: float | None, kind: Format, signed: bool = False) -> str:
    """One cell; `signed` renders a delta (percentage points for shares)."""
    if value is None:
        return "n/a"
    sign = "+" if signed and value >= 0 else ""
    match kind:
        case "pct":
            return f"{sign}{value * 100:.1f}" + (" pp" if signed else "%")
        case "num":
            return f"{sign}{value:.2f}"
        case "int":
            return f"{sign}{round(value):,}"
        case "sec":
            return f"{sign}{value:.1f} s"
        case "usd":
            return f"{'-' if value < 0 else sign}${abs(value):.4f}"


def _baseline_run(run: RunId, baseline: Report) -> RunScore | None:
    """Find the same run in the baseline, else the same model, strategy and dataset (new
    prompt).
    """
    key = (run.model, run.strategy, run.dataset)
    same = [r for r in baseline.runs if (r.run.model, r.run.strategy, r.run.dataset) == key]
    exact = [r for r in same if r.run == run]
    return next(iter(exact or same), None)


def metric_table(report: Report, baseline: Report | None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison table; cells carry "(delta)" against a baseline."""
    previous = [_baseline_run(r.run, baseline) if baseline else None for r in report.runs]
    rows = []
    for label, field, kind in metric_rows():
        row = [label]
        for run, before in zip(report.runs, previous, strict=True):
            value = run.metrics.get(field)
            cell = format_value(value, kind)
            old = before.metrics.get(field) if before else None
            if value is not None and old is not None:
                cell += f" ({format_value(value - old, kind, signed=True)})"
            row.append(cell)
        rows.append(row)
    return ["Metric", *(r.run.label for r in report.runs)], rows


def _case_lines(case: CaseScore) -> list[str]:
    """Plain-text lines for one case: its error, then notes grouped by issue."""
    order = list(ISSUES)
    lines = [f"failed: {case.error}"] if case.error else []
    for note in sorted(case.notes, key=lambda n: order.index(n.issue)):
        line = f"{ISSUES[note.issue].format(kind=note.kind)}: «{note.text}»"
        lines.append(line + (f" — {note.detail}" if note.detail else ""))
    return lines


def differences(run: RunScore) -> list[tuple[str, list[str]]]:
    """(case id, lines) for every case that differs from gold or failed."""
    return [(case.case_id, lines) for case in run.cases if (lines := _case_lines(case))]


def run_heading(run: RunScore) -> str:
    """A run's label and how many of its articles finished."""
    return f"{run.run.label} — {run.cases_finished}/{run.cases_total} articles finished"


def view_path(run: RunId, case_id: str) -> str:
    """Where a run's view of an article lies, relative to the views folder."""
    return f"{slug(run.model)}/{run.strategy}/{slug(case_id)}.html"


def side_by_side_path(case_id: str) -> str:
    """Where the page that shows two runs' views of an article lies, in the views folder."""
    return f"{slug(case_id)}.html"


def viewed_runs(report: Report) -> dict[str, list[RunId]]:
    """Case id → the runs that have a view of it (a run that gave no result has none)."""
    viewed: dict[str, list[RunId]] = {}
    for run in report.runs:
        for case in run.cases:
            viewed.setdefault(case.case_id, [])
            if case.run is not None:
                viewed[case.case_id].append(run.run)
    return viewed
