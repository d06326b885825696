"""SYNTHETIC responses, built by hand for error-path tests: never a model's answer.

A queue of canned HTTP responses behind httpx2's MockTransport, shaped like an
OpenAI-compatible server's chat completions, plus the requests the client sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx2


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


@dataclass
class SyntheticServer:
    """Answers each request with the next queued (status, body, headers)."""

    queue: list[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def reply(
        self, body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        self.queue.append((status, body, headers or {}))

    def reply_tool(self, arguments: dict[str, Any] | str, **kwargs: Any) -> None:
        self.reply(tool_call_completion(arguments, **kwargs))

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.reply(
            {"error": {"message": message, "type": "synthetic", "code": status}}, status, headers
        )

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content or b"{}"))
        if not self.queue:
            return httpx2.Response(500, json={"error": {"message": "synthetic queue empty"}})
        status, body, headers = self.queue.pop(0)
        return httpx2.Response(status, json=body, headers=headers)

    def client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self._handle))
