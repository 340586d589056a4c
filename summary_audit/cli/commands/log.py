"""`summary-audit log audit|diff LOG ...`: run an audit or a draft/final diff and record it.

The log is a hash-chained JSONL file (see :mod:`summary_audit.provenance.ledger`); `verify-log` checks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summary_audit.cli.options import add_rule_options, rule_options


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "log",
        help="audit or diff, and append the result to a tamper-evident log",
        description="Run an audit (`log audit`) or a draft/final comparison (`log diff`) and "
        "append its input hashes and report hash to LOG. Exit codes are those of `check` / "
        "`diff`; 2 when the log cannot be written.",
    )
    sub = p.add_subparsers(dest="log_command", metavar="WHAT", required=True)
    a = sub.add_parser("audit", help="audit SUMMARY against TRANSCRIPT and log it")
    a.add_argument("log", help="the JSONL log (created when missing)")
    a.add_argument("transcript")
    a.add_argument("summary")
    d = sub.add_parser("diff", help="compare DRAFT with FINAL and log it")
    d.add_argument("log", help="the JSONL log (created when missing)")
    d.add_argument("draft")
    d.add_argument("final")
    d.add_argument("--transcript", metavar="FILE", help="audit both versions against this")
    for q in (a, d):
        q.add_argument("--who", help="who ran it (default: the login name)")
        q.add_argument("--report", metavar="FILE", help="also write the report JSON here")
        add_rule_options(q)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.provenance.ledger import append_audit, append_diff

    if args.log_command == "audit":
        from summary_audit.engine import audit

        report = audit(Path(args.transcript), Path(args.summary), **rule_options(args))
        entry = append_audit(args.log, report, who=args.who)
    else:
        from summary_audit.cli.commands.diff import load_and_compare

        report = load_and_compare(args)
        entry = append_diff(args.log, report, who=args.who)
    if args.report:
        # The logged hash is of exactly these bytes, so the file can be checked against the log.
        Path(args.report).write_text(report.model_dump_json(), encoding="utf-8")
    print(f"{args.log}: appended {entry.kind} entry seq {entry.seq}, hash {entry.hash}")
    print("record this head hash elsewhere to detect truncation of the log", file=sys.stderr)
    return report.exit_code(args.fail_on)
