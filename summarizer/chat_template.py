"""A chat request rendered into the very prompt text llama.cpp's server evaluates.

The context check must count the real prompt: the messages and the tool schema as the
model's own chat template lays them out (Qwen2.5 puts the whole tool schema into the
system turn; SmolLM2's template drops tools). The template comes from the GGUF file's
metadata, read here without loading llama.cpp, and is rendered the way
llama-cpp-python 0.3.36's `Jinja2ChatFormatter` does (sandboxed Jinja, `tojson`
without ASCII escapes, the generation prompt added).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from jinja2 import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

GGUF_MAGIC = b"GGUF"
_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9
_TEMPLATE = "tokenizer.chat_template"
_TOKENS = "tokenizer.ggml.tokens"
_EOS, _BOS = "tokenizer.ggml.eos_token_id", "tokenizer.ggml.bos_token_id"


def _read(stream: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize("<" + fmt)
    data = stream.read(size)
    if len(data) != size:
        raise ValueError("the GGUF file ends inside its metadata")
    return struct.unpack("<" + fmt, data)[0]


def _string(stream: BinaryIO) -> str:
    return bytes(stream.read(_read(stream, "Q"))).decode("utf-8", "replace")


def _value(stream: BinaryIO, kind: int) -> Any:
    """A scalar or string; arrays are skipped (None), their place kept by the caller."""
    if kind == _STRING:
        return _string(stream)
    if kind == _ARRAY:
        item, count = _read(stream, "I"), _read(stream, "Q")
        if item in _SCALARS:
            stream.seek(count * struct.calcsize("<" + _SCALARS[item]), 1)
        elif item == _STRING:
            for _ in range(count):
                stream.seek(_read(stream, "Q"), 1)
        else:
            for _ in range(count):
                _value(stream, item)
        return None
    return _read(stream, _SCALARS[kind])


def _token(stream: BinaryIO, tokens_at: int, wanted: int) -> str:
    """The text of token `wanted`, from the tokens array that starts at `tokens_at`."""
    stream.seek(tokens_at)
    for _ in range(wanted):
        stream.seek(_read(stream, "Q"), 1)
    return _string(stream)


@dataclass(frozen=True)
class ChatTemplate:
    """A model's chat template with the special tokens it may name."""

    source: str
    eos_token: str = ""
    bos_token: str = ""

    @classmethod
    def of_gguf(cls, path: Path) -> ChatTemplate:
        """Read the template and the end and start tokens from a GGUF file's metadata."""
        with path.open("rb") as stream:
            if stream.read(4) != GGUF_MAGIC:
                raise ValueError(f"{path} is not a GGUF file")
            _version, _tensors, count = _read(stream, "I"), _read(stream, "Q"), _read(stream, "Q")
            found: dict[str, Any] = {}
            tokens_at = None
            for _ in range(count):
                key, kind = _string(stream), _read(stream, "I")
                if key == _TOKENS:
                    tokens_at = stream.tell() + 12  # past the item type and the count
                found[key] = _value(stream, kind)
            if _TEMPLATE not in found:
                raise ValueError(f"{path} carries no chat template")
            specials = {
                name: _token(stream, tokens_at, found[key])
                for name, key in (("eos_token", _EOS), ("bos_token", _BOS))
                if tokens_at is not None and key in found
            }
        return cls(found[_TEMPLATE], **specials)

    @cached_property
    def _compiled(self) -> Template:
        environment = ImmutableSandboxedEnvironment(
            trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"]
        )
        environment.filters["tojson"] = _tojson
        return environment.from_string(self.source)

    def render(self, body: dict[str, Any]) -> str:
        """The prompt for a chat completion request body (`messages`, `tools`, `tool_choice`)."""
        return self._compiled.render(
            messages=body["messages"],
            tools=body.get("tools"),
            tool_choice=body.get("tool_choice"),
            functions=None,
            function_call=None,
            eos_token=self.eos_token,
            bos_token=self.bos_token,
            add_generation_prompt=True,
            raise_exception=_raise,
            strftime_now=lambda fmt: datetime.now().strftime(fmt),
        )


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


def _raise(message: str) -> NoReturn:
    raise ValueError(message)
