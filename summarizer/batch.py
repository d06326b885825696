"""Many articles on one endpoint: streamed in and out, resumable, none lost or written twice.

The model server starts once for the whole batch. Outcomes come back as they finish
and each becomes one JSON line, written whole (a single `write` of the full line, then
`fsync`), so a batch stopped at any moment (Ctrl-C, SIGKILL, a dead server) leaves
complete lines and at most one torn tail, which `--resume` cuts before appending: every
id ends up in the output exactly once. Nothing is kept per article but the ids already
written, so memory stays flat however long the batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import queue
import threading
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from summarizer.config import DEFAULT_MODEL, Settings
from summarizer.errors import (
    CassetteMissError,
    InputError,
    ModelUnavailableError,
    SummarizerError,
)
from summarizer.pipeline import Endpoint, open_endpoint, summarize_on
from summarizer.schema import SummaryResult
from summarizer.sources import Source, count_sources, read_sources

T = TypeVar("T")

FATAL = (ModelUnavailableError, CassetteMissError)
"""Errors of the endpoint, not of one article: the batch stops, and `--resume` goes on."""


@dataclass(frozen=True)
class Outcome:
    """One article's result or one-line error, with the tokens it spent either way."""

    id: str
    result: SummaryResult | None = None
    error: str | None = None
    tokens: int = 0
    model_s: float = 0.0

    def line(self) -> bytes:
        """The output line: `id` first, then `result` or `error`."""
        body: dict[str, Any] = {"id": self.id}
        if self.result is not None:
            body["result"] = self.result.model_dump(mode="json")
        else:
            body["error"] = self.error
        return (json.dumps(body, ensure_ascii=False) + "\n").encode("utf-8")


async def _outcome(endpoint: Endpoint, source: Source, settings: Settings) -> Outcome:
    """One article; its own failure is an outcome, the endpoint's failure is raised."""
    if source.text is None:
        return Outcome(source.id, error=source.error)
    try:
        result = await summarize_on(endpoint, source.text, settings)
    except FATAL:
        raise
    except SummarizerError as error:
        spent = getattr(error, "attempts", [])
        return Outcome(
            source.id,
            error=str(error),
            tokens=sum(a.usage.total_tokens for a in spent),
            model_s=sum(a.latency_s for a in spent),
        )
    except Exception as error:  # one article's bug must not cost the rest of the batch
        return Outcome(source.id, error=f"unexpected {type(error).__name__}: {error}")
    return Outcome(
        source.id,
        result=result,
        tokens=result.usage.total_tokens,
        model_s=sum(a.latency_s for a in result.attempts),
    )


async def outcomes(
    endpoint: Endpoint, sources: Iterable[Source], settings: Settings, concurrency: int = 1
) -> AsyncGenerator[Outcome, None]:
    """Each source's outcome as it finishes, with at most `concurrency` articles in flight.

    No article starts while the caller holds an outcome, so a slow reader slows the
    batch instead of piling results up in memory.
    """
    pending = iter(sources)
    running: set[asyncio.Task[Outcome]] = set()
    try:
        while True:
            while len(running) < concurrency and (source := next(pending, None)) is not None:
                running.add(asyncio.create_task(_outcome(endpoint, source, settings)))
            if not running:
                return
            finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            errors = [error for task in finished if (error := task.exception()) is not None]
            for task in finished:
                if task.exception() is None:
                    yield task.result()
            if errors:
                raise errors[0]
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def _sources(texts: Iterable[str | tuple[str, str]]) -> Iterator[Source]:
    for number, item in enumerate(texts):
        ident, text = item if isinstance(item, tuple) else (str(number), item)
        yield Source(ident, text)


async def asummarize_many(
    texts: Iterable[str | tuple[str, str]],
    *,
    model: str = DEFAULT_MODEL,
    concurrency: int = 1,
    **options: Any,
) -> AsyncGenerator[Outcome, None]:
    """Summarize many articles on one endpoint, yielding each outcome as it finishes.

    `texts` are articles, or `(id, article)` pairs; a plain article's id is its position.
    An article that fails is an outcome with `error`; an endpoint that fails raises.
    `texts` is read lazily and nothing is kept, so it may be a generator of any length.
    """
    settings = Settings(model=model, **options)
    async with open_endpoint(settings) as endpoint:
        async for outcome in outcomes(endpoint, _sources(texts), settings, concurrency):
            yield outcome


def iterate_sync(factory: Callable[[], AsyncGenerator[T, None]]) -> Iterator[T]:
    """An async iterator as a sync one: it runs on its own thread and event loop, one item
    handed over at a time; leaving the loop early cancels it (and stops its server).
    """
    handoff: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Task[None]]] = []

    async def pump() -> None:
        task = asyncio.current_task()
        assert task is not None
        running.append((asyncio.get_running_loop(), task))
        async with contextlib.aclosing(factory()) as items:
            async for item in items:
                await asyncio.to_thread(handoff.put, (True, item))

    def target() -> None:
        try:
            asyncio.run(pump())
            handoff.put((False, None))
        except asyncio.CancelledError:
            handoff.put((False, None))
        except BaseException as error:  # re-raised in the caller's thread
            handoff.put((False, error))

    thread = threading.Thread(target=target, name="summarize_many", daemon=True)
    thread.start()
    try:
        while True:
            more, value = handoff.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        if running and thread.is_alive():
            loop, task = running[0]
            loop.call_soon_threadsafe(task.cancel)
        while thread.is_alive():  # take what it still hands over, so that it can finish
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.1)
        thread.join()


