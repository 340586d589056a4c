"""Running audits: in-process or on a small pool of worker processes this module controls.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: an audit stuck in C code (a regular
expression backtracking on hostile input) can only be stopped by killing its process, and the
executor cannot kill one worker; it breaks the whole pool instead.  Here each worker runs one audit
at a time over its own pipe, so the parent knows which audit a worker holds:

* an audit over its time budget (``budget_s``) has its worker killed and becomes an
  ``AuditTimeout`` failure record; a fresh worker takes the worker's place and the batch goes on;
* a worker that dies (out of memory, killed) fails only the audit it was running (``WorkerDied``);
* workers die with the parent: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux (works even while a
  worker is stuck in C code holding the GIL) plus a watchdog thread that exits when ``getppid()``
  changes (other POSIX systems; needs the worker to reach Python code).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_connections
from pathlib import Path
from typing import Any

from summary_audit.batch.items import BatchItem, BatchResult, as_item
from summary_audit.batch.keys import audit_key, rules_signature
from summary_audit.batch.store import save_transcript
from summary_audit.errors import AuditTimeout, InputError, OutputError, WorkerDied
from summary_audit.types import AuditReport

_WORKER_OPTIONS: dict[str, Any] = {}

# How often a worker's watchdog thread checks that its parent is still alive (seconds).
WATCHDOG_INTERVAL_S = 0.5
PR_SET_PDEATHSIG = 1


def _init_worker(options: dict[str, Any]) -> None:
    """Worker start: load every rule module once per worker, keep the options."""
    from summary_audit.rules.registry import all_rules

    all_rules()
    _WORKER_OPTIONS.clear()
    _WORKER_OPTIONS.update(options)


def _error_dict(exc: BaseException) -> dict[str, Any]:
    message = exc.reason if isinstance(exc, InputError) else str(exc)
    return {
        "type": type(exc).__name__,
        "message": message,
        "path": getattr(exc, "path", None) or getattr(exc, "filename", None),
        "line": getattr(exc, "line", None),
    }


@dataclass(frozen=True)
class RunOutput:
    """Where a worker writes beside its result: the run directory (saved transcripts) and, with
    ``html``, ``reports/<name>.html``."""

    directory: str
    html: bool = False


def run_one(
    item: BatchItem, key: str, options: Mapping[str, Any], out: RunOutput | None = None
) -> BatchResult:
    """Audit one item; any exception becomes a ``failed`` result so the batch goes on."""
    from summary_audit.engine import audit
    from summary_audit.readers import resolve_summary, resolve_transcript

    if item.refused is not None:
        return BatchResult(key, item, "failed", error=dict(item.refused))
    opts = dict(options)
    if item.metadata.get("incident_type"):
        opts.setdefault("incident_type", item.metadata["incident_type"])
    try:
        transcript = resolve_transcript(item.transcript, format=opts.pop("transcript_format", None))
        summary = resolve_summary(item.summary)
        report = audit(transcript, summary, **opts)
        if summary.meta.model and "model" not in item.metadata:
            metadata = {**item.metadata, "model": summary.meta.model}
            item = replace(item, metadata=metadata)
    except Exception as exc:  # bad input, or a bug on one pair: recorded, and the batch goes on
        return failed_result(key, item, exc)
    if out is not None:
        try:
            save_transcript(Path(out.directory), transcript)
            if out.html:
                write_html(
                    Path(out.directory) / "reports" / f"{item.name}.html", report, item.title
                )
        except OSError as exc:  # the output folder refused (a full disk): the run must stop
            error = OutputError(f"cannot write into {out.directory}: {exc.strerror or exc}")
            return failed_result(key, item, error)
    return BatchResult(key, item, "ok", report_data=report.model_dump(mode="json"))


def write_html(path: Path, report: AuditReport, title: str | None) -> None:
    """The report's HTML page at ``path``, written atomically."""
    from summary_audit.batch.store import atomic_write_text
    from summary_audit.report.html import render_html

    atomic_write_text(path, render_html(report, title=title))  # readers never see half a page


def failed_result(key: str, item: BatchItem, exc: BaseException) -> BatchResult:
    """A ``failed`` result for ``item`` carrying ``exc`` as its error record."""
    return BatchResult(key, item, "failed", error=_error_dict(exc))


# ---------------------------------------------------------------------------------------------
# Worker side


