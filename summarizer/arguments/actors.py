"""Actors: known armed groups, phrases after a head word or an official's title, and
countries that stand outside a place phrase (قوات البشمركة، تنظيم داعش، أبلغت تركيا).
"""

from __future__ import annotations

from summarizer import lexicon
from summarizer.arabic import has_article, key
from summarizer.arguments.passage import (
    COMMON,
    COUNTRY,
    Argument,
    Passage,
    among,
    distinct,
    keys,
    match_span,
    opens_phrase,
    phrases,
    proclitic,
    stop,
)
from summarizer.arguments.places import place_lead

MAX_ACTOR_WORDS = 3
"""Words after an actor's head: "قوات الحكومية العراقية", "طيران التحالف الدولي"."""
MAX_TITLE_WORDS = 5
"""Words after an official's title: "وزير الدفاع الامريكي اشتون كارتر"."""

_HEADS = keys(lexicon.ACTOR_HEADS)
_TITLES = keys(lexicon.OFFICIAL_TITLES)
_GROUP = phrases(lexicon.ARMED_GROUPS)


def actor_candidates(source: str, start: int = 0, end: int | None = None) -> list[Argument]:
    """Actors in `source[start:end]`, in text order: known armed groups and forces, noun
    phrases headed by قوات، تنظيم، ميليشيات، طيران … or an official's title, and
    countries outside a place phrase (أبلغت تركيا الأمم المتحدة).

    After an article-led word a head's phrase takes only article-led words, so the
    verb after "القوات العراقية هاجمت" stays out; a title's phrase runs on into a
    personal name (وزير الدفاع الامريكي اشتون كارتر).
    """
    end = len(source) if end is None else end
    passage = Passage(source, start, end)
    found: list[Argument] = []
    for i, token in enumerate(passage.tokens):
        title = among(token.text, _TITLES, article=True)
        if not (title or among(token.text, _HEADS, article=True)):
            continue
        last, article = i, has_article(token.text)
        while last - i < (MAX_TITLE_WORDS if title else MAX_ACTOR_WORDS):
            inner = passage.quoted(last + 1)
            if inner is not None:  # تنظيم «داعش»، جماعة "أجناد مصر"
                last = inner[1] + 1
                break
            nxt = passage.word(last + 1)
            if stop(nxt, COMMON) or opens_phrase(nxt) or key(nxt)[:1] in "وف":
                break
            if not title and among(nxt, _TITLES, article=True):
                break  # حرس الحدود اللواء …: a person starts
            if article and not has_article(nxt) and not title:
                break
            if key(nxt)[:1] == "ل" and not COUNTRY.fullmatch(nxt):
                break  # لبحث: a purpose or a new phrase, not the actor's name
            last, article = last + 1, article or has_article(nxt)
        if last > i:
            skip = proclitic(token.text, _TITLES if title else _HEADS)
            found.append(passage.span(i, last, "official" if title else "head", skip))
    for match in _GROUP.finditer(source, start, end):
        a, b = match_span(match)
        found.append(Argument(a, b, source[a:b], "group"))
    for match in COUNTRY.finditer(source, start, end):
        a, b = match_span(match)
        before = passage.starts.get(match.start(), 0) - 1
        if any(c in source[match.start() : a] for c in "بل") or (
            before >= 0 and place_lead(passage, before)
        ):
            continue  # بسورية، للعراق، في العراق، شمال العراق: a place
        found.append(Argument(a, b, source[a:b], "country"))
    return distinct(found)
