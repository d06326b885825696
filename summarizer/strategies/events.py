"""An event on its evidence, the same for every strategy: what does not hold is removed.

An event whose evidence holds but whose place or count does not keep its evidence and
loses only that field, reported; its description is built from checked fields only.
"""

from __future__ import annotations

from summarizer import lexicon
from summarizer.arabic import WORD, key, phrases, words
from summarizer.counts import casualties
from summarizer.counts import qualifier as count_qualifier
from summarizer.english import in_sentence
from summarizer.grounding import check_count
from summarizer.schema import HEDGES, CountQualifier, Event, EventType, Name, Passage, Span


def _listed(names: list[str]) -> str:
    """English's list: A; A and B; A, B and C."""
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


def describe(
    event_type: str,
    place: Name | None,
    actors: list[Name],
    *,
    killed: int | None = None,
    wounded: int | None = None,
    qualifier: CountQualifier | None = None,
    reported_by: Name | None = None,
) -> str:
    """One English sentence built from checked fields only, never from unchecked prose,
    so its names are checked names and its numbers are the grounded counts.
    """
    text = event_type.replace("_", " ").capitalize()
    if actors:
        text += " involving " + _listed([in_sentence(actor.name_en) for actor in actors])
    if place is not None:
        text += f" in {in_sentence(place.name_en)}"
    hedge = HEDGES.get(qualifier or "", "")
    counts = [f"{hedge}{n} {what}" for n, what in ((killed, "killed"), (wounded, "wounded")) if n]
    if counts:
        text += ": " + " and ".join(counts)
    if reported_by is not None:
        text += f", according to {in_sentence(reported_by.name_en)}"
    return text + "."


def ground_event(
    source: str,
    spans: list[Span],
    event_type: EventType,
    *,
    location: Name | None = None,
    actors: list[Name] | None = None,
    time: str | None = None,
    stated: tuple[int | None, int | None] | None = None,
    reported_by: Name | None = None,
) -> tuple[Event, list[str], list[str]]:
    """The event on its evidence, with its findings and removed fields.

    Names come checked by the strategy. Counts come from the model when it gives them
    (`copy`), else they are read from the evidence by `counts.casualties` (`cite`);
    either way they are checked here, and one that does not hold is removed.
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
    actors = actors or []
    event = Event(
        type=event_type,
        description=describe(
            event_type,
            location,
            actors,
            killed=counts["killed"],
            wounded=counts["wounded"],
            qualifier=qualifier,
            reported_by=reported_by,
        ),
        actors=actors,
        location=location,
        time=time,
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


ATTACKS: frozenset[EventType] = frozenset(
    ("armed_clash", "airstrike", "shelling", "bombing", "killing")
)
"""Types of a violent happening, whose deaths a `killing` may report on their own."""


def _toll_of_attack(a: Event, b: Event) -> bool:
    """A killing beside an attack of another type: the deaths it caused, one happening
    when place or toll ties them ("استشهاد 12" after the bombing in أبها).
    """
    return "killing" in (a.type, b.type) and a.type in ATTACKS and b.type in ATTACKS


def same_happening(a: Event, b: Event) -> bool:
    """Tell whether two events of one article report one happening (evals/README.md,
    "One event or two"): the same type (or an attack and the killing it caused), nothing
    that sets them apart (another place, time or toll), and something that ties them
    (the place, or the same toll).

    A headline statement is one per article, so two statements are always one.
    """
    if a.type != b.type and not _toll_of_attack(a, b):
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
    if kept.type == "killing" and other.type in ATTACKS:
        update["type"] = other.type  # the attack names the happening; the deaths are its toll
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
        merged.description = describe(
            merged.type,
            merged.location,
            merged.actors,
            killed=merged.killed,
            wounded=merged.wounded,
            qualifier=merged.count_qualifier,
            reported_by=merged.reported_by,
        )
    return merged


_AFTERMATH = phrases(f"{lexicon.AFTERMATH_REFERENCES} {lexicon.AFTERMATH_CUES}")
_SAME_KIND = phrases(lexicon.ATTACK_REFERENCES)


def _follows(event: Event, attack: Event) -> bool:
    """Tell a report that follows `attack` (the claim, the investigation, a visit to the
    site): no toll of its own, no other place, and it points back at an attack, or
    names what only follows one. A noun of one kind of attack (التفجير) points back at
    an attack the model typed alike; a general one (الهجوم) or a claim at any attack.
    """
    if (
        event.type not in (*ATTACKS, "other")
        or event.killed is not None
        or event.wounded is not None
        or _place_key(event) not in (None, _place_key(attack))
    ):
        return False
    texts = [p.text for p in event.evidence]
    return any(_AFTERMATH.search(t) for t in texts) or (
        event.type == attack.type and any(_SAME_KIND.search(t) for t in texts)
    )


def _repeats(event: Event, attack: Event) -> bool:
    """Tell a further report of `attack`: an attack of the same type with no toll of its
    own and no place but the attack's (none, or one that names the attack's place too,
    "الجفينة جنوب غرب مأرب" after clashes in مأرب). An article tells one attack in its
    lead and again in detail ("انفجرت سيارة مفخخة عند وصول قافلة" after "انفجار سيارة
    مفخخة استهدف قافلة").
    """
    if event.type not in ATTACKS or event.type != attack.type or event.killed or event.wounded:
        return False
    if event.location is None:
        return True
    place = _place_key(attack)
    said = {key(word) for passage in event.evidence for word in WORD.findall(passage.text)}
    return place is not None and place <= said


UNUSABLE = "It names no actor, place or toll: nothing tells who did what where."


def usable(event: Event) -> bool:
    """An event a reader can use names who acted, where, or how many: a candidate whose
    sentence gives none of them is an opinion, a habit or a detail ("the girls were
    begging"), not a happening to list (evals/README.md, "What counts as an event").
    """
    return bool(event.actors or event.location or event.killed or event.wounded)


def merge_events(events: list[Event]) -> list[Event]:
    """One event per happening (`happenings`)."""
    return happenings(events)[0]


def happenings(events: list[Event]) -> tuple[list[Event], list[int]]:
    """One event per happening, and for each event given the index of the one it joined.

    Each event joins the first earlier one it reports again (`same_happening`), or the
    latest attack it `_follows` or `_repeats`; the kept event keeps its own fields
    (but an attack's type over a killing's) and gains the other's evidence and what it
    lacked. Order is kept; the first
    report of a happening leads.
    """
    merged: list[Event] = []
    joined: list[int] = []
    for event in events:
        k = next((k for k, kept in enumerate(merged) if same_happening(kept, event)), None)
        if k is None:
            attacks = [k for k, kept in enumerate(merged) if kept.type in ATTACKS]
            k = next((k for k in reversed(attacks) if _follows(event, merged[k])), None)
        if k is None:
            k = next((k for k in reversed(attacks) if _repeats(event, merged[k])), None)
        if k is None:
            merged.append(event)
            joined.append(len(merged) - 1)
        else:
            merged[k] = _absorb(merged[k], event)
            joined.append(k)
    return merged, joined
