"""The auditor: resolve inputs, run the selected rules, record crashes, order and sign the result."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictStr,
    ValidationError,
    field_validator,
)

from summary_audit import __version__
from summary_audit.errors import ConfigError, SummaryAuditError, clip
from summary_audit.readers import (
    FORMATS,
    TRANSCRIPT_FORMAT_NAMES,
    SummaryInput,
    TranscriptInput,
    check_input_type,
    resolve_summary,
    resolve_transcript,
)
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


# Set to "1" to let a crashing rule raise instead of being recorded (debugging; CLI --traceback).
TRACEBACK_ENV = "SUMMARY_AUDIT_TRACEBACK"

# A rule selector as the registry reads it: a code or prefix (SA, SA1, SA10, SA101) or ALL.
_SELECTOR = re.compile(r"SA\d{0,3}|ALL")
PathArg = StrictStr | os.PathLike[str]


def _opt(description: str, accepts: str) -> Any:
    """A field of :class:`AuditOptions`: what it does, and the values it accepts (for errors)."""
    return Field(default=None, description=description, json_schema_extra={"accepts": accepts})


class AuditOptions(BaseModel):
    """Every keyword option of :func:`audit`, typed and checked.

    Strict: ``min_asr_confidence="0.5"`` is an error, not a number; ``preview=1`` is not True.  A wrong type or value raises
    :class:`~summary_audit.errors.ConfigError` naming the option and what it accepts; an unknown
    option, the options there are.  A rule reads an option through ``ctx.options``; a new option
    is one new field here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    select: tuple[str, ...] | None = _opt(
        "only the rules with these codes or prefixes (default: all but preview rules)",
        "rule codes or prefixes such as 'SA1' or 'SA101': a list, or one comma-separated string",
    )
    ignore: tuple[str, ...] | None = _opt(
        "skip the rules with these codes or prefixes (the longest matching prefix wins)",
        "rule codes or prefixes such as 'SA1' or 'SA101': a list, or one comma-separated string",
    )
    preview: StrictBool | None = _opt(
        "also run preview rules (the LLM judge, SA9xx)", "True or False"
    )
    transcript_format: StrictStr | None = _opt(
        "the transcript's format when detection should not decide",
        f"one of {', '.join(FORMATS)}, or None to detect it",
    )
    lexicon: PathArg | None = _opt(
        "a lexicon file extending or overriding the shipped one (SA4xx)",
        "the path of a lexicon JSON file",
    )
    profile: PathArg | None = _opt(
        "jurisdiction profile: 'ca', 'ut' or a JSON file (SA6xx)",
        "'ca', 'ut' or the path of a profile JSON file",
    )
    planted_markers: StrictStr | list[StrictStr | dict[str, Any]] | None = _opt(
        "texts or regexes an agency plants as deliberate errors (SA602)",
        "a string, or a list of strings and matcher dicts such as {'regex': '...'}",
    )
    min_asr_confidence: Annotated[StrictFloat, Field(ge=0.0, le=1.0)] | None = _opt(
        "ASR word confidence below which a claim's basis is unreliable (SA607)",
        "a number from 0 to 1 (default 0.5)",
    )
    incident_type: StrictStr | None = _opt(
        "the report's incident type, checked against the profile (SA609)",
        "a string such as 'traffic stop'",
    )
    llm: dict[str, Any] | None = _opt(
        "the judge's endpoint settings: base_url, model, ... (SA901)",
        "a dict such as {'base_url': 'http://127.0.0.1:8080/v1', 'model': '...'}",
    )
    drafts: PathArg | None = _opt(
        "a folder of independent drafts of the same transcript (SA613)",
        "the path of a folder of draft files (summarize --drafts N --out DIR)",
    )
    wordlists: PathArg | None = _opt(
        "a word lists file extending the shipped vocabularies (weapons, antonyms ...)",
        "the path of a word lists JSON file",
    )

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _split_selectors(cls, value: Any) -> Any:
        """``"SA1,SA2"`` or ``["SA1", "SA2"]`` -> ``("SA1", "SA2")``, each checked."""
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple | set | frozenset):
            return value  # the type check names it
        codes = []
        for raw in value:
            if not isinstance(raw, str):
                raise ValueError(f"{clip(repr(raw))} is not a string")
            code = raw.strip().upper()
            if code and not _SELECTOR.fullmatch(code):
                raise ValueError(f"{clip(repr(raw))} is not a rule code or prefix")
            if code:
                codes.append(code)
        return tuple(codes)

    @field_validator("transcript_format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in TRANSCRIPT_FORMAT_NAMES:
            raise ValueError(f"{clip(repr(value))} is not a transcript format")
        return value


# The keyword options rules read (audit(**options)), and what each does; anything else is an error.
_SELECTION = ("select", "ignore", "preview", "transcript_format")
AUDIT_OPTIONS = {
    name: field.description or ""
    for name, field in AuditOptions.model_fields.items()
    if name not in _SELECTION
}


def validate_options(options: Mapping[str, Any]) -> AuditOptions:
    """``options`` checked against :class:`AuditOptions`; raises ConfigError naming the option.

    Unset options (``None``) are allowed everywhere: they mean "the default".
    """
    unknown = sorted(set(options) - set(AuditOptions.model_fields))
    if unknown:
        known = list(AuditOptions.model_fields)
        hints = [
            f"{name!r} (did you mean {close[0]}?)" if close else repr(name)
            for name in unknown
            for close in [difflib.get_close_matches(name, known, n=1)]
        ]
        raise ConfigError(
            f"unknown audit option {', '.join(clip(h) for h in hints)}; "
            f"the options are: {', '.join(known)}"
        )
    try:
        return AuditOptions.model_validate(dict(options))
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0])
        accepts = AuditOptions.model_fields[name].json_schema_extra["accepts"]  # type: ignore[index]
        value = options[name]
        detail = error["msg"].removeprefix("Value error, ")
        if error["type"] != "value_error":  # pydantic's own words name its type, not ours
            detail = f"got {clip(repr(value))} ({type(value).__name__})"
        raise ConfigError(f"audit option {name}: {detail}; expected {accepts}") from None


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
    if any("drafts" in r.needs for r in rules):
        from summary_audit.readers.drafts import DraftSet

        out["drafts"] = DraftSet.from_options(options)
    return out


