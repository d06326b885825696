"""One structured call to an OpenAI-compatible endpoint, with every attempt accounted for.

Two kinds of retry live here and are counted separately: transport retries (429, 5xx,
timeouts, connection errors) with exponential backoff, jitter and Retry-After; and
instructor's re-ask when the JSON does not parse against the response model. Grounding
retries are not here: they need the article, so they belong to `extract`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from instructor.processing import handle_response_model
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from summarizer.errors import (
    ContextOverflowError,
    ModelUnavailableError,
    SummarizerError,
    one_line,
)
from summarizer.schema import Attempt, Purpose, Usage

T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

# Given when a request failed ("during the first request"), the error to raise if the
# server behind the endpoint has died, else None.
ServerFailure = Callable[[str], Exception | None]

TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    openai.APIConnectionError,
    openai.APITimeoutError,
    openai.RateLimitError,
    openai.InternalServerError,
)
MAX_RETRY_AFTER_S = 60.0
MODE = instructor.Mode.TOOLS
_backoff = wait_exponential_jitter(initial=1.0, max=30.0, jitter=1.0)

# instructor logs each failed try at ERROR on a logger without a handler, so Python
# printed those lines on a library user's stderr. They still reach the application's
# logging handlers, if it configured any; callers learn outcomes from us, in one line.
logging.getLogger("instructor").addHandler(logging.NullHandler())


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _find(error: BaseException, kind: type[E] | tuple[type[E], ...]) -> E | None:
    """The first error of `kind` in the chain of causes."""
    return next((e for e in _causes(error) if isinstance(e, kind)), None)


def _is_transport(error: BaseException) -> bool:
    if _find(error, SummarizerError) is not None:
        return False  # raised on purpose below the SDK (a cassette miss): no retry helps
    return _find(error, TRANSPORT_ERRORS) is not None


def _retry_after(error: BaseException | None) -> float | None:
    status = _find(error, openai.APIStatusError) if error else None
    if status is None:
        return None
    value = status.response.headers.get("retry-after")
    try:
        return min(float(value), MAX_RETRY_AFTER_S) if value is not None else None
    except ValueError:
        return None


def _wait(state: RetryCallState) -> float:
    """The server's Retry-After when it gives one, else exponential backoff with jitter."""
    error = state.outcome.exception() if state.outcome else None
    after = _retry_after(error)
    return after if after is not None else _backoff(state)


@dataclass
class CallReport:
    """What one logical call cost: one `Attempt` per completion the server returned."""

    attempts: list[Attempt] = field(default_factory=list)
    transport_retries: int = 0

    @property
    def usage(self) -> Usage:
        return sum((a.usage for a in self.attempts), Usage())


@dataclass
class CallOutcome:
    value: BaseModel | None
    report: CallReport
    failure: Literal["invalid", "runaway"] | None = None
    detail: str | None = None


