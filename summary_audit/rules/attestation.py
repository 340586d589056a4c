"""SA611-SA613: what the recording cannot settle, listed for the officer and the reviewer.

Each claim has a source class (``text/sources.py``): heard, perceived or inferred.  A perceived
claim (the officer's own observation) is not on the recording: it is listed for the officer's
attestation (SA611) and never an unsupported-fact flag (the engine sets SA101-SA109 flags in it
aside unless the recording speaks to the same thing).  An inferred conclusion that no speech supports is
surfaced for review (SA612).  A claim that no independent draft of the same transcript makes is
marked (SA613, a self-consistency signal as in SelfCheckGPT).  All three are info: they never
change the default exit code.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.claims import split_claims
from summary_audit.text.polarity import content_stems
from summary_audit.types import Claim, Evidence

# SA612: share of a conclusion's content words one transcript segment must hold to support it.
CONCLUSION_SUPPORT = 0.5
# SA613: a draft supports a claim when one of its clauses holds this share of the claim's
# content words; shorter claims (headings, "Report:") are not compared.
DRAFT_SUPPORT = 0.5
DRAFT_MIN_STEMS = 3


@rule("SA611", "needs-officer-attestation", "info")
def needs_officer_attestation(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Lists each perceived claim: one the summary words as the officer's own observation ("I
        observed", "I smelled", "his eyes were bloodshot", "odor of", "in plain view"), read from
        the word lists ``perception_cues`` (speech wording wins: "the driver said he saw a knife"
        is heard).  The audio cannot confirm such a claim, so the engine sets aside an SA101-SA109
        flag inside it unless the recording speaks to the same thing (a contradicting passage,
        or a nearest passage aligned with the claim); the note names any flag set aside.

    Why it matters:
        A body-camera transcript records what was said, not what the officer saw or smelled.
        Flagging every observation as unsupported buries real errors; passing them silently
        hides that the report rests on the officer's word.  Listing them tells the officer what
        to attest to.

    Example:
        "I observed an open can of Steel Reserve in the center console": nobody says it on the
        recording.  SA611 lists it as "not on the recording: needs the officer's attestation
        (I observed)"; SA101's unsupported-number flag on "an open can" is set aside.
    """
    for claim in ctx.claims:
        if claim.source != "perceived":
            continue
        cue = claim.source_span.text if claim.source_span else claim.source_cue
        aside = [
            f for f in ctx.set_aside
            if claim.span.start <= f.summary_span.start and f.summary_span.end <= claim.span.end
        ]  # fmt: skip
        note = ""
        if aside:
            named = "; ".join(f"{f.code} ({f.message})" for f in aside)
            note = f" Set aside for it (the recording neither says nor contradicts it): {named}."
        yield Hit(
            span=claim.span,
            message=f"not on the recording: needs the officer's attestation ({cue})",
            explanation=(
                f"The claim is worded as the officer's own observation ('{cue}'), "
                "which the audio cannot confirm." + note
            ),
            method="pattern",
            category="perceived",
        )


def _segment_stems(ctx: AuditContext) -> list[tuple[int, set[str]]]:
    return ctx.memo(
        "attestation.segment_stems",
        lambda: [(s.index, content_stems(s.text)) for s in ctx.transcript.segments],
    )


def conclusion_text(claim: Claim) -> str:
    """What an inferred claim concludes: its words from the cue on (the cue itself when it is
    the conclusion, "intoxicated"), without the cue words that only mark the inference."""
    if claim.source_span is None:
        return claim.span.text
    after = claim.span.text[claim.source_span.end - claim.span.start :]
    return after if content_stems(after) else claim.source_span.text


