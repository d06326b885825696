"""The README states the limits the code applies, with the code's own defaults."""

from __future__ import annotations

from pathlib import Path

from summarizer import client
from summarizer.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_reliability_section_lists_every_limit_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reliability", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[3].strip(" `"): line for line in section.splitlines() if "| `" in line}
    defaults = Settings()
    assert f"{defaults.max_chars:,} characters" in rows["max_chars"]
    assert f"{defaults.timeout_s:g} s per request" in rows["timeout_s"]
    assert f"{defaults.deadline_s:,g} s" in rows["deadline_s"]
    assert f"{defaults.transport_attempts} attempts" in rows["transport_attempts"]
    assert f"at most {client.MAX_RETRY_AFTER_S:g} s" in rows["transport_attempts"]
    assert f"{defaults.parse_attempts} attempts" in rows["parse_attempts"]
    assert f"| {defaults.max_repairs}:" in rows["max_repairs"]
