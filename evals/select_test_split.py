"""Pick the held-out test split from data/pool.jsonl, reproducibly, and copy its articles.

The test split is annotated by the guidelines in evals/README.md before any rule is
changed, and no rule is tuned on it. Articles are drawn at random (seed 2026) from the
pool articles of 1,000-5,000 characters that are not in the dev set, so the split is
comparable in length to dev and nobody chose it by its content.

    .venv/bin/python evals/select_test_split.py          # writes data/test/<id>.json
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT / "data" / "pool.jsonl"
OUT = ROOT / "data" / "test"
SEED = 2026
SIZE = 12
LENGTH = (1000, 5000)


def select() -> list[dict[str, str]]:
    dev = {path.stem for path in (ROOT / "data" / "articles").glob("*.json")}
    rows = [json.loads(line) for line in POOL.read_text(encoding="utf-8").splitlines()]
    eligible = sorted(
        (r for r in rows if LENGTH[0] <= len(r["text"]) <= LENGTH[1] and r["id"] not in dev),
        key=lambda r: r["id"],
    )
    return random.Random(SEED).sample(eligible, SIZE)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for article in select():
        path = OUT / f"{article['id']}.json"
        path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{article['id']}  {len(article['text']):>5} chars  {article['title'].strip()}")


if __name__ == "__main__":
    main()
