"""The tamper-evident log: hash chain, every-byte tamper detection, truncation via the head."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.cli import main
from summary_audit.errors import InputError
from summary_audit.provenance.ledger import (
    GENESIS,
    append,
    append_audit,
    head_path,
    report_hash,
    verify,
)
from tests.helpers import make_summary, make_transcript

FIXED = {"who": "ofc.reyes", "when": "2026-01-05T14:03:11Z"}


def _log(tmp_path: Path, entries: int = 3) -> Path:
    path = tmp_path / "audit.jsonl"
    for i in range(entries):
        append(
            path,
            kind="audit",
            inputs={"summary": f"{i:064x}"},
            report=f"{i + 7:064x}",
            details={"n": i, "note": "café"},
            **FIXED,
        )
    return path


def test_fresh_log_verifies_and_chains_from_genesis(tmp_path: Path) -> None:
    path = _log(tmp_path)
    result = verify(path)
    assert result.ok and result.entries == 3 and result.head_checked
    lines = path.read_text().splitlines()
    assert f'"prev":"{GENESIS}"' in lines[0]
    assert result.head is not None and result.head in lines[2]


def test_modifying_any_byte_of_the_log_is_detected(tmp_path: Path) -> None:
    path = _log(tmp_path, entries=2)
    head_path(path).unlink()  # the chain alone must catch every edit, without the head file
    original = path.read_bytes()
    undetected = []
    for i in range(len(original)):
        changed = bytearray(original)
        changed[i] = (changed[i] + 1) % 256
        path.write_bytes(bytes(changed))
        if verify(path).ok:
            undetected.append(i)
    assert undetected == [], f"edits at byte offsets {undetected[:10]} went unnoticed"


def test_reordered_lines_are_detected(tmp_path: Path) -> None:
    path = _log(tmp_path)
    a, b, c = path.read_text().splitlines(keepends=True)
    path.write_text(a + c + b)
    assert not verify(path).ok


@pytest.mark.parametrize("drop", [0, 1])
def test_removed_entry_in_the_middle_or_start_is_detected(tmp_path: Path, drop: int) -> None:
    path = _log(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    del lines[drop]
    path.write_text("".join(lines))
    head_path(path).unlink()
    assert not verify(path).ok


def test_inserted_copy_of_an_entry_is_detected(tmp_path: Path) -> None:
    path = _log(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join([lines[0], lines[1], lines[1], lines[2]]))
    assert not verify(path).ok


def test_truncation_at_the_end_is_caught_only_against_a_recorded_head(tmp_path: Path) -> None:
    path = _log(tmp_path)
    head = verify(path).head
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))
    assert not verify(path).ok  # LOG.head still names the removed entry
    assert not verify(path, head=head).ok
    head_path(path).unlink()
    assert verify(path).ok  # the documented limit: without a head, a shorter chain is valid
    assert not verify(path).head_checked


def test_half_written_last_line_is_reported(tmp_path: Path) -> None:
    path = _log(tmp_path)
    path.write_bytes(path.read_bytes()[:-20])
    result = verify(path)
    assert not result.ok and result.problems[-2].line == 3


def test_append_refuses_to_chain_onto_a_damaged_last_line(tmp_path: Path) -> None:
    path = _log(tmp_path)
    path.write_bytes(path.read_bytes() + b"garbage\n")
    with pytest.raises(InputError, match="not a log entry"):
        append(path, kind="audit", inputs={}, report="0" * 64)


def test_append_audit_records_input_and_report_hashes(tmp_path: Path) -> None:
    report = audit(make_transcript([("OFC. REYES", "Evening.")]), make_summary("I said evening."))
    entry = append_audit(tmp_path / "log.jsonl", report, **FIXED)
    assert entry.inputs == {
        "summary": report.summary_sha256,
        "transcript": report.transcript_sha256,
    }
    assert entry.report == report_hash(report) and entry.details["signature"] == report.signature
    assert entry.seq == 0 and entry.prev == GENESIS


def _append_many(path: str, n: int) -> None:
    for i in range(n):
        append(path, kind="audit", inputs={"i": str(i)}, report="0" * 64)


def test_concurrent_appenders_keep_one_chain(tmp_path: Path) -> None:
    path = str(tmp_path / "log.jsonl")
    procs = [multiprocessing.Process(target=_append_many, args=(path, 15)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    result = verify(path)
    assert result.ok and result.entries == 30


def test_cli_verify_log_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _log(tmp_path)
    assert main(["verify-log", str(path)]) == 0
    assert "intact" in capsys.readouterr().out
    path.write_text(path.read_text().replace("ofc.reyes", "ofc.reyez", 1))
    assert main(["verify-log", str(path)]) == 1
    assert "line 1" in capsys.readouterr().out
    assert main(["verify-log", str(tmp_path / "missing.jsonl")]) == 2


def test_cli_log_audit_appends_and_returns_the_audit_exit_code(tmp_path: Path) -> None:
    transcript, summary = tmp_path / "t.txt", tmp_path / "s.txt"
    transcript.write_text("OFC. REYES: Evening, I stopped you for speeding.\n")
    summary.write_text("I stopped the driver at [INSERT: location].\n")
    log = tmp_path / "log.jsonl"
    assert main(["log", "audit", str(log), str(transcript), str(summary), "--select", "SA6"]) == 1
    assert main(["log", "audit", str(log), str(transcript), str(summary), "--select", "SA5"]) == 0
    assert verify(log).entries == 2 and verify(log).ok


def test_when_file_is_not_a_log_at_all_then_verify_log_is_one_line_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 8)  # several "lines", none of them JSON
    other_json = tmp_path / "report.jsonl"
    other_json.write_text('{"flags": []}\n{"flags": [1]}\n')
    for path in (binary, other_json):
        with pytest.raises(InputError, match="not a summary-audit log"):
            verify(path)
        assert main(["verify-log", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "TAMPERED" not in captured.err
        assert captured.err.count("\n") == 1 and str(path) in captured.err


def test_when_log_is_empty_then_verify_log_says_so_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b"")
    assert main(["verify-log", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: empty log: 0 entries\n"


def test_when_some_lines_are_replaced_by_garbage_then_it_is_still_tampering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log(tmp_path, entries=3)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b"\x00\xffnot json\n" + lines[2])
    assert main(["verify-log", str(path)]) == 1
    out = capsys.readouterr().out
    assert "line 2: not a valid log entry" in out and "TAMPERED: 3 entries" in out


def test_verify_log_counts_one_entry_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log(tmp_path, entries=1)
    assert main(["verify-log", str(path)]) == 0
    assert ": intact: 1 entry, last hash " in capsys.readouterr().out
