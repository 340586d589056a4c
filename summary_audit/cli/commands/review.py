"""`summary-audit review RUN_DIR`: a local web app to confirm or dismiss the flags of a batch run."""

from __future__ import annotations

import argparse
import os
import sys

TOKEN_ENV = "SUMMARY_AUDIT_REVIEW_TOKEN"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="review the flags of a batch run in the browser",
        description="Serve a review queue for RUN_DIR (the --out of `summary-audit batch`). "
        "Decisions are appended to RUN_DIR/review.sqlite (a hash-chained log; its key is "
        "review.key beside it) unless --db says otherwise.",
    )
    p.add_argument("run_dir", help="a batch run directory (holds audits.jsonl)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    p.add_argument(
        "--token-file",
        help=f"file holding the access token (default: ${TOKEN_ENV}); required beyond loopback, "
        "where one is generated into RUN_DIR/review.token when none is given",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another Host name the server answers to (a reverse proxy's); repeatable",
    )
    p.add_argument(
        "--auth",
        default="local",
        metavar="SPEC",
        help="who reviewers are: local (a name per session, the default), header:NAME (taken "
        "from a trusted proxy's header) or hook:module:function",
    )
    p.add_argument("--reviewer", default="", help="name new sessions start with (local mode)")
    p.add_argument("--db", help="SQLite file for decisions (default: RUN_DIR/review.sqlite)")
    p.add_argument("--certfile", help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--keyfile", help="the certificate's private key (PEM)")
    p.add_argument(
        "--session-hours", type=float, default=12.0, help="sessions expire after (default: 12)"
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="check the decision log's chain and exit (0 intact, 1 problems found)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from summary_audit.errors import ConfigError, ExitCode
    from summary_audit.review.decisions import ReviewStore

    run_dir = Path(args.run_dir)
    db = Path(args.db) if args.db else run_dir / "review.sqlite"
    if args.verify:
        if not db.exists():
            raise ConfigError(f"{db}: no decision log yet")
        problems = ReviewStore(db).verify()
        for p in problems:
            print(f"{db}: {'#' + str(p.seq) + ': ' if p.seq else ''}{p.message}")
        if not problems:
            print(f"{db}: intact")
        return ExitCode.FINDINGS if problems else ExitCode.CLEAN

    from summary_audit.review.serve import prepare, serve

    prepared = prepare(
        run_dir,
        db,
        host=args.host,
        port=args.port,
        token=_read_token(args.token_file),
        auth=args.auth,
        reviewer=args.reviewer,
        allowed_hosts=tuple(args.allowed_host),
        certfile=args.certfile,
        keyfile=args.keyfile,
        session_hours=args.session_hours,
    )
    for line in prepared.banner():
        print(line)
    sys.stdout.flush()
    serve(prepared)
    return ExitCode.CLEAN


def _read_token(path: str | None) -> str | None:
    from summary_audit.errors import ConfigError

    if path:
        try:
            return open(path, encoding="utf-8").read().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the token file: {exc}") from None
    return os.environ.get(TOKEN_ENV) or None
