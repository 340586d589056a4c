"""The LLM judge: a second opinion on claims the deterministic rules leave undecided.

Which claims are sent is decided by one function, :func:`summary_audit.text.support.route_claims`
(also measured offline by ``summary-audit eval --routing``): a claim no SA1-SA3 rule flagged, not
verbatim in the transcript, with at least ``judge_min_missing`` (default 1) content words missing
near its aligned passages.  Only the claim and the transcript windows around its best candidate passages are
sent, never the whole transcript (``benchmarks/bench_judge.py`` measures the saving).

Two prompt versions (option ``llm={"judge_prompt": ...}``):

* ``judge.v2`` (default) judges a batch of up to ``judge_batch`` claims (default 6) in one request:
  the excerpts of the batch are listed once, numbered (a passage shared by two claims is sent once),
  and each claim names the excerpts it is judged by.  The answer is ``{"verdicts": [...]}`` with one
  :class:`ClaimVerdict` per claim number.  The fixed prompt is paid once per batch, not per claim.
* ``judge.v1`` judges one claim per request and answers one :class:`JudgeVerdict`.

A prompt whose variables include ``claims`` is a batch prompt; one with ``claim`` is per-claim.
Quotes the model cites are aligned again with the transcript index (offsets from a model are
never trusted).

Failures are per claim: a failed request, or an answer without a well-formed verdict for a claim,
is recorded with ``ctx.record_failure`` (a ``CheckFailure`` for SA901 naming the claim) while the
other claims' verdicts still become flags.  Only complete answers are cached (the cache key is the
rendered request, so it covers every claim and excerpt of a batch): a rerun asks again for a batch
with a failed claim, and is served from the cache otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summary_audit.errors import ConfigError, LLMError, SummaryAuditError
from summary_audit.llm.client import JsonSchema, LLMClient
from summary_audit.llm.config import LLMConfig, resolve_config
from summary_audit.llm.prompts import PromptTemplate, fence_for, load_prompt
from summary_audit.llm.summarize import render_segment
from summary_audit.text.support import DEFAULT_MIN_MISSING, Route, decided_spans, route_claims
from summary_audit.types import Claim, Evidence, Segment

if TYPE_CHECKING:
    from summary_audit.rules.registry import AuditContext, Hit

DEFAULT_PROMPT = "judge.v2"
DEFAULT_BATCH = 6  # claims per request for a batch prompt
MAX_EVIDENCE_SEGMENTS = 6
JUDGE_MAX_TOKENS = 300
BATCH_TOKENS_PER_CLAIM = 150  # answer budget per claim of a batch (one verdict, quotes, a reason)
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


class ClaimVerdict(JudgeVerdict):
    """One entry of a batch answer: a verdict for the claim numbered ``claim`` (1-based)."""

    claim: int = Field(ge=1)


class BatchAnswer(BaseModel):
    """The envelope of a batch answer; its entries are validated one by one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdicts: list[Any]


def batch_schema(size: int) -> JsonSchema:
    """The JSON Schema of a batch answer for ``size`` claims (constrained decoding follows it)."""
    entry = VERDICT_SCHEMA.schema
    item = {
        **entry,
        "properties": {"claim": {"type": "integer", "enum": list(range(1, size + 1))}}
        | entry["properties"],
        "required": ["claim", *entry["required"]],
    }
    return JsonSchema(
        name="judge_verdicts",
        schema={
            "type": "object",
            "properties": {
                "verdicts": {"type": "array", "items": item, "minItems": size, "maxItems": size}
            },
            "required": ["verdicts"],
            "additionalProperties": False,
        },
    )


_FENCED_JSON = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)
_FENCED_ANY = re.compile(r"```(?:json)?\s*(.*?)\s*```", re.DOTALL)


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


def _excerpt(text: str) -> str:
    return repr(" ".join(text.split())[:120])


