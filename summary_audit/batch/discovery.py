"""Which audits a batch runs: case folders (``case.json`` or ``transcript.*`` with ``summary*``) or a
``.csv``/``.jsonl`` manifest, in a stable order."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from summary_audit.batch.items import BatchItem
from summary_audit.errors import InputError
from summary_audit.readers.decode import decode_input, load_json, read_input

SUMMARY_SUFFIXES = (".txt", ".md", ".json")


METADATA_COLUMNS = ("officer", "unit", "incident_type", "model")


def discover(
    source: str | os.PathLike[str], *, allow_outside_input: bool = False
) -> Iterator[BatchItem]:
    """The audits in a case directory or a ``.csv``/``.jsonl`` manifest, in a stable order.

    A directory holds one folder per case: ``case.json`` when present (fixture format), else a
    ``transcript.*`` file plus ``summary*.txt|md|json`` files.  Manifest columns: ``transcript``,
    ``summary`` and optional ``case``, ``officer``, ``unit``, ``incident_type``, ``model``;
    relative paths resolve against the manifest's folder.

    Every file an item names must lie inside the input folder (the case directory, or the
    manifest's folder) once symlinks are resolved: ``../../etc/passwd``, ``/proc/self/status`` or a
    symlink out of the folder makes the item *refused* (``item.refused``, a failure record; the
    file is never read) unless ``allow_outside_input``.
    """
    path = Path(source)
    if path.is_dir() or (path.suffix.lower() in (".csv", ".jsonl") and path.is_file()):
        found = False
        root = path if path.is_dir() else path.parent
        items = _discover_dir(path) if path.is_dir() else _discover_manifest(path)
        for item in items:
            found = True
            yield item if allow_outside_input else _confine(item, root)
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


def _inside(path: Any, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def _confine(item: BatchItem, root: Path) -> BatchItem:
    """``item``, or the item refused when a file it names lies outside ``root``."""
    for kind, value in (("transcript", item.transcript), ("summary", item.summary)):
        if not _inside(value, root):
            refused = {
                "type": "InputError",
                "message": f"{kind} path leads outside the input folder {root} (not read; pass "
                "allow_outside_input / --allow-outside-input to allow it)",
                "path": str(value),
                "line": None,
            }
            return replace(item, refused=refused)
    return item


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
    if not _inside(case_file, folder.parent):
        raise InputError("case.json leads outside the input folder (not read)", path=str(case_file))
    try:
        data = load_json(
            decode_input(read_input(case_file, "case.json"), str(case_file)), str(case_file)
        )
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
