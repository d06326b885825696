"""Render run scores side by side: Markdown for people, JSON for machines, HTML to share.

All three come from one table and one list of per-case notes, so they never disagree.
The HTML page is self-contained (inline CSS and SVG, no script) and escapes every
string, since item texts and findings come from a model.
"""

from __future__ import annotations

import html
from pathlib import Path

from jinja2 import Environment
from pydantic import BaseModel, ConfigDict

from summarizer.evaluation.base import Format
from summarizer.evaluation.metrics import rows as metric_rows
from summarizer.evaluation.scores import CaseScore, Issue, RunId, RunScore

CHART: tuple[tuple[str, str, str], ...] = (
    ("Quote recall", "quote_recall", "#4e79a7"),
    ("Event recall", "event_recall", "#f28e2b"),
    ("Event F1", "event_f1", "#59a14f"),
    ("Grounded share", "grounded_share", "#b07aa1"),
)
"""Bars per run: label, metric name (a share in 0..1), colour."""

ISSUES: dict[Issue, str] = {
    "missed": "missed gold {kind}",
    "spurious": "unmatched predicted {kind}",
    "caught": "{kind} caught by validation",
    "wrong_speaker": "wrong speaker",
    "wrong_mode": "wrong direct/reported",
    "wrong_count": "wrong counts",
}
"""Per-case note headings, in the order they are listed."""

BAR_WIDTH, BAR_GAP, GROUP_GAP = 24, 4, 48
PLOT_LEFT, PLOT_TOP, PLOT_HEIGHT, LABEL_HEIGHT = 44, 12, 160, 44


class Report(BaseModel):
    """What `summarizer eval` writes as JSON and reads back as a baseline."""

    model_config = ConfigDict(extra="forbid")

    runs: list[RunScore]


def load_report(text: str) -> Report:
    return Report.model_validate_json(text)


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def _fmt(value: float | None, kind: Format, signed: bool = False) -> str:
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
    """Find the same run in the baseline, else the same model and strategy (new prompt)."""
    same = [r for r in baseline.runs if (r.run.model, r.run.strategy) == (run.model, run.strategy)]
    exact = [r for r in same if r.run == run]
    return next(iter(exact or same), None)


