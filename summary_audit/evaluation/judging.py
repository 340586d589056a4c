"""The real LLM judge on the dev splits (``summary-audit eval --judge --base-url URL --model M``).

Every SummEdits and DiaSumFact dev item (``--limit N`` per data set) is audited with the SA1-SA3
rules; the claims the routing sends (:func:`summary_audit.text.support.route_claims`, exactly what
SA901 sends) are put to the judge through the endpoint, with the judge's own prompts, batching and
answer parsing (:func:`summary_audit.llm.judge.judge_claims`).  A claim the judge answers
``contradicted`` or ``not_in_transcript`` counts as flagged.  Printed: balanced accuracy of the
rules alone and of rules + judge, requests, prompt and answer tokens, failures, and the cost per
1,000 claims at ``--price-in`` / ``--price-out`` USD per million tokens.

Not a section of the default ``eval`` run: it needs an endpoint.  Answers are cached like any
judge answer (``--no-cache`` to ask again).
"""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summary_audit.errors import ConfigError, InputError
from summary_audit.evaluation.common import balanced_accuracy, make_summary, overlaps, pct, table
from summary_audit.evaluation.summedits import FAMILIES
from summary_audit.types import Severity

TITLE = "LLM judge on the dev splits: rules alone vs rules + judge"


def counting_client(config: Any) -> Any:
    """An :class:`~summary_audit.llm.client.LLMClient` that counts requests and tokens."""
    from summary_audit.llm.client import LLMClient

    class CountingClient(LLMClient):
        def __init__(self, cfg: Any) -> None:
            super().__init__(cfg)
            self.lock = threading.Lock()
            self.requests = self.cached = self.prompt_tokens = self.completion_tokens = 0

        def chat(self, *args: Any, **kwargs: Any) -> Any:
            reply = super().chat(*args, **kwargs)
            with self.lock:
                self.requests += 1
                self.cached += reply.cached
                self.prompt_tokens += int(reply.usage.get("prompt_tokens", 0))
                self.completion_tokens += int(reply.usage.get("completion_tokens", 0))
            return reply

    return CountingClient(config)


@dataclass
class JudgeTally:
    claims: int = 0
    sent: int = 0
    failures: int = 0
    gold: list[bool] = field(default_factory=list)
    rules: list[bool] = field(default_factory=list)
    judged: list[bool] = field(default_factory=list)


def _judge_item(doc: str, summary: str, id: str, options: dict, client: Any) -> tuple:
    """(context after SA1-SA3, routed claim count, {claim index: flagged by the judge})."""
    from summary_audit.engine import run_rules
    from summary_audit.llm.judge import judge_claims, judge_settings, requests_for
    from summary_audit.llm.prompts import load_prompt
    from summary_audit.readers import parse_transcript
    from summary_audit.rules.registry import AuditContext, select_rules

    ctx = AuditContext(
        transcript=parse_transcript(doc, id=id),
        summary=make_summary(summary, id=id),
        options=options,
    )
    run_rules(ctx, select_rules(list(FAMILIES)))
    settings = judge_settings(options)
    items = requests_for(ctx)
    verdicts: dict[int, bool] = {}
    failures = 0
    if items:
        outcomes = judge_claims(
            client, load_prompt(settings.prompt_id), items, batch_size=settings.batch_size
        )
        for outcome in outcomes:
            if outcome.verdict is None:
                failures += 1
            else:
                verdicts[outcome.claim.index] = outcome.verdict.verdict != "supported"
    return ctx, len(items), verdicts, failures


def summedits(folder: Path, limit: int | None, options: dict, client: Any) -> JudgeTally:
    from summary_audit.evaluation.summedits import load_rows

    t = JudgeTally()
    for path in sorted(folder.glob("*.jsonl")):
        for row in load_rows(folder, path.stem, limit):
            try:
                ctx, sent, verdicts, failures = _judge_item(
                    row["doc"], row["summary"], row["id"], options, client
                )
            except InputError:
                continue
            rules = any(f.severity >= Severity.ERROR for f in ctx.flags)
            t.claims += len(ctx.claims)
            t.sent += sent
            t.failures += failures
            t.gold.append(row["label"] == 0)
            t.rules.append(rules)
            t.judged.append(rules or any(verdicts.values()))
    return t


