"""Model time per article with and without the quote translations, from the recordings.

`--detail brief` makes exactly the calls of `full` but the translations (the summary
call and any repair are the same requests), so replaying a `full` recording with the
latencies measured while recording gives both: `full` is every call's time, `brief`
the time of all but the `translate` calls. A recording the current code no longer
matches is left out.

    python evals/bench_detail.py            # cite, both models, dev and test
"""

from __future__ import annotations

import contextlib
import logging
import statistics
from pathlib import Path

from summarizer.config import Settings
from summarizer.errors import CassetteMissError, ExtractionError
from summarizer.evaluation.dataset import load_dataset
from summarizer.evaluation.runner import cassette_path, keep_timing, timing_path
from summarizer.pipeline import REPLAY_BASE_URL, Endpoint, run_sync, summarize_on
from summarizer.schema import SummaryResult

ROOT = Path(__file__).resolve().parent.parent
MODELS = ("qwen2.5-coder-1.5b", "smollm2-135m")
DATASETS = ("dev", "test")


def replayed(model: str, text: str, path: Path) -> SummaryResult | None:
    settings = Settings(model=model, strategy="cite", detail="full")
    endpoint = Endpoint(REPLAY_BASE_URL, None, model)
    with contextlib.suppress(ExtractionError, CassetteMissError):  # failed, or stale
        result = run_sync(lambda: summarize_on(endpoint, text, settings, cassette_path=path))
        return keep_timing(result, timing_path(path), recording=False)
    return None


def main() -> None:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    print(
        "| model | dataset | articles | median full s | median brief s | translations / article |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for model in MODELS:
        for dataset in DATASETS:
            full, brief, asked = [], [], []
            for case in load_dataset(ROOT / "evals" / "datasets" / dataset):
                path = cassette_path(ROOT / "evals" / "cassettes", model, "cite", case.id)
                if not path.exists() or not timing_path(path).exists():
                    continue
                result = replayed(model, case.text, path)
                if result is None:
                    continue
                full.append(sum(a.latency_s for a in result.attempts))
                brief.append(sum(a.latency_s for a in result.attempts if a.purpose != "translate"))
                asked.append(sum(a.purpose == "translate" for a in result.attempts))
            if full:
                print(
                    f"| {model} | {dataset} | {len(full)} | {statistics.median(full):.1f} "
                    f"| {statistics.median(brief):.1f} | {statistics.mean(asked):.1f} |"
                )


if __name__ == "__main__":
    main()