def _table(report: Report, baseline: Report | None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison table; cells carry "(delta)" against a baseline."""
    previous = [_baseline_run(r.run, baseline) if baseline else None for r in report.runs]
    rows = []
    for label, field, kind in metric_rows():
        row = [label]
        for run, before in zip(report.runs, previous, strict=True):
            value = run.metrics.get(field)
            cell = _fmt(value, kind)
            old = before.metrics.get(field) if before else None
            if value is not None and old is not None:
                cell += f" ({_fmt(value - old, kind, signed=True)})"
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


def _differences(run: RunScore) -> list[tuple[str, list[str]]]:
    """(case id, lines) for every case that differs from gold or failed."""
    return [(case.case_id, lines) for case in run.cases if (lines := _case_lines(case))]


def _run_heading(run: RunScore) -> str:
    return f"{run.run.label} — {run.cases_finished}/{run.cases_total} articles finished"


def _md(text: str) -> str:
    """One line of Markdown-safe text: no pipes to break tables, no raw HTML."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def render_markdown(report: Report, baseline: Report | None = None) -> str:
    header, rows = _table(report, baseline)
    out = ["# Eval report", ""]
    out.append("| " + " | ".join(_md(h) for h in header) + " |")
    out.append("| --- |" + " ---: |" * (len(header) - 1))
    out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    if baseline:
        out += ["", "In parentheses: change against the baseline report."]
    out += ["", "## Per-case differences"]
    for run in report.runs:
        out += ["", f"### {_md(_run_heading(run))}", ""]
        cases = _differences(run)
        if not cases:
            out.append("No differences from gold.")
        for case_id, lines in cases:
            out.append(f"- **{_md(case_id)}**")
            out += [f"  - {_md(line)}" for line in lines]
    return "\n".join(out) + "\n"


def _chart(report: Report) -> dict[str, object]:
    """Geometry of the SVG bar chart: one group of bars per run, shares on 0..100 %."""
    group_width = len(CHART) * BAR_WIDTH + (len(CHART) - 1) * BAR_GAP
    base = PLOT_TOP + PLOT_HEIGHT
    groups = []
    for n, run in enumerate(report.runs):
        x0 = PLOT_LEFT + GROUP_GAP / 2 + n * (group_width + GROUP_GAP)
        bars = []
        for k, (label, field, colour) in enumerate(CHART):
            value = run.metrics.get(field)
            height = round((value or 0.0) * PLOT_HEIGHT, 1)
            bars.append(
                {
                    "x": round(x0 + k * (BAR_WIDTH + BAR_GAP), 1),
                    "y": round(base - height, 1),
                    "height": height,
                    "colour": colour,
                    "title": f"{label}: {_fmt(value, 'pct')}",
                    "missing": value is None,
                }
            )
        groups.append(
            {
                "bars": bars,
                "centre": round(x0 + group_width / 2, 1),
                "lines": [run.run.model, f"{run.run.strategy} · {run.run.prompt_version}"],
            }
        )
    grid = [
        {"y": base - share * PLOT_HEIGHT, "label": f"{share:.0%}"}
        for share in (0, 0.25, 0.5, 0.75, 1)
    ]
    return {
        "width": PLOT_LEFT + len(report.runs) * (group_width + GROUP_GAP),
        "height": base + LABEL_HEIGHT,
        "left": PLOT_LEFT,
        "base": base,
        "grid": grid,
        "groups": groups,
        "legend": [(label, colour) for label, _, colour in CHART],
    }


_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>summarizer eval report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; }
td:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 1rem; }
svg text { font-size: 11px; fill: #444; }
li { margin: .15rem 0; }
</style>
</head>
<body>
<h1>Eval report</h1>
<table>
<thead><tr>{% for cell in header %}<th dir="auto">{{ cell }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr>{% for cell in row %}<td dir="auto">{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% if baseline %}<p>In parentheses: change against the baseline report.</p>{% endif %}
<h2>Headline metrics</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="{{ chart.width }}" height="{{ chart.height }}"
 role="img" aria-label="Headline metrics per run">
{% for line in chart.grid %}<line x1="{{ chart.left }}" x2="{{ chart.width }}" y1="{{ line.y }}"
 y2="{{ line.y }}" stroke="#ddd"/><text x="{{ chart.left - 6 }}" y="{{ line.y + 4 }}"
 text-anchor="end">{{ line.label }}</text>
{% endfor %}{% for group in chart.groups %}<g class="run">
{% for bar in group.bars %}<rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar_width }}"
 height="{{ bar.height }}" fill="{{ bar.colour }}"><title>{{ bar.title }}</title></rect>
{% if bar.missing %}<text x="{{ bar.x + bar_width / 2 }}" y="{{ chart.base - 4 }}"
 text-anchor="middle">n/a</text>{% endif %}
{% endfor %}{% for line in group.lines %}<text x="{{ group.centre }}"
 y="{{ chart.base + 16 + loop.index0 * 14 }}" text-anchor="middle">{{ line }}</text>
{% endfor %}</g>
{% endfor %}</svg>
<p class="legend">{% for label, colour in chart.legend %}<span style="background: {{ colour }}">
</span>{{ label }}{% endfor %}</p>
<h2>Per-case differences</h2>
{% for run in runs %}<section>
<h3 dir="auto">{{ run.heading }}</h3>
{% if run.cases %}<ul>
{% for case_id, lines in run.cases %}<li dir="auto"><strong>{{ case_id }}</strong><ul>
{% for line in lines %}<li dir="auto">{{ line }}</li>
{% endfor %}</ul></li>
{% endfor %}</ul>{% else %}<p>No differences from gold.</p>{% endif %}
</section>
{% endfor %}</body>
</html>
"""


def render_html(report: Report, baseline: Report | None = None) -> str:
    header, rows = _table(report, baseline)
    runs = [{"heading": _run_heading(run), "cases": _differences(run)} for run in report.runs]
    template = Environment(autoescape=True).from_string(_HTML)
    return template.render(
        header=header,
        rows=rows,
        baseline=baseline is not None,
        chart=_chart(report),
        bar_width=BAR_WIDTH,
        runs=runs,
    )


def write_reports(report: Report, directory: Path, baseline: Report | None = None) -> list[Path]:
    """Write `report.md`, `report.json` and `report.html`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("report.md", render_markdown(report, baseline)),
        ("report.json", render_json(report)),
        ("report.html", render_html(report, baseline)),
    ):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
