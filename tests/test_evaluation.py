"""The evaluation harness: metric functions on hand-made inputs, and the sections end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from summary_audit.cli import main
from summary_audit.errors import ConfigError
from summary_audit.evaluation import section_names, sections
from summary_audit.evaluation.cases import FIXTURES_DIR
from summary_audit.evaluation.common import (
    balanced_accuracy,
    default_data_dir,
    overlap_precision_recall,
    table,
)

DATA = default_data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "summedits").is_dir(), reason=f"shared evaluation data not found at {DATA}"
)


def test_balanced_accuracy_averages_the_two_recalls() -> None:
    gold = [True, True, True, True, False, False]
    pred = [True, True, True, False, True, False]
    # recall on positives 3/4, on negatives 1/2
    assert balanced_accuracy(gold, pred) == pytest.approx((0.75 + 0.5) / 2)


def test_balanced_accuracy_of_a_constant_predictor_is_one_half() -> None:
    gold = [True, False, False, False]
    assert balanced_accuracy(gold, [False] * 4) == 0.5
    assert balanced_accuracy(gold, [True] * 4) == 0.5


def test_balanced_accuracy_with_one_class_and_none() -> None:
    assert balanced_accuracy([False, False], [False, True]) == 0.5
    assert balanced_accuracy([], []) is None
    with pytest.raises(ValueError):
        balanced_accuracy([True], [])


def test_overlap_precision_recall_counts() -> None:
    predicted = [(0, 5), (10, 12), (30, 31)]
    gold = [(4, 8), (11, 20), (40, 45)]
    # (0,5) hits (4,8); (10,12) hits (11,20); (30,31) hits nothing; (40,45) is missed
    assert overlap_precision_recall(predicted, gold) == (2, 3, 2, 3)
    assert overlap_precision_recall([(5, 10)], [(0, 5), (10, 15)]) == (0, 1, 0, 2)  # touching


def test_table_renders_markdown() -> None:
    assert table(["a", "b"], [(1, "x")]) == "| a | b |\n|---|---|\n| 1 | x |"


def test_edited_spans_mark_the_words_an_edit_changed():
    from summary_audit.evaluation.summedits import edited_spans

    original = "Ann asks Mike to buy butter and Mike agrees."
    edited = "Ann asks Mike to buy milk and Mike refuses."
    assert [edited[a:b] for a, b in edited_spans(edited, original)] == ["milk", "refuses."]
    edited = "Mike does agree."  # "not" removed: the words either side of the gap
    assert [edited[a:b] for a, b in edited_spans(edited, "Mike does not agree.")] == ["does agree."]


def test_section_names_are_the_modules() -> None:
    assert {"fixtures", "summedits", "diasumfact"} <= set(section_names())
    with pytest.raises(ConfigError):
        sections(None, FIXTURES_DIR, 1, only="nope")


def test_fixtures_section_runs_end_to_end() -> None:
    out = sections(None, FIXTURES_DIR, 2, only="fixtures")
    assert out.startswith("## Fixtures")
    assert "| SA1 |" in out and "False flags per faithful summary" in out


def test_sections_skip_with_a_reason_when_data_is_absent(tmp_path: Path) -> None:
    for name in ("summedits", "diasumfact"):
        assert "skipped:" in sections(tmp_path, FIXTURES_DIR, 1, only=name)


def test_eval_command_prints_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--only", "fixtures", "--limit", "1"]) == 0
    assert "## Fixtures" in capsys.readouterr().out
    assert main(["eval", "--limit", "0"]) == 2


@pytest.mark.data
@needs_data
def test_summedits_section_on_a_few_rows() -> None:
    out = sections(DATA, FIXTURES_DIR, 3, only="summedits")
    assert "| samsum | 3 |" in out and "QAFactEval" in out


@pytest.mark.data
@pytest.mark.skipif(
    not (DATA / "diasumfact" / "annotations.json").is_file(), reason="DiaSumFact data not found"
)
def test_diasumfact_section_on_a_few_dialogues() -> None:
    out = sections(DATA, FIXTURES_DIR, 2, only="diasumfact")
    assert "balanced acc" in out and "skipped" not in out
