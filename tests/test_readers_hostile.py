"""Readers against hostile input (issue 15): special files, unpaired surrogates, non-finite and
absurd numbers.  Every case is one InputError naming the file (and line where there is one), and
through the CLI one line on stderr with exit 2."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest

from summary_audit import cli
from summary_audit.errors import InputError
from summary_audit.readers import load_summary, load_transcript

TURNS = "Officer: Good evening, license please.\nDriver: Here you go.\n"
SUMMARY = "The officer asked for a license.\n"


def _whisper(end: str) -> str:
    first = '{"start": 0, "end": 1, "text": "hello"}'
    second = '{"start": 1, "end": ' + end + ', "text": "there"}'
    return '{"segments": [\n' + first + ",\n" + second + "\n]}"


HOSTILE_TRANSCRIPTS = {
    "whisper_end_1e308.json": (_whisper("1e308"), "not a time in a recording"),
    "whisper_end_overflow.json": (_whisper("1e400"), "too large for a float"),
    "whisper_end_nan.json": (_whisper("NaN"), "NaN, which is not a number JSON allows"),
    "whisper_end_infinity.json": (_whisper("Infinity"), "Infinity, which is not"),
    "whisper_end_2e7.json": (_whisper("2e7"), "not a time in a recording"),
    "whisper_end_500_digits.json": (_whisper("9" * 500), "a number with 500 digits"),
    "whisper_end_5000_digits.json": (_whisper("9" * 5000), "a number with 5,000 digits"),
    "whisper_word_1e308.json": (
        '{"segments": [{"start": 0, "end": 1, "text": "hi",\n'
        '"words": [{"word": "hi", "start": 0, "end": 1e308}]}]}',
        "not a time in a recording",
    ),
    "whisper_surrogate.json": (
        '{"segments": [\n{"start": 0, "end": 1, "text": "he said \\ud800 no"}]}',
        "unpaired surrogate (\\ud800)",
    ),
    "whisper_low_surrogate_speaker.json": (
        '{"segments": [\n\n{"start": 0, "end": 1, "speaker": "\\uDC00", "text": "x"}]}',
        "unpaired surrogate (\\udc00)",
    ),
}

HOSTILE_SUMMARIES = {
    "surrogate.json": ('{\n"text": "The officer said \\ud83d hello."}', "unpaired surrogate", 2),
    "surrogate_meta.json": ('{"text": "ok",\n"model": "gpt \\udfff"}', "unpaired surrogate", 2),
    "big_int.json": ('{"text": "ok",\n\n"word_count": ' + "1" * 400 + "}", "400 digits", 3),
    "huge_int.json": ('{"text": "ok",\n"n": ' + "7" * 9000 + "}", "9,000 digits", 2),
    "nan.json": ('{"text": "ok", "temperature": NaN}', "NaN", 1),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TRANSCRIPTS))
def test_hostile_whisper_json_is_an_input_error_naming_the_file(tmp_path, name):
    text, expected = HOSTILE_TRANSCRIPTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_transcript(path)
    assert expected in str(info.value) and info.value.path == str(path)


@pytest.mark.parametrize("name", sorted(HOSTILE_SUMMARIES))
def test_hostile_summary_json_is_an_input_error_naming_file_and_line(tmp_path, name):
    text, expected, line = HOSTILE_SUMMARIES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_summary(path)
    assert expected in str(info.value)
    assert (info.value.path, info.value.line) == (str(path), line)


def test_a_paired_surrogate_escape_is_text_and_accepted(tmp_path):
    path = tmp_path / "emoji.json"
    path.write_text('{"text": "The driver waved \\ud83d\\ude00 at the officer."}')
    assert "\U0001f600" in load_summary(path).text


@pytest.mark.parametrize("name", [*sorted(HOSTILE_TRANSCRIPTS)[:4], "surrogate_summary"])
def test_through_the_cli_each_is_one_line_and_exit_2(tmp_path, capsys, name):
    transcript, summary = tmp_path / "t.txt", tmp_path / "s.txt"
    transcript.write_text(TURNS)
    summary.write_text(SUMMARY)
    if name == "surrogate_summary":
        summary = tmp_path / "s.json"
        summary.write_text(HOSTILE_SUMMARIES["surrogate.json"][0])
    else:
        transcript = tmp_path / name
        transcript.write_text(HOSTILE_TRANSCRIPTS[name][0])
    code = cli.main(["check", str(transcript), str(summary)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _bounded(func, *args):
    """Run ``func`` in a thread; fail (not hang) if it does not return within 10 s."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = func(*args)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), f"{func.__name__} blocked"
    return outcome


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "transcript.txt"
    os.mkfifo(fifo)
    for load in (load_transcript, load_summary):
        outcome = _bounded(load, fifo)
        assert isinstance(outcome.get("error"), InputError)
        assert "FIFO" in str(outcome["error"]) and str(fifo) in str(outcome["error"])


def test_devices_folders_and_sockets_are_refused(tmp_path):
    sock_path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        for path, what in (
            (Path("/dev/zero"), "character device"),
            (tmp_path, "folder"),
            (sock_path, "socket"),
        ):
            outcome = _bounded(load_transcript, path)
            assert isinstance(outcome.get("error"), InputError), path
            assert what in str(outcome["error"])
    finally:
        server.close()


def test_case_json_with_a_surrogate_is_an_input_error(tmp_path):
    from summary_audit.batch import discover

    folder = tmp_path / "cases" / "c1"
    folder.mkdir(parents=True)
    (folder / "case.json").write_text(
        '{"transcript": "t.txt",\n"metadata": {"officer": "\\ud800"}, "summaries": []}'
    )
    with pytest.raises(InputError) as info:
        list(discover(tmp_path / "cases"))
    assert info.value.line == 2 and "surrogate" in str(info.value)
    json.loads((folder / "case.json").read_text())  # valid JSON all the same
