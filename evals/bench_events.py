"""Benchmark what code alone finds for events: candidates, merging, type hints, arguments.

Run: .venv/bin/python evals/bench_events.py [--verbose] [--cases] [--dataset dev test]
(`dev:snn` keeps the dev cases whose id starts with "snn", the ten written after the rules;
`dev:!snn` the thirteen the rules were written from)

The `cite` model only labels what code proposes, so these figures bound its events.
Each candidate segment becomes a provisional event with code's own guesses: its first
type hint, its first place, time and actor candidates (`summarizer.arguments`), and the
counts `counts.casualties` reads; `merge_events` then joins reports of one happening.
Side by side per dataset (dev was tuned on; test never is):

- coverage: gold events whose evidence overlaps some candidate segment;
- precision bound: provisional events that pair one-to-one with a gold event (the
  eval's `event_match`), before and after merging; recall after merging;
- type: the first hint equals the gold type, and the gold type is among the hints;
- place: the merged event's place (its first candidate) name-matches the gold
  `location.name_source`; "any" when some candidate of its segments does; "null ok"
  when gold has no place and code proposes none;
- actors: gold actors carry only English, so a gold actor is judged when `ACTORS`
  below knows its English (ISIS, Houthis, coalition …) and found when some actor
  candidate contains one of its Arabic forms; persons and rare bodies are unjudged
  (check those by hand with --verbose);
- time: the first time candidate name-matches the gold `time` (Arabic as written).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from summarizer.arabic import key
from summarizer.arguments import Arguments, event_arguments, preferred
from summarizer.counts import casualties
from summarizer.evaluation.dataset import Case, load_dataset
from summarizer.evaluation.matching import event_match, names_match, pair, span_match
from summarizer.event_candidates import EventCandidate, event_candidates
from summarizer.schema import Event, EventType, Name, Passage, Span
from summarizer.segment import enclosing_sentence, segment
from summarizer.strategies.events import merge_events

DATASETS = Path(__file__).resolve().parent / "datasets"
EXCERPT = 80

ACTORS: dict[str, tuple[str, ...]] = {
    "isis": ("داعش", "تنظيم الدولة", "الدولة الإسلامية", "التنظيم"),
    "islamic state": ("داعش", "تنظيم الدولة", "الدولة الإسلامية"),
    "houthi": ("حوثي", "أنصار الله"),
    "hezbollah": ("حزب الله",),
    "coalition": ("التحالف",),
    "peshmerga": ("البشمركة", "بيشمركة"),
    "popular mobili": ("الحشد",),
    "resistance": ("المقاومة",),
    "army": ("الجيش", "جيش", "القوات", "قوات"),
    "forces": ("قوات", "القوات", "قوة"),
    "government": ("النظام", "الحكومية", "النظامية"),
    "police": ("الشرطة", "شرطة"),
    "gendarmerie": ("الدرك",),
    "pkk": ("حزب العمال", "الكردستاني"),
    "rebel": ("المعارضة", "الثوار", "فصائل", "المسلحين", "مقاتلو", "مقاتلي"),
    "opposition": ("المعارضة", "فصائل"),
    "nusra": ("النصرة",),
    "taliban": ("طالبان",),
    "qaeda": ("القاعدة",),
    "sahwa": ("الصحوات",),
    "militia": ("ميليشي", "مليشي"),
    "warplanes": ("طائرات", "طيران", "مقاتلات"),
    "suicide bomber": ("انتحاري",),
    "security": ("الأمن", "الأمنية"),
    "turk": ("تركيا", "التركي", "التركية"),
    "iran": ("إيران", "الإيراني"),
    "united states": ("الولايات المتحدة", "الأمريكي", "الأميركي"),
    "united nations": ("الأمم المتحدة",),
    "kurd": ("الكردي", "الكردية", "كردستان"),
}
"""English words of gold actor names → Arabic forms that an actor candidate may contain.
Judging aid only; nothing in the package reads it."""


@dataclass
class Counts:
    gold: int = 0
    candidates: int = 0
    covered: int = 0
    paired: int = 0
    merged: int = 0
    merged_paired: int = 0
    type_first: int = 0
    type_among: int = 0
    gold_places: int = 0
    place_first: int = 0
    place_any: int = 0
    gold_null_places: int = 0
    null_place_ok: int = 0
    judged_actors: int = 0
    actors_found: int = 0
    unjudged_actors: int = 0
    actor_candidates: int = 0
    gold_times: int = 0
    time_first: int = 0
    time_any: int = 0
    gold_null_times: int = 0
    null_time_ok: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end, kind="exact", score=1.0)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + " …"


def provisional(candidate: EventCandidate, args: Arguments) -> Event:
    """The event code alone would propose for a candidate segment."""
    killed, wounded, qualifier = casualties(candidate.text)
    pick = preferred(args.places, candidate.start, candidate.end)
    place = pick.text if pick else None
    event_type: EventType = candidate.hints[0]  # type: ignore[assignment]
    return Event(
        type=event_type,
        description=event_type,
        actors=[Name(name_en=a.text, name_source=a.text) for a in args.actors],
        location=Name(name_en=place, name_source=place) if place else None,
        time=args.times[0].text if args.times else None,
        killed=killed,
        wounded=wounded,
        count_qualifier=qualifier,
        evidence=[Passage(text=candidate.text, span=_span(candidate.start, candidate.end))],
    )


def _actor_found(gold_name: str, candidates: list[str]) -> bool | None:
    """None when `ACTORS` cannot judge the gold name, else whether a candidate renders it."""
    forms = [
        form for word, arabic in ACTORS.items() if word in gold_name.lower() for form in arabic
    ]
    if not forms:
        return None
    folded = [key(c) for c in candidates]
    return any(key(form) in c for form in forms for c in folded)


def _carrier(g: Event, candidates: list[EventCandidate]) -> EventCandidate | None:
    """The candidate that best overlaps the gold event's first evidence passage (where
    the guide reads its place), else any of its passages."""
    for passages in ([g.evidence[0]], g.evidence):
        scored = [
            (m, c)
            for c in candidates
            for p in passages
            if (m := span_match(p.span, _span(c.start, c.end))) is not None
        ]
        if scored:
            return max(scored, key=lambda s: s[0])[1]
    return None


def score(case: Case, verbose: bool, scope: str = "sentence") -> Counts:
    """Counts for one case; prints what code got wrong when verbose."""
    source = case.text
    candidates = event_candidates(segment(source))

    def arguments(c: EventCandidate) -> Arguments:
        a, b = (
            enclosing_sentence(source, c.start, c.end) if scope == "sentence" else (c.start, c.end)
        )
        return event_arguments(source, a, b)

    args = {c.number: arguments(c) for c in candidates}
    events = [provisional(c, args[c.number]) for c in candidates]
    merged = merge_events(events)
    gold = case.gold.events
    counts = Counts(gold=len(gold), candidates=len(candidates), merged=len(merged))
    counts.paired = len(pair(events, gold, event_match))
    counts.merged_paired = len(pair(merged, gold, event_match))
    if verbose:
        _merges(merged, gold)
    for g in gold:
        carrier = _carrier(g, candidates)
        if carrier is None:
            if verbose:
                print(f"  uncovered {g.type}: {_excerpt(g.evidence[0].text)}")
            continue
        counts.covered += 1
        _arguments(counts, g, carrier, args[carrier.number], verbose)
    return counts


def _merges(merged: list[Event], gold: list[Event]) -> None:
    """Print each merge: ✗ when two of its reports carry different gold events."""
    for event in merged:
        if len(event.evidence) < 2:
            continue
        carried = [
            {j for j, g in enumerate(gold) for q in g.evidence if span_match(p.span, q.span)}
            for p in event.evidence
        ]
        held = [c for c in carried if c]
        joined_two = any(not (a & b) for k, a in enumerate(held) for b in held[k + 1 :])
        mark = "✗" if joined_two else "✓"
        place = event.location.name_source if event.location else None
        print(f"  merge {mark} {event.type} @ {place} k={event.killed} gold={carried}")
        for p in event.evidence:
            print(f"           {_excerpt(p.text)}")


def _arguments(counts: Counts, g: Event, c: EventCandidate, args: Arguments, verbose: bool) -> None:
    """Code's type, place, actors and time for the candidate that carries a gold event."""
    where = _excerpt(c.text)
    counts.type_first += c.hints[0] == g.type
    counts.type_among += g.type in c.hints
    counts.confusion[(g.type, c.hints[0])] += 1
    places = [p.text for p in args.places]
    gold_place = g.location.name_source if g.location else None
    if gold_place:
        counts.gold_places += 1
        pick = preferred(args.places, c.start, c.end)
        ok = names_match(pick.text if pick else "", gold_place)
        counts.place_first += ok
        counts.place_any += any(names_match(p, gold_place) for p in places)
        if verbose and not ok:
            print(f"  place    {gold_place!r} ← {places}: {where}")
    else:
        counts.gold_null_places += 1
        counts.null_place_ok += not places
    actors = [a.text for a in args.actors]
    counts.actor_candidates += len(actors)
    for actor in g.actors:
        found = _actor_found(actor.name_en, actors)
        if found is None:
            counts.unjudged_actors += 1
        else:
            counts.judged_actors += 1
            counts.actors_found += found
        if verbose and not found:
            print(f"  actor    {actor.name_en!r} {'?' if found is None else '✗'} ← {actors}")
    times = [t.text for t in args.times]
    if g.time:
        counts.gold_times += 1
        ok = bool(times) and names_match(times[0], g.time)
        counts.time_first += ok
        counts.time_any += any(names_match(t, g.time) for t in times)
        if verbose and not ok:
            print(f"  time     {g.time!r} ← {times}: {where}")
    else:
        counts.gold_null_times += 1
        counts.null_time_ok += not times
        if verbose and times:
            print(f"  time     None ← {times}: {where}")


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.1%}" if den else "–"


