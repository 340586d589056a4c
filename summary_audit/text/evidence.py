"""Evidence integrity: what every flag's transcript evidence must satisfy, whichever rule made it.

The engine applies these to every flag (rules cannot opt out):

* one speaker per piece of evidence: a passage that spans turns of different speakers is cut into
  one piece per segment, each with its own speaker, times and words (the officer's words are
  never shown under the driver's name);
* a passage cited as contradicting the claim ("the transcript says X instead") must align with
  the claim at least :data:`CONTRADICTION_MIN_SCORE` (the :meth:`TranscriptIndex.search` scale);
  below it the passage is only the nearest one found, and the flag says less: it drops to at most
  ``warning`` and its explanation says why;
* a nearest passage (not support) below :data:`NEAREST_MIN_SCORE` is left out: a passage that
  barely resembles the claim helps no reviewer.

The thresholds were measured on the SummEdits dev split (the passage score of the evidence of
every SA110/SA301/SA302/SA304 flag, by whether the flag was on the edited words): every correct
contradiction flag's passage scored 22 or more (median 55), and 19 or more on the fixtures;
wrong ones were spread over the same range.  So the threshold only removes passages unrelated to the claim; the rules themselves must
check that the passage is about the same thing.  Nearest passages below 40 were, on the
fixtures, unrelated turns ("Two beers. What time was your last one?" for an unsupported "0.14").
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from summary_audit.text.align import TranscriptIndex
from summary_audit.types import Claim, Evidence, Span, Transcript

CONTRADICTION_MIN_SCORE = 18.0
NEAREST_MIN_SCORE = 40.0


def split_by_speaker(ev: Evidence, transcript: Transcript) -> tuple[Evidence, ...]:
    """``ev`` as one piece per segment when its segments have different speakers."""
    if len(ev.segments) < 2:
        return (ev,)
    segs = [transcript.segments[i] for i in ev.segments if 0 <= i < len(transcript.segments)]
    if len({s.speaker for s in segs}) < 2:
        return (ev,)
    pieces = []
    for seg in segs:
        start, end = seg.span.start, seg.span.end
        if ev.span is not None:  # keep only the cited words inside this segment
            start, end = max(start, ev.span.start), min(end, ev.span.end)
            if start >= end:
                continue
        pieces.append(
            ev.model_copy(
                update={
                    "span": Span.of("transcript", transcript.text, start, end),
                    "segments": (seg.index,),
                    "speaker": seg.speaker,
                    "start_s": seg.start_s,
                    "end_s": seg.end_s,
                    "quote": transcript.text[start:end],
                }
            )
        )
    return tuple(pieces) or (ev,)


def claim_at(claims: Sequence[Claim], offset: int) -> Claim | None:
    """The claim holding summary character ``offset``.

    Claims in summary order without overlaps (what the claim splitter gives) are searched by
    bisection, their starts read once per list: every flag asks, and a summary with thousands of
    claims and flags made the scan quadratic.  Any other sequence is scanned in order.
    """
    starts = _sorted_starts(claims)
    if starts is None:
        for claim in claims:
            if claim.span.start <= offset < claim.span.end:
                return claim
        return None
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < claims[i].span.end:
        return claims[i]
    return None


_STARTS: list[tuple[Sequence[Claim], int, list[int] | None]] = []  # the last few lists seen


def _sorted_starts(claims: Sequence[Claim]) -> list[int] | None:
    """The claims' starts when they are in order and do not overlap, else None (remembered for
    the last few sequences, held here so that an identity check is safe)."""
    for seen, size, starts in _STARTS:
        if seen is claims and size == len(claims):
            return starts
    ordered = all(a.span.end <= b.span.start for a, b in itertools.pairwise(claims)) and all(
        c.span.start <= c.span.end for c in claims
    )
    starts = [c.span.start for c in claims] if ordered else None
    _STARTS.insert(0, (claims, len(claims), starts))
    del _STARTS[4:]
    return starts


def checked(
    evidence: tuple[Evidence, ...],
    claim: Claim | None,
    index: TranscriptIndex,
    transcript: Transcript,
) -> tuple[tuple[Evidence, ...], str | None]:
    """The evidence as it may be shown, and a note when a contradiction did not hold up.

    Contradicting passages are scored against the claim (``claim`` None: a document-level flag,
    nothing to align); one that aligns too weakly becomes a nearest passage.  The note is None
    when every contradicting passage held, or when there was none to check.
    """
    out: list[Evidence] = []
    weak, strong = [], 0
    for ev in evidence:
        demoted = False
        if ev.relation == "contradicts" and claim is not None and ev.segments:
            score = index.passage_score(claim.span.text, ev.segments)
            if score < CONTRADICTION_MIN_SCORE:
                weak.append(score)
                demoted = True  # kept: it is what the rule found, shown for what it is
                ev = ev.model_copy(update={"relation": "nearest", "score": score})
            else:
                strong += 1
                ev = ev.model_copy(update={"score": score})
        for piece in split_by_speaker(ev, transcript):
            if piece.relation == "nearest" and not demoted and claim is not None and piece.segments:
                score = index.passage_score(claim.span.text, piece.segments)
                if score < NEAREST_MIN_SCORE:
                    continue  # barely resembles the claim: no help to a reviewer
                piece = piece.model_copy(update={"score": score})
            out.append(piece)
    note = None
    if weak and not strong:
        note = (
            f"The cited passage aligns with the claim at {max(weak):.0f} (below "
            f"{CONTRADICTION_MIN_SCORE:.0f}): it is shown as the nearest passage, not as proof, "
            "and the flag is at most a warning."
        )
    return tuple(out), note
