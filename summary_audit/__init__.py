"""summary_audit: check AI-written police report narratives against their body-camera transcripts.

The public API::

    from summary_audit import audit
    report = audit("transcript.vtt", "summary.txt")
    for flag in report.flags:
        print(flag.code, flag.severity.value, flag.summary_span.text, flag.message)
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

from summary_audit.engine import audit
from summary_audit.errors import (
    ConfigError,
    InputError,
    LLMError,
    MissingExtraError,
    PromptError,
    SummaryAuditError,
)
from summary_audit.types import (
    AuditReport,
    CheckFailure,
    Claim,
    Evidence,
    Explanation,
    Flag,
    Segment,
    Severity,
    Span,
    Summary,
    SummaryMeta,
    Transcript,
)


def load_transcript(path: str | os.PathLike[str], format: str | None = None) -> Transcript:
    """Read a transcript file (text, cue lines, WebVTT, SRT, Whisper/WhisperX JSON).

    For text already in memory use :func:`audit` directly or ``readers.parse_transcript``.
    """
    from summary_audit.readers import read_transcript

    return read_transcript(path, format=format)


def load_summary(path: str | os.PathLike[str]) -> Summary:
    """Read a summary file (plain text, Markdown, or JSON with metadata)."""
    from summary_audit.readers import read_summary

    return read_summary(path)


__all__ = [
    "AuditReport",
    "CheckFailure",
    "Claim",
    "ConfigError",
    "Evidence",
    "Explanation",
    "Flag",
    "InputError",
    "LLMError",
    "MissingExtraError",
    "PromptError",
    "Segment",
    "Severity",
    "Span",
    "Summary",
    "SummaryAuditError",
    "SummaryMeta",
    "Transcript",
    "__version__",
    "audit",
    "load_summary",
    "load_transcript",
]
