"""Reading our HTML pages back as a browser would: a strict HTML5 parser and the checks
every page must pass (valid, offline).
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

import html5lib

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
