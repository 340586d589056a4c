"""`summary-audit summarize TRANSCRIPT`: draft a narrative with an LLM, with provenance."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summary_audit.cli.options import OutputError, output_file, positive_int, write_output
from summary_audit.readers import FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``summarize`` subcommand."""
    p = subparsers.add_parser(
        "summarize",
        help="draft a report narrative from a transcript with an LLM (needs the llm extra)",
        description="Summarise TRANSCRIPT through any OpenAI-compatible endpoint. "
        "Settings: flags > "
        "environment (OPENAI_API_KEY, OPENAI_BASE_URL, SUMMARY_AUDIT_MODEL) > config file "
        "([llm] table of ~/.config/summary-audit/config.toml). With --out, writes JSON with "
        "the text and its provenance (readable by `check`); otherwise prints the text. With "
        "--drafts N --out DIR, writes N independent drafts DIR/draft-01.json ... (sampled at "
        "--temperature, seeds --seed, --seed+1 ..., recorded in each draft's provenance) for "
        "`check --against-drafts DIR`.",
    )
    p.add_argument("transcript", help="transcript file (.txt, .vtt, .srt, Whisper .json)")
    p.add_argument("--model", help="model name (env SUMMARY_AUDIT_MODEL)")
    p.add_argument(
        "--base-url", help="endpoint, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL)"
    )
    p.add_argument("--prompt", default="summarize.v1", help="prompt id (default: summarize.v1)")
    p.add_argument(
        "--out",
        metavar="FILE|DIR",
        type=Path,
        help="write the summary and provenance as JSON here (its folder must exist); with "
        "--drafts, the folder to write the drafts in (created if missing)",
    )
    p.add_argument(
        "--drafts",
        type=positive_int,
        metavar="N",
        help="write N independent drafts to the folder --out (a self-consistency check: "
        "`check --against-drafts DIR`)",
    )
    p.add_argument(
        "--temperature",
        type=float,
        help="sampling temperature (default 0 for one summary, 0.8 for --drafts)",
    )
    p.add_argument(
        "--seed", type=int, help="sampling seed (default 0; drafts use seed, seed+1, ...)"
    )
    p.add_argument("--json", action="store_true", help="print the JSON instead of the text")
    p.add_argument("--max-tokens", type=int, help="max tokens of each answer (default 512)")
    p.add_argument("--budget", type=int, help="max prompt tokens per request (chunks beyond it)")
    p.add_argument("--context-tokens", type=int, help="the model's context window (default 8192)")
    p.add_argument("--incident-type", help="incident type given to the prompt")
    p.add_argument("--config", metavar="FILE", help="config file with an [llm] table")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the answer cache")
    p.add_argument(
        "--transcript-format",
        choices=FORMATS,
        help="override transcript format detection",
    )
    p.set_defaults(func=run)


DRAFT_TEMPERATURE = 0.8


def run(args: argparse.Namespace) -> int:
    """Summarise, then write JSON to ``--out`` or print the text; 0 on success."""
    from summary_audit.llm import LLMClient, resolve_config, summarize, summary_to_json
    from summary_audit.readers import resolve_transcript

    if args.drafts and not args.out:
        raise OutputError("--drafts N needs --out DIR, the folder to write the drafts in")
    if args.out and not args.drafts:
        try:
            args.out = output_file(str(args.out))
        except argparse.ArgumentTypeError as exc:
            raise OutputError(str(exc)) from None
    temperature = args.temperature
    if temperature is None and args.drafts:
        temperature = DRAFT_TEMPERATURE
    flags = {
        "model": args.model,
        "base_url": args.base_url,
        "max_tokens": args.max_tokens,
        "context_tokens": args.context_tokens,
        "cache_path": "off" if args.no_cache else None,
        "temperature": temperature,
        "seed": args.seed,
    }
    config = resolve_config(flags, config_path=args.config)
    transcript = resolve_transcript(Path(args.transcript), format=args.transcript_format)
    if args.drafts:
        return _write_drafts(args, config, transcript)
    summary = summarize(
        transcript,
        client=LLMClient(config),
        prompt=args.prompt,
        incident_type=args.incident_type,
        budget=args.budget,
    )
    payload = json.dumps(summary_to_json(summary), indent=2, sort_keys=True, ensure_ascii=False)
    if args.out:
        write_output(args.out, payload + "\n")
        print(f"summary written to {args.out}", file=sys.stderr)
    else:
        print(payload if args.json else summary.text)
    return 0


def _write_drafts(args: argparse.Namespace, config: object, transcript: object) -> int:
    """``--drafts N``: N drafts at the configured temperature, seeds seed, seed+1 ..."""
    from summary_audit.llm import LLMClient, summarize, summary_to_json

    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out {folder} is a file; --drafts writes into a folder")
    if not folder.parent.is_dir():
        raise OutputError(f"cannot write drafts to {folder}: folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    first = config.seed if config.seed is not None else 0  # type: ignore[attr-defined]
    for number in range(1, args.drafts + 1):
        cfg = config.model_copy(update={"seed": first + number - 1})  # type: ignore[attr-defined]
        draft = summarize(
            transcript,  # type: ignore[arg-type]
            client=LLMClient(cfg),
            prompt=args.prompt,
            incident_type=args.incident_type,
            budget=args.budget,
        )
        data = summary_to_json(draft)
        data["parameters"] = {**data["parameters"], "draft": number, "drafts": args.drafts}
        path = folder / f"draft-{number:02d}.json"
        write_output(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{args.drafts} drafts written to {folder}", file=sys.stderr)
    return 0
