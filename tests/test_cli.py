"""The CLI: failures are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.runner import cassette_path
from summarizer.strategies.events import UNUSABLE
from tests.synthetic import Fault, SyntheticServer, tool_call_completion

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
SEED = ROOT / "data" / "seed.txt"
SEED_TAPE = cassette_path(
    ROOT / "evals" / "cassettes", "qwen2.5-coder-1.5b", "cite", "seed-syria-observatory"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _assert_one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("summarizer: error:")
    assert fragment in lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xfa\xff not utf-8", "not UTF-8"),  # (\xff\xfe would be a UTF-16 mark)
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
    ],
)
def test_bad_files(runner: CliRunner, tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    _assert_one_line_error(runner.invoke(app, ["summarize", str(path)]), 2, fragment)


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["summarize", str(tmp_path / "missing.txt")])
    _assert_one_line_error(result, 2, "no such file")


def test_empty_stdin(runner: CliRunner) -> None:
    _assert_one_line_error(runner.invoke(app, ["summarize", "-"], input=""), 2, "stdin is empty")


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
def test_unreachable_server_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.client._backoff", lambda state: 0.0)
    path = tmp_path / "a.txt"
    path.write_text("قال المتحدث إن الوضع مستقر في المدينة اليوم.", encoding="utf-8")
    # Port 9 on loopback: nothing listens there.
    result = runner.invoke(
        app, ["summarize", str(path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]
    )
    _assert_one_line_error(result, 1, "cannot reach http://127.0.0.1:9/v1")


def test_replay_without_cassette_names_the_record_command(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("قال المتحدث إن الوضع مستقر في المدينة اليوم.", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "summarize",
            str(path),
            "--cassette",
            str(tmp_path / "none.yaml"),
            "--record-mode",
            "none",
        ],
    )
    _assert_one_line_error(result, 1, "no cassette at")
    assert "--record-mode once" in result.stderr


def test_unknown_strategy_in_eval(runner: CliRunner) -> None:
    result = runner.invoke(app, ["eval", "--strategies", "guess"])
    _assert_one_line_error(result, 2, "unknown strategy guess")


CITED = {
    "headline": {"text": "Fine weather", "segments": [1]},
    "summary": [{"text": "The sky is clear.", "segments": [1]}],
}
COPIED = {"headline": "Fine weather", "summary": "The sky is clear.", "events": [], "quotes": []}


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
@pytest.mark.parametrize(("strategy", "answer"), [("cite", CITED), ("copy", COPIED)])
def test_an_article_with_nothing_to_quote_or_count_is_summarized(
    runner: CliRunner, tmp_path: Path, strategy: str, answer: dict[str, object]
) -> None:
    """Issue 8's crash (AttributeError on cite), against a SYNTHETIC server on loopback."""
    server = SyntheticServer()
    server.reply_tool(answer)
    path = tmp_path / "w.txt"
    path.write_text("الطقس جميل اليوم في المدينة والسماء صافية.\n", encoding="utf-8")
    with server.on_loopback() as base_url:
        result = runner.invoke(
            app,
            [
                "summarize",
                str(path),
                "--base-url",
                base_url,
                "--model",
                "m",
                "--strategy",
                strategy,
            ],
        )
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    schema = json.loads((SCHEMAS / "summary_result.json").read_text(encoding="utf-8"))
    jsonschema.validate(output, schema)
    assert (output["summary"]["events"], output["summary"]["quotes"]) == ([], [])
    assert (
        "0 grounded, 0 dropped; English: 2 held, 0 repaired, 0 by code, 0 removed; 1 model call(s)"
        in result.stderr
    )


def test_summarize_replays_a_real_recording_as_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--cassette", str(SEED_TAPE)])
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    jsonschema.validate(output, json.loads((SCHEMAS / "summary_result.json").read_text("utf-8")))
    assert (output["model"], output["strategy"], output["policy"]) == (
        "qwen2.5-coder-1.5b",
        "cite",
        "drop",
    )
    reports = output["grounding"]
    items = [r["status"] for r in reports if r["kind"] in ("event", "quote")]
    held = [r["status"] for r in reports if r["kind"] not in ("event", "quote")]
    # Quotes and evidence are code's slices: what drops is an event that names nothing.
    dropped = [r for r in reports if r["kind"] in ("event", "quote") and r["status"] == "dropped"]
    assert items and held and dropped
    assert all(r["kind"] == "event" and r["findings"][-1] == UNUSABLE for r in dropped)
    calls = len(output["attempts"])
    assert calls > 1  # the main call, then one translation per quote
    assert (
        f"{items.count('grounded') + items.count('repaired')} grounded, {len(dropped)} dropped; "
        f"English: {held.count('grounded')} held, {held.count('repaired')} repaired, "
        f"{held.count('rendered')} by code, {held.count('dropped')} removed; {calls} model call(s)"
    ) in result.stderr


