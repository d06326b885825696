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
from summarizer.arabic import LETTER, START, STOP, alternation, fuzzy, phrases, words
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
        rf"{START}{lexicon.EVENT_PROCLITICS}(?:{alternation(arabic)}){STOP}"
        rf"|\b(?:{'|'.join(re.escape(c) for c in english)})\b",
        re.IGNORECASE,
    )


_EVENT_PATTERNS = {kind: _event_pattern(words(cues)) for kind, cues in lexicon.EVENT_CUES.items()}
# A standing state, not a change of control: "تحت سيطرة", "الخاضعة لسيطرة".
_STATE = re.compile(rf"{START}(?:{fuzzy('تحت')}\s+|لل?){fuzzy('سيطرة')}")
_NOT_NEWS = re.compile(
    phrases(lexicon.NOT_NEWS).pattern
    + rf"|{START}(?:{alternation(words(lexicon.DATED_BACKGROUND))})"
    rf"\s+(?:{LETTER}+\s+)?(?:19|20)\d\d\b"
)


def _event_hints(text: str) -> tuple[str, ...]:
    if _NOT_NEWS.search(text):
        return ()
    text = _STATE.sub(lambda m: " " * len(m.group()), text)
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
