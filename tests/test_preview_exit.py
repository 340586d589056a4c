"""The judge is a preview: its flags and failures count in the exit code only with --preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit.types import AuditReport, CheckFailure, Explanation, Flag, Span, Stats

from .openai_server import FakeOpenAI, Reply

TEXT = "The driver said he was leaving a bar downtown."


def _report(method: str = "llm", failures: tuple = ()) -> AuditReport:
    span = Span.of("summary", TEXT, 0, len(TEXT))
    flag = Flag(
        id="x", code="SA901", rule="llm-judge", severity="warning", message="m",
        summary_span=span, explanation=Explanation(rule="llm-judge", method=method, text="t"),
    )  # fmt: skip
    stats = Stats(claims=1, segments=1, summary_words=8, transcript_words=8, rules_run=1,
                  flags={"error": 0, "warning": 1, "info": 0})  # fmt: skip
    return AuditReport(
        transcript_id="t", summary_id="s", transcript_sha256="0", summary_sha256="0",
        summary_text=TEXT, flags=(flag,), failures=failures, signature="sig", stats=stats,
    )  # fmt: skip


def test_an_llm_flag_counts_only_with_preview() -> None:
    report = _report()
    assert report.exit_code("warning") == 0
    assert report.exit_code("warning", preview=True) == 1


def test_a_deterministic_flag_counts_either_way() -> None:
    report = _report(method="lexical")
    assert report.exit_code("warning") == 1 == report.exit_code("warning", preview=True)


def test_a_judge_failure_counts_only_with_preview_and_a_rule_crash_always() -> None:
    judge = CheckFailure(code="SA901", rule="llm-judge", error="LLMError", message="bad answer")
    crash = CheckFailure(code="SA101", rule="unsupported-number", error="KeyError", message="x")
    assert _report(method="lexical", failures=(judge,)).exit_code("error") == 0
    assert _report(method="lexical", failures=(judge,)).exit_code("error", preview=True) == 3
    assert _report(method="lexical", failures=(crash,)).exit_code("error") == 3


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    transcript = tmp_path / "t.txt"
    transcript.write_text(
        "OFFICER: Where are you headed tonight?\nDRIVER: I was just coming home from work.\n",
        encoding="utf-8",
    )
    summary = tmp_path / "s.txt"
    summary.write_text(TEXT + "\n", encoding="utf-8")
    return str(transcript), str(summary)


def test_check_select_sa901_exits_clean_without_preview_and_1_with_it(
    files: tuple[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from summary_audit.cli import main

    answer = json.dumps(
        {"verdicts": [{"claim": 1, "verdict": "contradicted",
                       "evidence_quotes": ["I was just coming home from work."], "reason": "r"}]}
    )  # fmt: skip
    with FakeOpenAI(default=Reply(answer)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("SUMMARY_AUDIT_MODEL", "fake")
        monkeypatch.setenv("HOME", str(tmp_path))  # the answer cache goes here
        without = main(["check", *files, "--select", "SA901", "-qq"])
        with_preview = main(["check", *files, "--select", "SA901", "--preview", "-qq"])
        assert server.requests
    assert without == 0
    assert with_preview == 1
