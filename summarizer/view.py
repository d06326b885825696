"""One summary over its article, as a self-contained HTML page a reader checks it with.

Every span a summary rests on becomes a `<mark>` in the article, so a reader sees where
a quote or an event comes from instead of counting characters. The page loads nothing
from the network, escapes every string from the article or the model, and its
Content-Security-Policy runs no script but its own, so an article that carries markup
stays text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from summarizer.errors import InputError
from summarizer.language import writes_right_to_left
from summarizer.render import TRANSLATION_NOTE, count_phrase
from summarizer.schema import Event, ItemReport, Name, Quote, Sentence, Span, SummaryResult

MarkKind = Literal["support", "event", "quote", "name"]

NESTING: tuple[MarkKind, ...] = ("support", "event", "quote", "name")
"""Which mark goes outside when two cover the same characters: a cited segment holds an
event's evidence, which holds a quote, which holds its speaker's name."""


@dataclass(frozen=True)
class Anchor:
    """One highlighted span; its id names kind and offsets, so equal spans share it."""

    kind: MarkKind
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"{self.kind[0]}{self.start}-{self.end}"


@dataclass
class Mark:
    """One `<mark>` element: a span crossed by another is split into several pieces."""

    anchor: Anchor
    first: bool
    children: list[Mark | str] = field(default_factory=list)


def nest(text: str, anchors: Iterable[Anchor]) -> list[Mark | str]:
    """The article as properly nested marks: at every character the open marks are
    exactly the anchors covering it, a mark that crosses another's end being closed
    there and reopened as a further piece.
    """
    order = sorted(set(anchors), key=lambda a: (a.start, -a.end, NESTING.index(a.kind)))
    bounds = sorted({0, len(text)} | {a.start for a in order} | {a.end for a in order})
    root: list[Mark | str] = []
    stack: list[Mark] = []
    opened: set[Anchor] = set()
    waiting = iter(order)
    upcoming = next(waiting, None)

    def into() -> list[Mark | str]:
        return stack[-1].children if stack else root

    for here, after in zip(bounds, [*bounds[1:], len(text)], strict=True):
        ending = [k for k, mark in enumerate(stack) if mark.anchor.end <= here]
        reopen = [mark.anchor for mark in stack[ending[0] :]] if ending else []
        del stack[len(stack) - len(reopen) :]
        starting = []
        while upcoming is not None and upcoming.start == here:
            starting.append(upcoming)
            upcoming = next(waiting, None)
        for anchor in sorted(
            [a for a in reopen if a.end > here] + starting,
            key=lambda a: (-a.end, NESTING.index(a.kind)),
        ):
            mark = Mark(anchor, anchor not in opened)
            opened.add(anchor)
            into().append(mark)
            if anchor.end > here:
                stack.append(mark)
        if after > here:
            into().append(text[here:after])
    return root


@dataclass(frozen=True)
class NameView:
    name: Name
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class ItemView:
    """One item of the summary as the page shows it.

    `key` is where it stands in the result, in the words `ItemReport.target` uses
    ("quotes[2]"); `anchors` are the marks it rests on; `reports` are the grounding
    verdicts a reader should see beside it (anything but a plain "grounded").
    """

    key: str
    label: str
    anchors: tuple[str, ...]
    reports: tuple[ItemReport, ...] = ()
    text: str = ""
    sentence: Sentence | None = None
    event: Event | None = None
    counts: str = ""
    actors: tuple[NameView, ...] = ()
    location: NameView | None = None
    reporter: NameView | None = None
    quote: Quote | None = None
    speaker: NameView | None = None

    @property
    def flagged(self) -> bool:
        marked = self.sentence is not None and self.sentence.status == "flagged"
        return marked or any(r.status == "flagged" for r in self.reports)


@dataclass(frozen=True)
class Unplaced:
    """A report with no item to stand beside (a dropped item): listed with what was given."""

    key: str
    label: str
    report: ItemReport
    given: list[tuple[str, str]]


class _Page:
    """Collects the anchors every item rests on, and hands each item its verdicts."""

    def __init__(self, result: SummaryResult, text: str) -> None:
        self.text = text
        self.anchors: dict[str, Anchor] = {}
        self.reports: dict[str | None, list[tuple[int, ItemReport]]] = {}
        for n, report in enumerate(result.grounding):
            if report.status != "grounded":
                key = None if report.status == "dropped" else _item_key(report)
                self.reports.setdefault(key, []).append((n, report))

    def ids(self, kind: MarkKind, spans: Iterable[Span | None]) -> tuple[str, ...]:
        found: list[str] = []
        for span in spans:
            if span is None:
                continue
            if not 0 <= span.start <= span.end <= len(self.text):
                raise InputError(
                    f"a span ({span.start}:{span.end}) lies outside the {len(self.text)}-character "
                    "text: render a result over the article it summarizes"
                )
            anchor = Anchor(kind, span.start, span.end)
            self.anchors[anchor.id] = anchor
            if anchor.id not in found:
                found.append(anchor.id)
        return tuple(found)

    def name(self, name: Name) -> NameView:
        return NameView(name, self.ids("name", [name.span, *name.support]))

    def verdicts(self, key: str) -> tuple[ItemReport, ...]:
        """The reports on the item at `key`, taken so that none is shown twice."""
        return tuple(report for _, report in self.reports.pop(key, ()))

    def unplaced(self) -> list[Unplaced]:
        """Every report no item took: dropped ones, and any whose item is not in the summary."""
        left = sorted(pair for reports in self.reports.values() for pair in reports)
        return [
            Unplaced(
                f"grounding[{n}]",
                f"{report.status.capitalize()} {report.kind}",
                report,
                _given(report),
            )
            for n, report in left
        ]


def _item_key(report: ItemReport) -> str | None:
    """The item a report speaks of: its target's first step, else its kind and index."""
    if report.target:
        return report.target.split(".", 1)[0]
    if report.index is not None and report.kind in ("event", "quote"):
        return f"{report.kind}s[{report.index}]"
    return None


