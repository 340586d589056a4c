"""Draft versus final: sentence alignment, the rubber-stamp indicator, flags fixed and surviving."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from summary_audit.cli import main
from summary_audit.provenance.diff import align_sentences, compare, render_text, sentence_spans
from summary_audit.provenance.ledger import verify
from summary_audit.readers.summary import load_summary
from summary_audit.readers.transcript import load_transcript
from tests.helpers import make_summary, make_transcript

CASE = Path(__file__).resolve().parent.parent / "fixtures" / "acc-03-draft-and-final"
DRAFT = (
    "I stopped the car at [INSERT: location]. The driver was calm. He had two beers. "
    "A tow truck came."
)
FINAL = (
    "I stopped the car at Harlan Avenue. The driver was calm. He said he had two beers tonight. "
    "I released him with a warning. I cleared."
)


def _statuses(draft: str, final: str) -> list[tuple[str, str | None, str | None]]:
    changes = align_sentences(sentence_spans(draft), sentence_spans(final))
    return [
        (c.status, c.draft.text if c.draft else None, c.final.text if c.final else None)
        for c in changes
    ]


def test_sentences_are_classified_unchanged_edited_new_removed() -> None:
    assert _statuses(DRAFT, FINAL) == [
        (
            "edited",
            "I stopped the car at [INSERT: location].",
            "I stopped the car at Harlan Avenue.",
        ),
        ("unchanged", "The driver was calm.", "The driver was calm."),
        ("edited", "He had two beers.", "He said he had two beers tonight."),
        ("removed", "A tow truck came.", None),
        ("new", None, "I released him with a warning."),
        ("new", None, "I cleared."),
    ]


def test_sentence_spans_point_into_their_texts() -> None:
    report = compare(make_summary(DRAFT), make_summary(FINAL))
    for change in report.sentences:
        if change.draft:
            assert DRAFT[change.draft.start : change.draft.end] == change.draft.text
        if change.final:
            assert FINAL[change.final.start : change.final.end] == change.final.text
    assert report.counts == {"unchanged": 1, "edited": 2, "new": 2, "removed": 1}


def test_when_final_equals_draft_then_rubber_stamp_and_placeholders_survive() -> None:
    report = compare(make_summary(DRAFT), make_summary(DRAFT))
    assert report.rubber_stamp and report.identical_share == 1.0 and report.draft_kept_share == 1.0
    assert [(x.kind, x.final.text, x.in_draft) for x in report.leftovers] == [
        ("placeholder", "[INSERT: location]", True)
    ]
    assert report.exit_code() == 1
    assert "RUBBER STAMP" in render_text(report)


def test_when_final_only_deletes_placeholders_it_is_not_a_rubber_stamp() -> None:
    final = "I stopped the car. The driver was calm. He had two beers. A tow truck came."
    report = compare(make_summary(DRAFT), make_summary(final))
    assert report.identical_share == 1.0 and report.draft_kept_share < 0.95
    assert not report.rubber_stamp and report.leftovers == () and report.exit_code() == 0


def test_with_a_transcript_draft_flags_are_fixed_or_survive() -> None:
    transcript = make_transcript([("OFC. REYES", "Evening, I stopped you.")])
    draft = make_summary("I stopped him at [INSERT: place]. He rode a unicorn. On [INSERT: date].")
    final = make_summary("I stopped him at Elm Street. He rode a unicorn. On [INSERT: date].")
    report = compare(draft, final, transcript, select=["SA6"], planted_markers=["rode a unicorn"])
    assert [f.summary_span.text for f in report.fixed_flags] == ["[INSERT: place]"]
    assert sorted(f.code for f in report.surviving_flags) == ["SA601", "SA602"]
    assert report.new_flags == ()
    assert [x.kind for x in report.leftovers] == ["planted", "placeholder"]
    assert report.audit_signature and "transcript:" in report.audit_signature


def test_comparison_is_deterministic() -> None:
    a = compare(make_summary(DRAFT), make_summary(FINAL)).model_dump_json()
    assert a == compare(make_summary(DRAFT), make_summary(FINAL)).model_dump_json()


def test_fixture_draft_and_final_with_profile_markers() -> None:
    transcript = load_transcript(CASE / "transcript.txt")
    draft = load_summary(CASE / "summary.draft.txt")
    options = {"profile": str(CASE / "profile.json"), "select": ["SA6"]}
    edited = compare(draft, load_summary(CASE / "summary.final.txt"), transcript, **options)
    assert len(edited.fixed_flags) == 3 and edited.surviving_flags == () and not edited.rubber_stamp
    stamped = compare(draft, load_summary(CASE / "summary.rubber-stamp.txt"), transcript, **options)
    assert stamped.rubber_stamp and len(stamped.surviving_flags) == 3 and stamped.fixed_flags == ()


@pytest.mark.parametrize(
    ("final", "code"), [("summary.final.txt", 0), ("summary.rubber-stamp.txt", 1)]
)
def test_cli_diff_exit_codes_and_json(
    final: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["diff", str(CASE / "summary.draft.txt"), str(CASE / final), "--format", "json"]
    argv += ["--profile", str(CASE / "profile.json")]
    assert main(argv) == code
    data = json.loads(capsys.readouterr().out)
    assert data["final_id"] == Path(final).stem and data["transcript_sha256"] is None


def test_cli_diff_of_missing_file_exits_2(tmp_path: Path) -> None:
    assert main(["diff", str(tmp_path / "nope.txt"), str(CASE / "summary.final.txt")]) == 2


def test_cli_log_diff_appends_a_verifiable_entry(tmp_path: Path) -> None:
    log, report = tmp_path / "audit.jsonl", tmp_path / "diff.json"
    argv = [
        "log",
        "diff",
        str(log),
        str(CASE / "summary.draft.txt"),
        str(CASE / "summary.final.txt"),
    ]
    assert main([*argv, "--who", "sgt.lee", "--report", str(report)]) == 0
    result = verify(log)
    assert result.ok and result.entries == 1
    entry = json.loads(log.read_text())
    assert entry["report"] == hashlib.sha256(report.read_bytes()).hexdigest()
    assert entry["who"] == "sgt.lee" and entry["kind"] == "diff"
