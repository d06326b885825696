"""`summarize` and `asummarize`: the Python API, and the one path the CLI and evals use."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from summarizer import prompts
from summarizer.client import ModelClient, ServerFailure
from summarizer.config import DEFAULT_MODEL, Settings
from summarizer.errors import (
    CassetteMissError,
    ContextOverflowError,
    DeadlineError,
    ExtractionError,
)
from summarizer.extract import Extractor
from summarizer.load import check_text
from summarizer.recording import Cassette, RecordMode, needs_live_model
from summarizer.schema import SummaryResult, Usage

T = TypeVar("T")

# Room the prompt templates, the segment numbering and the answer need beside the article.
PROMPT_OVERHEAD_TOKENS = 1200
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # never dialled: a cassette answers first


@dataclass(frozen=True)
class Endpoint:
    """Where the model is, and what we know about its context window."""

    base_url: str | None
    api_key: str | None
    model: str
    context_window: int | None = None
    count_tokens: Callable[[str], int] | None = None
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
            server.base_url, None, server.alias, server.n_ctx, server.count_tokens, failure
        )
    finally:
        await asyncio.to_thread(serving.__exit__, None, None, None)


def _check_fits(endpoint: Endpoint, text: str) -> None:
    """Refuse, in words, an article the model cannot read whole: never truncate silently."""
    if endpoint.context_window is None or endpoint.count_tokens is None:
        return
    tokens = endpoint.count_tokens(text)
    room = endpoint.context_window - PROMPT_OVERHEAD_TOKENS
    if tokens > room:
        raise ContextOverflowError(
            f"the article is {tokens} tokens; {endpoint.model} has room for {room} "
            f"(context {endpoint.context_window}); split it or use a larger model"
        )


async def summarize_on(
    endpoint: Endpoint,
    text: str,
    settings: Settings,
    *,
    cassette_path: Path | None = None,
    record_mode: RecordMode = "none",
) -> SummaryResult:
    """One article on an endpoint that is already up, optionally through a cassette."""
    check_text(text, max_chars=settings.max_chars)
    _check_fits(endpoint, text)  # outside the cassette: a replay has no tokenizer to ask
    tape = Cassette(cassette_path, record_mode) if cassette_path else None
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
    extractor = Extractor(
        client,
        strategy=settings.strategy,
        policy=settings.policy,
        temperature=settings.temperature,
        max_repairs=settings.max_repairs,
        output_language=settings.output_language,
        detail=settings.detail,
        event_filter=settings.event_filter,
    )
    started = time.perf_counter()
    deadline = asyncio.timeout(settings.deadline_s)
    try:
        async with deadline:
            extraction = await extractor.run(text)
    except TimeoutError:
        if not deadline.expired():
            raise
        raise DeadlineError(
            f"no result within the {settings.deadline_s:g} s deadline (--deadline); "
            f"{len(extractor.attempts)} model call(s) answered before it ran out"
        ) from None
    except ExtractionError:
        if tape is not None:
            tape.save()  # every request was answered: a replay reaches the same verdict
        raise
    else:
        if tape is not None:
            tape.save()
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
    )


async def asummarize(
    text: str,
    *,
    model: str = DEFAULT_MODEL,
    cassette_path: Path | None = None,
    record_mode: RecordMode = "none",
    **options: Any,
) -> SummaryResult:
    """Summarize one article; starts and stops the embedded model unless an endpoint is set.

    With `cassette_path`, the exchange is recorded or replayed (see `recording`), and a
    replay needs no model at all.
    """
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
    cassette_path: Path | None = None,
    record_mode: RecordMode = "none",
    **options: Any,
) -> SummaryResult:
    """Sync twin of `asummarize`."""
    return run_sync(
        lambda: asummarize(
            text, model=model, cassette_path=cassette_path, record_mode=record_mode, **options
        )
    )
