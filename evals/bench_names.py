"""How well `summarizer.english` tells right English from wrong, on the gold annotations.

For the dev and the held-out test split side by side:

- names: the share of gold English speaker names (`name_en`) that `check_name` accepts
  against the speaker's mentions (`speaker_contexts` of the quote's `name_source`);
  roles and event places the same way; actors against their event's evidence;
- wrong names: the share rejected, for another speaker's gold name from the same
  article, from other articles, and the classic wrong ones of issue 9;
- translations: the share of gold quote translations `check_text` accepts against
  the quote's Arabic;
- rendering: the share of speakers whose `render_name` matches the gold English
  (names_match: equal after folding, contained or fuzzy; or the same skeleton);
- time per call of each function.

Tune on dev only (`--show dev` lists what fails there); test is reported, never tuned on.

    python evals/bench_names.py
    python evals/bench_names.py --show dev
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from summarizer.english import check_name, check_text, render_name, speaker_contexts
from summarizer.english.latin import tokenize
from summarizer.english.lexicon import lexicon
from summarizer.english.skeleton import english_skeleton
from summarizer.evaluation.dataset import Case, load_dataset
from summarizer.evaluation.matching import names_match
from summarizer.grounding import check_speaker
from summarizer.schema import Span

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("dev", "test")
OTHER_ARTICLES = 4
"""Wrong names drawn from other articles for each quote (a fixed rotation)."""
CLASSICS = (
    ("المرصد", "Syrian government"),
    ("السفير الروسي", "Donald Trump, President"),
    ("السفير الروسي لدي سوريا ألكسندر كينشاك", "Syrrian Foreign Minister Alexander Kinyashak"),
    ("المرصد السوري لحقوق الإنسان", "Syrian government"),
    ("ألكسندر كينشاك", "Donald Trump"),
)
"""(mention in the seed article, wrong English) from issue 9."""

T = TypeVar("T")


@dataclass
class Timer:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __call__(self, name: str, function: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = function()
        self.seconds[name] += time.perf_counter() - started
        self.calls[name] += 1
        return result


@dataclass
class Tally:
    """Counts of one measure, with the failures for --show."""

    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(note)

    def share(self) -> str:
        if not self.total:
            return "n/a"
        return f"{100 * self.passed / self.total:.1f}% ({self.passed}/{self.total})"


@dataclass
class Mention:
    case: Case
    span: Span
    name_source: str
    name_en: str
    role: str | None


def mentions(cases: list[Case]) -> Iterator[Mention]:
    """Each gold quote's speaker, located as the pipeline locates it (near the quote)."""
    for case in cases:
        for quote in case.gold.quotes:
            speaker = quote.speaker
            if not speaker.name_source:
                continue
            found = check_speaker(case.text, speaker.name_source, near=quote.span)
            if found.span is not None:
                yield Mention(case, found.span, speaker.name_source, speaker.name_en, speaker.role)


def same_name(a: str, b: str) -> bool:
    """names_match, or the same consonant skeleton once stopwords are dropped."""

    def skeleton(name: str) -> tuple[str, ...]:
        return english_skeleton("".join(t.text for t in tokenize(name) if not t.stop))

    return names_match(a, b) or (bool(skeleton(a)) and skeleton(a) == skeleton(b))


def place_span(case: Case, name: str, evidence: Span | None) -> Span | None:
    """The place's name in the event's first evidence passage, else its first occurrence."""
    lo = evidence.start if evidence else 0
    position = case.text.find(name, lo)
    if position < 0:
        position = case.text.find(name)
    if position < 0:
        return None
    return Span(start=position, end=position + len(name), kind="exact", score=1.0)


