"""Batch throughput, scaling, memory, and the Dask path's overhead.

A batch of N audits (default 1,000) is generated from the fixture cases: every fixture summary,
repeated with a numbered sentence appended so each audit has its own key.  Each measurement runs
in a fresh subprocess so that peak RSS (``resource.getrusage``) belongs to that run alone.

Environment: ``BENCH_BATCH_N`` (audits, default 1000), ``BENCH_REPEAT`` (runs per figure, median
reported; default 1 because a 1,000-audit run takes tens of seconds on 2 cores).
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_manifest(folder: Path, n: int) -> Path:
    """A JSONL manifest of ``n`` audits built from the fixtures (summaries made unique)."""
    from summary_audit.batch import discover
    from summary_audit.evaluation.cases import FIXTURES_DIR

    base = [i for i in discover(FIXTURES_DIR) if Path(i.summary).suffix == ".txt"]
    manifest = folder / "manifest.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for k, item in zip(range(n), itertools.cycle(base), strict=False):
            summary = folder / f"s{k:05d}.txt"
            text = Path(item.summary).read_text(encoding="utf-8")
            summary.write_text(f"{text.rstrip()}\nReference {k}.\n", encoding="utf-8")
            row = {
                "transcript": str(item.transcript),
                "summary": summary.name,
                "case": f"{item.case}-{k}",
                **item.metadata,
            }
            out.write(json.dumps(row) + "\n")
    return manifest


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _cpu() -> float:
    """CPU seconds used by this process and its reaped children (the pool's workers)."""
    usage = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return sum(r.ru_utime + r.ru_stime for r in usage)


def child(mode: str, manifest: str, workers: int, out: str) -> dict[str, float]:
    """One measured run (in its own process): batch to disk, or Dask vs local pool in memory."""
    from summary_audit.batch import audit_many, discover, run_batch

    if mode == "batch":
        t0 = time.perf_counter()
        # The manifest names the fixtures' transcripts, outside its own (temporary) folder.
        outcome = run_batch(manifest, out, workers=workers, allow_outside_input=True)
        elapsed = time.perf_counter() - t0
        n = outcome.run["counts"]["audits"]
        return {
            "seconds": elapsed,
            "audits": n,
            "parent_mb": _peak_mb(resource.RUSAGE_SELF),
            "worker_mb": _peak_mb(resource.RUSAGE_CHILDREN),
            "cpu_ms": 1000 * _cpu() / n,
        }
    import distributed

    from summary_audit.batch.dask import run_on_cluster

    items = list(discover(manifest, allow_outside_input=True))
    t0 = time.perf_counter()
    local = list(audit_many(items, workers=workers))
    local_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    cluster = distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    remote = run_on_cluster(items, client)
    dask_s = time.perf_counter() - t0
    client.close()
    cluster.close()
    assert len(remote) == len(local)
    return {"local_s": local_s, "dask_s": dask_s, "startup_s": startup, "audits": len(items)}


def _run_child(mode: str, manifest: Path, workers: int, out: Path) -> dict[str, float]:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.bench_batch",
        mode,
        str(manifest),
        str(workers),
        str(out),
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    """Print audits/s at 1 and 2 workers, scaling, peak RSS, Dask overhead, memory vs batch size."""
    n = int(os.environ.get("BENCH_BATCH_N", "1000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "1"))
    print(
        f"{n}-audit batch from the fixtures; median of {repeat} run(s); machine has "
        f"{os.cpu_count()} cores (shared: expect noise)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = make_manifest(folder, n)
        small = make_manifest(Path(tempfile.mkdtemp(dir=tmp)), max(1, n // 4))
        rate = {}
        for workers in (1, 2):
            runs = [
                _run_child("batch", manifest, workers, folder / f"out-{workers}-{r}")
                for r in range(repeat)
            ]
            rate[workers] = _median(runs, "audits") / _median(runs, "seconds")
            print(
                f"  workers={workers}: {rate[workers]:7.1f} audits/s "
                f"({_median(runs, 'seconds'):.1f} s, {_median(runs, 'cpu_ms'):.0f} CPU-ms/audit), "
                "peak RSS parent "
                f"{_median(runs, 'parent_mb'):.0f} MB, largest worker "
                f"{_median(runs, 'worker_mb'):.0f} MB"
            )
            if workers == 2:
                big_parent = _median(runs, "parent_mb")
        # On a loaded shared machine wall-clock scaling is noise; CPU-ms/audit shows the pool's
        # own overhead (it should barely differ between 1 and 2 workers).
        load = os.getloadavg()[0]
        print(f"  scaling 2 vs 1 worker: {rate[2] / rate[1]:.2f}x (load average {load:.1f})")
        runs = [_run_child("batch", small, 2, folder / f"small-{r}") for r in range(repeat)]
        print(
            f"  peak parent RSS at {max(1, n // 4)} vs {n} audits: "
            f"{_median(runs, 'parent_mb'):.0f} MB vs {big_parent:.0f} MB (flat = streaming works)"
        )
        runs = [_run_child("dask", manifest, 2, folder / "unused") for _ in range(repeat)]
        local, dask_s = _median(runs, "local_s"), _median(runs, "dask_s")
        print(
            f"  Dask LocalCluster (2 procs) vs local pool (2 workers), in memory: "
            f"{dask_s:.1f} s vs {local:.1f} s ({100 * (dask_s / local - 1):+.0f}%), "
            f"cluster start {_median(runs, 'startup_s'):.1f} s not included"
        )


if __name__ == "__main__":
    if len(sys.argv) == 5:
        mode, manifest_arg, workers_arg, out_arg = sys.argv[1:]
        print(json.dumps(child(mode, manifest_arg, int(workers_arg), out_arg)))
    else:
        main()
