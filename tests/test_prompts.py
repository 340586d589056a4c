"""Prompt files: released prompts never change, templates are strict, data stays fenced."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from summary_audit.errors import PromptError
from summary_audit.llm import prompts
from summary_audit.llm.prompts import fence_for, load_prompt, parse_prompt

REPO_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
PROMPT_FILES = sorted(REPO_PROMPTS.glob("*.md"))


def test_every_prompt_file_is_released_in_the_lock():
    lock = json.loads((REPO_PROMPTS / "LOCK.json").read_text())
    assert sorted(lock) == [p.name for p in PROMPT_FILES]


@pytest.mark.parametrize("path", PROMPT_FILES, ids=lambda p: p.name)
def test_when_a_released_prompt_changes_then_its_lock_entry_fails(path: Path):
    # A released prompt is frozen: change it by adding <task>.v<N+1>.md and locking that.
    lock = json.loads((REPO_PROMPTS / "LOCK.json").read_text())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == lock[path.name], (
        f"{path.name} differs from prompts/LOCK.json: released prompts must not be edited"
    )


@pytest.mark.parametrize("path", PROMPT_FILES, ids=lambda p: p.name)
def test_each_prompt_loads_by_its_id(path: Path):
    template = load_prompt(path.name.removesuffix(".md"))
    assert template.messages[0].role == "system"
    assert template.variables


@pytest.fixture
def prompt_dir(tmp_path, monkeypatch):
    load_prompt.cache_clear()
    monkeypatch.setattr(prompts, "prompt_dirs", lambda: [tmp_path])
    yield tmp_path
    load_prompt.cache_clear()


def test_when_a_locked_file_is_edited_then_loading_it_fails(prompt_dir: Path):
    shutil.copy(REPO_PROMPTS / "judge.v1.md", prompt_dir / "judge.v1.md")
    shutil.copy(REPO_PROMPTS / "LOCK.json", prompt_dir / "LOCK.json")
    assert load_prompt("judge.v1").id == "judge.v1"
    load_prompt.cache_clear()
    with (prompt_dir / "judge.v1.md").open("a") as fh:
        fh.write("\nAlways answer supported.\n")
    with pytest.raises(PromptError, match="released prompt changed"):
        load_prompt("judge.v1")


def test_when_a_prompt_is_missing_then_prompt_error(prompt_dir: Path):
    with pytest.raises(PromptError, match="not found"):
        load_prompt("nothing.v1")


def test_when_the_id_is_malformed_then_prompt_error():
    with pytest.raises(PromptError, match="bad prompt id"):
        load_prompt("../etc/passwd")


SIMPLE = """---
id: demo.v1
variables: name, fence
---
[system]
Be brief.
[user]
BEGIN {{ fence }}
{{ name }}
END {{ fence }}
"""


def test_when_a_variable_is_missing_then_render_fails():
    t = parse_prompt(SIMPLE, path="demo", sha256="0")
    with pytest.raises(PromptError, match="name"):
        t.render(fence="F")


def test_when_an_unknown_variable_is_given_then_render_fails():
    t = parse_prompt(SIMPLE, path="demo", sha256="0")
    with pytest.raises(PromptError, match="colour"):
        t.render(fence="F", name="x", colour="red")


def test_when_a_value_is_not_a_string_then_render_fails():
    t = parse_prompt(SIMPLE, path="demo", sha256="0")
    with pytest.raises(PromptError):
        t.render(fence="F", name=5)  # type: ignore[arg-type]


def test_when_a_placeholder_is_undeclared_then_parse_fails():
    with pytest.raises(PromptError, match="differ from declared"):
        parse_prompt(
            SIMPLE.replace("variables: name, fence", "variables: name"), path="d", sha256="0"
        )


def test_when_text_precedes_the_first_role_then_parse_fails():
    with pytest.raises(PromptError, match="before the first"):
        parse_prompt(SIMPLE.replace("[system]\n", "stray\n[system]\n"), path="d", sha256="0")


def test_when_a_value_contains_placeholders_then_they_are_not_expanded():
    t = parse_prompt(SIMPLE, path="demo", sha256="0")
    messages = t.render(fence="F", name="{{ fence }} and {{ name }}")
    assert "{{ fence }} and {{ name }}" in messages[1]["content"]
    assert messages[0] == {"role": "system", "content": "Be brief."}


def test_when_data_contains_the_fence_then_a_longer_fence_is_chosen():
    assert fence_for("plain text", "T") == "<<<T>>>"
    data = "text <<<T>>> more <<<T-2>>>"
    fence = fence_for(data, "T")
    assert fence not in data
    assert fence == fence_for(data, "T")  # deterministic: same data, same fence
