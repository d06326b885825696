"""An event's arguments: every finder over its passage, and code's own pick among them."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.arguments.actors import actor_candidates
from summarizer.arguments.passage import Argument
from summarizer.arguments.places import place_candidates
from summarizer.arguments.times import time_candidates


@dataclass(frozen=True)
class Arguments:
    """The candidates of one passage, each list in text order."""

    places: tuple[Argument, ...]
    actors: tuple[Argument, ...]
    times: tuple[Argument, ...]


def preferred(candidates: tuple[Argument, ...], start: int, end: int) -> Argument | None:
    """Code's own pick for an event reported in `source[start:end]` when its candidates
    were read from the whole sentence: the first inside that stretch, else the first.

    Arabic names the most specific place first (في حي الشعار في حلب), and a clause's
    own place beats one of a neighbouring clause; on dev this pick is the gold place
    three times in four.
    """
    inside = [c for c in candidates if start <= c.start < end]
    return next(iter(inside or candidates), None)


def event_arguments(source: str, start: int, end: int) -> Arguments:
    """Every place, actor and time candidate of the passage `source[start:end]`."""
    return Arguments(
        tuple(place_candidates(source, start, end)),
        tuple(actor_candidates(source, start, end)),
        tuple(time_candidates(source, start, end)),
    )