@rule("SA612", "unsupported-inference", "info")
def unsupported_inference(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Surfaces each inferred claim (a conclusion: "appeared intoxicated", "it was apparent",
        "in an attempt to flee", read from the word list ``inference_cues``) whose conclusion no
        transcript segment supports: no segment holds half or more of the content words from
        the cue on.  An officer's own act ("I attempted to stop the car") is not an inference.

    Why it matters:
        A conclusion written as fact ("in an attempt to flee") can decide a charge.  When nobody
        on the recording says anything like it, it rests on the writer's reading alone, and a
        reviewer should see it before it is signed.

    Example:
        "He turned away from me in an attempt to flee": no one says "flee", "run" or anything
        near it on the recording.  SA612 lists the claim for review (info).
    """
    stems = None
    for claim in ctx.claims:
        if claim.source != "inferred":
            continue
        wanted = content_stems(conclusion_text(claim))
        if not wanted:
            continue
        cue = claim.source_span.text if claim.source_span else claim.source_cue
        stems = stems if stems is not None else _segment_stems(ctx)
        need = max(1, math.ceil(CONCLUSION_SUPPORT * len(wanted)))
        best = max(stems, key=lambda item: len(wanted & item[1]), default=None)
        if best is not None and len(wanted & best[1]) >= need:
            continue
        evidence: tuple[Evidence, ...] = ()
        if best is not None and wanted & best[1]:
            evidence = (Evidence.of_segment(ctx.index.segment(best[0]), relation="nearest"),)
        yield Hit(
            span=claim.span,
            message=f"inferred conclusion no speech supports ({cue})",
            explanation=(
                f"The claim states a conclusion ('{cue}'); no transcript segment "
                f"holds half of its words ({', '.join(sorted(wanted))}). Review whether the "
                "report should say what it was based on."
            ),
            evidence=evidence,
            method="pattern",
            category="inferred",
        )


def _draft_clauses(ctx: AuditContext) -> list[tuple[str, dict, list[tuple[str, set[str]]]]]:
    """(file name, provenance parameters, [(clause text, stems)]) per draft unlike the summary."""

    def compute() -> list[tuple[str, dict, list[tuple[str, set[str]]]]]:
        out = []
        for name, draft in ctx.drafts.drafts if ctx.drafts else []:
            if " ".join(draft.text.split()) == " ".join(ctx.summary.text.split()):
                continue  # the checked summary itself is no independent draft
            clauses = [(c.span.text, content_stems(c.span.text)) for c in split_claims(draft.text)]
            out.append((name, dict(draft.meta.parameters), clauses))
        return out

    return ctx.memo("attestation.drafts", compute)


@rule("SA613", "not-in-independent-drafts", "info", needs=("drafts",))
def not_in_independent_drafts(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        With the audit option ``drafts`` (CLI ``check --against-drafts DIR``, a folder written
        by ``summarize --drafts N --out DIR``), marks each claim that no independent draft of
        the same transcript supports: no clause of any draft holds half of the claim's content
        words.  The evidence is the closest draft wording (relation ``nearest``), and the note
        names the draft file, the share of words shared and the draft's temperature and seed.
        A draft identical to the checked summary is left out.

    Why it matters:
        Drafts sampled independently agree on what the recording says and disagree on what a
        model made up (SelfCheckGPT).  A claim that no other draft makes is worth a second look
        even when no rule can say what is wrong with it.

    Example:
        Three drafts at temperature 0.8 all say the driver was coming from work; the checked
        summary says "he had been at a bar on Main Street".  SA613 marks the claim and quotes
        the closest draft sentence, "he said he was driving home from work" (draft-02.json,
        20% of words shared).
    """
    drafts = _draft_clauses(ctx)
    if not drafts:
        return
    for claim in ctx.claims:
        wanted = content_stems(claim.span.text)
        if len(wanted) < DRAFT_MIN_STEMS:
            continue
        best: tuple[float, str, dict, str] | None = None
        supported = False
        for name, params, clauses in drafts:
            for text, stems in clauses:
                share = len(wanted & stems) / len(wanted)
                if share >= DRAFT_SUPPORT:
                    supported = True
                    break
                if best is None or share > best[0]:
                    best = (share, name, params, text)
            if supported:
                break
        if supported:
            continue
        evidence: tuple[Evidence, ...] = ()
        if best is not None:
            share, name, params, text = best
            evidence = (
                Evidence(
                    relation="nearest",
                    quote=text,
                    note=(
                        f"{name}: {100 * share:.0f}% of the claim's words shared; "
                        f"temperature {params.get('temperature', '?')}, "
                        f"seed {params.get('seed', '?')}"
                    ),
                ),
            )
        yield Hit(
            span=claim.span,
            message=f"no independent draft makes this claim ({len(drafts)} compared)",
            explanation=(
                f"None of the {len(drafts)} drafts of the same transcript has a clause with half "
                "of this claim's words: drafts agree on what the recording says, so a claim only "
                "this summary makes may be invented."
            ),
            evidence=evidence,
            method="alignment",
            category="drafts",
        )
