"""The fixture set in fixtures/ and its loader, summary_audit.evaluation.cases."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from summary_audit.errors import InputError
from summary_audit.evaluation.cases import (
    FIXTURES_DIR,
    Case,
    CaseSummary,
    iter_cases,
    load_case,
    locate,
)

CASES = [*iter_cases(FIXTURES_DIR), *iter_cases(FIXTURES_DIR / "dev")]
CASE_IDS = [c.id for c in CASES]
SUMMARIES = [(c, s) for c in CASES for s in c.summaries]
SUMMARY_IDS = [f"{c.id}/{s.file}" for c, s in SUMMARIES]
# The realistic set is the "NN-slug" folders; other prefixes ("ll-", "acc-") are small targeted
# cases owned by other test suites, so only the generic checks apply to them.
REALISTIC = [c for c in CASES if re.match(r"\d{2}-", c.id)]
REALISTIC_IDS = [c.id for c in REALISTIC]
REALISTIC_SUMMARIES = [(c, s) for c in REALISTIC for s in c.summaries]
REALISTIC_SUMMARY_IDS = [f"{c.id}/{s.file}" for c, s in REALISTIC_SUMMARIES]


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _transcript_format(case: Case) -> str:
    """The transcript format told by extension and, for .txt, by the cue arrow or speaker labels."""
    path = case.transcript_path
    by_ext = {".vtt": "vtt", ".srt": "srt", ".json": "whisper"}
    if path.suffix in by_ext:
        return by_ext[path.suffix]
    text = path.read_text(encoding="utf-8")
    if re.match(r"\[[\d:.]+ --> [\d:.]+\]", text.lstrip()):
        return "cues"
    # Unlabelled ASR text (no "NAME:" anywhere near a line start) is read as plain prose.
    return "turns" if re.search(r"^(\[[\d:.]+\] )?[\w .'-]{1,30}:", text, re.M) else "plain"


# --- the fixture set -------------------------------------------------------------------------


def test_realistic_set_has_at_least_18_cases() -> None:
    assert len(REALISTIC) >= 18


def test_every_case_folder_with_case_json_loads() -> None:
    folders = [
        p.name
        for root in (FIXTURES_DIR, FIXTURES_DIR / "dev")
        for p in sorted(root.iterdir())
        if (p / "case.json").is_file()
    ]
    assert folders == CASE_IDS


@pytest.mark.parametrize("case", REALISTIC, ids=REALISTIC_IDS)
def test_case_has_metadata_for_batch_aggregates(case: Case) -> None:
    assert {"officer", "unit", "model"} <= case.metadata.keys()


@pytest.mark.parametrize("case", REALISTIC, ids=REALISTIC_IDS)
def test_case_has_a_faithful_and_a_flawed_summary(case: Case) -> None:
    kinds = {s.kind for s in case.summaries}
    assert {"faithful", "flawed"} <= kinds


@pytest.mark.parametrize(("case", "summary"), SUMMARIES, ids=SUMMARY_IDS)
def test_every_gold_error_text_occurs_in_its_summary(case: Case, summary: CaseSummary) -> None:
    text = summary.read_text()
    for err, start, end in summary.error_spans(text):
        assert text[start:end] == err.text


@pytest.mark.parametrize(("case", "summary"), SUMMARIES, ids=SUMMARY_IDS)
def test_every_hard_negative_occurs_and_is_not_a_gold_error(
    case: Case, summary: CaseSummary
) -> None:
    text = summary.read_text()
    errors = [(s, e) for _, s, e in summary.error_spans(text)]
    for neg, start, end in summary.hard_negative_spans(text):
        assert text[start:end] == neg.text
        overlapping = [(s, e) for s, e in errors if s < end and start < e]
        assert not overlapping, f"hard negative {neg.text!r} overlaps a gold error"


@pytest.mark.parametrize(("case", "summary"), REALISTIC_SUMMARIES, ids=REALISTIC_SUMMARY_IDS)
def test_realistic_summary_lists_1_to_12_hard_negatives(case: Case, summary: CaseSummary) -> None:
    assert 1 <= len(summary.hard_negatives) <= 12


@pytest.mark.parametrize(("case", "summary"), REALISTIC_SUMMARIES, ids=REALISTIC_SUMMARY_IDS)
def test_summary_length_is_report_like(case: Case, summary: CaseSummary) -> None:
    words = len(summary.read_text().split())
    assert 150 <= words <= 400, f"{words} words"


@pytest.mark.parametrize("case", REALISTIC, ids=REALISTIC_IDS)
def test_flawed_summaries_plant_3_to_8_errors(case: Case) -> None:
    for summary in case.summaries_of("flawed"):
        assert 3 <= len(summary.errors) <= 8, summary.file


def test_every_family_sa1_to_sa6_appears_in_gold_set() -> None:
    families = {e.family for _, s in REALISTIC_SUMMARIES for e in s.errors}
    assert families == {"SA1", "SA2", "SA3", "SA4", "SA5", "SA6"}


def test_every_gold_code_is_a_registered_rule() -> None:
    from summary_audit.rules.registry import all_rules

    registered = {r.code for r in all_rules()}
    codes = {e.code for _, s in SUMMARIES for e in s.errors}
    assert codes <= registered, sorted(codes - registered)


def test_every_transcript_format_appears() -> None:
    formats = {_transcript_format(c) for c in REALISTIC}
    assert formats == {"turns", "cues", "vtt", "srt", "whisper", "plain"}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_omitted_transcript_text_is_in_the_transcript_file(case: Case) -> None:
    raw = case.transcript_path.read_text(encoding="utf-8")
    if case.transcript_path.suffix == ".json":
        raw = "\n".join(seg["text"] for seg in json.loads(raw)["segments"])
    for summary in case.summaries:
        for err in summary.errors:
            if err.transcript_text is not None:
                assert _squash(err.transcript_text) in _squash(raw)


@pytest.mark.skipif(
    importlib.util.find_spec("summary_audit.readers.transcript") is None,
    reason="summary_audit.readers.transcript (the readers) is not written yet",
)
@pytest.mark.parametrize("case", REALISTIC, ids=REALISTIC_IDS)
def test_every_transcript_parses_with_the_reader(case: Case) -> None:
    from summary_audit.readers.transcript import load_transcript

    transcript = load_transcript(case.transcript_path)
    assert len(transcript.segments) >= 40
    assert transcript.format == _transcript_format(case)
    for seg in transcript.segments:
        assert transcript.text[seg.span.start : seg.span.end] == seg.text


# --- the loader -------------------------------------------------------------------------------


def test_locate_finds_the_asked_occurrence() -> None:
    text = "I saw 2 cars and 2 bikes."
    assert locate(text, "2") == (6, 7)
    assert locate(text, "2", 2) == (17, 18)


def test_locate_counts_overlapping_occurrences() -> None:
    assert locate("aaa", "aa", 2) == (1, 3)


def test_when_text_is_absent_then_locate_raises_input_error() -> None:
    with pytest.raises(InputError, match="occurs 0 time"):
        locate("The driver stopped.", "the suspect")


def test_when_occurrence_is_too_high_then_locate_raises_input_error() -> None:
    with pytest.raises(InputError, match="occurrence 3"):
        locate("2 and 2", "2", 3, path="s.txt")


def _write_case(folder: Path, **overrides: object) -> Path:
    folder.mkdir()
    (folder / "t.txt").write_text("OFFICER: hello\n", encoding="utf-8")
    (folder / "s.txt").write_text("I said hello to the driver.", encoding="utf-8")
    data = {
        "id": folder.name,
        "title": "t",
        "incident_type": "traffic stop",
        "metadata": {"officer": "Ofc. A", "unit": "P1", "model": "m"},
        "transcript": "t.txt",
        "summaries": [
            {
                "file": "s.txt",
                "kind": "flawed",
                "errors": [{"text": "driver", "family": "SA4", "code": "SA402", "why": "w"}],
            }
        ],
    }
    data.update(overrides)
    (folder / "case.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_loaded_case_knows_its_paths_and_gold_offsets(tmp_path: Path) -> None:
    case = load_case(_write_case(tmp_path / "01-x"))
    summary = case.summaries[0]
    assert case.transcript_path == tmp_path / "01-x" / "t.txt"
    assert summary.path == tmp_path / "01-x" / "s.txt"
    [(err, start, end)] = summary.error_spans()
    assert (err.code, start, end) == ("SA402", 20, 26)


def test_when_case_json_is_invalid_json_then_error_names_path_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "01-x"
    folder.mkdir()
    (folder / "case.json").write_text('{\n  "id": \n}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_case(folder)
    assert info.value.path == str(folder / "case.json")
    assert info.value.line == 3


def test_when_case_json_has_unknown_field_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="colour: Extra inputs") as info:
        load_case(_write_case(tmp_path / "01-x", colour="red"))
    assert info.value.path.endswith("case.json")


def test_when_omission_has_no_transcript_text_then_input_error(tmp_path: Path) -> None:
    bad = [
        {
            "file": "s.txt",
            "kind": "flawed",
            "errors": [{"family": "SA5", "code": "SA501", "why": "w"}],
        }
    ]
    with pytest.raises(InputError, match="transcript_text"):
        load_case(_write_case(tmp_path / "01-x", summaries=bad))


def test_when_code_is_outside_its_family_then_input_error(tmp_path: Path) -> None:
    bad = [
        {
            "file": "s.txt",
            "kind": "flawed",
            "errors": [{"text": "driver", "family": "SA1", "code": "SA402", "why": "w"}],
        }
    ]
    with pytest.raises(InputError, match="not in family"):
        load_case(_write_case(tmp_path / "01-x", summaries=bad))


def test_when_faithful_summary_lists_errors_then_input_error(tmp_path: Path) -> None:
    bad = [
        {
            "file": "s.txt",
            "kind": "faithful",
            "errors": [{"text": "driver", "family": "SA4", "code": "SA402", "why": "w"}],
        }
    ]
    with pytest.raises(InputError, match="faithful"):
        load_case(_write_case(tmp_path / "01-x", summaries=bad))


def test_when_id_differs_from_folder_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder name"):
        load_case(_write_case(tmp_path / "01-x", id="02-y"))


def test_when_named_file_is_missing_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing file: nope\.vtt"):
        load_case(_write_case(tmp_path / "01-x", transcript="nope.vtt"))


def test_iter_cases_is_sorted_and_skips_folders_without_case_json(tmp_path: Path) -> None:
    _write_case(tmp_path / "02-b")
    _write_case(tmp_path / "01-a")
    (tmp_path / "03-empty").mkdir()
    assert [c.id for c in iter_cases(tmp_path)] == ["01-a", "02-b"]


def test_when_fixtures_root_is_missing_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list(iter_cases(tmp_path / "nope"))
