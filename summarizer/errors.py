"""One exception root, so callers and the CLI can catch everything we raise on purpose."""

from typing import Any


def one_line(text: str, limit: int = 300) -> str:
    """Text flattened to one line of at most `limit` characters: messages often quote
    what a server or a library wrote, newlines and all.
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SummarizerError(Exception):
    """Base of every error the summarizer raises deliberately; its message is one line."""


class InputError(SummarizerError):
    """The article cannot be read or is not text (empty, binary, not UTF-8, missing)."""


class ContextOverflowError(SummarizerError):
    """The article does not fit the model's context window; we never truncate silently."""


class ModelUnavailableError(SummarizerError):
    """The model or its server cannot be had: not installed, not found, not reachable."""


class ServerCrashedError(ModelUnavailableError):
    """The local model server died; retrying a dead process would only blame the network."""


class DeadlineError(SummarizerError):
    """The article's summary took longer than the deadline the caller set."""


class CassetteMissError(SummarizerError):
    """A replayed run asked for an exchange that no cassette holds."""


class ExtractionError(SummarizerError):
    """The model gave no usable answer within the attempts allowed (or policy `fail`).

    It carries the attempts made, so what was spent is reported, never lost.
    """

    def __init__(self, message: str, *, attempts: list[Any] | None = None) -> None:
        super().__init__(message)
        self.attempts = list(attempts or [])
