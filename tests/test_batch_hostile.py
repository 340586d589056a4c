"""A hard day for ``batch``: stuck audits, dying workers and parents, hostile paths, full disks,
FIFOs, stale and malformed records (issue 15)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from summary_audit.batch import AUDITS_FILE, run_batch
from summary_audit.batch import pool as pool_module

REPO = Path(__file__).resolve().parent.parent

TRANSCRIPT = "Officer: Good evening, license please. Case {n}.\nDriver: Here you go.\n"
# A planted marker that backtracks catastrophically on a run of "a"s not followed by the end:
# the audit is stuck inside the C regex engine, where no Python-level timeout can reach it.
STUCK = [{"pattern": "(a+)+$"}]
STUCK_TEXT = "The officer asked for a license. " + "a" * 40 + "b\n"


def make_case(root: Path, name: str, summary: str, n: int = 0) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "transcript.txt").write_text(TRANSCRIPT.format(n=n), encoding="utf-8")
    (folder / "summary.txt").write_text(summary, encoding="utf-8")
    return folder


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / AUDITS_FILE).read_text().splitlines()]


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(x) for x in (task / "children").read_text().split())
        except OSError:
            continue
    return found


# --- item 1: time budget, own pool --------------------------------------------------------------


def test_audit_over_budget_becomes_a_timeout_record_and_the_batch_goes_on(tmp_path):
    cases = tmp_path / "cases"
    make_case(cases, "a-stuck", STUCK_TEXT, 1)
    for i in range(3):
        make_case(cases, f"b-ok-{i}", f"The officer asked for a license. Case {i}.\n", i + 2)
    outcome = run_batch(cases, tmp_path / "out", workers=2, budget_s=1.5, planted_markers=STUCK)
    by_case = {r["case"]: r for r in records(tmp_path / "out")}
    assert by_case["a-stuck"]["status"] == "failed"
    assert by_case["a-stuck"]["error"]["type"] == "AuditTimeout"
    assert "1.5 s" in by_case["a-stuck"]["error"]["message"]
    assert all(by_case[f"b-ok-{i}"]["status"] == "ok" for i in range(3))
    assert outcome.run["counts"]["failed"] == 1 and outcome.exit_code == 2


def test_a_budget_with_one_worker_still_stops_the_stuck_audit(tmp_path):
    cases = tmp_path / "cases"
    make_case(cases, "a-stuck", STUCK_TEXT, 1)
    make_case(cases, "b-ok", "The officer asked for a license.\n", 2)
    run_batch(cases, tmp_path / "out", workers=1, budget_s=1, planted_markers=STUCK)
    status = {
        r["case"]: (r["status"], (r["error"] or {}).get("type")) for r in records(tmp_path / "out")
    }
    assert status == {"a-stuck": ("failed", "AuditTimeout"), "b-ok": ("ok", None)}


def test_a_worker_that_dies_fails_only_its_own_audit(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    for i in range(4):
        make_case(cases, f"case-{i}", f"The officer asked for a license. Case {i}.\n", i)
    real = pool_module.run_one

    def dies_on_case_1(item, key, options, out=None):
        if item.case == "case-1":
            os.kill(os.getpid(), signal.SIGKILL)  # the worker, as an OOM killer would
        return real(item, key, options, out)

    monkeypatch.setattr(pool_module, "run_one", dies_on_case_1)  # forked workers inherit it
    run_batch(cases, tmp_path / "out", workers=2, budget_s=60)
    by_case = {r["case"]: r for r in records(tmp_path / "out")}
    assert by_case["case-1"]["error"]["type"] == "WorkerDied"
    assert "signal 9" in by_case["case-1"]["error"]["message"]
    assert [by_case[f"case-{i}"]["status"] for i in (0, 2, 3)] == ["ok", "ok", "ok"]


def test_sigkill_of_the_parent_leaves_no_worker_alive(tmp_path):
    cases = tmp_path / "cases"
    for i in range(2):
        make_case(cases, f"stuck-{i}", STUCK_TEXT.replace("license", f"license {i}"), i)
    script = textwrap.dedent(
        f"""
        from summary_audit.batch import run_batch
        run_batch({str(cases)!r}, {str(tmp_path / "out")!r}, workers=2, budget_s=600,
                  planted_markers={STUCK!r})
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = {pid for pid in children(parent.pid) if alive(pid)}
        assert len(workers) == 2, "the batch never started two workers"
        time.sleep(1.0)  # both are now deep in the backtracking regex
        assert all(alive(pid) for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        time.sleep(2.0)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in workers:  # never leave a stuck worker behind, even when the test fails
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
