"""SA901: an LLM's second opinion on claims the deterministic rules leave undecided (preview).

The work is in :mod:`summary_audit.llm.judge`, imported only when the rule runs, so loading the
rule registry never imports the openai SDK.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from summary_audit.engine import signature_part
from summary_audit.errors import SummaryAuditError
from summary_audit.rules.registry import AuditContext, Hit, Rule, rule

CODE = "SA901"


@rule(CODE, "llm-judge", "warning", preview=True)
def llm_judge(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Sends each claim that no fact, quote or contradiction rule flagged and that aligns only
        weakly with the transcript to an LLM, together with the transcript passages around its
        best candidate matches (never the whole transcript), several claims per request
        (``judge_batch``, default 6; each shared passage is sent once).  For each claim the
        model answers supported, contradicted or not_in_transcript with quotes; the quotes are
        found in the transcript again by the auditor.  Configure the endpoint with the audit
        option ``llm={"base_url": ..., "model": ...}`` or OPENAI_BASE_URL / SUMMARY_AUDIT_MODEL;
        ``judge_prompt="judge.v1"`` judges one claim per request.

    Why it matters:
        Paraphrased fabrications carry no number, name or quote for the deterministic rules to
        catch.  A judge that sees only the relevant passages is cheap, and its verdict is
        checkable because the cited passages are located in the transcript.

    Example:
        Transcript: "DRIVER: I was just coming home from work."  Summary: "The driver said he was
        leaving a bar."  No rule flags it; the judge answers contradicted, citing "I was just
        coming home from work", which the auditor finds at its timestamp.
    """
    from summary_audit.llm.judge import run_judge

    yield from run_judge(ctx)


def _selected(rules: list[Rule]) -> bool:
    return any(r.code == CODE for r in rules)


@signature_part("prompts")
def _prompt_signature(options: dict[str, Any], rules: list[Rule]) -> str | None:
    """``judge.v2@<sha12>`` when SA901 ran, so a prompt change changes the signature."""
    if not _selected(rules):
        return None
    from summary_audit.llm.judge import judge_settings
    from summary_audit.llm.prompts import load_prompt

    try:
        prompt_id = judge_settings(options).prompt_id
    except SummaryAuditError:
        return "unconfigured"
    try:
        return f"{prompt_id}@{load_prompt(prompt_id).sha256[:12]}"
    except SummaryAuditError:
        return f"{prompt_id}@unavailable"


@signature_part("model")
def _model_signature(options: dict[str, Any], rules: list[Rule]) -> str | None:
    """The judge's model name when SA901 ran."""
    if not _selected(rules):
        return None
    from summary_audit.llm.judge import judge_config

    try:
        return judge_config(options).model
    except SummaryAuditError:
        return "unconfigured"
