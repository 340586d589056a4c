from __future__ import annotations

import pytest

from summary_audit.engine import run_rules
from summary_audit.errors import ConfigError
from summary_audit.rules.registry import AuditContext, Hit, Rule, select_rules
from summary_audit.types import Severity

from .helpers import make_summary, make_transcript


def _rule(code: str, func) -> Rule:  # type: ignore[no-untyped-def]
    return Rule(code=code, name=f"test-{code}", severity=Severity.WARNING, func=func, doc="")


def _ctx(summary: str = "The driver was calm. He left at 9 p.m.") -> AuditContext:
    t = make_transcript([("OFFICER", "hello there"), ("DRIVER", "I am calm")])
    return AuditContext(transcript=t, summary=make_summary(summary))


def _flag_word(word: str):  # type: ignore[no-untyped-def]
    def check(ctx: AuditContext):  # type: ignore[no-untyped-def]
        start = ctx.summary.text.index(word)
        yield Hit(
            span=ctx.summary_span(start, start + len(word)), message=f"{word}!", explanation="x"
        )

    return check


def test_when_a_rule_crashes_then_it_is_recorded_and_other_rules_still_run() -> None:
    def boom(ctx: AuditContext):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaput")
        yield  # pragma: no cover

    flags, failures = run_rules(_ctx(), [_rule("SA990", boom), _rule("SA991", _flag_word("calm"))])
    assert [f.code for f in flags] == ["SA991"]
    assert len(failures) == 1
    assert failures[0].code == "SA990" and failures[0].error == "RuntimeError"
    assert "kaput" in failures[0].message


def test_flags_are_sorted_by_position_and_deduplicated() -> None:
    rules = [
        _rule("SA992", _flag_word("left")),
        _rule("SA991", _flag_word("calm")),
        _rule("SA993", _flag_word("calm")),
    ]
    flags, _ = run_rules(_ctx(), [*rules, rules[1]])
    assert [(f.code, f.summary_span.text) for f in flags] == [
        ("SA991", "calm"),
        ("SA993", "calm"),
        ("SA992", "left"),
    ]


def test_flag_carries_span_text_and_stable_id() -> None:
    flags, _ = run_rules(_ctx(), [_rule("SA991", _flag_word("calm"))])
    again, _ = run_rules(_ctx(), [_rule("SA991", _flag_word("calm"))])
    f = flags[0]
    assert _ctx().summary.text[f.summary_span.start : f.summary_span.end] == "calm"
    assert f.id == again[0].id and len(f.id) == 12


def test_hit_severity_overrides_rule_default() -> None:
    def check(ctx: AuditContext):  # type: ignore[no-untyped-def]
        yield Hit(
            span=ctx.summary_span(0, 3), message="m", explanation="e", severity=Severity.ERROR
        )

    flags, _ = run_rules(_ctx(), [_rule("SA994", check)])
    assert flags[0].severity is Severity.ERROR


def test_severity_is_ordered() -> None:
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert Severity.WARNING >= Severity.WARNING and not Severity.INFO >= Severity.WARNING


@pytest.mark.parametrize("bad", ["XX1", "SA1x", "1"])
def test_when_selector_is_malformed_then_config_error(bad: str) -> None:
    with pytest.raises(ConfigError):
        select_rules([bad])


def test_select_and_ignore_use_the_longest_prefix() -> None:
    every = select_rules(["SA"])
    if not every:
        pytest.skip("no rules registered yet")
    family = every[0].code[:3]
    chosen = select_rules([family], [every[0].code])
    assert every[0].code not in {r.code for r in chosen}
    assert all(r.code.startswith(family) for r in chosen)
    assert every[0].code in {r.code for r in select_rules([family, every[0].code])}
