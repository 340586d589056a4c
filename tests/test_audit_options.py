"""The library validates: every audit option typed (AuditOptions), wrong inputs named in a sentence,
missing extras named, messages in the library's words and never quoting more than 80 characters."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

import summary_audit
from summary_audit import ConfigError, InputError, MissingExtraError, audit
from summary_audit.engine import AUDIT_OPTIONS, AuditOptions, rules_signature, validate_options
from summary_audit.errors import ECHO_LIMIT, clip
from summary_audit.readers import resolve_summary, resolve_transcript

DATA = Path(__file__).parent / "data" / "cli"
T, GOOD = DATA / "stop.txt", DATA / "stop.faithful.txt"
PACKAGE = Path(summary_audit.__file__).parent
LONG = "x" * 5000

# option, bad value, words the message must hold (the option, then what it accepts)
INVALID: list[tuple[str, Any, str]] = [
    ("min_asr_confidence", "high", "a number from 0 to 1"),
    ("min_asr_confidence", "0.5", "a number from 0 to 1"),
    ("min_asr_confidence", 5, "a number from 0 to 1"),
    ("min_asr_confidence", -0.1, "a number from 0 to 1"),
    ("min_asr_confidence", True, "a number from 0 to 1"),
    ("select", "XYZ", "rule codes or prefixes such as 'SA1'"),
    ("select", "SA1,S-2", "rule codes or prefixes such as 'SA1'"),
    ("select", 5, "rule codes or prefixes such as 'SA1'"),
    ("select", ["SA1", 5], "rule codes or prefixes such as 'SA1'"),
    ("ignore", ["SA1000"], "rule codes or prefixes such as 'SA1'"),
    ("preview", "yes", "True or False"),
    ("preview", 1, "True or False"),
    ("transcript_format", "docx", "one of turns, cues, vtt, srt, whisper"),
    ("transcript_format", 3, "one of turns, cues, vtt, srt, whisper"),
    ("lexicon", 3, "the path of a lexicon JSON file"),
    ("profile", 3, "'ca', 'ut' or the path of a profile JSON file"),
    ("planted_markers", 5, "a string, or a list of strings and matcher dicts"),
    ("planted_markers", [5], "a string, or a list of strings and matcher dicts"),
    ("incident_type", 5, "a string such as 'traffic stop'"),
    ("llm", "http://127.0.0.1:8080/v1", "a dict such as {'base_url'"),
    ("wordlists", ["a.json"], "the path of a word lists JSON file"),
    ("min_asr_confidence", LONG, "a number from 0 to 1"),
]

VALID: list[tuple[str, Any]] = [
    ("min_asr_confidence", 0.3),
    ("min_asr_confidence", 1),
    ("min_asr_confidence", None),
    ("select", "SA1, sa201"),
    ("select", ("SA1",)),
    ("select", ["ALL"]),
    ("ignore", []),
    ("preview", False),
    ("transcript_format", "webvtt"),
    ("transcript_format", "VTT"),
    ("profile", "ca"),
    ("planted_markers", "as planted"),
    ("planted_markers", ["as planted", {"regex": "unicorn"}]),
    ("incident_type", "traffic stop"),
    ("llm", {"base_url": "http://127.0.0.1:8080/v1"}),
]


@pytest.mark.parametrize(("option", "value", "accepts"), INVALID, ids=lambda v: clip(v, 20))
def test_a_wrong_option_raises_config_error_naming_it_and_what_it_accepts(
    option: str, value: Any, accepts: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        audit(T, GOOD, **{option: value})
    message = str(caught.value)
    assert message.startswith(f"audit option {option}: ")
    assert accepts in message
    assert "--" not in message  # the library's parameters, not the CLI's flags
    assert len(message) < 300 and LONG[: ECHO_LIMIT + 1] not in message


@pytest.mark.parametrize(("option", "value"), VALID, ids=lambda v: clip(v, 20))
def test_a_right_option_is_accepted(option: str, value: Any) -> None:
    validate_options({option: value})


def test_min_asr_confidence_high_no_longer_crashes_a_rule_silently() -> None:
    """Before: accepted, then SA607 crashed and the report recorded a failure."""
    with pytest.raises(ConfigError, match="min_asr_confidence"):
        audit(T, GOOD, min_asr_confidence="high")
    report = audit(T, GOOD, min_asr_confidence=0.9)
    assert not report.failures


def test_an_unknown_option_suggests_the_close_one() -> None:
    with pytest.raises(ConfigError) as caught:
        audit(T, GOOD, min_asr_confidance=0.5)
    message = str(caught.value)
    assert "unknown audit option 'min_asr_confidance' (did you mean min_asr_confidence?)" in message
    assert all(name in message for name in AuditOptions.model_fields)


def test_batch_signs_only_valid_options() -> None:
    """Batch computes its resume key first: bad options fail before any audit is scheduled."""
    with pytest.raises(ConfigError, match="audit option min_asr_confidence"):
        rules_signature([], {"min_asr_confidence": 5})


def test_every_option_a_rule_reads_is_declared() -> None:
    """A rule reading ``ctx.options["x"]`` that AuditOptions does not declare could never get it."""
    read: set[str] = set()
    for folder in ("rules", "text", "llm"):
        for path in (PACKAGE / folder).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            read |= set(re.findall(r"options\.get\(\s*[\"'](\w+)[\"']", source))
            read |= set(re.findall(r"options\[\s*[\"'](\w+)[\"']\s*\]", source))
    assert read, "the scan found nothing: the pattern is stale"
    assert read <= set(AUDIT_OPTIONS), sorted(read - set(AUDIT_OPTIONS))


def test_options_that_only_select_rules_are_not_passed_to_rules() -> None:
    assert not {"select", "ignore", "preview", "transcript_format"} & set(AUDIT_OPTIONS)


# --- wrong argument types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transcript", "summary", "words"),
    [
        (123, None, "transcript must be a Transcript, a file path or the transcript's text (str), not int 123"),
        (T, None, "summary must be a Summary, a file path or the summary's text (str), not None"),
        (b"OFFICER: hi", GOOD, "not bytes b'OFFICER: hi' (decode bytes to str first)"),
        (T, ["a", "list"], "summary must be a Summary"),
    ],
)  # fmt: skip
def test_a_wrong_argument_type_is_a_type_error_with_a_sentence(
    transcript: Any, summary: Any, words: str
) -> None:
    with pytest.raises(TypeError) as caught:
        audit(transcript, summary)
    assert words in str(caught.value)


def test_load_transcript_of_a_number_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"path must be a str or os\.PathLike naming a file, not int"
    ):
        summary_audit.load_transcript(3)  # type: ignore[arg-type]


# --- never echo more than 80 characters of input ------------------------------------------------

TEXT = "OFFICER: Good evening. " + "Do you know why I stopped you tonight on Main Street? " * 60


@pytest.mark.parametrize(
    "call",
    [
        lambda: summary_audit.load_transcript(TEXT.replace(". ", ".\n")),
        lambda: summary_audit.load_summary(TEXT.replace(". ", ".\n")),
        lambda: summary_audit.load_transcript(TEXT),  # one line: a file name that is not there
        lambda: resolve_transcript(TEXT + " See notes.txt"),  # read as a path by its suffix
        lambda: resolve_summary(TEXT[:200] + " notes.md"),
    ],
    ids=["load_transcript(text)", "load_summary(text)", "one-line text", "suffix", "summary"],
)
def test_text_passed_as_a_file_name_is_not_echoed(call: Any) -> None:
    with pytest.raises(InputError) as caught:
        call()
    message = str(caught.value)
    assert "cannot read" in message
    quoted = message.split(": cannot read")[0]
    assert len(quoted) <= ECHO_LIMIT and "\n" not in message


def test_load_transcript_of_text_says_where_text_goes() -> None:
    with pytest.raises(InputError, match=r"this is text, not a file name; pass text to audit\(\)"):
        summary_audit.load_transcript("OFFICER: hello\nDRIVER: hi")


def test_a_real_long_path_is_shown_whole(tmp_path: Path) -> None:
    deep = tmp_path / ("long-folder-name-" * 4) / "missing-transcript.vtt"
    assert len(str(deep)) > ECHO_LIMIT
    with pytest.raises(InputError) as caught:
        audit(deep, GOOD)
    assert str(deep) in str(caught.value)


def test_clip_keeps_the_start_and_the_end() -> None:
    clipped = clip("/a/very" + "/long" * 40 + "/transcript.vtt")
    assert len(clipped) == ECHO_LIMIT
    assert clipped.startswith("/a/very/long") and clipped.endswith("/transcript.vtt")
    assert clip("two\nlines") == "two\\nlines"


# --- missing extras -----------------------------------------------------------------------------


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``import module`` fail as it does when the extra is not installed."""
    for name in list(sys.modules):
        if name.split(".")[0] in modules:
            monkeypatch.delitem(sys.modules, name)
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


