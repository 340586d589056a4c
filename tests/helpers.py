"""Small builders for tests that need parsed objects without going through the readers."""

from __future__ import annotations

import hashlib

from summary_audit.types import Segment, Span, Summary, Transcript


def make_transcript(turns: list[tuple[str | None, str]], *, step: float = 5.0) -> Transcript:
    """A Transcript from (speaker, text) turns, one every ``step`` seconds."""
    segments, parts, offset = [], [], 0
    for i, (speaker, text) in enumerate(turns):
        span = Span(doc="transcript", start=offset, end=offset + len(text), text=text)
        segments.append(
            Segment(
                index=i,
                speaker=speaker,
                start_s=i * step,
                end_s=(i + 1) * step,
                text=text,
                span=span,
            )
        )
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Transcript(id="t", format="turns", text=text, segments=tuple(segments), sha256=sha)


def make_summary(text: str) -> Summary:
    return Summary(id="s", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
