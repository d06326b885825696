"""Cut each speech act's content into a quote candidate, with its proposed speaker.

Quote spans follow the cut rules of `evals/README.md`: one quote per speech act (each
verb, continuation and participle opens its own), the clause after إن / أن / بأن, the
object after the verb's preposition or its verbal-noun object, the words inside the
marks when the whole content is quoted, and the clause an attribution such as حسبما،
بحسب or وفقا لـ governs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
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
        self.acts = acts  # in article order, so acts near a position are found by bisection
        self.cue_starts = [act.cue_start for act in acts]

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
                later = self.next_act(k)
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

    def next_act(self, k: int) -> Act | None:
        """The first act after the k-th, at its level of nesting, whose clause starts after
        the k-th's content does: where that content ends at the latest.
        """
        act = self.acts[k]
        for j in range(k + 1, len(self.acts)):
            later = self.acts[j]
            if later.nested == act.nested and later.clause_start >= (act.content or 0):
                return later
        return None

    def says_in_marks(self, act: Act) -> bool:
        """Tell a "قائلا" followed by a colon or a quotation mark."""
        opener = self.src[act.cue_end : act.cue_end + 3].strip()[:1]
        return "قائل" in key(act.cue) and opener in (":", *QUOTE_PAIRS)

    def backward(self, act: Act) -> Range:
        """Find the clause an after-the-fact attribution governs, from its sentence start."""
        start = act.content or 0
        end = clause_end(self.src, act.content_end or start, start)
        within = range(bisect_left(self.cue_starts, start), bisect_left(self.cue_starts, end))
        if any(self.acts[j] is not act and self.acts[j].content is not None for j in within):
            return start, start  # the clause is another act's content: the cue names a reporter
        while (aux := AUXILIARY.match(self.src, start, end)) and aux.end() > start:
            start = aux.end()
        return start, end

    def standalone(self, taken: list[Range]) -> list[Cut]:
        """Quotations no cue introduces: after a bare colon, or opening a paragraph.

        Such a paragraph continues the previous speaker (evals/README.md).
        """
        taken = sorted(taken)
        starts = [s for s, _ in taken]
        reach = list(accumulate((e for _, e in taken), max))  # furthest end so far
        spoken = [(x.cue_start, x.subject) for x in self.acts if x.subject]
        out: list[Cut] = []
        for a, b in self.quoted:
            overlaps = (k := bisect_left(starts, b)) > 0 and reach[k - 1] > a
            if overlaps or self.words(a, b) < MIN_QUOTE_WORDS:
                continue
            before = a
            while before > 0 and self.src[before - 1] in " \t\u00a0":
                before -= 1
            if before > 0 and self.src[before - 1] not in ":\n":
                continue
            act = Act(a, a, ":", a, b)
            previous = bisect_left(spoken, a, key=lambda pair: pair[0]) - 1
            act.subject = spoken[previous][1] if previous >= 0 else None
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