def _die_with_parent(parent_pid: int) -> None:
    """Make this process exit when ``parent_pid`` (the batch) dies, however it dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc prctl (musl quirks): the watchdog remains
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(WATCHDOG_INTERVAL_S)
        if os.getppid() != parent_pid:
            os.kill(os.getpid(), signal.SIGKILL)


def _worker_main(conn: Connection, options: dict[str, Any], parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    # Ctrl-C goes to the whole process group; the parent decides what happens to the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(options)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, item, out = task
        result = run_one(item, key, _WORKER_OPTIONS, out)
        try:
            conn.send(result)
        except (EOFError, BrokenPipeError):
            return
        except Exception as exc:  # the result does not pickle: report that instead
            conn.send(failed_result(key, item, exc))


# ---------------------------------------------------------------------------------------------
# Parent side


class _Worker:
    """One worker process and the audit it is running (if any)."""

    def __init__(self, ctx: Any, options: dict[str, Any]) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, options, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.task: tuple[str, BatchItem] | None = None
        self.deadline = float("inf")

    def submit(self, key: str, item: BatchItem, out: RunOutput | None, budget_s: float | None):
        self.task = (key, item)
        self.deadline = time.monotonic() + budget_s if budget_s else float("inf")
        self.conn.send((key, item, out))

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not."""
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """``workers`` processes running one audit each, with a time budget per audit."""

    def __init__(self, workers: int, options: dict[str, Any], budget_s: float | None) -> None:
        self.size = workers
        self.options = options
        self.budget_s = budget_s
        self._ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self._workers: list[_Worker] = []
        self._exhausted = False

    def run(
        self, keyed: Iterable[tuple[str, BatchItem]], out: RunOutput | None = None
    ) -> Iterator[BatchResult]:
        """Results in completion order; every item gets exactly one result."""
        items = iter(keyed)
        self._exhausted = False
        try:
            while True:
                early = self._fill(items, out)
                busy = [w for w in self._workers if w.task is not None]
                if not busy:
                    yield from early
                    if self._exhausted:
                        return
                    continue
                done = list(self._collect(busy))
                # Hand the freed workers their next audits before the caller gets the results
                # (it writes and fsyncs each one): the workers never wait on the parent's disk.
                yield from [*early, *done, *self._fill(items, out)]
        finally:
            self.close()

    def _fill(
        self, items: Iterator[tuple[str, BatchItem]], out: RunOutput | None
    ) -> list[BatchResult]:
        """Give every idle worker (and every worker not yet started) its next audit; the items
        that could not even be sent come back as failed results."""
        failed: list[BatchResult] = []
        idle = [w for w in self._workers if w.task is None]
        while not self._exhausted and (idle or len(self._workers) < self.size):
            nxt = next(items, None)
            if nxt is None:
                self._exhausted = True
                break
            worker = idle.pop() if idle else self._spawn()
            key, item = nxt
            try:
                worker.submit(key, item, out, self.budget_s)
            except Exception as exc:  # the item does not pickle, or the worker is gone
                worker.task = None
                if not worker.process.is_alive():
                    self._replace(worker)
                failed.append(failed_result(key, item, exc))
        return failed

    def _collect(self, busy: list[_Worker]) -> Iterator[BatchResult]:
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = wait_connections([w.conn for w in busy], timeout=min(timeout, 3600))
        for worker in busy:
            if worker.conn not in ready:
                continue
            key, item = worker.task  # type: ignore[misc]
            try:
                result = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(timeout=5)
                code = worker.process.exitcode
                how = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
                self._replace(worker)
                yield failed_result(
                    key,
                    item,
                    WorkerDied(
                        f"the worker process running this audit died ({how}; out of memory or "
                        "killed?); the other audits went on"
                    ),
                )
                continue
            except Exception as exc:  # a result that does not unpickle
                self._replace(worker)
                yield failed_result(key, item, exc)
                continue
            worker.task, worker.deadline = None, float("inf")
            yield result
        now = time.monotonic()
        for worker in [w for w in busy if w.task is not None and w.deadline <= now]:
            key, item = worker.task  # type: ignore[misc]
            self._replace(worker)
            yield failed_result(
                key,
                item,
                AuditTimeout(
                    f"the audit took longer than its time budget of {self.budget_s:g} s; its "
                    "worker was stopped and the batch went on"
                ),
            )

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.options)
        self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)

    def close(self) -> None:
        """Stop every worker: idle ones politely, busy ones (abandoned audits) by SIGKILL."""
        for worker in self._workers:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self._workers.clear()


def _execute(
    keyed: Iterable[tuple[str, BatchItem]],
    options: dict[str, Any],
    workers: int,
    out: RunOutput | None = None,
    budget_s: float | None = None,
) -> Iterator[BatchResult]:
    """Run keyed items, yielding results in completion order.

    In-process when ``workers`` is 1 and there is no time budget (nothing could stop a stuck
    audit); otherwise on a :class:`WorkerPool` (a budget needs a process to kill).
    """
    if workers <= 1 and not budget_s:
        _init_worker(options)
        for key, item in keyed:
            yield run_one(item, key, options, out)
        return
    yield from WorkerPool(workers, options, budget_s).run(keyed, out)


def audit_many(
    pairs: Iterable[Any], *, workers: int = 1, budget_s: float | None = None, **options: Any
) -> Iterator[BatchResult]:
    """Audit many ``(transcript, summary)`` pairs (or dicts with metadata); yield as they finish.

    Streaming: ``pairs`` is consumed lazily and at most ``workers`` audits are in flight, so
    memory stays flat however long the input.  Results come in completion order; sort by
    ``result.key`` for a reproducible order.  Bad inputs yield ``status == "failed"`` results;
    with ``budget_s`` an audit running longer is stopped and yields an ``AuditTimeout`` failure.
    """
    signature = rules_signature(options)
    keyed = ((audit_key(item, signature), item) for item in map(as_item, pairs))
    yield from _execute(keyed, options, workers, budget_s=budget_s)
