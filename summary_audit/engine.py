"""The auditor: resolve inputs, run the selected rules, record crashes, order and sign the result."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from summary_audit import __version__
from summary_audit.errors import ConfigError, SummaryAuditError
from summary_audit.rules.registry import AuditContext, Hit, Rule, select_rules
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

TranscriptInput = Transcript | str | os.PathLike[str]
SummaryInput = Summary | str | os.PathLike[str]

# Layers that change results (the lexicon, prompts, an LLM) add a part to the signature here.
_SIGNATURE_PARTS: dict[str, Callable[[dict[str, Any], list[Rule]], str | None]] = {}


def signature_part(name: str) -> Callable[[Callable[..., str | None]], Callable[..., str | None]]:
    """Register ``func(options, rules) -> str | None`` as the signature field ``name``."""

    def decorate(func: Callable[..., str | None]) -> Callable[..., str | None]:
        _SIGNATURE_PARTS[name] = func
        return func

    return decorate


_FILE_SUFFIX = re.compile(r"\.(txt|vtt|srt|json|md|markdown)$", re.IGNORECASE)


# The keyword options rules read (audit(**options)); anything else is a typo and an error.
AUDIT_OPTIONS = {
    "lexicon": "a lexicon file extending or overriding the shipped one (SA4xx)",
    "profile": "jurisdiction profile: 'ca', 'ut' or a JSON file (SA6xx)",
    "planted_markers": "texts or regexes an agency plants as deliberate errors (SA602)",
    "min_asr_confidence": "ASR word confidence below which a claim's basis is unreliable (SA607)",
    "incident_type": "the report's incident type, checked against the profile (SA609)",
    "llm": "the judge's endpoint settings: base_url, model, ... (SA901)",
}


def _looks_like_path(value: str) -> bool:
    """A one-line string naming an existing file, or ending in a known suffix (a missing file is
    then reported as missing rather than audited as text)."""
    if "\n" in value or len(value) >= 4096:
        return False
    return os.path.isfile(value) or bool(_FILE_SUFFIX.search(value.strip()))


def resolve_transcript(value: TranscriptInput, *, format: str | None = None) -> Transcript:
    """A Transcript from a Transcript, a path, or the transcript's text itself."""
    from summary_audit.readers.transcript import load_transcript, parse_transcript

    if isinstance(value, Transcript):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_transcript(Path(value), format=format)
    return parse_transcript(value, format=format)


def resolve_summary(value: SummaryInput) -> Summary:
    """A Summary from a Summary, a path, or the summary's text itself."""
    from summary_audit.readers.summary import load_summary, parse_summary

    if isinstance(value, Summary):
        return value
    if isinstance(value, os.PathLike) or _looks_like_path(value):
        return load_summary(Path(value))
    return parse_summary(value)


def short_hash(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def flag_id(code: str, start: int, end: int, text: str, message: str) -> str:
    return short_hash(f"{code}|{start}|{end}|{text}|{message}")


def rules_signature(rules: list[Rule], options: dict[str, Any]) -> str:
    """The input-independent part of a signature: version, rule set and each layer's part."""
    codes = ",".join(r.code for r in rules)
    parts = [f"summary_audit:{__version__}", f"rules:{len(rules)}@{short_hash(codes)}"]
    for name in sorted(_SIGNATURE_PARTS):
        value = _SIGNATURE_PARTS[name](options, rules)
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
    ctx = AuditContext(transcript=t, summary=s, options=dict(options))
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
    )


__all__ = ["SummaryAuditError", "audit", "signature_part"]
