"""SummEdits (Laban et al. 2023): summary-level balanced accuracy of inconsistency detection.

A summary counts as flagged inconsistent when the audit (rules SA1-SA3 only) raises a flag of
error severity.  The source document is read as a transcript with
:func:`common.document_to_transcript`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from summary_audit.evaluation.common import (
    balanced_accuracy,
    document_to_transcript,
    make_summary,
    pct,
    skipped,
    table,
)
from summary_audit.types import Severity

TITLE = "SummEdits: summary-level balanced accuracy (SA1-SA3 errors)"
DIALOGUE = ("samsum", "qmsumm", "sales_call", "podcast")
REFERENCE = (
    "Published reference points on the dialogue domains (samsum, qmsumm, sales_call, podcast): "
    "SummaC-Conv 53.1-59.0, QAFactEval 62.4-68.4, GPT-4 79.6-87.9, humans about 90."
)


def load_rows(folder: Path, domain: str, limit: int | None) -> list[dict]:
    """The rows of one domain file, in file order (at most ``limit``)."""
    rows = []
    with (folder / f"{domain}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def predict(doc: str, summary: str, id: str = "row") -> bool:
    """True when the audit finds an SA1-SA3 error in ``summary`` against ``doc``."""
    from summary_audit import audit

    report = audit(
        document_to_transcript(doc, id=id),
        make_summary(summary, id=id),
        select=["SA1", "SA2", "SA3"],
    )
    return any(f.severity >= Severity.ERROR for f in report.flags)


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The SummEdits section: per domain and per edit type."""
    folder = (data_dir or Path()) / "summedits"
    if data_dir is None or not folder.is_dir():
        return skipped(TITLE, f"no SummEdits data at {folder}")
    files = {p.stem for p in folder.glob("*.jsonl")}
    domains = [d for d in DIALOGUE if d in files] + sorted(files - set(DIALOGUE))
    domain_rows = []
    by_edit: dict[str, list[bool]] = defaultdict(list)
    dialogue_gold: list[bool] = []
    dialogue_pred: list[bool] = []
    for domain in domains:
        gold, pred = [], []
        for row in load_rows(folder, domain, limit):
            g = row["label"] == 0
            p = predict(row["doc"], row["summary"], row["id"])
            gold.append(g)
            pred.append(p)
            if domain in DIALOGUE:
                dialogue_gold.append(g)
                dialogue_pred.append(p)
                for edit in row.get("edit_types") or ([] if not g else ["(untyped)"]):
                    if g:
                        by_edit[edit].append(p)
        fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
        domain_rows.append(
            (domain, len(gold), sum(gold), pct(balanced_accuracy(gold, pred)),
             pct(_recall(gold, pred)), fp)
        )  # fmt: skip
    domain_rows.append(
        ("dialogue (4 pooled)", len(dialogue_gold), sum(dialogue_gold),
         pct(balanced_accuracy(dialogue_gold, dialogue_pred)),
         pct(_recall(dialogue_gold, dialogue_pred)),
         sum(p and not g for g, p in zip(dialogue_gold, dialogue_pred, strict=True)))
    )  # fmt: skip
    edit_rows = [(e, len(v), pct(sum(v) / len(v))) for e, v in sorted(by_edit.items())]
    return (
        f"## {TITLE}\n\n"
        + table(
            ["domain", "summaries", "inconsistent", "balanced acc %", "recall %", "false alarms"],
            domain_rows,
        )
        + "\n\nDialogue domains, inconsistent summaries by edit type:\n\n"
        + table(["edit type", "summaries", "detected %"], edit_rows)
        + f"\n\n- {REFERENCE}\n- Rules only, no model; "
        + ("all rows." if limit is None else f"first {limit} rows per domain.")
        + "\n"
    )


def _recall(gold: list[bool], pred: list[bool]) -> float | None:
    hits = [p for g, p in zip(gold, pred, strict=True) if g]
    return sum(hits) / len(hits) if hits else None