def _answer_entries(text: str) -> list[Any]:
    """The entries of a batch answer: ``{"verdicts": [...]}`` or a bare list, optionally fenced.

    An answer that is not valid JSON as a whole (typically cut off at ``max_tokens``) still gives
    the complete ``{...}`` objects in it, so the verdicts before the cut count.  Raises
    :class:`LLMError` when there is nothing to use.
    """
    fenced = _FENCED_ANY.search(text)
    candidate = fenced.group(1) if fenced else text.strip()
    try:
        data = json.loads(candidate)
    except ValueError:
        decoder, entries, at = json.JSONDecoder(), [], candidate.find("{")
        while at >= 0:
            try:
                obj, end = decoder.raw_decode(candidate, at)
            except ValueError:
                at = candidate.find("{", at + 1)  # an unfinished object: look inside it
                continue
            entries.append(obj)
            at = candidate.find("{", end)
        if not entries:
            raise LLMError(f"unparseable judge answer: {_excerpt(text)}") from None
        return entries
    if isinstance(data, list):
        return data
    try:
        return BatchAnswer.model_validate(data).verdicts
    except ValidationError:
        raise LLMError(f"unparseable judge answer (no verdicts list): {_excerpt(text)}") from None


def parse_batch(text: str, size: int) -> dict[int, JudgeVerdict | str]:
    """Parse a batch answer for claims ``1..size`` into ``{number: verdict or error message}``.

    Each entry is validated on its own, so one malformed or missing verdict costs only its claim.
    The first well-formed entry for a number wins.  Raises :class:`LLMError` when the answer has
    no usable entry at all.
    """
    found: dict[int, JudgeVerdict | str] = {}
    for entry in _answer_entries(text):
        number = entry.get("claim") if isinstance(entry, dict) else None
        if not isinstance(number, int) or not 1 <= number <= size:
            continue  # an entry we cannot attribute to a claim of this batch
        if isinstance(found.get(number), JudgeVerdict):
            continue
        try:
            found[number] = ClaimVerdict.model_validate(entry)
        except ValidationError as exc:
            fields = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}))
            found[number] = (
                f"malformed judge verdict (fields: {fields}): {_excerpt(json.dumps(entry))}"
            )
    return {
        n: found.get(n, f"the judge answer has no verdict for it: {_excerpt(text)}")
        for n in range(1, size + 1)
    }


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


def _label_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``"E1-E3, E7"``: the excerpts a claim is judged by, compactly."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"E{r[0]}" if len(r) == 1 else f"E{r[0]}-E{r[-1]}" for r in runs)


def batch_messages(
    template: PromptTemplate, items: Sequence[tuple[Claim, str]]
) -> list[dict[str, str]]:
    """The chat messages for a batch of ``(claim, evidence text)``: each distinct excerpt line is
    listed once, numbered ``E1``, ``E2``...; claim ``i`` names its excerpts in brackets."""
    labels: dict[str, int] = {}  # excerpt line -> number, in order of first use
    claim_lines = []
    for number, (claim, evidence) in enumerate(items, 1):
        lines = [] if evidence == NO_EVIDENCE else [ln for ln in evidence.split("\n") if ln.strip()]
        refs = sorted({labels.setdefault(ln, len(labels) + 1) for ln in lines})
        text = " ".join(claim.span.text.split())  # one claim, one line
        claim_lines.append(f"{number} [{_label_ranges(refs) or 'none'}] {text}")
    excerpts = "\n".join(f"E{n} {line}" for line, n in labels.items()) or NO_EVIDENCE
    claims = "\n".join(claim_lines)
    fence = fence_for(claims + "\n" + excerpts, "DATA")
    return template.render(claims=claims, excerpts=excerpts, fence=fence)


def is_batch_prompt(template: PromptTemplate) -> bool:
    """Whether the prompt judges several claims per request (it takes ``claims``)."""
    return "claims" in template.variables


