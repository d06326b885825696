"""Record and replay real model exchanges in cassettes, so runs reproduce offline.

A cassette is the HTTP transport of one model client, not a process-wide patch (as
vcrpy's is): runs in threads or tasks each read and write their own file, and a replay
gets no network transport at all, so it cannot reach a server. Every chat call goes to
the same path, so requests match on method, path and the parts of the JSON body that
decide the answer. The files keep vcrpy's YAML layout (version 1), with Arabic
readable. A cassette is written when its run is over, whole (a temporary file renamed
over it), without the failures the client retries and without credentials.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx2
import openai
import yaml

from summarizer.errors import CassetteMissError

RecordMode = Literal["none", "once", "new_episodes", "all"]
FORMAT_VERSION = 1

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
SECRET_WORDS = frozenset(
    {
        *("key", "apikey", "token", "secret", "password", "passwd", "auth", "authorization"),
        *("cookie", "credential", "credentials", "sig", "signature", "code"),
        *("organization", "project"),
    }
)
"""A header or query parameter is a credential when a word of its name is one of these
(api-key, x-api-key, access_token, set-cookie, openai-organization, ?key=, ?sig=)."""
REDACTED = "REDACTED"
Body = bytes | str | None
Matcher = Callable[[Body, Body], bool]


def _as_bytes(body: Body) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body or b""


def _answer_fields(body: Body) -> dict[str, Any] | None:
    try:
        doc = json.loads(_as_bytes(body))
    except ValueError:
        return None
    return {key: doc.get(key) for key in ANSWER_KEYS} if isinstance(doc, dict) else None


def same_answer(recorded: Body, sent: Body) -> bool:
    """Whether two request bodies get the same answer: equal answer-deciding fields, or
    equal bytes when a body is not a JSON object.
    """
    a, b = _answer_fields(recorded), _answer_fields(sent)
    if a is None or b is None:
        return _as_bytes(recorded) == _as_bytes(sent)
    return a == b


def is_secret(name: str) -> bool:
    """Whether a header or query parameter of this name carries a credential."""
    words = name.lower().replace("_", "-").replace(".", "-").split("-")
    return any(word in SECRET_WORDS for word in words)


def scrub_uri(uri: str) -> str:
    """The URI without user and password, and with credential query parameters redacted."""
    parts = urlsplit(uri)
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(is_secret(name) for name, _ in pairs):
        query = urlencode([(n, REDACTED if is_secret(n) else v) for n, v in pairs])
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _readable(body: bytes) -> bytes | str:
    """JSON bodies re-encoded with Arabic unescaped; matching parses them, so nothing changes."""
    try:
        return json.dumps(json.loads(body.decode("utf-8")), ensure_ascii=False)
    except ValueError:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return body  # YAML keeps it as !!binary


def _headers(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    kept: dict[str, list[str]] = {}
    for name, value in pairs:
        if not is_secret(name):
            kept.setdefault(name.lower(), []).append(value)
    return kept


def retried(status: int) -> bool:
    """The answers the model client retries (rate limits, server errors): never recorded,
    or a replay would fail where the recorded run went on to succeed.
    """
    return status == 429 or status >= 500


@dataclass
class _Exchange:
    """One recorded request and its response, in the cassette file's own layout."""

    request: dict[str, Any]
    response: dict[str, Any]
    played: bool = False

    @classmethod
    def of(cls, request: httpx2.Request, body: bytes, response: httpx2.Response) -> _Exchange:
        """A live exchange as the cassette keeps it: body decoded, credentials left out."""
        headers = _headers(list(response.headers.multi_items()))
        headers.pop("content-encoding", None)
        if "content-length" in headers:
            headers["content-length"] = [str(len(response.content))]
        return cls(
            request={
                "method": request.method,
                "uri": scrub_uri(str(request.url)),
                "body": _readable(body),
                "headers": _headers(list(request.headers.items())),
            },
            response={
                "status": {"code": response.status_code, "message": response.reason_phrase},
                "headers": headers,
                "body": {"string": _readable(response.content)},
            },
        )

    def replayed(self) -> httpx2.Response:
        status = self.response["status"]
        headers = [
            (name, value)
            for name, values in self.response["headers"].items()
            if name.lower() != "content-length"  # recorded before the body was re-encoded
            for value in values
        ]
        message = status.get("message")
        return httpx2.Response(
            status["code"],
            headers=headers,
            content=_as_bytes(self.response["body"]["string"]),
            extensions={"reason_phrase": message.encode("ascii")} if message else {},
        )


