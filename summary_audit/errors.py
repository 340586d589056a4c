"""The project's exceptions.  Library code raises these; only ``cli.py`` turns them into messages."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The command line's exit codes (README, "Exit codes")."""

    CLEAN = 0  # nothing at or above --fail-on
    FINDINGS = 1  # flags at or above --fail-on
    FAILURE = 2  # bad input, usage or configuration; a batch input that could not be audited
    INTERNAL = 3  # a rule crashed or an unexpected error: the audit is incomplete


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
