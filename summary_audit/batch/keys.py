"""The resume key of an audit: input hashes plus a signature of everything that decides results."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from summary_audit.batch.items import BatchItem, _path_or_none
from summary_audit.readers.decode import open_regular
from summary_audit.types import Summary, Transcript

# Options that select rules; they enter the signature through the rule list, not as raw options.
_RULE_SELECTION = ("select", "ignore", "preview")


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


@cache
def code_hash() -> str:
    """A hash of the package files that decide results (:data:`engine.RESULT_LAYERS`).

    Part of the resume key so that a rerun after a rule change re-audits instead of reusing stale
    results; the version number alone would not change while developing.
    """
    from summary_audit.engine import RESULT_LAYERS

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] not in RESULT_LAYERS or "__pycache__" in rel.parts:
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
        # Regular files only, opened without blocking: a FIFO would hang the batch right here.
        digest = hashlib.sha256()
        with open_regular(path) as (handle, _):
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
        return digest.hexdigest()
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def audit_key(item: BatchItem, signature: str) -> str:
    """sha256 of transcript sha + summary sha + rule-set signature (the resume key)."""
    if item.refused is not None:  # never read: keyed on where it points
        refused = f"refused:{item.transcript}|{item.summary}|{signature}"
        return hashlib.sha256(refused.encode("utf-8", "surrogateescape")).hexdigest()
    parts = []
    for value in (item.transcript, item.summary):
        try:
            parts.append(content_sha(value))
        except (OSError, ValueError):
            # Unreadable now: key on the path so a later, readable run does not collide.
            parts.append(f"unreadable:{value}")
    if item.metadata.get("incident_type"):  # an audit option too (profile checks read it)
        parts.append(f"incident_type:{item.metadata['incident_type']}")
    return hashlib.sha256("|".join([*parts, signature]).encode("utf-8")).hexdigest()
