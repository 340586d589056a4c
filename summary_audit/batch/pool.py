"""Running audits: one at a time or on a process pool, every failure recorded as a result."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from summary_audit.batch.items import BatchItem, BatchResult, as_item
from summary_audit.batch.keys import audit_key, rules_signature
from summary_audit.batch.store import save_transcript
from summary_audit.errors import InputError, SummaryAuditError
from summary_audit.types import AuditReport

_WORKER_OPTIONS: dict[str, Any] = {}


def _init_worker(options: dict[str, Any]) -> None:
    """Process-pool initializer: load every rule module once per worker, keep the options."""
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
        if out is not None:
            save_transcript(Path(out.directory), transcript)
            if out.html:
                write_html(
                    Path(out.directory) / "reports" / f"{item.name}.html", report, item.title
                )
    except Exception as exc:  # bad input, or a bug on one pair: recorded, and the batch goes on
        return BatchResult(key, item, "failed", error=_error_dict(exc))
    return BatchResult(key, item, "ok", report_data=report.model_dump(mode="json"))


def _worker_task(item: BatchItem, key: str, out: RunOutput | None) -> BatchResult:
    return run_one(item, key, _WORKER_OPTIONS, out)


def write_html(path: Path, report: AuditReport, title: str | None) -> None:
    """The report's HTML page at ``path``, written atomically."""
    from summary_audit.report.html import render_html

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(render_html(report, title=title), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a page


def _execute(
    keyed: Iterable[tuple[str, BatchItem]],
    options: dict[str, Any],
    workers: int,
    out: RunOutput | None = None,
    window: int | None = None,
) -> Iterator[BatchResult]:
    """Run keyed items, yielding results in completion order with a bounded in-flight window."""
    if workers <= 1:
        _init_worker(options)
        for key, item in keyed:
            yield run_one(item, key, options, out)
        return
    limit = window or workers * 4
    pending: set[Future[BatchResult]] = set()
    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
            for key, item in keyed:
                pending.add(pool.submit(_worker_task, item, key, out))
                if len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
    except BrokenProcessPool:
        raise SummaryAuditError(
            "a worker process died (out of memory or killed?); finished audits are saved, "
            "run the same command again to resume"
        ) from None


def audit_many(pairs: Iterable[Any], *, workers: int = 1, **options: Any) -> Iterator[BatchResult]:
    """Audit many ``(transcript, summary)`` pairs (or dicts with metadata); yield as they finish.

    Streaming: ``pairs`` is consumed lazily and at most ``4 * workers`` audits are in flight, so
    memory stays flat however long the input.  Results come in completion order; sort by
    ``result.key`` for a reproducible order.  Bad inputs yield ``status == "failed"`` results.
    """
    signature = rules_signature(options)
    keyed = ((audit_key(item, signature), item) for item in map(as_item, pairs))
    yield from _execute(keyed, options, workers)
