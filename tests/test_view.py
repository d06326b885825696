"""The HTML view of a summary over its article, read back with a strict HTML5 parser.

REAL runs: the sample article replayed from its recorded cassettes (cite: every quote and
event grounded; copy: every item dropped). SYNTHETIC results, built by hand, for what
today's runs do not carry yet: crossing, nested and equal spans, support spans, names
and descriptions rendered by code, flagged and dropped items, markup in the article.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.evaluation.runner import cassette_path
from summarizer.schema import (
    ArticleSummary,
    Attempt,
    Event,
    ItemReport,
    Name,
    Passage,
    Quote,
    Sentence,
    Span,
    Speaker,
    SummaryResult,
    Usage,
)
from summarizer.view import NESTING, Anchor, Mark, nest
from tests.pages import (
    article_of,
    assert_marks_hold,
    assert_offline,
    assert_valid,
    by_class,
    marks_of,
    text_of,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed.txt"
CASSETTES = ROOT / "evals" / "cassettes"


def _replay(strategy: str) -> tuple[str, SummaryResult]:
    seed = SEED.read_text(encoding="utf-8")
    tape = cassette_path(CASSETTES, "qwen2.5-coder-1.5b", strategy, "seed-syria-observatory")
    return seed, summarizer.summarize(seed, strategy=strategy, cassette_path=tape)


@pytest.fixture(scope="module")
def cited() -> tuple[str, SummaryResult]:
    return _replay("cite")


@pytest.fixture(scope="module")
def copied() -> tuple[str, SummaryResult]:
    return _replay("copy")


def _span(text: str, fragment: str, after: int = 0) -> Span:
    start = text.index(fragment, after)
    return Span(start=start, end=start + len(fragment), kind="exact", score=1.0)


def _passage(text: str, fragment: str) -> Passage:
    return Passage(text=fragment, span=_span(text, fragment))


ARTICLE = (
    "قال المتحدث باسم الجيش إن القوات سيطرت على بلدة الشيخ مسكين بعد اشتباكات عنيفة. "
    "وأفاد المرصد بمقتل 12 عنصرا على الأقل في القصف.\n"
    "وأضاف المتحدث: «لن نتراجع».\n"
)
"""SYNTHETIC article: a quote inside an event's evidence, a quote crossing an event's
end, and a quote whose span equals an event's."""

FIRST = "قال المتحدث باسم الجيش إن القوات سيطرت على بلدة الشيخ مسكين بعد اشتباكات عنيفة."
SECOND = "وأفاد المرصد بمقتل 12 عنصرا على الأقل في القصف."


