"""SA901: an LLM's second opinion on claims the deterministic rules leave undecided (preview).

The rule asks ``ctx.judge``, which the engine provides (:class:`summary_audit.llm.judge.LLMJudge`)
only when SA901 is selected: rule modules never import the LLM layer, and loading the registry
never imports the openai SDK.
"""

from __future__ import annotations

from collections.abc import Iterator

from summary_audit.errors import CheckFailed
from summary_audit.rules.registry import AuditContext, Hit, rule

CODE = "SA901"


@rule(CODE, "llm-judge", "warning", preview=True, needs=("judge",))
def llm_judge(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Sends each claim that no fact, quote or contradiction rule flagged and that aligns only
        weakly with the transcript to an LLM, together with the transcript passages around its
        best candidate matches (never the whole transcript), several claims per request
        (``judge_batch``, default 6; each shared passage is sent once).  For each claim the
        model answers supported, contradicted or not_in_transcript with quotes; the quotes are
        found in the transcript again by the auditor.  Configure the endpoint with the audit
        option ``llm={"base_url": ..., "model": ...}`` or OPENAI_BASE_URL / SUMMARY_AUDIT_MODEL;
        ``judge_prompt="judge.v1"`` judges one claim per request.  Claims flagged by the SA1-SA3
        rules that ran in the same audit are not sent.

    Why it matters:
        Paraphrased fabrications carry no number, name or quote for the deterministic rules to
        catch.  A judge that sees only the relevant passages is cheap, and its verdict is
        checkable because the cited passages are located in the transcript.

    Example:
        Transcript: "DRIVER: I was just coming home from work."  Summary: "The driver said he was
        leaving a bar."  No rule flags it; the judge answers contradicted, citing "I was just
        coming home from work", which the auditor finds at its timestamp.
    """
    if ctx.judge is None:
        raise CheckFailed("no judge was provided for SA901 (the engine provides the LLM judge)")
    yield from ctx.judge.judge(ctx)
