"""The validators: whether a quote, evidence, name or count holds, in words a model can act on.

Each returns a `Check`: the verdict, the span found, and when it fails one sentence that
tells the model what to copy instead, which the repair prompt passes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer import lexicon
from summarizer.grounding.align import EDGE_PUNCT, KIND_RANK, locate_reason, same_word
from summarizer.grounding.guards import Reason
from summarizer.grounding.index import WORD, Index, article_index
from summarizer.grounding.numbers import read_numbers
from summarizer.lexicon import NAME_PROCLITICS
from summarizer.normalize import normalize
from summarizer.schema import Span, SpanKind

_EXCERPT = 80


@dataclass(frozen=True, slots=True)
class Check:
    """A validator's verdict; `message` is one sentence the model can act on in a retry."""

    ok: bool
    span: Span | None
    message: str


def _excerpt(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _passage_check(source: str, text: str, what: str, remedy: str) -> Check:
    span, reason = locate_reason(source, text)
    if span is not None:
        return Check(True, span, "")
    shown = _excerpt(text)
    messages: dict[Reason, str] = {
        "empty": f"The {what} is empty: {remedy[0].lower()}{remedy[1:]}.",
        "not_found": f'{what.capitalize()} not found in the article: "{shown}". {remedy}.',
        "numbers": (
            f'{what.capitalize()} "{shown}" matches the article only with different numbers: '
            "copy every number exactly as the article states it."
        ),
        "negation": (
            f'{what.capitalize()} "{shown}" adds or drops a negation the article does not have '
            "there: copy the words exactly, with every negation as the article writes it."
        ),
        "inserted": (
            f'{what.capitalize()} "{shown}" has words that the matching passage of the article '
            f"does not have, or has its parts out of order: {remedy[0].lower()}{remedy[1:]}."
        ),
        "order": (
            f'The parts of {what} "{shown}" around the ellipsis are not in this order within '
            f"one passage of the article: {remedy[0].lower()}{remedy[1:]}."
        ),
    }
    return Check(False, None, messages.get(reason, messages["not_found"]))


def check_quote(source: str, text: str) -> Check:
    """Require the quote's original-language words to be located in the article (any kind)."""
    return _passage_check(
        source, text, "quote text", "Copy the words exactly as they stand in the article"
    )


def check_evidence(source: str, text: str) -> Check:
    """Require an event's evidence passage to be located in the article (any kind)."""
    return _passage_check(
        source, text, "evidence passage", "Copy one passage exactly as it stands in the article"
    )


def _name_spans(index: Index, needle: str) -> list[tuple[int, int, float]]:
    """Find a name as whole words after normalization; a proclitic may lead (وللمرصد)."""
    text = index.norm.text
    found = []
    # ل + المرصد is written للمرصد: look for لمرصد after that ل as well.
    forms = [needle, "ل" + needle[2:]] if needle.startswith("ال") and len(needle) > 2 else [needle]
    for form in forms:
        position = text.find(form)
        while position >= 0:
            end = position + len(form)
            word_start = position
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            prefix = text[word_start:position]
            proclitic = prefix in NAME_PROCLITICS if form == needle else prefix in ("ل", "ول", "فل")
            if proclitic and (end >= len(text) or not text[end].isalnum()):
                found.append((position, end, 1.0))
            position = text.find(form, position + 1)
    return sorted(found)


def _approximate_name_spans(index: Index, needle: str) -> list[tuple[int, int, float]]:
    """Find a name of three or more words in the article with one word misspelt."""
    words = WORD.findall(needle)
    size = len(words)
    if size < 3:
        return []
    found = []
    firsts = sorted(
        {j - k for k, w in enumerate(words) for j in index.postings.get(w, ()) if j - k >= 0}
    )
    for first in firsts:
        window = index.tokens[first : first + size]
        if len(window) < size:
            continue
        misses = [(w, t) for w, t in zip(words, window, strict=True) if w != t]
        if len(misses) != 1 or not same_word(*misses[0]):
            continue
        start, end = index.starts[first], index.ends[first + size - 1]
        found.append((start, end, fuzz.ratio(needle, index.norm.text[start:end]) / 100.0))
    return found


def _distance(span: tuple[int, int], near: Span) -> int:
    return max(near.start - span[1], span[0] - near.end, 0)


def check_speaker(source: str, name: str, near: Span | None = None, window: int = 400) -> Check:
    """Require the speaker's (or place's) original-language name to appear in the article.

    The name must stand as whole words (a proclitic such as و or ل may lead). With
    `near`, an occurrence within `window` characters of that span is *required*, not
    merely preferred: a name the article gives only elsewhere does not attribute this
    quote. A name of three or more words with exactly one word misspelt (المصدر for
    المرصد in "المرصد السوري لحقوق الإنسان") passes as `approximate`; its span holds the
    article's spelling for the caller to adopt. Shorter names get no such leeway: in a
    two-word personal name one changed word is usually another person (محمد/محمود).
    """
    if not isinstance(source, str) or not isinstance(name, str) or not name.strip():
        return Check(False, None, "The speaker has no name: give it as the article writes it.")
    shown = _excerpt(name)
    index = article_index(source)
    needle = normalize(name.strip()).text.strip(EDGE_PUNCT)
    candidates: list[Span] = []
    for finder in (_name_spans, _approximate_name_spans):
        for start, end, score in finder(index, needle) if needle else ():
            original = index.norm.to_original(start, end)
            kind: SpanKind = "approximate" if score < 1.0 else "normalized"
            if kind == "normalized" and source[original[0] : original[1]] == name.strip():
                kind = "exact"
            candidates.append(Span(start=original[0], end=original[1], kind=kind, score=score))
        if candidates:
            break
    if not candidates:
        return Check(
            False,
            None,
            f'Speaker name "{shown}" does not appear in the article: '
            "write the name or title exactly as the article gives it.",
        )
    if near is None:
        best = min(candidates, key=lambda s: (KIND_RANK[s.kind], s.start))
        return Check(True, best, "")
    close = [s for s in candidates if _distance((s.start, s.end), near) <= window]
    if not close:
        return Check(
            False,
            None,
            f'Speaker name "{shown}" appears in the article but not within {window} '
            "characters of the quote: attribute it to whom the article names beside it.",
        )
    best = min(close, key=lambda s: (KIND_RANK[s.kind], _distance((s.start, s.end), near)))
    return Check(True, best, "")


_VAGUE = tuple(normalize(word).text for word in lexicon.VAGUE_QUANTITIES.split())


def check_count(evidence: str, count: int, what: str = "killed") -> Check:
    """Require a casualty count to be stated in the evidence, in digits or number words.

    The span, when found, is in `evidence` coordinates.
    """
    if not isinstance(evidence, str):
        evidence = ""
    norm = normalize(evidence)
    for value, start, end in read_numbers(norm.text):
        if value == count:
            first, last = norm.to_original(start, end)
            kind: SpanKind = "exact" if evidence[first:last] == str(count) else "normalized"
            return Check(True, Span(start=first, end=last, kind=kind, score=1.0), "")
    words = set(WORD.findall(norm.text))
    vague = next((w for w in _VAGUE if w in words), None)
    if vague is not None:
        return Check(
            False,
            None,
            f'The evidence gives no number for {what}, only a vague quantity ("{vague}"): '
            f"set {what} to null rather than {count}.",
        )
    return Check(
        False,
        None,
        f'The evidence "{_excerpt(evidence)}" does not state {count} {what}: '
        f"give {what} only as a number the evidence states, otherwise null.",
    )
