"""Cut each speech act's content into a quote candidate, with its proposed speaker.

Quote spans follow the cut rules of `evals/README.md`: one quote per speech act (each
verb, continuation and participle opens its own), the clause after إن / أن / بأن, the
object after the verb's preposition or its verbal-noun object, the words inside the
marks when the whole content is quoted, and the clause an attribution such as حسبما،
بحسب or وفقا لـ governs.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from summarizer.arabic import key
from summarizer.lexicon import QUOTE_PAIRS
from summarizer.segment import Range, Segment
from summarizer.speech.acts import MIN_QUOTE_WORDS, Act, Article, read_acts
from summarizer.speech.cues import AUXILIARY, NARRATION, Mention, clause_end, trim

Mode = Literal["direct", "reported"]
MIN_REPORTED_WORDS = 2
Cut = tuple[int, int, Mode, Act]


@dataclass(frozen=True)
class QuoteCandidate:
    """A stretch of reported or quoted speech found by its cues, sliced by code.

    `speaker` is the subject of the speech cue. A cue with no subject of its own (a
    pronoun, "وأضاف", a participle) gets a copy of the nearest previous explicit mention
    and `inherited`, so the model knows the proposal is a guess to check.
    """

    number: int
    segment: int
    start: int
    end: int
    text: str
    mode: Mode
    cue: str
    speaker: Mention | None = None
    inherited: bool = False


class _Cutter(Article):
    """Cuts the content of every act once all acts of the article are known."""

    def __init__(self, source: str, acts: list[Act]) -> None:
        super().__init__(source)
        self.acts = acts

    def cut(self) -> list[Cut]:
        """Each act's content, cut at the next act, the narration, or the sentence end."""
        found: list[Cut] = []
        for k, act in enumerate(self.acts):
            if act.content is None:
                continue
            if act.content_end is not None:
                start, end = self.backward(act)
            else:
                start, end = act.content, act.limit
                later = next(
                    (
                        x
                        for x in self.acts[k + 1 :]
                        if x.nested == act.nested and x.clause_start >= act.content
                    ),
                    None,
                )
                if later is not None:
                    end = min(end, clause_end(self.src, later.clause_start, start))
                    if (
                        later.clause_start < act.limit
                        and self.says_in_marks(later)
                        and self.src[start] not in QUOTE_PAIRS
                    ):
                        continue  # "X … قائلا: «…»" is one quote: the words in the marks
                narration = NARRATION.search(self.src, start, end)
                end = narration.start() if narration else end
            start, end = trim(self.src, start, end)
            close = self.quote_at.get(start)
            mode: Mode = "reported"
            if close is not None and (close == end or self.src[close : close + 1] in "،,"):
                start, end, mode = start + 1, close - 1, "direct"
                end = trim(self.src, start, end)[1]
            elif act.quote_only:
                continue
            if self.words(start, end) >= (1 if mode == "direct" else MIN_REPORTED_WORDS):
                found.append((start, end, mode, act))
        return found

    def says_in_marks(self, act: Act) -> bool:
        """Tell a "قائلا" followed by a colon or a quotation mark."""
        opener = self.src[act.cue_end : act.cue_end + 3].strip()[:1]
        return "قائل" in key(act.cue) and opener in (":", *QUOTE_PAIRS)

    def backward(self, act: Act) -> Range:
        """Find the clause an after-the-fact attribution governs, from its sentence start."""
        start = act.content or 0
        end = clause_end(self.src, act.content_end or start, start)
        if any(
            x is not act and x.content is not None and start <= x.cue_start < end for x in self.acts
        ):
            return start, start  # the clause is another act's content: the cue names a reporter
        while (aux := AUXILIARY.match(self.src, start, end)) and aux.end() > start:
            start = aux.end()
        return start, end

    def standalone(self, taken: list[Range]) -> list[Cut]:
        """Quotations no cue introduces: after a bare colon, or opening a paragraph.

        Such a paragraph continues the previous speaker (evals/README.md).
        """
        out: list[Cut] = []
        for a, b in self.quoted:
            if any(s < b and a < e for s, e in taken) or self.words(a, b) < MIN_QUOTE_WORDS:
                continue
            before = self.src[:a].rstrip(" \t\u00a0")
            if before and not before.endswith((":", "\n")):
                continue
            act = Act(a, a, ":", a, b)
            act.subject = next(
                (x.subject for x in reversed(self.acts) if x.subject and x.cue_start < a), None
            )
            out.append((a + 1, b - 1, "direct", act))
        return out


def quote_candidates(source: str, segments: list[Segment]) -> list[QuoteCandidate]:
    """Every speech act's content with its proposed speaker, in article order."""
    cutter = _Cutter(source, read_acts(source))
    found = cutter.cut()
    found += cutter.standalone([(a, b) for a, b, _, _ in found])
    found.sort(key=lambda item: (item[0], item[1]))
    starts = [seg.start for seg in segments]
    out: list[QuoteCandidate] = []
    for start, end, mode, act in found:
        if out and (out[-1].start, out[-1].end) == (start, end):
            continue
        out.append(
            QuoteCandidate(
                number=len(out) + 1,
                segment=max(1, bisect_right(starts, start)),
                start=start,
                end=end,
                text=source[start:end],
                mode=mode,
                cue=act.cue,
                speaker=act.subject,
                inherited=act.implicit and act.subject is not None,
            )
        )
    return out


def speaker_mentions(candidates: list[QuoteCandidate]) -> list[Mention]:
    """List the distinct explicit speaker mentions in order of appearance, one per text."""
    explicit = sorted(
        (c.speaker for c in candidates if c.speaker is not None and not c.inherited),
        key=lambda m: (m.start, m.end),
    )
    out: list[Mention] = []
    for found in explicit:
        if all(m.text != found.text for m in out):
            out.append(found)
    return out
