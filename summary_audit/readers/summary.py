"""Summary readers: plain text, Markdown and JSON with provenance metadata.

Text and Markdown are kept exactly as written (only a BOM is dropped) so that offsets into
``Summary.text`` are offsets into the file.  JSON carries the text under ``"text"`` and metadata at
the top level or nested under ``"provenance"`` (what ``summary-audit summarize`` writes).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summary_audit.errors import InputError
from summary_audit.readers.decode import check_text, decode_input, load_json, read_input
from summary_audit.types import Summary, SummaryMeta

SUMMARY_FORMATS: tuple[str, ...] = ("text", "markdown", "json")

_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json"}
_ALIASES = {"txt": "text", "md": "markdown"}
_META_KEYS = frozenset(SummaryMeta.model_fields) - {"extra"}


def load_summary(path: str | Path, format: str | None = None) -> Summary:
    """Read a summary file; the format comes from ``format``, else the extension (.md, .json)."""
    name = str(path)
    data = read_input(path, "summary")
    text = decode_input(data, name, "summary")
    fmt = _resolve_format(format, text, name, by_content=False)
    return _parse(text, fmt, path=name, id=Path(path).stem, sha=hashlib.sha256(data).hexdigest())


def parse_summary(
    text: str, format: str | None = None, *, source: str | None = None, id: str | None = None
) -> Summary:
    """Parse summary ``text``; a bare JSON object string is read as JSON unless ``format`` says."""
    data = check_text(text, source, "summary")
    sha = hashlib.sha256(data).hexdigest()
    text = text.removeprefix("\ufeff")
    fmt = _resolve_format(format, text, source, by_content=True)
    return _parse(text, fmt, path=source, id=id or f"summary-{sha[:12]}", sha=sha)


def _resolve_format(format: str | None, text: str, path: str | None, *, by_content: bool) -> str:
    if format is not None:
        fmt = _ALIASES.get(format.lower(), format.lower())
        if fmt not in SUMMARY_FORMATS:
            raise InputError(
                f"unknown summary format {format!r}; use one of: {', '.join(SUMMARY_FORMATS)}"
            )
        return fmt
    if path and (by_ext := _EXTENSIONS.get(Path(path).suffix.lower())):
        return by_ext
    # Only a bare string is sniffed: a .txt file that happens to start with "{" stays text.
    stripped = text.strip()
    if by_content and stripped.startswith("{") and stripped.endswith("}"):
        return "json"
    return "text"


def _parse(text: str, fmt: str, *, path: str | None, id: str, sha: str) -> Summary:
    if fmt != "json":
        return Summary(id=id, source=path, format=fmt, text=text, sha256=sha)  # type: ignore[arg-type]
    body, meta = _read_json(text, path)
    return Summary(id=id, source=path, format="json", text=body, meta=meta, sha256=sha)


def _read_json(text: str, path: str | None) -> tuple[str, SummaryMeta]:
    doc = load_json(text, path, "summary")
    if not isinstance(doc, dict):
        raise InputError('summary JSON must be an object with a "text" string', path=path)
    body = doc.get("text")
    if not isinstance(body, str):
        raise InputError('summary JSON needs a "text" string', path=path)
    if not body.strip():
        raise InputError('summary JSON has an empty "text"', path=path)
    provenance = doc.get("provenance", {})
    if not isinstance(provenance, dict):
        raise InputError('summary JSON "provenance" must be an object', path=path)
    # Top-level keys win over the same keys under "provenance".
    fields: dict[str, Any] = {**provenance}
    fields.update((k, v) for k, v in doc.items() if k not in ("text", "provenance"))
    known = {k: v for k, v in fields.items() if k in _META_KEYS}
    extra = {k: v for k, v in sorted(fields.items()) if k not in _META_KEYS}
    try:
        return body, SummaryMeta(**known, extra=extra)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"summary JSON {where!r}: {first['msg']}", path=path) from None
