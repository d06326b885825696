"""Render run scores side by side: Markdown for people, JSON for machines, HTML to share
(`pages`), and write them with each run's view of each article beside them.
"""

from __future__ import annotations

import html
from pathlib import Path

from summarizer import view
from summarizer.evaluation.comparison import (
    VIEWS,
    Report,
    differences,
    metric_table,
    run_heading,
    side_by_side_path,
    view_path,
    viewed_runs,
)
from summarizer.evaluation.pages import render_html, render_side_by_side
from summarizer.evaluation.scores import RunId
from summarizer.schema import SummaryResult

__all__ = [
    "VIEWS",
    "Report",
    "confusion_lines",
    "load_report",
    "render_html",
    "render_json",
    "render_markdown",
    "write_reports",
    "write_view",
]


def load_report(text: str) -> Report:
    return Report.model_validate_json(text)


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def _md(text: str) -> str:
    """One line of Markdown-safe text: no pipes to break tables, no raw HTML."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def render_markdown(report: Report, baseline: Report | None = None) -> str:
    header, rows = metric_table(report, baseline)
    out = ["# Eval report", ""]
    out.append("| " + " | ".join(_md(h) for h in header) + " |")
    out.append("| --- |" + " ---: |" * (len(header) - 1))
    out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    if baseline:
        out += ["", "In parentheses: change against the baseline report."]
    out += ["", "## Event types: gold → predicted, over paired events"]
    for run in report.runs:
        if run.confusion:
            out += ["", f"### {_md(run.run.label)}", ""]
            out += [f"- {_md(line)}" for line in confusion_lines(run.confusion)]
    out += ["", "## Per-case differences"]
    for run in report.runs:
        out += ["", f"### {_md(run_heading(run))}", ""]
        cases = differences(run)
        if not cases:
            out.append("No differences from gold.")
        for case_id, lines in cases:
            out.append(f"- **{_md(case_id)}**")
            out += [f"  - {_md(line)}" for line in lines]
    return "\n".join(out) + "\n"


def confusion_lines(confusion: dict[str, int]) -> list[str]:
    """Per gold type: how many paired events got it right, and what the others got."""
    by_gold: dict[str, dict[str, int]] = {}
    for key, count in confusion.items():
        gold_type, predicted_type = key.split(">")
        by_gold.setdefault(gold_type, {})[predicted_type] = count
    lines = []
    for gold, predicted in sorted(by_gold.items(), key=lambda kv: -sum(kv[1].values())):
        total, right = sum(predicted.values()), predicted.get(gold, 0)
        wrong = ", ".join(
            f"{p} {n}" for p, n in sorted(predicted.items(), key=lambda x: -x[1]) if p != gold
        )
        lines.append(f"{gold}: {right}/{total} right" + (f" (predicted {wrong})" if wrong else ""))
    return lines


def write_view(views: Path, run: RunId, case_id: str, text: str, result: SummaryResult) -> None:
    path = views / view_path(run, case_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(view.render_html(result, text), encoding="utf-8")


def write_reports(
    report: Report, directory: Path, baseline: Report | None = None, views: bool = False
) -> list[Path]:
    """Write `report.md`, `report.json` and `report.html`; return their paths. With
    `views` (the runner wrote each run's view of each article into `views/`), the HTML
    links them and a side-by-side page per article is written beside them.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("report.md", render_markdown(report, baseline)),
        ("report.json", render_json(report)),
        ("report.html", render_html(report, baseline, views)),
    ):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    viewed = viewed_runs(report) if views else {}
    for case_id, runs in viewed.items():
        if runs:
            page = directory / VIEWS / side_by_side_path(case_id)
            page.parent.mkdir(exist_ok=True)
            page.write_text(render_side_by_side(case_id, runs), encoding="utf-8")
    return written
