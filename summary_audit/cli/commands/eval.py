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
    p.add_argument(
        "--routing",
        action="store_true",
        help="only the judge routing section: claims sent, routing recall and the perfect-judge "
        "ceiling on SummEdits, DiaSumFact and the fixtures (no model is called)",
    )
    p.add_argument(
        "--judge-min-missing",
        type=int,
        default=None,
        metavar="N",
        help="with --routing or --judge: content words missing near a claim's passages for it "
        "to be sent (default 1)",
    )
    judge = p.add_argument_group("the real judge (--judge)")
    judge.add_argument(
        "--judge",
        action="store_true",
        help="run the LLM judge on the SummEdits and DiaSumFact dev splits through an "
        "OpenAI-compatible endpoint: balanced accuracy rules alone vs rules + judge, requests, "
        "tokens and cost per 1,000 claims",
    )
    judge.add_argument("--base-url", help="endpoint, e.g. http://127.0.0.1:8080/v1")
    judge.add_argument("--model", help="model name")
    judge.add_argument(
        "--price-in", type=float, default=0.0, metavar="USD", help="USD per 1M prompt tokens"
    )
    judge.add_argument(
        "--price-out", type=float, default=0.0, metavar="USD", help="USD per 1M answer tokens"
    )
    judge.add_argument("--judge-prompt", help="judge prompt id (default judge.v2)")
    judge.add_argument("--no-cache", action="store_true", help="do not use the answer cache")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the Markdown report; 0 always (the numbers are the result), 2 on bad input."""
    from summary_audit.evaluation import sections
    from summary_audit.evaluation.cases import FIXTURES_DIR
    from summary_audit.evaluation.common import default_data_dir

    data = args.data if args.data is not None else default_data_dir()
    fixtures = args.fixtures or FIXTURES_DIR
    if args.judge:
        from summary_audit.evaluation import judging

        print(judging.run_judge_eval(data, args), end="")
        return 0
    if args.routing:
        from summary_audit.evaluation import routing
        from summary_audit.text.support import DEFAULT_MIN_MISSING

        min_missing = (
            DEFAULT_MIN_MISSING if args.judge_min_missing is None else args.judge_min_missing
        )
        print(routing.run(data, fixtures, args.limit, min_missing), end="")
        return 0
    print(sections(data, fixtures, args.limit, args.only), end="")
    return 0