@pytest.fixture
def synthetic() -> SummaryResult:
    """SYNTHETIC: every field the view shows, filled by hand."""
    text = ARTICLE
    spokesman = Speaker(
        name_en="army spokesman",
        name_source="المتحدث باسم الجيش",
        span=_span(text, "المتحدث باسم الجيش"),
        support=[_span(text, "المتحدث باسم الجيش")],
        rendered_by="code",
        role="army",
    )
    observatory = Name(
        name_en="Syrian Observatory", name_source="المرصد", span=_span(text, "المرصد")
    )
    events = [
        Event(
            type="territorial_change",
            description="The army took al-Sheikh Maskin.",
            description_by="model",
            actors=[Name(name_en="Syrian army", name_source="الجيش", span=_span(text, "الجيش"))],
            location=Name(
                name_en="al-Sheikh Maskin",
                name_source="الشيخ مسكين",
                span=_span(text, "الشيخ مسكين"),
            ),
            reported_by=spokesman,
            evidence=[_passage(text, FIRST)],
        ),
        Event(
            type="shelling",
            description="Shelling",
            killed=12,
            count_qualifier="at_least",
            reported_by=observatory,
            time="أمس",
            evidence=[_passage(text, "المرصد بمقتل 12 عنصرا")],
        ),
        Event(type="statement", description="Statement", evidence=[_passage(text, "لن نتراجع")]),
        Event(
            type="airstrike",
            description="Air strike",
            evidence=[Passage(text="غارة جوية على <b>البلدة</b>")],  # flagged: no span
        ),
    ]
    quotes = [
        Quote(
            speaker=spokesman,
            text="القوات سيطرت على بلدة الشيخ مسكين بعد اشتباكات عنيفة",
            translation="The forces took al-Sheikh Maskin after fierce clashes.",
            mode="reported",
            topic="front line",
            span=_span(text, "القوات سيطرت على بلدة الشيخ مسكين بعد اشتباكات عنيفة"),
        ),
        Quote(
            speaker=Speaker(name_en="Syrian Observatory", name_source="المرصد"),
            text="مقتل 12 عنصرا على الأقل في القصف",
            translation="At least 12 fighters were killed in the shelling.",
            mode="reported",
            span=_span(text, "مقتل 12 عنصرا على الأقل في القصف"),
        ),
        Quote(
            speaker=spokesman,
            text="لن نتراجع",
            mode="direct",
            span=_span(text, "لن نتراجع"),
        ),
    ]
    summary = ArticleSummary(
        headline="Army takes al-Sheikh Maskin",
        headline_support=[_span(text, FIRST)],
        summary="The army took the town. At least 12 were killed.",
        sentences=[
            Sentence(text="The army took the town.", support=[_span(text, FIRST)]),
            Sentence(
                text="At least 12 were killed.",
                support=[_span(text, FIRST), _span(text, SECOND)],
                status="flagged",
            ),
        ],
        source_language="ar",
        events=events,
        quotes=quotes,
    )
    reports = [
        ItemReport(kind="quote", status="grounded", index=0, attempts=1, item={}),
        ItemReport(
            kind="name",
            status="rendered",
            target="quotes[0].speaker",
            findings=["'army spokesman' does not render 'المتحدث باسم الجيش'."],
            attempts=1,
            item={"name_en": "Army"},
        ),
        ItemReport(
            kind="event",
            status="flagged",
            index=3,
            findings=["Evidence passage not found in the article."],
            removed=["location"],
            attempts=2,
            item={"type": "airstrike"},
        ),
        ItemReport(
            kind="sentence",
            status="flagged",
            target="sentences[1]",
            findings=["The cited segments do not state a toll of 12."],
            attempts=1,
            item={"text": "At least 12 were killed."},
        ),
        ItemReport(
            kind="quote",
            status="dropped",
            findings=["Quote text not found in the article: \"<script>alert('q')</script>\"."],
            attempts=2,
            item={"speaker": "<i>someone</i>", "text": "<script>alert('q')</script>", "n": [1]},
        ),
    ]
    return SummaryResult(
        summary=summary,
        grounding=reports,
        attempts=[
            Attempt(number=1, purpose="extract", outcome="ok", usage=Usage(prompt_tokens=1000)),
            Attempt(number=2, purpose="repair", outcome="ok", usage=Usage(completion_tokens=234)),
        ],
        usage=Usage(prompt_tokens=1000, completion_tokens=234),
        latency_s=41.37,
        model="synthetic-model",
        prompt_version="v9-synthetic",
        strategy="copy",
        policy="flag",
        detail="brief",
        chunks=2,
    )


def _page(result: SummaryResult, text: str) -> Element:
    page = summarizer.render_html(result, text)
    root = assert_valid(page)
    assert_offline(root)
    return root


def _items(root: Element) -> dict[str, Element]:
    keys = Counter(e.get("data-item") for e in root.iter() if e.get("data-item"))
    assert all(n == 1 for n in keys.values()), keys
    return {e.get("data-item", ""): e for e in root.iter() if e.get("data-item")}


def _spans_of(root: Element, holder: Element) -> set[tuple[str, int, int]]:
    marks = marks_of(root)
    return {
        (marks[i][0].kind, marks[i][0].start, marks[i][0].end)
        for i in (holder.get("data-anchors") or "").split()
    }


