"""Record and replay real model exchanges with vcrpy, so runs reproduce offline.

vcrpy's default matching ignores the body, and every chat call goes to the same path,
so a changed prompt would replay a stale answer. We match on method, path and the
parts of the JSON body that decide the answer. Credentials never reach a cassette.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import httpx2
import openai
import vcr
import yaml
from vcr.cassette import Cassette
from vcr.errors import CannotOverwriteExistingCassetteException

from summarizer.errors import CassetteMissError

RecordMode = Literal["none", "once", "new_episodes", "all"]

# The request fields that decide what the model answers.
ANSWER_KEYS = (
    "model",
    "messages",
    "tools",
    "tool_choice",
    "response_format",
    "temperature",
    "max_tokens",
    "frequency_penalty",
    "presence_penalty",
    "top_p",
    "seed",
    "stop",
)
TOKEN_COUNT_PATH = "/extras/tokenize/count"
"""llama.cpp's tokenizer: a replay reads its counts from the notes beside the cassette."""
SECRET_HEADERS = ("authorization", "api-key", "x-api-key", "cookie", "openai-organization")
SECRET_RESPONSE_HEADERS = {"set-cookie", "openai-organization"}


def _answer_fields(body: bytes | str | None) -> dict[str, Any] | None:
    if not body:
        return None
    try:
        doc = json.loads(body)
    except (ValueError, TypeError):
        return None
    return {key: doc.get(key) for key in ANSWER_KEYS} if isinstance(doc, dict) else None


def match_answer_fields(r1: Any, r2: Any) -> None:
    """Vcrpy matcher: raises AssertionError when the two requests would get different answers."""
    a, b = _answer_fields(r1.body), _answer_fields(r2.body)
    if a is None or b is None:
        assert r1.body == r2.body, "request bodies differ"
        return
    differing = [key for key in ANSWER_KEYS if a[key] != b[key]]
    assert not differing, f"request differs in {', '.join(differing)}"


class _ReadableYaml:
    """Cassettes as YAML that keeps Arabic readable instead of escaped code points."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        return yaml.safe_dump(cassette, allow_unicode=True, sort_keys=False, width=120)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise ValueError("a cassette is a YAML mapping")
        return data


def _readable(body: Any) -> Any:
    """JSON bodies re-encoded with Arabic unescaped; matching parses them, so nothing changes."""
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return body
    elif isinstance(body, str):
        text = body
    else:
        return body
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return body


def _scrub_request(request: Any) -> Any:
    if request.path.endswith(TOKEN_COUNT_PATH):
        return None  # a token count is no model exchange: it passes through, unrecorded
    request.body = _readable(request.body)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_RESPONSE_HEADERS:
            del headers[name]
    body = response.get("body", {})
    if "string" in body:
        readable = _readable(body["string"])
        body["string"] = readable.encode("utf-8") if isinstance(readable, str) else readable
    return response


def make_vcr(record_mode: RecordMode) -> vcr.VCR:
    recorder = vcr.VCR(
        record_mode=record_mode,
        match_on=("method", "path", "answer_fields"),
        filter_headers=[(name, None) for name in SECRET_HEADERS],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
        serializer="readable_yaml",
    )
    recorder.register_matcher("answer_fields", match_answer_fields)
    recorder.register_serializer("readable_yaml", _ReadableYaml)
    return recorder


class _CassetteClient(openai.DefaultAsyncHttpxClient):
    """The SDK's HTTP client, but a request that no cassette holds is our CassetteMissError:
    the model client never retries an error of ours, so a replay fails at once, in words.
    """

    async def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        try:
            return await super().send(request, **kwargs)
        except CannotOverwriteExistingCassetteException as miss:
            raise CassetteMissError(
                "the cassette holds no answer for this request (the prompt, model or article "
                "changed); record it with --record-mode once or all against a live model"
            ) from miss


def http_client() -> httpx2.AsyncClient:
    """The HTTP client for a model client whose exchanges go through a cassette."""
    return _CassetteClient()


def needs_live_model(path: Path, record_mode: RecordMode) -> bool:
    """Replaying an existing cassette needs no model server; recording does."""
    if record_mode == "none":
        return False
    if record_mode == "once":
        return not path.exists()
    return True


@contextmanager
def cassette(path: Path, record_mode: RecordMode) -> Iterator[Cassette]:
    """Every HTTP exchange inside goes through the cassette at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with make_vcr(record_mode).use_cassette(str(path)) as tape:
        yield tape
