"""The LLM judge: a second opinion on claims the deterministic rules leave undecided.

A claim is *undecided* when no SA1-SA3 rule flagged any part of it and the transcript index finds
no strong alignment for it (best ``search`` score below the threshold, neither exact nor
normalized).  Only the claim and the transcript windows around its best candidate passages are
sent, never the whole transcript (``benchmarks/bench_judge.py`` measures the saving).

The answer must parse as :class:`JudgeVerdict`; quotes the model cites are aligned again with the
transcript index (offsets from a model are never trusted).

Failures: an unparseable answer or a failed request for a claim is a per-claim failure, recorded
with ``ctx.record_failure`` (a ``CheckFailure`` for SA901 naming the claim) while the other claims'
verdicts still become flags.  Answers that did parse are cached, so a rerun only asks again for the
failed claims.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import LLMError
from ..types import Claim, Evidence, Segment
from .client import JsonSchema, LLMClient
from .config import LLMConfig, resolve_config
from .prompts import PromptTemplate, fence_for, load_prompt
from .summarize import render_segment

if TYPE_CHECKING:
    from ..rules.registry import AuditContext, Hit

DEFAULT_PROMPT = "judge.v1"
# Rule families whose flags settle a claim: a flagged claim is not sent to the judge.
DETERMINISTIC_FAMILIES = ("SA1", "SA2", "SA3")
# A search score at or above this counts as support.  align.search scores are half idf-weighted
# token coverage, half token-set ratio; faithful paraphrases in the fixtures score 40-80, so a high
# threshold would send nearly every claim.  65 sends about half of them (bench_judge.py).
DEFAULT_THRESHOLD = 65.0
MIN_CLAIM_WORDS = 4  # shorter fragments (headings, "Report:") are not worth a request
SEARCH_LIMIT = 2  # candidate passages per claim
MAX_EVIDENCE_SEGMENTS = 6
JUDGE_MAX_TOKENS = 300
NO_EVIDENCE = "(no matching transcript passage was found)"


class JudgeVerdict(BaseModel):
    """The judge's structured answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Literal["supported", "contradicted", "not_in_transcript"]
    evidence_quotes: tuple[str, ...] = Field(default=(), max_length=5)
    reason: str = Field(max_length=2000)


VERDICT_SCHEMA = JsonSchema(
    name="judge_verdict",
    schema={
        "type": "object",
        "properties": {
            "verdict": {
                "type": "string",
                "enum": ["supported", "contradicted", "not_in_transcript"],
            },
            "evidence_quotes": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
            "reason": {"type": "string"},
        },
        "required": ["verdict", "evidence_quotes", "reason"],
        "additionalProperties": False,
    },
)

_FENCED_JSON = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


def parse_verdict(text: str) -> JudgeVerdict:
    """Parse an answer into a :class:`JudgeVerdict`; tolerates a ```json fence around it.

    Raises :class:`LLMError` (with a short excerpt of the answer) when it does not parse.
    """
    fenced = _FENCED_JSON.search(text)
    candidate = fenced.group(1) if fenced else text.strip()
    try:
        return JudgeVerdict.model_validate(json.loads(candidate))
    except (ValueError, ValidationError) as exc:
        excerpt = " ".join(text.split())[:120]
        reason = type(exc).__name__ if isinstance(exc, ValidationError) else str(exc)
        raise LLMError(f"unparseable judge answer ({reason}): {excerpt!r}") from None


def render_evidence(segments: Iterable[Segment]) -> str:
    """The evidence block from segments given best first: the first few unique ones, one line
    each, in transcript order."""
    unique: dict[int, Segment] = {}
    for seg in segments:
        if len(unique) == MAX_EVIDENCE_SEGMENTS:
            break
        unique.setdefault(seg.index, seg)
    return "\n".join(render_segment(unique[i]) for i in sorted(unique)) or NO_EVIDENCE


def judge_messages(
    template: PromptTemplate, claim_text: str, evidence: str
) -> list[dict[str, str]]:
    """The chat messages for one claim, both data blocks behind one collision-free fence."""
    fence = fence_for(claim_text + "\n" + evidence, "DATA")
    return template.render(claim=claim_text, evidence=evidence, fence=fence)


@dataclass(frozen=True)
class JudgeOutcome:
    """The judge's result for one claim: a verdict or the error that prevented one."""

    claim: Claim
    verdict: JudgeVerdict | None
    error: str | None = None


def judge_claims(
    client: LLMClient, template: PromptTemplate, items: list[tuple[Claim, str]]
) -> list[JudgeOutcome]:
    """Ask the judge about each ``(claim, evidence text)``, concurrently; results in input order."""

    def one(item: tuple[Claim, str]) -> JudgeOutcome:
        claim, evidence = item
        try:
            reply = client.chat(
                judge_messages(template, claim.span.text, evidence),
                prompt_id=template.id,
                schema=VERDICT_SCHEMA,
                max_tokens=min(client.config.max_tokens, JUDGE_MAX_TOKENS),
                validate=parse_verdict,
            )
            return JudgeOutcome(claim, parse_verdict(reply.text))
        except LLMError as exc:
            return JudgeOutcome(claim, None, str(exc))

    with ThreadPoolExecutor(max_workers=client.config.concurrency) as pool:
        return list(pool.map(one, items))


# --- wiring into an audit -------------------------------------------------------------------


