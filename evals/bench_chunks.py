"""How much overlap chunks need: code-found quotes and speakers, chunked versus whole.

Under `cite`, code finds every quote and its speaker; the model only labels them. So the
overlap that chunking needs can be measured without a model: cut each pool article into
chunks of at most `--chunk-chars` characters (small, to get many cuts), find the quote
candidates of every chunk, keep each from the chunk that owns its position (as
`summarizer.chunks.merge` does), and compare with the whole article's: the quotes `cite`
keeps (speaker named within its ATTRIBUTION_WINDOW) must be the same spans with the same
speaker mention; a quote whose speaker stands farther away is dropped either way.

    python evals/bench_chunks.py                       # all 240 pool articles
    python evals/bench_chunks.py --chunk-chars 6000 --overlaps 1400
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from summarizer.chunks import plan  # noqa: E402
from summarizer.errors import ContextOverflowError  # noqa: E402
from summarizer.segment import segment  # noqa: E402
from summarizer.speech import QuoteCandidate, quote_candidates  # noqa: E402
from summarizer.strategies.cite import ATTRIBUTION_WINDOW  # noqa: E402

Found = set[tuple[int, int, str | None]]


def _kept(quote: QuoteCandidate) -> bool:
    """`cite` keeps a quote whose speaker is named within ATTRIBUTION_WINDOW of it."""
    mention = quote.speaker
    if mention is None:
        return False
    return max(quote.start - mention.end, mention.start - quote.end) <= ATTRIBUTION_WINDOW


def candidates(text: str, offset: int = 0) -> Found:
    """The quotes `cite` keeps as (start, end, speaker mention), in article offsets."""
    return {
        (q.start + offset, q.end + offset, q.speaker.text if q.speaker else None)
        for q in quote_candidates(text, segment(text))
        if _kept(q)
    }


def chunked(text: str, chunk_chars: int, overlap: int) -> tuple[Found, int]:
    async def fits(part: str) -> bool:
        return len(part) <= chunk_chars

    chunks = asyncio.run(plan(text, fits, overlap))
    found: Found = set()
    for chunk in chunks:
        part = candidates(text[chunk.start : chunk.end], chunk.start)
        found |= {c for c in part if chunk.owns(c[0])}
    return found, len(chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", default=str(ROOT / "data" / "pool.jsonl"))
    parser.add_argument("--chunk-chars", type=int, default=4000)
    parser.add_argument("--overlaps", default="0,300,600,900,1200,1400,1800")
    args = parser.parse_args()
    with open(args.pool, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    splittable = []
    for text in texts:  # a segment longer than a chunk cannot be chunked at this size
        try:
            chunked(text, args.chunk_chars, 0)
            splittable.append(text)
        except ContextOverflowError:
            continue
    texts = splittable
    wholes = [candidates(text) for text in texts]
    total = sum(len(w) for w in wholes)
    print(f"{len(texts)} articles, {total} attributed quotes, chunks <= {args.chunk_chars} chars")
    print("| overlap chars | chunks | same span and speaker | missed | extra | articles differ |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for overlap in (int(o) for o in args.overlaps.split(",")):
        same = extra = differing = parts = 0
        for text, whole in zip(texts, wholes, strict=True):
            found, count = chunked(text, args.chunk_chars, overlap)
            parts += count
            same += len(found & whole)
            extra += len(found - whole)
            differing += found != whole
        print(
            f"| {overlap} | {parts} | {same / total:.1%} | {total - same} | {extra} | {differing} |"
        )


if __name__ == "__main__":
    main()