def diasumfact(path: Path, limit: int | None, options: dict, client: Any) -> JudgeTally:
    from summary_audit.evaluation.diasumfact import flag_ranges, summaries

    t = JudgeTally()
    for item_id, doc, text, sentences in summaries(path, limit):
        try:
            ctx, sent, verdicts, failures = _judge_item(doc, text, item_id, options, client)
        except InputError:
            continue
        t.claims += len(ctx.claims)
        t.sent += sent
        t.failures += failures
        flags = flag_ranges(ctx.flags)
        judged = [(c.span.start, c.span.end) for c in ctx.claims if verdicts.get(c.index)]
        for start, end, _spans, erroneous in sentences:
            rules = any(overlaps(f, (start, end)) for f in flags)
            t.gold.append(erroneous)
            t.rules.append(rules)
            t.judged.append(rules or any(overlaps(j, (start, end)) for j in judged))
    return t


def run_judge_eval(data_dir: Path | None, args: argparse.Namespace) -> str:
    """The Markdown report of ``eval --judge``."""
    from summary_audit.llm.config import resolve_config

    if not args.model:
        raise ConfigError("eval --judge needs --model (and --base-url for a local endpoint)")
    flags = {
        "base_url": args.base_url,
        "model": args.model,
        "cache_path": "off" if args.no_cache else None,
    }
    config = resolve_config(flags)
    llm: dict[str, Any] = {k: v for k, v in flags.items() if v is not None}
    if args.judge_prompt:
        llm["judge_prompt"] = args.judge_prompt
    if args.judge_min_missing is not None:
        llm["judge_min_missing"] = args.judge_min_missing
    options = {"llm": llm}
    client = counting_client(config)
    data = data_dir or Path()
    tallies: dict[str, JudgeTally] = {}
    notes = []
    folder = data / "summedits"
    if data_dir is not None and folder.is_dir():
        tallies["SummEdits dev (summaries)"] = summedits(folder, args.limit, options, client)
    else:
        notes.append(f"SummEdits skipped: no data at {folder}")
    path = data / "diasumfact" / "annotations.json"
    if data_dir is not None and path.is_file():
        tallies["DiaSumFact dev (sentences)"] = diasumfact(path, args.limit, options, client)
    else:
        notes.append(f"DiaSumFact skipped: no data at {path}")
    rows = [
        (name, len(t.gold), t.claims, t.sent, t.failures,
         pct(balanced_accuracy(t.gold, t.rules)), pct(balanced_accuracy(t.gold, t.judged)))
        for name, t in tallies.items()
    ]  # fmt: skip
    claims = sum(t.claims for t in tallies.values())
    per_k = 1000 / claims if claims else 0.0
    cost = (client.prompt_tokens * args.price_in + client.completion_tokens * args.price_out) / 1e6
    return (
        f"## {TITLE}\n\n"
        f"Model {config.model} at {config.base_url}\n\n"
        + table(
            [
                "set",
                "units",
                "claims",
                "claims sent",
                "judge failures",
                "rules alone BAcc %",
                "rules + judge BAcc %",
            ],
            rows,
        )
        + "\n\n"
        + table(
            [
                "requests",
                "from cache",
                "prompt tokens",
                "answer tokens",
                "tokens per 1,000 claims",
                "cost per 1,000 claims (USD)",
            ],
            [
                (
                    client.requests,
                    client.cached,
                    client.prompt_tokens,
                    client.completion_tokens,
                    round((client.prompt_tokens + client.completion_tokens) * per_k),
                    f"{cost * per_k:.4f}",
                )
            ],
        )
        + "\n\n- A claim counts as flagged when the judge answers contradicted or "
        "not_in_transcript; a claim without a verdict (a failure) counts as not flagged.\n"
        f"- Prices: {args.price_in:g} USD per 1M prompt tokens, {args.price_out:g} USD per 1M "
        "answer tokens (cached answers are counted as if asked).\n"
        + "".join(f"- {n}\n" for n in notes)
        + ("" if args.limit is None else f"- First {args.limit} items per data set.\n")
    )
