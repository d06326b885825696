"""What `cite` asks the model to write in English, as items held to the Arabic they render.

A speaker's English name and role (checked against every mention of the speaker), a
quote's translation (asked for on its own, its numbers and names checked against the
quote), and the headline and summary sentences (checked against the segments they cite).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, Field, create_model

from summarizer import english, prompts
from summarizer.arguments import actor_candidates, place_candidates
from summarizer.schema import ItemKind, Sentence, Span
from summarizer.segment import Segment
from summarizer.speech import Mention, QuoteCandidate
from summarizer.strategies import names
from summarizer.strategies.base import (
    COMPACT,
    Answered,
    Asks,
    Request,
    free_text,
    messages,
)

MAX_CITED = 4
SENTENCE_CHARS = 200
"""The grammar stops a sentence here: one that reaches it was cut off, not ended."""
TOKENS_PER_TRANSLATION = 24
"""Plus one token per three characters of the quote: English is shorter than the
Arabic it renders in characters, not in tokens."""


class SpeakerLabel(BaseModel):
    """The model's English name and role for a speaker the article names."""

    model_config = COMPACT

    name_en: str
    role: str | None = None


class Cited(BaseModel):
    """A headline or summary sentence and the numbers of the segments it rests on."""

    model_config = COMPACT

    text: str
    segments: list[int] = Field(max_length=MAX_CITED)


@lru_cache(maxsize=2)
def label_models(latin: bool) -> tuple[type[SpeakerLabel], type[Cited]]:
    name = free_text(60, latin)
    speaker = create_model(
        "SpeakerLabel",
        __base__=SpeakerLabel,
        name_en=(name, Field(description="The speaker's name in English")),
        role=(name | None, Field(None, description="Their title or affiliation, or null")),
    )
    cited = create_model(
        "Cited",
        __base__=Cited,
        text=(free_text(SENTENCE_CHARS, latin), Field(description="One sentence in English")),
        segments=(list[int], Field(max_length=MAX_CITED, description="Segment numbers")),
    )
    return speaker, cited


def mention_span(mention: Mention) -> Span:
    return names.exact(mention.start, mention.end)


@dataclass(kw_only=True)
class SpeakerItem(Answered[SpeakerLabel]):
    """A speaker's English name and role: checked against every mention of the speaker."""

    stage: ClassVar[int] = 1
    kind: ItemKind = "name"
    mention: Mention

    def check(self, source: str) -> None:
        built, findings = names.speaker(
            source, mention_span(self.mention), self.answer.name_en, self.answer.role
        )
        self.built = built
        if built.rendered_by == "code":
            self.fail(" ".join(findings) or "The name is not supported by the article.")
        else:
            self.findings += findings  # a role that did not hold was removed
            self.removed += ["role"] if self.answer.role and built.role is None else []

    def fallback(self, source: str) -> None:
        self.built = names.rendered_speaker(source, mention_span(self.mention))
        self.rendered = True

    def target(self) -> str:
        return f"speaker {self.mention.text}"

    def arabic(self, source: str) -> str:
        """What the repair shows: the speaker's mentions, wherever the article gives them."""
        return " … ".join(
            source[s.start : s.end]
            for s in english.speaker_contexts(source, mention_span(self.mention))
        )


class Translation(BaseModel):
    """One quote's English translation."""

    model_config = COMPACT

    text: str = Field(description="The quote in English.")


@dataclass(kw_only=True)
class TranslationItem(Asks):
    """A quote's English translation, asked for on its own with only the quote shown
    (in one long answer the 1.5B model repeated one sentence for every quote), with the
    English of the names code finds in it; its numbers and names must be in the quote.
    Only names code can vouch for are offered: a hint that transliterates common words
    ("يستقلان دراجة نارية = Yastaqlan Daraja Narya") was copied into the translation.
    """

    stage: ClassVar[int] = 2
    kind: ItemKind = "translation"
    quote: QuoteCandidate
    source: str
    text: str | None = None

    def ask(self, system: str) -> Request:
        span = names.exact(self.quote.start, self.quote.end)
        found = [
            *((a, names.NAMED_PLACES) for a in place_candidates(self.source, span.start, span.end)),
            *((a, names.NAMED_ACTORS) for a in actor_candidates(self.source, span.start, span.end)),
        ]
        hints: dict[str, str] = {}
        for argument, allowed in found:
            rendered = names.named(self.source, argument, allowed)
            if rendered is not None and rendered.name_en:
                hints.setdefault(argument.text, rendered.name_en)
        user = prompts.render("translate", text=self.quote.text, names=list(hints.items()))
        budget = TOKENS_PER_TRANSLATION + len(self.quote.text) // 3
        return Request(messages(system, user), Translation, budget)

    def take(self, answer: BaseModel | None) -> None:
        self.text = _unwrapped(answer.text) if isinstance(answer, Translation) else None

    def check(self, source: str) -> None:
        if not self.text:
            self.fail("The model gave no usable translation.")
            return
        if _ARABIC.search(self.text):
            self.fail("The translation is not in English: write the quote in English.")
            return
        if echo := _task_words(self.text, self.quote.text):
            self.fail(f"The translation speaks of the task ('{echo}'), not of what was said.")
            return
        span = names.exact(self.quote.start, self.quote.end)
        self.built = Sentence(text=self.text, support=[span])
        checked = english.check_text(self.text, source, [span])
        if not checked.ok:
            self.fail(names.finding(checked, "the quote"))
        for message in names.sounded(checked, source):
            self.fail(message)
        if turned := english.compass(self.text, source, [span]):
            self.fail(f"The quote gives no such direction as {', '.join(turned)}: keep its own.")
        if lost := english.omitted(self.text, source, [span]):
            self.fail(f"The translation leaves out {', '.join(lost)}: render every name it gives.")

    def given(self) -> dict[str, object]:
        return {"text": self.text}

    def target(self) -> str:
        return f"q{self.quote.number}.translation"