def _given(report: ItemReport) -> list[tuple[str, str]]:
    """What the model gave for a report's item, field by field, as a reader reads it."""
    return [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in report.item.items()
        if value not in (None, "", [], {})
    ]


def _sentence(page: _Page, key: str, label: str, sentence: Sentence) -> ItemView:
    ids = page.ids("support", sentence.support)
    return ItemView(key, label, ids, page.verdicts(key), sentence.text, sentence)


def _event(page: _Page, n: int, event: Event) -> ItemView:
    key = f"events[{n}]"
    return ItemView(
        key,
        f"Event {n + 1} · {event.type.replace('_', ' ')}",
        page.ids("event", (p.span for p in event.evidence)),
        page.verdicts(key),
        event=event,
        counts=count_phrase(event),
        actors=tuple(page.name(actor) for actor in event.actors),
        location=page.name(event.location) if event.location else None,
        reporter=page.name(event.reported_by) if event.reported_by else None,
    )


def _quote(page: _Page, n: int, quote: Quote) -> ItemView:
    key = f"quotes[{n}]"
    return ItemView(
        key,
        f"Quote {n + 1} · {quote.speaker.name_en}",
        page.ids("quote", [quote.span]),
        page.verdicts(key),
        quote=quote,
        speaker=page.name(quote.speaker),
    )


def _shipped(name: str) -> str:
    return (resources.files("summarizer") / "templates" / name).read_text(encoding="utf-8")


_ENV = Environment(
    loader=PackageLoader("summarizer", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _script() -> tuple[Markup, str]:
    """The page's script, and the CSP hash that lets it, and nothing else, run."""
    script = _shipped("view.js")
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return Markup(script), "sha256-" + base64.b64encode(digest).decode("ascii")


def _calls(result: SummaryResult) -> str:
    purposes = ", ".join(dict.fromkeys(a.purpose for a in result.attempts))
    calls = len(result.attempts)
    return f"{calls} model call{'' if calls == 1 else 's'}" + (f" ({purposes})" if purposes else "")


def _glance(result: SummaryResult) -> list[tuple[str, int]]:
    """Grounding verdicts by status, the always-present ones first."""
    counts = {"grounded": 0, "flagged": 0, "dropped": 0}
    for report in result.grounding:
        counts[report.status] = counts.get(report.status, 0) + 1
    return list(counts.items())


def render_html(result: SummaryResult, text: str) -> str:
    """The page for `result` over `text`, the article it summarizes (spans index into it)."""
    summary = result.summary
    page = _Page(result, text)
    headline = _sentence(
        page,
        "headline",
        "Headline",
        Sentence(
            text=summary.headline,
            support=summary.headline_support,
            rendered_by=summary.headline_by,
        ),
    )
    sentences = [
        _sentence(page, f"sentences[{n}]", f"Summary sentence {n + 1}", sentence)
        for n, sentence in enumerate(summary.sentences)
    ] or [ItemView("summary", "Summary", (), text=summary.summary)]
    events = [_event(page, n, e) for n, e in enumerate(summary.events)]
    quotes = [_quote(page, n, q) for n, q in enumerate(summary.quotes)]
    script, script_hash = _script()
    return _ENV.get_template("view.html.j2").render(
        result=result,
        summary=summary,
        article=nest(text, page.anchors.values()),
        direction="rtl" if writes_right_to_left(summary.source_language) else "auto",
        headline=headline,
        sentences=sentences,
        events=events,
        quotes=quotes,
        unplaced=page.unplaced(),
        glance=_glance(result),
        calls=_calls(result),
        style=Markup(_shipped("view.css")),
        script=script,
        script_hash=script_hash,
        translation_note=TRANSLATION_NOTE,
    )
