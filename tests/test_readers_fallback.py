"""Transcripts with no layout a format reader knows are read, never refused: plain prose, a whole
chat on one line, lower-case role labels; each reading is stated in a note."""

from __future__ import annotations

import pytest

from summary_audit.readers import detect_format, parse_transcript

ASR_DUMP = (
    "okay so i'm going to go ahead and turn this on it's uh about two fifteen we're at the corner "
    "of elm and fifth the caller said a guy in a red hoodie was trying car doors and then he "
    "walked off toward the park i don't see him now. i'll check the lot behind the laundromat. "
    "dispatch says the caller is a miss Ortega and she wants a call back."
)


def test_a_raw_asr_dump_is_read_as_sentences_and_run_ons_are_cut():
    t = parse_transcript(ASR_DUMP)
    assert t.format == "plain" and detect_format(ASR_DUMP) == "plain"
    texts = [s.text for s in t.segments]
    assert texts[-2:] == [
        "i'll check the lot behind the laundromat.",
        "dispatch says the caller is a miss Ortega and she wants a call back.",
    ]
    assert all(len(s.split()) <= 40 for s in texts)  # the first run-on is cut
    assert " ".join(texts) == " ".join(ASR_DUMP.split())  # nothing lost, nothing added
    assert all(s.speaker is None for s in t.segments)
    assert any("plain text" in n and "cannot name who spoke" in n for n in t.notes)


def test_a_whole_chat_on_one_line_is_cut_into_turns():
    chat = "Ann: Can you buy bread? . Mike: Sure, white or brown? . Ann: Brown. Thanks!"
    t = parse_transcript(chat)
    assert [(s.speaker, s.text) for s in t.segments] == [
        ("Ann", "Can you buy bread?"),
        ("Mike", "Sure, white or brown?"),
        ("Ann", "Brown. Thanks!"),
    ]
    assert any("several speakers' turns" in n for n in t.notes)


def test_a_police_export_on_one_line_is_cut_at_each_recurring_label():
    one_line = (
        "OFFICER: What was taken? VICTIM: My drill and the saw. OFFICER: When did you last see "
        "them? VICTIM: Sunday night, around nine. OFFICER: Okay."
    )
    t = parse_transcript(one_line)
    assert [s.speaker for s in t.segments] == ["OFFICER", "VICTIM", "OFFICER", "VICTIM", "OFFICER"]
    assert t.segments[3].text == "Sunday night, around nine."


def test_lower_case_role_labels_that_recur_are_speakers():
    meeting = "\n".join(
        [
            "marketing: Is it easy to use ?",
            "project manager: I'm not sure .",
            "marketing: Well, the voice part is hard to learn .",
            "industrial designer: So we keep the basic part simple .",
            "project manager: Okay .",
        ]
    )
    t = parse_transcript(meeting)
    assert t.format == "turns"
    assert [s.speaker for s in t.segments] == [
        "marketing", "project manager", "marketing", "industrial designer", "project manager",
    ]  # fmt: skip
    assert t.segments[0].text == "Is it easy to use ?"
    assert any("lower-case speaker labels" in n for n in t.notes)


def test_timestamped_turns_mix_named_and_lower_case_labels():
    text = "\n".join(
        [
            "[00:00:01] OFC. DRUMMOND: Hands behind your back.",
            "[00:00:03] subject: I'm not doing anything.",
            "[00:00:05] witness: He's not resisting!",
            "[00:00:07] subject: Okay, okay.",
            "[00:00:09] witness: You don't have to do that.",
        ]
    )
    t = parse_transcript(text)
    assert [s.speaker for s in t.segments] == [
        "OFC. DRUMMOND", "subject", "witness", "subject", "witness",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "prose",
    [
        "Note: the camera was off for part of this. He said he was fine. We left.",
        "The time was 10:30. He left at 10:45: nobody saw him after that.",
    ],
)
def test_an_incidental_label_or_a_clock_time_does_not_make_prose_into_turns(prose):
    t = parse_transcript(prose)
    assert t.format == "plain"
    assert all(s.speaker is None for s in t.segments)
