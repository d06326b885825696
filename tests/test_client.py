"""The call layer on SYNTHETIC responses: transport retries, JSON repair, usage, errors."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest
from pydantic import BaseModel
from tenacity import RetryCallState

from summarizer import client as client_module
from summarizer.client import ModelClient
from summarizer.errors import ContextOverflowError, ModelUnavailableError
from tests.synthetic import SyntheticServer, tool_call_completion


class Answer(BaseModel):
    headline: str
    killed: int | None


@pytest.fixture
def server() -> SyntheticServer:
    return SyntheticServer()


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits the retry policy chose instead of sleeping through them."""
    waits: list[float] = []
    choose = client_module._wait
    monkeypatch.setattr(client_module, "_backoff", lambda state: 1.5)

    def record(state: RetryCallState) -> float:
        waits.append(choose(state))
        return 0.0

    monkeypatch.setattr(client_module, "_wait", record)
    return waits


def ask(server: SyntheticServer, **kwargs: Any) -> client_module.CallOutcome:
    model = ModelClient(
        base_url="http://synthetic.test/v1",
        api_key="sk-synthetic",
        model="synthetic-model",
        timeout_s=5,
        transport_attempts=kwargs.pop("transport_attempts", 4),
        parse_attempts=kwargs.pop("parse_attempts", 2),
        http_client=server.client(),
    )
    messages = [{"role": "user", "content": kwargs.pop("content", "Summarize.")}]
    return asyncio.run(
        model.ask(Answer, messages, purpose="extract", max_tokens=64, temperature=0.0, **kwargs)
    )


def test_forced_tool_call_carries_the_schema(server: SyntheticServer) -> None:
    server.reply_tool({"headline": "h", "killed": 3})
    outcome = ask(server)
    sent = server.requests[0]
    assert sent["tool_choice"]["type"] == "function"
    tool = sent["tools"][0]["function"]
    assert sent["tool_choice"]["function"]["name"] == tool["name"]
    assert set(tool["parameters"]["properties"]) == {"headline", "killed"}
    assert outcome.value is not None
    assert outcome.value.model_dump() == {"headline": "h", "killed": 3}
    assert sent["max_tokens"] == 64


def test_transport_errors_are_retried_and_counted(
    server: SyntheticServer, no_backoff: list[float]
) -> None:
    server.error(503, "overloaded")
    server.error(429, "slow down", headers={"retry-after": "7"})
    server.reply_tool({"headline": "h", "killed": None})
    outcome = ask(server)
    assert outcome.value is not None
    assert outcome.report.transport_retries == 2
    assert [a.transport_retries for a in outcome.report.attempts] == [2]
    # exponential backoff for the 503, the server's Retry-After for the 429
    assert no_backoff == [1.5, 7.0]


def test_transport_errors_exhausted_is_one_clear_error(server: SyntheticServer) -> None:
    for _ in range(3):
        server.error(502, "bad gateway")
    with pytest.raises(ModelUnavailableError, match="502"):
        ask(server, transport_attempts=3)
    assert len(server.requests) == 3


def test_invalid_json_is_repaired_by_a_reask(server: SyntheticServer) -> None:
    server.reply_tool('{"headline": "h", "killed": "many"}', completion_tokens=11)
    server.reply_tool({"headline": "h", "killed": 4}, completion_tokens=13)
    outcome = ask(server)
    assert outcome.value is not None
    assert outcome.value.model_dump() == {"headline": "h", "killed": 4}
    assert [a.outcome for a in outcome.report.attempts] == ["invalid", "ok"]
    assert outcome.report.usage.completion_tokens == 24
    # the re-ask carries the validation error back to the model
    assert "killed" in str(server.requests[1]["messages"][-1])


def test_invalid_twice_is_an_outcome_with_usage_summed(server: SyntheticServer) -> None:
    server.reply_tool("{not json", prompt_tokens=50, completion_tokens=5)
    server.reply_tool('{"headline": 1}', prompt_tokens=60, completion_tokens=6)
    outcome = ask(server)
    assert outcome.value is None
    assert outcome.failure == "invalid"
    assert outcome.report.usage.prompt_tokens == 110
    assert outcome.report.usage.completion_tokens == 11
    # API errors are never pasted into a re-ask: only parse errors are re-asked
    assert len(server.requests) == 2


def test_runaway_is_reported_not_raised(server: SyntheticServer) -> None:
    server.reply_tool('{"headline": "aaaa', finish_reason="length", completion_tokens=64)
    outcome = ask(server)
    assert outcome.failure == "runaway"
    assert outcome.report.attempts[0].outcome == "runaway"
    assert outcome.report.usage.completion_tokens == 64
    assert len(server.requests) == 1


def test_context_overflow_is_named(server: SyntheticServer) -> None:
    server.error(400, "Requested tokens (9000) exceed context window of 8192")
    with pytest.raises(ContextOverflowError, match="context"):
        ask(server)


def test_unknown_model_is_named(server: SyntheticServer) -> None:
    server.error(404, "The model `nope` does not exist")
    with pytest.raises(ModelUnavailableError, match="synthetic-model"):
        ask(server)


def test_article_braces_reach_the_model_verbatim(server: SyntheticServer) -> None:
    """instructor templates messages when given a validation context; we never give one."""
    server.reply_tool({"headline": "h", "killed": None})
    ask(server, content="قال {{ المتحدث }} إن {% raw %} الوضع {{x}}")
    assert (
        server.requests[0]["messages"][0]["content"] == "قال {{ المتحدث }} إن {% raw %} الوضع {{x}}"
    )


def _no_choices(prompt_tokens: int) -> dict[str, Any]:
    completion = tool_call_completion({}, prompt_tokens=prompt_tokens, completion_tokens=0)
    return completion | {"choices": []}


def test_an_answer_with_no_choices_is_invalid_and_counted(server: SyntheticServer) -> None:
    server.reply(_no_choices(7))
    server.reply(_no_choices(9))
    outcome = ask(server)
    assert outcome.failure == "invalid"
    assert outcome.detail is not None and "no choices" in outcome.detail.lower()
    assert "\n" not in outcome.detail
    # every request the server answered is an attempt, with the tokens it reported
    assert len(outcome.report.attempts) == len(server.requests) >= 1
    assert {a.outcome for a in outcome.report.attempts} == {"invalid"}
    assert outcome.report.usage.prompt_tokens == sum((7, 9)[: len(server.requests)])


def test_an_answer_that_is_no_chat_completion_is_counted(server: SyntheticServer) -> None:
    for _ in range(2):
        server.reply(b"<html>synthetic proxy page</html>", headers={"content-type": "text/html"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no traceback from a hook, printed as a warning
        outcome = ask(server)
    assert outcome.failure == "invalid"
    assert len(outcome.report.attempts) == len(server.requests) == 2
    assert [a.number for a in outcome.report.attempts] == [1, 2]
    assert all(a.outcome == "invalid" and a.detail for a in outcome.report.attempts)


def test_a_timeout_is_named_as_one(server: SyntheticServer) -> None:
    for _ in range(2):
        server.fault("hang")
    with pytest.raises(ModelUnavailableError, match="per-request timeout"):
        ask(server, transport_attempts=2)