ROWS: list[tuple[str, str, str]] = [
    ("gold events", "gold", ""),
    ("event candidates", "candidates", ""),
    ("coverage", "covered", "gold"),
    ("precision bound, candidates", "paired", "candidates"),
    ("events after merging", "merged", ""),
    ("precision bound, merged", "merged_paired", "merged"),
    ("recall bound, candidates", "paired", "gold"),
    ("recall bound, merged", "merged_paired", "gold"),
    ("type: first hint right", "type_first", "covered"),
    ("type: gold among hints", "type_among", "covered"),
    ("place: first right", "place_first", "gold_places"),
    ("place: gold among candidates", "place_any", "gold_places"),
    ("place: none when gold has none", "null_place_ok", "gold_null_places"),
    ("actors: found (judged by ACTORS)", "actors_found", "judged_actors"),
    ("actors: gold unjudged", "unjudged_actors", ""),
    ("actor candidates / event", "actor_candidates", "covered"),
    ("time: first right", "time_first", "gold_times"),
    ("time: gold among candidates", "time_any", "gold_times"),
    ("time: none when gold has none", "null_time_ok", "gold_null_times"),
]


def cell(c: Counts, num: str, den: str) -> str:
    value = getattr(c, num)
    if not den:
        return str(value)
    if num == "actor_candidates":
        return f"{value / max(1, getattr(c, den)):.1f}"
    return f"{_ratio(value, getattr(c, den))} ({value}/{getattr(c, den)})"


