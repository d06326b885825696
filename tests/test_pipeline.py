"""The public API: summarize/asummarize on a replayed real cassette, and the context check."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer
from summarizer.errors import CassetteMissError, InputError
from summarizer.evaluation.runner import cassette_path
from summarizer.pipeline import Endpoint, _fits
from summarizer.strategies import Request
from summarizer.strategies.cite import CitedSummary
from tests.synthetic import Reply, SyntheticServer, tool_call_completion

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "evals" / "cassettes"


@pytest.fixture
def seed() -> str:
    return (ROOT / "data" / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture
def seed_tape() -> Path:
    path = cassette_path(CASSETTES, "qwen2.5-coder-1.5b", "cite", "seed-syria-observatory")
    if not path.exists():
        pytest.fail(f"no recording at {path}: run `make record`")
    return path


def test_summarize_replays_the_sample_article(seed: str, seed_tape: Path) -> None:
    result = summarizer.summarize(seed, cassette_path=seed_tape)
    speakers = {q.speaker.name_source for q in result.summary.quotes}
    assert any(name and "السفير الروسي" in name for name in speakers)
    texts = " ".join(q.text for q in result.summary.quotes)
    assert "تدمر" in texts and "إدلب" in texts  # the ambassador on Palmyra and on Idlib
    for quote in result.summary.quotes:
        assert quote.span is not None and seed[quote.span.start : quote.span.end] == quote.text
    assert result.model == "qwen2.5-coder-1.5b" and result.strategy == "cite"


def test_asummarize_is_the_same_run(seed: str, seed_tape: Path) -> None:
    sync = summarizer.summarize(seed, cassette_path=seed_tape)
    both = asyncio.run(summarizer.asummarize(seed, cassette_path=str(seed_tape)))  # a str too
    assert both.summary == sync.summary
    assert both.usage == sync.usage


def test_summarize_from_a_running_event_loop(seed: str, seed_tape: Path) -> None:
    async def inside() -> int:
        return len(summarizer.summarize(seed, cassette_path=seed_tape).summary.quotes)

    assert asyncio.run(inside()) > 0


def test_replay_of_a_missing_cassette_says_how_to_record(seed: str, tmp_path: Path) -> None:
    with pytest.raises(CassetteMissError, match="--record-mode once"):
        summarizer.summarize(seed, cassette_path=tmp_path / "absent.yaml")


def test_the_context_check_counts_the_rendered_request_with_its_budget() -> None:
    seen: list[dict[str, object]] = []

    def count(body: dict[str, object]) -> int:  # SYNTHETIC tokenizer: one token a body
        seen.append(body)
        return 90

    endpoint = Endpoint("http://x/v1", None, "tiny", context_window=100, count_prompt=count)
    fits = _fits(endpoint)
    assert fits is not None
    messages = [{"role": "user", "content": "نص"}]
    assert asyncio.run(fits(Request(messages, CitedSummary, 10)))
    assert not asyncio.run(fits(Request(messages, CitedSummary, 11)))
    assert seen[0]["messages"] == messages and "tools" in seen[0]  # what the server renders
    assert _fits(Endpoint("http://x/v1", None, "remote")) is None  # the endpoint judges


def test_a_request_the_cassette_does_not_hold_fails_at_once(
    seed: str, seed_tape: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arabic output changes the prompt: the recording cannot answer, and no retry may hide it."""

    def no_retry(state: object) -> float:
        raise AssertionError("a cassette miss was retried")

    monkeypatch.setattr("summarizer.client._wait", no_retry)
    with pytest.raises(CassetteMissError, match="holds no answer for this request"):
        summarizer.summarize(seed, cassette_path=seed_tape, output_language="ar")


def test_a_long_string_is_refused_before_any_work() -> None:
    with pytest.raises(InputError, match="limit of 200,000 characters"):
        summarizer.summarize("خبر " * 50_001, base_url="http://127.0.0.1:9/v1", model="m")


_LIBRARY_USER = """
import logging, sys
import summarizer
if sys.argv[2] == "configured":
    logging.basicConfig(level=logging.ERROR, format="LOGGED %(name)s: %(message)s")
result = summarizer.summarize(
    "الطقس جميل اليوم في المدينة والسماء صافية.", model="m", base_url=sys.argv[1], strategy="copy"
)
print(result.summary.headline)
"""


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
def test_a_library_user_sees_no_retry_lines_unless_logging_is_configured() -> None:
    """Against a SYNTHETIC server that answers 503 once, then a summary: instructor logs
    the failed try at ERROR, which Python printed on stderr of a program that never
    configured logging.
    """
    answer = {"headline": "Fine weather", "summary": "Clear sky.", "events": [], "quotes": []}

    def respond(request: dict[str, object]) -> Reply:
        if len(server.requests) % 2:
            return 503, {"error": {"message": "synthetic overload"}}, {"retry-after": "0"}
        return 200, tool_call_completion(answer), {}

    server = SyntheticServer(respond=respond)
    with server.on_loopback() as base_url:
        quiet, configured = (
            subprocess.run(
                [sys.executable, "-c", _LIBRARY_USER, base_url, mode],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            for mode in ("quiet", "configured")
        )
    assert quiet.stdout == configured.stdout == "Fine weather\n"
    assert quiet.stderr == ""
    assert "LOGGED instructor" in configured.stderr
