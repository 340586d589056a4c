"""DiaSumFact (Zhu et al. 2023): sentence-level balanced accuracy and error-span overlap.

Each model summary is audited (SA1-SA3) against its dialogue, passed to the readers as the text a
user would have (one "speaker: utterance" line each; lower-case role labels included).  A
sentence is predicted erroneous when a warning or error flag falls inside it.  Spans: a flag's
summary span against the annotated ``error_span`` located in its sentence.  Per rule: a flag is
right when its sentence is annotated erroneous.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summary_audit.errors import InputError
from summary_audit.evaluation.common import (
    balanced_accuracy,
    make_summary,
    overlap_precision_recall,
    overlaps,
    pct,
    ratio,
    skipped,
    table,
)
from summary_audit.readers import parse_transcript
from summary_audit.types import Flag, Severity

TITLE = "DiaSumFact: sentence-level detection and error-span overlap (SA1-SA3)"


def _sentences(
    summary: str, items: list[dict]
) -> list[tuple[int, int, list[tuple[int, int]], bool]]:
    """(start, end, gold error spans, erroneous) per annotated sentence, located in ``summary``."""
    out = []
    pos = 0
    for item in sorted(items, key=lambda i: i["index"]):
        sent = item["sentence"]
        start = summary.find(sent, pos)
        if start < 0:
            continue  # the sentence text differs from the summary; skip rather than guess
        end = start + len(sent)
        pos = end
        errors = [a for a in item["annotation"] if a.get("error_class", "No Error") != "No Error"]
        spans = []
        for a in errors:
            at = sent.find(a.get("error_span") or "\0")
            if at >= 0:
                spans.append((start + at, start + at + len(a["error_span"])))
        out.append((start, end, spans, bool(errors)))
    return out


@dataclass
class DiaScores:
    """Sentence labels and predictions per source, refused summaries, and per-rule counts."""

    stats: dict[str, dict[str, list]] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)
    rule_flags: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, severity)
    rule_right: Counter[tuple[str, str]] = field(default_factory=Counter)  # in an erroneous one


Sentence = tuple[int, int, list[tuple[int, int]], bool]  # start, end, error spans, erroneous


def summaries(path: Path, limit: int | None) -> Iterator[tuple[str, str, str, list[Sentence]]]:
    """(id, dialogue, summary text, annotated sentences) for every model summary, in a fixed
    order: what the routing and judge evaluations read."""
    records = json.loads(path.read_text(encoding="utf-8"))
    for dialog_id in sorted(records)[:limit]:
        rec = records[dialog_id]
        doc = "\n".join(rec["utterances"])
        for model in sorted(rec["annotations"]):
            ann = rec["annotations"][model]
            text = ann["model_prediction"]
            yield f"{dialog_id}/{model}", doc, text, _sentences(text, ann["sentence_annotations"])


def flag_ranges(flags: Iterable[Flag]) -> list[tuple[int, int]]:
    """The summary ranges of the warning and error flags (a zero-width span counts one char)."""
    return [
        (f.summary_span.start, max(f.summary_span.end, f.summary_span.start + 1))
        for f in flags
        if f.severity >= Severity.WARNING
    ]


@functools.cache
def score(path: Path, limit: int | None) -> DiaScores:
    """Audit every model summary of DiaSumFact (SA1-SA3) and count, once per run of eval."""
    from summary_audit import audit

    records = json.loads(path.read_text(encoding="utf-8"))
    out = DiaScores()
    for dialog_id in sorted(records)[:limit]:
        rec = records[dialog_id]
        s = out.stats.setdefault(rec["dataset_name"], {"gold": [], "pred": [], "span": []})
        try:
            transcript = parse_transcript("\n".join(rec["utterances"]), id=dialog_id)
        except InputError:
            out.refused[rec["dataset_name"]] += len(rec["annotations"])
            continue
        for model in sorted(rec["annotations"]):
            ann = rec["annotations"][model]
            text = ann["model_prediction"]
            report = audit(transcript, make_summary(text, id=f"{dialog_id}/{model}"),
                           select=["SA1", "SA2", "SA3"])  # fmt: skip
            serious = [f for f in report.flags if f.severity >= Severity.WARNING]
            flags = [(f.summary_span.start, f.summary_span.end) for f in serious]
            sentences = _sentences(text, ann["sentence_annotations"])
            for start, end, spans, erroneous in sentences:
                inside = [p for p in flags if overlaps(p, (start, end))]
                s["gold"].append(erroneous)
                s["pred"].append(bool(inside))
                s["span"].append(overlap_precision_recall(inside, spans))
            for f in serious:
                where = (f.summary_span.start, max(f.summary_span.end, f.summary_span.start + 1))
                located = [e for a, b, _, e in sentences if overlaps(where, (a, b))]
                if located:
                    key = (f.code, f.severity.value)
                    out.rule_flags[key] += 1
                    out.rule_right[key] += any(located)
    return out


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The DiaSumFact section, per source dataset (QMSum, SAMSum)."""
    path = (data_dir or Path()) / "diasumfact" / "annotations.json"
    if data_dir is None or not path.is_file():
        return skipped(TITLE, f"no DiaSumFact data at {path}")
    d = score(path, limit)
    stats, refused, rule_flags, rule_right = d.stats, d.refused, d.rule_flags, d.rule_right
    rows = []
    for name in sorted(stats):
        s = stats[name]
        tp_p, n_p, tp_g, n_g = (sum(c[k] for c in s["span"]) for k in range(4))
        rows.append(
            (name, len(s["gold"]), sum(s["gold"]), pct(balanced_accuracy(s["gold"], s["pred"])),
             pct(ratio(tp_p, n_p)), pct(ratio(tp_g, n_g)), refused[name])
        )  # fmt: skip
    rule_rows = [
        (code, severity, n, pct(ratio(rule_right[(code, severity)], n)))
        for (code, severity), n in sorted(rule_flags.items())
    ]
    return (
        f"## {TITLE}\n\n"
        + table(
            [
                "source",
                "sentences",
                "erroneous",
                "balanced acc %",
                "span precision %",
                "span recall %",
                "refused summaries",
            ],
            rows,
        )
        + "\n\nPer rule (a flag is right when its sentence is annotated erroneous):\n\n"
        + table(["rule", "severity", "flags", "precision %"], rule_rows)
        + "\n\n- A sentence is predicted erroneous when a warning or error flag overlaps it; "
        "span precision = flags overlapping an annotated error span.\n"
    )
