"""Draw articles from data/pool.jsonl at random, reproducibly, and copy them into data/.

The held-out test split (data/test, 12 articles, seed 2026) was drawn first and
annotated by the guidelines in evals/README.md before any rule changed; no rule is
tuned on it. Ten more dev articles (data/dev, seed 2027) were drawn later, excluding the
test split, so rules can be tuned on more than the thirteen they were first written
from. Both draw from the pool articles of 1,000-5,000 characters, so they are
comparable in length and nobody chose them by their content.

    .venv/bin/python evals/select_split.py --out data/test --seed 2026 --size 12 \\
        --exclude data/articles
    .venv/bin/python evals/select_split.py --out data/dev --seed 2027 --size 10 \\
        --exclude data/articles data/test
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT / "data" / "pool.jsonl"
LENGTH = (1000, 5000)


def select(seed: int, size: int, exclude: list[Path]) -> list[dict[str, str]]:
    taken = {path.stem for folder in exclude for path in folder.glob("*.json")}
    rows = [json.loads(line) for line in POOL.read_text(encoding="utf-8").splitlines()]
    eligible = sorted(
        (r for r in rows if LENGTH[0] <= len(r["text"]) <= LENGTH[1] and r["id"] not in taken),
        key=lambda r: r["id"],
    )
    return random.Random(seed).sample(eligible, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for article in select(args.seed, args.size, args.exclude):
        path = args.out / f"{article['id']}.json"
        path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{article['id']}  {len(article['text']):>5} chars  {article['title'].strip()}")


if __name__ == "__main__":
    main()
