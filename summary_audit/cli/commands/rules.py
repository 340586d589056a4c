"""`summary-audit rules [CODE ...]`: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap
from typing import Any

from summary_audit.cli.options import rule_codes, split_codes


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "rules",
        help="list the rules or explain one",
        description="List the rules (code, name, default severity, what each does), wrapped to "
        "the terminal, or only those matching the codes or prefixes given (rules SA1 SA201). "
        "One full code prints that rule's documentation: what it does, why it matters, an "
        "example.",
    )
    p.add_argument(
        "code",
        nargs="*",
        type=rule_codes,
        metavar="CODE",
        help="rule codes or prefixes, like --select (SA101, SA1); none lists every rule",
    )
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default) or json (code, name, severity, preview, summary, doc)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.errors import ConfigError
    from summary_audit.rules.registry import all_rules

    rules = all_rules()
    codes = [c.upper() for c in split_codes(args.code)]
    if len(codes) == 1 and codes[0] in {r.code for r in rules}:
        (rule,) = [r for r in rules if r.code == codes[0]]
        if args.format == "json":
            print(json.dumps(_as_dict(rule), indent=2))
        else:
            preview = " (preview)" if rule.preview else ""
            print(f"{rule.code} {rule.name} [{rule.severity.value}]{preview}\n\n{rule.doc}")
        return 0
    if codes and "ALL" not in codes:
        rules = [r for r in rules if any(r.code.startswith(c) for c in codes)]
        if not rules:
            raise ConfigError(
                f"no rule matches {', '.join(codes)} (unknown rule code or prefix; "
                "`summary-audit rules` lists them all)"
            )
    if args.format == "json":
        print(json.dumps([_as_dict(r) for r in rules], indent=2))
        return 0
    width = max(60, shutil.get_terminal_size().columns)
    name_width = max(len(r.name) for r in rules)
    for r in rules:
        print(_row(r, name_width, width))
    return 0


def _row(r: Any, name_width: int, width: int) -> str:
    """``SA101  unsupported-number   warning  Summary text ...`` wrapped under its summary column."""
    head = f"{r.code}  {r.name:<{name_width}}  {r.severity.value:<8} "
    summary = r.summary + (" (preview)" if r.preview else "")
    if width - len(head) < 30:  # too narrow for columns: the summary on its own indented lines
        body = _fill(summary, width, "    ", "    ")
        return f"{head.rstrip()}\n{body}"
    return _fill(summary, width, head, " " * len(head))


def _fill(text: str, width: int, first: str, rest: str) -> str:
    return textwrap.fill(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,  # "forty-five" stays whole
        break_long_words=False,
    )


def _as_dict(r: Any) -> dict[str, object]:
    return {
        "code": r.code,
        "name": r.name,
        "severity": r.severity.value,
        "preview": r.preview,
        "summary": r.summary,
        "doc": r.doc,
    }
