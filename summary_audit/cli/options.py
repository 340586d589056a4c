"""Options and output helpers shared by the subcommands.

Usage errors found while parsing (a bad rule code, an output folder that does not exist) are
argparse errors: one line, exit 2, before any audit runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from summary_audit.engine import TRACEBACK_ENV
from summary_audit.errors import OutputError, clip
from summary_audit.readers import FORMATS
from summary_audit.report import crashed_rules
from summary_audit.types import CheckFailure

TRACEBACK_HINT = f"run again with --traceback (or {TRACEBACK_ENV}=1) to see the traceback"

_CODE = re.compile(r"SA\d{0,3}|ALL", re.IGNORECASE)


def rule_codes(value: str) -> str:
    """argparse type of ``--select``/``--ignore``: comma-separated codes or prefixes, checked."""
    for code in value.split(","):
        if code.strip() and not _CODE.fullmatch(code.strip()):
            raise argparse.ArgumentTypeError(
                f"{clip(code.strip())!r} is not a rule code or prefix such as SA1 or SA101"
            )
    return value


def positive_int(value: str) -> int:
    """argparse type of a count (``--workers``, ``--limit``): a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{clip(value)!r} is not a whole number of at least 1")
    return number


def positive_float(value: str) -> float:
    """argparse type of a duration in seconds (``--audit-timeout``): a finite number above 0."""
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not (0 < number < float("inf")):
        raise argparse.ArgumentTypeError(f"{clip(value)!r} is not a number of seconds above 0")
    return number


def output_file(value: str) -> Path:
    """argparse type of an output file: its folder must exist, so a run never ends in a failed
    write (the file itself is created or replaced)."""
    path = Path(value)
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{clip(value)} is a folder; name a file to write")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"cannot write {clip(value)}: folder {clip(str(folder))} does not exist"
        )
    return path


def write_output(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path``; a refusal (permissions, a full disk) is an OutputError."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {clip(str(path))}: {exc.strerror or exc}") from None


def add_verbosity(parser: argparse.ArgumentParser, *, quiet: str, verbose: str | None) -> None:
    """``-q/--quiet`` (repeatable) and, when it means something here, ``-v/--verbose``."""
    parser.add_argument("-q", "--quiet", action="count", default=0, help=quiet)
    if verbose:
        parser.add_argument("-v", "--verbose", action="count", default=0, help=verbose)
    else:
        parser.set_defaults(verbose=0)


def failures_line(failures: Sequence[CheckFailure]) -> str:
    """One line naming the crashed rules (exit 3) and how to see the traceback."""
    # A diff audits draft and final: the same crash twice is one crashed rule.
    unique = list(dict.fromkeys((f.code, f.error, f.message) for f in failures))
    named = crashed_rules(unique)
    rules = "a rule" if len({code for code, _, _ in unique}) == 1 else "rules"
    return (
        f"summary-audit: internal error: {rules} crashed, the audit is incomplete: {named}; "
        f"{TRACEBACK_HINT}"
    )


def print_failures(failures: Sequence[CheckFailure]) -> None:
    if failures:
        print(failures_line(failures), file=sys.stderr)


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose and tune rules, shared by ``check``, ``batch`` and ``diff``."""
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        type=rule_codes,
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated (e.g. SA1,SA201)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=rule_codes,
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated",
    )
    parser.add_argument("--preview", action="store_true", help="also run preview rules (LLM judge)")
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        default="warning",
        help="exit 1 when a flag is at or above this severity (default: warning)",
    )
    parser.add_argument(
        "--transcript-format",
        choices=FORMATS,
        help="override transcript format detection",
    )
    parser.add_argument(
        "--lexicon", metavar="FILE", help="extend/override the loaded-language lexicon"
    )
    parser.add_argument(
        "--wordlists",
        metavar="FILE",
        help="extend the shipped word lists (weapons, drugs, antonyms, vehicle makes ...)",
    )
    parser.add_argument(
        "--profile", metavar="NAME|FILE", help="jurisdiction profile: ca, ut, or a JSON file"
    )


def add_incident_type(parser: argparse.ArgumentParser) -> None:
    """``--incident-type``: what the report is about, checked against the profile (SA609)."""
    parser.add_argument(
        "--incident-type",
        metavar="TYPE",
        help="the report's incident type (e.g. 'traffic stop'); with --profile, SA609 flags "
        "a type the profile does not allow for AI drafting (default: the summary's metadata)",
    )


def split_codes(values: list[str]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def rule_options(args: argparse.Namespace) -> dict[str, object]:
    """Keyword arguments for :func:`summary_audit.audit` from the shared options."""
    options: dict[str, object] = {
        "select": split_codes(args.select) or None,
        "ignore": split_codes(args.ignore) or None,
        "preview": args.preview,
        "transcript_format": args.transcript_format,
    }
    if args.lexicon:
        options["lexicon"] = args.lexicon
    if getattr(args, "wordlists", None):
        options["wordlists"] = args.wordlists
    if args.profile:
        options["profile"] = args.profile
    if getattr(args, "incident_type", None):
        options["incident_type"] = args.incident_type
    return options
