"""The prompt a request becomes: the GGUF's chat template, rendered as llama.cpp's server does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from summarizer import weights
from summarizer.chat_template import ChatTemplate
from summarizer.errors import ModelUnavailableError
from tests.synthetic import CHATML, write_gguf

ROOT = Path(__file__).resolve().parent.parent
SEED_TAPE = ROOT / "evals/cassettes/v1-ef7cd824/qwen2.5-coder-1.5b/cite/seed-syria-observatory.yaml"


def test_the_template_and_its_end_token_are_read_from_the_gguf_metadata(tmp_path: Path) -> None:
    template = ChatTemplate.of_gguf(write_gguf(tmp_path / "m.gguf", tokens=("a", "b", "<|end|>")))
    assert (template.source, template.eos_token, template.bos_token) == (CHATML, "<|end|>", "")
    (tmp_path / "x.gguf").write_bytes(b"GGML")
    with pytest.raises(ValueError, match="not a GGUF file"):
        ChatTemplate.of_gguf(tmp_path / "x.gguf")


def test_a_request_renders_with_its_tool_schema_unescaped() -> None:
    body = {
        "messages": [{"role": "system", "content": "قواعد"}, {"role": "user", "content": "نص"}],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {"ك": 1}}}],
    }
    prompt = ChatTemplate(CHATML).render(body)
    assert prompt == (
        "<|im_start|>system\nقواعد<|im_end|>\n<|im_start|>user\nنص<|im_end|>\n"
        '<tools>{"type": "function", "function": {"name": "f", "parameters": {"ك": 1}}}</tools>'
        "<|im_start|>assistant\n"
    )


@pytest.mark.local
@pytest.mark.parametrize("model", ["smollm2-135m", "qwen2.5-coder-1.5b"])
def test_the_rendering_is_llama_cpps_own(model: str) -> None:
    """Byte for byte what llama-cpp-python's formatter makes of a recorded request."""
    formats = pytest.importorskip("llama_cpp.llama_chat_format")
    llama_cpp = pytest.importorskip("llama_cpp")
    try:
        path = weights.model_path(model)
    except ModelUnavailableError as error:
        pytest.skip(str(error))
    vocab = llama_cpp.Llama(str(path), vocab_only=True, verbose=False)
    theirs = formats.Jinja2ChatFormatter(
        template=vocab.metadata["tokenizer.chat_template"],
        eos_token=vocab._model.token_get_text(vocab.token_eos()),
        bos_token=vocab._model.token_get_text(vocab.token_bos()),
    )
    body = json.loads(
        yaml.safe_load(SEED_TAPE.read_text("utf-8"))["interactions"][0]["request"]["body"]
    )
    ours = ChatTemplate.of_gguf(path).render(body)
    assert ours == theirs(messages=body["messages"], tools=body["tools"]).prompt
