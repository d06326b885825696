"""The HTML pages of an eval report: the report with its bar chart, and a page per
article showing two runs' views of it side by side, so two models are compared on the
same text.

Both are self-contained (inline CSS and SVG, no script) and escape every string, since
item texts and findings come from a model.
"""

from __future__ import annotations

from jinja2 import Environment

from summarizer.evaluation.comparison import (
    VIEWS,
    Report,
    differences,
    format_value,
    metric_table,
    run_heading,
    side_by_side_path,
    view_path,
    viewed_runs,
)
from summarizer.evaluation.scores import RunId

CHART: tuple[tuple[str, str, str], ...] = (
    ("Quote recall", "quote_recall", "#4e79a7"),
    ("Event recall", "event_recall", "#f28e2b"),
    ("Event F1", "event_f1", "#59a14f"),
    ("Grounded share", "grounded_share", "#b07aa1"),
)
"""Bars per run: label, metric name (a share in 0..1), colour."""

BAR_WIDTH, BAR_GAP, GROUP_GAP = 24, 4, 48
PLOT_LEFT, PLOT_TOP, PLOT_HEIGHT, LABEL_HEIGHT = 44, 12, 160, 44


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
                    "title": f"{label}: {format_value(value, 'pct')}",
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
    header, rows = metric_table(report, baseline)
    viewed = viewed_runs(report) if views else {}

    def link(run: RunId, case_id: str) -> str | None:
        return f"{VIEWS}/{view_path(run, case_id)}" if run in viewed.get(case_id, ()) else None

    runs = [
        {
            "heading": run_heading(run),
            "cases": [(c, lines, link(run.run, c)) for c, lines in differences(run)],
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
