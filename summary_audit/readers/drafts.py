"""Independent drafts of the same transcript (``summarize --drafts N``), read for SA613.

A drafts folder holds ``draft-01.json`` ... as ``summarize --drafts`` writes them (text plus
provenance: model, prompt, temperature, seed); plain ``.txt`` and ``.md`` drafts are read too.
The engine puts a :class:`DraftSet` on the audit context when SA613 is selected and the audit
option ``drafts`` names a folder (rules never read files themselves).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from summary_audit.errors import InputError, clip
from summary_audit.readers.summary import load_summary
from summary_audit.types import Summary

DRAFT_SUFFIXES = (".json", ".txt", ".md")


def load_drafts(folder: str | os.PathLike[str]) -> list[tuple[str, Summary]]:
    """``(file name, draft)`` for every draft file in ``folder``, in name order."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{clip(str(path))}: drafts folder not found")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file())
    if not files:
        raise InputError(f"{clip(str(path))}: no drafts (.json, .txt or .md files) in the folder")
    return [(p.name, load_summary(p)) for p in files]


@dataclass
class DraftSet:
    """The drafts an audit compares its summary with (``registry.Drafts``)."""

    drafts: list[tuple[str, Summary]] = field(default_factory=list)

    @classmethod
    def from_options(cls, options: dict) -> DraftSet:
        folder = options.get("drafts")
        return cls(load_drafts(folder) if folder else [])

    def signature(self) -> dict[str, str]:
        """``drafts: N@<sha12>``: other drafts change SA613's results."""
        if not self.drafts:
            return {}
        joined = ",".join(s.sha256 for _, s in self.drafts)
        digest = hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]
        return {"drafts": f"{len(self.drafts)}@{digest}"}
