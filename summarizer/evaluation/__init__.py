"""Evals: datasets of articles with gold annotations, metrics, runs and reports.

The CLI uses only what is named here: `run_eval`, and the models of the eval's files.
"""

from pydantic import BaseModel

from summarizer.evaluation.dataset import Case
from summarizer.evaluation.runner import run_eval

SCHEMA_MODELS: dict[str, type[BaseModel]] = {"case": Case}
"""The eval's JSON Schema files (`schemas/case.json`), beside the summary's."""

__all__ = ["SCHEMA_MODELS", "run_eval"]
