"""Small builders for tests that need parsed objects without going through the readers."""

from __future__ import annotations

import hashlib

from summary_audit.types import Summary, Transcript


def make_transcript(turns: list[tuple[str | None, str]], *, step: float = 5.0) -> Transcript:
    """A Transcript from (speaker, text) turns, one every ``step`` seconds."""
    return Transcript.from_turns(
        ((speaker, i * step, (i + 1) * step, text) for i, (speaker, text) in enumerate(turns)),
        id="t",
    )


def make_summary(text: str) -> Summary:
    return Summary(id="s", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
