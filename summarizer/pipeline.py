"""`summarize` and `asummarize`: the Python API, and the one path the CLI and evals use."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import json
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from summarizer import chunks, prompts
from summarizer.client import ModelClient, ServerFailure, request_body
from summarizer.config import DEFAULT_MODEL, Settings
from summarizer.errors import CassetteMissError, DeadlineError, ExtractionError
from summarizer.extract import Extractor
from summarizer.load import check_text
from summarizer.recording import Cassette, RecordMode, needs_live_model
from summarizer.schema import SummaryResult, Usage
from summarizer.strategies import Request

T = TypeVar("T")

REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # never dialled: a cassette answers first


@dataclass(frozen=True)
class Endpoint:
    """Where the model is, and what we know about its context window."""

    base_url: str | None
    api_key: str | None
    model: str
    context_window: int | None = None
    count_prompt: Callable[[dict[str, Any]], int] | None = None
    """Tokens of the prompt a request body becomes on this model, when we can know it."""
    server_failure: ServerFailure | None = None


@contextlib.asynccontextmanager
async def open_endpoint(settings: Settings, *, live: bool = True) -> AsyncIterator[Endpoint]:
    """A remote endpoint as configured, or the embedded local model served for the block.

    With `live=False` (replaying a cassette) no server is started.
    """
    if settings.uses_remote_endpoint():
        yield Endpoint(settings.resolved_base_url(), settings.resolved_api_key(), settings.model)
        return
    if not live:
        yield Endpoint(REPLAY_BASE_URL, None, settings.model)
        return
    from summarizer import local  # only the embedded default needs llama.cpp

    serving = local.serve(settings.model, repack=settings.repack)
    server = await asyncio.to_thread(serving.__enter__)

    def failure(when: str) -> Exception | None:
        return server.failure(when, local.DEATH_GRACE_SECONDS)

    try:
        yield Endpoint(
            server.base_url, None, server.alias, server.n_ctx, server.count_prompt, failure
        )
    finally:
        await asyncio.to_thread(serving.__exit__, None, None, None)


def counts_path(cassette_path: Path) -> Path:
    """Where the token counts of a cassette's requests are kept, beside it."""
    return cassette_path.with_suffix(".counts.json")


