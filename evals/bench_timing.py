"""Where the time goes, per (model, strategy), from the recorded runs.

Reads the timing sidecars written while recording (wall time, and the time spent
inside model calls) and replays every cassette to time everything else: loading,
segmenting, rendering prompts, parsing, grounding and scoring, plus the cassette's
replay (so an upper bound on our code's cost).

    python evals/bench_timing.py
"""

from __future__ import annotations

import contextlib
import json
import logging
import statistics
import time
from pathlib import Path

from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.evaluation.dataset import load_dataset
from summarizer.evaluation.runner import cassette_path, timing_path
from summarizer.pipeline import REPLAY_BASE_URL, Endpoint, run_sync, summarize_on

ROOT = Path(__file__).resolve().parent.parent
MODELS = ("qwen2.5-coder-1.5b", "smollm2-135m")
STRATEGIES = ("cite", "copy")


def replay_seconds(model: str, strategy: str, text: str, path: Path) -> float:
    settings = Settings(model=model, strategy=strategy)
    endpoint = Endpoint(REPLAY_BASE_URL, None, model)
    started = time.perf_counter()
    with contextlib.suppress(ExtractionError):  # a recorded failure ran our code too
        run_sync(lambda: summarize_on(endpoint, text, settings, cassette_path=path))
    return time.perf_counter() - started


def main() -> None:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # logs each invalid answer
    cases = load_dataset(ROOT / "evals" / "datasets" / "dev")
    print(
        "| model · strategy | cases | median wall s | p90 wall s | max wall s "
        "| outside model calls (live) | replay s / case (our code + cassette) | share of wall |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for model in MODELS:
        for strategy in STRATEGIES:
            walls, outside, replays = [], [], []
            for case in cases:
                path = cassette_path(ROOT / "evals" / "cassettes", model, strategy, case.id)
                if not path.exists() or not timing_path(path).exists():
                    continue
                timing = json.loads(timing_path(path).read_text(encoding="utf-8"))
                walls.append(timing["wall_s"])
                outside.append(timing["wall_s"] - timing["model_s"])
                replays.append(replay_seconds(model, strategy, case.text, path))
            if not walls:
                continue
            walls.sort()
            p90 = walls[min(len(walls) - 1, round(0.9 * (len(walls) - 1)))]
            print(
                f"| {model} · {strategy} | {len(walls)} | {statistics.median(walls):.1f} "
                f"| {p90:.1f} | {walls[-1]:.1f} "
                f"| {100 * sum(outside) / sum(walls):.2f}% "
                f"| {statistics.mean(replays):.3f} "
                f"| {100 * sum(replays) / sum(walls):.2f}% |"
            )


if __name__ == "__main__":
    main()
