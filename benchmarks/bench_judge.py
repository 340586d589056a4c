"""Tokens the SA901 judge sends per summary, against the naive whole-transcript approach.

Naive (what RAGAS faithfulness does): every claim is sent with the whole transcript.  The judge
sends only undecided claims, each with the transcript windows around its best candidate
passages.  "windows, every claim" isolates the effect of the windows from that of the selection.
No model is called: the requests are built exactly as the rule builds them and counted with the
offline cl100k_base tokenizer.  Aim: judge <= 1/10 of naive.
"""

from __future__ import annotations

import statistics
import time

from summary_audit.cases import iter_cases
from summary_audit.engine import resolve_summary, resolve_transcript
from summary_audit.llm.judge import (
    DEFAULT_THRESHOLD,
    evidence_text,
    judge_messages,
    requests_for,
)
from summary_audit.llm.prompts import load_prompt
from summary_audit.llm.summarize import render_segment
from summary_audit.llm.tokens import count_message_tokens
from summary_audit.rules.registry import AuditContext


def _tokens(template, pairs: list[tuple[str, str]]) -> int:
    return sum(count_message_tokens(judge_messages(template, c, e)) for c, e in pairs)


def main() -> None:
    """Print per-summary medians and totals of tokens sent (machine: 2 cores; no LLM is called)."""
    try:
        import summary_audit.align  # noqa: F401 - the judge needs the transcript index
    except ImportError:
        print("skipped: summary_audit.align is not available")
        return
    template = load_prompt("judge.v1")
    rows = []
    started = time.perf_counter()
    for case in iter_cases():
        transcript = resolve_transcript(case.transcript_path)
        whole = "\n".join(render_segment(s) for s in transcript.segments)
        for item in case.summaries:
            summary = resolve_summary(item.path)
            ctx = AuditContext(transcript=transcript, summary=summary, options={})
            claims = [c.span.text for c in ctx.claims]
            judged = [(c.span.text, e) for c, e in requests_for(ctx)]
            windows_all = [
                (c.span.text, evidence_text(ctx, ctx.index.search(c.span.text, limit=3)))
                for c in ctx.claims
            ]
            rows.append(
                (
                    _tokens(template, [(c, whole) for c in claims]),
                    _tokens(template, windows_all),
                    _tokens(template, judged),
                    len(claims),
                    len(judged),
                )
            )
    elapsed = time.perf_counter() - started
    if not rows:
        print("no fixtures found")
        return
    naive, windows, judge, claims, judged = (list(col) for col in zip(*rows, strict=True))
    print(f"summaries: {len(rows)}  claims: {sum(claims)}  sent to judge: {sum(judged)}")
    print(f"undecided threshold: search score < {DEFAULT_THRESHOLD:g}")
    print("tokens per summary (median):")
    print(f"  naive, whole transcript per claim : {statistics.median(naive):>9,.0f}")
    print(f"  windows, every claim              : {statistics.median(windows):>9,.0f}")
    print(f"  SA901 judge (undecided + windows) : {statistics.median(judge):>9,.0f}")
    ratio = sum(judge) / sum(naive) if sum(naive) else 0.0
    print(f"total judge / naive: {ratio:.3f}  ({'meets' if ratio <= 0.1 else 'misses'} <= 0.1)")
    print(f"windows-every-claim / naive: {sum(windows) / sum(naive):.3f}")
    print(f"time to build and count all requests: {elapsed:.2f} s (2-core machine)")
