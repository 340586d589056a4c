"""The loaded-language evaluation: tiny hand-made data, and the real sets when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from summary_audit.evaluation import loaded
from summary_audit.evaluation.common import default_data_dir

REAL_DATA = default_data_dir()


def _row(markdown: str, name: str) -> list[str]:
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in:\n{markdown}")


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """One PTC article and three BABE sentences whose scores are easy to count by hand."""
    ptc = tmp_path / "ptc-semeval2020"
    (ptc / "articles").mkdir(parents=True)
    article = "Title\n\nThe thugs and liars met on Monday."
    (ptc / "articles" / "article1.txt").write_text(article, encoding="utf-8")
    start = article.index("thugs")
    labels = [f"1\tLoaded_Language\t{start}\t{start + 5}", "1\tSlogans\t0\t5"]
    (ptc / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    babe = tmp_path / "babe"
    babe.mkdir()
    rows = [
        "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words",
        "The thugs attacked the town.;u;o;t;left;Biased;x;['thugs']",
        "A bizarre and radical plan.;u;o;t;left;Biased;x;['bizarre', 'plan']",
        "The council met on Tuesday.;u;o;t;left;Non-biased;x;[]",
    ]
    (babe / "final_labels_SG2.csv").write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_ptc_spans_are_scored_against_loaded_language_only(tiny_data: Path) -> None:
    out = loaded.run(tiny_data, tiny_data / "no-fixtures", None)
    # Predicted "thugs" and "liars"; gold is "thugs" only (the Slogans span is ignored).
    row = _row(out, "SA4 rules, all categories")
    assert row[1:3] == ["1", "2"]
    assert row[6:9] == ["50.0", "100.0", "66.7"]  # span precision, recall, F1
    assert row[3:5] == ["50.0", "100.0"]  # characters: 5 of 10 predicted, all 5 gold


def test_babe_words_are_scored_per_sentence(tiny_data: Path) -> None:
    out = loaded.run(tiny_data, tiny_data / "no-fixtures", None)
    # Predicted: thugs, bizarre, radical; gold: thugs, bizarre, plan -> 2 of 3 each way.
    row = _row(out, "BABE (SG2), SA4 rules, all categories")
    assert row[1:6] == ["3", "3", "66.7", "66.7", "66.7"]


def test_missing_data_and_fixtures_are_reported_as_skipped(tmp_path: Path) -> None:
    out = loaded.run(tmp_path / "absent", tmp_path / "absent-fixtures", None)
    assert "skipped" in out and "Public sets skipped" in out
    assert "0.52" in out and "0.43" in out  # the reference points are always printed


def test_fixture_categories_count_a_planted_error(tmp_path: Path) -> None:
    case = tmp_path / "ll-x"
    case.mkdir()
    (case / "t.txt").write_text("OFC. REYES: Hello.\nDRIVER: Hi there.\n", encoding="utf-8")
    (case / "s.txt").write_text("The driver lunged at me. He was calm.\n", encoding="utf-8")
    (case / "case.json").write_text(
        '{"id": "ll-x", "title": "t", "incident_type": "t", "transcript": "t.txt",'
        ' "summaries": [{"file": "s.txt", "kind": "flawed", "errors": [{"text": "lunged",'
        ' "family": "SA4", "code": "SA406", "why": "E"}],'
        ' "hard_negatives": [{"text": "He was calm", "why": "neutral"}]}]}',
        encoding="utf-8",
    )
    scores = loaded.score_fixture_categories(tmp_path)
    assert (scores.gold["E"], scores.gold_found["E"], scores.flags_ok["E"]) == (1, 1, 1)
    assert scores.hard_negatives == 1 and scores.hard_negatives_flagged == 0


@pytest.mark.data
@pytest.mark.skipif(
    not (REAL_DATA / "ptc-semeval2020").is_dir(), reason=f"no evaluation data at {REAL_DATA}"
)
def test_real_sets_run_and_beat_the_measured_floor() -> None:
    out = loaded.run(REAL_DATA, Path("no-fixtures"), 40)
    rules_f1 = float(_row(out, "SA4 rules, tone (A B C E)")[8])
    floor_f1 = float(_row(out, "floor (NPOV lexicon)")[8])
    assert rules_f1 > floor_f1
