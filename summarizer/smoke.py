"""Whether this machine runs the embedded model: one real short completion, timed.

`summarizer models --check` runs it for each model; it goes through `local.serve`, the
path every summary takes, so what it proves holds for a real run.
"""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import dataclass

from summarizer import local
from summarizer.config import Repack
from summarizer.errors import ModelUnavailableError
from summarizer.weights import DEFAULT_MODEL


@dataclass(frozen=True)
class SmokeResult:
    """One real short completion on the embedded server, to tell whether this machine runs it."""

    model: str
    load_s: float
    answer_s: float
    completion_tokens: int
    answer: str
    extra_bufts: bool
    cpu_features: str | None


SMOKE_PROMPT = "Reply with the single word: ready"


def smoke_test(model: str = DEFAULT_MODEL, *, repack: Repack = "auto") -> SmokeResult:
    """Start the server, ask one short real question, and time both steps."""
    started = time.perf_counter()
    with local.serve(model, repack=repack) as server:
        loaded = time.perf_counter()
        body = {
            "model": server.alias,
            "messages": [{"role": "user", "content": SMOKE_PROMPT}],
            "max_tokens": 8,
            "temperature": 0,
        }
        request = urllib.request.Request(
            f"{server.base_url}/chat/completions",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        try:
            with local.OPENER.open(request, timeout=300) as response:
                reply = json.load(response)
        except (OSError, ValueError) as error:
            crash = server.failure("during the test completion", local.DEATH_GRACE_SECONDS)
            if crash is not None:
                raise crash from None
            raise ModelUnavailableError(f"the test completion failed: {error}") from None
        answered = time.perf_counter()
        return SmokeResult(
            model=model,
            load_s=round(loaded - started, 2),
            answer_s=round(answered - loaded, 2),
            completion_tokens=int(reply.get("usage", {}).get("completion_tokens", 0)),
            answer=str(reply["choices"][0]["message"].get("content") or "").strip(),
            extra_bufts=server.extra_bufts,
            cpu_features=server.cpu_features(),
        )
