"""Run settings, validated once, frozen, and resolved from the environment in one place."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schema import Policy, StrategyName

DEFAULT_MODEL = "qwen2.5-coder-1.5b"
LOCAL_MODELS = ("qwen2.5-coder-1.5b", "smollm2-135m")
"""Names of the embedded models (`weights.MODELS`), known here so that pricing and other
readers need not import the model files' module; a test keeps the two in step."""
API_KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
REPACK_ENV = "SUMMARIZER_REPACK"
TIMEOUT_S = 600.0
"""Longest wait for one answer: a long article on the embedded model on two CPU cores
takes minutes."""
DEADLINE_S = 1800.0
"""Longest wait for one article's summary, all requests, retries and backoff together."""
MAX_CHARS = 200_000
"""Longest article read: eleven times the longest real one (17,600 characters), so a
wrong file (a dump, a log, /dev/zero) is refused at once instead of filling memory."""

Repack = Literal["auto", "on", "off"]


def _repack_default() -> str:
    """From the environment; validated like any option, so a typo is an error."""
    return os.environ.get(REPACK_ENV, "auto")


class Settings(BaseModel):
    """Everything a run depends on; unknown options are an error, not silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = DEFAULT_MODEL
    base_url: str | None = Field(default=None, description="Any OpenAI-compatible endpoint.")
    api_key: str | None = Field(default=None, repr=False)
    strategy: StrategyName = "cite"
    policy: Policy = "drop"
    output_language: str = "en"
    max_chars: int = Field(default=MAX_CHARS, gt=0, description="Longest article accepted.")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_repairs: int = Field(default=2, ge=0, le=5, description="Repair rounds for failed items.")
    parse_attempts: int = Field(
        default=2, ge=1, le=5, description="Attempts per call when the JSON is invalid."
    )
    transport_attempts: int = Field(
        default=5, ge=1, le=10, description="Attempts per call on 429, 5xx and connection errors."
    )
    timeout_s: float = Field(default=TIMEOUT_S, gt=0, description="Seconds per request.")
    deadline_s: float | None = Field(
        default=DEADLINE_S, gt=0, description="Seconds for the whole article; None: no limit."
    )
    repack: Repack = Field(
        default_factory=_repack_default,
        validate_default=True,
        description="llama.cpp weight repacking (extra buffer types) for the embedded model: "
        "auto turns it off on CPUs with AMX, where it crashes llama-cpp-python 0.3.36.",
    )

    def resolved_api_key(self) -> str | None:
        """Explicit key first, then the environment."""
        return self.api_key or os.environ.get(API_KEY_ENV)

    def resolved_base_url(self) -> str | None:
        return self.base_url or os.environ.get(BASE_URL_ENV)

    def uses_remote_endpoint(self) -> bool:
        """A base URL or an API key means: do not start the embedded local model."""
        return bool(self.resolved_base_url() or self.resolved_api_key())
