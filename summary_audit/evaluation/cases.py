"""The labelled fixture cases in ``fixtures/``: a loader for ``case.json`` and gold-span helpers.

Each case folder holds a transcript, one or more summaries and a ``case.json`` that lists, per
summary, the planted errors (gold labels) and the hard negatives (correct text that must not be
flagged).  Gold labels name their summary span by its text, not by offsets, so that a label stays
readable and survives edits elsewhere in the summary; :func:`locate` turns text into offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from summary_audit.errors import InputError

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
CASE_FILE = "case.json"

Family = Literal["SA1", "SA2", "SA3", "SA4", "SA5", "SA6"]
Kind = Literal["faithful", "flawed", "draft", "final"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldError(_Model):
    """One planted error; an omission (SA5) names the omitted ``transcript_text``, not a span."""

    text: str | None = Field(default=None, min_length=1)
    occurrence: int = Field(default=1, ge=1)
    family: Family
    code: str = Field(pattern=r"^SA[1-9]\d{2}$")
    why: str = Field(min_length=1)
    transcript_text: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _check_shape(self) -> GoldError:
        if not self.code.startswith(self.family):
            raise ValueError(f"code {self.code} is not in family {self.family}")
        if self.family == "SA5":
            if self.text is not None or self.transcript_text is None:
                raise ValueError("an SA5 omission has transcript_text and no text")
        elif self.text is None:
            raise ValueError(f"a {self.family} error needs the summary text it concerns")
        return self


class HardNegative(_Model):
    """Summary text that is correct and that a good auditor must not flag."""

    text: str = Field(min_length=1)
    occurrence: int = Field(default=1, ge=1)
    why: str = Field(min_length=1)


class CaseSummary(_Model):
    """One summary file of a case with its gold labels."""

    file: str = Field(min_length=1)
    kind: Kind
    errors: tuple[GoldError, ...] = ()
    hard_negatives: tuple[HardNegative, ...] = ()

    # Set by load_case: the folder is where the file lives, not part of case.json.
    _folder: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _faithful_has_no_errors(self) -> CaseSummary:
        if self.kind == "faithful" and self.errors:
            raise ValueError(f"{self.file}: a faithful summary cannot list errors")
        return self

    @property
    def path(self) -> Path:
        """The summary file's path (only known for a summary that came from :func:`load_case`)."""
        if self._folder is None:
            raise InputError(f"summary {self.file} was not loaded from a case folder")
        return self._folder / self.file

    def read_text(self) -> str:
        """The summary text, read as UTF-8."""
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read summary: {exc}", path=str(self.path)) from exc

    def error_spans(self, text: str | None = None) -> list[tuple[GoldError, int, int]]:
        """Each gold error that has a summary span, with its ``(start, end)`` in the summary.

        ``text`` defaults to the file's content; omissions (SA5) are left out.
        """
        text = self.read_text() if text is None else text
        return [
            (err, *locate(text, err.text, err.occurrence, path=str(self.path)))
            for err in self.errors
            if err.text is not None
        ]

    def hard_negative_spans(self, text: str | None = None) -> list[tuple[HardNegative, int, int]]:
        """Each hard negative with its ``(start, end)`` in the summary."""
        text = self.read_text() if text is None else text
        return [
            (neg, *locate(text, neg.text, neg.occurrence, path=str(self.path)))
            for neg in self.hard_negatives
        ]


class Case(_Model):
    """A fixture case: one transcript, its summaries and their gold labels."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    incident_type: str = Field(min_length=1)
    metadata: dict[str, str] = Field(default_factory=dict)
    transcript: str = Field(min_length=1)
    summaries: tuple[CaseSummary, ...] = Field(min_length=1)

    _folder: Path | None = PrivateAttr(default=None)

    @property
    def folder(self) -> Path:
        """The case folder (only known for a case that came from :func:`load_case`)."""
        if self._folder is None:
            raise InputError(f"case {self.id} was not loaded from a folder")
        return self._folder

    @property
    def transcript_path(self) -> Path:
        """The transcript file's path."""
        return self.folder / self.transcript

    def summaries_of(self, kind: Kind) -> list[CaseSummary]:
        """The summaries of one kind, in case.json order."""
        return [s for s in self.summaries if s.kind == kind]

    def audit_options(self) -> dict[str, str]:
        """Audit options the case asks for: its incident type and, from ``metadata["profile"]``,
        a jurisdiction profile (a file in the case folder, or a shipped name such as ``ca``), and
        from ``metadata["drafts"]`` a folder of independent drafts in the case folder (SA613)."""
        options = {"incident_type": self.incident_type}
        drafts = self.metadata.get("drafts")
        if drafts:
            options["drafts"] = str(self.folder / drafts)
        profile = self.metadata.get("profile")
        if profile:
            local = self.folder / profile
            options["profile"] = str(local) if local.is_file() else profile
        return options


def locate(
    summary_text: str, text: str, occurrence: int = 1, *, path: str | None = None
) -> tuple[int, int]:
    """The ``(start, end)`` of the ``occurrence``-th (1-based) appearance of ``text``.

    Overlapping appearances count, so any occurrence can be addressed.  Raises :class:`InputError`
    (naming ``path`` when given) when ``text`` does not appear that often.
    """
    if occurrence < 1:
        raise InputError(f"occurrence must be 1 or more, got {occurrence}", path=path)
    start = -1
    for _ in range(occurrence):
        start = summary_text.find(text, start + 1)
        if start < 0:
            found = _count(summary_text, text)
            raise InputError(
                f"{text!r} occurs {found} time(s) in the summary; occurrence {occurrence} asked",
                path=path,
            )
    return start, start + len(text)


def _count(haystack: str, needle: str) -> int:
    count, start = 0, haystack.find(needle)
    while start >= 0:
        count, start = count + 1, haystack.find(needle, start + 1)
    return count


def load_case(folder: Path) -> Case:
    """Load and validate ``folder/case.json``; every error names the case.json path."""
    folder = Path(folder)
    path = folder / CASE_FILE
    where = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read case file: {exc.strerror or exc}", path=where) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"case file is not UTF-8: {exc.reason}", path=where) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=where, line=exc.lineno) from exc
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "<root>"
        raise InputError(
            f"invalid case ({exc.error_count()} error(s)); {loc}: {first['msg']}", path=where
        ) from exc
    if case.id != folder.name:
        raise InputError(
            f"case id {case.id!r} differs from its folder name {folder.name!r}", path=where
        )
    case._folder = folder
    for summary in case.summaries:
        summary._folder = folder
    for name in (case.transcript, *(s.file for s in case.summaries)):
        if not (folder / name).is_file():
            raise InputError(f"case names a missing file: {name}", path=where)
    return case


def iter_cases(root: Path = FIXTURES_DIR) -> Iterator[Case]:
    """Every case under ``root``, sorted by folder name; folders without case.json are skipped."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("fixtures folder not found", path=str(root))
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if (folder / CASE_FILE).is_file():
            yield load_case(folder)
