"""The README stays true: its two commands come first, its library example runs, every command
and option it shows exists, and every rule code it names is registered."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from pathlib import Path

import pytest

from summary_audit.cli import build_parser
from summary_audit.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)


def test_the_two_commands_come_first() -> None:
    lang, first = BLOCKS[0]
    assert lang == "sh" and first.split()[:1] == ["make"]
    assert [line.split()[1] for line in first.splitlines()] == ["run", "test"]


def test_the_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    code = next(body for lang, body in BLOCKS if lang == "python")
    monkeypatch.chdir(ROOT)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(code, "README.md", "exec"), {})  # the README's own example
    assert "SA110" in out.getvalue()


def _commands_shown() -> list[list[str]]:
    """Each ``summary-audit ...`` command in the README's shell blocks, as words (a line may
    hold several)."""
    sh = "\n".join(body for lang, body in BLOCKS if lang == "sh")
    out = []
    for line in sh.splitlines():
        for part in line.split("#")[0].split("summary-audit ")[1:]:
            out.append(part.split())
    return out


def _parser_for(words: list[str]) -> argparse.ArgumentParser:
    parser = build_parser()
    for word in words:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or word not in subs[0].choices:
            break
        parser = subs[0].choices[word]
    return parser


@pytest.mark.parametrize("words", _commands_shown(), ids=lambda w: " ".join(w[:2]))
def test_every_command_and_option_shown_exists(words: list[str]) -> None:
    parser = _parser_for(words)
    assert parser.prog != build_parser().prog, words
    help_text = parser.format_help()
    for option in (w.strip("[],") for w in words if w.lstrip("[").startswith("--")):
        assert option.split("=")[0] in help_text, f"{parser.prog} {option}"


def test_every_rule_code_named_is_registered() -> None:
    codes = {r.code for r in all_rules()}
    named = set(re.findall(r"\bSA\d{3}\b", README))
    assert named <= codes, sorted(named - codes)
