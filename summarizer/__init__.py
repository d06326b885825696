"""Grounded, structured news summaries: events and quotes located in the source text."""

from summarizer.batch import Outcome, asummarize_many, summarize_many
from summarizer.grounding import locate
from summarizer.pipeline import asummarize, summarize
from summarizer.schema import ArticleSummary, Event, Quote, Span, SummaryResult
from summarizer.view import render_html

__all__ = [
    "ArticleSummary",
    "Event",
    "Outcome",
    "Quote",
    "Span",
    "SummaryResult",
    "asummarize",
    "asummarize_many",
    "locate",
    "render_html",
    "summarize",
    "summarize_many",
]