def measure(cases: list[Case], timer: Timer) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    found = list(mentions(cases))
    contexts = {
        id(m): timer("speaker_contexts", lambda m=m: speaker_contexts(m.case.text, m.span))
        for m in found
    }
    for m in found:
        result = timer(
            "check_name", lambda m=m: check_name(m.name_en, m.case.text, contexts[id(m)])
        )
        tallies["names"].add(
            result.ok, f"{m.case.id}: {m.name_en!r} ← {m.name_source}: {result.findings[:1]}"
        )
        if m.role:
            role = check_name(m.role, m.case.text, contexts[id(m)])
            tallies["roles"].add(
                role.ok, f"{m.case.id}: {m.role!r} ← {m.name_source}: {role.unsupported}"
            )
    names_by_case = {
        case.id: sorted({q.speaker.name_en for q in case.gold.quotes}) for case in cases
    }
    every_name = sorted({(cid, n) for cid, names in names_by_case.items() for n in names})
    for position, m in enumerate(found):
        for other in names_by_case[m.case.id]:
            if same_name(other, m.name_en):
                continue
            result = check_name(other, m.case.text, contexts[id(m)])
            tallies["wrong, same article"].add(
                not result.ok, f"{m.case.id}: accepted {other!r} for {m.name_source}"
            )
        others = [n for cid, n in every_name if cid != m.case.id and not same_name(n, m.name_en)]
        for k in range(OTHER_ARTICLES):
            other = others[(position * OTHER_ARTICLES + k) % len(others)] if others else ""
            result = check_name(other, m.case.text, contexts[id(m)])
            tallies["wrong, other articles"].add(
                not result.ok, f"{m.case.id}: accepted {other!r} for {m.name_source}"
            )
    seen: set[tuple[str, int]] = set()
    for m in found:
        if (m.case.id, m.span.start) in seen:
            continue
        seen.add((m.case.id, m.span.start))
        rendered = timer("render_name", lambda m=m: render_name(m.case.text, m.span))
        tallies["render matches gold"].add(
            same_name(rendered, m.name_en),
            f"{m.case.id}: {m.name_source} → {rendered!r}, gold {m.name_en!r}",
        )
        passes = check_name(rendered, m.case.text, [m.span]).ok
        tallies["render passes check_name"].add(passes, f"{m.case.id}: {rendered!r}")
    for case in cases:
        for quote in case.gold.quotes:
            if quote.translation and quote.span:
                span = quote.span
                result = timer(
                    "check_text",
                    lambda c=case, q=quote, s=span: check_text(q.translation or "", c.text, [s]),
                )
                tallies["translations"].add(result.ok, f"{case.id}: {result.findings}")
        for event in case.gold.events:
            evidence = event.evidence[0].span if event.evidence else None
            place = event.location
            if place and place.name_source:
                span = place_span(case, place.name_source, evidence)
                if span is not None:
                    result = check_name(place.name_en, case.text, [span])
                    note = f"{place.name_en!r} ← {place.name_source}: {result.unsupported}"
                    tallies["places"].add(result.ok, f"{case.id}: {note}")
            spans = [p.span for p in event.evidence if p.span]
            for actor in event.actors:
                result = check_name(actor.name_en, case.text, spans)
                tallies["actors (against evidence)"].add(
                    result.ok, f"{case.id}: {actor.name_en!r}: {result.unsupported}"
                )
    return tallies


def classics(timer: Timer) -> Tally:
    seed = next(
        c for c in load_dataset(ROOT / "evals" / "datasets" / "dev") if c.id.startswith("seed")
    )
    tally = Tally()
    for mention, wrong in CLASSICS:
        start = seed.text.index(mention)
        span = Span(start=start, end=start + len(mention), kind="exact", score=1.0)
        result = check_name(wrong, seed.text, speaker_contexts(seed.text, span))
        tally.add(not result.ok, f"accepted {wrong!r} for {mention}")
    return tally


ORDER = (
    "names",
    "wrong, same article",
    "wrong, other articles",
    "roles",
    "places",
    "actors (against evidence)",
    "translations",
    "render matches gold",
    "render passes check_name",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=SPLITS, help="list the failures of one split")
    args = parser.parse_args()
    timer = Timer()
    lexicon()  # loaded once per process (about 0.3 s): not a cost of any one call
    results = {
        split: measure(load_dataset(ROOT / "evals" / "datasets" / split), timer) for split in SPLITS
    }
    print("| measure | dev | test |")
    print("| --- | ---: | ---: |")
    labels = {
        "names": "gold speaker names accepted",
        "wrong, same article": "wrong names rejected: another speaker, same article",
        "wrong, other articles": "wrong names rejected: speakers of other articles",
        "roles": "gold roles accepted (annotators' descriptions)",
        "places": "gold event places accepted",
        "actors (against evidence)": "gold actors accepted against the event's evidence",
        "translations": "gold quote translations accepted (check_text)",
        "render matches gold": "render_name matches the gold name",
        "render passes check_name": "render_name passes check_name",
    }
    for key in ORDER:
        print(f"| {labels[key]} | {results['dev'][key].share()} | {results['test'][key].share()} |")
    print(f"| issue 9's wrong names rejected (seed) | {classics(timer).share()} | |")
    print()
    print("| function | calls | mean µs per call |")
    print("| --- | ---: | ---: |")
    for name in sorted(timer.seconds):
        mean = 1e6 * timer.seconds[name] / timer.calls[name]
        print(f"| {name} | {timer.calls[name]} | {mean:.0f} |")
    if args.show:
        for key in ORDER:
            failures = results[args.show][key].failures
            if failures:
                print(f"\n## {key} ({args.show}): {len(failures)} failing")
                for note in failures:
                    print(f"- {note}")


if __name__ == "__main__":
    main()
