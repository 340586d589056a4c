"""Many audits: discovery, process-pool concurrency, resumable JSONL output, run aggregates.

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

Resuming: a rerun reads ``audits.jsonl``, repairs a truncated last line and skips every key that
already finished ``ok``; failed audits are retried.

Exit status of a batch: 2 when any input failed (an incomplete batch cannot be called clean), else
1 when a flag is at or above ``fail_on``, else 0.  Both facts are always printed.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from summary_audit import __version__
from summary_audit.errors import ConfigError, InputError, SummaryAuditError
from summary_audit.types import AuditReport, Severity, Summary, Transcript

AUDITS_FILE = "audits.jsonl"
RUN_FILE = "run.json"
SUMMARY_SUFFIXES = (".txt", ".md", ".json")
METADATA_COLUMNS = ("officer", "unit", "incident_type", "model")
BREAKDOWNS = ("officer", "unit", "model", "incident_type")
# Options that select rules; they enter the signature through the rule list, not as raw options.
_RULE_SELECTION = ("select", "ignore", "preview")


# ----------------------------------------------------------------------------- items and results


@dataclass(frozen=True)
class BatchItem:
    """One audit to run: a transcript and a summary (paths, texts or parsed objects) + metadata."""

    transcript: Any
    summary: Any
    case: str | None = None
    summary_file: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    origin: str | None = None  # where the item was listed, e.g. "list.csv:3" for a manifest row

    @property
    def name(self) -> str:
        """``<case>__<summary stem>``: the report file name, safe on any filesystem."""
        stem = Path(self.summary_file).stem if self.summary_file else "summary"
        return _safe_name(f"{self.case or 'case'}__{stem}")

    @property
    def title(self) -> str:
        """``case / summary file``, for headings."""
        return " / ".join(x for x in (self.case, self.summary_file) if x) or "audit"

    @property
    def label(self) -> str:
        """``case/summary file``, for one-line messages."""
        return "/".join(x for x in (self.case, self.summary_file) if x) or "audit"


@dataclass(frozen=True)
class BatchResult:
    """One finished audit; :meth:`record` is its ``audits.jsonl`` line."""

    key: str
    item: BatchItem
    status: str  # "ok" | "failed"
    report_data: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @cached_property
    def report(self) -> AuditReport | None:
        """The parsed report (validated lazily: workers ship plain dicts, which pickle fast)."""
        return None if self.report_data is None else AuditReport.model_validate(self.report_data)

    def record(self) -> dict[str, Any]:
        """The JSONL record, fields in the documented order."""
        return {
            "key": self.key,
            "case": self.item.case,
            "summary_file": self.item.summary_file,
            "transcript": _path_or_none(self.item.transcript),
            "summary": _path_or_none(self.item.summary),
            "metadata": dict(self.item.metadata),
            "status": self.status,
            "report": self.report_data,
            "error": self.error,
        }


def _path_or_none(value: Any) -> str | None:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, str) and "\n" not in value and os.path.isfile(value):
        return value
    return None


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "audit"


def as_item(pair: Any) -> BatchItem:
    """A :class:`BatchItem` from a ``(transcript, summary)`` tuple, a dict, or an item."""
    if isinstance(pair, BatchItem):
        return pair
    if isinstance(pair, Mapping):
        extra = {k: v for k, v in pair.items() if k not in ("transcript", "summary", "case")}
        metadata = dict(extra.pop("metadata", {}) or {})
        summary_file = extra.pop("summary_file", None)
        metadata.update({k: v for k, v in extra.items() if v not in (None, "")})
        summary = pair["summary"]
        return BatchItem(
            transcript=pair["transcript"],
            summary=summary,
            case=pair.get("case"),
            summary_file=summary_file or _file_name(summary),
            metadata=metadata,
        )
    transcript, summary = pair
    return BatchItem(transcript=transcript, summary=summary, summary_file=_file_name(summary))


def _file_name(value: Any) -> str | None:
    path = _path_or_none(value)
    return Path(path).name if path else None


# ----------------------------------------------------------------------------- discovery


def discover(source: str | os.PathLike[str]) -> Iterator[BatchItem]:
    """The audits in a case directory or a ``.csv``/``.jsonl`` manifest, in a stable order.

    A directory holds one folder per case: ``case.json`` when present (fixture format), else a
    ``transcript.*`` file plus ``summary*.txt|md|json`` files.  Manifest columns: ``transcript``,
    ``summary`` and optional ``case``, ``officer``, ``unit``, ``incident_type``, ``model``;
    relative paths resolve against the manifest's folder.
    """
    path = Path(source)
    if path.is_dir() or (path.suffix.lower() in (".csv", ".jsonl") and path.is_file()):
        found = False
        for item in _discover_dir(path) if path.is_dir() else _discover_manifest(path):
            found = True
            yield item
        if not found:
            raise InputError(
                "no audits found: expected case folders (case.json, or transcript.* with "
                "summary*.txt|md|json) or manifest rows",
                path=str(path),
            )
    elif path.exists():
        raise InputError(
            "batch input must be a folder of cases or a .csv/.jsonl manifest", path=str(path)
        )
    else:
        raise InputError("no such file or folder", path=str(path))


def _discover_dir(root: Path) -> Iterator[BatchItem]:
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (folder / "case.json").is_file():
            yield from _items_from_case_json(folder)
            continue
        transcripts = sorted(folder.glob("transcript.*"))
        summaries = sorted(
            p for p in folder.glob("summary*") if p.suffix.lower() in SUMMARY_SUFFIXES
        )
        if transcripts and summaries:
            for summary in summaries:
                yield BatchItem(transcripts[0], summary, folder.name, summary.name, {})


def _items_from_case_json(folder: Path) -> Iterator[BatchItem]:
    case_file = folder / "case.json"
    try:
        data = json.loads(case_file.read_text(encoding="utf-8"))
        metadata = {k: v for k, v in (data.get("metadata") or {}).items() if v is not None}
        if data.get("incident_type"):
            metadata["incident_type"] = data["incident_type"]
        transcript = folder / data["transcript"]
        files = [s["file"] for s in data["summaries"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"unreadable case.json: {exc}", path=str(case_file)) from None
    for name in files:
        yield BatchItem(transcript, folder / name, data.get("id") or folder.name, name, metadata)


def _discover_manifest(manifest: Path) -> Iterator[BatchItem]:
    base = manifest.parent
    for line, row in _manifest_rows(manifest):
        if not row.get("transcript") or not row.get("summary"):
            raise InputError(
                "manifest row needs 'transcript' and 'summary'", path=str(manifest), line=line
            )
        summary = base / str(row["summary"])
        metadata = {k: str(row[k]) for k in METADATA_COLUMNS if row.get(k) not in (None, "")}
        transcript_path = Path(str(row["transcript"]))
        # Cases are usually folders holding a transcript.* file: name them after the folder.
        case = str(row.get("case") or "") or (
            transcript_path.parent.name
            if transcript_path.stem == "transcript" and transcript_path.parent.name
            else transcript_path.stem
        )
        yield BatchItem(
            base / str(row["transcript"]),
            summary,
            case,
            summary.name,
            metadata,
            f"{manifest}:{line}",
        )


def _manifest_rows(manifest: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = manifest.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot read manifest: {exc.strerror}", path=str(manifest)) from None
    with handle:
        if manifest.suffix.lower() == ".csv":
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, row
            return
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except ValueError as exc:
                raise InputError(f"not JSON: {exc}", path=str(manifest), line=number) from None
            if not isinstance(row, dict):
                raise InputError("each line must be a JSON object", path=str(manifest), line=number)
            yield number, row


# ----------------------------------------------------------------------------- keys and signatures


def rules_signature(options: Mapping[str, Any]) -> str:
    """The part of the audit key that does not depend on the inputs: version, rules, options, code.

    Raises :class:`ConfigError` for bad rule selectors, before any audit starts.
    """
    from summary_audit.engine import rules_signature as base_signature
    from summary_audit.rules.registry import select_rules

    rules = select_rules(
        options.get("select"), options.get("ignore"), preview=bool(options.get("preview"))
    )
    # Unset options (None, False, empty) are dropped so the CLI's explicit defaults and a library
    # call without them give the same key.
    rule_opts = {k: v for k, v in options.items() if k not in _RULE_SELECTION and not _unset(v)}
    return f"{base_signature(rules, rule_opts)}|code:{code_hash()}"


# Output-only parts of the package: editing them does not change what an audit finds.
_PRESENTATION = ("report", "commands", "review", "batch.py", "scale.py", "cli.py", "docs.py")


@cache
def code_hash() -> str:
    """A hash of the package files that decide results (rules, readers, lexicons, profiles).

    Part of the resume key so that a rerun after a rule change re-audits instead of reusing stale
    results; the version number alone would not change while developing.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] in _PRESENTATION or "__pycache__" in rel.parts:
            continue
        if path.suffix in (".py", ".json", ".md", ".txt", ".toml", ".yaml"):
            digest.update(f"{rel.as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _unset(value: Any) -> bool:
    return (
        value is None
        or value is False
        or (isinstance(value, str | list | tuple | dict) and not value)
    )


def content_sha(value: Any) -> str:
    """SHA-256 of an input: a file's raw bytes, a text's UTF-8, or a parsed object's own hash."""
    if isinstance(value, Transcript | Summary):
        return value.sha256
    path = _path_or_none(value)
    if path is not None:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
        return digest.hexdigest()
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def audit_key(item: BatchItem, signature: str) -> str:
    """sha256 of transcript sha + summary sha + rule-set signature (the resume key)."""
    parts = []
    for value in (item.transcript, item.summary):
        try:
            parts.append(content_sha(value))
        except OSError:
            # Unreadable now: key on the path so a later, readable run does not collide.
            parts.append(f"unreadable:{value}")
    if item.metadata.get("incident_type"):  # an audit option too (profile checks read it)
        parts.append(f"incident_type:{item.metadata['incident_type']}")
    return hashlib.sha256("|".join([*parts, signature]).encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- running audits

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


def run_one(
    item: BatchItem, key: str, options: Mapping[str, Any], html_dir: str | None = None
) -> BatchResult:
    """Audit one item; any exception becomes a ``failed`` result so the batch goes on."""
    from summary_audit.engine import audit, resolve_summary, resolve_transcript

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
        if html_dir is not None:
            _write_html(Path(html_dir) / f"{item.name}.html", report, transcript, item.title)
    except Exception as exc:  # bad input, or a bug on one pair: recorded, and the batch goes on
        return BatchResult(key, item, "failed", error=_error_dict(exc))
    return BatchResult(key, item, "ok", report_data=report.model_dump(mode="json"))


def _worker_task(item: BatchItem, key: str, html_dir: str | None) -> BatchResult:
    return run_one(item, key, _WORKER_OPTIONS, html_dir)


def _write_html(
    path: Path, report: AuditReport, transcript: Transcript | None, title: str | None
) -> None:
    from summary_audit.report.html import render_html

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(render_html(report, transcript, title=title), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a page


def _execute(
    keyed: Iterable[tuple[str, BatchItem]],
    options: dict[str, Any],
    workers: int,
    html_dir: str | None = None,
    window: int | None = None,
) -> Iterator[BatchResult]:
    """Run keyed items, yielding results in completion order with a bounded in-flight window."""
    if workers <= 1:
        _init_worker(options)
        for key, item in keyed:
            yield run_one(item, key, options, html_dir)
        return
    limit = window or workers * 4
    pending: set[Future[BatchResult]] = set()
    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
            for key, item in keyed:
                pending.add(pool.submit(_worker_task, item, key, html_dir))
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


# ----------------------------------------------------------------------------- the JSONL store


def load_completed(path: Path) -> dict[str, int]:
    """Offsets of the ``ok`` records in ``audits.jsonl``, by key; repairs a truncated last line.

    A line without its newline, or one that is not valid JSON at the end of the file, is what a
    ``kill -9`` mid-write leaves behind: the file is truncated back to the last complete record.
    """
    done: dict[str, int] = {}
    if not path.exists():
        return done
    good_end = 0
    with path.open("rb") as handle:
        offset = 0
        for raw in handle:
            try:
                record = json.loads(raw) if raw.endswith(b"\n") else None
            except ValueError:
                record = None
            if not isinstance(record, dict) or "key" not in record:
                offset += len(raw)
                continue  # a torn line; truncated below when it is the last one
            if record.get("status") == "ok":
                done[record["key"]] = offset
            else:
                done.pop(record["key"], None)
            offset += len(raw)
            good_end = offset
    if good_end < path.stat().st_size:
        os.truncate(path, good_end)
    return done


def read_record(path: Path, offset: int) -> dict[str, Any]:
    """The record stored at ``offset`` in ``audits.jsonl``."""
    with path.open("rb") as handle:
        handle.seek(offset)
        return json.loads(handle.readline())


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record of ``audits.jsonl`` (a torn last line is skipped)."""
    with path.open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n"):
                try:
                    yield json.loads(raw)
                except ValueError:
                    continue


class JsonlWriter:
    """Appends records durably: write, flush, fsync, one line at a time."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("ab")

    def write(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._handle.write(line.encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


# ----------------------------------------------------------------------------- aggregates

SEVERITY_ORDER = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
_RANK = {s.value: s.rank for s in Severity}


def _empty_counts() -> dict[str, Any]:
    return {"audits": 0, "summary_words": 0, "flags": 0, **{s: 0 for s in SEVERITY_ORDER}}


class RunStats:
    """Order-independent totals of a run, so that the summary does not depend on completion order.

    Only bounded lists are kept (the ``top`` most severe flags and the ``top`` worst audits), so
    memory stays flat however many audits the run has.
    """

    def __init__(self, top_flags: int = 200, top_audits: int = 500) -> None:
        self.totals = _empty_counts()
        self.failed = 0
        self.rule_failures = 0
        self.by_family: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        self.breakdowns: dict[str, dict[str, dict[str, Any]]] = {b: {} for b in BREAKDOWNS}
        self._flag_heap: list[tuple[Any, ...]] = []
        self._audit_heap: list[tuple[Any, ...]] = []
        self._failure_heap: list[tuple[Any, ...]] = []
        self._top_flags, self._top_audits = top_flags, top_audits

    @staticmethod
    def _push(heap: list[tuple[Any, ...]], limit: int, entry: tuple[Any, ...]) -> None:
        # Min-heap of (priority, payload) keeping the `limit` highest priorities; the priorities
        # form a total order, so the kept set is the same whatever the arrival order.
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one ``audits.jsonl`` record."""
        where = (record.get("case") or "", record.get("summary_file") or "")
        if record["status"] != "ok":
            self.failed += 1
            self._push(
                self._failure_heap,
                self._top_audits,
                (
                    (_neg((*where, record["key"])),),
                    {"case": where[0], "summary_file": where[1], "error": record["error"]},
                ),
            )
            return
        report = record["report"]
        words = report["stats"]["summary_words"]
        severities = [f["severity"] for f in report["flags"]]
        self.rule_failures += len(report.get("failures") or ())
        self._count(self.totals, words, severities)
        meta = record.get("metadata") or {}
        for dim in BREAKDOWNS:
            value = str(meta.get(dim) or "(unknown)")
            self._count(self.breakdowns[dim].setdefault(value, _empty_counts()), words, severities)
        for flag in report["flags"]:
            self.by_code[flag["code"]] = self.by_code.get(flag["code"], 0) + 1
            family = flag["code"][:3]
            self.by_family[family] = self.by_family.get(family, 0) + 1
            span = flag["summary_span"]
            priority = (
                _RANK[flag["severity"]],
                _neg(where),
                -span["start"],
                _neg((flag["code"], flag["id"], record["key"])),
            )
            self._push(
                self._flag_heap,
                self._top_flags,
                (
                    priority,
                    {
                        "case": where[0],
                        "summary_file": where[1],
                        "code": flag["code"],
                        "severity": flag["severity"],
                        "text": span["text"],
                        "message": flag["message"],
                    },
                ),
            )
        worst = max((_RANK[s] for s in severities), default=-1)
        counts = {s: severities.count(s) for s in SEVERITY_ORDER}
        priority = (worst, len(severities), _neg((*where, record["key"])))
        self._push(
            self._audit_heap,
            self._top_audits,
            (
                priority,
                {
                    "case": where[0],
                    "summary_file": where[1],
                    "summary_words": words,
                    "flags": len(severities),
                    **counts,
                    "name": BatchItem(None, None, where[0] or None, where[1] or None).name,
                },
            ),
        )

    @staticmethod
    def _count(bucket: dict[str, Any], words: int, severities: list[str]) -> None:
        bucket["audits"] += 1
        bucket["summary_words"] += words
        bucket["flags"] += len(severities)
        for s in severities:
            bucket[s] += 1

    def top_flags(self) -> list[dict[str, Any]]:
        """The most severe flags kept, most severe first."""
        return [entry[1] for entry in sorted(self._flag_heap, key=lambda e: e[0], reverse=True)]

    def top_audits(self) -> list[dict[str, Any]]:
        """The audits with the worst flags first."""
        return [entry[1] for entry in sorted(self._audit_heap, key=lambda e: e[0], reverse=True)]

    def failures(self) -> list[dict[str, Any]]:
        return [entry[1] for entry in sorted(self._failure_heap, key=lambda e: e[0], reverse=True)]

    def summary(self) -> dict[str, Any]:
        """The deterministic part of ``run.json`` (everything but times)."""
        totals = self.totals
        return {
            "counts": {
                "audits": totals["audits"] + self.failed,
                "ok": totals["audits"],
                "failed": self.failed,
                "rule_failures": self.rule_failures,
                "summary_words": totals["summary_words"],
                "flags": totals["flags"],
                "flags_by_severity": {s: totals[s] for s in SEVERITY_ORDER},
                "flags_by_family": dict(sorted(self.by_family.items())),
                "flags_by_code": dict(sorted(self.by_code.items())),
            },
            "flags_per_1000_words": per_thousand(totals["flags"], totals["summary_words"]),
            "by": {
                dim: {
                    k: {**v, "flags_per_1000_words": per_thousand(v["flags"], v["summary_words"])}
                    for k, v in sorted(groups.items())
                }
                for dim, groups in self.breakdowns.items()
            },
        }


def _neg(strings: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """A key that sorts strings in reverse, so 'higher priority' means alphabetically first."""
    return tuple((*tuple(-ord(c) for c in s), 1) for s in strings)


def per_thousand(flags: int, words: int) -> float:
    """Flags per 1,000 summary words, rounded to 2 places (0.0 when there are no words)."""
    return round(1000 * flags / words, 2) if words else 0.0


# ----------------------------------------------------------------------------- the whole run


@dataclass
class BatchOutcome:
    """What :func:`run_batch` did: the run summary plus where things were written."""

    out_dir: Path
    run: dict[str, Any]
    stats: RunStats
    new: int
    resumed: int
    skipped_duplicates: int
    exit_code: int
    # (skipped item, the item it duplicates) as ``case/summary file`` labels, in input order.
    duplicates: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[BatchResult | None, BatchItem | None], None]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_batch(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    html: bool = False,
    fail_on: Severity | str = Severity.WARNING,
    limit: int | None = None,
    on_result: Callable[[BatchResult], None] | None = None,
    **options: Any,
) -> BatchOutcome:
    """Audit everything in ``source`` into ``out_dir`` (layout in the module docstring).

    ``on_result`` is called in the parent for each newly finished audit (progress display).
    """
    started = _now()
    threshold = Severity(fail_on)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html_dir = out / "reports" if html else None
    signature = rules_signature(options)
    audits_path = out / AUDITS_FILE
    completed = load_completed(audits_path)
    stats = RunStats()
    counters = {"resumed": 0}
    duplicates: list[tuple[str, str]] = []
    seen: dict[str, str] = {}  # key -> label of the first item with it

    def todo() -> Iterator[tuple[str, BatchItem]]:
        items = discover(source)
        for n, item in enumerate(items):
            if limit is not None and n >= limit:
                break
            key = audit_key(item, signature)
            if key in seen:
                duplicates.append((item.label, seen[key]))
                continue
            seen[key] = item.label
            if key in completed:
                record = read_record(audits_path, completed[key])
                stats.add(record)
                counters["resumed"] += 1
                if html_dir is not None and not (html_dir / f"{item.name}.html").exists():
                    _rerender_html(html_dir / f"{item.name}.html", item, record)
                continue
            yield key, item

    writer = JsonlWriter(audits_path)
    new = 0
    try:
        for result in _execute(todo(), options, workers, str(html_dir) if html_dir else None):
            record = result.record()
            writer.write(record)
            stats.add(record)
            new += 1
            if on_result is not None:
                on_result(result)
    finally:
        writer.close()
    summary = stats.summary()
    flagged = sum(
        summary["counts"]["flags_by_severity"][s.value] for s in Severity if s >= threshold
    )
    exit_code = 2 if stats.failed else (1 if flagged else 0)
    run = {
        "tool": "summary-audit",
        "version": __version__,
        "input": os.fspath(source),
        "signature": signature,
        "options": {k: v for k, v in sorted(options.items()) if v not in (None, False, [])},
        "workers": workers,
        "fail_on": threshold.value,
        **summary,
        "flags_at_or_above_fail_on": flagged,
        "exit_code": exit_code,
        "this_run": {
            "audited": new,
            "resumed": counters["resumed"],
            "duplicates_skipped": len(duplicates),
        },
        "started": started,
        "finished": _now(),
    }
    (out / RUN_FILE).write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    _write_overviews(out, run, stats, html)
    return BatchOutcome(
        out, run, stats, new, counters["resumed"], len(duplicates), exit_code, duplicates
    )


def _rerender_html(path: Path, item: BatchItem, record: Mapping[str, Any]) -> None:
    """An HTML report for an audit resumed from a run that did not write HTML."""
    from summary_audit.engine import resolve_transcript

    try:
        transcript = resolve_transcript(item.transcript)
    except (SummaryAuditError, OSError, ValueError):
        transcript = None
    _write_html(path, AuditReport.model_validate(record["report"]), transcript, item.title)


def _write_overviews(out: Path, run: dict[str, Any], stats: RunStats, html: bool) -> None:
    from summary_audit.report.overview import render_overview_html, render_overview_markdown

    data = {
        **run,
        "top_flags": stats.top_flags(),
        "audits": stats.top_audits(),
        "failures": stats.failures(),
    }
    (out / "overview.md").write_text(
        render_overview_markdown(data, html_reports=html), encoding="utf-8"
    )
    if html:
        (out / "overview.html").write_text(render_overview_html(data), encoding="utf-8")


__all__ = [
    "AUDITS_FILE",
    "RUN_FILE",
    "BatchItem",
    "BatchOutcome",
    "BatchResult",
    "RunStats",
    "audit_key",
    "audit_many",
    "discover",
    "iter_records",
    "load_completed",
    "rules_signature",
    "run_batch",
    "run_one",
]
