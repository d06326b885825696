"""Load and render the prompt templates in `prompts/`, shipped inside the wheel."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import jinja2

TEMPLATE_SUFFIX = ".j2"


def data_dir(name: str) -> Traversable:
    """`prompts/` or `schemas/`: inside an installed wheel, else at the repository root."""
    packaged = resources.files("summarizer") / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


@lru_cache(maxsize=1)
def _templates() -> dict[str, str]:
    folder = data_dir("prompts")
    return {
        entry.name.removesuffix(TEMPLATE_SUFFIX): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(TEMPLATE_SUFFIX)
    }


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # StrictUndefined: a template that names a missing variable fails loudly. The article
    # always goes in as a variable, so braces in its text are never interpreted.
    return jinja2.Environment(
        loader=jinja2.DictLoader(_templates()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **variables: object) -> str:
    return _environment().get_template(name).render(**variables).strip()


TEMPLATES_BY_STRATEGY: dict[str, tuple[str, ...]] = {
    "cite": ("system", "cite_rules", "cite", "cite_repair", "translate"),
    "copy": ("system", "copy", "repair"),
}


@lru_cache(maxsize=4)
def prompt_version(strategy: str = "cite") -> str:
    """Declared version plus a digest of the templates the strategy renders, so an edit
    is never silent and an edit to one strategy's prompt leaves the other's alone.
    """
    declared = (data_dir("prompts") / "VERSION").read_text(encoding="utf-8").strip()
    templates = _templates()
    digest = hashlib.sha256()
    for name in TEMPLATES_BY_STRATEGY[strategy]:
        digest.update(name.encode() + b"\0" + templates[name].encode("utf-8") + b"\0")
    return f"v{declared}-{digest.hexdigest()[:8]}"