_ARABIC = re.compile(r"[\u0600-\u06ff]")
"""Arabic letters: an answer that writes them (تبقى قوات مهنية وطنية for تكون قوات
مهنية وطنية) gives a reader who does not read Arabic nothing."""
_WRAPPER = re.compile(
    r"^(?:the |here is the |arabic news article )?(?:quote|translation)\b[^:\n]{0,40}:\s*", re.I
)
_QUOTES = "\"'«»“”‘’ "


def _unwrapped(text: str) -> str:
    """The translation inside an answer that announces it ("The quote in English is:
    'I am interested in …'"): the announcement is the model's, not the speaker's.
    """
    text = text.strip()
    inner = _WRAPPER.sub("", text, count=1)
    return inner.strip(_QUOTES) if inner != text else text


_ECHO_WORDS = 4
_TASK_WORDS = ("quote", "translat")
_ARABIC_TASK_WORDS = ("ترجم", "اقتباس")


_EMPTY_PROMPT: dict[str, object] = {
    "text": "",
    "names": [],
    "segments": [],
    "speakers": {},
    "events": [],
    "max_sentences": 0,
    "output_language": "English",
}


def _runs(text: str) -> list[tuple[str, ...]]:
    """The text's sequences of `_ECHO_WORDS` words, case-folded, in order."""
    words = text.casefold().split()
    return list(zip(*(words[k:] for k in range(_ECHO_WORDS)), strict=False))


@lru_cache(maxsize=4)
def _prompt_runs(templates: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The prompts' own word sequences, with nothing of the article in them."""
    return frozenset(
        run for template in templates for run in _runs(prompts.render(template, **_EMPTY_PROMPT))
    )


def _echo(text: str, *templates: str) -> str | None:
    """The first words of `text` that are the prompt's, read back instead of answered."""
    runs = _prompt_runs(templates)
    return next((" ".join(run) for run in _runs(text) if run in runs), None)


def _task_words(text: str, arabic: str) -> str | None:
    """Where an answer talks about the task instead of rendering the quote: it repeats
    the instructions ("Keep its meaning, every number and every name, and add nothing.")
    or names the quote or the translating ("The quote in English is: …"). On the dev and
    test recordings the 1.5B model did both; neither passes for a quote's English, unless
    the quote itself speaks of translating or quoting (ترجم، اقتباس).
    """
    if echo := _echo(text, "translate"):
        return echo
    if any(word in arabic for word in _ARABIC_TASK_WORDS):
        return None
    words = text.casefold().split()
    return next((w for w in words if w.strip("\"'.,:;()«»").startswith(_TASK_WORDS)), None)


@dataclass(kw_only=True)
class SentenceItem(Answered[Cited]):
    """A headline or summary sentence: what it states must be in the segments it cites."""

    segments: Sequence[Segment]

    def check(self, source: str) -> None:
        spans = self._spans()
        self.built = Sentence(text=self.answer.text, support=spans)
        if not spans:
            self.fail("The sentence cites no segment of the article: cite the ones it rests on.")
            return
        checked = english.check_text(self.answer.text, source, spans)
        if not checked.ok:
            self.fail(names.finding(checked, "the segments it cites"))
        if turned := english.compass(self.answer.text, source, spans):
            self.fail(f"The segments it cites give no such direction as {', '.join(turned)}.")
        if echo := _echo(self.answer.text, "cite_rules", "cite"):
            # Removed, not sent back: a model that reads its prompt back is not answering.
            self.findings.append(f"The sentence reads back the prompt ('{echo}').")
            self.built = None
        if len(self.answer.text) >= SENTENCE_CHARS and self.kind == "sentence":
            # Removed, not sent back: a repair would be asked the same bound again.
            self.findings.append("The sentence was cut off at the length bound.")
            self.built = None

    def _spans(self) -> list[Span]:
        by_number = {s.number: s for s in self.segments}
        cited = sorted({n for n in self.answer.segments if n in by_number})
        return [names.exact(by_number[n].start, by_number[n].end) for n in cited]

    def arabic(self, source: str) -> str:
        cited = set(self.answer.segments)
        return " ".join(f"[{s.number}] {s.text}" for s in self.segments if s.number in cited)