def _load(path: Path) -> list[_Exchange]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [_Exchange(i["request"], i["response"]) for i in data["interactions"]]
    except (yaml.YAMLError, UnicodeDecodeError, KeyError, TypeError) as error:
        reason = " ".join(str(error).split())
        raise CassetteMissError(
            f"{path} is not a readable cassette ({reason}); re-record it with --record-mode all"
        ) from None


def needs_live_model(path: Path, record_mode: RecordMode) -> bool:
    """Replaying an existing cassette needs no model server; recording does."""
    if record_mode == "none":
        return False
    if record_mode == "once":
        return not path.exists()
    return True


class Cassette:
    """The recorded exchanges of one run, and the transport that replays or records them.

    `none` replays only, `once` records a cassette that does not exist yet and replays
    one that does, `new_episodes` replays what it holds and records the rest (keeping
    only what the run used, so a prompt change leaves no dead exchanges behind), `all`
    records everything anew.
    """

    def __init__(
        self, path: Path, record_mode: RecordMode, *, matches: Matcher = same_answer
    ) -> None:
        self.path = path
        self.record_mode = record_mode
        self.records = needs_live_model(path, record_mode)
        self._matches = matches
        self._held = [] if record_mode == "all" else _load(path)
        self._new: list[_Exchange] = []

    @property
    def held(self) -> int:
        """Exchanges the cassette held when the run began."""
        return len(self._held)

    @property
    def play_count(self) -> int:
        return sum(e.played for e in self._held)

    def http_client(self) -> httpx2.AsyncClient:
        """An HTTP client for the model client; only a recording one can reach a server."""
        live = httpx2.AsyncHTTPTransport() if self.records else None
        return openai.DefaultAsyncHttpxClient(transport=_Transport(self, live))

    def play(self, method: str, uri: str, body: bytes) -> httpx2.Response | None:
        """The response of the first unplayed exchange that matches, marked played."""
        path = urlsplit(uri).path
        for exchange in self._held:
            recorded = exchange.request
            if (
                not exchange.played
                and recorded["method"] == method
                and urlsplit(recorded["uri"]).path == path
                and self._matches(recorded["body"], body)
            ):
                exchange.played = True
                return exchange.replayed()
        return None

    def record(self, exchange: _Exchange) -> None:
        if not retried(exchange.response["status"]["code"]):
            self._new.append(exchange)

    def miss(self) -> CassetteMissError:
        if not self.path.exists():
            return CassetteMissError(
                f"no cassette at {self.path}; record one with --record-mode once"
            )
        return CassetteMissError(
            f"the cassette {self.path} holds no answer for this request (the prompt, model or "
            "article changed); re-record it with --record-mode all against a live model"
        )

    def save(self) -> None:
        """Write what this run recorded, whole or not at all: a temporary file beside the
        cassette, renamed over it. Call it only when the run is over.
        """
        if not self._new:
            return
        kept = [e for e in self._held if e.played] if self.record_mode == "new_episodes" else []
        data = {
            "version": FORMAT_VERSION,
            "interactions": [
                {"request": e.request, "response": e.response} for e in kept + self._new
            ],
        }
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(
            f".{self.path.name}.{os.getpid()}-{threading.get_ident()}.partial"
        )
        try:
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise


class _Transport(httpx2.AsyncBaseTransport):
    """Answers from the cassette; without a live transport, a miss is an error, unsent."""

    def __init__(self, cassette: Cassette, live: httpx2.AsyncBaseTransport | None) -> None:
        self._cassette = cassette
        self._live = live

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        played = self._cassette.play(request.method, str(request.url), body)
        if played is not None:
            return played
        if self._live is None:
            raise self._cassette.miss()
        response = await self._live.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        exchange = _Exchange.of(request, body, response)
        self._cassette.record(exchange)
        return exchange.replayed()  # what a replay of it will return

    async def aclose(self) -> None:
        if self._live is not None:
            await self._live.aclose()
