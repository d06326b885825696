"""Benchmark `summarizer.locate` on perturbed passages of the real articles.

Run: .venv/bin/python evals/bench_locate.py [--seed N] [--per-article N]

Every case is derived deterministically (seeded) from a clause (6-30 words) of an
article in data/articles. Positive classes must find a span overlapping the clause's
true span (IoU >= 0.8) and, for exact and normalized classes, report that kind; negative
classes must get None. Dropped and changed words are never numbers or negations (those
are the negative classes). A negative is skipped only when it is not truly negative: an
"other-article" clause that also stands in the article, or a stitch whose part recurs
(it may then be a genuine in-order elided quote). Timing covers every call on the
articles of 3,400-4,500 characters, with the article's normalization cached as it is in
the pipeline (one article, many fragments); then the worst inputs are timed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer.grounding import check_speaker, locate, numbers_in
from summarizer.normalize import normalize

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
SEED = ARTICLES.parent / "seed.txt"
IOU_MIN = 0.8
TIMED_LENGTHS = range(3400, 4500)

Transform = Callable[[str, random.Random], str | None]


@dataclass(frozen=True)
class Clause:
    article: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Case:
    name: str
    article: int
    fragment: str
    start: int = 0
    end: int = 0
    positive: bool = False
    kind: str | None = None


NEGATIONS = {"لا", "لم", "لن", "ليس", "ليست", "لست", "لسنا", "ليسوا", "غير", "ما"}
NUMBER_WORDS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "عشرين"]
DIGITS = re.compile(r"\d+")
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")
TASHKEEL = "\u064e\u064f\u0650\u0652\u0651"


def clauses(text: str, article: int) -> list[Clause]:
    """Clauses of 6-30 words, cut at sentence and clause punctuation."""
    found = []
    for match in re.finditer(r"[^.!?؟\n،;؛:]+", text):
        raw = match.group()
        stripped = raw.strip(' "«»()')
        if not stripped:
            continue
        start = match.start() + raw.index(stripped)
        if 6 <= len(stripped.split()) <= 30:
            found.append(Clause(article, start, start + len(stripped), stripped))
    return found


def words(text: str) -> list[str]:
    return text.split(" ")


def plain(word: str) -> bool:
    """A word whose loss or change alters no number and no negation."""
    return (
        bool(ARABIC_WORD.match(word))
        and word not in NEGATIONS
        and word[1:] not in NEGATIONS
        and len(word) >= 2
        and not numbers_in(word)
    )


def middle_index(tokens: list[str], rng: random.Random) -> int | None:
    options = [i for i in range(1, len(tokens) - 1) if plain(tokens[i])]
    return rng.choice(options) if options else None


def sub_all(pattern: str, repl: str) -> Transform:
    def apply(text: str, rng: random.Random) -> str | None:
        out = re.sub(pattern, repl, text)
        return out if out != text else None

    return apply


def ya_variant(text: str, rng: random.Random) -> str | None:
    out = re.sub(r"ى\b", "ي", text)
    if out == text:
        out = re.sub(r"\b(عل|إل|لد)ي\b", r"\1ى", text)
    return out if out != text else None


def alef_variant(text: str, rng: random.Random) -> str | None:
    out = re.sub("[أإآ]", "ا", text)
    if out == text:
        out = re.sub(r"\bا", "أ", text, count=1)
    return out if out != text else None


def add_tashkeel(text: str, rng: random.Random) -> str:
    return "".join(
        c + rng.choice(TASHKEEL) if "\u0621" <= c <= "\u064a" and rng.random() < 0.3 else c
        for c in text
    )


def add_tatweel(text: str, rng: random.Random) -> str | None:
    tokens = words(text)
    options = [i for i, w in enumerate(tokens) if ARABIC_WORD.match(w) and len(w) >= 3]
    if not options:
        return None
    for i in rng.sample(options, min(2, len(options))):
        cut = rng.randrange(1, len(tokens[i]) - 1)
        tokens[i] = tokens[i][:cut] + "ـ" + tokens[i][cut:]
    return " ".join(tokens)


def indic_digits(text: str, rng: random.Random) -> str | None:
    if not DIGITS.search(text):
        return None
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def swap_quotes(text: str, rng: random.Random) -> str | None:
    out = text.translate(str.maketrans({"«": "“", "»": "”", '"': "«"}))
    return out if out != text else None


def whitespace(text: str, rng: random.Random) -> str:
    tokens = words(text)
    joins = [rng.choice([" ", "  ", "\u00a0", "\n", " \u200f"]) for _ in tokens[1:]]
    return tokens[0] + "".join(j + t for j, t in zip(joins, tokens[1:], strict=True))


def ellipsis(text: str, rng: random.Random) -> str | None:
    tokens = words(text)
    if len(tokens) < 10:
        return None
    cut = rng.randrange(3, len(tokens) - 5)
    size = rng.randint(2, min(5, len(tokens) - 3 - cut))
    mark = rng.choice([" ... ", " … ", "…", "... "])
    return " ".join(tokens[:cut]) + mark + " ".join(tokens[cut + size :])


def drop_word(text: str, rng: random.Random) -> str | None:
    tokens = words(text)
    i = middle_index(tokens, rng)
    return None if i is None else " ".join(tokens[:i] + tokens[i + 1 :])


def change_word(vocabulary: list[str]) -> Transform:
    def apply(text: str, rng: random.Random) -> str | None:
        tokens = words(text)
        i = middle_index(tokens, rng)
        if i is None:
            return None
        tokens[i] = rng.choice([w for w in vocabulary if w != tokens[i]])
        return " ".join(tokens)

    return apply


def change_number(text: str, rng: random.Random) -> str | None:
    digits = list(DIGITS.finditer(text))
    if digits:
        m = rng.choice(digits)
        new = str(int(m.group()) + rng.choice([-2, -1, 1, 2, 10]))
        return text[: m.start()] + new + text[m.end() :]
    tokens = words(text)
    spots = [i for i, w in enumerate(tokens) if w in NUMBER_WORDS]
    if not spots:
        return None
    i = rng.choice(spots)
    tokens[i] = rng.choice([w for w in NUMBER_WORDS if w != tokens[i]])
    return " ".join(tokens)


def add_negation(text: str, rng: random.Random) -> str | None:
    tokens = words(text)
    i = middle_index(tokens, rng)
    if i is None:
        return None
    return " ".join([*tokens[:i], rng.choice(["لا", "لم", "لن"]), *tokens[i:]])


def remove_negation(text: str, rng: random.Random) -> str | None:
    tokens = words(text)
    spots = [i for i, w in enumerate(tokens) if w in NEGATIONS and 0 < i < len(tokens) - 1]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(tokens[:i] + tokens[i + 1 :])


def halves(clause: Clause, rng: random.Random) -> tuple[str, str] | None:
    tokens = words(clause.text)
    if len(tokens) < 8:
        return None
    cut = rng.randrange(4, len(tokens) - 3)
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def stitches(pool: list[Clause], text: str, rng: random.Random, per_article: int) -> list[Case]:
    """Two passages joined in the wrong order, by a space or an ellipsis.

    Only parts that occur once in the article count: a part that recurs may make the
    stitch a genuine in-order elided quote of the later occurrence.
    """
    normalized = normalize(text).text
    split = [h for h in (halves(c, rng) for c in pool) if h]
    adjacent = [(a.text, b.text) for a, b in itertools.pairwise(pool) if 0 <= b.start - a.end < 600]
    cases = []
    for name, pairs in (("one clause", split), ("two clauses", adjacent)):
        picked = 0
        for first, second in rng.sample(pairs, len(pairs)):
            if picked == per_article:
                break
            if any(normalized.count(normalize(p).text) != 1 for p in (first, second)):
                continue
            fragment = second + rng.choice([" ", " ... "]) + first
            cases.append(Case(f"NEG wrong-order stitch ({name})", pool[0].article, fragment))
            picked += 1
    return cases


def build_cases(texts: list[str], seed: int, per_article: int) -> list[Case]:
    rng = random.Random(seed)
    vocabulary = sorted({w for t in texts for w in t.split() if plain(w) and len(w) >= 3})
    positive: dict[str, tuple[str | None, Transform]] = {
        "exact": ("exact", lambda t, r: t),
        "normalized: ى↔ي (على/علي, إلى/إلي)": ("normalized", ya_variant),
        "normalized: أ إ آ ↔ ا": ("normalized", alef_variant),
        "normalized: ة → ه": ("normalized", sub_all("ة", "ه")),
        "normalized: added tashkeel": ("normalized", add_tashkeel),
        "normalized: tatweel": ("normalized", add_tatweel),
        "normalized: Arabic-Indic digits": ("normalized", indic_digits),
        "normalized: quote-mark swap": ("normalized", swap_quotes),
        "normalized: whitespace/bidi marks": ("normalized", whitespace),
        "punctuation dropped (quotes, commas)": (None, sub_all(r'[«»"(),]', "")),
        "ellipsis (... / …)": (None, ellipsis),
        "dropped word": (None, drop_word),
        "changed word": (None, change_word(vocabulary)),
    }
    negative: dict[str, Transform] = {
        "NEG changed number": change_number,
        "NEG added negation": add_negation,
        "NEG removed negation": remove_negation,
    }
    pools = [clauses(text, i) for i, text in enumerate(texts)]
    cases: list[Case] = []
    for name, (kind, transform) in positive.items():
        cases += derive(name, pools, transform, rng, per_article, True, kind)
    for name, transform in negative.items():
        cases += derive(name, pools, transform, rng, per_article, False, None)
    for pool, text in zip(pools, texts, strict=True):
        cases += stitches(pool, text, rng, per_article) if pool else []
    for i, text in enumerate(texts):
        others = [c for pool in pools if pool and pool[0].article != i for c in pool]
        normalized = normalize(text).text
        picked = 0
        for clause in rng.sample(others, len(others)):
            if picked == per_article:
                break
            if normalize(clause.text).text in normalized:
                continue
            cases.append(Case("NEG other-article", i, clause.text))
            picked += 1
    return cases


def derive(
    name: str,
    pools: list[list[Clause]],
    transform: Transform,
    rng: random.Random,
    per_article: int,
    positive: bool,
    kind: str | None,
) -> list[Case]:
    cases = []
    for pool in pools:
        picked = 0
        for clause in rng.sample(pool, len(pool)):
            if picked == per_article:
                break
            fragment = transform(clause.text, rng)
            if fragment is None or (fragment == clause.text and kind != "exact"):
                continue
            cases.append(
                Case(name, clause.article, fragment, clause.start, clause.end, positive, kind)
            )
            picked += 1
    return cases


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def run(cases: list[Case], texts: list[str]) -> None:
    for text in texts:
        locate(text, "warm the cache")
    results: dict[str, list[bool]] = {}
    timings: dict[str, list[float]] = {}
    failures: list[str] = []
    for case in cases:
        source = texts[case.article]
        began = time.perf_counter_ns()
        span = locate(source, case.fragment)
        elapsed = (time.perf_counter_ns() - began) / 1000
        if case.positive:
            ok = (
                span is not None
                and iou((span.start, span.end), (case.start, case.end)) >= IOU_MIN
                and (case.kind is None or span.kind == case.kind)
            )
        else:
            ok = span is None
        results.setdefault(case.name, []).append(ok)
        if len(source) in TIMED_LENGTHS:
            timings.setdefault(case.name, []).append(elapsed)
        if not ok:
            found = "None" if span is None else f"{span.kind} {span.score:.2f}"
            failures.append(f"- {case.name}: got {found}; fragment: {case.fragment[:90]!r}")
    print("| class | cases | accuracy | median µs | p95 µs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, oks in results.items():
        times = timings.get(name, [0.0])
        print(
            f"| {name} | {len(oks)} | {100 * sum(oks) / len(oks):.1f}% "
            f"| {statistics.median(times):.0f} | {percentile(times, 95):.0f} |"
        )
    every = [t for times in timings.values() for t in times]
    print(
        f"\nlocate on ~4,000-character articles ({len(every)} calls): "
        f"median {statistics.median(every):.0f} µs, p95 {percentile(every, 95):.0f} µs"
    )
    if failures:
        print("\nFailures:")
        print("\n".join(failures))


def huge_inputs() -> None:
    """Time the worst inputs a model can send: a long fragment, a repeated word, a
    fragment longer than the article, lone surrogates (tests check only the answers).
    """
    seed = SEED.read_text("utf-8")
    source = seed * 40
    calls: list[tuple[str, Callable[[], object]]] = [
        ("3,000-char fragment of a 200,000-char article", lambda: locate(source, seed[:3000])),
        ("one word 4,000 times", lambda: locate(source, "كلمة " * 4000)),
        ("fragment 40 times the article", lambda: locate(seed, source)),
        ("10,000 lone surrogates", lambda: locate(seed, "\ud800" * 10_000)),
        ("absent name in a 200,000-char article", lambda: check_speaker(source, "اسم غير موجود")),
    ]
    print("\n| huge input | seconds |\n| --- | ---: |")
    for name, call in calls:
        began = time.perf_counter()
        call()
        print(f"| {name} | {time.perf_counter() - began:.2f} |")


def percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--per-article", type=int, default=10)
    args = parser.parse_args()
    texts = [json.loads(p.read_text("utf-8"))["text"] for p in sorted(ARTICLES.glob("*.json"))]
    run(build_cases(texts, args.seed, args.per_article), texts)
    huge_inputs()


if __name__ == "__main__":
    main()
