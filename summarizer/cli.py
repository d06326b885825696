"""The `summarizer` command: parse arguments, call the library, format the output."""

from __future__ import annotations

import logging
import sys
import time
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from summarizer import evaluation, load, render, view
from summarizer.batch import Outcome, Totals, run_batch
from summarizer.cli_options import (
    BaseUrlOption,
    DeadlineOption,
    DetailOpt,
    DetailOption,
    EventFilterOpt,
    Format,
    MaxCharsOption,
    ModelOption,
    OutputLanguageOption,
    PolicyOpt,
    PolicyOption,
    RecordModeOpt,
    RepackOpt,
    ReportFormat,
    StrategyOpt,
    StrategyOption,
    TimeoutOption,
    fail,
    guarded,
    settings_options,
    stderr,
    write_output,
)
from summarizer.config import DEADLINE_S, DEFAULT_MODEL, MAX_CHARS, TIMEOUT_S, Settings
from summarizer.pipeline import run_sync
from summarizer.pipeline import summarize as run_summarize
from summarizer.schema import SCHEMA_MODELS, write_json_schemas

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Grounded, structured news summaries: events and quotes located in the source.",
)
# Libraries log their retries at ERROR; the CLI reports outcomes itself, in one line.
for _name in ("instructor", "openai", "httpx2"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@app.command()
def summarize(
    file: Annotated[
        str, typer.Argument(help="Article file (text, or JSON with a 'text' field); - for stdin.")
    ],
    model: ModelOption = DEFAULT_MODEL,
    base_url: BaseUrlOption = None,
    strategy: StrategyOption = StrategyOpt.cite,
    policy: PolicyOption = PolicyOpt.drop,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    cassette: Annotated[
        Path | None, typer.Option(help="Record or replay the model exchange in this cassette.")
    ] = None,
    record_mode: Annotated[
        RecordModeOpt, typer.Option(help="With --cassette: none replays only.")
    ] = RecordModeOpt.none,
    output_language: OutputLanguageOption = "en",
    max_chars: MaxCharsOption = MAX_CHARS,
    timeout: TimeoutOption = TIMEOUT_S,
    deadline: DeadlineOption = DEADLINE_S,
    detail: DetailOption = DetailOpt.full,
) -> None:
    """Summarize one article into grounded events and quotes."""

    def action() -> str:
        article = load.read(file, max_chars)
        with stderr.status(f"Summarizing with {model} ({strategy.value})…", spinner="dots"):
            result = run_summarize(
                article.text,
                **settings_options(
                    model,
                    base_url,
                    strategy,
                    policy,
                    output_language,
                    max_chars,
                    timeout,
                    deadline,
                    detail,
                ),
                cassette_path=cassette,
                record_mode=record_mode.value,
            )
        stderr.print(render.status_line(result), highlight=False, soft_wrap=True)
        if format is Format.html:
            return view.render_html(result, article.text)
        if format is Format.markdown:
            return render.to_markdown(result, article.text)
        return render.to_json(result)

    write_output(guarded(action), output)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def _totals_line(totals: Totals, seconds: float) -> str:
    extra = [f"{totals.skipped} already in the output"] if totals.skipped else []
    extra += [f"{totals.duplicates} repeated ids skipped"] if totals.duplicates else []
    return (
        f"{totals.done} done, {totals.failed} failed"
        + "".join(f", {part}" for part in extra)
        + f"; {totals.tokens:,} tokens; {_duration(seconds)}"
    )


def _outcome_line(outcome: Outcome) -> str:
    if outcome.result is None:
        return f"{outcome.id} failed: {outcome.error}"
    summary = outcome.result.summary
    return (
        f"{outcome.id} done: {len(summary.quotes)} quotes, {len(summary.events)} events, "
        f"{outcome.result.chunks} chunk(s), {len(outcome.result.attempts)} calls, "
        f"{outcome.tokens:,} tokens, {_duration(outcome.result.latency_s)}"
    )


@app.command("batch")
def batch_command(
    input: Annotated[
        str,
        typer.Argument(
            help="A folder of articles, a quoted glob ('articles/*.json'), or a .jsonl file "
            "with an 'id' and a 'text' per line."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="JSONL to write: one line per article, its id, then its "
            "result or a one-line error.",
        ),
    ],
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue OUTPUT: skip the ids it holds, run the rest.")
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Continue OUTPUT and run its error lines' articles again (their new lines "
            "go at the end).",
        ),
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            help="Articles in flight at once, for remote endpoints. The embedded llama.cpp "
            "server answers one request at a time: there, more only queues requests and "
            "overlaps our own work with the model's (no faster model time).",
        ),
    ] = 1,
    model: ModelOption = DEFAULT_MODEL,
    base_url: BaseUrlOption = None,
    strategy: StrategyOption = StrategyOpt.cite,
    policy: PolicyOption = PolicyOpt.drop,
    output_language: OutputLanguageOption = "en",
    max_chars: MaxCharsOption = MAX_CHARS,
    timeout: TimeoutOption = TIMEOUT_S,
    deadline: DeadlineOption = DEADLINE_S,
    detail: DetailOption = DetailOpt.full,
) -> None:
    """Summarize many articles into JSONL, the model started once; --resume continues.

    Each line is written whole and synced before the next, so a batch stopped at any
    moment is continued by --resume with no article lost or repeated. An article that
    fails is an error line and the batch goes on; the exit status is 0 then too.
    """
    options = settings_options(
        model, base_url, strategy, policy, output_language, max_chars, timeout, deadline, detail
    )
    settings = guarded(lambda: Settings(**options))
    totals = Totals()
    started = time.perf_counter()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("starting the model…", total=None)

        def advance(outcome: Outcome) -> None:
            progress.update(task, advance=1, description=f"{totals.failed} failed · {outcome.id}")
            if not stderr.is_terminal:  # a log (nohup, CI) gets a line per article instead
                finished = totals.done + totals.failed
                stderr.print(
                    f"{finished}: {_outcome_line(outcome)}", highlight=False, soft_wrap=True
                )

        def run() -> Totals:
            return run_sync(
                lambda: run_batch(
                    input,
                    output,
                    settings,
                    resume=resume,
                    retry_failed=retry_failed,
                    concurrency=concurrency,
                    totals=totals,
                    on_start=lambda remaining: progress.update(task, total=remaining),
                    on_outcome=advance,
                )
            )

        try:
            guarded(run)
        except typer.Exit as stop:
            progress.stop()
            if totals.done or totals.failed:
                stderr.print(
                    f"stopped: {_totals_line(totals, time.perf_counter() - started)}; "
                    f"run again with --resume to continue {output}",
                    highlight=False,
                )
            raise stop
    stderr.print(_totals_line(totals, time.perf_counter() - started), highlight=False)


