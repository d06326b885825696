"""Places: a name after its lead-in, a preposition or a generic, landmark or compass
word (في محافظة دياربكر، قرب الخالدية، شرق الرمادي), and a country after ب or ل.
"""

from __future__ import annotations

import re

from summarizer import lexicon
from summarizer.arabic import MARKS, has_article, key
from summarizer.arguments.passage import (
    COUNTRY,
    GENERIC,
    LANDMARKS,
    MAX_NAME_WORDS,
    Argument,
    Passage,
    PlaceCue,
    among,
    distinct,
    keys,
    match_span,
    opens_phrase,
    proclitic,
    stop,
)

_PREPOSITIONS = keys(lexicon.PLACE_PREPOSITIONS)
_GENERIC_PREPOSITIONS = keys(lexicon.GENERIC_PREPOSITIONS)
_AREAS = keys(lexicon.PLACE_AREAS)
_DIRECTIONS = keys(lexicon.DIRECTIONS)
_PLURAL_GENERIC = keys("مدن قرى مناطق بلدات محافظات")
_PEOPLE = ("ين", "ون")
"""Sound plurals of people (المقاتلين، المسلحون): after في they name no place."""


def _compass(word: str) -> bool:
    """الشمالي، الغربية: part of a region's name (ريف الرقة الشمالي، بادية تدمر الغربية)."""
    return key(word).startswith(("الشمال", "الجنوب", "الشرق", "الغرب"))


def _described(word: str) -> bool:
    """An adjective of relation after an article-led noun makes it a description, not
    a name: المعارضة السورية، القضايا الميدانية, but الرقة الشمالي is a region.
    """
    return has_article(word) and not _compass(word) and key(word).endswith(("ي", "يه", "يين"))


def _possessed(word: str) -> bool:
    """A noun with a possessive pronoun (عمله، منزلها، قواتهم), which no place name has;
    a name ending in يه (غومبيه) is spared. Read as written: key() folds ة into ه.
    """
    folded = re.sub(f"[{MARKS}ـ]", "", word)
    if folded.endswith(("ها", "هم", "هما")):
        return len(folded) > 4
    return folded.endswith("ه") and not folded.endswith("يه") and len(folded) > 3


def _generic(word: str) -> bool:
    return not has_article(word) and among(word, GENERIC, plural=True)


def _landmark(word: str) -> bool:
    return not has_article(word) and among(word, LANDMARKS)


def _name(passage: Passage, i: int, landmark: bool = False) -> int | None:
    """The last token of a place name that starts at token `i`, or None.

    The first word may be no particle, number, common noun or event word, and no
    generic or landmark word with the article (المدينة، الحي الصناعي: a
    description); unless a landmark word leads, no sound plural of people
    (المقاتلين). After an article-led word only a compass adjective goes on
    (الرقة الشمالي); words without the article go on as one name (خان بني سعد).
    """
    first = passage.word(i)
    if landmark:
        if not _landmark(first):
            return None
    elif stop(first) or opens_phrase(first) or among(first, _AREAS):
        return None
    if not has_article(first) and _possessed(first):
        return None  # إلى عمله، في منزلها: a noun with its owner, no name
    if has_article(first) and (
        among(first, GENERIC, article=True, plural=True)
        or among(first, LANDMARKS, article=True)
        or (key(first).endswith(_PEOPLE) and not COUNTRY.fullmatch(first))
        or _described(passage.word(i + 1))
    ):
        return None
    last, article = i, has_article(first)
    while last - i + 1 < MAX_NAME_WORDS:
        nxt = passage.word(last + 1)
        if article and not (has_article(nxt) and _compass(nxt)):
            break
        if (stop(nxt) and not _compass(nxt)) or opens_phrase(nxt) or key(nxt)[:1] in "وف":
            break
        last, article = last + 1, article or has_article(nxt)
    return last


def _joined(passage: Passage, last: int, dual: bool) -> int:
    """Extend a name over "و" and another: جبل منيف وجبل الكسارة، منطقتي حصيبة وجويبة."""
    conj = passage.word(last + 1)
    if len(conj) < 3 or key(conj)[0] != "و":
        return last
    bare = conj[1:]
    if _generic(bare):
        return _name(passage, last + 2) or last
    if _landmark(bare):
        return _name(passage, last + 2) or last
    country = COUNTRY.fullmatch(bare)
    if (dual and not stop(bare) and not opens_phrase(bare)) or (
        country is not None and country.start(1) == 0  # سوريا والعراق, not وبالعراق
    ):
        return last + 1
    return last


def place_lead(passage: Passage, i: int) -> tuple[int, PlaceCue, bool] | None:
    """Where a place name starts after the lead-in at token `i`, the cue, and whether a
    dual or plural generic word leads it; None when no lead-in stands at `i`.

    A lead-in is a place preposition (في), or a generic preposition (على، نحو) that a
    generic or landmark word follows, then any area and compass words (في محيط،
    شرق); or a generic, landmark or compass word on its own (مدينة حلب، شرق الرمادي).
    """
    text = passage.word(i)
    cue: PlaceCue = "preposition"
    if among(text, _PREPOSITIONS):
        j, strict = i + 1, False
    elif among(text, _GENERIC_PREPOSITIONS):
        j, strict = i + 1, True
    elif _generic(text) or _landmark(text) or among(text, _DIRECTIONS) or among(text, _AREAS):
        j, strict = i, False  # مدينة حلب، شرق الرمادي، وسط الموصل، بمحيط قاعدة الحبانية
    else:
        return None
    while among(passage.word(j), _AREAS):
        j += 1
    while among(passage.word(j), _DIRECTIONS):
        j, cue = j + 1, "direction"
    word = passage.word(j)
    if _generic(word):
        plural = not among(word, GENERIC) or among(word, _PLURAL_GENERIC)
        return j + 1, "generic", plural
    if _landmark(word):
        return j, "landmark", False
    if (strict and cue != "direction") or j == i:
        return None
    return j, cue, False


def place_candidates(source: str, start: int = 0, end: int | None = None) -> list[Argument]:
    """Place names in `source[start:end]`, in text order, each name once.

    Found after a place preposition (في، قرب، إلى …), a generic word (محافظة، منطقتي),
    a landmark word (قاعدة، جبل) or a compass word (شرق الرمادي), and countries after ب
    (بسورية); generic words are left out of the span, landmark words kept. A country in
    subject position is a party, not a place: `actor_candidates` proposes it.
    """
    end = len(source) if end is None else end
    passage = Passage(source, start, end)
    found: list[Argument] = []
    i = 0
    while i < len(passage.tokens):
        lead = place_lead(passage, i)
        if lead is None:
            i += 1
            continue
        first, cue, dual = lead
        inner = passage.quoted(first)
        if inner is not None:
            found.append(passage.span(*inner, "quoted"))
            i = inner[1] + 1
            continue
        last = _name(passage, first, landmark=cue == "landmark")
        if last is None:
            i = max(i + 1, first)
            continue
        last = _joined(passage, last, dual)
        skip = proclitic(passage.word(first), LANDMARKS) if _landmark(passage.word(first)) else 0
        if COUNTRY.fullmatch(passage.span(first, last, cue).text):
            cue = "country"
        found.append(passage.span(first, last, cue, skip))
        i = last + 1
    for match in COUNTRY.finditer(source, start, end):
        a, b = match_span(match)
        if any(c in source[match.start() : a] for c in "بل") and not any(
            p.start <= a < p.end for p in found
        ):
            found.append(Argument(a, b, source[a:b], "country"))
    return distinct(found)