def _expected_items(result: SummaryResult) -> set[str]:
    summary = result.summary
    return (
        {"headline"}
        | ({f"sentences[{n}]" for n in range(len(summary.sentences))} or {"summary"})
        | {f"events[{n}]" for n in range(len(summary.events))}
        | {f"quotes[{n}]" for n in range(len(summary.quotes))}
        | {f"grounding[{n}]" for n, r in enumerate(result.grounding) if r.status == "dropped"}
    )


def _assert_items_at_their_place(root: Element, result: SummaryResult) -> None:
    """Every item once, and every quote and event pointing at its own spans' marks."""
    items = _items(root)
    assert set(items) == _expected_items(result)
    for n, quote in enumerate(result.summary.quotes):
        want = {("quote", quote.span.start, quote.span.end)} if quote.span else set()
        assert _spans_of(root, items[f"quotes[{n}]"]) == want
    for n, event in enumerate(result.summary.events):
        want = {("event", p.span.start, p.span.end) for p in event.evidence if p.span}
        assert _spans_of(root, items[f"events[{n}]"]) == want


def test_the_sample_article_shows_every_quote_and_event_at_its_place(
    cited: tuple[str, SummaryResult],
) -> None:
    text, result = cited
    assert result.summary.quotes and result.summary.events
    root = _page(result, text)
    marks = assert_marks_hold(root, text)
    spans = {(a.kind, a.start, a.end) for a, _ in marks.values()}
    items = {("quote", q.span.start, q.span.end) for q in result.summary.quotes if q.span} | {
        ("event", p.span.start, p.span.end)
        for e in result.summary.events
        for p in e.evidence
        if p.span
    }
    assert {s for s in spans if s[0] in ("quote", "event")} == items
    assert {s[0] for s in spans} - {"quote", "event"} <= {"name", "support"}
    _assert_items_at_their_place(root, result)
    assert article_of(root).get("dir") == "rtl" and article_of(root).get("lang") == "ar"
    assert not [i for i in _items(root).values() if "flagged" in (i.get("class") or "")]


def test_dropped_items_of_a_real_run_are_listed_with_their_findings(
    copied: tuple[str, SummaryResult],
) -> None:
    text, result = copied
    dropped = [r for r in result.grounding if r.status == "dropped"]
    assert dropped and not result.summary.quotes
    root = _page(result, text)
    assert {a.kind for a, _ in marks_of(root).values()} <= {"support"}  # only the sentences'

    assert text_of(article_of(root)) == text
    items = _items(root)
    assert set(items) == _expected_items(result)
    for n, report in enumerate(result.grounding):
        if report.status != "dropped":
            continue
        shown = " ".join(text_of(items[f"grounding[{n}]"]).split())
        assert all(" ".join(finding.split()) in shown for finding in report.findings)
    shown = [
        " ".join(text_of(items[f"sentences[{n}]"]).split())
        for n in range(len(result.summary.sentences))
    ]
    assert all(s.text in line for s, line in zip(result.summary.sentences, shown, strict=True))


def test_crossing_nested_and_equal_spans_stay_readable(synthetic: SummaryResult) -> None:
    root = _page(synthetic, ARTICLE)
    marks = assert_marks_hold(root, ARTICLE)
    pieces = Counter(m.get("data-a") for m in article_of(root).iter("mark"))
    crossing = _span(ARTICLE, "مقتل 12 عنصرا على الأقل في القصف")
    assert pieces[f"q{crossing.start}-{crossing.end}"] == 2  # split where the event ends
    same = _span(ARTICLE, "لن نتراجع")
    event = next(
        m for m in article_of(root).iter("mark") if m.get("data-a") == f"e{same.start}-{same.end}"
    )
    assert [m.get("class") for m in event.iter("mark")] == ["event", "quote"]  # event outside
    assert {"support", "event", "quote", "name"} == {a.kind for a, _ in marks.values()}
    _assert_items_at_their_place(root, synthetic)


