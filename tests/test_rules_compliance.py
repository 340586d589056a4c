"""SA6xx compliance: placeholders, planted errors, jurisdiction profiles, weak audio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit import audit
from summary_audit.errors import ConfigError
from summary_audit.rules.compliance import statement_spans
from summary_audit.text.profiles import load_profile
from summary_audit.types import Segment, Transcript, Word
from tests.helpers import make_summary, make_transcript

TRANSCRIPT = make_transcript(
    [("OFC. REYES", "Evening, I stopped you for speeding."), ("DRIVER", "okay, sorry officer.")]
)
CA_OK = (
    "I stopped the driver for speeding.\n"
    "This report was written either fully or in part using artificial intelligence.\n"
    "AI program used: Draft One.\n"
)
UT_OK = (
    "I stopped the driver for speeding.\n"
    "This report contains AI-generated content.\n"
    "I certify that I have read and reviewed this report for accuracy.\n"
)


def _flags(summary: str, transcript: Transcript = TRANSCRIPT, **options: object) -> list:
    return list(audit(transcript, make_summary(summary), select=["SA6"], **options).flags)


def _codes(summary: str, transcript: Transcript = TRANSCRIPT, **options: object) -> list[str]:
    return [f.code for f in _flags(summary, transcript, **options)]


@pytest.mark.parametrize(
    "placeholder",
    ["[INSERT: date]", "[INSERT suspect name]", "[insert location]", "[FILL IN time]"],
)
def test_when_placeholder_is_left_then_SA601_on_it(placeholder: str) -> None:
    text = f"I stopped the car at {placeholder} and spoke to the driver."
    (flag,) = _flags(text)
    assert flag.code == "SA601" and flag.summary_span.text == placeholder


def test_when_text_has_ordinary_brackets_then_no_SA601() -> None:
    assert _codes("The driver [Mr. Marsh] said sorry.") == []


def test_when_planted_marker_is_configured_then_SA602_on_it() -> None:
    text = "I stopped the car. The driver rode a unicorn. He said sorry."
    (flag,) = _flags(text, planted_markers=["rode a unicorn"])
    assert flag.code == "SA602" and flag.summary_span.text == "rode a unicorn"
    assert _codes(text) == []  # nothing configured, nothing planted


def test_when_planted_marker_is_a_regex_in_a_profile_then_SA602(tmp_path: Path) -> None:
    profile = tmp_path / "agency.json"
    profile.write_text(
        json.dumps(
            {"id": "a", "name": "A", "planted_markers": [{"pattern": r"turned into a (frog|toad)"}]}
        ),
        encoding="utf-8",
    )
    (flag,) = _flags("Then the officer turned into a toad.", profile=str(profile))
    assert flag.summary_span.text == "turned into a toad"


def test_when_ca_profile_and_statements_present_then_no_flag() -> None:
    assert _codes(CA_OK, profile="ca") == []


def test_when_ca_disclosure_is_missing_then_SA603_and_SA604() -> None:
    flags = _flags("I stopped the driver for speeding.\n", profile="ca")
    assert sorted(f.code for f in flags) == ["SA603", "SA604"]
    end = len("I stopped the driver for speeding.\n")
    assert all((f.summary_span.start, f.summary_span.end) == (end, end) for f in flags)


def test_when_disclosure_is_reflowed_then_it_still_counts() -> None:
    text = CA_OK.replace("fully or in part", "fully\nor in part").upper()
    assert _codes(text, profile="ca") == []


def test_when_second_page_lacks_the_disclosure_then_SA603_names_the_page() -> None:
    text = CA_OK + "\f" + "Page two of the narrative. AI program used: Draft One.\n"
    (flag,) = _flags(text, profile="ca")
    assert flag.code == "SA603" and "page 2 of 2" in flag.message
    assert flag.summary_span.start == len(text)


def test_when_no_profile_then_disclosure_rules_are_silent() -> None:
    assert _codes("I stopped the driver for speeding.") == []


def test_when_ut_profile_then_SA605_and_SA606_check_disclaimer_and_certification() -> None:
    assert _codes(UT_OK, profile="ut") == []
    no_cert = UT_OK.replace(
        "I certify that I have read and reviewed this report for accuracy.\n", ""
    )
    assert _codes(no_cert, profile="ut") == ["SA606"]
    no_disclaimer = UT_OK.replace("This report contains AI-generated content.\n", "")
    assert _codes(no_disclaimer, profile="ut") == ["SA605"]


def test_when_metadata_lists_an_ai_program_the_text_does_not_name_then_SA604() -> None:
    summary = make_summary(CA_OK).model_copy(
        update={
            "meta": make_summary("x").meta.model_copy(update={"extra": {"ai_programs": ["Truleo"]}})
        }
    )
    report = audit(TRANSCRIPT, summary, select=["SA604"], profile="ca")
    assert [f.code for f in report.flags] == ["SA604"] and "Truleo" in report.flags[0].message


def test_when_incident_type_is_not_allowed_then_SA609(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps({"id": "p", "name": "P", "allowed_incident_types": ["Traffic stop"]}),
        encoding="utf-8",
    )
    assert _codes("x.", profile=str(profile), incident_type="use of force") == ["SA609"]
    assert _codes("x.", profile=str(profile), incident_type="traffic  STOP") == []
    assert _codes("x.", profile=str(profile)) == []  # unknown type: not judged


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (
            {"id": "x", "name": "n", "requirements": [{"code": "SA603", "description": "d"}]},
            "requirements.0",
        ),
        (
            {
                "id": "x",
                "name": "n",
                "requirements": [{"code": "SA699", "description": "d", "text": "t"}],
            },
            "requirements.0.code",
        ),
        (
            {"id": "x", "name": "n", "planted_markers": [{"pattern": "("}]},
            "planted_markers.0.pattern",
        ),
        ({"id": "x", "name": "n", "colour": "red"}, "colour"),
        ({"name": "n"}, "id"),
    ],
)
def test_when_profile_is_invalid_then_config_error_names_file_and_field(
    tmp_path: Path, content: dict, field: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    assert str(path) in str(info.value) and f"field {field}:" in str(info.value)


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_when_profile_is_not_a_json_object_then_config_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    with pytest.raises(ConfigError, match=r"bad\.json"):
        load_profile(path)


def test_when_profile_name_is_unknown_then_config_error_lists_builtins() -> None:
    with pytest.raises(ConfigError, match="ca, ut"):
        load_profile("nv")


def test_profile_appears_in_the_signature() -> None:
    report = audit(TRANSCRIPT, make_summary(CA_OK), profile="ca")
    assert f"profile:ca@{load_profile('ca').sha256[:8]}" in report.signature
    assert "profile:" not in audit(TRANSCRIPT, make_summary(CA_OK)).signature


def test_statement_spans_cover_the_disclosure_lines() -> None:
    spans = [CA_OK[a:b] for a, b in statement_spans(CA_OK)]
    assert spans == [
        "This report was written either fully or in part using artificial intelligence.",
        "AI program used: Draft One.",
    ]


def _asr(turns: list[tuple[str, str, dict[str, float], tuple[str, ...]]]) -> Transcript:
    """A transcript whose segments carry ASR words (confidence 0.95 unless given) and tags."""
    base = make_transcript([(speaker, text) for speaker, text, _, _ in turns])
    segments = []
    for seg, (_, text, low, tags) in zip(base.segments, turns, strict=True):
        words = tuple(Word(text=w, confidence=low.get(w.strip(".,!?"), 0.95)) for w in text.split())
        segments.append(Segment(**{**seg.model_dump(), "words": words, "tags": tags}))
    return base.model_copy(update={"segments": tuple(segments)})


def test_when_claim_rests_on_a_low_confidence_name_then_SA607_on_the_name() -> None:
    t = _asr(
        [("SPEAKER_01", "my neighbor Kaminski checks on me most days.", {"Kaminski": 0.27}, ())]
    )
    (flag,) = _flags("He said his neighbor Kaminski checks on him most days.", t)
    assert flag.code == "SA607" and flag.summary_span.text == "Kaminski"
    assert flag.evidence[0].segments == (0,)
    assert (
        _codes("He said his neighbor Kaminski checks on him most days.", t, min_asr_confidence=0.2)
        == []
    )


def test_when_claim_words_were_heard_clearly_then_no_SA607() -> None:
    t = _asr([("SPEAKER_01", "my neighbor Kaminski checks on me most days.", {}, ())])
    assert _codes("He said his neighbor Kaminski checks on him most days.", t) == []


def test_when_summary_says_the_audio_was_unclear_then_no_SA607() -> None:
    t = _asr([("SPEAKER_01", "I took some pills.", {"took": 0.3, "pills": 0.2}, ())])
    assert _codes("She said she took some pills.", t) == ["SA607"]
    assert _codes("Her answer about pills was inaudible.", t) == []


def test_when_a_name_is_only_heard_on_the_tv_then_SA608() -> None:
    t = _asr(
        [
            ("TV", "Detective Sullivan, he's got a hostage in the back room!", {}, ("media",)),
            ("OFC. TATE", "Police, open the door.", {}, ()),
        ]
    )
    flags = _flags("A voice said Detective Sullivan was inside the apartment.", t)
    assert [(f.code, f.summary_span.text) for f in flags] == [("SA608", "Detective Sullivan")]


def test_when_a_quote_is_tv_dialogue_then_SA608_on_the_quote_unless_attributed_to_tv() -> None:
    t = _asr(
        [
            ("TV", "Drop the knife, Marcus!", {}, ("media",)),
            ("OFC. TATE", "Police, open the door.", {}, ()),
        ]
    )
    (flag,) = _flags('I heard a man yell, "Drop the knife, Marcus!"', t)
    assert flag.code == "SA608" and flag.summary_span.text == '"Drop the knife, Marcus!"'
    assert (
        _codes('The TV was playing a show in which someone yelled, "Drop the knife, Marcus!"', t)
        == []
    )


def test_when_audit_option_names_a_bad_profile_then_audit_raises_config_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "agency.json"
    path.write_text('{"id": "a", "name": "A", "allowed_incident_types": "traffic stop"}')
    with pytest.raises(ConfigError, match=r"agency\.json: field allowed_incident_types"):
        audit(TRANSCRIPT, make_summary(CA_OK), profile=str(path))


def test_when_planted_markers_option_is_malformed_then_config_error() -> None:
    with pytest.raises(ConfigError, match="planted_markers"):
        audit(TRANSCRIPT, make_summary(CA_OK), planted_markers=[{"colour": "red"}])
