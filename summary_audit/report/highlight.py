"""Cut the summary text at flag boundaries, so pages can mark flagged spans (overlaps included)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from summary_audit.types import Flag


def pieces(text: str, flags: Sequence[Flag]) -> Iterator[tuple[str, list[Flag]]]:
    """``text`` in consecutive pieces, each with the flags whose span covers it (maybe none).

    Zero-width spans (omissions) cover nothing.  The caller escapes and marks up each piece.
    """
    spans = [f for f in flags if f.summary_span.end > f.summary_span.start]
    cuts = sorted(
        {0, len(text)} | {p for f in spans for p in (f.summary_span.start, f.summary_span.end)}
    )
    for start, end in itertools.pairwise(cuts):
        covering = [f for f in spans if f.summary_span.start <= start and end <= f.summary_span.end]
        yield text[start:end], covering


def worst(flags: Sequence[Flag]) -> Flag:
    """The most severe flag (ties: the lowest code), whose colour a shared piece takes."""
    return max(flags, key=lambda f: (f.severity.rank, [-ord(c) for c in f.code]))
