"""Batch audits: discovery, JSONL output, aggregates, failures, resume after kill -9, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summary_audit import cli
from summary_audit.batch import (
    AUDITS_FILE,
    RUN_FILE,
    audit_many,
    discover,
    iter_records,
    run_batch,
)
from summary_audit.batch.store import load_completed
from summary_audit.errors import ConfigError, InputError

REPO = Path(__file__).resolve().parent.parent

TRANSCRIPT = """\
[00:00:02] OFC. REYES: Evening sir, I'm Officer Reyes, this stop is recorded.
[00:00:06] DRIVER: Evening officer.
[00:00:10] OFC. REYES: I clocked you at fifty-two in a thirty-five on Harlan Avenue.
[00:00:15] DRIVER: I didn't know I was going that fast.
[00:00:20] OFC. REYES: License and registration please. Case number {n}.
"""
SUMMARY = (
    "On Harlan Avenue I stopped a driver for driving 52 mph in a 35 mph zone. "
    'The driver said, "I didn\'t know I was going that fast." '
    "Officer Brandt searched the car and found a knife. Reference {n}.\n"
)


def make_cases(
    root: Path, n: int, *, officers: tuple[str, ...] = ("Ofc. Reyes", "Ofc. Kim")
) -> Path:
    """``n`` case folders in the directory layout (transcript.txt + summary*.txt)."""
    for i in range(n):
        folder = root / f"case-{i:03d}"
        folder.mkdir(parents=True)
        (folder / "transcript.txt").write_text(TRANSCRIPT.format(n=i), encoding="utf-8")
        (folder / "summary.a.txt").write_text(SUMMARY.format(n=i), encoding="utf-8")
        if i % 2 == 0:
            (folder / "summary.b.md").write_text(
                "The driver was calm.\n" * (i + 1), encoding="utf-8"
            )
        case = {
            "id": folder.name,
            "incident_type": "traffic stop",
            "metadata": {"officer": officers[i % len(officers)], "unit": f"Patrol {i % 3}"},
            "transcript": "transcript.txt",
            "summaries": [{"file": "summary.a.txt", "kind": "flawed"}]
            + ([{"file": "summary.b.md", "kind": "faithful"}] if i % 2 == 0 else []),
        }
        (folder / "case.json").write_text(json.dumps(case), encoding="utf-8")
    return root


def records(out: Path) -> list[dict]:
    return list(iter_records(out / AUDITS_FILE))


def test_when_directory_has_case_json_then_one_item_per_listed_summary_with_metadata(tmp_path):
    make_cases(tmp_path / "in", 3)
    items = list(discover(tmp_path / "in"))
    assert [(i.case, i.summary_file) for i in items] == [
        ("case-000", "summary.a.txt"),
        ("case-000", "summary.b.md"),
        ("case-001", "summary.a.txt"),
        ("case-002", "summary.a.txt"),
        ("case-002", "summary.b.md"),
    ]
    assert items[2].metadata == {
        "officer": "Ofc. Kim",
        "unit": "Patrol 1",
        "incident_type": "traffic stop",
    }


def test_when_folder_has_no_case_json_then_transcript_and_summary_files_are_paired(tmp_path):
    folder = tmp_path / "in" / "x"
    folder.mkdir(parents=True)
    (folder / "transcript.vtt").write_text("WEBVTT\n", encoding="utf-8")
    for name in ("summary.txt", "summary2.json", "summary.docx", "notes.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    items = list(discover(tmp_path / "in"))
    assert [(i.case, i.summary_file, Path(i.transcript).name) for i in items] == [
        ("x", "summary.txt", "transcript.vtt"),
        ("x", "summary2.json", "transcript.vtt"),
    ]


def test_when_manifest_csv_has_relative_paths_then_they_resolve_against_its_folder(tmp_path):
    make_cases(tmp_path / "data", 1)
    manifest = tmp_path / "data" / "list.csv"
    manifest.write_text(
        "transcript,summary,case,officer,model\n"
        "case-000/transcript.txt,case-000/summary.a.txt,first,Ofc. Lee,gpt-x\n",
        encoding="utf-8",
    )
    (item,) = discover(manifest)
    assert Path(item.transcript) == tmp_path / "data" / "case-000" / "transcript.txt"
    assert item.case == "first"
    assert item.metadata == {"officer": "Ofc. Lee", "model": "gpt-x"}


def test_when_manifest_jsonl_line_is_broken_then_InputError_names_the_line(tmp_path):
    manifest = tmp_path / "list.jsonl"
    manifest.write_text('{"transcript": "t.txt", "summary": "s.txt"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(discover(manifest))
    assert info.value.line == 2


def test_when_batch_runs_then_each_pair_has_one_line_and_run_json_totals_match_the_lines(tmp_path):
    make_cases(tmp_path / "in", 4)
    outcome = run_batch(tmp_path / "in", tmp_path / "out", workers=1)
    lines = records(tmp_path / "out")
    assert len(lines) == 6
    assert {r["status"] for r in lines} == {"ok"}
    assert len({r["key"] for r in lines}) == 6
    run = json.loads((tmp_path / "out" / RUN_FILE).read_text())
    flags = [f for r in lines for f in r["report"]["flags"]]
    words = sum(r["report"]["stats"]["summary_words"] for r in lines)
    assert run["counts"]["flags"] == len(flags)
    assert run["counts"]["summary_words"] == words
    assert run["flags_per_1000_words"] == round(1000 * len(flags) / words, 2)
    kim = [r for r in lines if r["metadata"]["officer"] == "Ofc. Kim"]
    assert run["by"]["officer"]["Ofc. Kim"]["audits"] == len(kim)
    assert outcome.exit_code == int(any(f["severity"] in ("warning", "error") for f in flags))
    assert run["started"] <= run["finished"]


def test_when_an_input_is_malformed_then_its_line_is_failed_and_the_batch_goes_on(tmp_path):
    make_cases(tmp_path / "in", 2)
    bad = tmp_path / "in" / "case-009"
    bad.mkdir()
    (bad / "transcript.json").write_text('{"segments": [ {"start": "oops"', encoding="utf-8")
    (bad / "summary.txt").write_text("I stopped a car.\n", encoding="utf-8")
    outcome = run_batch(tmp_path / "in", tmp_path / "out", workers=1)
    by_case = {r["case"]: r for r in records(tmp_path / "out")}
    failed = by_case["case-009"]
    assert failed["status"] == "failed" and failed["report"] is None
    assert failed["error"]["message"] and failed["error"]["type"]
    assert by_case["case-001"]["status"] == "ok"
    assert outcome.exit_code == 2
    assert outcome.run["counts"]["failed"] == 1
    assert "case-009" in (tmp_path / "out" / "overview.md").read_text()


def test_when_rerun_then_completed_audits_are_skipped_and_the_file_is_unchanged(tmp_path):
    make_cases(tmp_path / "in", 3)
    first = run_batch(tmp_path / "in", tmp_path / "out")
    before = (tmp_path / "out" / AUDITS_FILE).read_bytes()
    overview = (tmp_path / "out" / "overview.md").read_bytes()
    second = run_batch(tmp_path / "in", tmp_path / "out")
    assert (first.new, second.new, second.resumed) == (5, 0, 5)
    assert (tmp_path / "out" / AUDITS_FILE).read_bytes() == before
    assert (tmp_path / "out" / "overview.md").read_bytes() == overview
    assert second.run["counts"] == first.run["counts"]


def test_when_rerun_asks_for_html_then_pages_are_written_for_resumed_audits(tmp_path):
    make_cases(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out")
    assert not (tmp_path / "out" / "reports").exists()
    again = run_batch(tmp_path / "in", tmp_path / "out", html=True)
    pages = sorted(p.name for p in (tmp_path / "out" / "reports").iterdir())
    assert again.new == 0
    assert pages == [
        "case-000__summary.a.html",
        "case-000__summary.b.html",
        "case-001__summary.a.html",
    ]
    page = (tmp_path / "out" / "reports" / pages[0]).read_text()
    assert "case-000 / summary.a.txt" in page and 'id="seg-0"' in page  # transcript beside


def test_when_rule_selection_changes_then_the_rerun_is_refused_and_keys_differ(tmp_path):
    make_cases(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out")
    with pytest.raises(ConfigError, match=r'select: not set then, \["SA6"\] now'):
        run_batch(tmp_path / "in", tmp_path / "out", select=["SA6"])
    assert len(records(tmp_path / "out")) == 2  # the refused rerun wrote nothing
    again = run_batch(tmp_path / "in", tmp_path / "other", select=["SA6"])
    assert again.new == 2
    keys = {r["key"] for r in records(tmp_path / "out")}
    assert keys.isdisjoint(r["key"] for r in records(tmp_path / "other"))


def test_when_last_line_is_torn_then_it_is_dropped_and_that_audit_reruns(tmp_path):
    make_cases(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out")
    path = tmp_path / "out" / AUDITS_FILE
    whole = path.read_bytes()
    cut = whole.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(whole[: cut + 40])  # as if killed while writing the last record
    assert len(load_completed(path)) == 2
    assert path.read_bytes() == whole[:cut]  # repaired back to the last complete line
    again = run_batch(tmp_path / "in", tmp_path / "out")
    assert (again.new, again.resumed) == (1, 2)
    assert sorted(path.read_bytes().splitlines()) == sorted(whole.splitlines())


def test_when_a_failed_audit_is_fixed_then_the_rerun_retries_it(tmp_path):
    folder = tmp_path / "in" / "c"
    folder.mkdir(parents=True)
    (folder / "transcript.txt").write_text(TRANSCRIPT.format(n=1), encoding="utf-8")
    summary = folder / "summary.txt"
    summary.write_bytes(b"\xff\xfe\xfa not utf-8 \x00\x00")
    first = run_batch(tmp_path / "in", tmp_path / "out")
    assert first.exit_code == 2
    summary.write_text(SUMMARY.format(n=1), encoding="utf-8")
    second = run_batch(tmp_path / "in", tmp_path / "out")
    assert second.run["counts"]["failed"] == 0 and second.new == 1


def test_when_workers_differ_then_lines_and_overview_are_the_same(tmp_path):
    make_cases(tmp_path / "in", 5)
    one = run_batch(tmp_path / "in", tmp_path / "w1", workers=1, html=True)
    two = run_batch(tmp_path / "in", tmp_path / "w2", workers=2, html=True)
    lines1 = sorted((tmp_path / "w1" / AUDITS_FILE).read_bytes().splitlines())
    lines2 = sorted((tmp_path / "w2" / AUDITS_FILE).read_bytes().splitlines())
    assert lines1 == lines2
    for name in ("overview.md", "overview.html"):
        assert (tmp_path / "w1" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes()
    assert one.run["counts"] == two.run["counts"] and one.run["by"] == two.run["by"]
    pages = sorted(p.name for p in (tmp_path / "w2" / "reports").iterdir())
    assert pages[0] == "case-000__summary.a.html" and len(pages) == 8


def test_audit_many_takes_tuples_and_dicts_and_keeps_metadata(tmp_path):
    make_cases(tmp_path / "in", 1)
    folder = tmp_path / "in" / "case-000"
    pairs = [
        (folder / "transcript.txt", folder / "summary.a.txt"),
        {
            "transcript": TRANSCRIPT.format(n=0),
            "summary": SUMMARY.format(n=0),
            "case": "text",
            "officer": "Ofc. X",
        },
    ]
    results = sorted(audit_many(pairs), key=lambda r: r.item.case is None)  # dict first
    assert [r.status for r in results] == ["ok", "ok"]
    assert results[0].item.metadata == {"officer": "Ofc. X"}
    assert results[0].record()["transcript"] is None  # a text, not a path
    assert results[1].record()["summary"].endswith("summary.a.txt")
    assert results[0].report.summary_text == SUMMARY.format(n=0)


def test_audit_many_pulls_pairs_lazily_with_a_bounded_window(tmp_path):
    make_cases(tmp_path / "in", 1)
    folder = tmp_path / "in" / "case-000"
    pulled = []

    def pairs():
        for i in range(1000):
            pulled.append(i)
            yield (folder / "transcript.txt", f"Summary number {i}.")

    results = audit_many(pairs(), workers=2)
    first = next(results)
    assert first.ok
    assert len(pulled) <= 2 * 4 + 1  # the in-flight window, not the whole input
    results.close()


def test_when_a_selector_is_bad_then_ConfigError_before_any_audit(tmp_path):
    make_cases(tmp_path / "in", 1)
    with pytest.raises(ConfigError):
        run_batch(tmp_path / "in", tmp_path / "out", select=["XYZ"])
    assert not (tmp_path / "out" / AUDITS_FILE).exists()


def test_cli_batch_prints_flags_most_severe_first_and_the_exit_reason(tmp_path, capsys):
    make_cases(tmp_path / "in", 3)
    code = cli.main(
        ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"]
    )
    out = capsys.readouterr().out
    lines = records(tmp_path / "out")
    flags = [f for r in lines for f in r["report"]["flags"]]
    assert code == int(any(f["severity"] != "info" for f in flags))
    assert f"-> exit {code}" in out
    assert str(tmp_path / "out" / "overview.md") in out
    shown = [ln.split()[0] for ln in out.splitlines() if ln.startswith("  ") and "SA" in ln]
    ranks = {"error": 2, "warning": 1, "info": 0}
    assert [ranks[s] for s in shown] == sorted((ranks[s] for s in shown), reverse=True)
    assert len(shown) == min(len(flags), 25)


def test_cli_batch_limit_and_quiet(tmp_path, capsys):
    make_cases(tmp_path / "in", 3)
    cli.main(
        [
            "batch",
            str(tmp_path / "in"),
            "--out",
            str(tmp_path / "out"),
            "--limit",
            "2",
            "--quiet",
            "--workers",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert len(records(tmp_path / "out")) == 2
    assert "ok     case-" not in out  # quiet: no per-audit lines for successful audits


@pytest.mark.slow
def test_when_batch_is_killed_then_rerun_loses_no_completed_result(tmp_path):
    make_cases(tmp_path / "in", 150)
    out = tmp_path / "out"
    audits = out / AUDITS_FILE
    cmd = [
        sys.executable,
        "-m",
        "summary_audit.cli",
        "batch",
        str(tmp_path / "in"),
        "--out",
        str(out),
        "--workers",
        "2",
        "--quiet",
    ]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        not audits.exists() or audits.read_bytes().count(b"\n") < 20
    ):
        time.sleep(0.02)
    alive = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its pool workers, as a crash would
    proc.wait()
    if not alive:
        pytest.skip("the batch finished before it could be killed")
    survived = [ln for ln in audits.read_bytes().splitlines(keepends=True) if ln.endswith(b"\n")]
    assert 20 <= len(survived) < 225
    rerun = run_batch(tmp_path / "in", out, workers=2)
    final = audits.read_bytes().splitlines(keepends=True)
    assert final[: len(survived)] == survived  # nothing completed was lost or rewritten
    assert rerun.resumed == len(survived) and rerun.new == 225 - len(survived)
    assert len({json.loads(ln)["key"] for ln in final}) == len(final) == 225


def _manifest_with_duplicate_and_missing_transcript(root: Path) -> Path:
    make_cases(root, 1)
    (root / "case-000" / "copy.txt").write_bytes((root / "case-000" / "summary.a.txt").read_bytes())
    manifest = root / "list.csv"
    manifest.write_text(
        "transcript,summary\n"
        "case-000/transcript.txt,case-000/summary.a.txt\n"
        "case-000/transcript.txt,case-000/copy.txt\n"
        "gone/transcript.txt,case-000/summary.a.txt\n",
        encoding="utf-8",
    )
    return manifest


def test_when_pairs_are_duplicates_then_the_outcome_names_each_and_its_original(tmp_path):
    manifest = _manifest_with_duplicate_and_missing_transcript(tmp_path / "in")
    outcome = run_batch(manifest, tmp_path / "out", workers=1)
    assert outcome.duplicates == [("case-000/copy.txt", "case-000/summary.a.txt")]
    assert outcome.skipped_duplicates == 1 == outcome.run["this_run"]["duplicates_skipped"]


def test_cli_batch_names_duplicates_and_the_missing_file_and_manifest_row_of_a_failure(
    tmp_path, capsys
):
    manifest = _manifest_with_duplicate_and_missing_transcript(tmp_path / "in")
    code = cli.main(["batch", str(manifest), "--out", str(tmp_path / "out"), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 2
    assert "1 duplicate pair skipped" in out
    assert "  case-000/copy.txt (same as case-000/summary.a.txt)" in out
    (failed,) = [ln for ln in out.splitlines() if ln.startswith("FAILED")]
    assert str(tmp_path / "in" / "gone" / "transcript.txt") in failed
    assert f"{manifest}:4" in failed  # the header is line 1
    assert "1 input failed" in out and "input(s)" not in out and "pair(s)" not in out
