"""What every strategy shares: the `Strategy` protocol, its requests, and the items of an answer.

A strategy decides three things and nothing else: the request (prompt, answer model,
budget), how its answer becomes items, and how each of its items is grounded. The loop
around it (call → ground → repair → policy) is `extract`'s, the same for all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import GenericAlias
from typing import Annotated, Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarizer.grounding import Check
from summarizer.schema import (
    Detail,
    Event,
    EventFilter,
    ItemKind,
    Name,
    Purpose,
    Quote,
    Sentence,
    Span,
)

Messages = list[dict[str, str]]

TOKENS_HEADER = 120
"""Completion budget of the headline and summary. Budgets are sized from the answer
schemas: room for a full answer, small enough that a looping model is stopped in
seconds rather than minutes."""
TOKENS_PER_WRITTEN_ITEM = 160
"""Completion budget of one item the model writes out (a copied quote or event), in a
first answer or in a repair."""

M = TypeVar("M", bound=BaseModel | str)
T = TypeVar("T")


def _compact(schema: dict[str, Any]) -> None:
    """Drop pydantic's generated field titles: the tool schema is prompt tokens on a
    small model. The model's own title stays: it names the tool.
    """
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


COMPACT = ConfigDict(json_schema_extra=_compact)

AsWritten = Annotated[str, Field(min_length=1, max_length=80)]
"""A name the model copies from the article."""


def free_text(max_chars: int, latin: bool) -> Any:
    """Text the model writes itself: bounded, so a looping model cannot fill the budget,
    and in Latin script when the output is English. llama.cpp turns both into grammar.
    The result is a type for pydantic's `create_model`, hence `Any`.
    """
    if latin:
        return Annotated[
            str, Field(pattern=rf"^[A-Za-z0-9][A-Za-z0-9 .,;:'()/&%-]{{0,{max_chars - 1}}}$")
        ]
    return Annotated[str, Field(min_length=1, max_length=max_chars)]


_UNSAFE_IN_KEYS = str.maketrans({'"': "'", "\\": "/"})


def keyed(
    name: str, fields: dict[str, Any], aliases: dict[str, str] | None = None
) -> type[BaseModel]:
    """One required field per key, so the model must answer every candidate. An alias
    puts the source text itself in the JSON key, right before the model's answer.

    A key with a double quote or a backslash (تنظيم "داعش" المتطرف) makes
    llama-cpp-python 0.3.36 write a grammar it cannot parse, and its server dies of
    SIGSEGV: those two characters become ' and / in a key.
    """
    aliases = aliases or {}
    definitions: dict[str, Any] = {
        key: (kind, Field(..., alias=aliases.get(key, key).translate(_UNSAFE_IN_KEYS)))
        for key, kind in fields.items()
    }
    return create_model(
        name,
        __config__=ConfigDict(populate_by_name=True, json_schema_extra=_compact),
        **definitions,
    )


def list_of(kind: Any) -> Any:
    """`list[kind]` for a model class made at run time (a type form for `create_model`)."""
    return GenericAlias(list, (kind,))


def entries(answer: object, kind: type[T]) -> dict[str, T]:
    """A keyed answer's values of type `kind`, by key; nothing when it was not asked for."""
    if not isinstance(answer, BaseModel):
        return {}
    return {key: value for key, value in answer if isinstance(value, kind)}


@dataclass(frozen=True)
class Options:
    """How a strategy asks: free text in Latin script (English output), and how much."""

    latin: bool
    detail: Detail = "full"
    event_filter: EventFilter = "model"


@dataclass(frozen=True)
class Request:
    """One model call: the messages, the model to parse the answer into, its token budget."""

    messages: Messages
    response_model: type[BaseModel]
    max_tokens: int


def messages(system: str, user: str) -> Messages:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


Built = Event | Quote | Name | Sentence


