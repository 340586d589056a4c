"""Review app: server time of its pages for a run of 5,000 audits with 100,000 decision events.

Figures are medians over 15 requests through Starlette's test client (in-process: the app's own
time, without the browser; the Playwright test measures the queue in Chromium).  The 100,000
events are written as a first-schema table and chained by the store's one-time migration, which
is also timed.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from summary_audit.review.app import ReviewApp
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run
from tests.review_support import BASE_URL, write_run

AUDITS = 5000
EVENTS = 100_000


def _median_ms(fn: Callable[[], object], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _seed_v1(db: Path, run_dir: Path, n: int) -> None:
    """``n`` decisions over every flag of the run (about ten per flag: corrections)."""
    run = load_run(run_dir)
    flags = [(e.key, f.id, f.code) for e in run.entries for f in e.report.flags]
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, reviewer TEXT,"
        " audit_key TEXT, flag_id TEXT, flag_hash TEXT, code TEXT, decision TEXT,"
        " reason TEXT, note TEXT)"
    )
    decisions = ("confirm", "dismiss", "follow_up")
    rows = []
    for i in range(n):
        key, fid, code = flags[i % len(flags)]
        decision = decisions[(i // len(flags)) % 3]
        reason = "audio says otherwise" if decision == "dismiss" else ""
        rows.append(("2026-01-05T14:03:11+00:00", f"Reviewer {i % 7}", key, fid, "h", code,
                     decision, reason, ""))  # fmt: skip
    conn.executemany(
        "INSERT INTO events (at, reviewer, audit_key, flag_id, flag_hash, code, decision,"
        " reason, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        write_run(run_dir, n_extra=AUDITS - 2)
        t0 = time.perf_counter()
        run = load_run(run_dir)
        print(
            f"run of {len(run.entries)} audits loaded in {(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        db = run_dir / "review.sqlite"
        _seed_v1(db, run_dir, EVENTS)
        t0 = time.perf_counter()
        store = ReviewStore(db)
        opened = (time.perf_counter() - t0) * 1000
        print(
            f"{EVENTS:,} events chained, verified and folded into state in {opened:.0f} ms (once)"
        )
        t0 = time.perf_counter()
        ReviewStore(db).close()
        reopened = (time.perf_counter() - t0) * 1000
        print(f"reopening it (a restart: full chain check + state): {reopened:.0f} ms")
        app = ReviewApp(run, store, default_reviewer="Sgt. Ames")
        with TestClient(app.asgi(), base_url=BASE_URL) as client:

            def get(url: str) -> Callable[[], object]:
                def fetch() -> None:
                    assert client.get(url).status_code == 200

                return fetch

            page = client.get("/audit/extra2500").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            fid = re.findall(r'data-flag="([0-9a-f]+)"', page)[0]
            decisions = iter(["confirm", "follow_up"] * 100)

            def decide() -> None:
                r = client.post(
                    f"/audit/extra2500/flag/{fid}",
                    data={"csrf": csrf, "decision": next(decisions)},
                    follow_redirects=False,
                )
                assert r.status_code == 303

            figures = [
                ("queue page (unreviewed, page 1)", get("/")),
                ("queue page (all, SA4, page 40)", get("/?show=all&family=SA4&page=40")),
                ("audit page", get("/audit/extra2500")),
                ("decision (POST, chained append)", decide),
                ("rule precision page", get("/stats")),
            ]
            for label, fn in figures:
                fn()  # warm
                print(f"{label} at {EVENTS // 1000}k events: median {_median_ms(fn):.1f} ms")
            print(f"full chain check (integrity page): median {_median_ms(store.verify, 5):.0f} ms")
            print(
                f"CSV export of every decision: median {_median_ms(get('/export.csv'), 5):.0f} ms"
            )
