"""The normalized article with its words: what alignment and the name check search."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from summarizer.normalize import Normalized, normalize

WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, eq=False, slots=True)
class Index:
    """A normalized article with its words, so many fragments share one tokenization."""

    norm: Normalized
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    postings: dict[str, list[int]]


@lru_cache(maxsize=64)
def article_index(source: str) -> Index:
    """The article's index, cached: one article serves many fragments."""
    norm = normalize(source)
    tokens: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for match in WORD.finditer(norm.text):
        postings[match.group()].append(len(tokens))
        tokens.append(match.group())
        starts.append(match.start())
        ends.append(match.end())
    return Index(norm, tokens, starts, ends, dict(postings))
