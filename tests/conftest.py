"""Tests are offline and hermetic: no endpoint or key from the environment leaks in."""

from __future__ import annotations

import pytest

from summarizer.config import API_KEY_ENV, BASE_URL_ENV


@pytest.fixture(autouse=True)
def no_endpoint_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key or base URL in the environment would switch a replay to a live endpoint."""
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
