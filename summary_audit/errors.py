"""The project's exceptions.  Library code raises these; only ``cli/`` turns them into messages.

Messages speak of the library's own parameters (``select``, ``min_asr_confidence``), never of
command-line flags, and quote at most :data:`ECHO_LIMIT` characters of what the caller passed.
"""

from __future__ import annotations

import enum
import importlib
from types import ModuleType

ECHO_LIMIT = 80  # characters of a caller's value or text quoted in an error message


class ExitCode(enum.IntEnum):
    """The command line's exit codes (docs/cli.md, "Exit codes")."""

    CLEAN = 0  # nothing at or above --fail-on
    FINDINGS = 1  # flags at or above --fail-on
    FAILURE = 2  # bad input, usage or configuration; a batch input that could not be audited
    INTERNAL = 3  # a rule crashed or an unexpected error: the audit is incomplete

    @property
    def meaning(self) -> str:
        """When the command line exits with this code (the table in docs/cli.md)."""
        return _EXIT_MEANINGS[self]


_EXIT_MEANINGS = {
    ExitCode.CLEAN: "clean: no flag at or above `--fail-on` (a log verifies as intact)",
    ExitCode.FINDINGS: "findings: a flag at or above `--fail-on`; for `diff`, also a placeholder "
    "or planted error left in the final; for `verify-log`, a tampered log",
    ExitCode.FAILURE: "failure: bad input, usage or configuration (a typo'd option, a missing or "
    "unreadable file, a bad option value), an output that cannot be written, or a batch input "
    "that could not be audited",
    ExitCode.INTERNAL: "internal error: a rule crashed or an unexpected exception; the audit is "
    "incomplete, so it is neither clean nor merely flagged (run with `--traceback`)",
}


class SummaryAuditError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(SummaryAuditError):
    """Bad input: names the file and, where known, the line or cue."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<input>"
        if "\n" in where or len(where) > 255:  # text passed where a file name was expected
            where = clip(where)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


class ConfigError(SummaryAuditError):
    """A bad option, rule selector, lexicon or profile."""


class PromptError(SummaryAuditError):
    """A prompt file is missing, malformed, or differs from its lock entry."""


class LLMError(SummaryAuditError):
    """The LLM endpoint failed, was unreachable, or answered with something unusable."""


class CheckFailed(SummaryAuditError):
    """A rule crashed; the engine records it as a CheckFailure and goes on."""


class OutputError(SummaryAuditError):
    """A report, log or run file could not be written (a full disk): exit 2, one line."""


class AuditTimeout(SummaryAuditError):
    """A batch audit ran longer than its time budget; its worker was stopped (a failure record)."""


class WorkerDied(SummaryAuditError):
    """The worker process running a batch audit died; only that audit failed (a failure record)."""


class ReportNotSerializable(SummaryAuditError):
    """An audit's report cannot be stored as JSON (a failure record instead of a corrupt line)."""


class MissingExtraError(SummaryAuditError, ModuleNotFoundError):
    """An optional layer was used without its extra installed; names the extra to install.

    Also a :class:`ModuleNotFoundError`, so code that guards an optional import still works.
    """

    def __init__(self, extra: str, module: str, feature: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs the {extra!r} extra (module {module} is not installed): "
            f"pip install 'summary-audit[{extra}]'",
            name=module,
        )


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` of an optional extra, or raise :class:`MissingExtraError` naming it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is None or exc.name.split(".")[0] != top:
            raise  # the extra is there but something it imports is broken: not ours to rename
        raise MissingExtraError(extra, exc.name, feature) from None


def clip(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text of at most ``limit`` characters, for quoting in an error message.

    Long values keep their start and end (a file name ends a path) around an ellipsis; line
    breaks are shown as ``\\n`` so a message stays one line.
    """
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return f"{text[:head]}…{text[len(text) - (limit - 1 - head) :]}"