def confusion(c: Counts) -> None:
    """Gold type (rows) against code's first hint (columns), on paired events."""
    types = sorted({t for pair_ in c.confusion for t in pair_})
    print(f"{'gold/code':<19}" + "".join(f"{t[:8]:>9}" for t in types) + "   right")
    for g in types:
        row = [c.confusion[(g, t)] for t in types]
        total = sum(row)
        if total:
            print(
                f"{g:<19}"
                + "".join(f"{n or '.':>9}" for n in row)
                + f"   {_ratio(c.confusion[(g, g)], total)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["dev", "test"])
    parser.add_argument("--verbose", action="store_true", help="list misses (dev only!)")
    parser.add_argument("--cases", action="store_true", help="a row per case")
    parser.add_argument("--confusion", action="store_true", help="type confusion per dataset")
    parser.add_argument("--scope", choices=["sentence", "segment"], default="sentence")
    args = parser.parse_args()
    totals: dict[str, Counts] = {}
    for name in args.dataset:
        total = Counts()
        folder, _, prefix = name.partition(":")  # dev:snn / dev:!snn: ids that do / don't start so
        for case in load_dataset(DATASETS / folder):
            if case.id.startswith(prefix.lstrip("!")) == prefix.startswith("!"):
                continue
            if args.verbose:
                print(f"--- {case.id}")
            counts = score(case, args.verbose, args.scope)
            if args.cases:
                print(
                    f"{case.id:<40} gold {counts.gold:>3} cand {counts.candidates:>3} "
                    f"cov {counts.covered:>3} merged {counts.merged:>3} "
                    f"paired {counts.merged_paired:>3}"
                )
            total += counts
        totals[name] = total
    width = 34
    print(f"{'':<{width}}" + "".join(f"{name:>22}" for name in totals))
    for label, num, den in ROWS:
        print(f"{label:<{width}}" + "".join(f"{cell(c, num, den):>22}" for c in totals.values()))
    if args.confusion:
        for name, c in totals.items():
            print(f"\n{name}: type confusion (paired events)")
            confusion(c)


if __name__ == "__main__":
    main()
