"""The CLI as a function: main(argv) -> exit code, output compared exactly where it matters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.cli import main
from summary_audit.report.json import schema_text
from summary_audit.rules.registry import all_rules

DATA = Path(__file__).parent / "data" / "cli"
T, GOOD, BAD = DATA / "stop.txt", DATA / "stop.faithful.txt", DATA / "stop.flawed.txt"


def test_rules_lists_every_registered_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if not line.startswith(" ")]  # not wrapped lines
    assert [line.split()[0] for line in rows] == [r.code for r in all_rules()]


def test_rules_code_prints_its_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code = all_rules()[0].code
    assert main(["rules", code.lower()]) == 0
    out = capsys.readouterr().out
    assert out.startswith(code) and "What it does:" in out and "Example:" in out


def test_unknown_rule_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "SA999"]) == 2
    assert "unknown rule code" in capsys.readouterr().err


def test_schema_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out)["title"] == "AuditReport"


def test_json_output_equals_the_library_report(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(T), str(BAD), "--format", "json"])
    out = capsys.readouterr().out
    assert out == audit(str(T), str(BAD)).model_dump_json() + "\n"


def test_json_report_is_byte_identical_across_runs(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(T), str(BAD), "--format", "json"])
    first = capsys.readouterr().out
    main(["check", str(T), str(BAD), "--format", "json"])
    assert capsys.readouterr().out == first


def test_flawed_summary_fails_and_faithful_summary_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(T), str(BAD)]) == 1
    out = capsys.readouterr().out
    assert "62" in out and "^^" in out
    assert main(["check", str(T), str(GOOD)]) == 0


def test_fail_on_error_ignores_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit(str(T), str(BAD))
    worst = report.worst()
    expected = 1 if worst is not None and worst.value == "error" else 0
    assert main(["check", str(T), str(BAD), "--fail-on", "error"]) == expected


def test_select_limits_rules_to_a_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(T), str(BAD), "--select", "SA2", "--format", "json"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["flags"]}
    assert codes and all(c.startswith("SA2") for c in codes)


def test_missing_file_is_exit_2_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/transcript.vtt", str(GOOD)]) == 2
    assert "no/such/transcript.vtt" in capsys.readouterr().err


def test_empty_transcript_is_exit_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.vtt"
    empty.write_text("")
    assert main(["check", str(empty), str(GOOD)]) == 2
    err = capsys.readouterr().err
    assert "empty.vtt" in err and "Traceback" not in err


def test_bad_selector_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(T), str(GOOD), "--select", "XYZ"]) == 2
    assert "--select" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out
