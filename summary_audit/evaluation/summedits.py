"""SummEdits (Laban et al. 2023): summary-level balanced accuracy, false alarms, per-rule precision.

A summary counts as flagged inconsistent when the audit (rules SA1-SA3 only) raises a flag of
error severity.  The source document is passed to :func:`summary_audit.audit` as its text, the
way a user would pass a transcript: the readers decide its layout (a chat, a meeting, an ASR
dump read as plain text).  A document they refuse is counted, never skipped silently.

Where a flag should be: an inconsistent summary is an edit of a consistent one
(``original_summary``); the words the edit changed are found by diffing the two.  A flag counts
as correct when it overlaps them, so "caught" inconsistencies flagged only elsewhere are
reported as on the wrong text, and per-rule precision counts flags on edited words only.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from summary_audit.errors import InputError
from summary_audit.evaluation.common import balanced_accuracy, make_summary, pct, skipped, table
from summary_audit.types import Flag, Severity

TITLE = "SummEdits: summary-level balanced accuracy (SA1-SA3 errors)"
DIALOGUE = ("samsum", "qmsumm", "sales_call", "podcast")
QAFACTEVAL = {"samsum": 66.2, "qmsumm": 62.4, "sales_call": 68.4, "podcast": 63.7}
REFERENCE = (
    "Published reference points on the dialogue domains (samsum, qmsumm, sales_call, podcast): "
    "QAFactEval 66.2 / 62.4 / 68.4 / 63.7, SummaC-Conv 53.1-59.0, GPT-4 79.6-87.9, humans about 90."
)
FAMILIES = ("SA1", "SA2", "SA3")
RULE_HEADERS = ["rule", "error flags", "on consistent summaries", "precision at error %",
                "warning flags", "precision at warning %"]  # fmt: skip
_WORD = re.compile(r"\S+")


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


def edited_spans(summary: str, original: str) -> list[tuple[int, int]]:
    """Character ranges of ``summary`` that differ from ``original`` (word diff).  A deletion
    ("did not" removed) is marked on the words either side of where it was."""
    words = list(_WORD.finditer(summary))
    matcher = difflib.SequenceMatcher(
        a=[w.group() for w in _WORD.finditer(original)],
        b=[w.group() for w in words],
        autojunk=False,
    )
    spans = []
    for op, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if j2 > j1:
            spans.append((words[j1].start(), words[j2 - 1].end()))
        elif words:
            lo, hi = max(0, j1 - 1), min(len(words) - 1, j1)
            spans.append((words[lo].start(), words[hi].end()))
    return spans


def audit_row(doc: str, summary: str, id: str = "row") -> tuple[Flag, ...]:
    """The SA1-SA3 flags of ``summary`` against ``doc`` (InputError if the readers refuse it)."""
    from summary_audit import audit
    from summary_audit.readers import parse_transcript

    report = audit(
        parse_transcript(doc, id=id), make_summary(summary, id=id), select=list(FAMILIES)
    )
    return report.flags


def predict(doc: str, summary: str, id: str = "row") -> bool:
    """True when the audit finds an SA1-SA3 error in ``summary`` against ``doc``."""
    return any(f.severity >= Severity.ERROR for f in audit_row(doc, summary, id))


def _hits(flag: Flag, spans: list[tuple[int, int]]) -> bool:
    s = flag.summary_span
    return any(s.start < b and a < max(s.end, s.start + 1) for a, b in spans)


@dataclass
class Scores:
    """Counts over the rows of one domain (or pooled)."""

    gold: list[bool] = field(default_factory=list)
    pred: list[bool] = field(default_factory=list)
    refused: int = 0
    caught_elsewhere: int = 0  # inconsistent, flagged, but no error flag on the edited words
    rule_flags: Counter[str] = field(default_factory=Counter)  # error flags per rule
    rule_right: Counter[str] = field(default_factory=Counter)  # ... on edited words
    rule_on_consistent: Counter[str] = field(default_factory=Counter)
    warn_flags: Counter[str] = field(default_factory=Counter)  # warning flags per rule
    warn_right: Counter[str] = field(default_factory=Counter)

    def add(self, row: dict) -> None:
        inconsistent = row["label"] == 0
        try:
            flags = audit_row(row["doc"], row["summary"], row["id"])
        except InputError:
            self.refused += 1
            return
        spans = (
            edited_spans(row["summary"], row.get("original_summary") or row["summary"])
            if inconsistent
            else []
        )
        errors = [f for f in flags if f.severity >= Severity.ERROR]
        self.gold.append(inconsistent)
        self.pred.append(bool(errors))
        if inconsistent and errors and not any(_hits(f, spans) for f in errors):
            self.caught_elsewhere += 1
        for f in flags:
            right = inconsistent and _hits(f, spans)
            if f.severity >= Severity.ERROR:
                self.rule_flags[f.code] += 1
                self.rule_right[f.code] += right
                self.rule_on_consistent[f.code] += not inconsistent
            elif f.severity >= Severity.WARNING:
                self.warn_flags[f.code] += 1
                self.warn_right[f.code] += right

    def merge(self, other: Scores) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.refused += other.refused
        self.caught_elsewhere += other.caught_elsewhere
        for mine, theirs in (
            (self.rule_flags, other.rule_flags),
            (self.rule_right, other.rule_right),
            (self.rule_on_consistent, other.rule_on_consistent),
            (self.warn_flags, other.warn_flags),
            (self.warn_right, other.warn_right),
        ):
            mine.update(theirs)

    @property
    def false_alarms(self) -> int:
        return sum(p and not g for g, p in zip(self.gold, self.pred, strict=True))

    @property
    def consistent(self) -> int:
        return sum(not g for g in self.gold)

    @property
    def caught(self) -> int:
        return sum(p and g for g, p in zip(self.gold, self.pred, strict=True))

    def row(self, name: str) -> tuple[object, ...]:
        recall = self.caught / sum(self.gold) if sum(self.gold) else None
        fa_rate = self.false_alarms / self.consistent if self.consistent else None
        elsewhere = self.caught_elsewhere / self.caught if self.caught else None
        reference = QAFACTEVAL.get(name)
        return (
            name,
            len(self.gold),
            sum(self.gold),
            pct(balanced_accuracy(self.gold, self.pred)),
            f"{reference:.1f}" if reference else "",
            pct(recall),
            f"{self.false_alarms} ({pct(fa_rate)} %)",
            pct(elsewhere),
            self.refused,
        )


@functools.cache
def score_domains(
    folder: Path, limit: int | None
) -> tuple[dict[str, Scores], dict[str, list[bool]]]:
    """Scores per domain, and detection per edit type on the dialogue domains (audited once per
    run of eval: the precision section reads the same scores)."""
    files = {p.stem for p in folder.glob("*.jsonl")}
    domains = [d for d in DIALOGUE if d in files] + sorted(files - set(DIALOGUE))
    out: dict[str, Scores] = {}
    by_edit: dict[str, list[bool]] = defaultdict(list)
    for domain in domains:
        s = out[domain] = Scores()
        for row in load_rows(folder, domain, limit):
            before = len(s.pred)
            s.add(row)
            if domain in DIALOGUE and row["label"] == 0 and len(s.pred) > before:
                for edit in row.get("edit_types") or ["(untyped)"]:
                    by_edit[edit].append(s.pred[-1])
    return out, by_edit


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The SummEdits section: per domain, per edit type and per rule."""
    folder = (data_dir or Path()) / "summedits"
    if data_dir is None or not folder.is_dir():
        return skipped(TITLE, f"no SummEdits data at {folder}")
    domains, by_edit = score_domains(folder, limit)
    dialogue, everything = Scores(), Scores()
    for name, s in domains.items():
        everything.merge(s)
        if name in DIALOGUE:
            dialogue.merge(s)
    rows = [s.row(name) for name, s in domains.items()]
    rows += [dialogue.row("dialogue (4 pooled)"), everything.row("all 8 pooled")]
    edit_rows = [(e, len(v), pct(sum(v) / len(v))) for e, v in sorted(by_edit.items())]
    rule_rows = [
        (
            code,
            everything.rule_flags[code],
            everything.rule_on_consistent[code],
            pct(everything.rule_right[code] / everything.rule_flags[code])
            if everything.rule_flags[code]
            else "–",
            everything.warn_flags[code],
            pct(everything.warn_right[code] / everything.warn_flags[code])
            if everything.warn_flags[code]
            else "–",
        )
        for code in sorted(set(everything.rule_flags) | set(everything.warn_flags))
    ]
    headers = ["domain", "summaries", "inconsistent", "balanced acc %", "QAFactEval",
               "recall %", "consistent with an error flag", "caught on the wrong text %",
               "refused"]  # fmt: skip
    return (
        f"## {TITLE}\n\n"
        + table(headers, rows)
        + "\n\nDialogue domains, inconsistent summaries by edit type:\n\n"
        + table(["edit type", "summaries", "detected %"], edit_rows)
        + "\n\nPer rule, all 8 domains (a flag is right when it overlaps the edited words):\n\n"
        + table(RULE_HEADERS, rule_rows)
        + f"\n\n- {REFERENCE}\n- Rules only, no model; "
        + ("all rows." if limit is None else f"first {limit} rows per domain.")
        + "\n- The dev split is what the rules are tuned on; a held-out split is measured by others."
        + "\n"
    )
