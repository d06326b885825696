"""Run every case for every model and strategy, each exchange in its own cassette.

Replay is the default, so an eval reproduces offline; the local server starts only
when something must be recorded, once per model.
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer import prompts
from summarizer.config import Settings
from summarizer.errors import CassetteMissError, ExtractionError, InputError
from summarizer.evaluation.dataset import Case, load_dataset
from summarizer.evaluation.report import (
    VIEWS,
    Report,
    load_report,
    render_json,
    render_markdown,
    write_reports,
    write_view,
)
from summarizer.evaluation.scores import CaseScore, RunId, RunScore, slug
from summarizer.evaluation.scoring import aggregate, score_case
from summarizer.pipeline import open_endpoint, run_sync, summarize_on
from summarizer.recording import RecordMode, needs_live_model
from summarizer.schema import EventFilter, StrategyName, SummaryResult

DEFAULT_CASSETTES = Path("evals/cassettes")


def cassette_path(root: Path, model: str, strategy: str, case_id: str) -> Path:
    """One cassette per (prompt version, model, strategy, case): a new prompt never
    replays an answer recorded for the old one.
    """
    return (
        root / prompts.prompt_version(strategy) / slug(model) / strategy / f"{slug(case_id)}.yaml"
    )


def timing_path(cassette: Path) -> Path:
    return cassette.with_suffix(".timing.json")


REPLAYED_S = 0.2
"""Under this, a call was answered from the cassette: a live one takes seconds here."""


def _merged(result: SummaryResult, old: dict[str, Any]) -> list[float]:
    """Each call's time when a run recorded only what its cassette lacked (new_episodes):
    a replayed call keeps the time recorded for the same purpose and ordinal before.
    """
    before: dict[tuple[str, int], float] = {}
    seen: Counter[str] = Counter()
    for purpose, seconds in zip(old.get("purposes", []), old["attempts_s"], strict=False):
        before[purpose, seen[purpose]] = seconds
        seen[purpose] += 1
    seen.clear()
    merged = []
    for attempt in result.attempts:
        ordinal = seen[attempt.purpose]
        seen[attempt.purpose] += 1
        replayed = attempt.latency_s < REPLAYED_S
        merged.append(
            before.get((attempt.purpose, ordinal), 0.0) if replayed else attempt.latency_s
        )
    return merged


def keep_timing(
    result: SummaryResult, path: Path, recording: bool, merge: bool = False
) -> SummaryResult:
    """A replay takes milliseconds; report the wall time measured when it was recorded.

    The sidecar also keeps the time spent inside model calls, so the share of wall time
    our own code takes can be read back from every recorded case. With `merge` (a run
    that recorded only what its cassette lacked), replayed calls keep their old times.
    """
    if recording:
        attempts_s = [a.latency_s for a in result.attempts]
        wall_s = result.latency_s
        if merge and path.exists():
            old = json.loads(path.read_text(encoding="utf-8"))
            attempts_s = _merged(result, old)
            ours = max(0.0, old["wall_s"] - old["model_s"])
            wall_s = round(ours + sum(attempts_s), 3)
        timing = {
            "wall_s": wall_s,
            "model_s": round(sum(attempts_s), 3),
            "attempts_s": attempts_s,
            "purposes": [a.purpose for a in result.attempts],
        }
        path.write_text(json.dumps(timing, indent=2) + "\n", encoding="utf-8")
        return result
    if not path.exists():
        return result
    timing = json.loads(path.read_text(encoding="utf-8"))
    attempts = [
        a.model_copy(update={"latency_s": s})
        for a, s in zip(result.attempts, timing["attempts_s"], strict=False)
    ]
    return result.model_copy(update={"latency_s": timing["wall_s"], "attempts": attempts})


@dataclass(frozen=True)
class Plan:
    datasets: Sequence[Path]
    models: Sequence[str]
    strategies: Sequence[StrategyName]
    record_mode: RecordMode = "none"
    cassettes: Path = DEFAULT_CASSETTES
    base_url: str | None = None
    views: Path | None = None
    """Where to write each run's view of each article (beside the report), if anywhere."""
    event_filter: EventFilter = "model"
    """Who decides which candidates are events; requests are the same either way, so
    one recording replays both."""

    def record_command(self, dataset: Path, model: str, strategy: str, cassette: Path) -> str:
        """What records a missing cassette (`once`), or re-records a stale one (`all`)."""
        mode = "all" if cassette.exists() else "once"
        return (
            f"summarizer eval --dataset {dataset} --models {model} "
            f"--strategies {strategy} --record-mode {mode}"
        )


