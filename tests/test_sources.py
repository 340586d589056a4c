"""Claim source classes (text/sources.py): heard, perceived, inferred; SA611 and SA612."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.report.html import render_html
from summary_audit.report.json import render_json
from summary_audit.report.markdown import render_markdown
from summary_audit.report.text import render_text
from summary_audit.text.sources import classify, classify_claims, count_sources
from summary_audit.text.wordlists import load_wordlists
from summary_audit.types import Transcript

WL = load_wordlists()
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "src-01-open-container"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("I observed an open can of beer in the cup holder.", "perceived"),
        ("I smelled the odor of marijuana coming from the car.", "perceived"),
        ("His eyes were bloodshot and watery.", "perceived"),
        ("I saw a knife on the passenger seat.", "perceived"),
        ("There was a strong odor of alcohol.", "perceived"),
        ("He appeared intoxicated.", "inferred"),
        ("It was apparent that he was lying.", "inferred"),
        ("He turned away in an attempt to flee.", "inferred"),
        ("She seemed nervous.", "inferred"),
        # reported speech wins over the observation or conclusion it reports
        ("I told her she seemed nervous.", "heard"),
        ("The driver said he saw a knife.", "heard"),
        ('He yelled "I smelled smoke!" at the door.', "heard"),
        # an officer's own act is not an inference
        ("I attempted to stop the car.", "heard"),
        ("I was attempting to stop the car.", "heard"),
        ("Officers tried to open the door.", "heard"),
        ("In an attempt to calm him, I spoke softly.", "heard"),
        # no cue: heard by default
        ("I conducted a traffic stop on Main Street.", "heard"),
    ],
)
def test_claim_source_from_its_wording(text: str, source: str) -> None:
    assert classify(text, WL)[0] == source


def test_the_cue_and_its_span_point_into_the_summary() -> None:
    from summary_audit.text.claims import split_claims

    text = "I stopped the car. Then I smelled burnt marijuana. He appeared nervous."
    claims = classify_claims(split_claims(text), text, WL)
    assert [c.source for c in claims] == ["heard", "perceived", "inferred"]
    assert claims[0].source_cue is None and claims[0].source_span is None
    span = claims[1].source_span
    assert span is not None and text[span.start : span.end] == span.text == "I smelled"
    assert claims[2].source_span.text == "appeared"
    assert count_sources(claims) == {"heard": 1, "perceived": 1, "inferred": 1}


TURNS = [
    ("OFFICER", "Step out of the car for me."),
    ("DRIVER", "Okay, okay."),
    ("OFFICER", "Is this your beer?"),
    ("DRIVER", "No, that's my brother's."),
]


def _audit(summary: str, **options):
    transcript = Transcript.from_turns(
        [(s, None, None, t) for s, t in TURNS], id="t", format="turns"
    )
    return audit(transcript, summary, **options)


def test_an_unsupported_number_in_a_perceived_clause_is_set_aside_and_named_by_sa611() -> None:
    report = _audit("I observed 3 open cans of beer in the console.")
    codes = [f.code for f in report.flags]
    assert "SA101" not in codes
    (sa611,) = [f for f in report.flags if f.code == "SA611"]
    assert sa611.severity.value == "info"
    assert "needs the officer's attestation (I observed)" in sa611.message
    assert "SA101" in sa611.explanation.text  # the flag set aside is named


def test_the_same_number_outside_a_perceived_clause_is_still_flagged() -> None:
    report = _audit("There were 3 open cans of beer in the console.")
    assert "SA101" in [f.code for f in report.flags]
    assert "SA611" not in [f.code for f in report.flags]


def test_sa612_surfaces_an_inference_no_speech_supports_and_not_one_speech_supports() -> None:
    report = _audit("The driver turned away in an attempt to flee.")
    (flag,) = [f for f in report.flags if f.code == "SA612"]
    assert flag.severity.value == "info" and "in an attempt to" in flag.message
    supported = _audit("The driver appeared to say the beer was his brother's.")
    assert "SA612" not in [f.code for f in supported.flags]


def test_every_claim_of_the_report_has_a_source_in_json_text_markdown_and_html() -> None:
    report = audit(FIXTURE / "transcript.txt", FIXTURE / "summary.flawed.txt")
    assert len(report.claims) == report.stats.claims
    data = json.loads(render_json(report))
    assert {c["source"] for c in data["claims"]} == {"heard", "perceived", "inferred"}
    text = render_text(report)
    assert text.splitlines()[-2].endswith("(7 heard, 2 perceived, 1 inferred)")
    verbose = render_text(report, verbosity=1)
    assert "claims by source:" in verbose and "perceived (2):" in verbose
    assert "## Claims by source" in render_markdown(report)
    assert "<h2>Claims by source</h2>" in render_html(report)


def test_claims_by_source_is_escaped_in_markdown_and_html() -> None:
    report = _audit("I observed <script>alert(1)</script> *bold* in the car.")
    html = render_html(report)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    md = render_markdown(report)
    assert "<script>" not in md and "\\*bold\\*" in md


def test_fixture_flawed_summary_lists_perceived_and_inferred_claims() -> None:
    from summary_audit.evaluation.cases import iter_cases

    (case,) = [c for c in iter_cases(FIXTURE.parent) if c.id == "src-01-open-container"]
    flawed = next(s for s in case.summaries if s.kind == "flawed")
    report = audit(case.transcript_path, flawed.path, **case.audit_options())
    codes = sorted(f.code for f in report.flags if f.code.startswith("SA61"))
    assert codes.count("SA611") == 2 and codes.count("SA612") == 1
    assert "SA101" not in [f.code for f in report.flags]  # "two" cans: set aside


def test_source_classes_section_scores_every_labelled_claim() -> None:
    from summary_audit.evaluation import source_classes

    out = source_classes.run(None, FIXTURE.parent, None)
    assert "| fixtures | perceived |" in out and "| fixtures | inferred |" in out
    assert "police narratives skipped" in out  # no data folder given
    assert "development figures" in out


def test_a_label_that_names_no_claim_is_an_error() -> None:
    from summary_audit.evaluation.source_classes import gold_classes

    with pytest.raises(ValueError, match="matches 0 claims"):
        gold_classes("I stopped the car.", {"perceived": ["no such words"]}, "x")


def test_a_perceived_claim_the_recording_speaks_to_keeps_its_flag() -> None:
    """'I saw a kitchen knife in her hand' where the officer said 'I see you have scissors in
    your hand': the nearest passage aligns with the claim, so SA106 stands."""
    case = FIXTURE.parent / "10-mental-health-crisis"
    report = audit(case / "transcript.json", case / "summary.flawed.txt")
    (flag,) = [f for f in report.flags if f.code == "SA106"]
    assert "knife" in flag.summary_span.text
    assert any(ev.relation == "nearest" and "scissors" in (ev.quote or "") for ev in flag.evidence)


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(
    not (DATA / "police-narratives").is_dir(), reason="no police-narratives data in ../shared/data"
)
def test_source_classes_on_the_three_police_narratives() -> None:
    from summary_audit.evaluation import source_classes

    out = source_classes.run(DATA, FIXTURE.parent, None)
    rows = [line for line in out.splitlines() if line.startswith("| police narratives |")]
    assert len(rows) == 3  # heard, perceived, inferred, each labelled by hand
