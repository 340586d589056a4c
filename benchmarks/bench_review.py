"""Review app: server-side render time of the queue and an audit page for a run of 1,000 audits."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from summary_audit.review.app import ReviewApp
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run
from tests.review_support import write_run


def _median_ms(client: TestClient, url: str, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        write_run(run_dir, n_extra=998)
        t0 = time.perf_counter()
        run = load_run(run_dir)
        load_ms = (time.perf_counter() - t0) * 1000
        client = TestClient(ReviewApp(run, ReviewStore(run_dir / "review.sqlite")).asgi())
        print(f"run of {len(run.entries)} audits loaded in {load_ms:.0f} ms")
        print(f"queue page (all audits): median {_median_ms(client, '/'):.1f} ms")
        print(f"queue page (filtered SA1): median {_median_ms(client, '/?family=SA1'):.1f} ms")
        print(f"audit page: median {_median_ms(client, '/audit/extra0500'):.1f} ms")