def test_sentences_and_names_link_to_their_support(synthetic: SummaryResult) -> None:
    root = _page(synthetic, ARTICLE)
    items = _items(root)
    summary = synthetic.summary
    for key, support in [
        ("headline", summary.headline_support),
        *((f"sentences[{n}]", s.support) for n, s in enumerate(summary.sentences)),
    ]:
        want = {("support", s.start, s.end) for s in support}
        assert _spans_of(root, items[key]) == want
        links = [a for a in items[key].iter("a") if "cite" in (a.get("class") or "")]
        assert {a.get("href") for a in links} == {f"#s{s.start}-{s.end}" for s in support}
    names = [e for e in by_class(items["events[0]"], "name") if e.get("data-anchors")]
    assert [text_of(n).split(" ")[0] for n in names] == ["Syrian", "al-Sheikh", "army"]
    location = summary.events[0].location
    assert location and location.span
    assert _spans_of(root, names[1]) == {("name", location.span.start, location.span.end)}
    assert "الشيخ مسكين" in text_of(names[1])  # the Arabic beside the English


def test_grounding_shows_where_each_item_stands(synthetic: SummaryResult) -> None:
    root = _page(synthetic, ARTICLE)
    items = _items(root)
    flagged = {key for key, item in items.items() if "flagged" in item.get("class", "").split()}
    assert flagged == {"events[3]", "sentences[1]"}
    assert "Evidence passage not found" in text_of(items["events[3]"])
    assert "removed as unsupported: location" in text_of(items["events[3]"])
    assert "غارة جوية على <b>البلدة</b>" in text_of(items["events[3]"])
    assert "do not state a toll of 12" in text_of(root)  # a sentence's finding, below it
    rendered = items["quotes[0]"]
    assert "rendered" in [t.text for t in by_class(rendered, "tag")]
    assert "quotes[0].speaker" in text_of(rendered)
    dropped = items["grounding[4]"]
    assert "Quote text not found" in text_of(dropped) and "<i>someone</i>" in text_of(dropped)
    by_code = [n for n in by_class(root, "name") if by_class(n, "code")]
    assert {text_of(n).split(" ")[0] for n in by_code} == {"army"}  # only the spokesman
    assert len(by_code) == 3  # he reports events[0] and speaks in quotes[0] and quotes[2]
    descriptions = [d for d in by_class(root, "description") if by_class(d, "code")]
    assert len(descriptions) == 3  # all but the model's description of events[0]
    glance = " ".join(text_of(by_class(root, "glance")[0]).split())
    assert "1 grounded" in glance and "2 flagged" in glance and "1 dropped" in glance


def test_footer_tells_how_the_summary_was_made(synthetic: SummaryResult) -> None:
    footer = " ".join(text_of(_page(synthetic, ARTICLE).find("body/footer")).split())
    for fact in (
        "synthetic-model",
        "copy strategy",
        "flag policy",
        "prompt v9-synthetic",
        "brief detail",
        "2 chunks",
        "2 model calls (extract, repair)",
        "1,234 tokens (1,000 prompt + 234 completion)",
        "41.4 s",
    ):
        assert fact in footer


def test_markup_in_the_article_and_the_answer_renders_as_text(synthetic: SummaryResult) -> None:
    text = (
        'قال المدير: <script>alert("x")</script> و<b>عريض</b> &amp; '
        '<img src="https://e.x/y.png"> انتهى.'
    )
    quoted = '<script>alert("x")</script> و<b>عريض</b>'
    result = synthetic.model_copy(
        update={
            "summary": ArticleSummary(
                headline="<i>Head</i><script>alert(1)</script>",
                summary="<img src=x onerror=alert(1)>",
                source_language="ar",
                quotes=[
                    Quote(
                        speaker=Speaker(name_en="<b>director</b>", name_source="المدير"),
                        text=quoted,
                        translation="</li></ol><script>alert(2)</script>",
                        mode="reported",
                        span=_span(text, quoted),
                    )
                ],
            ),
            "grounding": [],
        }
    )
    page = summarizer.render_html(result, text)
    root = _page(result, text)
    assert assert_marks_hold(root, text)
    assert len(list(root.iter("script"))) == 1  # ours
    assert not {e.tag for e in root.iter()} & {"b", "i", "img"}
    title = root.find("head/title")
    assert title is not None and title.text == "<i>Head</i><script>alert(1)</script> · summarizer"
    assert "</li></ol><script>alert(2)</script>" in text_of(_items(root)["quotes[0]"])
    assert '<script>alert("x")' not in page and "&amp;amp;" in page


