"""The command line's manners (ruff/pytest style): suggestions, help everywhere, one-line failures,
-q/-v, wrapped `rules`, and the exit codes 0/1/2/3 (docs/cli.md, "Exit codes")."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.cli import build_parser, main
from summary_audit.errors import ExitCode
from summary_audit.rules import registry
from summary_audit.rules.registry import all_rules

DATA = Path(__file__).parent / "data" / "cli"
T, GOOD, BAD = (
    str(DATA / "stop.txt"),
    str(DATA / "stop.faithful.txt"),
    str(DATA / "stop.flawed.txt"),
)
PURSUIT = Path(__file__).parent.parent / "fixtures" / "acc-05-pursuit-not-allowed"


def _parsers(
    parser: argparse.ArgumentParser, name: str = "summary-audit"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


PARSERS = list(_parsers(build_parser()))


# --- did you mean -----------------------------------------------------------------------------

SUGGESTIONS = [
    (["chek"], "did you mean check?"),
    (["rule"], "did you mean rules?"),
    (["verify_log", "x"], "did you mean verify-log?"),
    (["check", T, GOOD, "--fial-on", "error"], "did you mean --fail-on?"),
    (["check", T, GOOD, "--format", "jsno"], "did you mean json?"),
    (["check", T, GOOD, "--colour", "never"], "did you mean --color?"),
    (["rules", "--fromat=json"], "did you mean --format?"),
    (["log", "audti"], "did you mean audit?"),
    (["batch", "in", "--out", "o", "--wokers", "2"], "did you mean --workers?"),
]


@pytest.mark.parametrize(
    ("argv", "hint"), SUGGESTIONS, ids=lambda v: " ".join(v) if isinstance(v, list) else None
)
def test_a_typo_gets_one_line_with_a_suggestion_and_exit_2(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == ExitCode.FAILURE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert hint in captured.err


def test_an_unknown_option_is_reported_by_the_subcommand_it_belongs_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", T, GOOD, "--fial-on", "error"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summary-audit check: error: unrecognized arguments: --fial-on")
    assert err.rstrip().endswith("(see summary-audit check -h)")


def test_nothing_close_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xyzzy"]) == 2
    assert "did you mean" not in capsys.readouterr().err


# --- help and descriptions --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "parser"), PARSERS[1:], ids=[n for n, _ in PARSERS[1:]])
def test_every_subcommand_has_a_description(name: str, parser: argparse.ArgumentParser) -> None:
    assert parser.description and len(parser.description) > 40, name


@pytest.mark.parametrize(("name", "parser"), PARSERS, ids=[n for n, _ in PARSERS])
def test_every_option_and_argument_has_help(name: str, parser: argparse.ArgumentParser) -> None:
    missing = [
        "/".join(a.option_strings) or a.dest
        for a in parser._actions
        if not a.help and not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
    ]
    assert not missing, f"{name}: no help for {missing}"


# --- rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_rules_are_wrapped_to_the_terminal(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= columns
    rows = [line for line in lines if not line.startswith(" ")]
    assert [row.split()[0] for row in rows] == [r.code for r in all_rules()]
    # Nothing lost to wrapping: every summary's words are all there.
    text = " ".join(" ".join(lines).split())
    assert all(" ".join(r.summary.split()) in text for r in all_rules())


@pytest.mark.parametrize(
    ("args", "prefixes"),
    [(["SA1"], ("SA1",)), (["sa2", "SA60"], ("SA2", "SA60")), (["SA1,SA5"], ("SA1", "SA5"))],
)
def test_rules_accept_prefixes_like_select(
    args: list[str], prefixes: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", *args]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    expected = [r.code for r in all_rules() if r.code.startswith(prefixes)]
    assert expected and [row.split()[0] for row in rows] == expected


@pytest.mark.parametrize("arg", ["SA8", "SA999"])
def test_rules_matching_nothing_is_one_line_and_exit_2(
    arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", arg]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown rule code" in err


# --- check -q / -v ------------------------------------------------------------------------------


def test_check_quiet_prints_one_line_per_flag(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit(T, BAD)
    assert main(["check", T, BAD, "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(report.flags) >= 2
    for line, flag in zip(lines, report.flags, strict=True):
        assert line.startswith(f"{BAD}:") and f" {flag.code} [{flag.severity.value}] " in line


def test_check_qq_prints_nothing_and_the_exit_code_tells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", T, BAD, "-qq"]) == 1
    assert capsys.readouterr() == ("", "")
    assert main(["check", T, GOOD, "--quiet", "--quiet"]) == 0


def test_check_verbose_says_how_each_flag_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit(T, BAD)
    assert main(["check", T, BAD, "-v"]) == 1
    out = capsys.readouterr().out
    assert out.count("= found by: rule ") == len(report.flags)
    assert all(f"id {f.id}" in out for f in report.flags)
    assert f"{report.stats.rules_run} rules run on" in out


def test_quiet_on_the_other_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = str(tmp_path / "audit.jsonl")
    assert main(["log", "audit", log, T, GOOD, "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["verify-log", log, "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["diff", GOOD, BAD, "-q"]) in (0, 1)
    quiet = capsys.readouterr().out
    main(["diff", GOOD, BAD])
    assert len(quiet.splitlines()) < len(capsys.readouterr().out.splitlines())


# --- one-line start-up and output failures, exit 2 -------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["check", T, GOOD, "-o", "/nonexistent/dir/r.txt"],
        ["check", T, GOOD, "--output", str(DATA)],  # a folder
        ["check", T, GOOD, "--select", "XYZ"],
        ["check", "no/such/transcript.vtt", GOOD],
        ["check", T, GOOD, "--profile", "atlantis"],
        ["check", T, GOOD, "--lexicon", "/nonexistent/lexicon.json"],
        ["log", "audit", "/nonexistent/dir/log.jsonl", T, GOOD],
        ["log", "audit", "/tmp/x.jsonl", T, GOOD, "--report", "/nonexistent/dir/r.json"],
        ["summarize", T, "--out", "/nonexistent/dir/s.json"],
        ["eval", "--only", "fixturs"],
        ["eval", "--limit", "0"],
        ["batch", "in", "--out", "out", "--workers", "none"],
        ["verify-log", "/nonexistent/log.jsonl"],
    ],
    ids=lambda argv: " ".join(argv[:1] + argv[3:] if argv[0] != "eval" else argv),
)
def test_start_up_failures_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == ExitCode.FAILURE
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("summary-audit") and "Traceback" not in captured.err


def test_output_folder_is_checked_before_the_audit_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import summary_audit.engine

    def audit_must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the audit ran although its report could not be written")

    monkeypatch.setattr(summary_audit.engine, "audit", audit_must_not_run)
    assert main(["check", T, GOOD, "-o", "/nonexistent/dir/r.txt"]) == 2
    assert "folder /nonexistent/dir does not exist" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", T, BAD, "-o", "/dev/full"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write /dev/full" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_that_cannot_be_written_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open("/dev/full", "w") as full:
        monkeypatch.setattr(sys, "stdout", full)
        code = main(["rules"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err


def test_a_reader_that_goes_away_is_silent_and_exit_2() -> None:
    """`summary-audit schema | head -1`: no BrokenPipeError traceback, no 'Exception ignored'."""
    import subprocess

    proc = subprocess.Popen(
        [sys.executable, "-m", "summary_audit.cli", "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first write
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == ExitCode.FAILURE
    assert err == b""


# --- --incident-type ----------------------------------------------------------------------------


def test_check_incident_type_is_checked_against_the_profile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [
        "check", str(PURSUIT / "transcript.srt"), str(PURSUIT / "summary.flawed.txt"),
        "--profile", str(PURSUIT / "profile.json"), "--select", "SA609", "-q",
    ]  # fmt: skip
    assert main(argv) == 0
    assert capsys.readouterr().out == ""
    assert main([*argv, "--incident-type", "vehicle pursuit"]) == 1
    out = capsys.readouterr().out
    assert "SA609" in out and "'vehicle pursuit' is not allowed" in out
    assert main([*argv, "--incident-type", "traffic stop"]) == 0


# --- exit codes ---------------------------------------------------------------------------------


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    """SA101, made to crash the way a real bug would (a real rule module, a real audit)."""

    def boom(ctx: registry.AuditContext) -> Iterator[registry.Hit]:
        raise ValueError("could not convert string to float: 'high'")
        yield  # pragma: no cover

    all_rules()  # load the rule modules first
    rule = registry._RULES["SA101"]
    monkeypatch.setitem(registry._RULES, "SA101", dataclasses.replace(rule, func=boom))
    return "SA101"


def test_report_exit_code_is_internal_when_a_rule_crashed(crashing_rule: str) -> None:
    report = audit(T, GOOD)
    assert [f.code for f in report.failures] == [crashing_rule]
    assert report.exit_code() == ExitCode.INTERNAL == 3
    assert audit(T, GOOD, ignore=[crashing_rule]).exit_code() == ExitCode.CLEAN


@pytest.mark.parametrize("flawed", [False, True])
def test_check_exits_3_not_1_when_a_rule_crashed(
    crashing_rule: str, flawed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", T, BAD if flawed else GOOD]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: a rule crashed" in err and "SA101 (ValueError:" in err
    assert "--traceback" in err and "SUMMARY_AUDIT_TRACEBACK=1" in err


def test_traceback_shows_where_the_rule_crashed(
    crashing_rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", T, GOOD, "--traceback"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in boom" in err
    assert "could not convert string to float" in err


def test_diff_and_log_exit_3_when_a_rule_crashed(
    crashing_rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", GOOD, BAD, "--transcript", T]) == ExitCode.INTERNAL
    assert main(["log", "audit", str(tmp_path / "log.jsonl"), T, GOOD]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("internal error: a rule crashed") == 2  # the draft's and the final's: one


def test_an_unexpected_exception_is_exit_3_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import summary_audit.engine

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("segments")

    monkeypatch.setattr(summary_audit.engine, "audit", broken)
    assert main(["check", T, GOOD]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("summary-audit: internal error: KeyError: 'segments'")
    assert "--traceback" in err
    monkeypatch.setenv("SUMMARY_AUDIT_TRACEBACK", "1")
    assert main(["check", T, GOOD]) == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_traceback_flag_does_not_leak_into_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    monkeypatch.delenv("SUMMARY_AUDIT_TRACEBACK", raising=False)
    assert main(["check", T, GOOD, "--traceback"]) == 0
    assert "SUMMARY_AUDIT_TRACEBACK" not in os.environ


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["check", T, GOOD], ExitCode.CLEAN),
        (["check", T, BAD], ExitCode.FINDINGS),
        (["check", T, "missing.txt"], ExitCode.FAILURE),
        (["check", T], ExitCode.FAILURE),
    ],
)
def test_exit_codes_table(argv: list[str], code: ExitCode) -> None:
    assert main(argv) == code


def test_docs_list_every_exit_code() -> None:
    from summary_audit.cli.docs import cli_markdown

    text = cli_markdown()
    for code in ExitCode:
        assert f"| {int(code)} | {code.meaning} |" in text


def test_a_missing_extra_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # (The LLM client no longer needs the openai package: the review app's uvicorn stands in.)
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ModuleNotFoundError
    argv = ["review", str(Path(T).parent)]
    assert main(argv) == ExitCode.FAILURE
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "needs the 'ui' extra" in err and "pip install 'summary-audit[ui]'" in err