def test_summarize_replays_a_real_recording_as_markdown_to_a_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "seed.md"
    result = runner.invoke(
        app,
        ["summarize", str(SEED), "--cassette", str(SEED_TAPE), "-f", "markdown", "-o", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# ") and "## Quotes" in markdown
    assert "  > لذلك لا يوجد نقاش حول احتمالات التقدم نحو إدلب" in markdown  # the article's words
    assert not out.with_name("seed.md.partial").exists()


def test_models_lists_every_embedded_model_with_its_state(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))  # nothing assembled yet
    result = runner.invoke(app, ["models"])

    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0][:3] == ["model", "state", "size"]
    states = {row[0]: " ".join(row[1:3]) for row in rows[1:]}
    assert set(states) == {"qwen2.5-coder-1.5b", "smollm2-135m"}
    # Installed or not, the 1.5B model is never "ready" in an empty cache.
    assert states["qwen2.5-coder-1.5b"] in ("not assembled", "missing packages")
    assert "repack auto" in result.stderr


def test_models_refuses_an_unknown_name_and_a_bad_repack_value(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_one_line_error(
        runner.invoke(app, ["models", "--model", "gpt-9"]), 2, "unknown local model 'gpt-9'"
    )
    monkeypatch.setenv("SUMMARIZER_REPACK", "sometimes")
    _assert_one_line_error(runner.invoke(app, ["models"]), 2, "invalid option repack")


def test_an_endless_file_is_the_size_error_in_one_line(runner: CliRunner) -> None:
    _assert_one_line_error(
        runner.invoke(app, ["summarize", "/dev/zero"]), 2, "longer than the limit"
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("قال المتحدث إن الوضع مستقر في المدينة اليوم.", encoding="utf-8")
    return path


def _against(server: SyntheticServer, runner: CliRunner, article: Path, *options: str):  # type: ignore[no-untyped-def]
    with server.on_loopback() as base_url:
        return runner.invoke(
            app, ["summarize", str(article), "--base-url", base_url, "--model", "m", *options]
        )


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
@pytest.mark.parametrize(
    ("fault", "options", "fragment"),
    [
        ("hang", ["--timeout", "0.2"], "did not answer within the 0.2 s per-request timeout"),
        ("drop", [], "dropped the connection before answering"),
    ],
)
def test_no_answer_says_why_and_is_not_an_unreachable_server(
    runner: CliRunner,
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: Fault,
    options: list[str],
    fragment: str,
) -> None:
    monkeypatch.setattr("summarizer.client._backoff", lambda state: 0.0)
    server = SyntheticServer()
    for _ in range(5):
        server.fault(fault)
    result = _against(server, runner, article, *options)
    _assert_one_line_error(result, 1, fragment)
    assert "cannot reach" not in result.stderr
    assert len(server.requests) == 5
    if fault == "hang":
        assert "(--timeout)" in result.stderr


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
def test_the_deadline_is_named_when_it_runs_out(runner: CliRunner, article: Path) -> None:
    server = SyntheticServer()
    server.fault("hang")
    result = _against(server, runner, article, "--timeout", "60", "--deadline", "0.5")
    _assert_one_line_error(result, 1, "no result within the 0.5 s deadline")
    assert "--deadline" in result.stderr


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
@pytest.mark.parametrize(
    "body",
    [
        tool_call_completion({}, prompt_tokens=7, completion_tokens=0) | {"choices": []},
        b"<html>synthetic proxy page</html>",
    ],
    ids=["no-choices", "not-a-completion"],
)
def test_an_unusable_answer_is_one_line_that_counts_every_call(
    runner: CliRunner, article: Path, body: dict[str, object] | bytes
) -> None:
    server = SyntheticServer()
    for _ in range(2):
        server.reply(body, headers={} if isinstance(body, dict) else {"content-type": "text/html"})
    result = _against(server, runner, article)
    _assert_one_line_error(result, 1, "no usable answer (invalid:")
    assert f"after {len(server.requests)} model call(s)" in result.stderr
    tokens = 7 * len(server.requests) if isinstance(body, dict) else 0
    assert f"and {tokens} tokens" in result.stderr


def test_an_unexpected_error_is_still_one_line(
    runner: CliRunner, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("first line\nsecond line\n  third")

    monkeypatch.setattr("summarizer.cli.run_summarize", broken)
    result = runner.invoke(app, ["summarize", str(article)])
    _assert_one_line_error(result, 1, "unexpected RuntimeError: first line second line third")


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
def test_flagged_items_are_counted_and_marked(runner: CliRunner, article: Path) -> None:
    """A SYNTHETIC `copy` answer with a quote the article does not hold, kept by `flag`."""
    made_up = {
        **{"speaker": "المتحدث", "speaker_en": "The spokesman", "role": None},
        **{"text": "سنرد بقوة على أي هجوم", "mode": "direct", "topic": "Threat"},
        "translation": "We will respond forcefully",
    }
    server = SyntheticServer()
    server.reply_tool({"headline": "Calm", "summary": "Calm.", "events": [], "quotes": [made_up]})
    for _ in range(2):
        server.reply_tool('{"synthetic": "not a correction"}')  # the repair fails
    result = _against(
        server, runner, article, "--strategy", "copy", "--policy", "flag", "-f", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    assert "0 grounded, 1 flagged, 0 dropped;" in result.stderr
    assert "- ⚠ flagged: **The spokesman (المتحدث)** (direct, Threat)" in result.stdout.splitlines()
