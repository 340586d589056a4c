"""`summary-audit eval`: precision/recall on the fixtures and on the public data, as Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from summary_audit.cli.options import positive_int


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``eval`` subcommand."""
    p = subparsers.add_parser(
        "eval",
        help="evaluate the rules on the fixtures and public data",
        description="Measure the rules: precision and recall on the fixture cases (planted "
        "errors and hard negatives), the blind cases and the public data sets found in --data "
        "(SummEdits, DiaSumFact, ...); sections whose data is absent say so. Prints Markdown. "
        "Exit 0 (the numbers are the result); 2: bad input or usage.",
    )
    p.add_argument("--data", type=Path, help="evaluation data folder (default ../shared/data)")
    p.add_argument("--fixtures", type=Path, help="fixture cases folder (default: the repo's)")
    p.add_argument("--only", metavar="NAME", help="one section: fixtures, summedits, diasumfact...")
    p.add_argument(
        "--limit", type=positive_int, metavar="N", help="at most N items per dataset (quick runs)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the Markdown report; 0 always (the numbers are the result), 2 on bad input."""
    from summary_audit.evaluation import sections
    from summary_audit.evaluation.cases import FIXTURES_DIR
    from summary_audit.evaluation.common import default_data_dir

    data = args.data if args.data is not None else default_data_dir()
    print(sections(data, args.fixtures or FIXTURES_DIR, args.limit, args.only), end="")
    return 0
