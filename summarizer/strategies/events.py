"""An event on its evidence, the same for every strategy: what does not hold is removed.

An event whose evidence holds but whose place or count does not keep its evidence and
loses only that field, reported; its description is built from checked fields only.
"""

from __future__ import annotations

from summarizer import lexicon
from summarizer.arabic import WORD, key, phrases, words
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


_GENERIC_PLACE_WORDS = frozenset(key(word) for word in words(lexicon.GENERIC_PLACES))


def _place_key(event: Event) -> frozenset[str] | None:
    """The place's words, folded, without the generic words the guide strips (مدينة)."""
    if event.location is None or not event.location.name_source:
        return None
    found = {key(word) for word in WORD.findall(event.location.name_source)}
    return frozenset(found - _GENERIC_PLACE_WORDS) or None


def _same_place(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """One place however written ("مدينة العريش", "العريش"); "مصفى بيجي" is not "بيجي"."""
    return a is not None and a == b


def same_happening(a: Event, b: Event) -> bool:
    """Tell whether two events of one article report one happening (evals/README.md,
    "One event or two"): the same type, nothing that sets them apart (another place,
    time or toll), and something that ties them (the place, or the same toll).

    A headline statement is one per article, so two statements are always one.
    """
    if a.type != b.type:
        return False
    if a.type == "statement":
        return True
    place_a, place_b = _place_key(a), _place_key(b)
    if place_a is not None and place_b is not None and not _same_place(place_a, place_b):
        return False
    if a.time and b.time and key(a.time) != key(b.time):
        return False
    tolls = [(x, y) for x, y in ((a.killed, b.killed), (a.wounded, b.wounded)) if x and y]
    if any(x != y for x, y in tolls):
        return False
    return _same_place(place_a, place_b) or bool(tolls)


def _absorb(kept: Event, other: Event) -> Event:
    """`kept` with the evidence of `other`, and the fields it lacked taken from `other`."""
    update: dict[str, object] = {"evidence": [*kept.evidence, *other.evidence]}
    if kept.killed is None and kept.wounded is None and (other.killed or other.wounded):
        update |= {
            "killed": other.killed,
            "wounded": other.wounded,
            "count_qualifier": other.count_qualifier,
        }
    elif (
        kept.count_qualifier == "exact"
        and other.count_qualifier not in (None, "exact")
        and (kept.killed, kept.wounded) == (other.killed, other.wounded)
    ):
        update["count_qualifier"] = other.count_qualifier  # the hedged form wins
    for name in ("location", "time", "reported_by"):
        if getattr(kept, name) is None and getattr(other, name) is not None:
            update[name] = getattr(other, name)
    names = {actor.name_en for actor in kept.actors}
    update["actors"] = kept.actors + [a for a in other.actors if a.name_en not in names]
    merged = kept.model_copy(update=update)
    if merged.description_by == "code":
        merged.description = describe(merged.type, merged.location, merged.actors)
    return merged


_BACK_REFERENCE = phrases(lexicon.AFTERMATH_REFERENCES)


def aftermath(event: Event) -> bool:
    """Tell a report that points back at a happening (the attack, the blast) and adds no
    place or toll of its own: the claim, the investigation, a visit to the site.
    """
    return (
        event.location is None
        and event.killed is None
        and event.wounded is None
        and any(_BACK_REFERENCE.search(p.text) for p in event.evidence)
    )


def merge_events(events: list[Event]) -> list[Event]:
    """One event per happening: each event joins the first earlier one it reports
    again (`same_happening`), or, as an `aftermath`, the one just before it if of its type;
    the kept event keeps its own fields and gains the other's evidence and what it
    lacked. Order is kept; the first report of a happening leads.
    """
    merged: list[Event] = []
    for event in events:
        k = next((k for k, kept in enumerate(merged) if same_happening(kept, event)), None)
        if k is None and aftermath(event) and merged and merged[-1].type == event.type:
            k = len(merged) - 1  # "the attack": the happening just reported
        if k is None:
            merged.append(event)
        else:
            merged[k] = _absorb(merged[k], event)
    return merged
