from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.evaluation.report import (
    Report,
    load_report,
    render_html,
    render_json,
    render_markdown,
    write_reports,
)
from summarizer.evaluation.scores import CaseNote, CaseScore, RunId
from summarizer.evaluation.scoring import aggregate
from tests.pages import assert_offline, assert_valid, by_class, parse, text_of


@pytest.fixture
def injection() -> str:
    return "<script>alert(1)</script>"


@pytest.fixture
def hosted() -> RunId:
    return RunId(model="gpt-4o-mini", strategy="cite", prompt_version="v1")


@pytest.fixture
def local() -> RunId:
    return RunId(model="qwen2.5-coder-1.5b", strategy="copy", prompt_version="v1")


@pytest.fixture
def report(hosted: RunId, local: RunId, injection: str) -> Report:
    """Two runs on two articles: the hosted one misses a quote and miscounts an event."""
    notes = [
        CaseNote(
            issue="missed", kind="quote", text="الوضع في سوريا خطير جدا", detail="ألكسندر كينشاك"
        ),
        CaseNote(
            issue="caught",
            kind="event",
            text=injection,
            detail="dropped: killed count 9 not in evidence",
        ),
        CaseNote(
            issue="wrong_count",
            kind="event",
            text="غارة على حلب",
            detail="gold killed=5, wounded=3; predicted killed=7, wounded=3",
        ),
    ]
    hosted_cases = [
        CaseScore(
            case_id="a",
            run=hosted,
            quotes={
                "gold": 2,
                "predicted": 1,
                "matched": 1,
                "speaker_correct": 1,
                "mode_correct": 1,
            },
            events={
                "gold": 1,
                "predicted": 1,
                "paired": 1,
                "type_correct": 1,
                "count_values": 2,
                "count_abs_error": 2,
            },
            grounding={"grounded": 2, "dropped": 1, "findings": 1, "attempts": 2},
            prompt_tokens=1200,
            completion_tokens=300,
            latency_s=3.0,
            cost_usd=0.0006,
            notes=notes,
        ),
        CaseScore(case_id="b", error="timeout", quotes={"gold": 1}),
    ]
    local_cases = [
        CaseScore(
            case_id=case_id,
            run=local,
            quotes={
                "gold": 1,
                "predicted": 1,
                "matched": 1,
                "speaker_correct": 1,
                "mode_correct": 1,
            },
            grounding={"grounded": 1, "attempts": 1},
            latency_s=40.0,
            cost_usd=0.0,
        )
        for case_id in ("a", "b")
    ]
    return Report(runs=[aggregate(hosted_cases), aggregate(local_cases)])


def test_markdown_has_the_comparison_table(report: Report) -> None:
    markdown = render_markdown(report)

    header = "| Metric | dev · gpt-4o-mini · cite · v1 | dev · qwen2.5-coder-1.5b · copy · v1 |"
    assert header in markdown
    assert "| Quote recall | 33.3% | 100.0% |" in markdown
    assert "| Counts exact | 0.0% | n/a |" in markdown
    assert "| Count MAE | 1.00 | n/a |" in markdown
    assert "| Grounded share | 100.0% | 100.0% |" in markdown
    assert "| Items caught | 1 | 0 |" in markdown
    assert "| Schema-valid rate | 50.0% | 100.0% |" in markdown
    assert "| Tokens in | 1,200 | 0 |" in markdown
    assert "| Median s / article | 3.0 s | 40.0 s |" in markdown
    assert "| Est. cost | $0.0006 | $0.0000 |" in markdown


def test_markdown_lists_per_case_differences(report: Report, injection: str) -> None:
    markdown = render_markdown(report)

    assert "### dev · gpt-4o-mini · cite · v1 — 1/2 articles finished" in markdown
    assert "  - missed gold quote: «الوضع في سوريا خطير جدا» — ألكسندر كينشاك" in markdown
    assert "  - event caught by validation: «&lt;script&gt;alert(1)&lt;/script&gt;»" in markdown
    assert "— dropped: killed count 9 not in evidence" in markdown
    assert "wrong counts: «غارة على حلب» — gold killed=5, wounded=3; predicted killed=7" in markdown
    assert "- **b**\n  - failed: timeout" in markdown
    assert injection not in markdown
    assert "No differences from gold." in markdown  # the local run