def _body_key(body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class RecordedCounts:
    """Token counts a live server gave while a cassette was recorded, kept beside it, so
    that a replay decides "does it fit, in how many chunks" exactly as the live run did.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.context_window: int | None = known.get("context_window")
        self.counts: dict[str, int] = known.get("counts", {})

    def recording(self, endpoint: Endpoint) -> Endpoint:
        """The endpoint, its counts noted as they are made."""
        count = endpoint.count_prompt
        if count is None:
            return endpoint
        self.context_window = endpoint.context_window

        def noted(body: dict[str, Any]) -> int:
            tokens = self.counts[_body_key(body)] = count(body)
            return tokens

        return dataclasses.replace(endpoint, count_prompt=noted)

    def replaying(self, endpoint: Endpoint) -> Endpoint:
        """The endpoint, counting from the notes (a replay has no tokenizer to ask); with
        none, it cannot count, as when the cassette was recorded without notes.
        """
        if self.context_window is None:
            return dataclasses.replace(endpoint, context_window=None, count_prompt=None)

        def recalled(body: dict[str, Any]) -> int:
            try:
                return self.counts[_body_key(body)]
            except KeyError:
                raise CassetteMissError(
                    f"the cassette beside {self.path} holds no answer for this request (the "
                    "prompt, model or article changed); re-record it with --record-mode all "
                    "against a live model"
                ) from None

        return dataclasses.replace(
            endpoint, context_window=self.context_window, count_prompt=recalled
        )

    def save(self) -> None:
        """Write the notes whole, as the cassette is: a temporary file renamed over them."""
        if self.counts:
            data = {"context_window": self.context_window, "counts": self.counts}
            partial = self.path.with_name(f".{self.path.name}.partial")
            partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
            partial.replace(self.path)


def _fits(endpoint: Endpoint) -> chunks.Fits | None:
    """Whether a request fits the model's context: its real prompt (chat template, tool
    schema and all), counted by the server's tokenizer, plus its completion budget. None
    when the endpoint does not say (a remote API judges for itself).
    """
    context, count = endpoint.context_window, endpoint.count_prompt
    if context is None or count is None:
        return None

    async def fits(request: Request) -> bool:
        body = request_body(request.response_model, request.messages)
        return await asyncio.to_thread(count, body) + request.max_tokens <= context

    return fits


async def summarize_on(
    endpoint: Endpoint,
    text: str,
    settings: Settings,
    *,
    cassette_path: Path | None = None,
    record_mode: RecordMode = "none",
) -> SummaryResult:
    """One article on an endpoint that is already up, optionally through a cassette.

    An article whose request does not fit the model's context is read in chunks.
    """
    check_text(text, max_chars=settings.max_chars)
    tape = Cassette(cassette_path, record_mode) if cassette_path else None
    notes = RecordedCounts(counts_path(cassette_path)) if cassette_path else None
    if tape is not None and notes is not None:
        endpoint = notes.recording(endpoint) if tape.records else notes.replaying(endpoint)
    client = ModelClient(
        base_url=endpoint.base_url,
        api_key=endpoint.api_key,
        model=endpoint.model,
        timeout_s=settings.timeout_s,
        transport_attempts=settings.transport_attempts,
        parse_attempts=settings.parse_attempts,
        http_client=tape.http_client() if tape is not None else None,
        server_failure=endpoint.server_failure,
    )
    extractor = Extractor(client, settings)
    started = time.perf_counter()
    deadline = asyncio.timeout(settings.deadline_s)

    def keep() -> None:
        """Write the cassette and the token counts of a finished run."""
        if tape is not None and notes is not None:
            tape.save()
            if tape.records:
                notes.save()

    try:
        async with deadline:
            extraction, parts = await chunks.extract(extractor, text, _fits(endpoint))
    except TimeoutError:
        if not deadline.expired():
            raise
        raise DeadlineError(
            f"no result within the {settings.deadline_s:g} s deadline (--deadline); "
            f"{len(extractor.attempts)} model call(s) answered before it ran out"
        ) from None
    except ExtractionError:
        keep()  # every request was answered: a replay reaches the same verdict
        raise
    else:
        keep()
    finally:
        await client.close()
    return SummaryResult(
        summary=extraction.summary,
        grounding=extraction.grounding,
        attempts=extraction.attempts,
        usage=sum((a.usage for a in extraction.attempts), Usage()),
        latency_s=round(time.perf_counter() - started, 3),
        model=endpoint.model,
        prompt_version=prompts.prompt_version(settings.strategy),
        strategy=settings.strategy,
        policy=settings.policy,
        detail=settings.detail,
        chunks=parts,
    )


async def asummarize(
    text: str,
    *,
    model: str = DEFAULT_MODEL,
    cassette_path: str | os.PathLike[str] | None = None,
    record_mode: RecordMode = "none",
    **options: Any,
) -> SummaryResult:
    """Summarize one article; starts and stops the embedded model unless an endpoint is set.

    With `cassette_path`, the exchange is recorded or replayed (see `recording`), and a
    replay needs no model at all.
    """
    cassette_path = Path(cassette_path) if cassette_path is not None else None
    settings = Settings(model=model, **options)
    check_text(text, max_chars=settings.max_chars)
    if cassette_path is not None and record_mode == "none" and not cassette_path.exists():
        raise CassetteMissError(
            f"no cassette at {cassette_path}; record one with --record-mode once"
        )
    live = cassette_path is None or needs_live_model(cassette_path, record_mode)
    async with open_endpoint(settings, live=live) as endpoint:
        return await summarize_on(
            endpoint, text, settings, cassette_path=cassette_path, record_mode=record_mode
        )


def run_sync(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine from sync code, also when the caller already has a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    values: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            values.append(asyncio.run(factory()))
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return values[0]


def summarize(
    text: str,
    *,
    model: str = DEFAULT_MODEL,
    cassette_path: str | os.PathLike[str] | None = None,
    record_mode: RecordMode = "none",
    **options: Any,
) -> SummaryResult:
    """Sync twin of `asummarize`."""
    return run_sync(
        lambda: asummarize(
            text, model=model, cassette_path=cassette_path, record_mode=record_mode, **options
        )
    )
