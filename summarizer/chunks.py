"""Articles longer than the model's context: read in overlapping chunks, merged into one.

The article is cut on segment boundaries into chunks whose real request (the prompt as
the model's chat template lays it out, counted by the server's tokenizer, plus the
completion budget) fits the context; neighbours share `OVERLAP_CHARS`, so a quote near
a cut still has its speaker in view. Each chunk goes through the extractor like an
article; its items are moved into the whole article's offsets and kept only from the
chunk that owns their position (an overlap is split at its middle), so an item seen
twice is kept once. Then speakers get one English name across chunks, an event that
several chunks report becomes one with all their evidence (the events' own rule,
`strategies.events.same_happening`), and the headline and summary are written once,
from the merged items.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer.errors import ContextOverflowError
from summarizer.extract import Extraction, Extractor
from summarizer.schema import Event, Name, Quote, Sentence, Span
from summarizer.segment import Segment, segment
from summarizer.strategies import Item, Reading, Request
from summarizer.strategies.base import Built
from summarizer.strategies.events import merge_events as join_events
from summarizer.strategies.events import same_happening
from summarizer.strategies.names import one_name_per_speaker

OVERLAP_CHARS = 1200
"""Text neighbouring chunks share (at least). `cite` keeps a quote only when its speaker
is named within 600 characters (its ATTRIBUTION_WINDOW), and an item is kept from the
chunk where it stands at least half the overlap from the cut, so twice that window
gives every kept item its speaker's context. Measured by `evals/bench_chunks.py` on the
240 pool articles cut into 4,000-character chunks: the quotes and speakers code finds
equal the whole article's from an overlap of 600 on (98.7% with none)."""
MAX_CHUNKS = 8
"""Past this, an article is refused as too long even in chunks (a ~60,000-character text
on the 1.5B model's 8k context)."""
DIGEST_CHARS = 3000
"""The most article text the headline request shows: the lede and the merged items'
sentences, ~1,100 tokens on the 1.5B model."""
LEDE_SEGMENTS = 2

Fits = Callable[[Request], Awaitable[bool]]
"""Whether a request, with its completion budget, fits the model's context."""


@dataclass(frozen=True)
class Chunk:
    """A stretch of the article read as one request, and the part of it whose items it keeps."""

    number: int
    start: int
    end: int
    own_start: int
    own_end: int

    def owns(self, position: int) -> bool:
        return self.own_start <= position < self.own_end


def _stretch(segments: list[Segment], first: int, last: int) -> tuple[int, int]:
    return segments[first].start, segments[last].end


async def _last_fitting(
    source: str, segments: list[Segment], first: int, fits: Callable[[str], Awaitable[bool]]
) -> int:
    """The last segment of the longest chunk from segment `first` whose request fits."""
    start, end = _stretch(segments, first, first)
    if not await fits(source[start:end]):
        raise ContextOverflowError(
            f"segment {first + 1} ({end - start} characters) alone does not fit the context"
        )
    low, high = first, len(segments) - 1
    while low < high:
        middle = (low + high + 1) // 2
        start, end = _stretch(segments, first, middle)
        if await fits(source[start:end]):
            low = middle
        else:
            high = middle - 1
    return low


def _next_starts(segments: list[Segment], first: int, last: int, overlap: int) -> list[int]:
    """Where the next chunk may start, best first: at the segment holding the point
    `overlap` characters before this one ends (so neighbours share at least that much),
    else one segment later, else right after this chunk (when long segments leave no room).
    """
    if not overlap:
        return [last + 1]
    cut = segments[last].end - overlap
    inside = [k for k in range(first + 1, last + 1) if segments[k].start <= cut]
    holding = inside[-1] if inside else first + 1
    return list(dict.fromkeys([holding, min(holding + 1, last + 1), last + 1]))


