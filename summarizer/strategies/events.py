"""An event on its evidence, the same for every strategy: what does not hold is removed.

An event whose evidence holds but whose place or count does not keep its evidence and
loses only that field, reported; its description is built from checked fields only.
"""

from __future__ import annotations

from summarizer.counts import casualties
from summarizer.counts import qualifier as count_qualifier
from summarizer.grounding import check_count, check_speaker
from summarizer.schema import CountQualifier, Event, EventType, Name, Passage, Span


def describe(event_type: str, place: Name | None, actors: list[Name]) -> str:
    """A plain English line built from checked fields only, never from unchecked prose."""
    text = event_type.replace("_", " ").capitalize()
    if actors:
        text += " involving " + ", ".join(actor.name_en for actor in actors)
    if place is not None:
        text += f" in {place.name_en}"
    return text


def ground_event(
    source: str,
    spans: list[Span],
    event_type: EventType,
    *,
    place: str | None = None,
    place_en: str | None = None,
    actors: list[Name] | None = None,
    stated: tuple[int | None, int | None] | None = None,
    reported_by: Name | None = None,
) -> tuple[Event, list[str], list[str]]:
    """The event on its evidence, with its findings and removed fields.

    Counts come from the model when it gives them (`copy`), else they are read from the
    evidence by `counts.casualties` (`cite`); either way they are checked.
    """
    findings: list[str] = []
    removed: list[str] = []
    evidence = " ".join(source[s.start : s.end] for s in spans)
    qualifier: CountQualifier | None = None
    if stated is None:
        killed, wounded, qualifier = casualties(evidence)
        stated = (killed, wounded)
    counts: dict[str, int | None] = {"killed": stated[0], "wounded": stated[1]}
    for what, value in counts.items():
        if value is None:
            continue
        check = check_count(evidence, value, what)
        if check.ok and check.span is not None:
            qualifier = qualifier or count_qualifier(evidence, check.span.start)
        else:
            findings.append(check.message)
            removed.append(what)
            counts[what] = None
    if counts["killed"] is None and counts["wounded"] is None:
        qualifier = None
    location = None
    if place:
        # The place must be written inside the evidence itself, not merely nearby.
        if check_speaker(source, place, near=spans[0], window=0).ok:
            location = Name(name_en=place_en or place, name_source=place)
        else:
            findings.append(
                f"The place {place!r} is not written in the evidence: "
                "copy it exactly as the article writes it there, or use null."
            )
            removed.append("location")
    event = Event(
        type=event_type,
        description=describe(event_type, location, actors or []),
        actors=actors or [],
        location=location,
        killed=counts["killed"],
        wounded=counts["wounded"],
        count_qualifier=qualifier,
        reported_by=reported_by,
        evidence=[Passage(text=source[s.start : s.end], span=s) for s in spans],
    )
    return event, findings, removed
