"""`summary-audit rules [CODE]`: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("rules", help="list the rules or explain one")
    p.add_argument("code", nargs="?", help="a rule code such as SA101")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from summary_audit.rules.registry import all_rules, get_rule

    if args.code:
        r = get_rule(args.code)
        if args.format == "json":
            print(json.dumps(_as_dict(r), indent=2))
        else:
            preview = " (preview)" if r.preview else ""
            print(f"{r.code} {r.name} [{r.severity.value}]{preview}\n\n{r.doc}")
        return 0
    rules = all_rules()
    if args.format == "json":
        print(json.dumps([_as_dict(r) for r in rules], indent=2))
        return 0
    for r in rules:
        preview = " (preview)" if r.preview else ""
        print(f"{r.code}  {r.name:<36} {r.severity.value:<8}{r.summary}{preview}")
    return 0


def _as_dict(r) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "code": r.code,
        "name": r.name,
        "severity": r.severity.value,
        "preview": r.preview,
        "summary": r.summary,
        "doc": r.doc,
    }
