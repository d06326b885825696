"""What the commands of `cli` share: option types and the settings they stand for, and
how a command ends: in one line on stderr when it fails, its result written whole.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from summarizer.errors import InputError, SummarizerError, one_line

T = TypeVar("T")

stderr = Console(stderr=True)


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


class ReportFormat(StrEnum):
    json = "json"
    markdown = "markdown"


class StrategyOpt(StrEnum):
    cite = "cite"
    copy = "copy"


class DetailOpt(StrEnum):
    brief = "brief"
    full = "full"


class PolicyOpt(StrEnum):
    drop = "drop"
    flag = "flag"
    fail = "fail"


class RepackOpt(StrEnum):
    auto = "auto"
    on = "on"
    off = "off"


class EventFilterOpt(StrEnum):
    model = "model"
    code = "code"


class RecordModeOpt(StrEnum):
    none = "none"
    once = "once"
    new_episodes = "new_episodes"
    all = "all"


# Options of every command that summarizes.
ModelOption = Annotated[
    str, typer.Option(help="Local model name, a .gguf path, or the endpoint's model.")
]
BaseUrlOption = Annotated[
    str | None, typer.Option(help="OpenAI-compatible endpoint; key from OPENAI_API_KEY.")
]
StrategyOption = Annotated[
    StrategyOpt,
    typer.Option(help="cite: code finds quotes, the model labels; copy: the model copies."),
]
PolicyOption = Annotated[PolicyOpt, typer.Option(help="What to do with items that fail grounding.")]
OutputLanguageOption = Annotated[
    str, typer.Option(help="Language of headline, descriptions, translations.")
]
MaxCharsOption = Annotated[
    int, typer.Option(min=1, help="Refuse an article longer than this (characters).")
]
TimeoutOption = Annotated[
    float, typer.Option(min=0.001, help="Seconds to wait for one answer of the model.")
]
DetailOption = Annotated[
    DetailOpt, typer.Option(help="full also translates every quote (cite); brief is faster.")
]
DeadlineOption = Annotated[
    float,
    typer.Option(min=0.001, help="Seconds for the whole article: requests, retries, waits."),
]


def settings_options(
    model: str,
    base_url: str | None,
    strategy: StrategyOpt,
    policy: PolicyOpt,
    output_language: str,
    max_chars: int,
    timeout: float,
    deadline: float,
    detail: DetailOpt,
) -> dict[str, Any]:
    """The options every summarizing command shares, by their `Settings` names."""
    return {
        "model": model,
        "base_url": base_url,
        "strategy": strategy.value,
        "policy": policy.value,
        "output_language": output_language,
        "max_chars": max_chars,
        "timeout_s": timeout,
        "deadline_s": deadline,
        "detail": detail.value,
    }


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and a non-zero exit: users never see a traceback."""
    line = one_line(message, limit=2000)
    stderr.print(f"summarizer: error: {line}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def guarded(action: Callable[[], T]) -> T:
    """Turn every failure into `fail`; SUMMARIZER_DEBUG=1 shows the traceback instead."""
    try:
        return action()
    except SummarizerError as error:
        fail(str(error), 2 if isinstance(error, InputError) else 1)
    except ValidationError as error:
        first = error.errors()[0]
        fail(f"invalid option {'.'.join(map(str, first['loc']))}: {first['msg']}", 2)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        fail(f"unexpected {type(error).__name__}: {error} (set SUMMARIZER_DEBUG=1 for details)")


def write_output(text: str, output: Path | None) -> None:
    """Write `text` to `output` whole (a partial file renamed into place), or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        tmp = output.with_name(output.name + ".partial")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as error:
        sys.stdout.write(text)  # the result is not lost when the file cannot be written
        fail(f"cannot write {output}: {error.strerror}; the result went to stdout")
