"""`summary-audit log audit|diff LOG ...`: run an audit or a draft/final diff and record it.

The log is a hash-chained JSONL file (see :mod:`summary_audit.provenance.ledger`); `verify-log` checks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summary_audit.cli.options import (
    add_incident_type,
    add_rule_options,
    add_verbosity,
    output_file,
    print_failures,
    rule_options,
    write_output,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "log",
        help="audit or diff, and append the result to a tamper-evident log",
        description="Run an audit (`log audit`) or a draft/final comparison (`log diff`) and "
        "append its input hashes and report hash to LOG. Exit codes are those of `check` / "
        "`diff`; 2 also when the log cannot be written.",
    )
    sub = p.add_subparsers(dest="log_command", metavar="WHAT", required=True)
    a = sub.add_parser(
        "audit",
        help="audit SUMMARY against TRANSCRIPT and log it",
        description="Audit SUMMARY against TRANSCRIPT as `check` does and append the input "
        "hashes and the report's hash to LOG.",
    )
    a.add_argument("log", help="the JSONL log (created when missing)")
    a.add_argument("transcript", help="transcript file (.txt, .vtt, .srt, Whisper .json)")
    a.add_argument("summary", help="summary file (.txt, .md, or .json with metadata)")
    add_incident_type(a)
    d = sub.add_parser(
        "diff",
        help="compare DRAFT with FINAL and log it",
        description="Compare DRAFT with FINAL as `diff` does and append the input hashes and "
        "the comparison's hash to LOG.",
    )
    d.add_argument("log", help="the JSONL log (created when missing)")
    d.add_argument("draft", help="the AI draft (.txt, .md or .json)")
    d.add_argument("final", help="the final report (.txt, .md or .json)")
    d.add_argument("--transcript", metavar="FILE", help="audit both versions against this")
    for q in (a, d):
        q.add_argument("--who", help="who ran it (default: the login name)")
        q.add_argument(
            "--report",
            metavar="FILE",
            type=output_file,
            help="also write the report JSON here (the exact bytes whose hash is logged)",
        )
        add_verbosity(q, quiet="print nothing but errors", verbose=None)
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
        write_output(args.report, report.model_dump_json())
    if not args.quiet:
        print(f"{args.log}: appended {entry.kind} entry seq {entry.seq}, hash {entry.hash}")
        print("record this head hash elsewhere to detect truncation of the log", file=sys.stderr)
    print_failures(report.failures)
    if args.log_command == "audit":
        return report.exit_code(args.fail_on, preview=args.preview)
    return report.exit_code(args.fail_on)
