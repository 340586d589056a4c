"""Tokens the SA901 judge sends per summary, against the naive whole-transcript approach.

Naive (what RAGAS faithfulness does): every claim is sent with the whole transcript.  The judge
sends only undecided claims, each with the transcript windows around its best candidate
passages.  "windows, every claim" isolates the effect of the windows from that of the selection.
No model is called: the requests are built exactly as the rule builds them and counted with the
offline cl100k_base tokenizer.  Measured on the fixtures and on a 60-minute synthetic transcript
(~10,000 words, built as bench_rules.py builds it) with a ~500-word summary.  Aim: judge <= 1/10
of naive.
"""

from __future__ import annotations

import statistics
import time
from typing import NamedTuple

from summary_audit.cases import iter_cases
from summary_audit.engine import resolve_summary, resolve_transcript
from summary_audit.llm.judge import (
    DEFAULT_THRESHOLD,
    evidence_text,
    judge_messages,
    requests_for,
)
from summary_audit.llm.prompts import PromptTemplate, load_prompt
from summary_audit.llm.summarize import render_segment
from summary_audit.llm.tokens import count_message_tokens
from summary_audit.rules.registry import AuditContext
from summary_audit.types import Summary, Transcript

from .bench_rules import long_summary, long_transcript


class Row(NamedTuple):
    """Tokens sent for one summary by each approach, and how many claims each sends."""

    naive: int
    windows: int
    judge: int
    claims: int
    judged: int


def _tokens(template: PromptTemplate, pairs: list[tuple[str, str]]) -> int:
    return sum(count_message_tokens(judge_messages(template, c, e)) for c, e in pairs)


def measure(template: PromptTemplate, transcript: Transcript, summary: Summary) -> Row:
    """Build the requests of all three approaches for one summary and count their tokens."""
    whole = "\n".join(render_segment(s) for s in transcript.segments)
    ctx = AuditContext(transcript=transcript, summary=summary, options={})
    claims = [c.span.text for c in ctx.claims]
    judged = [(c.span.text, e) for c, e in requests_for(ctx)]
    windows_all = [
        (c.span.text, evidence_text(ctx, ctx.index.search(c.span.text, limit=3)))
        for c in ctx.claims
    ]
    return Row(
        naive=_tokens(template, [(c, whole) for c in claims]),
        windows=_tokens(template, windows_all),
        judge=_tokens(template, judged),
        claims=len(claims),
        judged=len(judged),
    )


def _report(rows: list[Row]) -> None:
    naive, windows, judge, claims, judged = (list(col) for col in zip(*rows, strict=True))
    print(f"  summaries: {len(rows)}  claims: {sum(claims)}  sent to judge: {sum(judged)}")
    print("  tokens per summary (median):")
    print(f"    naive, whole transcript per claim : {statistics.median(naive):>9,.0f}")
    print(f"    windows, every claim              : {statistics.median(windows):>9,.0f}")
    print(f"    SA901 judge (undecided + windows) : {statistics.median(judge):>9,.0f}")
    ratio = sum(judge) / sum(naive) if sum(naive) else 0.0
    print(f"  total judge / naive: {ratio:.3f}  ({'meets' if ratio <= 0.1 else 'misses'} <= 0.1)")
    print(f"  windows-every-claim / naive: {sum(windows) / sum(naive):.3f}")


def main() -> None:
    """Print per-summary medians and totals of tokens sent (machine: 2 cores; no LLM is called)."""
    try:
        import summary_audit.align  # noqa: F401 - the judge needs the transcript index
    except ImportError:
        print("skipped: summary_audit.align is not available")
        return
    template = load_prompt("judge.v1")
    print(f"undecided threshold: search score < {DEFAULT_THRESHOLD:g}")
    rows, transcripts, faithful = [], [], []
    started = time.perf_counter()
    for case in iter_cases():
        transcript = resolve_transcript(case.transcript_path)
        transcripts.append(transcript)
        for item in case.summaries:
            summary = resolve_summary(item.path)
            rows.append(measure(template, transcript, summary))
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
    _report([measure(template, transcript, summary)])
    print(f"  time to build and count all requests: {time.perf_counter() - started:.2f} s")
    print("(one process on a 2-core machine)")
