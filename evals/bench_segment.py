"""Time and memory of what runs before the first model call, at 0.1-10 MB of input.

Run: .venv/bin/python evals/bench_segment.py [--sizes 0.1,0.2,0.5,1,2,5,10] [--shapes ...]

Segmentation and the `cite` strategy's candidate finders (quotes with their speakers,
event segments) read the whole article before the model sees it, so their cost must
grow linearly with the input: a file far larger than any article (the input cap keeps
those out of `summarize`, see README) must not hang the reader first. Inputs are real
pool articles, concatenated to the size asked for, in three shapes:

- `articles`: as they are, one after another;
- `one-sentence`: every sentence end and line break made a space, so one sentence
  (split only at commas) runs the whole length;
- `open-quotes`: every closing quotation mark removed, so no opening one is closed.

Prints seconds (best of `--repeat`) and the peak traced memory per stage, and the time
per MB, which stays flat when the cost is linear.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from summarizer.event_candidates import event_candidates
from summarizer.lexicon import QUOTE_PAIRS
from summarizer.segment import Segment, segment
from summarizer.speech import quote_candidates

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def _articles() -> list[str]:
    lines = (ROOT / "data" / "pool.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def _one_sentence(text: str) -> str:
    return text.translate(str.maketrans(dict.fromkeys(".!?؟؛;\n", " ")))


def _open_quotes(text: str) -> str:
    closers = {c for o, c in QUOTE_PAIRS.items() if c != o}
    return text.translate(str.maketrans(dict.fromkeys(closers, " ")))


SHAPES: dict[str, Callable[[str], str]] = {
    "articles": lambda text: text,
    "one-sentence": _one_sentence,
    "open-quotes": _open_quotes,
}


def build(size_bytes: int, articles: list[str]) -> str:
    """Pool articles, one after another, to `size_bytes` of UTF-8."""
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        article = articles[len(parts) % len(articles)]
        parts.append(article)
        total += len(article.encode("utf-8")) + 2
    text = "\n\n".join(parts)
    return text.encode("utf-8")[:size_bytes].decode("utf-8", errors="ignore")


def measure(text: str, repeat: int) -> dict[str, tuple[float, float]]:
    """Per stage: (best seconds, peak traced MB)."""
    stages: dict[str, Callable[[list[Segment]], object]] = {
        "segment": lambda _: segment(text),
        "quotes": lambda segments: quote_candidates(text, segments),
        "events": lambda segments: event_candidates(segments),
    }
    segments = segment(text)
    out: dict[str, tuple[float, float]] = {}
    for name, stage in stages.items():
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            stage(segments)
            best = min(best, time.perf_counter() - started)
        tracemalloc.start()
        stage(segments)
        peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
        out[name] = (best, peak)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.1,0.2,0.5,1,2,5,10", help="MB of UTF-8")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    articles = _articles()
    print("| shape | MB | chars | segment s | quotes s | events s | total s/MB | peak MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for shape in args.shapes.split(","):
        for size in (float(s) for s in args.sizes.split(",")):
            text = SHAPES[shape](build(int(size * MB), articles))
            stages = measure(text, args.repeat)
            seconds = [stages[name][0] for name in ("segment", "quotes", "events")]
            peak = max(p for _, p in stages.values())
            print(
                f"| {shape} | {size:g} | {len(text):,} | "
                + " | ".join(f"{s:.2f}" for s in seconds)
                + f" | {sum(seconds) / size:.2f} | {peak:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
