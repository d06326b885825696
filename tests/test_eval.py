"""`summarizer eval` replays the recorded development set offline and compares runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.dataset import load_dataset
from summarizer.evaluation.runner import cassette_path, keep_timing
from summarizer.schema import Attempt, SummaryResult
from tests.pages import assert_marks_hold, assert_offline, assert_valid

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def test_eval_replays_the_default_model_on_dev_and_test(in_repo: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--report-dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[2]
    for dataset in ("dev", "test"):
        assert f"{dataset} · qwen2.5-coder-1.5b · cite" in header
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    sizes = {(r["run"]["dataset"], r["run"]["model"]): r["cases_total"] for r in report["runs"]}
    assert sizes == {("dev", "qwen2.5-coder-1.5b"): 23, ("test", "qwen2.5-coder-1.5b"): 12}
    for run in report["runs"]:
        # wall time comes from the recording, not from the millisecond replay
        assert run["metrics"]["median_latency_s"] > 1.0
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_models_compare_on_the_test_split(in_repo: Path) -> None:
    args = [
        "eval",
        "--dataset",
        "evals/datasets/test",
        "--models",
        "qwen2.5-coder-1.5b,smollm2-135m",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[2]
    assert all(f"test · {m} · cite" in header for m in ("qwen2.5-coder-1.5b", "smollm2-135m"))


def test_the_copy_baseline_replays_on_the_cases_it_was_recorded_on(in_repo: Path) -> None:
    args = ["eval", "--strategies", "copy", "--dataset", "evals/datasets/dev"]
    args += ["--models", "qwen2.5-coder-1.5b,smollm2-135m"]
    result = CliRunner().invoke(app, [*args, "--cases", "seed-*,saudinewsnet-*"])
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[2]
    assert all(f"dev · {m} · copy" in header for m in ("qwen2.5-coder-1.5b", "smollm2-135m"))
    missed = CliRunner().invoke(app, [*args, "--cases", "nothing-*"])
    assert missed.exit_code == 2  # bad input
    assert "holds no *.json cases matching nothing-*" in missed.stderr


def test_a_missing_recording_names_the_command(in_repo: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--models",
            "never-recorded",
            "--strategies",
            "cite",
            "--cassettes",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 1
    assert "--record-mode once" in result.stderr
    assert "summarizer eval --dataset" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_stale_recording_is_not_advised_the_command_that_failed(
    in_repo: Path, tmp_path: Path
) -> None:
    """`once` replays a cassette that exists; when it no longer matches, `once` again
    would fail the same way: the advice is to re-record.
    """
    dataset, cassettes = tmp_path / "dataset", tmp_path / "cassettes"
    dataset.mkdir()
    case = "saudinewsnet-aawsat-2015-07-25-33"
    shutil.copy(ROOT / "evals" / "datasets" / "dev" / f"{case}.json", dataset)
    model, strategy = "qwen2.5-coder-1.5b", "cite"
    stale = cassette_path(cassettes, model, strategy, case)
    stale.parent.mkdir(parents=True)
    # a real recording, of another article: the requests no longer match
    shutil.copy(
        cassette_path(ROOT / "evals" / "cassettes", model, strategy, "seed-syria-observatory"),
        stale,
    )
    command = [
        "eval",
        *("--dataset", str(dataset), "--models", model, "--strategies", strategy),
        *("--cassettes", str(cassettes), "--record-mode", "once"),
    ]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1
    advice = result.stderr.split("Record it with: ")[-1]
    assert "--record-mode all" in advice
    assert "--record-mode once" not in advice


def test_the_report_links_every_view_and_shows_two_models_side_by_side(
    in_repo: Path, tmp_path: Path
) -> None:
    """Each article's view for each model is written beside the report, valid and offline,
    its marks exactly the article's text; the side-by-side page opens two models' views."""
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    for case_id in ("snn-2015-08-06-1495", "snn-2015-08-09-1016"):
        shutil.copy(in_repo / "evals" / "datasets" / "test" / f"{case_id}.json", dataset)
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            *("eval", "--dataset", str(dataset), "--report-dir", str(out)),
            *("--models", "qwen2.5-coder-1.5b,smollm2-135m"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    report = assert_valid((out / "report.html").read_text(encoding="utf-8"))
    assert_offline(report)
    links = {a.get("href", "") for a in report.iter("a")}
    assert all((out / href).is_file() for href in links)
    models = ("qwen2.5-coder-1.5b", "smollm2-135m")
    for case in load_dataset(dataset):
        views = [f"{model}/cite/{case.id}.html" for model in models]
        for href in views:
            assert f"views/{href}" in links
            view = assert_valid((out / "views" / href).read_text(encoding="utf-8"))
            assert_offline(view)
            assert_marks_hold(view, case.text)
        assert f"views/{case.id}.html" in links
        both = assert_valid((out / "views" / f"{case.id}.html").read_text(encoding="utf-8"))
        assert_offline(both)
        assert [frame.get("src") for frame in both.iter("iframe")] == views
        chosen = {(a.get("href"), a.get("target")) for a in both.iter("a") if a.get("target")}
        assert chosen == {(href, side) for href in views for side in ("left", "right")}


def test_a_partial_re_recording_keeps_the_replayed_calls_recorded_times(tmp_path: Path) -> None:
    """Under new_episodes only the changed calls reach the model; the report's time per
    article must still be the whole article's, not the replay's milliseconds.
    """
    sidecar = tmp_path / "case.timing.json"
    old = {
        "wall_s": 62.0,
        "model_s": 60.0,
        "attempts_s": [40.0, 12.0, 8.0],
        "purposes": ["extract", "translate", "translate"],
    }
    sidecar.write_text(json.dumps(old), encoding="utf-8")
    calls = [("extract", 0.01), ("translate", 9.0), ("translate", 0.02), ("translate", 7.0)]
    attempts = [
        Attempt(number=n, purpose=p, outcome="ok", latency_s=s)
        for n, (p, s) in enumerate(calls, start=1)
    ]
    result = SummaryResult.model_construct(attempts=attempts, latency_s=16.5)

    keep_timing(result, sidecar, recording=True, merge=True)

    timing = json.loads(sidecar.read_text(encoding="utf-8"))
    assert timing["attempts_s"] == [40.0, 9.0, 8.0, 7.0]
    assert timing["model_s"] == 64.0
    assert timing["wall_s"] == 66.0  # our own 2 s of the old recording, plus the calls
    keep_timing(result, sidecar, recording=True)
    assert json.loads(sidecar.read_text(encoding="utf-8"))["wall_s"] == 16.5


def test_the_event_filter_is_compared_on_the_same_recordings(in_repo: Path) -> None:
    """Code's filter keeps every candidate the model called no event, so on the same
    answers it can only find more gold events, and never fewer; and it keeps more events
    (the model did call some no event), so at equal recall its precision is lower.
    """
    metrics = {}
    for who in ("model", "code"):
        args = ["eval", "--dataset", "evals/datasets/test", "--event-filter", who, "-f", "json"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.stderr
        (run,) = json.loads(result.stdout)["runs"]
        metrics[who] = run["metrics"]
    recall = {who: m["event_recall"] for who, m in metrics.items()}
    kept = {who: m["event_recall"] / m["event_precision"] for who, m in metrics.items()}
    assert recall["code"] >= recall["model"]
    assert kept["code"] > kept["model"]  # predicted events, in units of gold events
