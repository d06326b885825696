"""Who should pick an event's place among the ones its sentence names: code or the model?

Issue 10 asks to let the 1.5B model choose by number where it is weak at writing. `cite`
lets code pick (`arguments.preferred`: the first place inside the candidate segment,
else the first of its sentence). This script takes every event of the recorded dev and
test runs that pairs with a gold event and whose sentence names two or more places code
can name in English, asks the live model to choose one of them by number, and prints how
often each pick is the gold place, split by split. It needs the embedded model (it
starts llama.cpp on loopback); nothing is recorded.

    python evals/bench_places.py
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from summarizer import summarize  # noqa: E402
from summarizer.arguments import event_arguments  # noqa: E402
from summarizer.client import ModelClient  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.evaluation.dataset import load_dataset  # noqa: E402
from summarizer.evaluation.matching import any_name_match, event_match, pair  # noqa: E402
from summarizer.evaluation.runner import cassette_path  # noqa: E402
from summarizer.pipeline import open_endpoint  # noqa: E402
from summarizer.schema import Event, Name  # noqa: E402
from summarizer.segment import enclosing_sentence  # noqa: E402
from summarizer.strategies import names  # noqa: E402

MODEL = "qwen2.5-coder-1.5b"
SYSTEM = "You read Arabic news and answer exactly what is asked."


class PlacePick(BaseModel):
    """The number of the place where the event happened, or null."""

    place: int | None


def right(place: Name | None, gold: Event) -> bool:
    """As the eval scores a place (`PlaceAccuracy`)."""
    if place is None or gold.location is None:
        return place is None and gold.location is None
    return any_name_match(
        (place.name_source, place.name_en), (gold.location.name_source, gold.location.name_en)
    )


def choices(text: str, event: Event) -> tuple[str, list[Name]]:
    """The event's sentence and the places in it that code can name in English."""
    span = event.evidence[0].span
    assert span is not None
    start, end = enclosing_sentence(text, span.start, span.end)
    found = event_arguments(text, start, end).places
    named = [n for a in found if (n := names.named(text, a, names.NAMED_PLACES)) is not None]
    return text[start:end], named


def question(sentence: str, event: Event, places: list[Name]) -> list[dict[str, str]]:
    listed = "\n".join(f"{k}. {p.name_source} ({p.name_en})" for k, p in enumerate(places, 1))
    user = (
        f"A sentence of a news article:\n{sentence}\n\n"
        f"It reports this event: {event.type.replace('_', ' ')}.\n"
        f"The places it names:\n{listed}\n\n"
        "Give the number of the place where the event happened (the most specific one), "
        "or null if it names none."
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


async def main() -> int:
    settings = Settings(model=MODEL)
    async with open_endpoint(settings) as endpoint:
        client = ModelClient(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key,
            model=endpoint.model,
            timeout_s=300,
            transport_attempts=1,
            parse_attempts=1,
        )
        for split in ("dev", "test"):
            asked = code_right = model_right = paired = 0
            for case in load_dataset(ROOT / "evals" / "datasets" / split):
                tape = cassette_path(ROOT / "evals" / "cassettes", MODEL, "cite", case.id)
                result = summarize(case.text, model=MODEL, cassette_path=tape)
                events, gold = result.summary.events, case.gold.events
                for i, j in pair(events, gold, event_match):
                    paired += 1
                    sentence, places = choices(case.text, events[i])
                    if len(places) < 2:
                        continue
                    outcome = await client.ask(
                        PlacePick,
                        question(sentence, events[i], places),
                        purpose="extract",
                        max_tokens=16,
                        temperature=0.0,
                    )
                    number = outcome.value.place if isinstance(outcome.value, PlacePick) else None
                    pick = places[number - 1] if number and 0 < number <= len(places) else None
                    asked += 1
                    code_right += right(events[i].location, gold[j])
                    model_right += right(pick, gold[j])
            print(
                f"{split}: {paired} paired events, {asked} with 2+ places to choose from; "
                f"gold place picked by code {code_right}, by the model {model_right}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
