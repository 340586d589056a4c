"""`summary-audit schema`: print the JSON Schema of the JSON report."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the JSON report",
        description="Print the JSON Schema of `check --format json` reports (the AuditReport model), "
        "the same as docs/audit-report.schema.json, for validating reports in other tools.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.report.json import schema_text

    sys.stdout.write(schema_text())
    return 0
