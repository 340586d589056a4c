"""What a batch audits and what it gets back: :class:`BatchItem` and :class:`BatchResult`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from summary_audit.types import AuditReport


@dataclass(frozen=True)
class BatchItem:
    """One audit to run: a transcript and a summary (paths, texts or parsed objects) + metadata."""

    transcript: Any
    summary: Any
    case: str | None = None
    summary_file: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    origin: str | None = None  # where the item was listed, e.g. "list.csv:3" for a manifest row
    # Why the item is refused unread (a path outside the input folder), as an error record.
    refused: Mapping[str, Any] | None = None

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
