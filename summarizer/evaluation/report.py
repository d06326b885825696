"""Render run scores side by side: Markdown for people, JSON for machines, HTML to share.

All three come from one table and one list of per-case notes, so they never disagree.
The HTML page is self-contained (inline CSS and SVG, no script) and escapes every
string, since item texts and findings come from a model. Beside it, `views/` holds each
run's view of each article (`summarizer.view`) and a page per article that shows two
runs' views side by side, so two models are compared on the same text.
"""

from __future__ import annotations

import html
from pathlib import Path

from jinja2 import Environment
from pydantic import BaseModel, ConfigDict

from summarizer import view
from summarizer.evaluation.base import Format
from summarizer.evaluation.metrics import rows as metric_rows
from summarizer.evaluation.scores import CaseScore, Issue, RunId, RunScore, slug
from summarizer.schema import SummaryResult

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

VIEWS = "views"
"""The folder, beside the report, of the views and the side-by-side pages."""

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


def view_path(run: RunId, case_id: str) -> str:
    """Where a run's view of an article lies, relative to the views folder."""
    return f"{slug(run.model)}/{run.strategy}/{slug(case_id)}.html"


def side_by_side_path(case_id: str) -> str:
    return f"{slug(case_id)}.html"


def write_view(views: Path, run: RunId, case_id: str, text: str, result: SummaryResult) -> None:
    path = views / view_path(run, case_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(view.render_html(result, text), encoding="utf-8")


def _viewed(report: Report) -> dict[str, list[RunId]]:
    """Case id → the runs that have a view of it (a run that gave no result has none)."""
    viewed: dict[str, list[RunId]] = {}
    for run in report.runs:
        for case in run.cases:
            viewed.setdefault(case.case_id, [])
            if case.run is not None:
                viewed[case.case_id].append(run.run)
    return viewed


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
.views td:not(:first-child) { text-align: center; white-space: nowrap; }
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
{% if views %}<h2>Each article, as each run read it</h2>
<table class="views">
<thead><tr><th>Article</th>{% for label in header[1:] %}<th dir="auto">{{ label }}</th>
{% endfor %}<th>Compare</th></tr></thead>
<tbody>
{% for case_id, links, both in views %}<tr><td dir="auto">{{ case_id }}</td>
{% for link in links %}<td>{% if link %}<a href="{{ link }}">view</a>{% else %}none{% endif %}</td>
{% endfor %}<td>{% if both %}<a href="{{ both }}">side by side</a>{% endif %}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
<h2>Per-case differences</h2>
{% for run in runs %}<section>
<h3 dir="auto">{{ run.heading }}</h3>
{% if run.cases %}<ul>
{% for case_id, lines, link in run.cases %}<li dir="auto"><strong>
{%- if link %}<a href="{{ link }}">{{ case_id }}</a>{% else %}{{ case_id }}{% endif %}</strong><ul>
{% for line in lines %}<li dir="auto">{{ line }}</li>
{% endfor %}</ul></li>
{% endfor %}</ul>{% else %}<p>No differences from gold.</p>{% endif %}
</section>
{% endfor %}</body>
</html>
"""


def render_html(report: Report, baseline: Report | None = None, views: bool = False) -> str:
    """The report page; with `views`, each case links to every run's view of it."""
    header, rows = _table(report, baseline)
    viewed = _viewed(report) if views else {}

    def link(run: RunId, case_id: str) -> str | None:
        return f"{VIEWS}/{view_path(run, case_id)}" if run in viewed.get(case_id, ()) else None

    runs = [
        {
            "heading": _run_heading(run),
            "cases": [(c, lines, link(run.run, c)) for c, lines in _differences(run)],
        }
        for run in report.runs
    ]
    table = [
        (
            case_id,
            [link(run.run, case_id) for run in report.runs],
            f"{VIEWS}/{side_by_side_path(case_id)}" if shown else None,
        )
        for case_id, shown in viewed.items()
    ]
    template = Environment(autoescape=True).from_string(_HTML)
    return template.render(
        header=header,
        rows=rows,
        baseline=baseline is not None,
        chart=_chart(report),
        bar_width=BAR_WIDTH,
        runs=runs,
        views=table,
    )


_SIDE_BY_SIDE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ case_id }} · side by side</title>
<style>
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.4 system-ui, sans-serif; color: #222; }
header { padding: .5rem 1rem; border-bottom: 1px solid #ccc; }
h1 { font-size: 1rem; margin: 0 0 .3rem; display: inline-block; margin-inline-end: 1rem; }
table { border-collapse: collapse; font-size: 13px; }
td { padding: .05rem .6rem .05rem 0; }
main { flex: 1; min-height: 0; display: flex; }
iframe { flex: 1; min-width: 0; border: 0; border-inline-end: 2px solid #ccc; }
</style>
</head>
<body>
<header>
<h1 dir="auto">{{ case_id }}</h1><a href="../report.html">back to the report</a>
<table>
{% for run in runs %}<tr><td dir="auto">{{ run.id.label }}</td>
{% for frame, _ in frames %}<td><a href="{{ run.path }}" target="{{ frame }}"
>show {{ frame }}</a></td>
{% endfor %}</tr>
{% endfor %}</table>
</header>
<main>
{% for frame, run in frames %}<iframe name="{{ frame }}" title="{{ frame }}: {{ run.id.label }}"
 src="{{ run.path }}"></iframe>
{% endfor %}</main>
</body>
</html>
"""


def _pair(runs: list[RunId]) -> list[RunId]:
    """The two runs shown first: two models on one strategy where the eval has them."""
    first, others = runs[0], runs[1:]
    rivals = [r for r in others if r.model != first.model]
    same = [r for r in rivals if r.strategy == first.strategy]
    return [first, *(same or rivals or others)[:1]]


def render_side_by_side(case_id: str, runs: list[RunId]) -> str:
    """One article's views of two runs next to each other; links choose which two."""
    template = Environment(autoescape=True).from_string(_SIDE_BY_SIDE)
    shown = {run: {"id": run, "path": view_path(run, case_id)} for run in runs}
    frames = list(zip(("left", "right"), (shown[run] for run in _pair(runs)), strict=False))
    return template.render(case_id=case_id, runs=list(shown.values()), frames=frames)


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
    viewed = _viewed(report) if views else {}
    for case_id, runs in viewed.items():
        if runs:
            page = directory / VIEWS / side_by_side_path(case_id)
            page.parent.mkdir(exist_ok=True)
            page.write_text(render_side_by_side(case_id, runs), encoding="utf-8")
    return written