async def plan(
    source: str, fits: Callable[[str], Awaitable[bool]], overlap: int = OVERLAP_CHARS
) -> list[Chunk]:
    """The chunks of `source`: each as long as its request fits (`fits` of its text)."""
    segments = segment(source)
    first, last = 0, await _last_fitting(source, segments, 0, fits)
    ranges = [(first, last)]
    while last < len(segments) - 1:
        if len(ranges) == MAX_CHUNKS:
            raise ContextOverflowError(
                f"the article is too long even in chunks: {MAX_CHUNKS} cover "
                f"{segments[last].end} of its {len(source)} characters"
            )
        for start in _next_starts(segments, first, last, overlap):
            end = await _last_fitting(source, segments, start, fits)
            if end > last:  # the last choice always moves on
                break
        first, last = start, end
        ranges.append((first, last))
    stretches = [_stretch(segments, a, b) for a, b in ranges]
    cuts = [(end + later[0]) // 2 for (_, end), later in itertools.pairwise(stretches)]
    owned = zip([0, *cuts], [*cuts, len(source)], strict=True)
    return [
        Chunk(number, start, end, own_start, own_end)
        for number, ((start, end), (own_start, own_end)) in enumerate(
            zip(stretches, owned, strict=True), 1
        )
    ]


def shifted(model: Any, offset: int) -> Any:
    """`model` with every `Span` inside it moved by `offset` (a chunk's place in the article)."""
    if isinstance(model, Span):
        return model.model_copy(update={"start": model.start + offset, "end": model.end + offset})
    if isinstance(model, BaseModel):
        return model.model_copy(
            update={name: shifted(value, offset) for name, value in model if value is not None}
        )
    if isinstance(model, list):
        return [shifted(value, offset) for value in model]
    return model


@dataclass(kw_only=True)
class ChunkItem(Item):
    """An item of one chunk as its chunk settled it, placed in the whole article."""

    inner: Item
    chunk: Chunk

    def check(self, source: str) -> None:
        inner = self.inner
        self.built = shifted(inner.built, self.chunk.start)
        self.findings, self.removed = inner.findings, inner.removed
        self.fatal, self.rendered, self.attempts = inner.fatal, inner.rendered, inner.attempts

    def given(self) -> dict[str, object]:
        return {**self.inner.given(), "chunk": self.chunk.number}

    def target(self) -> str | None:
        return self.inner.target()


def _position(built: Built | None) -> int | None:
    """Where an item stands: its quote's, its first evidence's, its name's or its
    first support's start.
    """
    span: Span | None = None
    if isinstance(built, Quote | Name):
        span = built.span
    elif isinstance(built, Event) and built.evidence:
        span = built.evidence[0].span
    elif isinstance(built, Sentence) and built.support:
        span = built.support[0]
    return span.start if span else None


def merge_events(items: list[ChunkItem]) -> list[ChunkItem]:
    """One event per happening across chunks, by the events' own rule (`same_happening`):
    a kept event that reports again a kept event of an earlier chunk joins it, adding its
    evidence and what the first lacked.
    """
    merged: list[ChunkItem] = []
    for item in items:
        event = item.built if isinstance(item.built, Event) and item.keep else None
        host = next(
            (
                kept
                for kept in merged
                if event is not None
                and kept.chunk != item.chunk
                and kept.keep
                and isinstance(kept.built, Event)
                and same_happening(kept.built, event)
            ),
            None,
        )
        if host is None or event is None:
            merged.append(item)
            continue
        assert isinstance(host.built, Event)
        host.built = join_events([host.built, event])[0]
    return merged


def merge(source: str, parts: list[tuple[Chunk, Reading]]) -> list[Item]:
    """The items of all chunks in the whole article: each once, names and events joined."""
    items: list[ChunkItem] = []
    unplaced: list[dict[str, object]] = []
    for chunk, reading in parts:
        for inner in reading.items:
            if inner.kind in ("headline", "sentence"):
                continue  # written once, from the merged items
            item = ChunkItem(
                key=f"c{chunk.number}.{inner.key}",
                kind=inner.kind,
                attempts=inner.attempts,
                inner=inner,
                chunk=chunk,
            )
            item.ground(source)
            position = _position(item.built)
            if position is None:
                # Nothing located (a `copy` answer that does not hold): keep one of each.
                if inner.given() in unplaced:
                    continue
                unplaced.append(inner.given())
            elif not chunk.owns(position):
                continue
            items.append(item)
    kept: list[Item] = list(merge_events(items))
    one_name_per_speaker(kept)
    return kept


def digest(source: str, items: list[Item], limit: int = DIGEST_CHARS) -> str:
    """The article with only its lede and the kept items' segments left (events first,
    up to `limit` characters), the rest turned into line breaks: shorter, yet every
    offset is the article's own.
    """
    segments = segment(source)
    placed = [
        (item.kind != "event", position)
        for item in items
        if item.keep and (position := _position(item.built)) is not None
    ]
    wanted = segments[:LEDE_SEGMENTS] + [
        s for _, position in sorted(placed) for s in segments if s.start <= position < s.end
    ]
    chosen: list[Segment] = []
    for seg in dict.fromkeys(wanted):
        if not chosen or sum(len(s.text) for s in chosen) + len(seg.text) <= limit:
            chosen.append(seg)
    text = ["\n"] * len(source)
    for seg in chosen:
        text[seg.start : seg.end] = seg.text
    return "".join(text)


async def write_headline(
    extractor: Extractor, source: str, items: list[Item], fits: Fits
) -> list[Item] | None:
    """The headline and summary of the merged items, by the strategy's own headline
    request on a digest of the article (`digest`), settled like any items (checked
    against the segments they cite, repaired, dropped); None when no digest fits or the
    model gives no usable answer.
    """
    for limit in (DIGEST_CHARS, DIGEST_CHARS // 2, DIGEST_CHARS // 4):
        strategy = extractor.strategy_for(digest(source, items, limit))
        request = strategy.headline_request()
        if await fits(request):
            break
    else:
        return None
    outcome = await extractor.call("extract", request)
    if outcome.value is None:
        return None
    sentences = strategy.sentences(outcome.value)
    await extractor.settle(source, strategy, request, outcome.value, sentences)
    return sentences


async def extract(extractor: Extractor, source: str, fits: Fits | None) -> tuple[Extraction, int]:
    """The extraction of `source` and the number of chunks it was read in (1 when its
    request fits, or when the context is unknown and the endpoint must judge).
    """
    strategy = extractor.strategy_for(source)
    if fits is None or await fits(strategy.request()):
        return await extractor.run(source, strategy), 1

    async def fits_text(text: str) -> bool:
        return await fits(extractor.strategy_for(text).request())

    chunks = await plan(source, fits_text)
    parts = [(c, await extractor.read(source[c.start : c.end])) for c in chunks]
    items = merge(source, parts)
    sentences = await write_headline(extractor, source, items, fits)
    if sentences is None:  # the first chunk's own headline and summary hold the lede
        first, reading = parts[0]
        sentences = [
            ChunkItem(key=f"c1.{i.key}", kind=i.kind, inner=i, chunk=first)
            for i in reading.items
            if i.kind in ("headline", "sentence")
        ]
        for item in sentences:
            item.ground(source)
    return extractor.finish(source, Reading([*items, *sentences])), len(chunks)
