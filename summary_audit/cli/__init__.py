"""The command line: argv -> library call -> formatter -> exit code.  I/O only; no audit logic here.

Exit codes (:class:`~summary_audit.errors.ExitCode`, the table in docs/cli.md): 0 clean, 1 findings
at or above ``--fail-on``, 2 bad input, usage, configuration or output, 3 internal error (a rule
crashed or an unexpected exception: the audit is incomplete).  Every failure is one line on stderr;
``--traceback`` (or ``SUMMARY_AUDIT_TRACEBACK=1``) shows the Python traceback instead.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import pkgutil
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from typing import NoReturn

from summary_audit import __version__
from summary_audit.cli.options import TRACEBACK_HINT
from summary_audit.engine import TRACEBACK_ENV
from summary_audit.errors import ExitCode, MissingExtraError, SummaryAuditError, clip


class Parser(argparse.ArgumentParser):
    """argparse with ruff/pytest manners: a usage error is one line, with a did-you-mean."""

    argv: Sequence[str] = ()  # the whole command line, set by main() (for option suggestions)

    def error(self, message: str) -> NoReturn:
        hint = did_you_mean(self, message)
        # The top parser reports unknown options of a subcommand: name the subcommand instead.
        prog = list(_chain(self, self.argv))[-1].prog
        self.exit(int(ExitCode.FAILURE), f"{prog}: error: {message}{hint} (see {prog} -h)\n")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _chain(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> Iterator[argparse.ArgumentParser]:
    """The parser and the subcommand parsers named on the command line (``log audit``)."""
    yield parser
    for token in argv:
        sub = _subparsers(parser).get(token)
        if sub is not None:
            parser = sub
            yield parser


def did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """``"; did you mean check?"`` for a mistyped subcommand, choice or option, else ``""``."""
    choice = re.search(r"invalid choice: '([^']*)'", message)
    if choice:
        candidates = [str(c) for a in parser._actions if a.choices for c in a.choices]
        close = difflib.get_close_matches(choice.group(1), candidates, n=1, cutoff=0.6)
        return f"; did you mean {close[0]}?" if close else ""
    unknown = re.match(r"unrecognized arguments: (.*)", message)
    if unknown:  # reported by the top parser, for options of any subcommand on the line
        options = [
            s for p in _chain(parser, getattr(parser, "argv", ())) for a in p._actions
            for s in a.option_strings
        ]  # fmt: skip
        hints = {}
        for token in unknown.group(1).split():
            if token.startswith("-"):
                close = difflib.get_close_matches(token.split("=")[0], options, n=1, cutoff=0.6)
                if close:
                    hints[token] = close[0]
        if len(hints) == 1:
            return f"; did you mean {next(iter(hints.values()))}?"
        if hints:
            return "; did you mean " + ", ".join(f"{v} for {k}" for k, v in hints.items()) + "?"
    return ""


def build_parser() -> Parser:
    parser = Parser(
        prog="summary-audit",
        description="Audit AI-written police report narratives against their transcripts. "
        "Exit codes: 0 clean; 1 findings; 2 bad input, usage or output; 3 internal error "
        "(a rule crashed: the audit is incomplete).",
    )
    parser.add_argument("--version", action="version", version=f"summary-audit {__version__}")
    parser.add_argument(
        "--traceback",
        action="store_true",
        help=f"show the Python traceback of an error (also {TRACEBACK_ENV}=1); "
        "accepted anywhere on the line",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from summary_audit.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


# Optional layers and the extra that installs each (`pip install -e ".[EXTRA]"`).
EXTRAS = {
    "starlette": "ui", "uvicorn": "ui", "multipart": "ui", "tiktoken": "llm",
    "dask": "scale", "distributed": "scale",
}  # fmt: skip


def _fail(message: str) -> None:
    print(f"summary-audit: {message}", file=sys.stderr)


def _os_message(exc: OSError) -> str:
    where = f"{clip(str(exc.filename))}: " if exc.filename else ""
    return f"error: {where}{exc.strerror or exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this directly)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--traceback" in argv or os.environ.get(TRACEBACK_ENV) == "1"
    argv = [a for a in argv if a != "--traceback"]  # accepted anywhere on the line
    parser = build_parser()
    parser.argv = argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors exit 2, --help and --version 0
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return int(ExitCode.FAILURE)
    saved = os.environ.get(TRACEBACK_ENV)
    if debug:  # rules then raise instead of being recorded as failures
        os.environ[TRACEBACK_ENV] = "1"
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # an output failure (a full disk) surfaces here, not at exit
        return code
    except SummaryAuditError as exc:
        if debug:
            traceback.print_exc()
        _fail(f"error: {exc}")
        return int(ExitCode.FAILURE)
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            return _internal(exc, debug)
        if debug:
            traceback.print_exc()
        _fail(f"error: {MissingExtraError(extra, exc.name or '', f'`{args.command}`')}")
        return int(ExitCode.FAILURE)
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more can be said on stdout, nor at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.FAILURE)
    except OSError as exc:  # the machine refused (a full disk, a missing folder): not a bug
        if debug:
            traceback.print_exc()
        _fail(_os_message(exc))
        return int(ExitCode.FAILURE)
    except Exception as exc:
        return _internal(exc, debug)
    finally:
        if debug:
            if saved is None:
                os.environ.pop(TRACEBACK_ENV, None)
            else:
                os.environ[TRACEBACK_ENV] = saved


def _internal(exc: BaseException, debug: bool) -> int:
    """An unexpected exception: a bug.  One line (or the traceback), exit 3, never 1."""
    if debug:
        traceback.print_exc()
        _fail(f"internal error: {type(exc).__name__}: {clip(str(exc))}")
    else:
        _fail(f"internal error: {type(exc).__name__}: {clip(str(exc))}; {TRACEBACK_HINT}")
    return int(ExitCode.INTERNAL)
