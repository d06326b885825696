"""Prompt templates: strict, versioned, braces in articles untouched, shipped in the wheel."""

from __future__ import annotations

import zipfile
from pathlib import Path

import jinja2
import pytest

from summarizer import prompts
from tests.conftest import Installed

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_variable_fails_loudly() -> None:
    with pytest.raises(jinja2.UndefinedError):
        prompts.render("copy", article="x")  # max_events and max_quotes missing


def test_article_braces_are_text_not_template() -> None:
    article = "قال {{ المتحدث }} إن {% if x %} الوضع {# تعليق #}"
    rendered = prompts.render("copy", article=article, max_events=2, max_quotes=2)
    assert article in rendered


def test_version_names_the_declared_version_and_a_digest() -> None:
    version = prompts.prompt_version("cite")
    declared = (ROOT / "prompts" / "VERSION").read_text(encoding="utf-8").strip()
    assert version.startswith(f"v{declared}-")
    assert len(version.split("-")[-1]) == 8


def test_each_strategy_is_versioned_by_its_own_templates() -> None:
    assert prompts.prompt_version("cite") != prompts.prompt_version("copy")


def test_wheel_carries_prompts_schemas_and_page_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for page in (ROOT / "summarizer" / "templates").iterdir():
        assert f"summarizer/templates/{page.name}" in names
    for template in (ROOT / "prompts").iterdir():
        assert f"summarizer/_data/prompts/{template.name}" in names
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"summarizer/_data/schemas/{schema.name}" in names


def test_installed_wheel_finds_its_prompts(installed: Installed) -> None:
    probe = (
        "import summarizer.prompts as p; print(p.data_dir('prompts')); "
        "print(p.prompt_version()); print(p.render('system', output_language='English')[:20])"
    )
    folder, version, first = installed.run(probe).splitlines()
    assert folder.startswith(str(installed.target))
    assert version == prompts.prompt_version()
    assert first.startswith("You turn a news")
