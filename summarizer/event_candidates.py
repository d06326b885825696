"""Propose the segments that report a happening, with the event types their cues suggest.

News reports violence, arrests, territory, protests, talks and truces with strong
lexical cues, so code proposes the candidate segments and the `cite` strategy's model
only types them (or says a segment reports none). Background, habits and plans are
left out by their own cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer import lexicon
from summarizer.arabic import LETTER, PRONOUN, START, STOP, alternation, fuzzy, words
from summarizer.segment import Segment
from summarizer.speech.cues import CUE


@dataclass(frozen=True)
class EventCandidate:
    """A segment that reports something happening, with the cue types it matched."""

    number: int
    segment: int
    start: int
    end: int
    text: str
    hints: tuple[str, ...]


def _event_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    arabic = [c for c in cues if not c.isascii()]
    english = sorted((c for c in cues if c.isascii()), key=len, reverse=True)
    return re.compile(
        rf"{START}{lexicon.EVENT_PROCLITICS}(?:{alternation(arabic)})(?:ين|ان)?{PRONOUN}?{STOP}"
        rf"|\b(?:{'|'.join(re.escape(c) for c in english)})\b",
        re.IGNORECASE,
    )


_EVENT_PATTERNS = {kind: _event_pattern(words(cues)) for kind, cues in lexicon.EVENT_CUES.items()}
# A standing state, not a change of control: "تحت سيطرة", "الخاضعة لسيطرة", "يفرض سيطرته".
_STATE = re.compile(
    rf"{START}[وف]?(?:{fuzzy('تحت')}\s+|لل?|[يت]{fuzzy('فرض')}\s+(?:\S+\s+){{0,3}}){fuzzy('سيطرة')}"
)
_PLAN_OR_HABIT = re.compile(rf"{START}[وف]?(?:{alternation(words(lexicon.NOT_NEWS))}){STOP}")
_MONTH = alternation(words(lexicon.MONTHS))
_DATED = re.compile(
    rf"{START}(?:{alternation(words(lexicon.DATED_BACKGROUND))})"
    rf"\s+(?:{LETTER}+\s+)?(?:19|20)\d\d\b"
    # "في 12 يوليو (تموز) الماضي": a day of a past month is an earlier happening
    rf"|\d{{1,2}}\s+(?:{_MONTH})(?:\s*\(\s*(?:{_MONTH})\s*\))?\s+{fuzzy('الماضي')}{STOP}"
    # "خلال الأيام القليلة الماضية": a sum over a period
    rf"|{START}{fuzzy('خلال')}\s+(?:{alternation(words(lexicon.PAST_SPANS))})"
    rf"(?:\s+{LETTER}+){{0,2}}?\s+{fuzzy('الماضية')}{STOP}"
)
_CLAUSE_END = re.compile(r"[،,؛;:]")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _event_hints(text: str) -> tuple[str, ...]:
    """The types whose cues stand in the segment's news.

    A year, a day of a past month or a past period dates the whole segment as
    background or a cumulative sum (منذ عام 2014، خلال الأيام الماضية). A plan, habit or
    hypothesis marker (المقبل، عادة، في حال) rules out its own clause and what follows,
    its scope in Arabic, but not the clauses before it: "أجلت المحكمة المحاكمة …، لجلسة
    17 أكتوبر المقبل" still reports the ruling.
    """
    if _DATED.search(text):
        return ()
    text = _STATE.sub(_blank, text)
    marker = _PLAN_OR_HABIT.search(text)
    if marker is not None:
        ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, marker.start())]
        text = text[: ends[-1]] if ends else ""
    return tuple(kind for kind, pattern in _EVENT_PATTERNS.items() if pattern.search(text))


def event_candidates(segments: list[Segment]) -> list[EventCandidate]:
    """Segments carrying a cue of violence, arrest, territory, protest, talks or truce.

    The lead segment is a candidate too when it reports a statement and nothing else:
    a headline statement is the article's event.
    """
    out: list[EventCandidate] = []
    for seg in segments:
        hints = _event_hints(seg.text)
        if not hints and seg.number == 1 and CUE.search(seg.text):
            hints = ("statement",)
        if hints:
            out.append(
                EventCandidate(len(out) + 1, seg.number, seg.start, seg.end, seg.text, hints)
            )
    return out
