"""`summary-audit verify-log LOG`: check a tamper-evident audit log's hash chain."""

from __future__ import annotations

import argparse

from summary_audit.cli.options import add_verbosity


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "verify-log",
        help="verify a tamper-evident audit log",
        description="Check every entry's hash, the chain of links and the sequence numbers of "
        "LOG, and compare its last entry with the head hash (--head, else LOG.head). "
        "Exit 0: intact; 1: tampered; 2: unreadable.",
    )
    p.add_argument("log", help="the JSONL log written by `summary-audit log`")
    p.add_argument("--head", metavar="HASH", help="the head hash you recorded elsewhere")
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default) or json (the problems, entry count and head)",
    )
    add_verbosity(p, quiet="text: print only the problems, not the verdict line", verbose=None)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.provenance.ledger import verify
    from summary_audit.report import plural

    result = verify(args.log, head=args.head)
    if args.format == "json":
        print(result.model_dump_json(indent=2))
        return 0 if result.ok else 1
    for problem in result.problems:
        where = f"line {problem.line}" if problem.line else "head"
        print(f"{args.log}: {where}: {problem.message}")
    entries = plural(result.entries, "entry")
    if result.ok and not result.entries and not args.quiet:
        print(f"{args.log}: empty log: {entries}")
        return 0
    if args.quiet:
        return 0 if result.ok else 1
    state = "intact" if result.ok else "TAMPERED"
    head = (
        "head checked" if result.head_checked else "no head hash recorded: truncation undetectable"
    )
    print(f"{args.log}: {state}: {entries}, last hash {result.head}; {head}")
    return 0 if result.ok else 1