async def run_model(
    plan: Plan,
    datasets: dict[Path, list[Case]],
    model: str,
    advance: Callable[[str], None],
) -> list[RunScore]:
    """Every strategy on every case of every dataset for one model, on one server at most."""
    base = Settings(model=model, base_url=plan.base_url, event_filter=plan.event_filter)
    paths = {
        (strategy, case.id): cassette_path(plan.cassettes, model, strategy, case.id)
        for strategy in plan.strategies
        for cases in datasets.values()
        for case in cases
    }
    live = any(needs_live_model(path, plan.record_mode) for path in paths.values())
    runs = []
    async with open_endpoint(base, live=live) as endpoint:
        for strategy, (dataset, cases) in product(plan.strategies, datasets.items()):
            settings = base.model_copy(update={"strategy": strategy})
            run = RunId(
                model=model,
                strategy=strategy,
                prompt_version=prompts.prompt_version(strategy),
                dataset=dataset.name,
            )
            scores: list[CaseScore] = []
            for case in cases:
                advance(f"{model} · {strategy} · {case.id}")
                path = paths[(strategy, case.id)]
                recording = needs_live_model(path, plan.record_mode)
                try:
                    result = await summarize_on(
                        endpoint,
                        case.text,
                        settings,
                        cassette_path=path,
                        record_mode=plan.record_mode,
                    )
                except CassetteMissError as error:
                    command = plan.record_command(dataset, model, strategy, path)
                    raise CassetteMissError(
                        f"{case.id}: {error}. Record it with: {command}"
                    ) from None
                except ExtractionError as error:
                    failed = score_case(
                        case, None, str(error), spent=error.attempts, dataset=dataset.name
                    )
                    scores.append(failed)
                    continue
                result = keep_timing(
                    result,
                    timing_path(path),
                    recording,
                    merge=plan.record_mode == "new_episodes",
                )
                scores.append(score_case(case, result, dataset=dataset.name))
                if plan.views is not None:
                    write_view(plan.views, run, case.id, case.text, result)
            runs.append(aggregate(scores, run))
    return runs


STRATEGIES: tuple[StrategyName, ...] = ("cite", "copy")


def _cases(dataset: Path, patterns: Sequence[str] | None) -> list[Case]:
    if not dataset.is_dir():
        raise InputError(f"no dataset folder at {dataset}")
    try:
        cases = load_dataset(dataset)
    except ValueError as error:
        raise InputError(f"{dataset}: a case file does not validate: {error}") from None
    if patterns is not None:
        cases = [c for c in cases if any(fnmatch.fnmatchcase(c.id, p) for p in patterns)]
    if not cases:
        which = f" matching {', '.join(patterns)}" if patterns is not None else ""
        raise InputError(f"{dataset} holds no *.json cases{which}")
    return cases


async def run_plan(plan: Plan, datasets: dict[Path, list[Case]], console: Console) -> Report:
    """Every (model, strategy, dataset, case), with a progress bar on stderr."""
    cases = sum(len(found) for found in datasets.values())
    total = len(plan.models) * len(plan.strategies) * cases
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    runs: list[RunScore] = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("eval", total=total)

        def advance(label: str) -> None:
            progress.update(task, description=label)
            progress.advance(task)

        for model in plan.models:
            runs += await run_model(plan, datasets, model, advance)
    return Report(runs=runs)


def run_eval(
    *,
    datasets: Sequence[Path],
    models: Sequence[str],
    strategies: Sequence[str],
    cases: Sequence[str] | None = None,
    record_mode: RecordMode,
    cassettes: Path,
    report_dir: Path | None,
    baseline: Path | None,
    base_url: str | None,
    as_json: bool,
    console: Console,
    event_filter: EventFilter = "model",
) -> str:
    """The `summarizer eval` command: run the plan, write reports, return the printed one."""
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown or not strategies:
        raise InputError(f"unknown strategy {unknown[0] if unknown else '(none)'}; use cite, copy")
    if not models:
        raise InputError("no model given")
    previous = None
    if baseline is not None:
        if not baseline.is_file():
            raise InputError(f"no baseline report at {baseline}")
        previous = load_report(baseline.read_text(encoding="utf-8"))
    chosen = tuple(known for name in strategies for known in STRATEGIES if name == known)
    if not datasets:
        raise InputError("no dataset given")
    views = report_dir / VIEWS if report_dir is not None else None
    plan = Plan(datasets, models, chosen, record_mode, cassettes, base_url, views, event_filter)
    found = {dataset: _cases(dataset, cases) for dataset in datasets}
    report = run_sync(lambda: run_plan(plan, found, console))
    if report_dir is not None:
        for path in write_reports(report, report_dir, previous, views=True):
            console.print(f"wrote {path}", highlight=False)
        console.print(f"wrote each run's view of each article in {views}", highlight=False)
    return render_json(report) if as_json else render_markdown(report, previous)
