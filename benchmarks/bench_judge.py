"""Tokens the SA901 judge sends per summary, against the naive whole-transcript approach.

Naive (what RAGAS faithfulness does): every claim is sent with the whole transcript.  The judge
sends only undecided claims, each with the transcript windows around its best candidate
passages, several claims per request with prompt judge.v2 (each excerpt line once per batch), one
claim per request with judge.v1.  "windows, every claim" (v1) isolates the effect of the windows
from that of the selection.  No model is called: the requests are built exactly as the rule builds them and counted with the
offline cl100k_base tokenizer.  Measured on the fixtures and on a 60-minute synthetic transcript
(~10,000 words, built as bench_rules.py builds it) with a ~500-word summary.  Aim: judge <= 1/10
of naive.
"""

from __future__ import annotations

import statistics
import time
from typing import NamedTuple

from summary_audit.evaluation.cases import iter_cases
from summary_audit.llm.judge import (
    DEFAULT_BATCH,
    evidence_text,
    request_messages,
    requests_for,
)
from summary_audit.llm.prompts import PromptTemplate, load_prompt
from summary_audit.llm.summarize import render_segment
from summary_audit.llm.tokens import count_message_tokens
from summary_audit.readers import resolve_summary, resolve_transcript
from summary_audit.rules.registry import AuditContext
from summary_audit.text.support import DEFAULT_MIN_MISSING
from summary_audit.types import Claim, Summary, Transcript

from .bench_rules import long_summary, long_transcript


class Row(NamedTuple):
    """Tokens sent for one summary by each approach, and how many claims each sends."""

    naive: int
    windows: int
    judge_v1: int
    judge_v2: int
    claims: int
    judged: int


def _tokens(template: PromptTemplate, items: list[tuple[Claim, str]]) -> int:
    return sum(count_message_tokens(m) for m in request_messages(template, items, DEFAULT_BATCH))


def measure(
    v1: PromptTemplate, v2: PromptTemplate, transcript: Transcript, summary: Summary
) -> Row:
    """Build the requests of every approach for one summary and count their tokens."""
    whole = "\n".join(render_segment(s) for s in transcript.segments)
    ctx = AuditContext(transcript=transcript, summary=summary, options={})
    judged = requests_for(ctx)
    windows_all = [
        (c, evidence_text(ctx, ctx.index.search(c.span.text, limit=3))) for c in ctx.claims
    ]
    return Row(
        naive=_tokens(v1, [(c, whole) for c in ctx.claims]),
        windows=_tokens(v1, windows_all),
        judge_v1=_tokens(v1, judged),
        judge_v2=_tokens(v2, judged),
        claims=len(ctx.claims),
        judged=len(judged),
    )


def _report(rows: list[Row]) -> None:
    naive, windows, judge_v1, judge_v2, claims, judged = (list(c) for c in zip(*rows, strict=True))
    print(f"  summaries: {len(rows)}  claims: {sum(claims)}  sent to judge: {sum(judged)}")
    print("  tokens per summary (median):")
    for label, col in (
        ("naive, whole transcript per claim", naive),
        ("windows, every claim (v1)", windows),
        ("SA901 judge.v1, 1 claim/request", judge_v1),
        (f"SA901 judge.v2, {DEFAULT_BATCH} claims/request", judge_v2),
    ):
        print(f"    {label:<36}: {statistics.median(col):>9,.0f}")
    for name, col in (("judge.v1", judge_v1), ("judge.v2", judge_v2)):
        ratio = sum(col) / sum(naive) if sum(naive) else 0.0
        verdict = "meets" if ratio <= 0.1 else "misses"
        print(f"  total {name} / naive: {ratio:.3f}  ({verdict} <= 0.1)")
    print(f"  windows-every-claim / naive: {sum(windows) / sum(naive):.3f}")


def main() -> None:
    """Print per-summary medians and totals of tokens sent (machine: 2 cores; no LLM is called)."""
    try:
        import summary_audit.text.align  # noqa: F401 - the judge needs the transcript index
    except ImportError:
        print("skipped: summary_audit.text.align is not available")
        return
    v1, v2 = load_prompt("judge.v1"), load_prompt("judge.v2")
    print(f"routing: at least {DEFAULT_MIN_MISSING} content word(s) missing near the passages")
    rows, transcripts, faithful = [], [], []
    started = time.perf_counter()
    for case in iter_cases():
        transcript = resolve_transcript(case.transcript_path)
        transcripts.append(transcript)
        for item in case.summaries:
            summary = resolve_summary(item.path)
            rows.append(measure(v1, v2, transcript, summary))
            if item.kind == "faithful":
                faithful.append(summary.text)
    if not rows:
        print("no fixtures found")
        return
    print("fixtures:")
    _report(rows)
    print(f"  time to build and count all requests: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    transcript, summary = long_transcript(transcripts), long_summary(faithful)
    print(
        f"60-minute transcript ({len(transcript.text.split()):,} words, "
        f"{len(transcript.segments)} segments) x {len(summary.text.split())}-word summary:"
    )
    _report([measure(v1, v2, transcript, summary)])
    print(f"  time to build and count all requests: {time.perf_counter() - started:.2f} s")
    print("(one process on a 2-core machine)")