def judge_settings(options: dict[str, Any]) -> tuple[dict[str, Any], str, float]:
    """Split ``options["llm"]`` into endpoint flags, the judge prompt id and the threshold."""
    flags = dict(options.get("llm") or {})
    prompt_id = str(flags.pop("judge_prompt", DEFAULT_PROMPT))
    threshold = float(flags.pop("judge_threshold", DEFAULT_THRESHOLD))
    return flags, prompt_id, threshold


def judge_config(options: dict[str, Any]) -> LLMConfig:
    """The endpoint configuration for the judge: ``options["llm"]`` > environment > config file."""
    flags, _, _ = judge_settings(options)
    config_path = flags.pop("config", None)
    return resolve_config(flags, config_path=config_path)


def _flagged_spans(ctx: AuditContext) -> list[tuple[int, int]]:
    """Summary spans flagged by the deterministic fact, quote and contradiction rules.

    The engine runs rules in code order, so the flags of every SA1-SA3 rule selected in this audit
    are already in ``ctx.flags``; only the rules that did not run (not selected) are run here.
    """
    from ..rules.registry import select_rules

    spans = [
        (f.summary_span.start, f.summary_span.end)
        for f in ctx.flags
        if f.code.startswith(DETERMINISTIC_FAMILIES)
    ]
    for r in select_rules(DETERMINISTIC_FAMILIES):
        if r.code in ctx.ran:
            continue
        try:
            spans.extend((h.span.start, h.span.end) for h in r.func(ctx))
        except Exception:
            continue  # a crashing rule flags nothing, as in the audit itself
    return sorted(set(spans))


def undecided_claims(ctx: AuditContext, threshold: float) -> list[tuple[Claim, list[Evidence]]]:
    """Claims with no SA1-SA3 flag and only weak alignment, with their candidate evidence."""
    flagged = ctx.memo("llm_judge.flagged_spans", lambda: _flagged_spans(ctx))
    out = []
    for claim in ctx.claims:
        span = claim.span
        if len(span.text.split()) < MIN_CLAIM_WORDS:
            continue
        if any(start < span.end and span.start < end for start, end in flagged):
            continue
        found = ctx.index.search(span.text, limit=SEARCH_LIMIT)
        best = found[0] if found else None
        if best and (best.alignment in ("exact", "normalized") or best.score >= threshold):
            continue
        out.append((claim, found))
    return out


def evidence_text(ctx: AuditContext, found: list[Evidence]) -> str:
    """The candidate passages of one claim, best first; the best with one segment either side."""
    segments: list[Segment] = []
    if found and found[0].segments:
        best = found[0].segments
        segments += [ctx.index.segment(i) for i in best]
        segments += ctx.index.window(best[0], radius=1) + ctx.index.window(best[-1], radius=1)
    segments += [ctx.index.segment(i) for ev in found[1:] for i in ev.segments]
    return render_evidence(segments)


def requests_for(ctx: AuditContext) -> list[tuple[Claim, str]]:
    """What the judge would send for this audit: each undecided claim with its evidence text."""
    _, _, threshold = judge_settings(ctx.options)
    return [(claim, evidence_text(ctx, found)) for claim, found in undecided_claims(ctx, threshold)]


def realign(ctx: AuditContext, quotes: Iterable[str]) -> tuple[Evidence, ...]:
    """Find each quote the model cited in the transcript ourselves."""
    out = []
    for quote in quotes:
        ev = ctx.index.find(quote)
        if ev.alignment == "none":
            ev = ev.model_copy(
                update={"note": f"quoted by the judge but not in the transcript: {quote!r}"}
            )
        out.append(ev)
    return tuple(out)


_MESSAGES = {
    "contradicted": "LLM judge: the transcript contradicts this claim",
    "not_in_transcript": "LLM judge: the transcript does not support this claim",
}


def _claim_label(claim: Claim) -> str:
    """``claim 3 "The driver said he was leaving a bar..."``: which claim a failure is about."""
    text = " ".join(claim.span.text.split())
    short = text if len(text) <= 60 else text[:57] + "..."
    return f'claim {claim.index} "{short}"'


def run_judge(ctx: AuditContext) -> Iterator[Hit]:
    """The SA901 rule body: judge the undecided claims and yield a hit for each unsupported one."""
    from ..rules.registry import Hit

    _, prompt_id, _ = judge_settings(ctx.options)
    config = judge_config(ctx.options)
    template = load_prompt(prompt_id)
    items = requests_for(ctx)
    if not items:
        return
    outcomes = judge_claims(LLMClient(config), template, items)
    for outcome in outcomes:
        verdict = outcome.verdict
        if verdict is None:
            # One bad answer must not cost the other claims their verdicts.
            ctx.record_failure("LLMError", f"{_claim_label(outcome.claim)}: {outcome.error}")
            continue
        if verdict.verdict == "supported":
            continue
        evidence = realign(ctx, verdict.evidence_quotes)
        grounded = any(ev.alignment != "none" for ev in evidence)
        yield Hit(
            span=outcome.claim.span,
            message=_MESSAGES[verdict.verdict],
            explanation=f"{verdict.reason} (model {config.model}, prompt {template.id})",
            evidence=evidence,
            method="llm",
            prompt_id=template.id,
            # A verdict whose cited quotes we can find ourselves deserves more trust.
            confidence=0.7 if grounded else 0.4,
            category=verdict.verdict,
        )
