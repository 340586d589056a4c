"""Property tests: whatever bytes the readers get, only SummaryAuditError subclasses escape.

Inputs are random bytes and text, and mutated copies of the sample files (byte flips, truncations,
line deletions and duplications).  When a parse succeeds, the result must still keep its promises:
every segment's span covers exactly its text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summary_audit.errors import SummaryAuditError
from summary_audit.readers.summary import load_summary, parse_summary
from summary_audit.readers.transcript import FORMATS, load_transcript, parse_transcript
from summary_audit.types import Transcript

DATA = Path(__file__).parent / "data" / "readers"
SAMPLES = sorted(p for p in DATA.rglob("*") if p.is_file())
TRANSCRIPT_FORMATS: list[str | None] = [None, *FORMATS]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _survives(call: Callable[[], Any]) -> Any:
    """The call's result, or None when it raised one of the package's own errors."""
    try:
        return call()
    except SummaryAuditError:
        return None


def _check_transcript(t: Transcript | None) -> None:
    if t is None:
        return
    assert t.text == "\n".join(s.text for s in t.segments)
    for seg in t.segments:
        assert t.text[seg.span.start : seg.span.end] == seg.text
        assert "\n" not in seg.text


def _feed_everything(path: Path) -> None:
    for fmt in TRANSCRIPT_FORMATS:
        _check_transcript(_survives(lambda fmt=fmt: load_transcript(path, format=fmt)))
    _survives(lambda: load_summary(path))


@st.composite
def mutated_sample(draw: st.DrawFn) -> tuple[str, bytes]:
    """A sample file's name and its bytes after a few random edits."""
    sample = draw(st.sampled_from(SAMPLES))
    data = bytearray(sample.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "delete_line", "duplicate_line", "insert"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b"\n", b"\r", b"-->", b":", b"[", b"\xef\xbb\xbf"]))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "delete_line":
                del lines[i]
            else:
                lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
    return sample.name, bytes(data)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".vtt", ".srt", ".json"]))
def test_random_bytes_raise_only_package_errors(workdir: Path, data: bytes, suffix: str) -> None:
    path = workdir / f"random{suffix}"
    path.write_bytes(data)
    _feed_everything(path)


@FUZZ
@given(case=mutated_sample())
def test_mutated_samples_raise_only_package_errors(workdir: Path, case: tuple[str, bytes]) -> None:
    name, data = case
    path = workdir / name  # same name, so extension-based detection is exercised too
    path.write_bytes(data)
    _feed_everything(path)


# Text built from the characters and lines the formats care about finds parser corners that
# arbitrary unicode does not reach (st.from_regex's \d also yields non-ASCII digits).
_FORMAT_TEXT = st.text(
    alphabet=st.sampled_from(list('0123456789:.,-> []<>{}"\n\r\t vVWEBTNOS_?aA\ufeff\x00é²٣')),
    max_size=300,
)
_STAMP = st.from_regex(r"(\d\d:)?\d\d:\d\d[.,]\d{1,3}", fullmatch=True)
_TIMING = st.builds(
    "{}{} {} {}{}".format,
    st.sampled_from(["", "", "["]),
    _STAMP,
    st.sampled_from(["-->", "-->", "->"]),
    _STAMP,
    st.sampled_from(["", "", "]", "] SPEAKER_00: Hi.", " align:start"]),
)
_TEXT_LINE = st.one_of(
    st.sampled_from(["OFFICER: Stop.", "?: [inaudible]", "<v A>hi</v>", "<i>x", "NOTE x", ""]),
    st.text(max_size=30),
)
# Cue-shaped blocks (number or id, timing line, text), each part sometimes broken or missing.
_BLOCK = st.builds(
    lambda parts: "\n".join(p for p in (parts[0], parts[1], *parts[2]) if p is not None),
    st.tuples(
        st.one_of(st.none(), st.text(alphabet="0123456789²٣a ", min_size=1, max_size=3)),
        st.one_of(_TIMING, _TEXT_LINE),
        st.lists(_TEXT_LINE, max_size=3),
    ),
)
_CUE_FILE = st.builds(
    lambda header, blocks, sep: sep.join([*header, *blocks]),
    st.sampled_from([[], ["WEBVTT"], ["WEBVTT - body cam", "NOTE exported"]]),
    st.lists(_BLOCK, max_size=8),
    st.sampled_from(["\n\n", "\r\n\r\n", "\n"]),
)


@FUZZ
@given(text=st.one_of(st.text(max_size=500), _FORMAT_TEXT, _CUE_FILE))
def test_random_text_raises_only_package_errors(text: str) -> None:
    for fmt in TRANSCRIPT_FORMATS:
        _check_transcript(_survives(lambda fmt=fmt: parse_transcript(text, format=fmt)))
    _survives(lambda: parse_summary(text))
