"""Which claims the rules leave undecided: the one routing decision of the LLM judge.

A claim is *sent* (to the judge, or counted as sent by ``summary-audit eval --routing``) when

1. no SA1-SA3 rule flagged any part of it (``flagged``: the spans those rules flagged);
2. it is not verbatim in the transcript (the best search hit is neither exact nor normalized);
3. at least ``min_missing`` of its content-word stems (default 1) are missing from the transcript
   near its aligned passages: the best ``SEARCH_LIMIT`` candidate windows, each with one segment
   either side.  Neutral reporting verbs ("said", "told", word list
   ``speech_verbs``) never count as missing: a transcript does not say them.

Claims of fewer than ``MIN_CLAIM_WORDS`` words (headings, "Report:") are never sent.  Everything a
route decides is kept on the :class:`Route` (the evidence found, the missing stems, the reason), so
the judge sends exactly what the evaluation counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from summary_audit.text.polarity import content_stems
from summary_audit.text.wordlists import NEUTRAL_SPEECH
from summary_audit.types import Claim, Evidence, Flag, Segment, Severity

if TYPE_CHECKING:
    from summary_audit.text.align import TranscriptIndex

MIN_CLAIM_WORDS = 4  # shorter fragments (headings, "Report:") are not worth a request
SEARCH_LIMIT = 2  # candidate passages per claim
WINDOW_RADIUS = 1  # segments either side of a candidate passage that count as "near"
DEFAULT_MIN_MISSING = 1
# Rule families whose flags settle a claim: a flagged claim is not sent to the judge.
DECIDING_FAMILIES = ("SA1", "SA2", "SA3")
# A flag of at least this severity settles its claim; a weaker one (the rules unsure) does not.
DECIDING_SEVERITY = Severity.WARNING


def decided_spans(flags: Iterable[Flag]) -> list[tuple[int, int]]:
    """Summary spans the deterministic fact, quote and contradiction rules settled: their flags
    at :data:`DECIDING_SEVERITY` or above."""
    return sorted(
        {
            (f.summary_span.start, f.summary_span.end)
            for f in flags
            if f.code.startswith(DECIDING_FAMILIES) and f.severity >= DECIDING_SEVERITY
        }
    )


@dataclass(frozen=True)
class Route:
    """The routing decision for one claim."""

    claim: Claim
    sent: bool
    reason: str  # "flagged", "short", "verbatim", "covered" or "missing"
    found: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()  # content-word stems not found near the aligned passages


@lru_cache(maxsize=1)
def _reporting_stems() -> frozenset[str]:
    return frozenset(content_stems(" ".join(NEUTRAL_SPEECH)))


def near_segments(index: TranscriptIndex, found: Sequence[Evidence]) -> list[Segment]:
    """The segments of the candidate passages with ``WINDOW_RADIUS`` neighbours, best first."""
    segments: list[Segment] = []
    for ev in found:
        if not ev.segments:
            continue
        segments += index.window(ev.segments[0], radius=WINDOW_RADIUS)
        segments += [index.segment(i) for i in ev.segments]
        segments += index.window(ev.segments[-1], radius=WINDOW_RADIUS)
    return segments


def route_claim(
    claim: Claim,
    index: TranscriptIndex,
    flagged: Iterable[tuple[int, int]] = (),
    *,
    min_missing: int = DEFAULT_MIN_MISSING,
) -> Route:
    """The routing decision for ``claim`` (see the module docstring)."""
    span = claim.span
    if len(span.text.split()) < MIN_CLAIM_WORDS:
        return Route(claim, False, "short")
    if any(start < span.end and span.start < end for start, end in flagged):
        return Route(claim, False, "flagged")
    found = tuple(index.search(span.text, limit=SEARCH_LIMIT))
    if found and found[0].alignment in ("exact", "normalized"):
        return Route(claim, False, "verbatim", found)
    near = " ".join(seg.text for seg in near_segments(index, found))
    # Reporting verbs are never in a transcript, so they are not missing from it.  (Speakers'
    # labels are not counted as near: a wrong speaker is an error the judge must see.)
    missing = tuple(sorted(content_stems(span.text) - content_stems(near) - _reporting_stems()))
    if len(missing) >= min_missing:
        return Route(claim, True, "missing", found, missing)
    return Route(claim, False, "covered", found, missing)


def route_claims(
    claims: Iterable[Claim],
    index: TranscriptIndex,
    flagged: Iterable[tuple[int, int]] = (),
    *,
    min_missing: int = DEFAULT_MIN_MISSING,
) -> list[Route]:
    """The routing decision for every claim, in order."""
    flagged = list(flagged)
    return [route_claim(c, index, flagged, min_missing=min_missing) for c in claims]
