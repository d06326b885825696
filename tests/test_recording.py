"""Cassettes under load and faults, against a SYNTHETIC OpenAI-compatible server on loopback.

Every answer here is built by hand (tests/synthetic.py); what is tested is the
recording: one file per run however many run at once, a replay that never dials out,
nothing written for a run that did not finish, and no credential in any file.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import summarizer
from summarizer import recording
from summarizer.errors import CassetteMissError, ModelUnavailableError
from summarizer.schema import SummaryResult
from tests.synthetic import Reply, SyntheticServer, tool_call_completion

ROOT = Path(__file__).resolve().parent.parent
RUNS = 8
LOOPBACK = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


def _articles() -> list[str]:
    """Eight short real articles from the pool: distinct texts, so mixed-up files show."""
    lines = (ROOT / "data" / "pool.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    return sorted(texts, key=len)[:RUNS]


def _fingerprint(request: dict[str, Any]) -> str:
    """Which article a request is about: a digest of its first two messages."""
    first = json.dumps(request["messages"][:2], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(first.encode()).hexdigest()[:12]


def _letters(fingerprint: str) -> str:
    """A fingerprint in letters: digits in English would be numbers the article lacks."""
    return fingerprint.translate(str.maketrans("0123456789", "ghijklmnop"))


def _by_article(request: dict[str, Any]) -> Reply:
    """A SYNTHETIC `copy` answer naming the article it answers, after one invalid try:
    two exchanges per run, so that exchanges mixed across files are caught.
    """
    if len(request["messages"]) == 2:
        return 200, tool_call_completion('{"headline": 1}'), {}
    headline = f"Synthetic answer {_letters(_fingerprint(request))}"
    answer = {"headline": headline, "summary": "Synthetic.", "events": [], "quotes": []}
    return 200, tool_call_completion(answer), {}


def _headline_read(result: SummaryResult) -> str:
    """The headline the run read from its answer (kept or, naming nothing of an article
    with numbers, removed by `copy`'s check).
    """
    return str(next(r.item["text"] for r in result.grounding if r.kind == "headline"))


@pytest.fixture
def articles() -> list[str]:
    return _articles()


@pytest.fixture
def server() -> Iterator[tuple[SyntheticServer, str]]:
    synthetic = SyntheticServer(respond=_by_article)
    with synthetic.on_loopback() as base_url:
        yield synthetic, base_url


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.client._backoff", lambda state: 0.0)


@dataclass(frozen=True)
class Run:
    """One article through `copy` on the synthetic server, with a cassette."""

    text: str
    base_url: str
    path: Path
    record_mode: recording.RecordMode

    def options(self) -> dict[str, Any]:
        return {
            "model": "synthetic",
            "base_url": self.base_url,
            "strategy": "copy",
            "cassette_path": self.path,
            "record_mode": self.record_mode,
        }

    def __call__(self) -> SummaryResult:
        return summarizer.summarize(self.text, **self.options())

    async def run_async(self) -> SummaryResult:
        return await summarizer.asummarize(self.text, **self.options())


Outcome = SummaryResult | BaseException
Runner = Callable[[list[Run]], list[Outcome]]


def in_threads(runs: list[Run]) -> list[Outcome]:
    """Each run from its own thread (`summarize`), all started at once."""
    start = threading.Barrier(len(runs))
    lock = threading.Lock()
    slots: dict[int, Outcome] = {}

    def work(k: int) -> None:
        start.wait()
        try:
            outcome: Outcome = runs[k]()
        except BaseException as error:  # reported by the caller's assertions
            outcome = error
        with lock:
            slots[k] = outcome

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(runs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [slots[k] for k in range(len(runs))]


def in_tasks(runs: list[Run]) -> list[Outcome]:
    """The same runs as tasks of one event loop (`asummarize` under asyncio.gather)."""

    async def gather() -> list[Outcome]:
        return await asyncio.gather(*(run.run_async() for run in runs), return_exceptions=True)

    return asyncio.run(gather())


def _interactions(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]


@LOOPBACK
@pytest.mark.parametrize("runner", [in_threads, in_tasks], ids=["threads", "gather"])
def test_eight_concurrent_runs_record_and_replay_each_in_its_own_cassette(
    runner: Runner, server: tuple[SyntheticServer, str], articles: list[str], tmp_path: Path
) -> None:
    synthetic, base_url = server
    paths = [tmp_path / f"run-{k}.yaml" for k in range(RUNS)]

    recorded = runner([Run(t, base_url, p, "once") for t, p in zip(articles, paths, strict=True)])
    for result in recorded:
        assert isinstance(result, SummaryResult), result
    assert len(synthetic.requests) == 2 * RUNS
    for text, path, result in zip(articles, paths, recorded, strict=True):
        exchanges = _interactions(path)
        assert len(exchanges) == 2, path.name
        for exchange in exchanges:
            request = json.loads(exchange["request"]["body"])
            assert text in request["messages"][1]["content"], "an exchange of another run"
        headline = f"Synthetic answer {_letters(_fingerprint(request))}"
        assert _headline_read(result) == headline
        assert headline in exchanges[1]["response"]["body"]["string"]

    # Replay, as concurrently, with the live server still up: it must get no request.
    replayed = runner([Run(t, base_url, p, "none") for t, p in zip(articles, paths, strict=True)])
    assert len(synthetic.requests) == 2 * RUNS, "a replay reached the live endpoint"
    for before, after in zip(recorded, replayed, strict=True):
        assert isinstance(after, SummaryResult), after
        assert after.summary == before.summary
        assert after.usage == before.usage


@LOOPBACK
def test_a_replay_has_no_network_transport(
    server: tuple[SyntheticServer, str], articles: list[str], tmp_path: Path
) -> None:
    """`once` on an existing file replays: a request it does not hold fails, unsent."""
    synthetic, base_url = server
    path = tmp_path / "run.yaml"
    Run(articles[0], base_url, path, "once")()
    sent = len(synthetic.requests)
    Run(articles[0], base_url, path, "once")()
    with pytest.raises(CassetteMissError, match="--record-mode all"):
        Run(articles[1], base_url, path, "once")()
    assert len(synthetic.requests) == sent


def _sigint_on_second_request(server: SyntheticServer) -> Callable[[dict[str, Any]], Reply]:
    """Ctrl-C while the run waits for its second answer (the first was recorded)."""

    def respond(request: dict[str, Any]) -> Reply:
        if len(server.requests) == 1:
            return _by_article(request)
        os.kill(os.getpid(), signal.SIGINT)
        return "hang"

    return respond


@LOOPBACK
def test_an_interrupted_recording_writes_nothing(articles: list[str], tmp_path: Path) -> None:
    synthetic = SyntheticServer()
    synthetic.respond = _sigint_on_second_request(synthetic)
    path = tmp_path / "run.yaml"
    with synthetic.on_loopback() as base_url, pytest.raises(KeyboardInterrupt):
        Run(articles[0], base_url, path, "once")()
    assert len(synthetic.requests) == 2
    assert list(tmp_path.iterdir()) == []
    # so the next `once` records afresh instead of replaying half a run
    with SyntheticServer(respond=_by_article).on_loopback() as base_url:
        result = Run(articles[0], base_url, path, "once")()
    assert _headline_read(result).startswith("Synthetic answer")
    assert len(_interactions(path)) == 2


@LOOPBACK
def test_transport_failures_are_never_recorded(articles: list[str], tmp_path: Path) -> None:
    failures: list[Reply] = [
        (503, {"error": {"message": "synthetic overload"}}, {}),
        (429, {"error": {"message": "synthetic rate limit"}}, {"retry-after": "0"}),
    ]
    synthetic = SyntheticServer(respond=lambda r: failures.pop(0) if failures else _by_article(r))
    path = tmp_path / "run.yaml"
    with synthetic.on_loopback() as base_url:
        Run(articles[0], base_url, path, "once")()
    assert len(synthetic.requests) == 4
    assert [e["response"]["status"]["code"] for e in _interactions(path)] == [200, 200]


@pytest.fixture
def recorded(articles: list[str], tmp_path: Path) -> Path:
    """A cassette of the first article's run, as recorded."""
    path = tmp_path / "run.yaml"
    with SyntheticServer(respond=_by_article).on_loopback() as base_url:
        Run(articles[0], base_url, path, "once")()
    return path


@LOOPBACK
def test_a_failed_run_writes_nothing_and_keeps_the_old_cassette(
    articles: list[str], recorded: Path
) -> None:
    before = recorded.read_bytes()
    failing = SyntheticServer()
    for _ in range(5):
        failing.error(500, "synthetic failure")
    with failing.on_loopback() as base_url, pytest.raises(ModelUnavailableError, match="500"):
        Run(articles[0], base_url, recorded, "all")()
    assert len(failing.requests) == 5
    assert recorded.read_bytes() == before
    with failing.on_loopback() as base_url, pytest.raises(ModelUnavailableError):
        Run(articles[0], base_url, recorded.with_name("new.yaml"), "once")()
    assert sorted(p.name for p in recorded.parent.iterdir()) == ["run.yaml"]


@LOOPBACK
def test_new_episodes_records_what_is_missing_and_drops_what_the_run_no_longer_asks(
    articles: list[str], recorded: Path
) -> None:
    """After a prompt change only the changed requests need a live model; the exchanges
    the new prompts no longer make must not stay behind as dead weight.
    """
    first = _interactions(recorded)
    server = SyntheticServer(respond=_by_article)
    with server.on_loopback() as base_url:
        Run(articles[0], base_url, recorded, "new_episodes")()
        assert server.requests == []  # all replayed, nothing new: the cassette is untouched
        assert _interactions(recorded) == first
        Run(articles[1], base_url, recorded, "new_episodes")()
    assert server.requests  # the second article's requests were recorded live
    second = _interactions(recorded)
    assert all(i not in second for i in first)
    with SyntheticServer().on_loopback() as base_url:
        replayed = Run(articles[1], base_url, recorded, "none")()
    assert _headline_read(replayed)


@LOOPBACK
def test_a_cassette_is_replaced_whole_or_not_at_all(
    articles: list[str], recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = recorded.read_bytes()

    def refuse(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    server = SyntheticServer(respond=_by_article)
    with server.on_loopback() as base_url, pytest.raises(OSError, match="No space left"):
        Run(articles[1], base_url, recorded, "all")()
    assert recorded.read_bytes() == before
    assert sorted(p.name for p in recorded.parent.iterdir()) == ["run.yaml"]


SECRETS = ("synthetic-user", "SYNTHETIC-PASSWORD", "SYNTHETIC-QUERY-KEY", "SYNTHETIC-TOKEN")


@LOOPBACK
def test_no_credential_from_the_url_or_the_key_reaches_a_cassette(
    articles: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "run.yaml"
    with SyntheticServer(respond=_by_article).on_loopback() as base_url:
        host = base_url.removeprefix("http://")
        secret_url = (
            f"http://synthetic-user:SYNTHETIC-PASSWORD@{host}"
            "?api-key=SYNTHETIC-QUERY-KEY&token=SYNTHETIC-TOKEN&api-version=2024-06-01"
        )
        summarizer.summarize(
            articles[0],
            model="synthetic",
            base_url=secret_url,
            api_key="sk-SYNTHETIC-API-KEY",
            strategy="copy",
            cassette_path=path,
            record_mode="once",
        )
    text = path.read_text(encoding="utf-8")
    for secret in (*SECRETS, "SYNTHETIC-API-KEY"):
        assert secret not in text
    uris = [e["request"]["uri"] for e in _interactions(path)]
    assert all("api-version=2024-06-01" in uri for uri in uris), "only credentials go"
