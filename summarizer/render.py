"""Turn a result into text for people (Markdown) or machines (JSON).

Markdown is for readers of English who check where a claim comes from: every summary
sentence carries footnotes with the Arabic it rests on, every English name stands
beside the Arabic it renders, and what code rendered or the policy flagged is marked
where it stands.
"""

from __future__ import annotations

from summarizer.schema import HEDGES, Event, ItemReport, Name, Quote, Sentence, Span, SummaryResult

EXCERPT_CHARS = 160
TRANSLATION_NOTE = (
    "Translations are the model's: every name, number and direction in them is checked against "
    "the quote, their meaning is not. The Arabic stands beside each."
)
CODE_MARK = "†"
FLAG_MARK = "⚠ flagged"


def status_line(result: SummaryResult) -> str:
    """One line for the terminal: what held, what code rendered, what was removed, cost."""
    items = [r for r in result.grounding if r.kind in ("event", "quote")]
    english = [r for r in result.grounding if r.kind not in ("event", "quote")]

    def count(reports: list[ItemReport], *statuses: str) -> int:
        return sum(r.status in statuses for r in reports)

    flagged = f"{count(items, 'flagged')} flagged, " if result.policy == "flag" else ""
    return (
        f"{count(items, 'grounded', 'repaired')} grounded, {flagged}"
        f"{count(items, 'dropped')} dropped; English: {count(english, 'grounded')} held, "
        f"{count(english, 'repaired')} repaired, {count(english, 'rendered')} by code, "
        f"{count(english, 'dropped', 'flagged')} removed; {len(result.attempts)} model call(s), "
        f"{result.usage.total_tokens} tokens, {result.latency_s:.1f} s"
    )


def to_json(result: SummaryResult) -> str:
    return result.model_dump_json(indent=2) + "\n"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def _name(name: Name) -> str:
    """The English, the Arabic it renders, and a mark when code rendered it."""
    mark = CODE_MARK if name.rendered_by == "code" else ""
    arabic = (
        f" ({name.name_source})" if name.name_source and name.name_source != name.name_en else ""
    )
    return f"{name.name_en}{mark}{arabic}"


class _Notes:
    """Footnotes for the spans summary sentences cite, numbered in order of first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[Span] = []

    def markers(self, support: list[Span]) -> str:
        numbers = []
        for span in support:
            key = (span.start, span.end)
            found = next((n for n, s in enumerate(self.spans, 1) if (s.start, s.end) == key), None)
            if found is None:
                self.spans.append(span)
                found = len(self.spans)
            numbers.append(found)
        return "".join(f"[^{n}]" for n in numbers)

    def lines(self) -> list[str]:
        return [
            f"[^{n}]: {_excerpt(self.text[s.start : s.end])}" for n, s in enumerate(self.spans, 1)
        ]


def _sentence(sentence: Sentence, notes: _Notes) -> str:
    flag = f" ({FLAG_MARK})" if sentence.status == "flagged" else ""
    by = f"{CODE_MARK} " if sentence.rendered_by == "code" else ""
    return f"{by}{sentence.text}{notes.markers(sentence.support)}{flag}"


def count_phrase(event: Event) -> str:
    """The event's tolls in words with their hedge, as every rendering for people says them."""
    prefix = HEDGES.get(event.count_qualifier or "", "")
    parts = [
        f"{prefix}{n} {label}"
        for n, label in ((event.killed, "killed"), (event.wounded, "wounded"))
        if n is not None
    ]
    return "; ".join(parts)


def _event_lines(event: Event, flag: str) -> list[str]:
    details = []
    if event.location is not None:
        details.append(f"place: {_name(event.location)}")
    if event.time:
        details.append(f"time: {event.time}")
    if counts := count_phrase(event):
        details.append(counts)
    if event.actors:
        details.append("actors: " + "; ".join(_name(a) for a in event.actors))
    if event.reported_by is not None:
        details.append(f"reported by: {_name(event.reported_by)}")
    by = f"{CODE_MARK} " if event.description_by == "code" else ""
    lines = [f"- {flag}**{event.type.replace('_', ' ')}**: {by}{event.description}"]
    if details:
        lines.append(f"  - {' · '.join(details)}")
    lines += [f"  > {_excerpt(p.text)}" for p in event.evidence]
    return lines


def _quote_lines(quote: Quote, flag: str) -> list[str]:
    speaker = quote.speaker
    who = _name(speaker) + (f", {speaker.role}" if speaker.role else "")
    lines = [
        f"- {flag}**{who}** ({quote.mode}{', ' + quote.topic if quote.topic else ''})",
        f"  > {quote.text}",
    ]
    if quote.translation:
        lines.append(f"  > *{quote.translation}*")
    return lines


def to_markdown(result: SummaryResult, text: str | None = None) -> str:
    """The result for people; `text` (the article) lets footnotes quote the Arabic."""
    summary = result.summary
    notes = _Notes(text or "")
    headline = Sentence(
        text=summary.headline, support=summary.headline_support, rendered_by=summary.headline_by
    )
    lines = [f"# {_sentence(headline, notes) if text else summary.headline}", ""]
    body = [s for s in summary.sentences if s.text != summary.headline]  # no line twice
    if body:
        lines += [" ".join(_sentence(s, notes) if text else s.text for s in body), ""]
    elif summary.summary and summary.summary != summary.headline:
        lines += [summary.summary, ""]
    if notes.spans:
        lines += [*notes.lines(), ""]
    # Items kept under the `flag` policy do not hold: say so where they stand.
    flagged = {(r.kind, r.index) for r in result.grounding if r.status == "flagged"}

    def flag(kind: str, index: int) -> str:
        return f"{FLAG_MARK}: " if (kind, index) in flagged else ""

    if summary.events:
        lines += ["## Events", ""]
        for n, event in enumerate(summary.events):
            lines += _event_lines(event, flag("event", n))
        lines.append("")
    if summary.quotes:
        lines += ["## Quotes", ""]
        for n, quote in enumerate(summary.quotes):
            lines += _quote_lines(quote, flag("quote", n))
        lines.append("")
    dropped = [r for r in result.grounding if r.status in ("dropped", "flagged")]
    if dropped:
        lines += ["## Not grounded", ""]
        lines += [
            f"- {r.status} {r.kind}{' (' + r.target + ')' if r.target else ''}: "
            f"{' '.join(r.findings)}"
            for r in dropped
        ]
        lines.append("")
    usage = result.usage
    lines.append(
        f"*{CODE_MARK} rendered by code from the Arabic (the model's English did not hold, "
        "or code built it from checked fields).*"
    )
    if any(q.translation for q in summary.quotes):
        lines += ["", f"*{TRANSLATION_NOTE}*"]
    lines.append("")
    lines.append(
        f"*{result.model}, {result.strategy} strategy ({result.detail}), prompt "
        f"{result.prompt_version}: {len(result.attempts)} model call(s), "
        f"{usage.prompt_tokens}+{usage.completion_tokens} tokens, "
        f"{result.latency_s:.1f} s*"
    )
    return "\n".join(lines) + "\n"
