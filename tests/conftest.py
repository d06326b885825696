"""Tests are offline and hermetic: no endpoint or key from the environment leaks in.

Also the fixtures several modules share (the built wheel).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarizer.config import API_KEY_ENV, BASE_URL_ENV


@pytest.fixture(autouse=True)
def no_endpoint_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key or base URL in the environment would switch a replay to a live endpoint."""
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    monkeypatch.delenv(BASE_URL_ENV, raising=False)


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args, "-q"], check=True, capture_output=True)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel once per run, for the tests of what it ships."""
    out = tmp_path_factory.mktemp("wheel")
    root = Path(__file__).resolve().parent.parent
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(root))
    return next(out.glob("summarizer-*.whl"))


@dataclass(frozen=True)
class Installed:
    """The wheel installed into a folder of its own, and a way to run code against it."""

    target: Path

    def run(self, code: str) -> str:
        """Python code's output, importing `summarizer` from the installed wheel only."""
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=self.target.parent,
            env={"PYTHONPATH": str(self.target), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel installed on its own, to see what an installation finds."""
    target = tmp_path_factory.mktemp("installed") / "site"
    _pip("install", "--no-deps", "--target", str(target), str(wheel))
    return Installed(target)
