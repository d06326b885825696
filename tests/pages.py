"""Reading our HTML pages back as a browser would: a strict HTML5 parser, the checks
every page must pass (valid, offline), and what a view's article must hold.
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

import html5lib

from summarizer.view import NESTING, Anchor

URL_ATTRIBUTES = (
    "href", "src", "srcset", "action", "formaction", "data", "poster", "cite", "background",
    "manifest", "ping", "xlink:href",
)  # fmt: skip
REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
"""A URL that names a scheme or a host: anything but a path or a fragment in this folder."""

FETCHING_TAGS = {"link", "img", "object", "embed", "audio", "video", "source", "base", "track"}


def parse(page: str) -> Element:
    """The document tree; any HTML5 parse error (a missing doctype, a stray end tag, a bad
    attribute, misnested markup) fails the test.
    """
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    root: Element = parser.parse(page)
    return root


def assert_valid(page: str) -> Element:
    """Valid HTML5 as far as a parser and the document's own references can tell."""
    assert page.startswith("<!doctype html>\n")
    root = parse(page)
    assert root.get("lang")
    head = root.find("head")
    assert head is not None
    assert head[0].tag == "meta" and head[0].get("charset") == "utf-8"
    title = head.find("title")
    assert title is not None and (title.text or "").strip()
    ids = Counter(e.get("id") for e in root.iter() if e.get("id") is not None)
    assert not [i for i, n in ids.items() if n > 1], "ids must be unique"
    for element in root.iter():
        href = element.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, f"{href} points at nothing"
    return root


def assert_offline(root: Element) -> None:
    """Nothing on the page is fetched from a host: no URL with a scheme or a host, no
    fetching element, no `@import` or `url()` in styles.
    """
    for element in root.iter():
        assert element.tag not in FETCHING_TAGS, f"<{element.tag}> fetches"
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            assert value is None or not REMOTE.match(value), f"{element.tag} {name}={value!r}"
        assert not re.search(r"@import|url\(", element.get("style") or "", re.IGNORECASE)
    for style in root.iter("style"):
        assert not re.search(r"@import|url\(", style.text or "", re.IGNORECASE)
    for script in root.iter("script"):
        assert script.get("src") is None


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def by_class(root: Element, name: str) -> list[Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def article_of(root: Element) -> Element:
    (article,) = by_class(root, "text")
    return article


def marks_of(root: Element) -> dict[str, tuple[Anchor, str]]:
    """Each anchor of the article, and the text of its pieces joined in document order."""
    found: dict[str, tuple[Anchor, str]] = {}
    for mark in article_of(root).iter("mark"):
        kind = mark.get("class")
        assert kind in NESTING
        anchor = Anchor(kind, int(mark.get("data-start", "")), int(mark.get("data-end", "")))
        assert mark.get("data-a") == anchor.id
        _, text = found.get(anchor.id, (anchor, ""))
        found[anchor.id] = (anchor, text + text_of(mark))
    return found


def covering_of(element: Element, above: frozenset[str] = frozenset()) -> list[frozenset[str]]:
    """For each character under `element`, the anchors of the marks it lies in."""
    here = above | {element.get("data-a", "")} if element.tag == "mark" else above
    out = [here] * len(element.text or "")
    for child in element:
        out += covering_of(child, here)
        out += [here] * len(child.tail or "")
    return out


def assert_marks_hold(root: Element, text: str) -> dict[str, tuple[Anchor, str]]:
    """The article is the text, unchanged; every highlight's text is exactly its span;
    every character lies in exactly the marks whose spans cover it.
    """
    marks = marks_of(root)
    assert text_of(article_of(root)) == text
    for anchor, shown in marks.values():
        assert shown == text[anchor.start : anchor.end]
    covering = covering_of(article_of(root))
    for at, inside in enumerate(covering):
        assert inside == {a.id for a, _ in marks.values() if a.start <= at < a.end}
    for anchor_id in marks:
        first = next(m for m in article_of(root).iter("mark") if m.get("data-a") == anchor_id)
        assert first.get("id") == anchor_id  # links land on the first piece
    return marks
