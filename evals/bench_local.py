"""Model time per dev article on the embedded model, for one llama.cpp build and setting.

Measures what a user waits for: the `cite` strategy run live (no cassette) on every dev
article, one server for all of them. Prints per-article model time and the prompt and
generation speeds llama.cpp logs, then the medians. Use it to choose `repack`:

    .venv/bin/python evals/bench_local.py --repack off
    .venv/bin/python evals/bench_local.py --repack on          # crashes on AMX CPUs (0.3.36)
    .venv/bin/python evals/bench_local.py --python /tmp/venv-noamx/bin/python --repack on
    .venv/bin/python evals/bench_local.py --speed 3 --repack off   # llama.cpp speed only

`--speed N` measures llama.cpp alone: N requests with the seed article's real prompt (a
different first token each time, so no prompt cache helps) and 64 generated tokens. The
answers of a model differ between builds and settings (different arithmetic), so model
time per article mixes speed with answer length; tokens per second do not.

`--python` runs the server with another interpreter, i.e. another llama-cpp-python build
(for instance one built with GGML_NATIVE=OFF and no AMX, to compare on the same CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.evaluation.dataset import load_dataset  # noqa: E402
from summarizer.local import DEATH_GRACE_SECONDS, LocalServer  # noqa: E402
from summarizer.pipeline import Endpoint, summarize_on  # noqa: E402
from summarizer.weights import MODELS, model_path  # noqa: E402

_PERF = re.compile(
    r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens.*?\n"
    r".*?eval time =\s*([\d.]+) ms /\s*(\d+) runs",
)


def _speeds(log: str) -> list[tuple[float, float]]:
    """(prompt tokens/s, generated tokens/s) for each request the server logged."""
    return [
        (int(n_p) / (float(ms_p) / 1000), int(n_g) / (float(ms_g) / 1000) if float(ms_g) else 0)
        for ms_p, n_p, ms_g, n_g in _PERF.findall(log)
    ]


def speed(server: LocalServer, rounds: int) -> None:
    """Prompt and generation speed on a fixed real prompt, from llama.cpp's own timings."""
    from openai import OpenAI

    from summarizer import prompts
    from summarizer.segment import segment

    text = (ROOT / "data" / "seed.txt").read_text(encoding="utf-8")
    user = prompts.render("cite", segments=segment(text), speakers={}, events=[])
    client = OpenAI(base_url=server.base_url, api_key="local", max_retries=0)
    for n in range(rounds):
        client.chat.completions.create(
            model=server.alias,
            messages=[
                {"role": "system", "content": f"Run {n}."},
                {"role": "user", "content": user},
            ],
            max_tokens=64,
            temperature=0,
        )


async def bench(args: argparse.Namespace) -> None:
    cases = load_dataset(ROOT / "evals" / "datasets" / args.dataset)[: args.cases]
    settings = Settings(model=args.model, strategy=args.strategy)
    log_path = Path(args.log)
    server = LocalServer(
        model_path(args.model),
        alias=args.model if args.model in MODELS else None,
        repack=args.repack,
        python=args.python,
        log_path=log_path,
    )
    with server:
        endpoint = Endpoint(
            server.base_url,
            None,
            server.alias,
            server.n_ctx,
            server.count_prompt,
            lambda when: server.failure(when, DEATH_GRACE_SECONDS),
        )
        print(f"# {args.label}: python {args.python}, extra_bufts={server.extra_bufts}")
        print(f"# llama.cpp CPU: {server.cpu_features()}")
        if args.speed:
            speed(server, args.speed)
            cases = []
        print(f"{'case':<42} {'model s':>8} {'wall s':>7} {'in':>6} {'out':>5}")
        model_s: list[float] = []
        for case in cases:
            started = time.perf_counter()
            result = await summarize_on(endpoint, case.text, settings)
            spent = sum(a.latency_s for a in result.attempts)
            model_s.append(spent)
            print(
                f"{case.id:<42} {spent:>8.1f} {time.perf_counter() - started:>7.1f} "
                f"{result.usage.prompt_tokens:>6} {result.usage.completion_tokens:>5}",
                flush=True,
            )
    speeds = _speeds(log_path.read_text(encoding="utf-8", errors="replace"))
    prompt = statistics.median(p for p, _ in speeds) if speeds else float("nan")
    generated = statistics.median(g for _, g in speeds) if speeds else float("nan")
    per_article = (
        f"median model time {statistics.median(model_s):.1f} s/article, "
        f"total {sum(model_s):.0f} s; "
        if model_s
        else ""
    )
    print(
        f"# {args.label}: {per_article}prompt {prompt:.0f} tok/s, generation {generated:.1f} tok/s "
        f"(median of {len(speeds)} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--strategy", default="cite", choices=("cite", "copy"))
    parser.add_argument("--repack", default="auto", choices=("auto", "on", "off"))
    parser.add_argument("--python", default=sys.executable, help="interpreter for the server")
    parser.add_argument("--dataset", default="dev")
    parser.add_argument("--cases", type=int, default=None, help="only the first N cases")
    parser.add_argument("--speed", type=int, default=0, help="N fixed-prompt requests instead")
    parser.add_argument("--label", default="run")
    parser.add_argument("--log", default="/tmp/bench-local-server.log")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