def rules_signature(rules: list[Rule], options: dict[str, Any]) -> str:
    """The input-independent part of a signature: version, rule set and each layer's part.

    Checks ``options`` first (:func:`validate_options`): batch signs before it audits anything.
    """
    validate_options(options)
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


def _to_flag(rule: Rule, hit: Hit, ctx: AuditContext) -> Flag:
    """The flag of ``hit``, its evidence held to the invariants of :mod:`text.evidence` (one
    speaker per piece; a contradiction that does not align with its claim says less)."""
    span = hit.span
    severity = hit.severity or rule.severity
    explanation = hit.explanation
    evidence = hit.evidence
    if evidence:
        from summary_audit.text.evidence import checked, claim_at

        claim = claim_at(ctx.claims, span.start) if span.end > span.start else None
        evidence, note = checked(evidence, claim, ctx.index, ctx.transcript)
        if note is not None:
            severity = min(severity, Severity.WARNING)
            explanation = f"{explanation} {note}"
    return Flag(
        id=flag_id(rule.code, span.start, span.end, span.text, hit.message),
        code=rule.code,
        rule=rule.name,
        severity=severity,
        message=hit.message,
        summary_span=span,
        evidence=evidence,
        explanation=Explanation(
            rule=rule.name,
            method=hit.method,
            prompt_id=hit.prompt_id,
            raw_score=hit.raw_score,
            text=explanation,
        ),
        confidence=hit.confidence,
        suggestion=hit.suggestion,
        category=hit.category,
    )