def test_markdown_shows_deltas_against_a_baseline(report: Report) -> None:
    previous = report.model_copy(deep=True)
    hosted = previous.runs[0]
    hosted.run = hosted.run.model_copy(update={"prompt_version": "v0"})  # matched by model
    hosted.metrics["quote_recall"] = 0.25
    hosted.metrics["cost_usd"] = 0.0016

    markdown = render_markdown(report, baseline=previous)

    assert "| Quote recall | 33.3% (+8.3 pp) | 100.0% (+0.0 pp) |" in markdown
    assert "| Est. cost | $0.0006 (-$0.0010) | $0.0000 (+$0.0000) |" in markdown
    assert "| Count MAE | 1.00 (+0.00) | n/a |" in markdown
    assert "change against the baseline" in markdown


def test_json_round_trips(report: Report) -> None:
    text = render_json(report)

    assert load_report(text) == report
    assert '"quote_recall": 0.3333333333333333' in text


def test_html_is_self_contained_with_one_bar_group_per_run(report: Report) -> None:
    page = render_html(report)

    assert page.count("<svg") == 1
    assert page.count('<g class="run">') == len(report.runs) == 2
    assert page.count("<rect") == 8  # four headline metrics per run
    assert 'height="160.0"' in page  # the local run's quote recall is 100 %
    assert "<title>Quote recall: 33.3%</title>" in page
    assert page.count("n/a</text>") == 2  # the local run has no events: no recall, no F1
    assert not re.search(r"<(script|link)\b|\bsrc=", page)  # no external assets, no JS
    assert '<td dir="auto">Quote recall</td>' in page


def test_html_escapes_model_text(report: Report, injection: str) -> None:
    page = render_html(report)

    assert injection not in page
    assert "«&lt;script&gt;alert(1)&lt;/script&gt;»" in page
    assert '<li dir="auto">missed gold quote: «الوضع في سوريا خطير جدا»' in page


def test_write_reports(report: Report, tmp_path: Path) -> None:
    paths = write_reports(report, tmp_path / "out", baseline=report)

    assert [p.name for p in paths] == ["report.md", "report.json", "report.html"]
    assert load_report(paths[1].read_text(encoding="utf-8")) == report
    assert "(+0.0 pp)" in paths[0].read_text(encoding="utf-8")


def test_html_links_each_case_to_the_views_of_the_runs_that_read_it(report: Report) -> None:
    root = assert_valid(render_html(report, views=True))
    assert_offline(root)
    (table,) = by_class(root, "views")
    rows = {
        text_of(row[0]): [[a.get("href") for a in cell.iter("a")] for cell in row[1:]]
        for row in table.iter("tr")
        if row[0].tag == "td"
    }
    assert rows == {
        "a": [
            ["views/gpt-4o-mini/cite/a.html"],
            ["views/qwen2.5-coder-1.5b/copy/a.html"],
            ["views/a.html"],
        ],
        "b": [[], ["views/qwen2.5-coder-1.5b/copy/b.html"], ["views/b.html"]],  # hosted failed
    }
    assert "views/" not in render_html(report)  # no views written, none linked


def test_write_reports_writes_a_side_by_side_page_per_article(
    report: Report, tmp_path: Path
) -> None:
    write_reports(report, tmp_path, views=True)
    pages = {case: parse((tmp_path / "views" / f"{case}.html").read_text()) for case in "ab"}
    frames = {case: [f.get("src") for f in page.iter("iframe")] for case, page in pages.items()}
    assert frames == {
        "a": ["gpt-4o-mini/cite/a.html", "qwen2.5-coder-1.5b/copy/a.html"],
        "b": ["qwen2.5-coder-1.5b/copy/b.html"],
    }
