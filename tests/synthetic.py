"""SYNTHETIC responses, built by hand for error-path tests: never a model's answer.

A queue of canned HTTP responses behind httpx2's MockTransport (or a loopback HTTP
server), shaped like an OpenAI-compatible server's chat completions, plus the requests
the client sent. Besides answers, a server can misbehave: hang, drop the connection,
or send a body that is no chat completion. `auto_reply` answers any request with the
forced tool's schema filled in by rule (`fill`), for batch, kill and load tests:

    python -m tests.synthetic --delay 0.5     # serve on loopback, print the base URL
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
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


CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if tools %}<tools>{% for t in tools %}{{ t | tojson }}{% endfor %}</tools>{% endif %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
"""A SYNTHETIC chat template in the shape of Qwen's (ChatML, tools as JSON)."""


def write_gguf(
    path: Path, template: str = CHATML, tokens: tuple[str, ...] = ("<s>", "</s>")
) -> Path:
    """A SYNTHETIC GGUF file: no tensors, only a chat template and a vocabulary whose
    last token ends a turn; enough metadata for `summarizer.chat_template`.
    """

    def text(value: str) -> bytes:
        data = value.encode("utf-8")
        return struct.pack("<Q", len(data)) + data

    entries = [
        text("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, len(tokens))
        + b"".join(text(t) for t in tokens),
        text("tokenizer.ggml.eos_token_id") + struct.pack("<II", 4, len(tokens) - 1),
        text("tokenizer.chat_template") + struct.pack("<I", 8) + text(template),
    ]
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(entries)) + b"".join(entries))
    return path


def fill(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """A value that validates against `schema`, by rule: the first enum value or option,
    "Synthetic" for text, lists as short as allowed, every property of an object.
    """
    defs = schema.get("$defs", defs or {})
    if "$ref" in schema:
        return fill(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return fill(options[0], defs) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            key: [1] if key == "segments" else fill(value, defs)  # a sentence cites segment 1
            for key, value in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [fill(schema.get("items", {}), defs) for _ in range(schema.get("minItems", 0))]
    return {"array": [], "string": "Synthetic", "integer": 0, "number": 0, "boolean": False}.get(
        str(kind)
    )


def auto_reply(delay_s: float = 0.0) -> Callable[[dict[str, Any]], Reply]:
    """A `respond` hook: after `delay_s`, the forced tool called with `fill` of its schema."""

    def respond(request: dict[str, Any]) -> Reply:
        time.sleep(delay_s)
        tool = request["tools"][0]["function"]
        completion = tool_call_completion(fill(tool["parameters"]))
        completion["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = tool["name"]
        return 200, completion, {}

    return respond


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


def main() -> None:
    """Serve `auto_reply` answers on loopback until stopped; the base URL is the first line."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per answer")
    args = parser.parse_args()
    server = SyntheticServer(respond=auto_reply(args.delay))
    with server.on_loopback() as base_url:
        print(base_url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin or kills us


if __name__ == "__main__":
    main()