# Unsupported-fact rules whose flag means "the recording does not say so": in a perceived clause
# (the officer's own observation) that is expected, so such a flag is set aside unless the
# recording speaks to the same thing: a contradicting passage, or a nearest passage that aligns
# with the claim (the evidence check keeps a nearest passage only when it scores 40 or more
# against the claim: "I see redness on your left forearm" against "I saw a laceration on her
# left forearm").  SA611 names the flags set aside.
SET_ASIDE_IN_PERCEIVED = tuple(f"SA10{n}" for n in range(1, 10))


def _set_aside(flag: Flag, ctx: AuditContext) -> bool:
    """Whether ``flag`` is an SA101-SA109 flag inside a perceived claim that no transcript
    passage speaks to (no contradicting passage, no nearest passage aligned with the claim)."""
    if flag.code not in SET_ASIDE_IN_PERCEIVED:
        return False
    if any(ev.relation in ("contradicts", "nearest") and ev.segments for ev in flag.evidence):
        return False
    span = flag.summary_span
    return any(
        c.source == "perceived" and c.span.start <= span.start and span.end <= c.span.end
        for c in ctx.claims
    )


# A rule raising more flags than this on one summary is reporting noise, not findings (a summary
# that is a list of thousands of numbers): the rest are not listed, and the report says so.
MAX_FLAGS_PER_RULE = 500


def run_rules(ctx: AuditContext, rules: Iterable[Rule]) -> tuple[list[Flag], list[CheckFailure]]:
    """Run each rule; a crash becomes a CheckFailure and the other rules still run.

    Rules run in the order given (code order from the registry) and can read ``ctx.flags``, the
    flags of the rules before them.  With ``SUMMARY_AUDIT_TRACEBACK=1`` in the environment (the
    CLI's ``--traceback``) a crash propagates instead, traceback and all.
    """
    for r in rules:
        ctx.current = r
        try:
            hits = list(islice(r.func(ctx), MAX_FLAGS_PER_RULE + 1))
            if len(hits) > MAX_FLAGS_PER_RULE:
                hits = hits[:MAX_FLAGS_PER_RULE]
                ctx.notes.append(
                    f"{r.code} stopped at {MAX_FLAGS_PER_RULE} flags: the summary holds more "
                    "(is it a summary?)"
                )
            produced = [_to_flag(r, hit, ctx) for hit in hits]
        except Exception as exc:
            if os.environ.get(TRACEBACK_ENV) == "1":
                raise  # debugging: the crash itself, with its traceback, instead of a record
            ctx.record_failure(type(exc).__name__, str(exc))
            continue
        finally:
            ctx.ran.add(r.code)
        for flag in produced:
            (ctx.set_aside if _set_aside(flag, ctx) else ctx.flags).append(flag)
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
    Pure: no printing, no exiting.  Raises :class:`~summary_audit.errors.InputError` on bad input,
    :class:`TypeError` when an input is neither, and :class:`~summary_audit.errors.ConfigError` on
    a bad option (every option is checked first, see :class:`AuditOptions`).  Other keyword options
    are passed to the rules (for example ``lexicon=PATH`` or ``profile="ca"``).
    """
    checked = validate_options(
        dict(
            options,
            select=select,
            ignore=ignore,
            preview=preview,
            transcript_format=transcript_format,
        )
    )
    check_input_type(transcript, Transcript, "transcript", "transcript")
    check_input_type(summary, Summary, "summary", "summary")
    t = resolve_transcript(transcript, format=transcript_format)
    s = resolve_summary(summary)
    rules = select_rules(checked.select, checked.ignore, preview=bool(checked.preview))
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
        notes=(*t.notes, *ctx.notes),
        claims=tuple(ctx.claims),
        transcript=t,
        summary=s,
    )


__all__ = ["SummaryAuditError", "audit"]