class ModelClient:
    """An endpoint behind instructor in TOOLS mode: a forced tool call, which llama.cpp's
    server enforces with a grammar and hosted APIs honour natively.
    """

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        timeout_s: float,
        transport_attempts: int,
        parse_attempts: int,
        http_client: httpx2.AsyncClient | None = None,
        server_failure: ServerFailure | None = None,
    ) -> None:
        # The SDK's own retries are off: ours are counted and honour Retry-After, and a
        # cassette miss must surface at once instead of after hidden retries.
        self._openai = openai.AsyncOpenAI(
            base_url=base_url,
            api_key=api_key or "unused",
            max_retries=0,
            timeout=timeout_s,
            http_client=http_client,
        )
        self._client = instructor.from_openai(self._openai, mode=MODE)
        self.model = model
        self.base_url = base_url
        self._timeout_s = timeout_s
        self._transport_attempts = transport_attempts
        self._parse_attempts = parse_attempts
        self._server_failure = server_failure
        self._crash: Exception | None = None
        self._requests = 0
        self._next_number = 1

    async def close(self) -> None:
        await self._openai.close()

    async def ask(
        self,
        response_model: type[T],
        messages: list[dict[str, Any]],
        *,
        purpose: Purpose,
        max_tokens: int,
        temperature: float,
        extra: dict[str, Any] | None = None,
    ) -> CallOutcome:
        """Ask for `response_model`; invalid and runaway answers come back as outcomes."""
        report = CallReport()
        if self._crash is not None:
            raise self._crash
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._transport_attempts),
            retry=retry_if_exception(self._retryable),
            wait=_wait,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    report.transport_retries = attempt.retry_state.attempt_number - 1
                    value = await self._once(
                        response_model, messages, report, purpose, max_tokens, temperature, extra
                    )
                    return CallOutcome(value, report)
        except IncompleteOutputException:
            return CallOutcome(None, report, "runaway", f"stopped at the {max_tokens}-token cap")
        except InstructorRetryException as error:
            detail = _unusable(error, report)
            if detail is not None:
                return CallOutcome(None, report, "invalid", detail)
            raise self._translate(error) from error
        except Exception as error:
            raise self._translate(error) from error
        raise AssertionError("tenacity returned without an outcome")  # pragma: no cover

    async def _once(
        self,
        response_model: type[T],
        messages: list[dict[str, Any]],
        report: CallReport,
        purpose: Purpose,
        max_tokens: int,
        temperature: float,
        extra: dict[str, Any] | None,
    ) -> T:
        started = [time.perf_counter()]
        hooks = Hooks()

        def on_kwargs(*_: Any, **__: Any) -> None:
            started[0] = time.perf_counter()
            self._requests += 1

        def on_response(response: Any) -> None:
            # Whatever the server answered is counted, even a body that is no completion
            # (the SDK hands over a proxy's HTML page as a string) or has no choices.
            usage = getattr(response, "usage", None)
            choices = getattr(response, "choices", None)
            spent = getattr(usage, "completion_tokens", 0) or 0
            if choices and spent >= max_tokens:
                # llama.cpp reports "tool_calls" even when it stopped at the cap; say
                # "length" so instructor raises IncompleteOutputException instead of
                # re-asking with a truncated answer (which can overflow the context).
                choices[0].finish_reason = "length"
            finish = choices[0].finish_reason if choices else None
            outcome: Literal["ok", "invalid", "runaway"] = "ok"
            detail = None
            if not choices:
                outcome = "invalid"
                detail = "no choices in the answer" if choices is not None else "not a completion"
            elif finish == "length":
                outcome, detail = "runaway", f"finish_reason={finish}"
            report.attempts.append(
                Attempt(
                    number=self._next_number,
                    purpose=purpose,
                    outcome=outcome,
                    detail=detail,
                    transport_retries=report.transport_retries,
                    usage=Usage(
                        prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                        completion_tokens=spent,
                    ),
                    latency_s=round(time.perf_counter() - started[0], 3),
                )
            )
            self._next_number += 1

        def on_parse_error(error: Exception, **_: Any) -> None:
            if report.attempts:
                last = report.attempts[-1]
                report.attempts[-1] = last.model_copy(
                    update={"outcome": "invalid", "detail": one_line(str(error))}
                )

        hooks.on("completion:kwargs", on_kwargs)
        hooks.on("completion:response", on_response)
        hooks.on("parse:error", on_parse_error)
        parse_retrying = AsyncRetrying(
            stop=stop_after_attempt(self._parse_attempts),
            retry=retry_if_exception_type((ValidationError, ValueError)),
            reraise=True,
        )
        value, _ = await self._client.create_with_completion(
            model=self.model,
            # no validation `context`: instructor would template the article
            messages=cast("list[ChatCompletionMessageParam]", messages),
            response_model=response_model,
            max_retries=parse_retrying,
            max_tokens=max_tokens,
            temperature=temperature,
            hooks=hooks,
            **(extra or {}),
        )
        return value

    def _retryable(self, error: BaseException) -> bool:
        """A transport fault of a live server is worth retrying; a dead server is not."""
        if not _is_transport(error):
            return False
        if self._server_failure is not None:
            nth = "the first request" if self._requests <= 1 else f"request {self._requests}"
            self._crash = self._server_failure(f"during {nth}")
        return self._crash is None

    def _translate(self, error: BaseException) -> Exception:
        """Our one-line errors for what no retry can fix."""
        if self._crash is not None:
            return self._crash
        ours = _find(error, SummarizerError)
        if ours is not None:
            return type(ours)(*ours.args)  # a fresh one, so that its cause does not loop
        status = _find(error, openai.APIStatusError)
        if status is not None:
            text = one_line(str(status.message))
            if status.status_code == 400 and _looks_like_overflow(text):
                return ContextOverflowError(f"the article does not fit the model's context: {text}")
            if status.status_code in (401, 403):
                return ModelUnavailableError(f"the endpoint refused the API key ({text})")
            if status.status_code == 404:
                return ModelUnavailableError(f"model {self.model!r} not found at the endpoint")
            return ModelUnavailableError(f"the endpoint answered {status.status_code}: {text}")
        if _find(error, TRANSPORT_ERRORS) is not None:
            return ModelUnavailableError(self._no_answer(error))
        return error if isinstance(error, Exception) else RuntimeError(str(error))

    def _no_answer(self, error: BaseException) -> str:
        """Why no answer came, in words: a timeout or a dropped connection is not an
        unreachable server, and the cure differs (--timeout, the server's health).
        """
        where = self.base_url or "the OpenAI API"
        tries = f"{self._transport_attempts} tries"
        if _find(error, openai.APITimeoutError):
            return (
                f"{where} did not answer within the {self._timeout_s:g} s per-request "
                f"timeout (--timeout); {tries}"
            )
        if _find(error, httpx2.ConnectError):
            return f"cannot reach {where} after {tries}"
        if _find(error, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.WriteError)):
            return f"{where} dropped the connection before answering; {tries}"
        cause = _find(error, httpx2.TransportError)
        detail = f" ({one_line(str(cause))})" if cause else ""
        return f"no answer from {where} after {tries}{detail}"


def _unusable(error: InstructorRetryException, report: CallReport) -> str | None:
    """Why the server's answers could not be used, or None when the failure was not
    theirs (a transport fault, or a bug of ours, which must not pass for an answer).
    """
    if _is_transport(error):
        return None
    cause = error.__cause__
    if isinstance(cause, ValidationError | ValueError):
        return one_line(str(cause))
    last = report.attempts[-1] if report.attempts else None
    return last.detail if last is not None and last.outcome == "invalid" else None


def request_body(response_model: type[BaseModel], messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The messages, tools and tool choice that `ModelClient.ask` sends for `response_model`:
    what the server turns into the prompt, so what a context check must count.
    """
    _, body = handle_response_model(response_model, mode=MODE, messages=messages)
    return body


def _looks_like_overflow(message: str) -> bool:
    lowered = message.lower()
    return "context" in lowered and any(
        w in lowered for w in ("exceed", "length", "window", "too long")
    )
