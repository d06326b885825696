"""Turn a result into text for people (Markdown) or machines (JSON)."""

from __future__ import annotations

from summarizer.schema import Event, Quote, SummaryResult

FLAGGED = "⚠ flagged: "
"""Marks, where it stands, an item kept under the `flag` policy that did not hold."""


def to_json(result: SummaryResult) -> str:
    return result.model_dump_json(indent=2) + "\n"


def count_phrase(event: Event) -> str:
    """The event's tolls in words with their hedge, as every rendering for people says them."""
    hedge = {
        "at_least": "at least ",
        "more_than": "more than ",
        "about": "about ",
        "at_most": "at most ",
    }
    prefix = hedge.get(event.count_qualifier or "", "")
    parts = [
        f"{prefix}{n} {label}"
        for n, label in ((event.killed, "killed"), (event.wounded, "wounded"))
        if n is not None
    ]
    return "; ".join(parts)


def _event_line(event: Event, flagged: bool) -> str:
    place = ""
    if event.location:
        source = f" ({event.location.name_source})" if event.location.name_source else ""
        place = f" — {event.location.name_en}{source}"
    counts = count_phrase(event)
    reporter = f" — reported by {event.reported_by.name_en}" if event.reported_by else ""
    mark = FLAGGED if flagged else ""
    return (
        f"- {mark}**{event.type.replace('_', ' ')}**{place}: {event.description}"
        + (f" ({counts})" if counts else "")
        + reporter
    )


def _quote_lines(quote: Quote, flagged: bool) -> list[str]:
    who = quote.speaker.name_en + (f", {quote.speaker.role}" if quote.speaker.role else "")
    mark = FLAGGED if flagged else ""
    lines = [
        f"- {mark}**{who}** ({quote.mode}{', ' + quote.topic if quote.topic else ''})",
        f"  > {quote.text}",
    ]
    if quote.translation:
        lines.append(f"  > *{quote.translation}*")
    return lines


def to_markdown(result: SummaryResult) -> str:
    summary = result.summary
    marked = {(r.kind, r.index) for r in result.grounding if r.status == "flagged"}
    lines = [f"# {summary.headline}", "", summary.summary, ""]
    if summary.events:
        events = [_event_line(e, ("event", k) in marked) for k, e in enumerate(summary.events)]
        lines += ["## Events", "", *events, ""]
    if summary.quotes:
        lines += ["## Quotes", ""]
        for k, quote in enumerate(summary.quotes):
            lines += _quote_lines(quote, ("quote", k) in marked)
        lines.append("")
    dropped = [r for r in result.grounding if r.status == "dropped"]
    flagged = [r for r in result.grounding if r.status == "flagged"]
    if dropped or flagged:
        lines += ["## Not grounded", ""]
        lines += [f"- {r.status} {r.kind}: {' '.join(r.findings)}" for r in dropped + flagged]
        lines.append("")
    usage = result.usage
    lines.append(
        f"*{result.model}, {result.strategy} strategy, prompt {result.prompt_version}: "
        f"{len(result.attempts)} model call(s), "
        f"{usage.prompt_tokens}+{usage.completion_tokens} tokens, "
        f"{result.latency_s:.1f} s*"
    )
    return "\n".join(lines) + "\n"
