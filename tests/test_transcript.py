"""Transcript readers: each format's samples, detection, tags, and every kind of bad input."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from summary_audit.errors import InputError
from summary_audit.readers.decode import MAX_BYTES
from summary_audit.readers.transcript import (
    FORMATS,
    detect_format,
    load_transcript,
    parse_transcript,
)
from summary_audit.types import Transcript

DATA = Path(__file__).parent / "data" / "readers"
BAD = DATA / "bad"
SAMPLES = sorted(p for p in DATA.iterdir() if p.is_file() and "summar" not in p.name)


def _by_speaker(t: Transcript) -> list[tuple[str | None, str]]:
    return [(s.speaker, s.text) for s in t.segments]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_segment_span_covers_exactly_its_text(path: Path) -> None:
    t = load_transcript(path)
    assert t.segments
    assert t.text == "\n".join(s.text for s in t.segments)
    for i, seg in enumerate(t.segments):
        assert seg.index == i
        assert seg.span.doc == "transcript"
        assert t.text[seg.span.start : seg.span.end] == seg.text == seg.span.text
        assert "\n" not in seg.text and seg.text == seg.text.strip()
        assert list(seg.tags) == sorted(set(seg.tags))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_loading_twice_gives_identical_results(path: Path) -> None:
    assert load_transcript(path).model_dump_json() == load_transcript(path).model_dump_json()


def test_when_file_is_loaded_then_sha_is_of_raw_bytes_and_id_is_the_stem() -> None:
    import hashlib

    path = DATA / "street_contact.srt"
    t = load_transcript(path)
    assert t.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert t.id == "street_contact"
    assert t.source == str(path)


def test_when_text_is_parsed_then_id_comes_from_its_hash() -> None:
    import hashlib

    text = "OFFICER: Step out of the car.\nDRIVER: Why?\n"
    t = parse_transcript(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    assert t.sha256 == sha
    assert t.id == f"transcript-{sha[:12]}"
    assert parse_transcript(text, id="stop-7").id == "stop-7"


# --- turns -------------------------------------------------------------------------------------


def test_when_turns_have_timestamps_then_end_is_next_turns_start() -> None:
    t = load_transcript(DATA / "traffic_stop.txt")
    assert t.format == "turns"
    first, second = t.segments[:2]
    assert (first.speaker, first.start_s, first.end_s, first.line) == ("OFFICER SMITH", 2, 7, 1)
    assert (second.speaker, second.start_s, second.end_s) == ("DRIVER", 7, 11)
    assert t.segments[-1].end_s is None  # nothing follows the last turn


def test_when_a_line_has_no_speaker_then_it_continues_the_previous_turn() -> None:
    t = load_transcript(DATA / "traffic_stop.txt")
    third = t.segments[2]
    assert third.text == (
        "You were doing fifty-two in a thirty-five zone. "
        "I'm going to need your license and registration."
    )
    assert third.line == 3
    assert t.segments[3].line == 5


def test_when_a_line_has_a_timestamp_but_no_speaker_then_speaker_is_none() -> None:
    last = load_transcript(DATA / "traffic_stop.txt").segments[-1]
    assert last.speaker is None
    assert last.start_s == 41
    assert last.tags == ("crosstalk",)


def test_when_turns_have_no_timestamps_then_labels_are_kept_as_written() -> None:
    t = load_transcript(DATA / "welfare_check.txt")
    speakers = [s.speaker for s in t.segments]
    assert speakers == [
        "Ofc. Delgado",
        "SPEAKER_01",
        "Ofc. Delgado",
        "SPEAKER_01",
        "?",
        "Ofc. de la Cruz",
        "SPEAKER_01",
    ]
    assert all(s.start_s is None and s.end_s is None for s in t.segments)
    assert t.segments[3].text == "No. He left an hour ago. He took the car keys and my phone."


def test_when_minute_second_stamps_are_used_then_they_are_seconds() -> None:
    t = parse_transcript("[01:02] OFFICER: Hello.\n[1:01:02.5] MAN: Hi.")
    assert [s.start_s for s in t.segments] == [62, 3662.5]


@pytest.mark.parametrize(
    "line",
    ["He said: stop right there.", "At 10:30 we got the call.", "http://example.com: link"],
)
def test_when_a_colon_follows_ordinary_words_then_it_is_not_a_speaker(line: str) -> None:
    t = parse_transcript(f"OFFICER: Hello.\n{line}", format="turns")
    assert len(t.segments) == 1
    assert t.segments[0].text.endswith(line)


# --- tags --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("TV: Breaking news tonight.", ("media",)),
        ("[TV]: and now the weather.", ("media",)),
        ("TELEVISION: and now the weather.", ("media",)),
        ("BACKGROUND: music playing loudly.", ("media",)),
        ("RADIO: this is KXLA news radio.", ("media",)),
        ("OFFICER: [background TV: turn up the radio] Sir, sir.", ("media",)),
        ("DISPATCH: Unit 12, copy.", ("dispatch",)),
        ("RADIO DISPATCH: Unit 12, copy.", ("dispatch",)),
        ("MAN: [crosstalk] no no no", ("crosstalk",)),
        ("MAN: I didn't [inaudible] the car.", ("inaudible",)),
        ("MAN: (unintelligible)", ("inaudible",)),
        ("SPEAKER_00: Where were you?", ("unknown_speaker",)),
        ("UNKNOWN: Get back!", ("unknown_speaker",)),
        ("?: [inaudible]", ("inaudible", "unknown_speaker")),
        ("OFFICER SMITH: License, please.", ()),
        ("LUSK: hold on. [TV volume drops] sorry.", ()),
        ("MAN: [music] [crosstalk] yo, cops are here!", ("crosstalk",)),
        ("[00:09] [TV playing loudly]", ("media",)),
        ("[00:09] [police radio traffic]", ("dispatch",)),
        ("[radio dispatch: Unit 12, copy.]", ("dispatch",)),
    ],
)
def test_when_speaker_or_markup_names_a_source_then_segment_is_tagged(
    line: str, tags: tuple[str, ...]
) -> None:
    t = parse_transcript(f"OFFICER: Hello there.\n{line}", format="turns")
    assert t.segments[-1].tags == tags


def test_when_cues_file_has_speakers_then_times_speakers_and_tags_are_read() -> None:
    t = load_transcript(DATA / "domestic_cues.txt")
    assert t.format == "cues"
    rows = [(s.speaker, s.start_s, s.end_s, s.tags) for s in t.segments]
    assert rows[0] == ("OFFICER REYES", 1.0, 4.5, ())
    assert rows[3] == (None, 12.3, 13.0, ("inaudible",))
    assert rows[5] == ("RADIO DISPATCH", 18.5, 21.0, ("dispatch",))
    assert t.segments[4].text == "I want to talk to a lawyer before I say anything else."


# --- WebVTT ------------------------------------------------------------------------------------


def test_when_vtt_has_notes_styles_ids_and_voice_tags_then_only_cue_text_remains() -> None:
    t = load_transcript(DATA / "pursuit.vtt")
    assert t.format == "vtt"
    assert _by_speaker(t) == [
        ("OFFICER REYES", "Stop! Police! Show me your hands!"),
        ("SUSPECT", "I didn't do anything, man!"),
        ("OFFICER REYES", "Get on the ground. Get on the ground now."),
        (None, "[crosstalk]"),
        ("SUSPECT", "I can't breathe & my wrist is broken."),
    ]
    assert [(s.start_s, s.end_s) for s in t.segments] == [
        (1.0, 3.5),
        (4.0, 6.2),
        (6.5, 9.0),
        (9.1, 11.0),
        (70.0, 74.0),
    ]
    assert [s.line for s in t.segments] == [13, 17, 20, 24, 27]
    assert t.segments[3].tags == ("crosstalk",)
    assert "NOTE" not in t.text and "cue(" not in t.text


def test_when_vtt_has_no_hours_then_minutes_seconds_are_read() -> None:
    t = parse_transcript("WEBVTT\n\n01:02.500 --> 01:04.000\n- Hands up!\n")
    assert (t.segments[0].start_s, t.segments[0].end_s) == (62.5, 64.0)


# --- SRT ---------------------------------------------------------------------------------------


def test_when_srt_has_crlf_multiline_cues_and_markup_then_text_is_joined_and_clean() -> None:
    t = load_transcript(DATA / "street_contact.srt")
    assert t.format == "srt"
    assert _by_speaker(t) == [
        ("OFFICER KIM", "Hi, how are you doing today?"),
        ("MAN", "I was just walking to the store, officer."),
        (None, "[inaudible]"),
        ("OFFICER KIM", "Do you have any weapons on you?"),
        ("MAN", "No, sir."),
    ]
    assert t.segments[1].start_s == 3.4 and t.segments[1].end_s == 7.1
    assert t.segments[2].tags == ("inaudible",)
    assert [s.line for s in t.segments] == [2, 6, 11, 15, 19]


# --- Whisper -----------------------------------------------------------------------------------


def test_when_whisperx_words_have_scores_then_confidence_is_their_mean() -> None:
    t = load_transcript(DATA / "interview.whisperx.json")
    assert t.format == "whisper"
    first, second = t.segments[:2]
    assert first.confidence == pytest.approx((0.9 + 0.8 + 1.0 + 0.7 + 0.9 + 0.5) / 6)
    # "want" has no score: the mean is over the words that have one.
    assert second.confidence == pytest.approx((0.6 + 0.8 + 0.9 + 0.7) / 4)
    assert [w.text for w in first.words] == ["Sir,", "do", "you", "understand", "your", "rights?"]
    assert (first.words[3].start_s, first.words[3].end_s) == (1.12, 1.7)
    assert second.words[2].confidence is None
    assert first.text == "Sir, do you understand your rights?"
    assert (first.speaker, first.tags) == ("SPEAKER_00", ("unknown_speaker",))
    assert t.segments[3].speaker == "OFFICER MARSH" and t.segments[3].confidence is None


def test_when_whisper_has_only_avg_logprob_then_confidence_is_its_exp_clipped() -> None:
    t = load_transcript(DATA / "dispatch.whisper.json")
    assert t.segments[0].confidence == pytest.approx(math.exp(-0.2231435513))
    assert t.segments[1].confidence == 1.0  # exp(0.3) > 1 is clipped
    assert t.segments[2].confidence is None
    assert [s.speaker for s in t.segments] == [None, None, None]
    assert t.text == "Unit 4 respond to 220 Pine.\nCopy, en route.\nTen-four."


def test_when_whisper_words_use_probability_then_it_is_the_score() -> None:
    doc = '{"segments": [{"start": 0, "end": 1, "text": "Stop.",'
    doc += ' "words": [{"word": " Stop.", "start": 0, "end": 1, "probability": 0.25}]}]}'
    seg = parse_transcript(doc).segments[0]
    assert seg.confidence == 0.25 and seg.words[0].text == "Stop."


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nhi", None, "vtt"),
        ("\ufeffWEBVTT\n", None, "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", None, "srt"),
        ('{"segments": []}', None, "whisper"),
        ("[00:00:01.000 --> 00:00:02.000] hi", None, "cues"),
        ("[00:01] OFFICER: hi", None, "turns"),
        ("OFFICER: hi\nMAN: hello", None, "turns"),
        ("OFFICER: hi", "x.vtt", "vtt"),
        ("OFFICER: hi", "x.SRT", "srt"),
        ("OFFICER: hi", "x.json", "whisper"),
        ("WEBVTT\n", "x.txt", "vtt"),
    ],
)
def test_format_is_detected_by_extension_then_content(
    text: str, filename: str | None, expected: str
) -> None:
    assert detect_format(text, filename) == expected


def test_when_format_is_given_then_it_overrides_detection() -> None:
    t = parse_transcript("OFFICER: [00:00:01] hello", format="turns")
    assert t.format == "turns"
    with pytest.raises(InputError, match="WEBVTT"):
        parse_transcript("OFFICER: hello", format="vtt")


def test_when_format_name_is_unknown_then_error_lists_the_formats() -> None:
    with pytest.raises(InputError) as info:
        parse_transcript("OFFICER: hello", format="docx")
    assert all(name in str(info.value) for name in FORMATS)


def test_when_layout_is_unknown_then_it_is_read_as_plain_text_with_a_note() -> None:
    t = load_transcript(BAD / "unknown_format.txt")
    assert t.format == "plain"
    assert [s.text for s in t.segments] == [
        "Officer notes follow.",
        "Nothing here looks like a transcript.",
    ]
    assert all(s.speaker is None and s.start_s is None for s in t.segments)
    assert any("plain text" in n for n in t.notes)


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("srt_backwards.srt", "timestamps go backwards at cue 2"),
        (
            "cues_backwards.txt",
            "timestamps go backwards at line 3 (00:00:02.500 after 00:00:03.000)",
        ),
        ("srt_end_before_start.srt", "cue 2 ends (00:00:07.500) before it starts (00:00:09.000)"),
    ],
)
def test_when_times_do_not_run_forward_then_the_reader_notes_it_and_keeps_file_order(
    name: str, note: str
) -> None:
    t = load_transcript(BAD / name)
    assert any(note in n for n in t.notes), t.notes
    assert [s.index for s in t.segments] == list(range(len(t.segments)))


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("vtt_no_header.vtt", 1, "WEBVTT header"),
        ("vtt_bad_timing.vtt", 6, "cue 2: malformed timing"),
        ("vtt_truncated.vtt", 6, "truncated"),
        ("srt_non_numeric.srt", 5, "'2a' is not a number"),
        ("srt_bad_timing.srt", 6, "cue 2: malformed timing"),
        ("srt_truncated.srt", 9, "cue 3 has no timing line"),
        ("cues_bad_timing.txt", 2, "malformed cue timing"),
        ("turns_bad_timestamp.txt", 2, "bad timestamp '00:75:00'"),
        ("whisper_syntax.json", 4, "invalid JSON"),
        ("whisper_truncated.json", 4, "invalid JSON"),
        ("whisper_no_segments.json", None, '"segments"'),
        ("whisper_wrong_type.json", None, "segment 2: 'start' must be a number"),
        ("no_speech.vtt", None, "no speech"),
    ],
)
def test_when_file_is_malformed_then_input_error_names_file_and_line(
    name: str, line: int | None, message: str
) -> None:
    path = BAD / name
    with pytest.raises(InputError) as info:
        load_transcript(path)
    assert info.value.line == line
    assert info.value.path == str(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        ('[{"start": 0, "end": 1}]', '"text" must be a string'),
        ('[{"start": 0, "end": 1, "text": 5}]', '"text" must be a string'),
        ('["hello"]', "must be an object"),
        ('[{"start": true, "end": 1, "text": "x"}]', "'start' must be a number"),
        ('[{"start": NaN, "end": 1, "text": "x"}]', "NaN, which is not a number JSON allows"),
        ('[{"start": -1, "end": 1, "text": "x"}]', "must not be negative"),
        ('[{"start": 0, "end": 1, "text": "x", "speaker": 3}]', '"speaker" must be a string'),
        ('[{"start": 0, "end": 1, "text": "x", "words": {}}]', '"words" must be a list'),
        ('[{"start": 0, "end": 1, "text": "x", "words": [{"w": 1}]}]', '"word" string'),
        ('[{"start": 0, "end": 1, "text": "x", "words": [{"word": "x", "score": 2}]}]', "0 and 1"),
        ("[]", "no speech"),
        ('{"a": 1}', '"segments"'),
    ],
)
def test_when_whisper_json_has_wrong_types_then_input_error(segments: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_transcript(f'{{"segments": {segments}}}', format="whisper", source="w.json")
    assert message in str(info.value)


def test_when_top_level_json_is_not_an_object_then_input_error() -> None:
    with pytest.raises(InputError, match='"segments"'):
        parse_transcript("[1, 2, 3]", format="whisper")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_when_file_is_empty_then_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        load_transcript(path)


def test_when_file_has_nul_bytes_then_it_is_reported_as_binary_with_line(tmp_path: Path) -> None:
    path = tmp_path / "clip.txt"
    path.write_bytes(b"OFFICER: hi\nMAN: ok\n\x00\x01\x02\x89PNG")
    with pytest.raises(InputError, match="binary") as info:
        load_transcript(path)
    assert info.value.line == 3


def test_when_file_is_not_utf8_then_error_gives_byte_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    data = "OFFICER: Hola.\nMAN: Se\u00f1or, no.\n".encode("latin-1")
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_transcript(path)
    assert info.value.line == 2
    assert f"byte offset {data.index(0xF1)}" in str(info.value)


def test_when_file_is_utf16_then_error_says_so(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("OFFICER: hi\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        load_transcript(path)


def test_when_file_starts_with_bom_then_it_is_read_silently(tmp_path: Path) -> None:
    path = tmp_path / "bom.vtt"
    path.write_bytes(b"\xef\xbb\xbfWEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v OFFICER>Hello.\n")
    t = load_transcript(path)
    assert t.text == "Hello." and t.segments[0].speaker == "OFFICER"
    assert parse_transcript("\ufeffOFFICER: Hello.").text == "Hello."


def test_when_file_is_too_large_then_it_is_rejected_with_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    size = 50 * 2**20
    with path.open("wb") as handle:  # sparse: costs no disk and no time to write
        handle.truncate(size)
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_transcript(path)
    assert time.perf_counter() - started < 0.5
    assert f"{size:,}" in str(info.value) and f"{MAX_BYTES:,}" in str(info.value)


def test_when_text_is_too_large_then_it_is_rejected() -> None:
    with pytest.raises(InputError, match="larger than the limit"):
        parse_transcript("A" * (MAX_BYTES + 1))


def test_when_file_is_missing_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read") as info:
        load_transcript(tmp_path / "nope.vtt")
    assert info.value.path == str(tmp_path / "nope.vtt")


def test_when_vtt_header_runs_into_a_cue_then_error_names_the_line() -> None:
    with pytest.raises(InputError, match="blank line after the WEBVTT header") as info:
        parse_transcript("WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi\n")
    assert info.value.line == 2


def test_when_cue_text_holds_a_timing_line_then_missing_blank_line_is_reported() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nhi\n2\n00:00:03,000 --> 00:00:04,000\nyo\n"
    with pytest.raises(InputError, match="missing blank line") as info:
        parse_transcript(srt)
    assert info.value.line == 5


# --- speed -------------------------------------------------------------------------------------


def test_a_10000_word_transcript_parses_in_a_few_milliseconds() -> None:
    line = "[{:02d}:{:02d}] OFFICER SMITH: Sir, I need you to step out of the vehicle for me now."
    text = "\n".join(line.format(i // 60, i % 60) for i in range(625))  # 16 words a turn
    assert len(text.split()) >= 10_000
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        parse_transcript(text)
        timings.append(time.perf_counter() - started)
    # Generous bound for a shared 2-core machine; the median is typically well under 20 ms.
    assert sorted(timings)[2] < 0.1


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        # Found by the fuzz tests: "²".isdigit() is True but int("²") fails.
        ("²\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt", "is not a number"),
        ("1\n٠٠:٠٠:٠١,٠٠٠ --> 00:00:02,000\nhi\n", "srt", "malformed timing"),
    ],
)
def test_when_numbers_use_non_ascii_digits_then_input_error(
    text: str, fmt: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_transcript(text, format=fmt)
    assert info.value.line in (1, 2)


def test_a_cue_time_rounded_up_to_a_thousand_milliseconds_is_the_next_second() -> None:
    t = parse_transcript("1\n00:03:49,1000 --> 00:03:51,600\nDRIVER: hi\n", format="srt")
    assert [(s.start_s, s.end_s) for s in t.segments] == [(230.0, 231.6)]
