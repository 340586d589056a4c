"""Many audits: discovery, worker processes with a time budget per audit, resumable JSONL output, run aggregates.

Modules: :mod:`.items` (what is audited), :mod:`.discovery` (case folders, manifests),
:mod:`.keys` (resume keys), :mod:`.pool` (running audits), :mod:`.store` (``audits.jsonl``),
:mod:`.stats` (aggregates), :mod:`.run` (a whole run), :mod:`.dask` (scale-out).

Output layout of :func:`run_batch` in ``DIR`` (other tools read it; keep it exactly):

``audits.jsonl``
    One JSON line per audit, appended, flushed and ``fsync``-ed as each audit finishes, so a
    ``kill -9`` loses no completed result.  Lines are in *completion* order, which varies with
    ``--workers``; everything derived from the file (``run.json``, the overviews) is sorted by key
    and therefore reproducible.  A later line for the same key supersedes an earlier one (a failed
    audit retried on a rerun).
``run.json``
    The run summary: counts, flags per 1,000 summary words, breakdowns by officer/unit/model/
    incident type, the rule-set signature, tool version and the start/finish times.  Run metadata
    lives here, never inside the per-audit reports.
``overview.md`` (and with ``html=True`` ``overview.html`` and ``reports/<case>__<stem>.html``)
``settings.json``
    The input and the options that decide results; a rerun into the same folder with other ones
    is refused (:class:`ConfigError` naming the option).  ``workers``, ``html``, ``limit``,
    ``budget_s`` and ``fail_on`` only schedule or shape output and may change.
``superseded.jsonl``
    When a run has seen its whole input, ``audits.jsonl`` is compacted atomically to one record
    per input (the latest); the lines it displaced (a failure later retried, a torn line) are
    appended here.  :func:`summary_audit.batch.store.read_state` reads the same state.

``run.json``, the overviews, the reports and the compacted ``audits.jsonl`` are written atomically
(a temporary file in the folder, fsync, rename); an append to ``audits.jsonl`` that fails part-way
is truncated back.  A full disk stops the run with :class:`OutputError` and corrupts nothing.
Each audit has a time budget (``budget_s``, default 120 s) enforced by killing its worker
(``AuditTimeout`` record); workers die with the parent.  Paths in a manifest or ``case.json`` must
stay inside the input folder unless ``allow_outside_input``.

Resuming: a rerun reads ``audits.jsonl``, repairs a truncated last line and skips every key that
already finished ``ok``; failed audits are retried.

Exit status of a batch, the worst that applies: 3 when a rule crashed in any audit (its results are
incomplete), 2 when any input failed (an incomplete batch cannot be called clean), 1 when a flag is
at or above ``fail_on``, else 0.  All three facts are always printed.
"""

from __future__ import annotations

from summary_audit.batch.discovery import discover
from summary_audit.batch.items import BatchItem, BatchResult
from summary_audit.batch.pool import audit_many
from summary_audit.batch.run import RUN_FILE, BatchOutcome, run_batch
from summary_audit.batch.store import AUDITS_FILE, iter_records

__all__ = [
    "AUDITS_FILE",
    "RUN_FILE",
    "BatchItem",
    "BatchOutcome",
    "BatchResult",
    "audit_many",
    "discover",
    "iter_records",
    "run_batch",
]