def test_audit_bag_without_dask_names_the_scale_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from summary_audit.batch.dask import audit_bag

    _without(monkeypatch, "dask")
    with pytest.raises(MissingExtraError) as caught:
        audit_bag([(T, GOOD)])
    assert caught.value.extra == "scale"
    assert "audit_bag needs the 'scale' extra" in str(caught.value)
    assert "pip install 'summary-audit[scale]'" in str(caught.value)
    assert isinstance(caught.value, ModuleNotFoundError)  # old `except ImportError` still works


def test_the_review_app_without_starlette_names_the_ui_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    _without(monkeypatch, "starlette")
    monkeypatch.delitem(sys.modules, "summary_audit.review.app", raising=False)
    with pytest.raises(MissingExtraError) as caught:
        importlib.import_module("summary_audit.review.app")
    assert caught.value.extra == "ui" and "the review app needs the 'ui' extra" in str(caught.value)


def test_the_llm_client_needs_no_openai_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """It speaks HTTP with the standard library (llm/transport.py): the SDK cannot bound a
    request as a whole (issue 15)."""
    from summary_audit.llm import LLMClient, LLMConfig

    from .openai_server import FakeOpenAI, Reply

    _without(monkeypatch, "openai")
    with FakeOpenAI() as server:
        server.push(Reply("hello"))
        client = LLMClient(LLMConfig(base_url=server.base_url, model="m", cache_path="off"))
        assert client.chat([{"role": "user", "content": "hi"}], prompt_id="t").text == "hello"


def test_evaluation_sections_speak_of_the_section_not_the_flag() -> None:
    from summary_audit.evaluation import sections
    from summary_audit.evaluation.cases import FIXTURES_DIR

    with pytest.raises(ConfigError) as caught:
        sections(None, FIXTURES_DIR, 1, only="fixturs")
    message = str(caught.value)
    assert "unknown evaluation section 'fixturs' (did you mean fixtures?)" in message
    assert "--" not in message
