"""Every flag's evidence supports it: checked on every fixture flag and on the dev data.

The invariants (summary_audit/text/evidence.py):
* each piece of evidence is one speaker's: its speaker and start time are its first segment's,
  and all its segments have that speaker; its quote is the transcript text at its span or the
  whole turn holding it;
* a passage cited as contradicting the claim aligns with the claim at least
  CONTRADICTION_MIN_SCORE, and the flag is an error only when such a passage is cited;
* a nearest passage (not support) resembles the claim at least NEAREST_MIN_SCORE, unless it is a
  contradiction that did not hold up (the explanation then says so and the flag is a warning).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.evaluation.common import default_data_dir, fixture_audits, make_summary
from summary_audit.readers import parse_transcript
from summary_audit.text.align import TranscriptIndex
from summary_audit.text.claims import split_claims
from summary_audit.text.evidence import CONTRADICTION_MIN_SCORE, NEAREST_MIN_SCORE, claim_at
from summary_audit.types import AuditReport, Severity, Transcript

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEMOTED = "not as proof"


def violations(report: AuditReport, transcript: Transcript, summary: str) -> list[str]:
    index = TranscriptIndex(transcript)
    claims = split_claims(summary)
    out = []
    for flag in report.flags:
        where = f"{flag.code} {flag.summary_span.text!r}"
        claim = claim_at(claims, flag.summary_span.start)
        for ev in flag.evidence:
            in_transcript = ev.span is not None and ev.span.doc == "transcript"
            if in_transcript and ev.quote not in (
                transcript.text[ev.span.start : ev.span.end],  # the cited words, or
                *(transcript.segments[i].text for i in ev.segments),  # the turn holding them
            ):
                out.append(f"{where}: quote is neither the cited words nor their turn")
            if not ev.segments:
                continue
            segs = [transcript.segments[i] for i in ev.segments]
            if {s.speaker for s in segs} != {ev.speaker}:
                out.append(f"{where}: evidence spans speakers {[s.speaker for s in segs]}")
            if ev.start_s != segs[0].start_s:
                out.append(f"{where}: evidence time is not its first segment's")
            if claim is None:
                continue
            score = index.passage_score(claim.span.text, ev.segments)
            if ev.relation == "contradicts" and score < CONTRADICTION_MIN_SCORE:
                # a piece of a longer passage may score lower alone; the passage as cited held
                whole = [
                    i for e in flag.evidence if e.relation == "contradicts" for i in e.segments
                ]
                if index.passage_score(claim.span.text, whole) < CONTRADICTION_MIN_SCORE:
                    out.append(f"{where}: contradicting passage aligns at {score:.0f}")
            if (
                ev.relation == "nearest"
                and score < NEAREST_MIN_SCORE
                and DEMOTED not in flag.explanation.text
            ):
                out.append(f"{where}: nearest passage resembles the claim at {score:.0f}")
        if DEMOTED in flag.explanation.text and flag.severity > Severity.WARNING:
            out.append(f"{where}: a contradiction that did not hold up is still an error")
    return out


@pytest.mark.parametrize("folder", [FIXTURES, FIXTURES / "dev"], ids=["fixtures", "dev"])
def test_every_fixture_flag_keeps_the_evidence_invariants(folder: Path):
    bad = [
        f"{fa.case.id}/{fa.summary.file}: {v}"
        for fa in fixture_audits(folder)
        for v in violations(fa.report, fa.transcript, fa.text)
    ]
    assert not bad, "\n".join(bad)


def _dev_rows(limit_per_domain: int) -> list[tuple[str, str, str]]:
    folder = default_data_dir() / "summedits"
    if not folder.is_dir():
        pytest.skip(f"SummEdits dev data not found at {folder} (shared evaluation data)")
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n >= limit_per_domain:
                    break
                row = json.loads(line)
                rows.append((row["id"], row["doc"], row["summary"]))
    return rows


@pytest.mark.data
@pytest.mark.slow
def test_every_flag_on_summedits_dev_rows_keeps_the_evidence_invariants():
    bad = []
    for id, doc, summary in _dev_rows(40):
        transcript = parse_transcript(doc, id=id)
        report = audit(transcript, make_summary(summary, id=id))
        bad += [f"{id}: {v}" for v in violations(report, transcript, summary)]
    assert not bad, "\n".join(bad[:30])


@pytest.mark.data
@pytest.mark.slow
def test_every_rule_at_error_severity_earns_it_on_others_data():
    """A rule whose default severity is error is right on at least 80% of its error flags on the
    SummEdits and DiaSumFact dev splits (when it raised at least 5), or it must be demoted."""
    from summary_audit.evaluation.precision import BAR, MIN_FLAGS, rule_precision
    from summary_audit.rules.registry import get_rule

    found = rule_precision(default_data_dir())
    if found is None:
        pytest.skip("SummEdits or DiaSumFact dev data not found (shared evaluation data)")
    below = {
        code: f"{(ok_se + ok_d) / (n_se + n_d):.0%} of {n_se + n_d}"
        for code, (n_se, ok_se, n_d, ok_d) in found.items()
        if get_rule(code).severity == Severity.ERROR
        and n_se + n_d >= MIN_FLAGS
        and (ok_se + ok_d) / (n_se + n_d) < BAR
    }
    assert not below, f"rules under the {BAR:.0%} bar at error severity: {below}"
