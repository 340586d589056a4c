"""CLI subcommands, one module each: ``register(subparsers)`` adds the parser, ``run(args)`` runs it.

``cli.py`` discovers every module here; adding a command touches no other file.
"""

from __future__ import annotations

import argparse


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose and tune rules, shared by ``check``, ``batch`` and ``diff``."""
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated (e.g. SA1,SA201)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
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
        choices=["turns", "cues", "vtt", "srt", "whisper"],
        help="override transcript format detection",
    )
    parser.add_argument(
        "--lexicon", metavar="FILE", help="extend/override the loaded-language lexicon"
    )
    parser.add_argument(
        "--profile", metavar="NAME|FILE", help="jurisdiction profile: ca, ut, or a JSON file"
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
    if args.profile:
        options["profile"] = args.profile
    return options
