"""What a run costs at list price: hosted models by their price, local models nothing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from summarizer.config import LOCAL_MODELS


class Price(BaseModel):
    """List price in USD per million tokens."""

    model_config = ConfigDict(extra="forbid")

    input: float
    output: float


PRICES: dict[str, Price] = {
    # OpenAI standard-tier list prices (USD / 1M tokens), as published in 2026.
    "gpt-4o-mini": Price(input=0.15, output=0.60),
    "gpt-4o": Price(input=2.50, output=10.00),
    "gpt-4.1-nano": Price(input=0.10, output=0.40),
    "gpt-4.1-mini": Price(input=0.40, output=1.60),
    "gpt-4.1": Price(input=2.00, output=8.00),
    "gpt-5-nano": Price(input=0.05, output=0.40),
    "gpt-5-mini": Price(input=0.25, output=2.00),
    "gpt-5": Price(input=1.25, output=10.00),
}
"""Keys are matched as prefixes of the model name, longest first, so dated snapshots
(`gpt-4o-mini-2024-07-18`) find their family and `gpt-4o-mini` never prices as `gpt-4o`."""


def price_of(model: str) -> Price | None:
    """Price of a model name: zero for our local models, None when we do not know it.

    Local runs report the llama.cpp alias: a registry name (`config.LOCAL_MODELS`), or
    the GGUF's stem, which cannot be told from a hosted name and so shows as unknown.
    """
    name = model.lower().removeprefix("openai/")
    if model in LOCAL_MODELS or name.endswith(".gguf"):
        return Price(input=0.0, output=0.0)
    family = next(
        (key for key in sorted(PRICES, key=len, reverse=True) if name.startswith(key)), None
    )
    return PRICES[family] if family else None


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD at list price; None for an unknown model, so it shows as "n/a", not as free."""
    price = price_of(model)
    if price is None:
        return None
    return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000
