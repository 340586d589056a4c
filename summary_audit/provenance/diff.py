"""Draft versus final: what the officer changed, and what survived review.

California requires the first AI draft to be kept beside the final report; this module compares
the two.  Sentences are aligned in order (a move shows as removed + new); each final sentence is
``unchanged``, ``edited`` (similar enough to a draft sentence) or ``new``, and each unmatched
draft sentence ``removed``.  ``identical_share`` is the share of the final's characters copied
unchanged from the draft and ``draft_kept_share`` the share of the draft kept in the final; a
final that neither adds nor removes much (both at least 95%) is a ``rubber_stamp``.  Deleting the
placeholders and the planted sentence is an edit.  With a transcript both versions are audited
and their flags compared (same code and same span text = the same flag).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from summary_audit.errors import ExitCode
from summary_audit.readers import SummaryInput, TranscriptInput
from summary_audit.text.claims import split_claims
from summary_audit.types import CheckFailure, Flag, Severity, Span

Status = Literal["unchanged", "edited", "new", "removed"]
EDITED_MIN_SIMILARITY = 60.0  # below this two sentences are unrelated: removed + new
RUBBER_STAMP_SHARE = 0.95  # a final at least this identical to its draft was barely edited


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SentenceChange(_Strict):
    """One aligned sentence pair; ``draft`` or ``final`` is None for a new or removed one."""

    status: Status
    draft: Span | None = None
    final: Span | None = None
    similarity: float


class Leftover(_Strict):
    """A placeholder or planted-error marker in the final, and whether the draft had it."""

    kind: Literal["placeholder", "planted"]
    final: Span
    in_draft: bool


class DraftFinalReport(_Strict):
    """The comparison of a draft with its final report."""

    schema_version: Literal[1] = 1
    draft_id: str
    final_id: str
    draft_sha256: str
    final_sha256: str
    transcript_sha256: str | None = None
    sentences: tuple[SentenceChange, ...]
    counts: dict[str, int]
    identical_share: float
    draft_kept_share: float
    unchanged_sentence_share: float
    rubber_stamp: bool
    leftovers: tuple[Leftover, ...] = ()
    fixed_flags: tuple[Flag, ...] = ()
    surviving_flags: tuple[Flag, ...] = ()
    new_flags: tuple[Flag, ...] = ()
    audit_signature: str | None = None
    failures: tuple[CheckFailure, ...] = ()  # rules that crashed auditing the draft or the final

    def exit_code(self, fail_on: Severity | str = Severity.WARNING) -> int:
        """3 when a rule crashed in either audit (the comparison is incomplete); else 1 when the
        final keeps placeholders/planted errors or flags at ``fail_on``; else 0."""
        if self.failures:
            return int(ExitCode.INTERNAL)
        threshold = Severity(fail_on)
        remaining = self.surviving_flags + self.new_flags
        return int(bool(self.leftovers) or any(f.severity >= threshold for f in remaining))


def sentence_spans(text: str) -> list[Span]:
    """Whole sentences of ``text`` (clauses of one sentence joined), in order."""
    bounds: dict[int, tuple[int, int]] = {}
    for claim in split_claims(text):
        start, end = bounds.get(claim.sentence, (claim.span.start, claim.span.end))
        bounds[claim.sentence] = (min(start, claim.span.start), max(end, claim.span.end))
    return [Span.of("summary", text, s, e) for s, e in sorted(bounds.values())]


def align_sentences(draft: list[Span], final: list[Span]) -> list[SentenceChange]:
    """Order-preserving alignment maximising total similarity (dynamic programming)."""
    n, m = len(draft), len(final)
    sim = [[fuzz.ratio(d.text, f.text) for f in final] for d in draft]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = sim[i][j] if sim[i][j] >= EDITED_MIN_SIMILARITY else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + pair)
    out: list[SentenceChange] = []
    i = j = 0
    while i < n or j < m:
        s = sim[i][j] if i < n and j < m else 0.0
        if i < n and j < m and s >= EDITED_MIN_SIMILARITY and best[i][j] == best[i + 1][j + 1] + s:
            status: Status = "unchanged" if draft[i].text == final[j].text else "edited"
            out.append(SentenceChange(status=status, draft=draft[i], final=final[j], similarity=s))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            out.append(SentenceChange(status="removed", draft=draft[i], similarity=0.0))
            i += 1
        else:
            out.append(SentenceChange(status="new", final=final[j], similarity=0.0))
            j += 1
    return out


def shared_characters(draft: str, final: str) -> int:
    """How many characters the two texts share, in order (the longest common subsequence)."""
    return sum(
        op.dest_end - op.dest_start for op in Indel.opcodes(draft, final) if op.tag == "equal"
    )


def _share(part: int, whole: str) -> float:
    return part / len(whole) if whole else 1.0


def _leftovers(draft: str, final: str, options: dict[str, Any]) -> list[Leftover]:
    from summary_audit.text.markers import find_placeholders, find_planted

    found = [("placeholder", s, e) for s, e in find_placeholders(final)]
    found += [("planted", s, e) for s, e, _ in find_planted(final, options)]
    return [
        Leftover(kind=kind, final=Span.of("summary", final, s, e), in_draft=final[s:e] in draft)
        for kind, s, e in sorted(found, key=lambda f: (f[1], f[2], f[0]))
    ]


def _flag_key(flag: Flag) -> tuple[str, str, tuple[int, ...]]:
    # Omissions have no span text: the omitted transcript segments identify them.
    segments = (
        tuple(i for e in flag.evidence for i in e.segments) if not flag.summary_span.text else ()
    )
    return flag.code, flag.summary_span.text, segments


def match_flags(
    draft: tuple[Flag, ...], final: tuple[Flag, ...]
) -> tuple[list[Flag], list[Flag], list[Flag]]:
    """(fixed, surviving, new): draft flags gone from the final, kept in it, and new in it."""
    remaining = Counter(_flag_key(f) for f in final)
    fixed, surviving_keys = [], Counter()
    for flag in draft:
        key = _flag_key(flag)
        if remaining[key] > 0:
            remaining[key] -= 1
            surviving_keys[key] += 1
        else:
            fixed.append(flag)
    surviving, new = [], []
    for flag in final:
        key = _flag_key(flag)
        if surviving_keys[key] > 0:
            surviving_keys[key] -= 1
            surviving.append(flag)
        else:
            new.append(flag)
    return fixed, surviving, new


def compare(
    draft: SummaryInput,
    final: SummaryInput,
    transcript: TranscriptInput | None = None,
    **options: Any,
) -> DraftFinalReport:
    """Compare a draft with its final; with a transcript, audit both and compare their flags.

    Each input may be a path, the text itself or the parsed object, as for :func:`audit`.
    ``options`` go to :func:`summary_audit.audit` (``profile``, ``planted_markers``, ``select``...).
    """
    from summary_audit.engine import validate_options
    from summary_audit.readers import resolve_summary, resolve_transcript

    validate_options(options)
    draft = resolve_summary(draft, argument="draft")
    final = resolve_summary(final, argument="final")
    if transcript is not None:
        transcript = resolve_transcript(transcript, argument="transcript")
    changes = align_sentences(sentence_spans(draft.text), sentence_spans(final.text))
    counts = Counter(c.status for c in changes)
    finals = sum(counts[s] for s in ("unchanged", "edited", "new"))
    same = shared_characters(draft.text, final.text)
    share, kept = _share(same, final.text), _share(same, draft.text)
    fixed: list[Flag] = []
    surviving: list[Flag] = []
    new: list[Flag] = []
    signature = None
    failures: tuple[CheckFailure, ...] = ()
    if transcript is not None:
        from summary_audit.engine import audit

        before = audit(transcript, draft, **options)
        after = audit(transcript, final, **options)
        fixed, surviving, new = match_flags(before.flags, after.flags)
        signature = after.signature
        failures = before.failures + after.failures
    return DraftFinalReport(
        draft_id=draft.id,
        final_id=final.id,
        draft_sha256=draft.sha256,
        final_sha256=final.sha256,
        transcript_sha256=transcript.sha256 if transcript else None,
        sentences=tuple(changes),
        counts={s: counts[s] for s in ("unchanged", "edited", "new", "removed")},
        identical_share=round(share, 4),
        draft_kept_share=round(kept, 4),
        unchanged_sentence_share=round(counts["unchanged"] / finals, 4) if finals else 1.0,
        rubber_stamp=min(share, kept) >= RUBBER_STAMP_SHARE,
        leftovers=tuple(_leftovers(draft.text, final.text, options)),
        fixed_flags=tuple(fixed),
        surviving_flags=tuple(surviving),
        new_flags=tuple(new),
        audit_signature=signature,
        failures=failures,
    )


def render_text(report: DraftFinalReport, *, sentences: bool = True) -> str:
    """A short plain-text account of the comparison, for people; ``sentences=False`` leaves out
    the list of changed sentences (totals, leftovers and flags stay)."""
    c = report.counts
    lines = [
        f"draft {report.draft_id} -> final {report.final_id}",
        f"sentences: {c['unchanged']} unchanged, {c['edited']} edited, {c['new']} new, "
        f"{c['removed']} removed",
        f"copied from the draft: {report.identical_share:.0%} of the final; draft kept: "
        f"{report.draft_kept_share:.0%}"
        + ("  ** RUBBER STAMP: the final is barely edited **" if report.rubber_stamp else ""),
    ]
    for left in report.leftovers:
        origin = "left from the draft" if left.in_draft else "added in the final"
        lines.append(f"  {left.kind} still in the final ({origin}): {left.final.text!r}")
    for change in report.sentences if sentences else ():
        if change.status == "edited":
            lines.append(
                f"  edited ({change.similarity:.0f}%): {_short(change.draft)} -> "
                f"{_short(change.final)}"
            )
        elif change.status != "unchanged":
            lines.append(f"  {change.status}: {_short(change.final or change.draft)}")
    if report.transcript_sha256:
        lines.append(
            f"flags: {len(report.fixed_flags)} fixed, {len(report.surviving_flags)} "
            f"survived, {len(report.new_flags)} new in the final"
        )
        for label, flags in (("survived", report.surviving_flags), ("new", report.new_flags)):
            for f in flags:
                lines.append(
                    f"  {label} {f.code} {f.severity.value}: {f.summary_span.text!r} {f.message}"
                )
    return "\n".join(lines) + "\n"


def _short(span: Span | None, limit: int = 70) -> str:
    text = " ".join((span.text if span else "").split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