def test_only_our_script_may_run(cited: tuple[str, SummaryResult]) -> None:
    """The Content-Security-Policy names the hash of the page's one script and loads nothing."""
    text, result = cited
    root = _page(result, text)
    (script,) = root.iter("script")
    digest = base64.b64encode(hashlib.sha256((script.text or "").encode()).digest()).decode()
    policy = next(
        m.get("content", "")
        for m in root.iter("meta")
        if m.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy == (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    )


def test_an_empty_summary_in_a_left_to_rightarticle(synthetic: SummaryResult) -> None:
    text = "Nothing happened today."
    result = synthetic.model_copy(
        update={
            "summary": ArticleSummary(headline="Quiet", summary="Nothing.", source_language="en"),
            "grounding": [],
            "attempts": [],
        }
    )
    root = _page(result, text)
    assert article_of(root).get("dir") == "auto"
    assert set(_items(root)) == {"headline", "summary"}
    assert not list(root.iter("h2")) and not marks_of(root)
    assert "0 model calls ·" in text_of(root.find("body/footer"))


def test_a_result_over_another_text_is_refused(cited: tuple[str, SummaryResult]) -> None:
    _, result = cited
    with pytest.raises(InputError, match="lies outside the 10-character text"):
        summarizer.render_html(result, "short text")


def test_the_cli_writes_the_view(tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    tape = cassette_path(CASSETTES, "qwen2.5-coder-1.5b", "cite", "seed-syria-observatory")
    run = CliRunner().invoke(
        app, ["summarize", str(SEED), "--cassette", str(tape), "--format", "html", "-o", str(out)]
    )
    assert run.exit_code == 0, run.stderr
    root = assert_valid(out.read_text(encoding="utf-8"))
    assert_offline(root)
    assert assert_marks_hold(root, SEED.read_text(encoding="utf-8"))


def _flatten(
    nodes: list[Mark | str], above: tuple[Anchor, ...] = ()
) -> list[tuple[str, tuple[Anchor, ...], Mark | None]]:
    out: list[tuple[str, tuple[Anchor, ...], Mark | None]] = []
    for node in nodes:
        if isinstance(node, str):
            out.append((node, above, None))
        else:
            out.append(("", (*above, node.anchor), node))
            out += _flatten(node.children, (*above, node.anchor))
    return out


@st.composite
def spanned(draw: st.DrawFn) -> tuple[str, list[Anchor]]:
    """A short text and spans over it that often share a start or an end, or cross."""
    text = draw(st.text(alphabet="اب ج\n<&", max_size=16))
    at = st.integers(0, len(text))
    ends = st.tuples(at, at).map(sorted)
    kinds = st.sampled_from(NESTING)
    anchors = st.builds(lambda se, kind: Anchor(kind, se[0], se[1]), ends, kinds)
    return text, draw(st.lists(anchors, max_size=8))


@given(spanned())
def test_any_spans_nest_into_marks_that_keep_the_text(case: tuple[str, list[Anchor]]) -> None:
    text, anchors = case
    flat = _flatten(nest(text, anchors))
    assert "".join(chunk for chunk, _, _ in flat) == text
    at = 0
    for chunk, inside, _ in flat:
        for offset in range(len(chunk)):
            assert set(inside) == {a for a in anchors if a.start <= at + offset < a.end}
        at += len(chunk)
    for anchor in set(anchors):
        pieces = [mark for _, _, mark in flat if mark is not None and mark.anchor == anchor]
        assert [p.first for p in pieces] == [True] + [False] * (len(pieces) - 1)
        assert "".join(_text(p) for p in pieces) == text[anchor.start : anchor.end]


def _text(mark: Mark) -> str:
    return "".join(n if isinstance(n, str) else _text(n) for n in mark.children)
