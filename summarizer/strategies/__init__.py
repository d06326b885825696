"""The strategies, one module each, behind one protocol (`base.Strategy`)."""

from collections.abc import Callable

from summarizer.schema import StrategyName
from summarizer.strategies.base import Answered, Asks, Item, Options, Reading, Request, Strategy
from summarizer.strategies.cite import Cite
from summarizer.strategies.copy import Copy

STRATEGIES: dict[StrategyName, Callable[[str, str, Options], Strategy]] = {
    "cite": Cite,
    "copy": Copy,
}
"""Each strategy by name, built from (article, system prompt, options)."""

__all__ = ["STRATEGIES", "Answered", "Asks", "Item", "Options", "Reading", "Request", "Strategy"]
