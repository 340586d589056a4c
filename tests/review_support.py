"""A small batch run directory for review tests, with hostile strings in every field."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from summary_audit.batch.store import save_transcript
from summary_audit.engine import flag_id
from summary_audit.readers import load_transcript
from summary_audit.types import AuditReport, Evidence, Explanation, Flag, Severity, Span, Stats

XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
ATTR = '" onmouseover="window.__pwned=3" x="'

TRANSCRIPT = (
    "[00:00:01] OFFICER REYES: Step out of the car please.\n"
    f"[00:00:05] DRIVER: Okay okay. {XSS}\n"
    "[00:00:09] OFFICER REYES: Thank you.\n"
)


def _flag(text: str, word: str, code: str, severity: str, message: str) -> Flag:
    start = text.index(word)
    span = Span(doc="summary", start=start, end=start + len(word), text=word)
    return Flag(
        id=flag_id(code, span.start, span.end, span.text, message),
        code=code,
        rule=f"rule-{code.lower()}",
        severity=Severity(severity),
        message=message,
        summary_span=span,
        evidence=(
            Evidence(
                segments=(1,),
                speaker="DRIVER",
                start_s=5.0,
                end_s=9.0,
                alignment="fuzzy",
                score=71.0,
                quote=f"Okay okay. {XSS}",
            ),
        ),
        explanation=Explanation(rule=f"rule-{code.lower()}", method="lexical", text=f"why {ATTR}"),
        suggestion=f"say it plainly {XSS}",
    )


def make_report(
    case: str, summary: str, flags: list[tuple[str, str, str, str]], transcript_sha: str = "0" * 64
) -> AuditReport:
    from summary_audit.text.claims import split_claims
    from summary_audit.text.sources import classify_claims
    from summary_audit.text.wordlists import load_wordlists

    made = [_flag(summary, *f) for f in flags]
    claims = classify_claims(split_claims(summary), summary, load_wordlists())
    counts = {s.value: sum(f.severity.value == s.value for f in made) for s in Severity}
    sha = hashlib.sha256(summary.encode()).hexdigest()
    return AuditReport(
        transcript_id=case,
        summary_id=f"{case}-summary",
        transcript_sha256=transcript_sha,
        summary_sha256=sha,
        summary_text=summary,
        flags=tuple(made),
        signature="test|sig",
        claims=tuple(claims),
        stats=Stats(
            claims=2,
            segments=3,
            summary_words=len(summary.split()),
            transcript_words=20,
            rules_run=3,
            flags=counts,
        ),
    )


def _start_run(directory: Path) -> tuple[Path, str]:
    """A run directory with the transcript (and its parsed copy, as a batch keeps it): its path
    and hash."""
    directory.mkdir(parents=True, exist_ok=True)
    transcript = directory / "transcript.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    parsed = load_transcript(transcript)
    save_transcript(directory, parsed)  # what a batch keeps for the review app
    return transcript, parsed.sha256


def _record(key: str, report: AuditReport, **fields: object) -> str:
    """One ``audits.jsonl`` line of an ``ok`` audit."""
    rec = {
        "key": key,
        "case": report.transcript_id,
        "summary_file": "summary.txt",
        **fields,
        "status": "ok",
        "report": report.model_dump(mode="json"),
        "error": None,
    }
    return json.dumps(rec) + "\n"


def write_run(directory: Path, n_extra: int = 0) -> dict[str, AuditReport]:
    """Two hand-made audits (one risky, one mild), ``n_extra`` copies, and one failed line."""
    transcript, sha = _start_run(directory)
    risky_text = f"The combative driver {XSS} said {ATTR} he had 9 beers."
    reports = {
        "risky": make_report(
            "case-risky",
            risky_text,
            [
                ("combative", "SA403", "warning", f"demeanor {XSS}"),
                ("9 beers", "SA101", "error", "number not in transcript"),
            ],
            sha,
        ),
        "mild": make_report(
            "case-mild",
            "The driver stepped out of the car.",
            [
                ("stepped out", "SA406", "info", "minor wording"),
            ],
            sha,
        ),
    }
    for i in range(n_extra):
        reports[f"extra{i:04d}"] = make_report(
            f"case-{i:04d}",
            risky_text,
            [("combative", "SA403", "warning", "demeanor"), ("9 beers", "SA101", "error", "n")],
            sha,
        )
    with (directory / "audits.jsonl").open("w", encoding="utf-8") as fh:
        for key, report in reports.items():
            fh.write(
                _record(
                    key,
                    report,
                    transcript=str(transcript),
                    summary="summary.txt",
                    metadata={"officer": f"Ofc. {XSS}", "unit": "Patrol 2"},
                )
            )
        fh.write(
            json.dumps(
                {
                    "key": "bad",
                    "status": "failed",
                    "report": None,
                    "error": {"type": "InputError", "message": "x"},
                }
            )
            + "\n"
        )
        fh.write('{"key": "trunc')  # a line cut by kill -9
    return reports


BASE_URL = "http://127.0.0.1:8765"


def write_keyboard_run(directory: Path, sizes: tuple[int, ...] = (7, 7, 6)) -> list[str]:
    """Audits with ``sizes`` flags each (one per word of the summary), all errors so the queue
    order is by flag count; returns the audit keys in queue order."""
    _, sha = _start_run(directory)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
    keys = []
    with (directory / "audits.jsonl").open("w", encoding="utf-8") as fh:
        for n, size in enumerate(sizes):
            text = "The officer noted " + " ".join(words[:size]) + "."
            flags = [(w, "SA101", "error", f"{w} is not in the transcript") for w in words[:size]]
            report = make_report(f"kb-{n}", text, flags, sha)
            key = f"kb{n}"
            keys.append(key)
            fh.write(_record(key, report, metadata={"officer": f"Ofc. {n}", "unit": "Patrol 1"}))
    return keys


def write_listing_run(directory: Path) -> None:
    """A faithful audit whose only flags are listings (SA611, SA612: nothing to decide) and a
    mixed one: a listing first, then an error to decide."""
    _, sha = _start_run(directory)
    perceived = ("I smelled alcohol", "SA611", "info", "perceived: the officer attests it")
    reports = {
        "faithful": make_report(
            "case-faithful",
            "I smelled alcohol. He appeared intoxicated. The driver stepped out.",
            [perceived, ("appeared intoxicated", "SA612", "info", "a conclusion no speech says")],
            sha,
        ),
        "mixed": make_report(
            "case-mixed",
            "I smelled alcohol. The driver had 9 beers.",
            [perceived, ("9 beers", "SA101", "error", "number not in transcript")],
            sha,
        ),
    }
    meta = {"officer": "Ofc. Reyes", "unit": "Patrol 2"}
    with (directory / "audits.jsonl").open("w", encoding="utf-8") as fh:
        for key, report in reports.items():
            fh.write(_record(key, report, summary_file="summary.faithful.txt", metadata=meta))
