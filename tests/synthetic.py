"""SYNTHETIC responses, built by hand for error-path tests: never a model's answer.

A queue of canned HTTP responses behind httpx2's MockTransport (or a loopback HTTP
server), shaped like an OpenAI-compatible server's chat completions, plus the requests
the client sent. Besides answers, a server can misbehave: hang, drop the connection,
or send a body that is no chat completion.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import httpx2

Fault = Literal["hang", "drop"]
"""hang: take the request and never answer (until the server stops); drop: close the
connection without an answer."""
Body = dict[str, Any] | bytes
Reply = tuple[int, Body, dict[str, str]] | Fault


def tool_call_completion(
    arguments: dict[str, Any] | str,
    *,
    finish_reason: str = "tool_calls",
    prompt_tokens: int = 100,
    completion_tokens: int = 20,
) -> dict[str, Any]:
    """A chat completion whose only choice calls the forced tool with `arguments`."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    return {
        "id": "chatcmpl-synthetic",
        "object": "chat.completion",
        "created": 0,
        "model": "synthetic",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_synthetic",
                            "type": "function",
                            "function": {"name": "answer", "arguments": args},
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _encoded(body: Body, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    if isinstance(body, bytes):
        return body, headers
    data = json.dumps(body, ensure_ascii=False).encode()
    return data, {"content-type": "application/json", **headers}


@dataclass
class SyntheticServer:
    """Answers each request with the next queued reply, or with what `respond` makes of
    the request's body (so that concurrent clients each get their own answer).
    """

    queue: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    respond: Callable[[dict[str, Any]], Reply] | None = None
    _stopped: threading.Event = field(default_factory=threading.Event)

    def reply(self, body: Body, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.queue.append((status, body, headers or {}))

    def reply_tool(self, arguments: dict[str, Any] | str, **kwargs: Any) -> None:
        self.reply(tool_call_completion(arguments, **kwargs))

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.reply(
            {"error": {"message": message, "type": "synthetic", "code": status}}, status, headers
        )

    def fault(self, kind: Fault) -> None:
        self.queue.append(kind)

    def answer(self, content: bytes) -> Reply:
        """Record a request body and take the next reply."""
        request = json.loads(content or b"{}")
        self.requests.append(request)
        if self.respond is not None:
            return self.respond(request)
        if not self.queue:
            return 500, {"error": {"message": "synthetic queue empty"}}, {}
        return self.queue.pop(0)

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        reply = self.answer(request.content)
        if reply == "hang":
            raise httpx2.ReadTimeout("synthetic: no answer", request=request)
        if reply == "drop":
            raise httpx2.RemoteProtocolError("synthetic: connection dropped", request=request)
        status, body, headers = reply
        data, headers = _encoded(body, headers)
        return httpx2.Response(status, content=data, headers=headers)

    def client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self._handle))

    @contextmanager
    def on_loopback(self) -> Iterator[str]:
        """Serve over real HTTP on 127.0.0.1, for code that builds its own client (the
        CLI, concurrent runs); yields the base URL.
        """
        synthetic = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                reply = synthetic.answer(self.rfile.read(length))
                if reply == "hang":
                    synthetic._stopped.wait()
                if reply in ("hang", "drop"):
                    self.close_connection = True
                    return
                status, body, headers = reply
                data, headers = _encoded(body, headers)
                self.send_response(status)
                self.send_header("content-length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/v1"
        finally:
            self._stopped.set()
            server.shutdown()
            server.server_close()
