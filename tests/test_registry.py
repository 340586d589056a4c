"""Completeness: every registered rule is coded, documented and exercised by a fixture case."""

from __future__ import annotations

import re

import pytest

from summary_audit.cli.docs import generated
from summary_audit.rules.registry import DOC_SECTIONS, FAMILIES, all_rules

RULES = all_rules()


def _gold_codes() -> set[str]:
    from summary_audit.evaluation.cases import FIXTURES_DIR, iter_cases

    return {
        e.code
        for case in iter_cases(FIXTURES_DIR)
        for s in case.summaries
        for e in s.errors
        if e.code
    }


def test_rules_are_registered() -> None:
    assert len(RULES) >= 10, "the rule modules did not register their rules"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented_in_fixed_sections(rule) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    assert rule.family in FAMILIES
    positions = [rule.doc.find(section) for section in DOC_SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.code} lacks a section: {DOC_SECTIONS}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    for section in DOC_SECTIONS:
        assert rule.section(section).strip(), f"{rule.code}: empty section {section}"


@pytest.mark.parametrize("rule", [r for r in RULES if not r.preview], ids=lambda r: r.code)
def test_rule_has_a_fixture_case(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.code in _gold_codes(), f"no fixture case lists {rule.code} in its gold errors"


def test_rule_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", sorted(generated()), ids=lambda p: p.name)
def test_generated_docs_are_up_to_date(path) -> None:  # type: ignore[no-untyped-def]
    assert path.exists(), f"{path} missing: run `make docs`"
    assert path.read_text(encoding="utf-8") == generated()[path], (
        f"{path} is stale: run `make docs`"
    )
