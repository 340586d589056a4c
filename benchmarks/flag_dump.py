"""Flag dumps, for reviewing a rule change as a diff of the flags it changed.

``python -m benchmarks.flag_dump fixtures``     every flag of every fixture audit, one per line
``python -m benchmarks.flag_dump dev``          the same for the cases under ``fixtures/dev``
``python -m benchmarks.flag_dump summedits``    SA1-SA3 flags on SummEdits dev (all 8 domains),
                                               marked ok/bad (summary label) and TP/FP (an error
                                               flag on the edited words of a bad summary is TP)
``python -m benchmarks.flag_dump diasumfact``   SA1-SA3 flags on DiaSumFact, marked by the label
                                               of the sentence they fall in

Not a benchmark (``make bench`` runs only ``bench_*`` modules).  Lines are sorted and stable so
that two dumps, before and after a change, diff to exactly the flags that changed; the scoring
is the evaluation harness's (``summary-audit eval --only summedits|diasumfact`` prints the
per-rule precision tables).  Fixtures under ``fixtures/blind`` are never read: ``fixture_audits``
reads only folders that hold a ``case.json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from summary_audit.errors import InputError
from summary_audit.evaluation.cases import FIXTURES_DIR
from summary_audit.evaluation.common import default_data_dir, fixture_audits, make_summary
from summary_audit.evaluation.summedits import audit_row, edited_spans, load_rows
from summary_audit.types import Flag, Severity


def _line(dataset: str, item: str, flag: Flag, bad: bool, right: bool) -> str:
    span = flag.summary_span
    mark = ("TP" if right else "FP") if flag.severity >= Severity.ERROR else "--"
    return (
        f"{dataset}\t{item}\t{'bad' if bad else 'ok'}\t{mark}\t{flag.code}\t"
        f"{flag.severity.value}\t{span.text!r}\t{flag.message}"
    )


def fixture_lines(fixtures_dir: Path = FIXTURES_DIR) -> Iterator[str]:
    """Every flag of every fixture summary, audited with its case options."""
    for fa in fixture_audits(fixtures_dir):
        for f in fa.report.flags:
            yield (
                f"{fa.case.id}/{fa.summary.file}\t{f.code}\t{f.severity.value}\t"
                f"{f.summary_span.start}\t{f.summary_span.text!r}\t{f.message}"
            )


def summedits_lines(data: Path) -> Iterator[str]:
    """SA1-SA3 flags on every SummEdits dev row."""
    for path in sorted((data / "summedits").glob("*.jsonl")):
        for row in load_rows(path.parent, path.stem, None):
            try:
                flags = audit_row(row["doc"], row["summary"], row["id"])
            except InputError:
                continue
            bad = row["label"] == 0
            spans = edited_spans(row["summary"], row.get("original_summary") or "") if bad else []
            for f in flags:
                s = f.summary_span
                right = bad and any(s.start < b and a < max(s.end, s.start + 1) for a, b in spans)
                yield _line(path.stem, row["id"], f, bad, right)


def diasumfact_lines(data: Path) -> Iterator[str]:
    """SA1-SA3 flags on every DiaSumFact model summary, by their sentence's label."""
    from summary_audit import audit
    from summary_audit.readers import parse_transcript

    records = json.loads((data / "diasumfact" / "annotations.json").read_text(encoding="utf-8"))
    for dialog_id in sorted(records):
        rec = records[dialog_id]
        try:
            transcript = parse_transcript("\n".join(rec["utterances"]), id=dialog_id)
        except InputError:
            continue
        for model in sorted(rec["annotations"]):
            ann = rec["annotations"][model]
            text = ann["model_prediction"]
            summary = make_summary(text, id=f"{dialog_id}/{model}")
            report = audit(transcript, summary, select=["SA1", "SA2", "SA3"])
            sentences, pos = [], 0
            for item in sorted(ann["sentence_annotations"], key=lambda i: i["index"]):
                start = text.find(item["sentence"], pos)
                if start < 0:
                    continue
                pos = start + len(item["sentence"])
                wrong = any(a.get("error_class", "No Error") != "No Error"
                            for a in item["annotation"])  # fmt: skip
                sentences.append((start, pos, wrong))
            for f in report.flags:
                s = f.summary_span
                hit = [w for a, b, w in sentences if s.start < b and a < s.end]
                if hit:
                    name = f"{rec['dataset_name']}:{dialog_id}/{model}"
                    yield _line("diasumfact", name, f, any(hit), any(hit))


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ""
    data = default_data_dir()
    readers = {
        "fixtures": fixture_lines,
        "dev": lambda: fixture_lines(FIXTURES_DIR / "dev"),
        "summedits": lambda: summedits_lines(data),
        "diasumfact": lambda: diasumfact_lines(data),
    }
    if what not in readers:
        print(__doc__)
        return 2
    print("\n".join(sorted(readers[what]())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
