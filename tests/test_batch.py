"""The batch: inputs read one at a time, whole lines out, resume with no gap and no repeat.

Model answers come from a SYNTHETIC server on loopback (`tests.synthetic`, `auto`): the
forced tool's schema filled in by rule, never a model's answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.batch import Journal, Outcome, asummarize_many, summarize_many
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.pipeline import summarize
from summarizer.sources import count_sources, read_sources
from tests.synthetic import SyntheticServer, auto_reply

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT / "data" / "pool.jsonl"
loopback = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def _pool(n: int) -> list[dict[str, str]]:
    with POOL.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(n), lines, strict=False)]
    return [{"id": row["id"], "text": row["text"]} for row in rows]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def synthetic() -> Iterator[tuple[SyntheticServer, str]]:
    server = SyntheticServer(respond=auto_reply())
    with server.on_loopback() as base_url:
        yield server, base_url


@pytest.fixture
def pool_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    rows = _pool(12)
    rows.insert(3, {"id": "empty-one", "text": "   "})
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines.insert(6, "not json at all")
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def test_jsonl_input_gives_every_line_an_id_and_bad_lines_an_error(pool_file: Path) -> None:
    sources = list(read_sources(str(pool_file)))
    assert count_sources(str(pool_file)) == len(sources) == 14
    errors = {s.id: s.error for s in sources if s.error}
    assert errors == {
        "empty-one": "in.jsonl line 4 is empty",
        "in.jsonl line 7": "in.jsonl line 7 is not a JSON object",
    }
    assert all(s.text for s in sources if not s.error)


def test_a_folder_and_a_glob_read_text_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("قال المتحدث إن الوضع مستقر.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"id": "art-a", "text": "نص"}), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    by_folder = [(s.id, s.error is None) for s in read_sources(str(tmp_path))]
    assert by_folder == [("art-a", True), ("b", True), ("c", False)]
    assert [s.id for s in read_sources(str(tmp_path / "*.txt"))] == ["b", "c"]
    with pytest.raises(InputError, match="no articles in"):
        count_sources(str(tmp_path / "*.md"))


def test_the_journal_refuses_to_clobber_and_cuts_a_torn_tail(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    journal = Journal(out, resume=False)
    journal.write(Outcome("a", error="synthetic"))
    with pytest.raises(InputError, match="being written by another batch"):
        Journal(out, resume=True)
    journal.close()
    with pytest.raises(InputError, match="pass --resume"):
        Journal(out, resume=False)
    with out.open("ab") as handle:
        handle.write(b'{"id": "b", "resu')  # a kill in the middle of a write
    resumed = Journal(out, resume=True)
    assert resumed.done == {"a"} and resumed.cut == len(b'{"id": "b", "resu')
    resumed.write(Outcome("b", error="synthetic"))
    resumed.close()
    assert _ids(out) == ["a", "b"]


def test_retrying_failures_drops_only_error_lines_and_keeps_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "error": "x"}\n{"id": "b", "result": {}}\n{"id": "c", "err')
    journal = Journal(out, resume=True, retry_failed=True)
    assert journal.done == {"b"}
    assert out.read_text() == '{"id": "b", "result": {}}\n'  # the torn tail is cut as well
    with pytest.raises(InputError, match="being written by another batch"):
        Journal(out, resume=True)
    journal.write(Outcome("a", error="synthetic again"))
    journal.close()
    assert _ids(out) == ["b", "a"] and not list(tmp_path.glob(".*retry"))


def test_a_line_that_is_not_ours_stops_a_resume(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "error": "x"}\nhello\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is not a batch line"):
        Journal(out, resume=True)


@loopback
def test_summarize_many_yields_every_article_once_and_errors_as_outcomes(
    synthetic: tuple[SyntheticServer, str],
) -> None:
    server, base_url = synthetic
    rows = _pool(5)
    texts = [(row["id"], row["text"]) for row in rows] + [("blank", " ")]
    outcomes = list(
        summarize_many(texts, model="m", base_url=base_url, concurrency=3, detail="brief")
    )
    assert sorted(o.id for o in outcomes) == sorted([*(r["id"] for r in rows), "blank"])
    failed = {o.id: o.error for o in outcomes if o.error}
    assert failed == {"blank": "article is empty"}
    assert all(
        o.result and o.result.summary.headline == "Synthetic" for o in outcomes if o.id != "blank"
    )
    # per article the summary and one repair: "Synthetic" is no name the article gives
    assert len(server.requests) == 10


@loopback
def test_leaving_summarize_many_early_stops_the_batch(
    synthetic: tuple[SyntheticServer, str],
) -> None:
    server, base_url = synthetic
    texts = (row["text"] for row in _pool(30))
    first = next(iter(summarize_many(texts, model="m", base_url=base_url, detail="brief")))
    assert first.result is not None
    time.sleep(0.3)
    assert len(server.requests) <= 2  # the one handed over, at most one more in flight


@loopback
def test_asummarize_many_from_async_code(synthetic: tuple[SyntheticServer, str]) -> None:
    _, base_url = synthetic

    async def collect() -> list[str]:
        texts = [row["text"] for row in _pool(3)]
        return [
            o.id async for o in asummarize_many(texts, model="m", base_url=base_url, detail="brief")
        ]

    assert sorted(asyncio.run(collect())) == ["0", "1", "2"]


@loopback
def test_batch_command_writes_one_line_per_article_and_resume_adds_only_new_ones(
    synthetic: tuple[SyntheticServer, str], pool_file: Path, tmp_path: Path
) -> None:
    server, base_url = synthetic
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    args = ["batch", str(pool_file), "-o", str(out), "--base-url", base_url, "--model", "m"]
    args += ["--detail", "brief"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [s.id for s in read_sources(str(pool_file))]
    assert {line["id"] for line in lines if "error" in line} == {"empty-one", "in.jsonl line 7"}
    assert all(next(iter(line)) == "id" for line in lines)
    # 12 articles, a summary and a repair of the speakers' names each: 24 synthetic calls of 120
    assert "12 done, 2 failed; 2,880 tokens;" in result.stderr
    # not a terminal: a line per article, numbered as they finish, instead of a bar
    logged = [line for line in result.stderr.splitlines() if line[:1].isdigit()]
    assert [line.split(":")[0] for line in logged[:14]] == [str(n) for n in range(1, 15)]
    assert sum(" done: " in line for line in logged) == 12
    assert any(
        line.startswith(tuple("0123456789")) and "empty-one failed: " in line for line in logged
    )

    new = json.dumps(_pool(13)[-1], ensure_ascii=False) + "\n"
    with pool_file.open("a", encoding="utf-8") as more:
        more.write(new)
    requests = len(server.requests)
    again = runner.invoke(app, [*args, "--resume"])
    assert again.exit_code == 0, again.stderr
    assert "1 done, 0 failed, 14 already in the output" in again.stderr
    assert sorted(_ids(out)) == sorted(s.id for s in read_sources(str(pool_file)))
    resumed = len(server.requests) - requests

    retried = runner.invoke(app, [*args, "--retry-failed"])
    assert retried.exit_code == 0, retried.stderr
    assert "0 done, 2 failed, 13 already in the output" in retried.stderr
    assert sorted(_ids(out)) == sorted(s.id for s in read_sources(str(pool_file)))
    assert _ids(out)[-2:] == ["empty-one", "in.jsonl line 7"]  # run again, written last

    alone = tmp_path / "alone.jsonl"
    alone.write_text(new, encoding="utf-8")
    requests = len(server.requests)
    args = ["batch", str(alone), "-o", str(tmp_path / "alone.out.jsonl"), *args[4:]]
    assert runner.invoke(app, args).exit_code == 0
    assert resumed == len(server.requests) - requests > 0  # the new article's calls, no more

    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "pass --resume" in refused.stderr


@loopback
def test_an_endpoint_that_goes_away_stops_the_batch_with_what_it_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.client._backoff", lambda state: 0.0)
    source = tmp_path / "in.jsonl"
    rows = [{"id": "blank", "text": ""}, *_pool(3)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "-o", str(out), "--base-url", "http://127.0.0.1:9/v1"]
    result = CliRunner().invoke(app, [*args, "--model", "m"])
    assert result.exit_code == 1
    assert "summarizer: error: cannot reach http://127.0.0.1:9/v1" in result.stderr
    assert "stopped: 0 done, 1 failed" in result.stderr  # the blank one, before any call
    assert "--resume" in result.stderr
    assert _ids(out) == ["blank"]


def _start_batch(input: Path, out: Path, base_url: str, *extra: str) -> subprocess.Popen[bytes]:
    command = "from summarizer.cli import app; app()"
    argv = [sys.executable, "-c", command, "batch", str(input), "-o", str(out)]
    argv += ["--base-url", base_url, "--model", "synthetic", *extra]
    env = {**os.environ, "OPENAI_API_KEY": "synthetic"}
    return subprocess.Popen(argv, stderr=subprocess.PIPE, env=env, cwd=ROOT)


def _wait_for_lines(out: Path, process: subprocess.Popen[bytes], lines: int) -> None:
    deadline = time.monotonic() + 60
    while not (out.exists() and out.read_bytes().count(b"\n") >= lines):
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the batch wrote too few lines"
        time.sleep(0.02)


@loopback
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_batch_killed_mid_run_is_completed_by_resume_with_no_gap_and_no_repeat(
    tmp_path: Path, sig: signal.Signals
) -> None:
    rows = _pool(40)
    source = tmp_path / "pool.jsonl"
    source.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    server = SyntheticServer(respond=auto_reply(0.05))
    with server.on_loopback() as base_url:
        process = _start_batch(source, out, base_url, "--concurrency", "3")
        _wait_for_lines(out, process, 8)
        process.send_signal(sig)
        code = process.wait(timeout=30)
        stderr = process.stderr.read().decode() if process.stderr else ""
        written = _ids(out)
        assert 8 <= len(written) < len(rows), "the kill came too late to test anything"
        if sig == signal.SIGINT:
            assert code == 130, stderr
            assert f"stopped: {len(written)} done, 0 failed" in stderr
        else:
            assert code == -signal.SIGKILL

        resumed = _start_batch(source, out, base_url, "--resume")
        assert resumed.wait(timeout=120) == 0
    ids = _ids(out)
    assert len(ids) == len(set(ids)), "an article was written twice"
    assert sorted(ids) == sorted(row["id"] for row in rows), "an article is missing"
    assert ids[: len(written)] == written


def test_the_batch_check_reads_every_line_back_against_its_article(tmp_path: Path) -> None:
    """`evals/check_batch.py` is how the long articles' run is judged: a recorded long
    article's line passes; the same line with a quote that is not its span, or a
    missing line, fails.
    """
    article_id = "snn-2015-07-21-0479"
    tape = ROOT / "evals/cassettes/v1-ef7cd824/qwen2.5-coder-1.5b/cite" / f"{article_id}.yaml"
    with (ROOT / "data" / "pool.jsonl").open(encoding="utf-8") as lines:
        text = next(json.loads(line)["text"] for line in lines if article_id in line)
    result = summarize(text, cassette_path=tape, detail="brief")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": article_id, "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"

    def check(line: dict[str, object]) -> subprocess.CompletedProcess[str]:
        out.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        script = [sys.executable, str(ROOT / "evals" / "check_batch.py"), str(source), str(out)]
        return subprocess.run(script, capture_output=True, text=True, check=False)

    held = check({"id": article_id, "result": result.model_dump(mode="json")})
    assert held.returncode == 0, held.stdout + held.stderr
    assert "1 of 1 articles have a line; 1 grounded" in held.stdout
    tampered = result.model_dump(mode="json")
    tampered["summary"]["quotes"][0]["text"] = "كلام لم يقله أحد"
    broken = check({"id": article_id, "result": tampered})
    assert broken.returncode == 1 and "span is not its text" in broken.stdout
    assert check({"id": "another", "error": "x"}).returncode == 1
