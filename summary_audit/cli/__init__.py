"""The command line: argv -> library call -> formatter -> exit code.  I/O only; no audit logic here.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 bad input or usage.
Set ``SUMMARY_AUDIT_TRACEBACK=1`` (or pass ``--traceback``) to see tracebacks instead of one-line errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence

from summary_audit import __version__
from summary_audit.errors import SummaryAuditError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summary-audit",
        description="Audit AI-written police report narratives against their transcripts.",
    )
    parser.add_argument("--version", action="version", version=f"summary-audit {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show a Python traceback on errors (debugging)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from summary_audit.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


# Optional layers and the extra that installs each (`pip install -e ".[EXTRA]"`).
EXTRAS = {
    "starlette": "ui", "uvicorn": "ui", "multipart": "ui", "openai": "llm", "tiktoken": "llm",
    "dask": "scale", "distributed": "scale",
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this directly)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--traceback" in argv or os.environ.get("SUMMARY_AUDIT_TRACEBACK") == "1"
    argv = [a for a in argv if a != "--traceback"]  # accepted anywhere on the line
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except SummaryAuditError as exc:
        if debug:
            traceback.print_exc()
        print(f"summary-audit: error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None or debug:
            raise
        print(
            f"summary-audit: error: `{args.command}` needs the {extra} extra "
            f'(missing module {exc.name}): pip install -e ".[{extra}]"',
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("summary-audit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
