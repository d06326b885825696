"""schemas/*.json are generated from the pydantic models and must never drift."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer import evaluation
from summarizer.schema import SCHEMA_MODELS, json_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_schema_files_match_the_models() -> None:
    expected = json_schemas(SCHEMA_MODELS | evaluation.SCHEMA_MODELS)
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.json")}
    stale = sorted(name for name in expected if on_disk.get(name) != expected[name])
    extra = sorted(set(on_disk) - set(expected))
    assert not stale, f"regenerate with `summarizer schemas`: {stale} differ"
    assert not extra, f"schema files without a model: {extra}"


def test_summary_schema_names_the_contract_fields() -> None:
    schema = json.loads((SCHEMAS / "summary_result.json").read_text(encoding="utf-8"))
    assert {
        "summary",
        "grounding",
        "attempts",
        "usage",
        "latency_s",
        "model",
        "prompt_version",
    } <= set(schema["properties"])
    span = schema["$defs"]["Span"]
    assert span["properties"]["kind"]["enum"] == ["exact", "normalized", "approximate"]
