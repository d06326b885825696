"""Prompt tokens llama.cpp evaluates per article in a batch, and what a shared prefix saves.

llama-cpp-python 0.3.36 keeps the KV cache of its last request and evaluates only what
follows the longest token prefix a new request shares with it (the server log says
"prefix-match hit"); its `--cache` option (a RAM cache of saved states) adds reuse of
older requests. So in a batch the server evaluates, per article, its prompt minus the
prefix it shares with the request before. This script counts that exactly and offline
(the model's own chat template and tokenizer, no inference) for the `cite` requests as
sent today and for orderings the prompt's owner may adopt:

- today: the system prompt, then the tool schema (Qwen's template puts it in the
  system turn), then the user turn: cite's instructions among the article's lists;
- instructions first: cite's fixed sentences (the lines of prompts/cite.j2 without a
  template tag) moved into the system message, the article and its lists alone after;
- fixed schema: also a tool schema that is the same for every article (lists of
  labelled ids instead of one key per candidate, named after it);
- enum once: today's keyed schema with the event types defined once (a $ref), not
  written out for every candidate event;
- grammar only: instructions first, and the schema only in the grammar, not in the
  prompt (llama.cpp enforces `response_format` {"type": "json_object", "schema": …}
  by grammar without showing it to the model; the keys are already in the user turn).

    python evals/bench_prefix.py --articles 240          # offline, needs the model's GGUF
    python evals/bench_prefix.py --articles 3 --shortest --live   # the server's counts (log)
    python evals/bench_prefix.py --articles 3 --shortest --live --cache
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import re
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

from pydantic import BaseModel, create_model  # noqa: E402

from summarizer import prompts  # noqa: E402
from summarizer.chat_template import ChatTemplate  # noqa: E402
from summarizer.client import request_body  # noqa: E402
from summarizer.language import language_name  # noqa: E402
from summarizer.local import LocalServer  # noqa: E402
from summarizer.schema import EventType  # noqa: E402
from summarizer.strategies import STRATEGIES  # noqa: E402
from summarizer.weights import model_path  # noqa: E402

Body = dict[str, Any]
_EVALUATED = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")


class Label(BaseModel):
    id: str
    name_en: str
    role: str | None = None


class Typed(BaseModel):
    id: str
    type: EventType | None


FIXED = create_model(
    "CitedSummary",
    headline=(str, ...),
    summary=(str, ...),
    speakers=(list[Label], ...),
    events=(list[Typed], ...),
)


def today(text: str) -> Body:
    system = prompts.render("system", output_language=language_name("en"))
    request = STRATEGIES["cite"](text, system, True).request()
    return request_body(request.response_model, request.messages)


def instructions_first(body: Body) -> Body:
    fixed = [
        line
        for line in (ROOT / "prompts" / "cite.j2").read_text(encoding="utf-8").splitlines()
        if line.strip() and "{" not in line
    ]
    system, user = body["messages"]
    kept = "\n".join(line for line in user["content"].splitlines() if line not in fixed)
    moved = copy.deepcopy(body)
    moved["messages"] = [
        {"role": "system", "content": system["content"] + "\n" + "\n".join(fixed)},
        {"role": "user", "content": kept},
    ]
    return moved


def fixed_schema(body: Body) -> Body:
    moved = instructions_first(body)
    tools = request_body(FIXED, moved["messages"])
    return {**moved, "tools": tools["tools"], "tool_choice": tools["tool_choice"]}


def enum_once(body: Body) -> Body:
    moved = copy.deepcopy(body)
    parameters = moved["tools"][0]["function"]["parameters"]
    inline = {"enum": list(EventType.__args__), "type": "string"}  # type: ignore[attr-defined]

    def refer(node: Any) -> Any:
        if node == inline:
            return {"$ref": "#/$defs/EventType"}
        if isinstance(node, dict):
            return {key: refer(value) for key, value in node.items()}
        if isinstance(node, list):
            return [refer(value) for value in node]
        return node

    moved["tools"][0]["function"]["parameters"] = refer(parameters)
    moved["tools"][0]["function"]["parameters"].setdefault("$defs", {})["EventType"] = inline
    return moved


def grammar_only(body: Body) -> Body:
    return {"messages": instructions_first(body)["messages"]}


VARIANTS: dict[str, Callable[[Body], Body]] = {
    "today": lambda body: body,
    "instructions first": instructions_first,
    "fixed schema": fixed_schema,
    "enum once": enum_once,
    "grammar only": grammar_only,
}


def shared(a: list[int], b: list[int]) -> int:
    return sum(
        1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False))
    )


def offline(texts: list[str], model: str) -> None:
    import llama_cpp

    path = model_path(model)
    vocab = llama_cpp.Llama(str(path), vocab_only=True, verbose=False)
    template = ChatTemplate.of_gguf(path)
    bodies = [today(text) for text in texts]
    print(f"{len(texts)} pool articles in batch order, {model}, cite")
    print(
        "| request | prompt tokens (median) | shared with the one before (median, min) "
        "| evaluated per article (median) | evaluated, all articles |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, variant in VARIANTS.items():
        tokens = [
            vocab.tokenize(template.render(variant(b)).encode(), add_bos=False, special=True)
            for b in bodies
        ]
        prefix = [0] + [shared(a, b) for a, b in itertools.pairwise(tokens)]
        evaluated = [len(t) - p for t, p in zip(tokens, prefix, strict=True)]
        print(
            f"| {name} | {statistics.median(map(len, tokens)):.0f} "
            f"| {statistics.median(prefix[1:] or [0]):.0f}, {min(prefix[1:] or [0])} "
            f"| {statistics.median(evaluated):.0f} | {sum(evaluated):,} |"
        )


def live(texts: list[str], model: str, cache: bool) -> None:
    log = Path(f"/tmp/bench-prefix-{'cache' if cache else 'plain'}.log")
    cache_mb = 2048 if cache else 0
    server = LocalServer(model_path(model), alias=model, log_path=log, prompt_cache_mb=cache_mb)
    bodies = [today(text) for text in texts]
    plan = [(name, i) for name in ("today", "instructions first") for i in range(len(texts))]
    plan += [("instructions first", 0)]  # an earlier article again, as a retry or a repair would
    print(f"# live, {model}, RAM prompt cache {'on' if cache else 'off'}; log {log}")
    print("| request | article | prompt tokens | evaluated | prompt eval ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with server:
        for name, index in plan:
            body = {**VARIANTS[name](bodies[index]), "model": model, "max_tokens": 1}
            before = len(_EVALUATED.findall(log.read_text(errors="replace")))
            request = urllib.request.Request(
                f"{server.base_url}/chat/completions",
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=600) as response:
                usage = json.load(response)["usage"]
            found: list[tuple[str, str]] = []
            while len(found) <= before:  # the server logs its timings after it answers
                found = _EVALUATED.findall(log.read_text(errors="replace"))
                time.sleep(0.05)
            ms, evaluated = found[before]
            print(f"| {name} | {index + 1} | {usage['prompt_tokens']} | {evaluated} | {ms} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--shortest", action="store_true", help="the shortest, in pool order")
    parser.add_argument("--live", action="store_true", help="send them to the embedded server")
    parser.add_argument("--cache", action="store_true", help="with --live: RAM prompt cache on")
    args = parser.parse_args()
    with (ROOT / "data" / "pool.jsonl").open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    if args.shortest:
        shortest = sorted(texts, key=len)[: args.articles]
        texts = [text for text in texts if text in shortest]
    texts = texts[: args.articles]
    if args.live:
        live(texts, args.model, args.cache)
    else:
        offline(texts, args.model)


if __name__ == "__main__":
    main()