@app.command()
def models(
    check: Annotated[
        bool,
        typer.Option(help="Start each model's server and time one real short completion."),
    ] = False,
    model: Annotated[str | None, typer.Option(help="Only this model.")] = None,
    repack: Annotated[
        RepackOpt | None,
        typer.Option(help="llama.cpp weight repacking (default: SUMMARIZER_REPACK or auto)."),
    ] = None,
) -> None:
    """List the embedded models and their state; --check runs each for real."""
    from summarizer import machine, weights
    from summarizer.smoke import smoke_test

    settings = guarded(lambda: Settings.model_validate({"repack": repack.value} if repack else {}))
    names = [model] if model else list(weights.MODELS)
    unknown = [name for name in names if name not in weights.MODELS]
    if unknown:
        fail(f"unknown local model {unknown[0]!r}: use one of {', '.join(weights.MODELS)}", 2)
    amx = sorted(machine.AMX_FLAGS & machine.cpu_flags())
    bufts = machine.extra_bufts(settings.repack)
    stderr.print(
        f"CPU: {'AMX (' + ', '.join(amx) + ')' if amx else 'no AMX'}; repack {settings.repack}: "
        f"llama.cpp extra buffer types {'on' if bufts else 'off'}",
        highlight=False,
    )
    rows = [("model", "state", "size", "packages", "file")]
    found = [weights.status(weights.MODELS[name]) for name in names]
    for status in found:
        size = f"{status.size / 1e6:,.0f} MB" if status.size else "-"
        path = str(status.path) if status.path else "-"
        rows.append((status.name, status.state, size, status.packages, path))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        sys.stdout.write("\n")
    for status in found:
        if status.hint:
            stderr.print(f"{status.name}: {status.hint}", highlight=False, markup=False)
    for name in names if check else []:
        with stderr.status(f"Checking {name}…", spinner="dots"):
            smoke = guarded(partial(smoke_test, name, repack=settings.repack))
        sys.stdout.write(
            f"{name}: ok, loaded in {smoke.load_s:.1f} s, answered {smoke.answer!r} "
            f"({smoke.completion_tokens} tokens) in {smoke.answer_s:.1f} s; llama.cpp extra "
            f"buffer types {'on' if smoke.extra_bufts else 'off'}\n"
            f"{name}: llama.cpp CPU features: {smoke.cpu_features or 'not reported'}\n"
        )


@app.command()
def schemas(
    out: Annotated[Path, typer.Option(help="Folder to write the JSON Schema files to.")] = Path(
        "schemas"
    ),
) -> None:
    """Regenerate the JSON Schema files from the pydantic models."""
    for path in guarded(lambda: write_json_schemas(out, SCHEMA_MODELS | evaluation.SCHEMA_MODELS)):
        stderr.print(f"wrote {path}", highlight=False)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@app.command("eval")
def evaluate(
    dataset: Annotated[
        list[Path] | None,
        typer.Option(help="Folder of case files (article + gold); repeat for several."),
    ] = None,
    models: Annotated[
        str,
        typer.Option(help="Comma-separated model names; add smollm2-135m to compare (test split)."),
    ] = "qwen2.5-coder-1.5b",
    strategies: Annotated[
        str, typer.Option(help="Comma-separated: cite, copy (recorded on the first 13 dev cases).")
    ] = "cite",
    cases: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated case-id patterns to run (e.g. 'seed-*,saudinewsnet-*')."
        ),
    ] = None,
    record_mode: Annotated[
        RecordModeOpt, typer.Option(help="none replays only (offline).")
    ] = RecordModeOpt.none,
    cassettes: Annotated[Path, typer.Option(help="Cassette folder.")] = Path("evals/cassettes"),
    report_dir: Annotated[
        Path | None, typer.Option(help="Also write report.md/.json/.html here.")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="A previous report.json to diff against.")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint for hosted models.")
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Printed report format.")
    ] = ReportFormat.markdown,
    event_filter: Annotated[
        EventFilterOpt,
        typer.Option(help="Who decides which candidates are events (cite); same recordings."),
    ] = EventFilterOpt.model,
) -> None:
    """Compare models and strategies on a dataset; replays recorded cassettes by default."""
    text = guarded(
        lambda: evaluation.run_eval(
            datasets=dataset or [Path("evals/datasets/dev"), Path("evals/datasets/test")],
            models=_split(models),
            strategies=_split(strategies),
            cases=_split(cases) if cases else None,
            record_mode=record_mode.value,
            cassettes=cassettes,
            report_dir=report_dir,
            baseline=baseline,
            base_url=base_url,
            as_json=format is ReportFormat.json,
            console=stderr,
            event_filter=event_filter.value,
        )
    )
    sys.stdout.write(text)