def summarize_many(
    texts: Iterable[str | tuple[str, str]],
    *,
    model: str = DEFAULT_MODEL,
    concurrency: int = 1,
    **options: Any,
) -> Iterator[Outcome]:
    """Sync twin of `asummarize_many`."""
    return iterate_sync(
        lambda: asummarize_many(texts, model=model, concurrency=concurrency, **options)
    )


class Journal:
    """The output JSONL: whole lines only, each on disk before the next article counts.

    Resuming reads the ids it holds and cuts a torn last line (a run killed while
    writing it); a second batch on the same file is refused while the first runs.
    """

    def __init__(self, path: Path, *, resume: bool, retry_failed: bool = False) -> None:
        self.path = path
        self.done: set[str] = set()
        self.cut = 0
        existed = path.exists()
        if existed and path.stat().st_size and not resume:
            raise InputError(f"{path} exists: pass --resume to continue it, or remove it")
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as error:
            raise InputError(f"cannot write {path}: {error.strerror}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise InputError(f"{path} is being written by another batch") from None
        if not existed:
            _fsync_folder(path)
        if retry_failed:
            self._drop_errors()
        self._read_done()

    def _drop_errors(self) -> None:
        """Rewrite the file without its error lines, so that those articles run again.

        The copy is locked and synced before it replaces the file: a kill leaves the old
        file or the new one, and no second batch can take the new one in between.
        """
        lines = self.path.read_bytes().splitlines(keepends=True)
        kept = [line for line in lines if not _is_error_line(line)]
        if len(kept) == len(lines):
            return
        copy = self.path.with_name(f".{self.path.name}.retry")
        fd = os.open(copy, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _write_all(fd, b"".join(kept))
        os.fsync(fd)
        os.replace(copy, self.path)
        _fsync_folder(self.path)
        os.close(self._fd)
        self._fd = fd

    def _read_done(self) -> None:
        end = 0
        with self.path.open("rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.endswith(b"\n"):
                    break  # torn by a kill mid-write: cut below, the article runs again
                try:
                    self.done.add(str(json.loads(line)["id"]))
                except (ValueError, KeyError, TypeError):
                    os.close(self._fd)
                    raise InputError(
                        f"{self.path} line {number} is not a batch line; fix or remove it"
                    ) from None
                end += len(line)
        self.cut = os.fstat(self._fd).st_size - end
        if self.cut:
            os.ftruncate(self._fd, end)
            os.fsync(self._fd)

    def write(self, outcome: Outcome) -> None:
        _write_all(self._fd, outcome.line())
        os.fsync(self._fd)
        self.done.add(outcome.id)

    def close(self) -> None:
        os.close(self._fd)


def _write_all(fd: int, data: bytes) -> None:
    """os.write may write part of it (a full disk, a signal): write the rest."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _is_error_line(line: bytes) -> bool:
    try:
        return line.endswith(b"\n") and "error" in json.loads(line)
    except (ValueError, TypeError):
        return False  # not ours: the resume that follows says so


def _fsync_folder(path: Path) -> None:
    """A new file's name is durable only once its folder is synced."""
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


@dataclass
class Totals:
    """What the batch did so far; the CLI prints it at the end, also after Ctrl-C."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    tokens: int = 0
    model_s: float = 0.0

    def count(self, outcome: Outcome) -> None:
        if outcome.result is not None:
            self.done += 1
        else:
            self.failed += 1
        self.tokens += outcome.tokens
        self.model_s += outcome.model_s


def _unseen(sources: Iterable[Source], seen: set[str], totals: Totals) -> Iterator[Source]:
    """Sources whose id is not in the output yet and not repeated in the input."""
    taken: set[str] = set()
    for source in sources:
        if source.id in seen:
            totals.skipped += 1
        elif source.id in taken:
            totals.duplicates += 1
        else:
            taken.add(source.id)
            yield source


async def run_batch(
    spec: str,
    out: Path,
    settings: Settings,
    *,
    resume: bool = False,
    retry_failed: bool = False,
    concurrency: int = 1,
    totals: Totals | None = None,
    on_start: Callable[[int], None] = lambda remaining: None,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
) -> Totals:
    """The `summarizer batch` command: every article of `spec` into `out`, one line each."""
    totals = totals if totals is not None else Totals()
    total = count_sources(spec)
    journal = Journal(out, resume=resume or retry_failed, retry_failed=retry_failed)
    try:
        on_start(max(0, total - len(journal.done)))
        fresh = _unseen(read_sources(spec, settings.max_chars), journal.done, totals)
        async with open_endpoint(settings) as endpoint:
            async for outcome in outcomes(endpoint, fresh, settings, concurrency):
                journal.write(outcome)
                totals.count(outcome)
                on_outcome(outcome)
    finally:
        journal.close()
    return totals