@dataclass(kw_only=True)
class Item(ABC):
    """One piece of an answer (event, quote, English name, sentence) through the attempts.

    Items are grounded, repaired and given their fallback stage by stage: a quote is
    built from its speaker's settled English name, so names come first.
    """

    stage: ClassVar[int] = 2
    key: str
    kind: ItemKind
    built: Built | None = None
    findings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fatal: bool = False
    rendered: bool = False
    attempts: int = 1
    owner: Item | None = None
    """The item this one belongs to (a quote, for its translation and its speaker)."""
    field: str = ""
    """The owner's field this item fills ("translation", "speaker")."""

    @property
    def keep(self) -> bool:
        """Grounded items, and events that only lost an unsupported field."""
        return self.built is not None and not self.fatal

    def fail(self, message: str) -> None:
        """The item's core (quote words, speaker, evidence) does not hold."""
        self.findings.append(message)
        self.fatal = True

    def require(self, check: Check) -> Span | None:
        """The span a check of the item's core found; when none, the item fails."""
        if not check.ok:
            self.fail(check.message)
        return check.span

    def ground(self, source: str) -> None:
        """Build the item and check it against the article afresh (again after a repair)."""
        self.findings, self.removed, self.built, self.fatal = [], [], None, False
        self.check(source)

    def fallback(self, source: str) -> None:  # noqa: B027 (most items have none)
        """What code does for an item still failing after the repairs: by default
        nothing (it is dropped or flagged); an English name is rendered from the Arabic.
        """

    def target(self) -> str | None:
        """Where the item stands in the summary, for the report."""
        return None

    @abstractmethod
    def check(self, source: str) -> None:
        """Set `built`, and the findings and removed fields of what does not hold."""

    @abstractmethod
    def given(self) -> dict[str, object]:
        """What the model answered for the item, or what code found: the report shows it."""


@dataclass(kw_only=True)
class Answered(Item, Generic[M]):
    """An item the model wrote itself: a repair may send it back and take a correction."""

    answer: M

    def given(self) -> dict[str, object]:
        if isinstance(self.answer, BaseModel):
            return self.answer.model_dump(mode="json")
        return {"text": self.answer}

    def arabic(self, source: str) -> str:
        """The Arabic the item renders, shown to the model when it is asked again."""
        return ""

    def revise(self, corrected: BaseModel) -> bool:
        """Take the repaired answer; whether it differs from the last one."""
        if not isinstance(corrected, type(self.answer)):
            raise TypeError(f"{self.key}: a correction must be a {type(self.answer).__name__}")
        changed = corrected != self.answer
        self.answer = corrected
        return changed


@dataclass(kw_only=True)
class Asks(Item):
    """An item that needs a model call of its own before it can be grounded (a quote's
    translation): short requests that show only what they are about.
    """

    purpose: ClassVar[Purpose] = "translate"

    @abstractmethod
    def ask(self, system: str) -> Request:
        """The item's own request."""

    @abstractmethod
    def take(self, answer: BaseModel | None) -> None:
        """The model's answer, or None when it gave no usable one."""


@dataclass(frozen=True)
class Reading:
    """An answer read into items: events, quotes, English names, headline and sentences."""

    items: list[Item]


class Strategy(Protocol):
    """One way to ask a model for a summary of one article.

    Built for one article (`source`, the system prompt, whether free text must be in
    Latin script), it gives the request and reads the answer into items that know how
    to ground themselves.
    """

    def request(self, shrink: int = 1) -> Request:
        """The request; `shrink` > 1 asks for fewer items after a runaway answer."""
        ...

    def read(self, answer: BaseModel) -> Reading:
        """The answer to this strategy's request, as items that ground themselves."""
        ...

    def headline_request(self) -> Request:
        """A request for the headline and summary only (a chunked article's, written once
        from a digest of its merged items).
        """
        ...

    def sentences(self, answer: BaseModel) -> list[Item]:
        """The headline and summary of an answer (to either request), as items."""
        ...

    def repair(
        self, failed: Sequence[Answered[Any]], request: Request, answer: BaseModel
    ) -> Request:
        """The request that sends failed items back with their findings, by key."""
        ...
