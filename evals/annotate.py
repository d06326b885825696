"""Fill in and verify the spans of eval cases, validate them, and print what each holds.

Annotators write only verbatim text: each quote's `text` and each event evidence
passage's `text`. This script finds that text in the article with `str.find`, writes
`Span(start, end, kind="exact", score=1.0)`, and fails loudly when a fragment is not an
exact substring or occurs more than once (lengthen it until it is unique). It also checks
that every `speaker.name_source` and `location.name_source` is written in the article.
Running it twice changes nothing.

    .venv/bin/python evals/annotate.py                 # every case in evals/datasets/dev
    .venv/bin/python evals/annotate.py --check         # change nothing; exit 1 if stale
    .venv/bin/python evals/annotate.py --new data/articles/<id>.json   # start a case
    .venv/bin/python evals/annotate.py --new data/seed.txt --id seed-syria-observatory
    .venv/bin/python evals/annotate.py --dataset test --new data/test/<id>.json   # test split
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # run as a script from a checkout, installed or not

from summarizer.evaluation.dataset import Case  # noqa: E402
from summarizer.schema import Span  # noqa: E402

DATASETS = ROOT / "evals" / "datasets"
SCHEMA_REF = "../../../schemas/case.json"


class AnnotationError(Exception):
    """A fragment that cannot be located exactly once, or a name not in the article."""


def occurrences(text: str, fragment: str) -> list[int]:
    """Every start offset of `fragment` in `text`, overlapping ones included."""
    starts, at = [], text.find(fragment)
    while at != -1:
        starts.append(at)
        at = text.find(fragment, at + 1)
    return starts


def locate(text: str, fragment: str, where: str) -> Span:
    if not fragment:
        raise AnnotationError(f"{where}: empty text")
    if fragment != fragment.strip():
        raise AnnotationError(f"{where}: text has leading or trailing whitespace")
    starts = occurrences(text, fragment)
    if not starts:
        raise AnnotationError(f"{where}: not an exact substring of the article: {fragment!r}")
    if len(starts) > 1:
        raise AnnotationError(
            f"{where}: occurs {len(starts)} times (at {starts}); lengthen it: {fragment!r}"
        )
    return Span(start=starts[0], end=starts[0] + len(fragment), kind="exact", score=1.0)


def annotate(case: Case) -> list[str]:
    """Set every span of `case` in place; return the problems found (empty when fine)."""
    problems: list[str] = []

    def check_name(name: str | None, where: str) -> None:
        if name is not None and name not in case.text:
            problems.append(f"{where}: name_source not written in the article: {name!r}")

    for i, event in enumerate(case.gold.events):
        where = f"{case.id} event {i}"
        for j, passage in enumerate(event.evidence):
            try:
                passage.span = locate(case.text, passage.text, f"{where} evidence {j}")
            except AnnotationError as error:
                problems.append(str(error))
        if event.location is not None:
            check_name(event.location.name_source, f"{where} location")
    for i, quote in enumerate(case.gold.quotes):
        where = f"{case.id} quote {i}"
        try:
            quote.span = locate(case.text, quote.text, where)
        except AnnotationError as error:
            problems.append(str(error))
        check_name(quote.speaker.name_source, f"{where} speaker")
    return problems


# Provenance the program computes for its own output; gold is written by people and
# leaves them out (a name's `span` is null there: annotate checks the name is written).
COMPUTED = {"support": [], "rendered_by": "model", "description_by": "code"}


def _lean(value: object) -> object:
    if isinstance(value, list):
        return [_lean(v) for v in value]
    if not isinstance(value, dict):
        return value
    lean = {k: _lean(v) for k, v in value.items() if COMPUTED.get(k, ...) != v}
    if "name_en" in lean and lean.get("span") is None:
        lean.pop("span", None)
    return lean


def dump(case: Case) -> str:
    data = case.model_dump(mode="json", by_alias=True)
    if data.get("notes") is None:
        data.pop("notes", None)
    return json.dumps(_lean(data), ensure_ascii=False, indent=2) + "\n"


def new_case(article: Path, case_id: str | None, folder: Path) -> Path:
    """Start a case file from an article: its text copied exactly, empty gold."""
    if article.suffix == ".json":
        data = json.loads(article.read_text(encoding="utf-8"))
        fields = {k: data.get(k) for k in ("id", "title", "source", "url", "language", "text")}
    else:
        fields = {"id": None, "title": None, "source": None, "url": None, "language": "ar"}
        fields["text"] = article.read_text(encoding="utf-8")
    fields["id"] = case_id or fields["id"]
    if not fields["id"]:
        raise AnnotationError(f"{article}: give the case an --id")
    path = folder / f"{fields['id']}.json"
    if path.exists():
        raise AnnotationError(f"{path} exists already")
    case = Case.model_validate({"$schema": SCHEMA_REF, **fields, "gold": {}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(case), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help="case files (default: the whole --dataset)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--new", type=Path, metavar="ARTICLE", help="start a case file")
    parser.add_argument("--id", help="case id for --new (default: the article's id)")
    parser.add_argument("--dataset", default="dev", help="dataset folder under evals/datasets")
    args = parser.parse_args(argv)

    if args.new:
        try:
            print(f"created {new_case(args.new, args.id, DATASETS / args.dataset)}")
        except AnnotationError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0

    paths = args.paths or sorted((DATASETS / args.dataset).glob("*.json"))
    problems: list[str] = []
    stale: list[Path] = []
    ids: dict[str, Path] = {}
    print(f"{'case':<40} {'events':>6} {'quotes':>6}")
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        try:
            case = Case.model_validate_json(raw)
        except ValueError as error:
            problems.append(f"{path}: invalid case: {error}")
            continue
        if case.id in ids:
            problems.append(f"{path}: duplicate case id {case.id!r} (also {ids[case.id]})")
        ids[case.id] = path
        if case.schema_ is None:
            case.schema_ = SCHEMA_REF
        found = annotate(case)
        problems += found
        print(f"{case.id:<40} {len(case.gold.events):>6} {len(case.gold.quotes):>6}")
        if found:
            continue
        text = dump(Case.model_validate_json(dump(case)))  # round-trip: must still validate
        if text != raw:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    for path in stale:
        print(f"{'stale' if args.check else 'updated'}: {path}", file=sys.stderr)
    return 1 if problems or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