def request_messages(
    template: PromptTemplate, items: Sequence[tuple[Claim, str]], batch_size: int = DEFAULT_BATCH
) -> list[list[dict[str, str]]]:
    """Every request the judge sends for ``items``, as chat messages (benchmarks count them)."""
    if is_batch_prompt(template):
        return [batch_messages(template, group) for group in _groups(items, batch_size)]
    return [judge_messages(template, claim.span.text, evidence) for claim, evidence in items]


def _groups(items: Sequence[tuple[Claim, str]], size: int) -> list[Sequence[tuple[Claim, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class JudgeOutcome:
    """The judge's result for one claim: a verdict or the error that prevented one."""

    claim: Claim
    verdict: JudgeVerdict | None
    error: str | None = None


class _IncompleteAnswer(Exception):
    """Raised by the answer check so a partial batch answer is used but never cached."""

    def __init__(self, parsed: dict[int, JudgeVerdict | str]) -> None:
        super().__init__("incomplete batch answer")
        self.parsed = parsed


def _ask_one(
    client: LLMClient, template: PromptTemplate, group: Sequence[tuple[Claim, str]]
) -> list[JudgeOutcome]:
    ((claim, evidence),) = group
    try:
        reply = client.chat(
            judge_messages(template, claim.span.text, evidence),
            prompt_id=template.id,
            schema=VERDICT_SCHEMA,
            max_tokens=min(client.config.max_tokens, JUDGE_MAX_TOKENS),
            validate=parse_verdict,
        )
        return [JudgeOutcome(claim, parse_verdict(reply.text))]
    except LLMError as exc:
        return [JudgeOutcome(claim, None, str(exc))]


def _ask_batch(
    client: LLMClient, template: PromptTemplate, group: Sequence[tuple[Claim, str]]
) -> list[JudgeOutcome]:
    size = len(group)

    def check(text: str) -> None:
        # The client caches only answers that pass this check: a partial one is asked again on a
        # rerun instead of replaying its missing verdicts forever.
        parsed = parse_batch(text, size)
        if not all(isinstance(v, JudgeVerdict) for v in parsed.values()):
            raise _IncompleteAnswer(parsed)

    try:
        reply = client.chat(
            batch_messages(template, group),
            prompt_id=template.id,
            schema=batch_schema(size),
            max_tokens=min(client.config.max_tokens, BATCH_TOKENS_PER_CLAIM) * size,
            validate=check,
        )
        parsed = parse_batch(reply.text, size)
    except _IncompleteAnswer as partial:
        parsed = partial.parsed
    except LLMError as exc:
        return [JudgeOutcome(claim, None, str(exc)) for claim, _ in group]
    outcomes = []
    for (claim, _), result in zip(group, parsed.values(), strict=True):
        if isinstance(result, JudgeVerdict):
            outcomes.append(JudgeOutcome(claim, result))
        else:
            outcomes.append(JudgeOutcome(claim, None, result))
    return outcomes


def judge_claims(
    client: LLMClient,
    template: PromptTemplate,
    items: list[tuple[Claim, str]],
    *,
    batch_size: int = DEFAULT_BATCH,
) -> list[JudgeOutcome]:
    """Ask the judge about each ``(claim, evidence text)``; results in input order.

    A batch prompt gets up to ``batch_size`` claims per request, a per-claim prompt one; requests
    run concurrently (``config.concurrency``).
    """
    batched = is_batch_prompt(template)
    ask = _ask_batch if batched else _ask_one
    groups = _groups(items, batch_size if batched else 1)
    with ThreadPoolExecutor(max_workers=client.config.concurrency) as pool:
        answers = pool.map(lambda group: ask(client, template, group), groups)
        return [outcome for group_outcomes in answers for outcome in group_outcomes]


# --- wiring into an audit -------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeSettings:
    """The judge's own options, split from the endpoint flags of ``options["llm"]``."""

    flags: dict[str, Any]  # endpoint settings for resolve_config (base_url, model, ...)
    prompt_id: str
    min_missing: int
    batch_size: int


def judge_settings(options: dict[str, Any]) -> JudgeSettings:
    """Split ``options["llm"]`` into endpoint flags and the judge's ``judge_prompt``,
    ``judge_min_missing`` and ``judge_batch``; a bad number is a :class:`ConfigError`."""
    flags = dict(options.get("llm") or {})
    prompt_id = str(flags.pop("judge_prompt", DEFAULT_PROMPT))
    min_missing = flags.pop("judge_min_missing", DEFAULT_MIN_MISSING)
    if isinstance(min_missing, bool) or not isinstance(min_missing, int) or min_missing < 0:
        raise ConfigError(f"llm judge_min_missing must be a whole number >= 0, not {min_missing!r}")
    batch = flags.pop("judge_batch", DEFAULT_BATCH)
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ConfigError(f"llm judge_batch must be a whole number >= 1, not {batch!r}")
    return JudgeSettings(flags, prompt_id, min_missing, batch)


def judge_config(options: dict[str, Any]) -> LLMConfig:
    """The endpoint configuration for the judge: ``options["llm"]`` > environment > config file."""
    flags = judge_settings(options).flags
    config_path = flags.pop("config", None)
    return resolve_config(flags, config_path=config_path)


def _flagged_spans(ctx: AuditContext) -> list[tuple[int, int]]:
    """Summary spans flagged by the deterministic fact, quote and contradiction rules.

    The engine runs rules in code order, so the flags of every SA1-SA3 rule selected in this audit
    are in ``ctx.flags`` when the judge runs.  Rules that were not selected are not run here: with
    ``--select SA901`` alone, every weakly aligned claim is judged.
    """
    return decided_spans(ctx.flags)


def routes(ctx: AuditContext, min_missing: int = DEFAULT_MIN_MISSING) -> list[Route]:
    """The routing decision for every claim of this audit (:func:`text.support.route_claims`)."""
    flagged = ctx.memo("llm_judge.flagged_spans", lambda: _flagged_spans(ctx))
    return route_claims(ctx.claims, ctx.index, flagged, min_missing=min_missing)


def undecided_claims(
    ctx: AuditContext, min_missing: int = DEFAULT_MIN_MISSING
) -> list[tuple[Claim, list[Evidence]]]:
    """The claims the routing sends, with their candidate evidence."""
    return [(r.claim, list(r.found)) for r in routes(ctx, min_missing) if r.sent]


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
    min_missing = judge_settings(ctx.options).min_missing
    return [
        (claim, evidence_text(ctx, found)) for claim, found in undecided_claims(ctx, min_missing)
    ]


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
    from summary_audit.rules.registry import Hit

    settings = judge_settings(ctx.options)
    config = judge_config(ctx.options)
    template = load_prompt(settings.prompt_id)
    items = requests_for(ctx)
    if not items:
        return
    outcomes = judge_claims(LLMClient(config), template, items, batch_size=settings.batch_size)
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


class LLMJudge:
    """The judge the engine puts on the context when SA901 is selected (``registry.Judge``)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options

    def signature(self) -> dict[str, str]:
        """``prompts: judge.v2@<sha12>`` and ``model: NAME``: a prompt or model change changes the
        signature; an unconfigured judge says so instead of failing before the audit."""
        try:
            prompt_id = judge_settings(self.options).prompt_id
        except SummaryAuditError:
            return {"prompts": "unconfigured", "model": "unconfigured"}
        try:
            prompt = f"{prompt_id}@{load_prompt(prompt_id).sha256[:12]}"
        except SummaryAuditError:
            prompt = f"{prompt_id}@unavailable"
        try:
            model = judge_config(self.options).model
        except SummaryAuditError:
            model = "unconfigured"
        return {"prompts": prompt, "model": model}

    def judge(self, ctx: AuditContext) -> Iterator[Hit]:
        return run_judge(ctx)
