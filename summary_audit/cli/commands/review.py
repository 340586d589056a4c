"""`summary-audit review RUN_DIR`: a local web app to confirm or dismiss the flags of a batch run."""

from __future__ import annotations

import argparse
import os


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="review the flags of a batch run in the browser",
        description="Serve a review queue for RUN_DIR (the --out of `summary-audit batch`). "
        "Decisions are appended to RUN_DIR/review.sqlite unless --db says otherwise.",
    )
    p.add_argument("run_dir", help="a batch run directory (holds audits.jsonl)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    p.add_argument(
        "--token",
        default=os.environ.get("SUMMARY_AUDIT_REVIEW_TOKEN"),
        help="access token; required when binding to anything but loopback "
        "(default: $SUMMARY_AUDIT_REVIEW_TOKEN)",
    )
    p.add_argument("--reviewer", default="", help="reviewer name for this session (local mode)")
    p.add_argument("--db", help="SQLite file for decisions (default: RUN_DIR/review.sqlite)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from summary_audit.review.app import ReviewApp, check_binding
    from summary_audit.review.decisions import ReviewStore
    from summary_audit.review.run_dir import load_run

    check_binding(args.host, args.token)
    review_run = load_run(args.run_dir)
    store = ReviewStore(args.db or Path(args.run_dir) / "review.sqlite")
    app = ReviewApp(review_run, store, token=args.token, default_reviewer=args.reviewer)
    import uvicorn

    suffix = f"/?token={args.token}" if args.token else "/"
    print(f"reviewing {len(review_run.entries)} audits at http://{args.host}:{args.port}{suffix}")
    uvicorn.run(app.asgi(), host=args.host, port=args.port, log_level="warning")
    return 0
