"""The auditor: resolve inputs, run the selected rules, record crashes, order and sign the result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from summary_audit import __version__
from summary_audit.errors import ConfigError, SummaryAuditError
from summary_audit.readers import SummaryInput, TranscriptInput, resolve_summary, resolve_transcript
from summary_audit.rules.registry import AuditContext, Hit, Rule, select_rules, signature_parts
from summary_audit.types import (
    AuditReport,
    CheckFailure,
    Explanation,
    Flag,
    Severity,
    Stats,
    Summary,
    Transcript,
)

# The parts of the package that decide what an audit finds: the layers below the workflows.
# Batch resume keys hash their files, so editing a rule or a word list re-audits.
RESULT_LAYERS = ("types.py", "errors.py", "engine.py", "readers", "text", "data", "rules", "llm")


# The keyword options rules read (audit(**options)); anything else is a typo and an error.
AUDIT_OPTIONS = {
    "lexicon": "a lexicon file extending or overriding the shipped one (SA4xx)",
    "profile": "jurisdiction profile: 'ca', 'ut' or a JSON file (SA6xx)",
    "planted_markers": "texts or regexes an agency plants as deliberate errors (SA602)",
    "min_asr_confidence": "ASR word confidence below which a claim's basis is unreliable (SA607)",
    "incident_type": "the report's incident type, checked against the profile (SA609)",
    "llm": "the judge's endpoint settings: base_url, model, ... (SA901)",
    "wordlists": "a word lists file extending the shipped vocabularies (weapons, antonyms ...)",
}


def short_hash(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def flag_id(code: str, start: int, end: int, text: str, message: str) -> str:
    return short_hash(f"{code}|{start}|{end}|{text}|{message}")


def provided(rules: list[Rule], options: dict[str, Any]) -> dict[str, Any]:
    """The capabilities the selected rules need (``Rule.needs``), built from the options."""
    out: dict[str, Any] = {}
    if any("judge" in r.needs for r in rules):
        from summary_audit.llm.judge import LLMJudge

        out["judge"] = LLMJudge(options)
    return out


def rules_signature(rules: list[Rule], options: dict[str, Any]) -> str:
    """The input-independent part of a signature: version, rule set and each layer's part."""
    codes = ",".join(r.code for r in rules)
    parts = [f"summary_audit:{__version__}", f"rules:{len(rules)}@{short_hash(codes)}"]
    fields = {name: part(options, rules) for name, part in signature_parts().items()}
    for capability in provided(rules, options).values():
        fields.update(capability.signature())
    for name, value in sorted(fields.items()):
        if value:
            parts.append(f"{name}:{value}")
    set_options = {k: v for k, v in options.items() if v not in (None, False, "", [], (), {})}
    if set_options:  # any other option a rule may read (thresholds, markers, incident type)
        parts.append(f"options:{short_hash(json.dumps(set_options, sort_keys=True, default=str))}")
    return "|".join(parts)


def make_signature(
    rules: list[Rule], transcript: Transcript, summary: Summary, options: dict[str, Any]
) -> str:
    """One line that pins a result, sacrebleu style: rules signature plus input hashes."""
    meta = summary.meta
    drafted = ""
    if meta.model or meta.prompt_id:  # who wrote the summary, when it says (LLM provenance)
        prompt = f"{meta.prompt_id or '?'}@{(meta.prompt_sha256 or '')[:12]}"
        drafted = f"|drafted:{meta.model or '?'}/{prompt}"
    return (
        f"{rules_signature(rules, options)}"
        f"|transcript:{transcript.sha256[:12]}|summary:{summary.sha256[:12]}{drafted}"
    )


def _to_flag(rule: Rule, hit: Hit) -> Flag:
    span = hit.span
    return Flag(
        id=flag_id(rule.code, span.start, span.end, span.text, hit.message),
        code=rule.code,
        rule=rule.name,
        severity=hit.severity or rule.severity,
        message=hit.message,
        summary_span=span,
        evidence=hit.evidence,
        explanation=Explanation(
            rule=rule.name,
            method=hit.method,
            prompt_id=hit.prompt_id,
            raw_score=hit.raw_score,
            text=hit.explanation,
        ),
        confidence=hit.confidence,
        suggestion=hit.suggestion,
        category=hit.category,
    )


def run_rules(ctx: AuditContext, rules: Iterable[Rule]) -> tuple[list[Flag], list[CheckFailure]]:
    """Run each rule; a crash becomes a CheckFailure and the other rules still run.

    Rules run in the order given (code order from the registry) and can read ``ctx.flags``, the
    flags of the rules before them.
    """
    for r in rules:
        ctx.current = r
        try:
            produced = [_to_flag(r, hit) for hit in r.func(ctx)]
        except Exception as exc:
            ctx.record_failure(type(exc).__name__, str(exc))
            continue
        finally:
            ctx.ran.add(r.code)
        ctx.flags.extend(produced)
    ctx.current = None
    return _dedupe_and_sort(ctx.flags), list(ctx.failures)


def _dedupe_and_sort(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for f in sorted(flags, key=_order):
        key = (f.code, f.summary_span.start, f.summary_span.end)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _order(f: Flag) -> tuple[int, int, str, str]:
    return (f.summary_span.start, f.summary_span.end, f.code, f.message)


def audit(
    transcript: TranscriptInput,
    summary: SummaryInput,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    preview: bool = False,
    transcript_format: str | None = None,
    **options: Any,
) -> AuditReport:
    """Audit ``summary`` against ``transcript`` and return the report.

    ``transcript`` and ``summary`` may each be a path, the text itself, or the parsed object.
    Pure: no printing, no exiting.  Raises :class:`~summary_audit.errors.InputError` on bad input
    and :class:`~summary_audit.errors.ConfigError` on bad options.  Other keyword options are passed
    to the rules (for example ``lexicon=PATH`` or ``profile="ca"``).
    """
    unknown = sorted(set(options) - set(AUDIT_OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown audit option(s) {', '.join(unknown)}; known: {', '.join(AUDIT_OPTIONS)}"
        )
    select = [select] if isinstance(select, str) else select
    ignore = [ignore] if isinstance(ignore, str) else ignore
    t = resolve_transcript(transcript, format=transcript_format)
    s = resolve_summary(summary)
    rules = select_rules(select, ignore, preview=preview)
    ctx = AuditContext(transcript=t, summary=s, options=dict(options), **provided(rules, options))
    flags, failures = run_rules(ctx, rules)
    counts = {sev.value: 0 for sev in Severity}
    for f in flags:
        counts[f.severity.value] += 1
    stats = Stats(
        claims=len(ctx.claims),
        segments=len(t.segments),
        summary_words=len(s.text.split()),
        transcript_words=len(t.text.split()),
        rules_run=len(rules),
        flags=counts,
    )
    return AuditReport(
        transcript_id=t.id,
        summary_id=s.id,
        transcript_sha256=t.sha256,
        summary_sha256=s.sha256,
        summary_text=s.text,
        flags=tuple(flags),
        failures=tuple(failures),
        signature=make_signature(rules, t, s, ctx.options),
        stats=stats,
        transcript=t,
        summary=s,
    )


__all__ = ["SummaryAuditError", "audit"]
