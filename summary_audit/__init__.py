"""summary_audit: check AI-written police report narratives against their body-camera transcripts.

The public API::

    from summary_audit import audit
    report = audit("transcript.vtt", "summary.txt")
    for flag in report.flags:
        print(flag.code, flag.severity.value, flag.summary_span.text, flag.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

from summary_audit.engine import audit
from summary_audit.errors import ConfigError, InputError, LLMError, PromptError, SummaryAuditError
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


def load_transcript(path, format=None):  # type: ignore[no-untyped-def]
    """Read a transcript file (text, cue lines, WebVTT, SRT, Whisper/WhisperX JSON)."""
    from summary_audit.readers.transcript import load_transcript as _load

    return _load(path, format=format)


def load_summary(path):  # type: ignore[no-untyped-def]
    """Read a summary file (plain text, Markdown, or JSON with metadata)."""
    from summary_audit.readers.summary import load_summary as _load

    return _load(path)


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
