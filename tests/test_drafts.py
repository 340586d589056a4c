"""`summarize --drafts N` and `check --against-drafts DIR` (SA613), against the fake server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.cli import main

from .openai_server import FakeOpenAI, Reply

TRANSCRIPT = (
    "OFFICER: Where are you headed tonight?\n"
    "DRIVER: Home. I just got off work at the warehouse.\n"
    "OFFICER: Have you had anything to drink?\n"
    "DRIVER: No sir, nothing.\n"
)
DRAFTS = [
    "The driver said he was going home from work at the warehouse. He said he had nothing to drink.",
    "The driver was heading home after work at the warehouse and denied drinking anything.",
    "Going home from his warehouse job, the driver said he had not had anything to drink.",
]
SUMMARY = (
    "The driver said he was going home from work at the warehouse. "
    "He admitted he had been drinking at a party on Fifth Street."
)


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "transcript.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


def _write_drafts(server: FakeOpenAI, transcript: Path, out: Path, *extra: str) -> int:
    server.push(*(Reply(text) for text in DRAFTS))
    return main(
        ["summarize", str(transcript), "--base-url", server.base_url, "--model", "fake",
         "--no-cache", "--drafts", "3", "--out", str(out), *extra]
    )  # fmt: skip


def test_summarize_drafts_writes_n_drafts_with_temperature_and_seeds(
    transcript: Path, tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    with FakeOpenAI() as server:
        assert _write_drafts(server, transcript, out) == 0
        sent = [r.body for r in server.requests]
    files = sorted(p.name for p in out.iterdir())
    assert files == ["draft-01.json", "draft-02.json", "draft-03.json"]
    drafts = [json.loads((out / f).read_text(encoding="utf-8")) for f in files]
    assert [d["text"] for d in drafts] == DRAFTS
    assert [d["parameters"]["seed"] for d in drafts] == [0, 1, 2]
    assert {d["parameters"]["temperature"] for d in drafts} == {0.8}
    assert [b["seed"] for b in sent] == [0, 1, 2] and {b["temperature"] for b in sent} == {0.8}


def test_drafts_need_an_out_folder(transcript: Path) -> None:
    assert main(["summarize", str(transcript), "--model", "fake", "--drafts", "2"]) == 2


def test_a_claim_in_no_draft_is_marked_and_one_in_every_draft_is_not(
    transcript: Path, tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    with FakeOpenAI() as server:
        _write_drafts(server, transcript, out, "--temperature", "0.9", "--seed", "7")
    report = audit(transcript, SUMMARY, drafts=str(out))
    marked = [f for f in report.flags if f.code == "SA613"]
    (flag,) = marked
    assert flag.summary_span.text.startswith("He admitted he had been drinking at a party")
    assert flag.severity.value == "info"
    (ev,) = flag.evidence
    assert ev.relation == "nearest" and ev.quote
    assert "draft-0" in ev.note and "temperature 0.9" in ev.note and "seed " in ev.note
    assert "% of the claim's words shared" in ev.note
    assert "drafts:3@" in report.signature


def test_a_draft_identical_to_the_checked_summary_is_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "draft-01.txt").write_text(SUMMARY, encoding="utf-8")
    report = audit(TRANSCRIPT, SUMMARY, drafts=str(folder))
    assert not [f for f in report.flags if f.code == "SA613"]  # no independent draft: no signal


def test_check_against_drafts_on_the_command_line(
    transcript: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "drafts"
    with FakeOpenAI() as server:
        _write_drafts(server, transcript, out)
    summary = tmp_path / "summary.txt"
    summary.write_text(SUMMARY, encoding="utf-8")
    capsys.readouterr()
    code = main(["check", str(transcript), str(summary), "--against-drafts", str(out)])
    text = capsys.readouterr().out
    assert "SA613 [info] no independent draft makes this claim" in text
    assert code in (0, 1)  # info never decides the default exit code; other rules may
    missing = main(
        ["check", str(transcript), str(summary), "--against-drafts", str(tmp_path / "x")]
    )
    assert missing == 2
