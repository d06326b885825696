"""Throughput and memory of a batch: articles per hour, time in the model, peak memory.

Runs `summarizer.batch.run_batch` in this process over the pool and prints, as the batch
grows, the articles per hour, the share of wall time spent inside model calls, and this
process's memory (resident now and at its peak; the model server is another process and
is not counted). Memory must stay flat: nothing per article is kept but its id.

    python evals/bench_batch.py --synthetic                  # all 240, model out of the picture
    python evals/bench_batch.py --synthetic --delay 0.5      # a model that takes 0.5 s a call
    python evals/bench_batch.py --synthetic --repeat 4 --traced   # 960, Python heap traced
    python evals/bench_batch.py --limit 5                     # the embedded 1.5B model, live
    python evals/bench_batch.py --input long40.jsonl --detail brief --out long40.out.jsonl
    python evals/bench_batch.py                               # the full pool, live (~hours)

`--synthetic` answers from `tests.synthetic` (the forced tool's schema filled in by rule,
SYNTHETIC, never a model's answer) on loopback in a child process: what remains is our
own cost per article (loading, segmenting, rendering, HTTP, parsing, grounding, writing
and syncing the line).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from summarizer.batch import Outcome, Totals, run_batch  # noqa: E402
from summarizer.config import Settings  # noqa: E402

CHECKPOINTS = (1, 10, 30, 60, 120, 240, 480, 960)


def resident_mb() -> float:
    """This process's resident memory now."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def traced_mb() -> str:
    """Python objects alive now, after a collection (with --traced)."""
    if not tracemalloc.is_tracing():
        return "-"
    gc.collect()
    return f"{tracemalloc.get_traced_memory()[0] / 2**20:.1f}"


@contextlib.contextmanager
def synthetic_server(delay: float) -> Iterator[str]:
    """The SYNTHETIC server in a child process, so its memory is not ours; its base URL."""
    argv = [sys.executable, "-m", "tests.synthetic", "--delay", str(delay)]
    child = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None
        yield child.stdout.readline().decode().strip()
    finally:
        child.kill()
        child.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", default=str(ROOT / "data" / "pool.jsonl"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=1, help="the input K times, ids renamed")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--synthetic", action="store_true", help="a synthetic server, no model")
    parser.add_argument("--delay", type=float, default=0.0, help="synthetic seconds per call")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--out", default=None, help="keep the JSONL here (default: discarded)")
    parser.add_argument("--traced", action="store_true", help="also trace the Python heap (slow)")
    parser.add_argument("--detail", default="full", choices=("brief", "full"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    source = work / "input.jsonl"
    with source.open("w", encoding="utf-8") as copy:
        for round in range(args.repeat):
            with open(args.input, encoding="utf-8") as lines:
                for line in itertools.islice(lines, args.limit):
                    row = json.loads(line)
                    row["id"] = f"{row['id']}#{round}" if round else row["id"]
                    copy.write(json.dumps(row, ensure_ascii=False) + "\n")
    out = Path(args.out) if args.out else work / "out.jsonl"
    totals = Totals()
    if args.traced:
        tracemalloc.start()
    started = time.perf_counter()
    print(
        "| articles | failed | wall s | articles / hour | in the model | resident MB | peak MB "
        "| Python heap MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row() -> None:
        wall = time.perf_counter() - started
        count = totals.done + totals.failed
        print(
            f"| {count} | {totals.failed} | {wall:.1f} | {count / wall * 3600:,.0f} "
            f"| {totals.model_s / wall:.0%} | {resident_mb():.0f} | {peak_mb():.0f} "
            f"| {traced_mb()} |",
            flush=True,
        )

    def checkpoint(outcome: Outcome) -> None:
        if totals.done + totals.failed in CHECKPOINTS:
            row()

    async def run(base_url: str | None) -> None:
        model = "synthetic" if args.synthetic else args.model
        settings = Settings(model=model, base_url=base_url, detail=args.detail)
        await run_batch(
            str(source),
            out,
            settings,
            concurrency=args.concurrency,
            totals=totals,
            on_outcome=checkpoint,
        )

    with synthetic_server(args.delay) if args.synthetic else contextlib.nullcontext() as url:
        asyncio.run(run(url))
    row()
    count = totals.done + totals.failed
    wall = time.perf_counter() - started
    print(
        f"# {count} articles ({totals.failed} failed), {totals.tokens:,} tokens, "
        f"{wall:.1f} s: {(wall - totals.model_s) / max(count, 1) * 1000:.0f} ms per article "
        f"outside model calls, peak {peak_mb():.0f} MB (this process)"
    )


if __name__ == "__main__":
    main()
