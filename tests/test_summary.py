"""Summary readers: plain text, Markdown, JSON metadata (flat or under "provenance"), bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from summary_audit.errors import InputError
from summary_audit.readers.decode import MAX_BYTES
from summary_audit.readers.summary import load_summary, parse_summary

DATA = Path(__file__).parent / "data" / "readers"
BAD = DATA / "bad"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("stop.summary.txt", "text"), ("stop.summary.md", "markdown")],
)
def test_when_text_or_markdown_is_loaded_then_text_is_the_file_verbatim(
    name: str, fmt: str
) -> None:
    path = DATA / name
    s = load_summary(path)
    assert s.format == fmt
    assert s.text == path.read_text(encoding="utf-8")  # offsets refer to the file
    assert s.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert s.id == "stop.summary" and s.source == str(path)
    assert s.meta.model is None and s.meta.extra == {}


def test_when_json_has_flat_metadata_then_meta_fields_and_extra_are_filled() -> None:
    s = load_summary(DATA / "stop.summary.json")
    assert s.format == "json"
    assert s.text == "I stopped the vehicle for speeding. The driver declined a search."
    meta = s.meta
    assert (meta.model, meta.prompt_id, meta.prompt_sha256) == (
        "simulated-gpt-4",
        "narrative-v2",
        "3f1c0a9e",
    )
    assert meta.kind == "draft"
    assert meta.parameters == {"temperature": 0.2, "max_tokens": 800}
    assert meta.transcript_sha256 == "9b2e"
    assert meta.extra == {"case_number": "24-001873", "officer": "Ofc. Smith"}


def test_when_json_nests_provenance_then_it_is_read_and_top_level_keys_win() -> None:
    meta = load_summary(DATA / "stop.summarize-output.json").meta
    assert meta.model == "smollm2-360m-instruct"
    assert meta.prompt_id == "summarize-v1"
    assert meta.parameters == {"temperature": 0.0, "seed": 7}
    assert meta.transcript_sha256 == "c0ffee"
    assert meta.kind == "draft"  # provenance says "final"; the top-level key overrides it
    assert meta.extra == {"tool_version": "0.1.0"}


def test_when_a_string_is_parsed_then_id_comes_from_its_hash() -> None:
    text = "The driver was calm and cooperative.\n"
    s = parse_summary(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    assert (s.id, s.sha256, s.format, s.text) == (f"summary-{sha[:12]}", sha, "text", text)
    assert parse_summary(text, id="r-1", source="r-1.txt").source == "r-1.txt"


def test_when_a_string_is_a_json_object_then_it_is_read_as_json() -> None:
    s = parse_summary('{"text": "The driver was calm.", "kind": "final"}')
    assert (s.format, s.text, s.meta.kind) == ("json", "The driver was calm.", "final")
    assert parse_summary('{"text": "x"}', format="text").text == '{"text": "x"}'


def test_when_a_txt_file_starts_with_a_brace_then_it_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("{officer} stopped the car.}", encoding="utf-8")
    assert load_summary(path).format == "text"


def test_when_summary_has_bom_and_crlf_then_bom_is_dropped_and_crlf_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    assert load_summary(path).text == "Line one.\r\nLine two.\r\n"


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("summary_no_text.json", None, 'needs a "text" string'),
        ("summary_bad_kind.json", None, "'kind'"),
        ("summary_bad_syntax.json", 4, "invalid JSON"),
    ],
)
def test_when_summary_json_is_bad_then_input_error_names_file(
    name: str, line: int | None, message: str
) -> None:
    path = BAD / name
    with pytest.raises(InputError) as info:
        load_summary(path)
    assert info.value.path == str(path) and info.value.line == line
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "must be an object"),
        ('{"text": 5}', '"text" string'),
        ('{"text": "   "}', "empty"),
        ('{"text": "x", "provenance": []}', '"provenance" must be an object'),
        ('{"text": "x", "model": 3}', "'model'"),
        ('{"text": "x", "parameters": "hot"}', "'parameters'"),
    ],
)
def test_when_json_has_wrong_shape_then_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_summary(text, format="json")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "empty", None),
        (b"\n  \n", "empty", None),
        (b"The driver\n\x00\x00", "binary", 2),
        (b"The driver\nwas \xff calm", "not valid UTF-8 (byte offset 15)", 2),
    ],
)
def test_when_summary_file_is_empty_binary_or_not_utf8_then_input_error(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_summary(path)
    assert message in str(info.value) and info.value.line == line


def test_when_summary_file_is_too_large_then_it_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="larger than the limit"):
        load_summary(path)


def test_when_summary_format_is_unknown_then_error_lists_formats() -> None:
    with pytest.raises(InputError, match="text, markdown, json"):
        parse_summary("x", format="pdf")
