"""SA1xx: facts in the summary checked against the transcript, after normalisation."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.evaluation.cases import FIXTURES_DIR
from summary_audit.text.facts import digit_strings, extract_facts
from summary_audit.text.normalize import read_values
from summary_audit.text.numbers import parse_number
from tests.helpers import make_summary, make_transcript

STOP = make_transcript(
    [
        ("OFC. REYES", "Patrol two-one, traffic, Harlan Avenue at Ninth Street."),
        ("DISPATCH", "two-one, copy, time is twenty-one forty-seven."),
        ("OFC. REYES", "run plate seven king lincoln mary two one four, gray honda civic."),
        ("OFC. REYES", "Reason I stopped you, you were doing fifty-two in a thirty-five."),
        ("DRIVER", "I had uh two beers at dinner, that's it."),
        ("OFC. REYES", "Any weapons in the car?"),
        ("DRIVER", "no. nothing."),
        ("OFC. REYES", "Two-one, run a license, Marsh, M-A-R-S-H, Kevin, five foot nine."),
    ]
)


def codes(summary: str, select: str = "SA1") -> list[str]:
    return [f.code for f in audit(STOP, make_summary(summary), select=[select]).flags]


def test_when_facts_match_after_normalisation_then_no_flag() -> None:
    summary = (
        "At 2147 hours, as Patrol 21, I stopped a gray Honda Civic, plate 7KLM214, on Harlan "
        "Avenue at Ninth Street for 52 mph in a 35 mph zone. Kevin Marsh, 5'9\", said he had 2 "
        "beers. No weapons were found."
    )
    assert codes(summary) == []


def test_when_speed_differs_from_the_spoken_speed_then_SA110_names_both_values() -> None:
    summary = "I stopped the driver for doing 61 in a 35 mph zone."
    report = audit(STOP, make_summary(summary), select=["SA1"])
    [flag] = report.flags
    assert flag.code == "SA110"
    assert flag.summary_span.text == "61"
    assert flag.message == "The transcript says 'fifty-two' where the summary says '61' (speed)"
    assert flag.evidence[0].speaker == "OFC. REYES" and flag.evidence[0].start_s == 15.0
    assert flag.evidence[0].relation == "contradicts"


def test_when_no_passage_about_the_speed_aligns_with_the_claim_then_only_SA101() -> None:
    # "I clocked the car at 61 mph" shares no words with "you were doing fifty-two in a
    # thirty-five": the transcript's speed is not shown as proof, the number is unsupported.
    report = audit(STOP, make_summary("I clocked the car at 61 mph."), select=["SA1"])
    assert [(f.code, f.severity.value) for f in report.flags] == [("SA101", "warning")]
    assert all(e.relation != "contradicts" for e in report.flags[0].evidence)


def test_when_time_differs_then_SA110_with_the_spoken_time() -> None:
    assert codes("The stop was at 2217 hours.") == ["SA110"]


def test_when_drink_count_differs_in_the_same_context_then_SA110() -> None:
    assert codes("He said he had 4 beers at dinner.") == ["SA110"]


def test_when_count_is_not_in_transcript_then_SA101() -> None:
    report = audit(STOP, make_summary("He had 3 passengers."), select=["SA1"])
    assert [f.code for f in report.flags] == ["SA101"]
    assert report.flags[0].evidence[0].alignment == "none"
    assert "segments" in (report.flags[0].evidence[0].note or "")


def test_when_officer_was_never_heard_then_SA103_error() -> None:
    report = audit(STOP, make_summary("Ofc. Brandt arrived to assist."), select=["SA1"])
    assert [(f.code, f.severity.value, f.summary_span.text) for f in report.flags] == [
        ("SA103", "error", "Ofc. Brandt")
    ]


def test_when_name_is_an_asr_spelling_then_no_flag() -> None:
    assert codes("I spoke with Kevin Marsch.") == []


def test_when_only_the_first_name_matches_then_SA103() -> None:
    assert codes("I spoke with Kevin Ortiz.") == ["SA103"]


@pytest.mark.parametrize(
    ("summary", "code"),
    [
        ("He was holding a knife.", "SA106"),
        ("He had marijuana in the car.", "SA107"),
        ("He had a laceration above his eye.", "SA108"),
        ("I struck him twice.", "SA109"),
        ("I stopped him on Fourth Street.", "SA104"),
        ("He drove a blue Toyota.", "SA105"),
    ],
)
def test_when_fact_is_not_in_transcript_then_its_code(summary: str, code: str) -> None:
    assert code in codes(summary)


@pytest.mark.parametrize(
    "heading",
    [
        "## Narrative",
        "# Report",
        "# Incident Summary",
        "**Narrative**",
        "Narrative:",
        "Officer Narrative",
        "### Evidence Collected",
        "Persons Involved",
        "**Disposition:** Cited",
        "Reporting Officer: Reyes",
    ],
)
def test_when_summary_has_a_heading_or_label_line_then_no_SA103(heading: str) -> None:
    assert codes(f"{heading}\n\nThe driver stepped out.", select="SA103") == []


def test_when_markdown_summary_names_an_unheard_person_then_SA103_on_that_name() -> None:
    summary = "## Narrative\n\nDale Cooper stepped out.\n\n**Witness:** Laura Palmer\n"
    report = audit(STOP, make_summary(summary), select=["SA103"])
    assert [f.summary_span.text for f in report.flags] == ["Dale Cooper", "Laura Palmer"]


def test_when_heading_names_a_titled_officer_then_SA103() -> None:
    assert codes("# Statement of Ofc. Brandt\n\nHe arrived.", select="SA103") == ["SA103"]


def test_when_short_title_case_lines_list_people_then_each_is_checked() -> None:
    people = [f.text for f in extract_facts("Persons involved:\nDale Cooper\nKevin Marsh\n")]
    assert people == ["Dale Cooper", "Kevin Marsh"]


def test_when_weapon_is_mentioned_as_absent_then_no_flag() -> None:
    assert codes("He said he had no knife or gun.") == []


@pytest.mark.parametrize(
    ("words", "value"),
    [("fifty two", 52), ("two hundred five", 205), ("thirty", 30), ("nine", 9), ("bob", None)],
)
def test_number_words(words: str, value: int | None) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("at half past nine", "time", "9:30"),
        ("at 9:30 p.m.", "time", "9:30"),
        ("at 2147 hours", "time", "9:47"),
        ("time is twenty-one forty-seven", "time", "9:47"),
        ("fifty-two in a thirty-five", "number", "52"),
        ("about 40 minutes later", "time", "40"),
        ("$40 in cash", "number", "40"),
        ("a silver Honda", "vehicle", "silver"),
        ("apartment 4B", "place", "4B"),
        ("Sgt. Miller arrived", "person", "miller"),
        ("the probes struck him", "force", "taser"),
    ],
)
def test_extract_facts_normalises_values(text: str, kind: str, value: str) -> None:
    found = [(f.kind, f.value) for f in extract_facts(text)]
    assert (kind, value) in found
    for f in extract_facts(text):
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("at 2217 hours", "22:17"),
        ("at 0930 hrs", "09:30"),
        ("at 9:30 p.m.", "21:30"),
        ("at 21:47", "21:47"),
        ("time is twenty-one forty-seven", "21:47"),
        ("at half past nine", "9:30"),
    ],
)
def test_clock_times_are_shown_with_the_hour_as_written(text: str, shown: str) -> None:
    [clock] = [f for f in extract_facts(text) if f.unit == "clock"]
    assert clock.display == shown


def test_when_fixture_time_is_contradicted_then_explanation_shows_24_hour_times() -> None:
    case = FIXTURES_DIR / "01-speeding-stop"
    report = audit(case / "transcript.txt", case / "summary.flawed.txt", select=["SA110"])
    [flag] = [f for f in report.flags if f.summary_span.text == "2217 hours"]
    assert "22:17" in flag.explanation.text and "21:47" in flag.explanation.text
    assert "10:17" not in flag.explanation.text


def test_when_time_is_the_same_on_a_12_hour_clock_then_no_flag() -> None:
    assert codes("The stop was at 9:47.") == []


def test_spoken_plate_with_as_in_spelling() -> None:
    [plate] = read_values("plate is six N as in nancy P as in paul three three one.")
    assert (plate.kind, plate.norm) == ("plate", "6np331")


def test_sentence_initial_capitals_and_race_words_are_not_names() -> None:
    people = [f.text for f in extract_facts("Then Black smoke rose. Later Maria Lopez left.")]
    assert "Maria Lopez" in people and not any("Black" in p for p in people)


# --- fast paths: the same facts as the plain regex passes ------------------------------------

_READING = (
    "at twenty-one forty-seven, 2147\nhours; he blew a point one one, then three point five.\n"
    "Appointment at 9 p.m. in Apt 4b, half past NINE, run Adam Boy three four seven, plate "
    "7KLM214, a gray Honda"
)


def test_spoken_decimals_are_read_around_the_word_point() -> None:
    found = digit_strings(_READING)
    assert {"0.11", "3.5"} <= found
    assert not any(s.startswith("0.") and s != "0.11" for s in found)  # "Appointment at" is not


@pytest.mark.parametrize("quote", ["'", "’"])  # ASCII takes the fast paths, "’" the plain regexes
def test_when_text_is_not_ascii_then_the_same_facts_are_found(quote: str) -> None:
    text = _READING.replace("Appointment", f"Ma{quote}am, appointment")
    ascii_facts = extract_facts(text.replace("’", "'"))
    assert [(f.kind, f.value, f.start, f.end, f.text) for f in extract_facts(text)] == [
        (f.kind, f.value, f.start, f.end, f.text) for f in ascii_facts
    ]
    times = {f.value for f in ascii_facts if f.kind == "time"}
    assert {"9:47", "9:00", "9:30"} <= times
    assert ("place", "4B", "Apt 4b") in {(f.kind, f.value, f.text) for f in ascii_facts}


def test_when_only_plates_are_asked_for_then_colours_and_makes_are_left_out() -> None:
    every = extract_facts(_READING)
    plates = extract_facts(_READING, kinds=("vehicle",), vehicle_details=("plate",))
    assert {f.value for f in plates} == {"AB347", "7KLM214"}
    assert plates == [f for f in every if f.kind == "vehicle" and f.unit == "plate"]
    assert {f.unit for f in every if f.kind == "vehicle"} == {"plate", "colour", "make"}


# The extractor tries its patterns only where a match can start (before a street word, at "half",
# before "o'clock", at "apartment" ...) and tokenises only lines that can hold a number: these
# cases sit at the edges of those shortcuts.


def _found(text: str, kind: str) -> list[tuple[str, str]]:
    return [(f.value, f.text) for f in extract_facts(text) if f.kind == kind]


def test_when_street_name_itself_is_a_street_word_then_place_is_the_whole_name() -> None:
    assert _found("We met at 12 Oak Park Street today.", "place") == [
        ("oak park", "12 Oak Park Street")
    ]


def test_when_place_name_and_street_word_are_on_two_lines_then_place_is_found() -> None:
    assert _found("He lives on Harlan\nAvenue now.", "place") == [("harlan", "Harlan\nAvenue")]


def test_when_times_are_spelled_then_each_is_read_on_a_12_hour_dial() -> None:
    text = "It was HALF past TEN, then nine o'clock, then ten oclock, then quarter to twelve."
    assert [f.value for f in extract_facts(text) if f.kind == "time"] == [
        "10:30",
        "9:00",
        "10:00",
        "11:45",
    ]


def test_when_word_before_oclock_follows_a_digit_then_no_time() -> None:
    assert _found("call 5ten o'clock", "time") == []


def test_when_apartment_is_named_in_any_case_then_unit_is_found() -> None:
    text = "Apartment #12, then apt. 7B; his roommate was in Unit C3."
    assert [f.value for f in extract_facts(text) if f.kind == "place"] == ["12", "7B", "C3"]


def test_when_a_number_is_split_by_a_line_break_then_it_is_two_numbers() -> None:
    # values never cross a line (a transcript segment is a line): "three\npoint five" is 3 and
    # a stray "point five", never 3.5
    assert "3.5" not in digit_strings("then three\n  point five.")
    assert ("3", "three") in _found("then three\n  point five.", "number")


def test_when_an_ordinal_is_followed_by_a_number_word_then_both_are_read() -> None:
    assert _found("the 5th, ten men", "number") == [("5", "5th"), ("10", "ten")]


# --- values read out loud, names, organisations and attributes ---------------------------------

SHOP = make_transcript(
    [
        ("DISPATCH", "two-four, theft, Kessler Sporting Goods, eleven forty Dale Avenue."),
        ("MANAGER", "I'm Victor Delgado, the manager. he came in around two-thirty."),
        ("MANAGER", "they're forty-two each on clearance, so eighty-four dollars for the two."),
        ("MANAGER", "Oscar gave him the employee discount, fifteen percent."),
        ("CASHIER", "he got into a blue Civic, the plate was Paul Adam 3 4 7 9."),
        ("CASHIER", "gray hoodie, black backpack. date of birth six thirteen ninety."),
        ("CASHIER", "he left at quarter to two."),
    ]
)


def shop(summary: str, select: str = "SA1") -> list[tuple[str, str, str]]:
    report = audit(SHOP, make_summary(summary), select=[select])
    return [(f.code, f.severity.value, f.summary_span.text) for f in report.flags]


@pytest.mark.parametrize(
    "summary",
    [
        "The manager said the male came in around 2:30 and left at about 1:45.",
        "The shoes were $42 each, $84 for both.",
        "Oscar applied a 15% employee discount.",
        "He left in a blue Civic, plate PA3479.",
        "He gave a date of birth of 6/13/1990.",
        "Victor Delgado, the manager, met me at Kessler Sporting Goods, 1140 Dale Avenue.",
        "He wore a gray hoodie and carried a black backpack.",
    ],
)
def test_when_values_said_out_loud_are_written_as_digits_then_no_flag(summary: str) -> None:
    assert shop(summary) == []


def test_when_a_colour_differs_for_the_same_object_then_SA110_names_both_phrases() -> None:
    report = audit(SHOP, make_summary("He got into a black Civic."), select=["SA1"])
    [flag] = report.flags
    assert flag.code == "SA110" and flag.summary_span.text == "black"
    assert (
        flag.message
        == "The transcript says 'blue Civic' where the summary says 'black Civic' (colour)"
    )
    [ev] = flag.evidence
    assert ev.relation == "contradicts" and ev.speaker == "CASHIER"


def test_when_a_colour_word_is_said_of_another_object_then_it_does_not_support() -> None:
    # "black backpack" is in the transcript; the Civic was blue
    assert shop("He wore a gray hoodie and drove a black Civic.") == [("SA110", "error", "black")]


def test_when_the_price_of_one_item_differs_then_the_rival_is_the_price_of_one_item() -> None:
    report = audit(SHOP, make_summary("The shoes were $48 each."), select=["SA1"])
    [flag] = report.flags
    assert (
        flag.message
        == "The transcript says 'forty-two each' where the summary says '$48 each' (amount)"
    )


def test_when_a_container_is_swapped_then_SA110() -> None:
    assert shop("He wore a gray hoodie and carried a duffel bag.") == [
        ("SA110", "error", "duffel bag")
    ]


HOUSE = make_transcript(
    [
        ("OFC. LANE", "where was the knife when you found it?"),
        ("RESIDENT", "in the kitchen, on the counter by the sink. he'd had a couple of beers."),
        ("OFC. LANE", "and your son, where was he?"),
        ("RESIDENT", "at school, he gets home at three. the dog was out back."),
    ]
)


def house(summary: str) -> list[tuple[str, str, str]]:
    report = audit(HOUSE, make_summary(summary), select=["SA1"])
    return [(f.code, f.severity.value, f.summary_span.text) for f in report.flags]


@pytest.mark.parametrize(
    ("summary", "flags"),
    [
        # Another value of one exclusive list, where the aligned passage states the heard one.
        (
            "She found the knife in the garage, on the counter by the sink.",
            [("SA110", "error", "garage")],
        ),
        ("Her son was at church.", [("SA110", "error", "church")]),
        ("She said he had a couple of glasses of wine.", [("SA110", "error", "wine")]),
        ("She said the cat was out back.", [("SA110", "error", "cat")]),
        # Said another way, or named somewhere: no flag.
        ("She found the knife on the kitchen counter by the sink.", []),
        ("Her son was at school and the puppy was out back.", []),
        ("He had been drinking beer; her son gets home at 3.", []),
        # No aligned passage names another value: nothing to contradict it.
        ("She said the garage door was open.", []),
        # Relations are not values of one thing: a passage names several people.
        ("Her daughter was at school.", []),
    ],
)
def test_values_of_exclusive_lists_are_compared_with_the_aligned_passage(
    summary: str, flags: list[tuple[str, str, str]]
) -> None:
    assert house(summary) == flags


KITCHEN = make_transcript(
    [
        ("MIKE", "do we have any milk?"),
        ("ANN", "I'll check. yes, there's some in the fridge."),
        ("OFC. LANE", "any weapons on you, sir?"),
        ("MIKE", "no."),
    ]
)


@pytest.mark.parametrize(
    ("summary", "flags"),
    [
        # What a question asks about is a fact of the question; the asker's turn is the passage.
        ("Mike asked Ann if there was any cheese.", [("SA110", "error", "cheese")]),
        ("Mike asked Ann if there was any milk.", []),
        # A question names a weapon without saying there is one.
        ("Lane asked Mike if he had any knives on him.", []),
    ],
)
def test_a_question_about_a_value_of_a_list_is_compared_with_the_askers_turn(
    summary: str, flags: list[tuple[str, str, str]]
) -> None:
    report = audit(KITCHEN, make_summary(summary), select=["SA1"])
    assert [(f.code, f.severity.value, f.summary_span.text) for f in report.flags] == flags
    for f in report.flags:
        assert [ev.speaker for ev in f.evidence] == ["MIKE"]


def test_when_a_room_is_swapped_then_the_message_names_both_and_the_speaker() -> None:
    report = audit(HOUSE, make_summary("She said the knife was in the garage."), select=["SA1"])
    [flag] = report.flags
    assert flag.message == "The transcript says 'kitchen' where the summary says 'garage' (room)"
    [ev] = flag.evidence
    assert ev.relation == "contradicts" and ev.speaker == "RESIDENT"


def test_when_a_first_name_is_a_phonetic_word_then_it_is_still_checked() -> None:
    assert shop("The manager, Victor Alvarez, called me.") == [("SA103", "error", "Victor Alvarez")]
    assert shop("The cashier, Mike, rang him up.") == [("SA103", "error", "Mike")]


def test_when_an_organisation_is_not_in_the_transcript_then_SA104() -> None:
    assert shop("I responded to Lincoln High School.") == [
        ("SA104", "warning", "Lincoln High School")
    ]
    assert shop("I responded to Kessler Sporting Goods.") == []


def test_when_a_plate_read_out_differs_then_SA110_with_the_whole_plate() -> None:
    report = audit(SHOP, make_summary("He left in a blue Civic, plate PA3497."), select=["SA1"])
    [flag] = report.flags
    assert flag.code == "SA110" and "Paul Adam 3 4 7 9" in flag.message


def test_when_a_date_of_birth_differs_then_SA110() -> None:
    assert shop("He gave a date of birth of 6/30/1990.") == [("SA110", "error", "6/30/1990")]


def test_when_a_number_is_0_or_1_then_only_a_hint() -> None:
    assert shop("The manager said 1 male came in at 2:30.") == [("SA101", "info", "1")]


def test_when_only_the_neighbour_of_another_speaker_aligns_then_no_contradiction_is_claimed() -> (
    None
):
    t = make_transcript(
        [
            ("OFC. LEE", "Patrol two-one, traffic stop, Harlan Avenue at Ninth Street."),
            ("DISPATCH", "copy, time is twenty-one forty-seven."),
        ]
    )
    summary = "At 2217 hours, Patrol 21 made a traffic stop on Harlan Avenue at Ninth Street."
    report = audit(t, make_summary(summary), select=["SA1"])
    # The call and its answer align with the claim, but only DISPATCH's turn says the other time
    # and it is all a contradiction could show: alone it does not align, so the time is only
    # unsupported (a warning), and OFC. LEE's turn is never shown as saying it.
    [flag] = report.flags
    assert (flag.code, flag.severity.value, flag.summary_span.text) == (
        "SA102",
        "warning",
        "2217 hours",
    )
    assert not [e for e in flag.evidence if e.relation == "contradicts"]


def test_when_a_number_is_unsupported_then_the_search_is_recorded_and_nearest_is_not_support() -> (
    None
):
    report = audit(
        SHOP, make_summary("Oscar gave him the employee discount on 5 pairs."), select=["SA1"]
    )
    [flag] = report.flags
    assert flag.code == "SA101"
    assert flag.evidence[0].relation == "searched" and flag.evidence[0].alignment == "none"
    assert all(e.relation == "nearest" for e in flag.evidence[1:])


SIDES = make_transcript(
    [
        ("MEDIC", "where does it hurt?"),
        ("VICTIM", "my left wrist, he twisted it. and my knee."),
        ("DRIVER", "I was in the right lane, doing maybe forty."),
    ]
)


@pytest.mark.parametrize(
    ("summary", "flags"),
    [
        ("She complained of pain in her right wrist.", [("SA110", "error", "right")]),
        ("The driver said he was in the left lane.", [("SA110", "error", "left")]),
        ("She complained of pain in her left wrist.", []),
        ("She said her right knee hurt.", []),  # no side was said of the knee
        ("She said her left knee hurt and he was in the right lane.", []),
    ],
)
def test_a_side_said_of_a_body_part_or_lane_is_compared_with_the_side_heard(
    summary: str, flags: list[tuple[str, str, str]]
) -> None:
    report = audit(SIDES, make_summary(summary), select=["SA1"])
    assert [(f.code, f.severity.value, f.summary_span.text) for f in report.flags] == flags
