"""Values as officers and callers say them, found on the dev cases (fixtures/dev): a date of
birth or a height asked for in one turn and read out in the next, dates read as bare numbers,
time ranges written once with "hours", zero-led 24-hour times, plates spelled with "x-ray" and a
pause before the digits, case numbers read with "oh" for zero, and letters and digits apart that
are not plates."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.text.facts import corrections, digit_strings, extract_facts, spoken_dates


def _facts(text: str) -> set[tuple[str, str | None, str]]:
    return {(f.kind, f.unit, f.value) for f in extract_facts(text)}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("and your date of birth?\nthree twenty-two ninety-one.", ("time", "date", "3/22/1991")),
        (
            "height and weight?\nfive four. about a hundred and fifteen.",
            ("number", "height", "5'4"),
        ),
        ("approx. 1840 or 1845 hours", ("time", "clock", "6:40")),
        ("approx. 1840 or 1845 hours", ("time", "clock", "6:45")),
        ("at approx. 0900 or 0930, after", ("time", "clock", "9:00")),
        ("it's charlie mike x-ray four one four.", ("vehicle", "plate", "CMX414")),
        ("alpha bravo x-ray, five five two zero. black Dodge", ("vehicle", "plate", "ABX5520")),
        ("a white Ford, plate ABC 123, left", ("vehicle", "plate", "ABC123")),
    ],
)
def test_a_value_said_the_way_people_say_it_is_read(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in _facts(text)


@pytest.mark.parametrize(
    "text", ["Albrecht, DOB 11/04/1996, then", "a hit at 0314 hours on Route 6 WB.", "Unit 4 B"]
)
def test_letters_and_digits_apart_without_a_plate_cue_are_no_plate(text: str) -> None:
    assert not [f for f in extract_facts(text) if f.unit == "plate"]


def test_a_count_before_a_hedge_counts_no_hedges() -> None:
    assert ("number", None, "30") in _facts("too fast for a turn. thirty maybe? I don't know.")


def test_oh_read_out_as_zero_joins_a_case_number() -> None:
    assert "6208" in digit_strings("here's your case number, twenty-four oh six two oh eight.")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Simone Achterberg, six thirteen ninety. That's you?", "6/13/1990"),
        ("seven nineteen, nineteen forty-four.", "7/19/1944"),
        ("date of birth, nine oh two, eighty-seven.", "9/2/1987"),
        ("four twenty-nine, oh nine.", "4/29/2009"),
    ],
)
def test_a_date_read_as_bare_numbers_can_support_a_summary_date(text: str, date: str) -> None:
    assert date in spoken_dates(text)


def test_numbers_that_are_no_date_read_as_none() -> None:
    assert spoken_dates("I had three beers and two shots over five hours") == set()


TRANSCRIPT = """OFFICER: what's your name?
WITNESS: Vanessa Trinh. I was right next to him.
OFFICER: and his date of birth?
WITNESS: six thirteen ninety.
OFFICER: what was in the bottle?
WITNESS: the label said oxycodone, five milligrams.
"""


def _codes(summary: str) -> list[tuple[str, str]]:
    return [(f.code, f.summary_span.text) for f in audit(TRANSCRIPT, summary).flags]


def test_a_role_noun_before_a_heard_name_at_a_sentence_start_is_no_invented_name() -> None:
    assert not [
        c for c in _codes("Patron Vanessa Trinh said she was right next to him.") if c[0] == "SA103"
    ]


def test_a_name_that_was_never_said_is_still_flagged() -> None:
    assert ("SA103", "Maria Trinh") in _codes("Maria Trinh said she was right next to him.")


def test_a_prescription_drug_is_told_apart_from_another() -> None:
    assert [c for c in _codes("The label read hydrocodone, 5 mg.") if c[0] in ("SA107", "SA110")]
    assert not [c for c in _codes("The label read oxycodone, 5 mg.") if c[0] in ("SA107", "SA110")]


def test_a_height_and_a_weight_after_a_comma_are_a_height_not_a_count() -> None:
    facts = _facts("And height and weight, roughly?\nfive eleven, one seventy.")
    assert ("number", "height", "5'11") in facts
    assert ("number", "height", "5'11") not in _facts("nine ten eleven, five eleven twelve")


def test_a_trailing_oh_ends_a_number_read_digit_by_digit() -> None:
    assert "4479120" in digit_strings("five five five, four four seven, nine one two oh.")


def test_a_date_before_another_value_is_still_read() -> None:
    text = "date of birth?\nfour twenty-two, ninety-three.\nheight?\nfive eleven, one seventy."
    assert "4/22/1993" in spoken_dates(text)


@pytest.mark.parametrize(
    ("text", "injury"),
    [("his arm was broken", True), ("a broken left wrist", True), ("a broken window", False)],
)
def test_broken_is_an_injury_only_of_a_body_part(text: str, injury: bool) -> None:
    assert any(f.kind == "injury" for f in extract_facts(text)) is injury


def test_an_amount_said_without_dollars_supports_it_and_a_banknote_is_no_total() -> None:
    transcript = (
        "OFFICER: the laptop?\nOWNER: eleven ninety-nine.\n"
        "OFFICER: six twenties, one five, four ones. one hundred twenty-nine dollars total.\n"
    )
    flags = audit(
        transcript, "The laptop cost $1,199. There were four $1 bills, $129 in all."
    ).flags
    assert not [f for f in flags if f.code == "SA101" and f.summary_span.text == "$1,199"]
    assert not [f for f in flags if f.code == "SA110"]


def test_a_price_read_in_pairs_supports_dollars_and_cents() -> None:
    assert "179.98" in digit_strings("so one seventy-nine ninety-eight, before tax.")


def test_a_pain_score_out_of_ten_is_no_date() -> None:
    assert not [f for f in extract_facts("neck pain she rated 4/10") if f.unit == "date"]
    assert ("time", "date", "4/10") in _facts("on 4/10 she called again")


SCENE = (
    "DISPATCH: room one-fourteen, subject is at the Starlite.\n"
    "OFC. DELGADO: silver Chevy pickup going to secondary.\n"
    "WITNESS: he sat there for forty-five minutes? maybe an hour.\n"
    "MEDIC: he was down on the ground when we got here, he's okay.\n"
)


@pytest.mark.parametrize(
    "summary",
    [
        "We went to Room 114 at the Starlite.",
        "I contacted the driver of a silver Chevrolet pickup.",
        "He sat there for approx. 45 minutes to 1 hour.",
        "The medic said he was on the ground when they arrived.",
    ],
)
def test_the_way_a_report_writes_what_was_said_is_no_invented_fact(summary: str) -> None:
    assert not [f for f in audit(SCENE, summary).flags if f.code.startswith("SA1")]


def test_a_different_spoken_duration_is_a_warning_not_an_error() -> None:
    transcript = "DISPATCH: Sergeant Vu is tied up on a crash, ETA about twenty minutes.\n"
    flags = audit(transcript, "Sgt. Vu was on a crash, ETA approx. 6 minutes.").flags
    assert [(f.code, f.severity.value) for f in flags if f.code == "SA110"] == [
        ("SA110", "warning")
    ]


def test_two_heights_in_a_row_are_both_heights_and_a_different_one_is_a_warning() -> None:
    facts = _facts("no, he wasn't that tall. five nine, five ten.")
    assert {("number", "height", "5'9"), ("number", "height", "5'10")} <= facts
    flags = audit(
        "CLERK: the guy who robbed us was tall. like six two, skinny.\n",
        "The clerk said the male who robbed them was tall, approx. 5 ft 10 in, skinny.",
    ).flags
    assert [(f.code, f.severity.value) for f in flags if f.code == "SA110"] == [
        ("SA110", "warning")
    ]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("your date of birth?\nAugust second, nineteen forty-three.", ("time", "date", "8/2/1943")),
        ("camera time oh seven four one and thirty-six seconds", ("time", "clock", "7:41")),
        ("I found it at opening, like ten to nine, when I", ("time", "clock", "8:50")),
        ("at about ten to twelve he left", ("time", "clock", "11:50")),
        ("OKAFOR: ten of eight. I looked at my phone", ("time", "clock", "7:50")),
    ],
)
def test_a_time_or_date_said_another_common_way_is_read(
    text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "there were ten to twelve people",  # a range, no "at" before it
        "about five to ten people",  # a noun after the hour
        "two of three cars were towed",  # a count: "of" needs a clock's minutes (5, 10, 20, 25)
        "two-six dash two oh three five one.",  # a case number read digit by digit
        "case number oh six one three two",
    ],
)
def test_numbers_that_only_look_like_a_time_are_no_clock(text: str) -> None:
    assert not [f for f in extract_facts(text) if f.unit == "clock"]


def test_a_preposition_starting_a_sentence_is_no_name() -> None:
    transcript = "MANAGER: Ventura here, the fraud team flagged twenty-three cards."
    flags = audit(transcript, "Per Ventura, the fraud team flagged 23 cards.").flags
    assert not [f for f in flags if f.code == "SA103"]


def test_a_total_of_the_amounts_its_sentence_states_is_the_writers_arithmetic() -> None:
    transcript = (
        "DAUGHTER: March fourth, cash withdrawal, nine thousand. March sixth, fifty-five hundred.\n"
    )
    total = "She withdrew $9,000 on March 4 and $5,500 on March 6, a total loss of $14,500."
    assert not [f for f in audit(transcript, total).flags if f.code.startswith("SA1")]
    # The parts must be heard, and add up: a total that is not their sum is still flagged.
    wrong = "She withdrew $9,000 on March 4 and $5,500 on March 6, a total loss of $15,400."
    assert [f.summary_span.text for f in audit(transcript, wrong).flags if f.code == "SA101"] == [
        "$15,400"
    ]


def test_a_range_of_two_times_with_hours_after_the_second_reads_both_as_clocks() -> None:
    facts = _facts("she had been there since between approximately 2230 and 2245 hours.")
    assert {("time", "clock", "10:30"), ("time", "clock", "10:45")} <= facts


def test_a_total_said_after_the_amount_is_the_writers_arithmetic_too() -> None:
    transcript = (
        "OWNER: the body shop said twelve hundred for the paint, three forty for the mirror.\n"
    )
    summary = "A body shop estimated $1,200 for the paint and $340 for the mirror, $1,540 in total."
    assert not [f for f in audit(transcript, summary).flags if f.code.startswith("SA1")]


def test_background_media_is_no_rival_and_decides_no_colour() -> None:
    transcript = (
        "OWNER: it's a seventeen Accord. Honda Accord. the blue one, obviously.\n"
        "TV: police are looking for a white pickup seen near the break-ins.\n"
    )
    flags = audit(transcript, "He showed me his blue 2017 Honda Accord.").flags
    assert not [f for f in flags if f.code.startswith("SA1")]


def test_a_year_before_a_make_or_model_is_a_model_year_said_short() -> None:
    assert ("vehicle", "model year", "17") in _facts("a blue 2017 Honda Accord")
    assert ("vehicle", "model year", "17") in _facts("it's a seventeen Accord.")
    assert ("number", "honda", "2") in _facts("two Hondas were parked")  # a count of cars
    flags = audit("OWNER: it's a fifteen Accord.\n", "He owns a 2017 Accord.").flags
    assert [(f.code, f.summary_span.text) for f in flags] == [("SA105", "2017")]


def test_a_make_is_said_by_naming_one_of_its_models_but_not_the_reverse() -> None:
    def sa1(transcript: str, summary: str) -> list[tuple[str, str]]:
        flags = audit(transcript, summary).flags
        return [(f.code, f.summary_span.text) for f in flags if f.code.startswith("SA1")]

    assert sa1("OWNER: it's a seventeen Accord, blue.\n", "He owns a blue 2017 Honda Accord.") == []
    assert sa1("OWNER: it's a blue Honda.\n", "He owns a blue Honda Accord.") == [
        ("SA105", "Accord")
    ]
    assert sa1("OWNER: it's a blue Escape.\n", "He owns a blue Chevy Escape.") == [
        ("SA105", "Chevy")
    ]


@pytest.mark.parametrize(
    ("said", "old", "new"),
    [
        ("the first one is four hundred. no, wait, four ninety.", "400", "four ninety"),
        (
            "one in custody, twenty-one sixteen, uh, correction, twenty-two sixteen.",
            "9:16",
            "twenty-two sixteen",
        ),
        (
            "it's charlie mike x-ray four four one. no wait. four one four. charlie mike x-ray four one four.",
            "CMX441",
            "charlie mike x-ray four one four",
        ),
        ("four. no, wait, five, there's one in the hot tub.", "4", "five"),
    ],
)
def test_a_value_taken_back_at_once_is_read_with_the_value_said_instead(
    said: str, old: str, new: str
) -> None:
    facts = sorted(extract_facts(said), key=lambda f: f.start)
    [(taken_back, instead)] = corrections(said, facts).items()
    assert taken_back.value == old and said.startswith(new, instead.start)


@pytest.mark.parametrize(
    "said",
    [
        "he's twenty. no, he doesn't have a license, he has three kids.",
        "sixty-five hundred. no, Renee, was it sixty-five?",  # asked, not corrected
        "it was around two. no. it was after lunch, one thirty maybe.",
    ],
)
def test_a_no_before_something_else_takes_nothing_back(said: str) -> None:
    facts = sorted(extract_facts(said), key=lambda f: f.start)
    assert corrections(said, facts) == {}


def test_a_value_taken_back_contradicts_a_summary_that_keeps_it_unless_it_tells_the_correction() -> (
    None
):
    transcript = (
        "DAUGHTER: the first one is four hundred. no, wait, four ninety. at one thirty-eight.\n"
    )
    flags = audit(transcript, "The first payment was $400 at 1338 hours.").flags
    [flag] = [f for f in flags if f.code.startswith("SA1")]
    assert (flag.code, flag.severity.value, flag.summary_span.text) == ("SA110", "error", "$400")
    assert "four hundred. no, wait, four ninety" in flag.message
    assert flag.evidence[0].relation == "contradicts" and flag.evidence[0].speaker == "DAUGHTER"
    for summary in (
        "The first payment was $490 at 1338 hours.",
        "She first said $400, then corrected it to $490.",
    ):
        assert not [f for f in audit(transcript, summary).flags if f.code.startswith("SA1")]


def test_a_time_estimate_with_a_second_guess_reads_both_as_clocks() -> None:
    facts = _facts("approximately 2215, possibly 2220 hours, before 2230 hours")
    assert {("time", "clock", "10:15"), ("time", "clock", "10:20")} <= facts


def test_a_range_said_with_one_scale_word_reads_the_first_number_on_that_scale() -> None:
    assert {"300", "400"} <= digit_strings("I'd guess three, four hundred dollars.")
    assert {"2000", "3000"} <= digit_strings("maybe two or three thousand bucks")


@pytest.mark.parametrize(
    ("said", "fact"),
    [
        ("thirty-five tops.", ("number", None, "35")),
        ("speed limit's thirty-five through there.", ("number", None, "35")),
        ("tax eighty-two cents.", ("number", "$", "0.82")),
    ],
)
def test_words_that_count_nothing_are_no_unit_and_cents_are_money(
    said: str, fact: tuple[str, str | None, str]
) -> None:
    assert fact in _facts(said)


def test_a_serial_number_is_no_plate() -> None:
    assert not [f for f in extract_facts("a drill kit, S/N 3380419, $149.") if f.unit == "plate"]


def test_a_named_vehicle_is_not_the_generic_car_a_witness_mentions() -> None:
    transcript = (
        "WITNESS: the Honda stopped and the truck went right into her. then he went into the red car.\n"
        "DISPATCH: that plate is a silver Honda CR-V.\n"
    )
    flags = audit(transcript, "V1, a silver Honda CR-V, stopped and the truck hit her.").flags
    assert not [f for f in flags if f.code == "SA110"]


def test_line_totals_and_list_totals_are_the_writers_arithmetic() -> None:
    transcript = (
        "OWNER: the drill was one forty-nine ninety-nine. two batteries, sixty-nine ninety-seven "
        "each. the camera eight forty-nine ninety-five. about three forty in cash.\n"
    )
    summary = (
        "- drill, $149.99\n- 2 batteries at $69.97 each ($139.94)\n- camera, $849.95\n"
        "- approximately $340 in cash\n\nThe priced items total $1,139.88, not counting the cash."
    )
    assert not [f for f in audit(transcript, summary).flags if f.code.startswith("SA1")]
    wrong = summary.replace("$1,139.88", "$1,193.88")
    assert [f.summary_span.text for f in audit(transcript, wrong).flags if f.code == "SA101"] == [
        "$1,193.88"
    ]


def test_a_role_before_a_name_written_last_first_is_no_invented_name() -> None:
    transcript = "OFFICER: and you are?\nPELLEGRINI: Gus Pellegrini, I live next door.\n"
    flags = audit(transcript, "Neighbor Pellegrini, Gus, said he was home after lunch.").flags
    assert not [f for f in flags if f.code == "SA103"]


@pytest.mark.parametrize(
    "text",
    [
        "I identified him by his driver's license (DOB 06/03/1988); he said he is 37.",
        "Unit 6B2 arrived and Unit 3A12 blocked the lane.",
        "southbound US-101 near mile marker 42, then I-5 north",
    ],
)
def test_dates_call_signs_and_road_numbers_are_no_plates(text: str) -> None:
    assert not [f for f in extract_facts(text) if f.unit == "plate"]


def sa1_flags(transcript: str, summary: str) -> list[tuple[str, str, str]]:
    flags = audit(transcript, summary).flags
    return [(f.code, f.severity.value, f.summary_span.text) for f in flags if f.code[:3] == "SA1"]


def test_an_estimated_time_a_minute_from_a_heard_one_is_that_time() -> None:
    transcript = "CLERK: the time on the camera says twenty-one oh six when he pulls off.\n"
    assert sa1_flags(transcript, "He pulled off at approximately 2105 hours.") == []
    assert sa1_flags(transcript, "He pulled off at approximately 2115 hours.") == [
        ("SA110", "error", "2115 hours")
    ]


def test_a_heard_estimate_holds_the_times_on_its_side() -> None:
    transcript = "OFFICER: happy birthday. it's after midnight though, keep it down.\n"
    assert [
        f[1] for f in sa1_flags(transcript, "It was 0007 hours; I told him to keep it down.")
    ] != ["error"]


def test_a_date_is_compared_with_the_date_of_the_same_event() -> None:
    transcript = (
        "CLERK: second one, October fifteenth, twelve oh three a.m., same ATM, five hundred.\n"
    )
    flags = sa1_flags(transcript, "On Thursday, October 17, I was dispatched to the bank.")
    assert not [f for f in flags if f[0] == "SA110"]


def test_a_name_said_clipped_or_plural_is_heard() -> None:
    transcript = "OFFICER: can you notify Parks and Rec. and I lost my Ray-Bans too.\n"
    assert sa1_flags(transcript, "I asked Dispatch to notify Parks and Recreation.") == []
    assert sa1_flags(transcript, "He lost a pair of Ray-Ban sunglasses.") == []


def test_a_day_said_alone_takes_a_month_the_transcript_names() -> None:
    said = "OFFICER: so today's the twenty-first, yesterday was May twentieth, around five?\n"
    assert sa1_flags(said, "On May 21 she came to the front counter.") == []
    assert [f[2] for f in sa1_flags(said, "On May 23 she came to the front counter.")] == ["May 23"]
    no_month = "OFFICER: so today's the twenty-first, right?\n"
    assert [f[2] for f in sa1_flags(no_month, "On May 21 she came in.")] == ["May 21"]


def test_dollars_and_cents_said_in_words_are_one_amount() -> None:
    assert ("number", "$", "206.17") in _facts("Bayside Liquor, two hundred six dollars and "
                                                "seventeen cents.")  # fmt: skip


def test_minutes_read_off_the_recording_across_a_pause_support_a_later() -> None:
    transcript = (
        "[00:00:01.000 --> 00:00:08.000] DISPATCH: one-four, shoplifter in custody, time eleven "
        "forty.\n[00:00:09.000 --> 00:00:10.000] OFFICER: one-four copy.\n"
        "[00:05:02.000 --> 00:05:04.000] OFFICER: one-four on scene.\n"
    )
    assert sa1_flags(transcript, "I arrived approx. 5 minutes later.") == []
    assert [f[2] for f in sa1_flags(transcript, "I arrived approx. 9 minutes later.")] == ["9"]


def test_a_total_said_before_its_parts_and_counted_prices_are_arithmetic() -> None:
    transcript = (
        "BANK: first one, five hundred dollars. second, five hundred. third, five hundred. "
        "fourth, five hundred. and one purchase, two hundred six dollars and seventeen cents.\n"
    )
    summary = (
        "She found about $2,000 in withdrawals she had not made.\n\nThe bank read four ATM "
        "withdrawals of $500 each and one purchase of $206.17. The disputed total is $2,206.17."
    )
    assert sa1_flags(transcript, summary) == []
    flags = sa1_flags(transcript, summary.replace("$2,000 in", "$3,000 in"))
    # a total is not contradicted by one amount of its list: it is unsupported, not "instead"
    assert flags == [("SA101", "warning", "$3,000")]


def test_pain_in_a_body_part_someone_complained_of_is_supported() -> None:
    transcript = "HAYES: these cuffs are, man, my wrist. I got a bad wrist, I broke it last year.\n"
    summary = "Hayes complained his right wrist hurt in the cuffs."
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA108"]
    other = "Hayes complained his right knee hurt in the cuffs."
    assert [f.summary_span.text for f in audit(transcript, other).flags if f.code == "SA108"] == [
        "hurt"
    ]


def test_a_model_named_after_its_year_is_a_model_year() -> None:
    transcript = "OWNER: four Mike November Papa seven seven one. twenty-one Rogue.\n"
    assert sa1_flags(transcript, "A 2021 Rogue was on the hook.") == []
    assert [f[2] for f in sa1_flags(transcript, "A 2019 Rogue was on the hook.")] == ["2019"]


def test_an_age_decade_is_no_plural_number() -> None:
    from summary_audit.text.facts import spoken_measures

    assert spoken_measures("he's in his early thirties, I'd say") == set()
    assert ("30", None) in spoken_measures("the oxycodone thirties, three bottles")


def test_tablets_are_how_a_prescribed_drug_comes() -> None:
    from summary_audit.rules.unsupported_facts import _PRESCRIBED
    from summary_audit.text.wordlists import shipped_wordlists

    transcript = "CLERK: the count sheet says fifty-three in that bottle of oxy.\n"
    flags = audit(transcript, "The bottle of oxycodone held 53 tablets.").flags
    assert not [f for f in flags if f.code == "SA107"]
    flags = audit("CLERK: he had a baggie of coke.\n", "He had 53 tablets.").flags
    assert [f.summary_span.text for f in flags if f.code == "SA107"] == ["tablets"]
    assert set(_PRESCRIBED) <= set(shipped_wordlists().patterns("drugs"))  # kinds of drug


def test_a_long_serial_is_read_like_a_plate_and_checked_letter_by_letter() -> None:
    transcript = "OWNER: W S B C six oh two, oh one four, seven seven K.\n"
    assert sa1_flags(transcript, "The serial number is WSBC60201477K.") == []
    assert [f[2] for f in sa1_flags(transcript, "The serial number is WSBC60210477K.")] == [
        "WSBC60210477K"
    ]


def test_an_age_is_worked_out_from_a_date_of_birth_said_and_the_day() -> None:
    transcript = (
        "OFFICER: and your date of birth?\nDALE PREWITT: June twenty, fifty-eight.\n"
        "OFFICER: here's your case number, dated today, May fourteenth, twenty twenty-four.\n"
    )
    assert sa1_flags(transcript, "I contacted Prewitt, Dale (65).") == []
    assert [f[2] for f in sa1_flags(transcript, "I contacted Prewitt, Dale (66).")] == ["66"]


def test_a_direction_is_one_of_its_list_and_not_another() -> None:
    transcript = "OFFICER: which way did he go?\nGELLER: north. up Mill, toward Fifth Street.\n"
    assert sa1_flags(transcript, "The male rode north on Mill toward Fifth Street.") == []
    assert [
        f[0] for f in sa1_flags(transcript, "The male rode south on Mill toward Fifth Street.")
    ] == ["SA110"]


def test_a_clock_read_as_three_digits_supports_the_time() -> None:
    transcript = "MANAGER: the camera clock's an hour ahead. so it says three-oh-six but it was two-oh-six.\n"
    summary = "The video showed 3:06, actually about 2:06 p.m."
    assert [f for f in sa1_flags(transcript, summary) if f[0] in ("SA102", "SA110")] == []


# Values said loosely or in pieces, each with a value written from it (supported) and a changed one
# (flagged): heights, "a buck fifty", bills by face value, "ten of eight", "eight grand", a cents
# chain, a year said short, serial digits, a second guess, fractions, plural numbers, repeated
# ohs, long codes, afternoon times, half hours, models with digits.
@pytest.mark.parametrize(
    ("said", "written", "wrong"),
    [
        ("OKAFOR: skinny dude. five-nine, buck fifty soaking wet.", "about 5'9\"", "about 5'2\""),
        ("OFFICER: Volkov, Dmitri. six-one, two-twenty. still here?", "6'1\"", "6'4\""),
        ("CLERK: he buys a coffee, pays cash for that, a buck fifty.", "a coffee ($1.50)",
         "a coffee ($1.75)"),
        ("OWNER: cash, a hundred and twenty bucks, six twenties.", "$120 (six $20 bills)",
         "$120 (six $50 bills)"),
        ("OKAFOR: ten of eight. I looked at my phone.", "at 1950 hours, ten minutes before eight",
         "at 1950 hours, twelve minutes before eight"),
        ("OWNER: he said it was eight grand for the fence.", "the fence costs $8,000",
         "the fence costs $9,000"),
        ("MANAGER: they ran up a bill, one eighty-seven forty.", "a bill of $187.40",
         "a bill of $178.40"),
        ("OWNER: permit's valid through twenty-six.", "a permit valid through 2026",
         "a permit valid through 2028"),
        ("OWNER: B X R T four one eight. no wait. four eight one.",
         "first read the last digits as 418", "first read the last digits as 419"),
        ("DRIVER: yeah. around quarter to eight, ten to eight.", "at about 0745 hours",
         "at about 0730 hours"),
        ("MOM: like three and a half feet? forty pounds.", "approximately 3 1/2 feet tall",
         "approximately 4 1/2 feet tall"),
        ("CLERK: put all the oxy thirties in the bag.", "oxycodone 30 mg", "oxycodone 40 mg"),
        ("OFFICER: card numbers end in nine oh oh seven.", "a card ending in 9007",
         "a card ending in 9070"),
        ("OFFICER: got a chip. nine eight five, one one two, zero zero four, three seven one, six "
         "two nine.", "microchip #985112004371629", "microchip #985112004371692"),
        ("CLERK: opened at three twelve this afternoon.", "the 1512 opening", "the 1521 opening"),
        ("NEIGHBOR: shooting bottle rockets for half an hour.", "for approx. 30 min",
         "for approx. 40 min"),
        ("HADLEY: it's a twenty-fifteen F-150. silver.", "a silver 2015 Ford F-150",
         "a silver 2015 Dodge F-150"),
        ("OPERATOR: it shows a dollar ten on the card.", "a balance of $1.10",
         "a balance of $1.40"),
        ("CLERK: it was two dollars fifty, the coffee.", "a coffee for $2.50",
         "a coffee for $2.70"),
        ("HAULER: the lady paid me a buck twenty to take it.", "was paid $120",
         "was paid $180"),
        ("OWNER: my dad's toolbox, with the tools, maybe three, three-fifty.",
         "a toolbox worth about $300 to $350", "a toolbox worth about $500 to $350"),
        ("CALLER: since three, three-fifteen. I noticed it when I got home.",
         "burning since about 1500-1515 hours", "burning since about 1500-1545 hours"),
        ("HAVERKAMP: like four. not three, like four o'clock.",
         "he lit it at about 1600 hours, not 1500", "he lit it at about 1700 hours, not 1500"),
        ("OFFICER: the incident number. two-four, dash, T, dash, oh eight eight five two.",
         "incident number 24-T-08852", "incident number 24-T-08825"),
        ("ADJEI: the prop alone was like four hundred, no, three-seventy-five.",
         "about $375 (after first saying about $400)", "about $400"),
        ("OFFICER: you know the pool's closed. hours are posted right there, eleven to seven-thirty.",
         "posted hours 1100-1930", "posted hours 1000-1930"),
        ("SEO: he was yelling for fifteen minutes? from like five to three until we called.",
         "from approximately 1455 hours until the call", "from approximately 1435 hours until the call"),
        ("OFFICER: coins in the tray, let me count... four dollars, thirty-five cents.",
         "$4.35 in coins", "$4.85 in coins"),
        ("PATRON: I had it from two. I had it till three.",
         "he had the computer from 1400 to 1500, and left", "he had the computer from 1400 to 1600, and left"),
        ("OFFICER: second one, twenty-six and three quarters. this one's short.",
         "the second fish at 26.75 inches", "the second fish at 26.25 inches"),
    ],
)  # fmt: skip
def test_a_value_said_loosely_supports_the_summary_and_a_changed_one_is_flagged(
    said: str, written: str, wrong: str
) -> None:
    transcript = said + "\nOFFICER: okay.\n"
    assert sa1_flags(transcript, f"I noted {written}.") == []
    assert sa1_flags(transcript, f"I noted {wrong}.") != []


def test_codes_read_with_dash_and_names_said_in_the_possessive_are_heard() -> None:
    transcript = (
        "OFFICER: your case number is two four C dash zero six one eight.\n"
        "MOTHER: yes, he works at Sal's. he closes on Fridays.\n"
        "OWNER: ow. ow, my ankle. I tripped on the curb coming home. it's killing me.\n"
    )
    summary = (
        "Case number 24C-0618. She confirmed he works at Sal's Pizza and closes on Fridays. "
        "He said his ankle hurt."
    )
    assert sa1_flags(transcript, summary) == []
    assert [f[2] for f in sa1_flags(transcript, "Case number 24C-0681.")] == ["24C-0681"]


def test_bills_named_by_a_hyphened_denomination_and_a_gerund_starting_a_sentence() -> None:
    transcript = (
        "VAUGHN: six hundred. six hundred-dollar bills in an envelope in my desk drawer.\n"
        "SANTANGELO: here, use my phone. check Find My.\n"
    )
    summary = (
        "Vaughn stated that $600, six $100 bills, was missing. Using Santangelo's phone, she "
        "checked Find My."
    )
    assert sa1_flags(transcript, summary) == []


def test_a_colour_said_after_its_object_is_said_of_it() -> None:
    transcript = (
        "MOTHER: and his life jacket, the yellow one. no wait. he took the red one.\n"
        "OFFICER: red life jacket, good.\n"
    )
    said = "She first said the yellow life jacket, then corrected herself to the red one."
    assert sa1_flags(transcript, said) == []
    assert [f[2] for f in sa1_flags(transcript, "He wore a green life jacket.")] == ["green"]


def test_a_colour_taken_back_is_a_contradiction_unless_the_summary_tells_of_it() -> None:
    transcript = (
        "MOTHER: and his life jacket, the yellow one. no wait. he took the red one.\n"
        "OFFICER: okay, good. how old is he?\n"
    )
    assert [f[2] for f in sa1_flags(transcript, "He wore a yellow life jacket.")] == ["yellow"]
    assert sa1_flags(transcript, "He wore a red life jacket.") == []
    told = "She first said yellow, then corrected herself: he wore a red life jacket."
    assert sa1_flags(transcript, told) == []


def test_digits_of_a_model_or_code_name_support_no_amount() -> None:
    transcript = (
        "FARMER: the white F-250, with the trailer.\nPILOT: I'll give her two hundred, cash.\n"
    )
    assert [f[2] for f in sa1_flags(transcript, "He offered $250 cash.")] == ["$250"]
    assert sa1_flags(transcript, "He offered $200 cash for the white F-250.") == []


def test_a_distance_in_miles_is_no_speed() -> None:
    transcript = (
        "OFFICER: eleven oh seven, Route nine, forty-two miles an hour, offline after.\n"
        "OWNER: sixty-one thousand miles, full tank.\n"
    )
    assert [f for f in sa1_flags(transcript, "It had 61,000 miles on it.") if f[0] == "SA110"] == []
    assert [f[2] for f in sa1_flags(transcript, "The van was going 52 miles an hour.")] == ["52"]


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("maybe a quarter mile back", "0.25"),
        ("about a quarter of a mile", "0.25"),
        ("that's about eight-tenths of a mile", "0.8"),
        ("Haskett's on rotation, ETA four zero minutes", "40"),
        ("room four zero four", "404"),
    ],
)
def test_fractions_and_radio_digits_are_read_as_one_value(said: str, value: str) -> None:
    from summary_audit.text.normalize import read_values

    assert [v.norm for v in read_values(said)] == [value]


@pytest.mark.parametrize(
    "said",
    ["a quarter past nine", "zero zero twelve", "eight oh two Tenth Street", "I paid a quarter"],
)
def test_clock_times_house_numbers_and_coins_keep_their_reading(said: str) -> None:
    from summary_audit.text.normalize import read_values

    assert "0.25" not in [v.norm for v in read_values(said)]
    assert "0.2" not in [v.norm for v in read_values(said)]


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("he said eleven, maybe twelve hundred to rebuild it", ("1100", None)),
        ("like fifty-eight, fifty-nine thousand", ("58000", None)),
        ("five, six hundred dollars", ("500", "$")),
    ],
)
def test_the_first_end_of_a_spoken_range_takes_the_scale_of_the_second(
    said: str, value: tuple[str, str | None]
) -> None:
    from summary_audit.text.facts import spoken_measures

    assert value in spoken_measures(said)


def test_hundred_and_five_said_alone_is_one_number() -> None:
    from summary_audit.text.normalize import read_values

    assert [v.norm for v in read_values("about a hundred gallons, hundred and five")] == [
        "100",
        "105",
    ]
    # a hundred hours is a duration, said with "a" or without it; never the clock 0100
    for said in ("hundred hours", "a hundred hours"):
        assert [(v.kind, v.norm) for v in read_values(said)] == [("number", "100")]


@pytest.mark.parametrize(
    "written",
    ["on property receipt P25-0441.", "valued at $58-59K, financed", "order #A7731B placed"],
)
def test_codes_and_short_amounts_are_no_plates(written: str) -> None:
    assert not [f for f in extract_facts(written) if f.unit == "plate"]
    assert [f for f in extract_facts("plate 7KLM214 on a white Civic") if f.unit == "plate"]


@pytest.mark.parametrize(
    ("transcript", "kept", "wrong"),
    [
        (  # four digits written for a time said as an hour
            "LE: I'm down to twelve percent and I've got a job in Westbrook at four.\n",
            "He had a job in Westbrook at 1600.",
            "He had a job in Westbrook at 1700.",
        ),
        (  # an amount the writer subtracted
            "FERREIRA: a binding estimate, eighteen hundred and fifty dollars. I paid a four "
            "hundred deposit.\n",
            "She paid $400 on a $1,850 estimate and owes it less the deposit ($1,450).",
            "She paid $400 on a $1,850 estimate and owes it less the deposit ($1,550).",
        ),
        (  # a share said without "percent" in a turn about the same thing
            "LE: sixty-one percent when it stopped.\n"
            "LE: so I figured she's done, these things stop at eighty anyway.\n",
            "He said the chargers stop at 80% anyway.",
            "He said the chargers stop at 90% anyway.",
        ),
        (  # a rounded product of a unit price
            "FUELER: thirty-one point eight gallons. six ninety-five a gallon. he paid by card.\n",
            "He pumped 31.8 gal at $6.95/gal (approx. $221), paid by card.",
            "He pumped 31.8 gal at $6.95/gal (approx. $251), paid by card.",
        ),
    ],
)
def test_a_value_the_writer_read_or_worked_out_is_supported_and_another_is_not(
    transcript: str, kept: str, wrong: str
) -> None:
    assert sa1_flags(transcript, kept) == []
    assert sa1_flags(transcript, wrong) != []


def test_a_model_year_said_short_before_a_listed_model_is_the_model_year() -> None:
    transcript = (
        "CASTELLANOS: it's a twenty-two Navigator, white. the plate's L-V, two two zero seven.\n"
    )
    assert sa1_flags(transcript, "The limousine: white 2022 Navigator, plate LV2207.") == []


def _read(text: str) -> list[tuple[str, str]]:
    from summary_audit.text.normalize import read_values

    return [(v.kind, v.norm) for v in read_values(text)]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # One estimate said twice without a pause: the hour said again starts the next time.
        ("we arrive eight forty eight forty five", [("time", "8:40"), ("time", "8:45")]),
        ("two fifteen two twenty maybe", [("time", "2:15"), ("time", "2:20")]),
        ("three fifty three seventy five", [("time", "3:50"), ("number", "3"), ("number", "75")]),
        ("he said eight forty eight", [("time", "8:48")]),
        # Counting, and digits read out, stay numbers.
        ("nine ten eleven twelve", [("number", n) for n in ("9", "10", "11", "12")]),
        ("eight oh eight five", [("number", "8"), ("number", "8"), ("number", "5")]),
    ],
)
def test_the_same_hour_said_again_is_two_times_not_a_count(
    text: str, values: list[tuple[str, str]]
) -> None:
    assert _read(text) == values


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("fourteenth of may nineteen seventy nine", "5/14/1979"),
        ("born may fourteenth nineteen seventy nine", "5/14/1979"),
        ("on the 3rd of march", "3/3"),
    ],
)
def test_a_lower_case_may_or_march_where_the_verb_cannot_stand_is_a_month(
    text: str, date: str
) -> None:
    assert ("date", date) in _read(text)


def test_a_lower_case_may_before_a_cardinal_stays_a_verb() -> None:
    assert _read("you may fourteen") == [("number", "14")]


def test_a_bare_hundred_before_a_word_is_a_hundred() -> None:
    assert _read("posted every, I don't know, hundred yards. less.") == [("number", "100")]
    assert _read("about hundred dollars") == [("money", "$100")]
    assert _read("hundred and five") == [("number", "105")]


def test_one_phonetic_word_and_digits_after_a_plate_is_said_is_a_plate() -> None:
    said = "and commercial plate on a box truck, Charlie four four one zero eight."
    assert _read(said) == [("plate", "c44108")]
    assert ("plate", "m4567") not in _read("the plates were fine. Mike 4 5 6 7")
    assert ("plate", "m4567") not in _read("I told Mike 4 5 6 7")


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("her bill runs about $140-150 in summer", ("number", "$", "150")),
        ("rates rose 5-6% last year", ("number", "%", "5")),
        ("posted every 100 yds or less", ("number", "yard", "100")),
        ("he weighed 4 lbs", ("number", "pound", "4")),
    ],
)
def test_a_written_range_shares_its_unit_and_short_units_are_folded(
    text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _facts(text)


def test_a_word_between_a_price_and_each_keeps_it_a_price_of_one() -> None:
    text = "4 designer frames at $180 retail each ($720 total)."
    prices = [f for f in extract_facts(text) if f.unit == "$"]
    assert [(f.value, f.about) for f in prices] == [("180", ("each",)), ("720", ())]
    assert [f.about for f in extract_facts("he paid $40 and each of them left")] == [()]


def _sa1(turns: list[tuple[str, str]], summary: str) -> list[tuple[str, str, str]]:
    from tests.helpers import make_summary, make_transcript

    report = audit(make_transcript(turns), make_summary(summary), select=["SA1"])
    return [(f.code, f.severity.value, f.summary_span.text) for f in report.flags]


def test_a_weight_said_as_one_sixty_supports_160_lbs() -> None:
    turns = [("OFC. RUIZ", "how tall, how heavy?"), ("GUARD", "like six one, maybe one sixty.")]
    assert _sa1(turns, "The guard described him as approx. 6'1\", 160 lbs.") == []
    assert _sa1(turns, "The guard described him as approx. 6'1\", 190 lbs.") != []


def test_an_accented_name_supports_it_written_without_the_accent() -> None:
    turns = [("VALDIVIA", "Inés Valdivia. V-A-L-D-I-V-I-A. parking enforcement.")]
    assert _sa1(turns, "I spoke with Ines Valdivia of parking enforcement.") == []


def test_a_spoken_one_in_an_aligned_passage_is_no_rival_for_a_summary_1() -> None:
    turns = [
        ("OFC. LEE", "you had anything to drink today?"),
        ("DRIVER", "two beers. two. over like four hours."),
        ("OFC. LEE", "and you've been drinking too ma'am?"),
        ("PASSENGER", "I had one. at like two o'clock. I'm not driving the boat."),
    ]
    flags = _sa1(turns, "The passenger said she had 1 beer around 1400 and was not driving.")
    assert all(code != "SA110" for code, _, _ in flags)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("she worked a 0700-1900 shift at the hospital", ("time", "clock", "7:00")),
        ("a 1500-1515 hours window", ("time", "clock", "3:15")),
    ],
)
def test_the_second_end_of_a_range_led_by_a_24_hour_clock_is_a_clock(
    text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _facts(text)
    assert ("number", None, "1900") not in _facts(text)


def test_a_plate_type_before_a_spelled_plate_is_a_plate_cue() -> None:
    said = "white Freightliner Cascadia, Illinois apportioned, papa eight six one four two two"
    assert ("plate", "p861422") in _read(said)


@pytest.mark.parametrize(
    ("turns", "summary"),
    [
        # "three four hundred dollars" is 300 to 400 dollars
        (
            [("CARETAKER", "to reset one with the crew three four hundred dollars each")],
            "He estimated resetting each stone at $300-400 with his crew.",
        ),
        # "a one-day pass" says one day
        ([("DRIVER", "see, it's expired. that's a one-day pass.")], "He said it was a 1-day pass."),
        # an estimate ("close to four hundred") holds a value within a tenth of it, and the
        # pieces "three eighty-six" say 386
        (
            [
                ("DEP. VOGT", "odometer reads forty-one five eighty-six now."),
                ("DEP. VOGT", "so close to four hundred miles. three eighty-six, if you're right."),
            ],
            "The odometer puts about 386 miles on the van since Friday.",
        ),
        # a phone number's last four digits read like a time, but are no time of day
        (
            [
                ("DISPATCH", "caretaker reports headstones down. time oh seven oh five."),
                ("CARETAKER", "the office number five five five two six two oh oh one one"),
            ],
            "Cemetery office: 555-262-0011.",
        ),
    ],
)
def test_values_written_from_what_was_said_draw_no_error(
    turns: list[tuple[str, str]], summary: str
) -> None:
    assert [f for f in _sa1(turns, summary) if f[1] == "error"] == []
    assert all(code not in ("SA101", "SA110") for code, _, _ in _sa1(turns, summary))


def _values_read(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    from summary_audit.text.normalize import read_values

    return [(v.kind, v.norm, v.readings) for v in read_values(text)]


def test_a_decimal_written_without_its_zero_is_a_caliber_said_either_way() -> None:
    assert _values_read("a tin of Crosman .177 pellets") == [("number", "177", ())]
    assert ("number", "0.177", ("177",)) in _values_read("the tin says point one seven seven.")
    turns = [("ROWE", "the tin says Crosman, point one seven seven. five hundred count.")]
    assert _sa1(turns, "He had a tin of Crosman .177 pellets (500 count).") == []
    turns = [("DELAUNAY", "it's a twenty-two, a marlin.")]
    assert _sa1(turns, "He shot it with a .22 Marlin.") == []


def test_a_guess_said_again_with_minutes_no_height_has_is_a_time() -> None:
    kinds = [k for k, _, _ in _values_read("like four ten? four fifteen. I was just opening.")]
    assert kinds == ["time", "time"]
    assert _values_read("he's like five ten, maybe.")[0][0] == "height"


def test_a_bare_quarter_to_takes_the_hour_said_just_before() -> None:
    said = _values_read("ten to eleven? maybe quarter to. forty minutes I've been out here.")
    assert [n for k, n, _ in said if k == "time"] == ["10:50", "10:45"]
    assert _values_read("I went to the quarter to see") == []


def test_an_oclock_time_also_reads_as_its_hour_in_hundreds() -> None:
    turns = [("SPEAKER_02", "after the eleven o'clock service we took folks home.")]
    assert _sa1(turns, "It was last driven Sunday after the 1100 service.") == []


def test_a_number_under_a_hundred_after_a_year_is_also_a_year_of_its_century() -> None:
    assert ("number", "9", ("0", "9", "2009")) in _values_read(
        "a two thousand eight, oh-nine. one man"
    )
    turns = [("Petrescu", "Silverado I think, the older one. like a two thousand eight, oh-nine.")]
    assert _sa1(turns, "He described a Silverado, possibly a 2008 or 2009.") == []
    assert _sa1(turns, "He described a Silverado, possibly a 2008 or 2011.") != []


def test_a_claim_stating_the_rival_value_too_contradicts_neither() -> None:
    turns = [("DISPATCH", "tenant dispute, two eighteen Corbin Street, the basement laundry.")]
    summary = "I responded to 218 Corbin Street for a dispute in the basement laundry room."
    assert [f for f in _sa1(turns, summary) if f[0] == "SA110"] == []


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("P as in Paul, K as in king, four nine nine two. no, wait.", "pk4992"),
        ("citation number A as in Adam seven seven one oh two.", "a77102"),
    ],
)
def test_a_plate_spelled_letter_by_letter_with_as_in_is_read_whole(text: str, plate: str) -> None:
    assert ("plate", plate) in [(k, n) for k, n, _ in _values_read(text)]


def test_one_digit_after_a_point_no_determiner_names_is_a_decimal() -> None:
    assert _values_read("it said point four when we parked.") == [("number", "0.4", ())]
    assert _values_read("at that point one of them ran") == [("number", "1", ())]


def test_a_grand_is_a_thousand_dollars_unless_it_names_something() -> None:
    assert _values_read("it cost me a grand for it") == [("money", "$1000", ())]
    assert [n for _, n, _ in _values_read("a grand total of 5")] == ["5"]


def test_a_leading_digit_added_to_a_scaled_amount_shares_its_scale() -> None:
    said = _values_read("about six thousand to replace. the grills, maybe two and a half more.")
    assert ("number", "2.5", ("2500",)) in said
    assert ("number", "50", ()) in _values_read("six hundred, and another fifty")


def test_when_a_number_was_said_is_no_unit_of_it() -> None:
    turns = [
        ("Yusupov", "like seventy, seventy-five pounds. the vet said seventy-three last time.")
    ]
    assert _sa1(turns, "The dog weighs 70-75 lbs (73 lbs at the last vet visit).") == []


def test_an_occupation_before_a_heard_first_name_is_a_role() -> None:
    turns = [("KENDRA", "I said Dr. Moffat would try. at lunch. if he had a gap.")]
    assert _sa1(turns, "Receptionist Kendra stated she told him Dr. Moffat would try.") == []


def test_a_date_of_birth_whose_first_two_digits_are_no_month_starts_with_one() -> None:
    said = _values_read("Desmond Terpstra, date of birth four two nineteen seventy-nine.")
    assert [(k, n) for k, n, _ in said] == [("date", "4/2/1979")]


def test_a_third_left_is_a_share_written_1_3() -> None:
    assert _values_read("Smirnoff. about a third left.") == [("number", "0.3333", ())]
    assert _values_read("a third time") == [("ordinal", "3rd", ())]
    turns = [("SPEAKER_01", "that's a seven-fifty? Smirnoff. about a third left.")]
    assert _sa1(turns, "A 750 mL bottle of Smirnoff, about 1/3 full, was on the desk.") == []


def test_a_year_said_oh_nine_reads_as_2009() -> None:
    assert _values_read("that's mine. an oh nine.") == [("number", "9", ("2009",))]


def test_a_claim_stating_the_heard_plate_is_not_contradicted_by_it() -> None:
    turns = [("Ofc. Lund", "green Ford, plate is eight H K, two two seven.")]
    summary = "He left in his green 2009 F-150, plate 8HK227."
    assert [f for f in _sa1(turns, summary) if f[0] == "SA110"] == []


def test_another_thousand_is_a_thousand() -> None:
    said = _values_read("it could be another thousand, maybe fifteen hundred, if she stays")
    assert [n for _, n, _ in said] == ["1000", "1500"]


@pytest.mark.parametrize(
    "text", ["he backed it down and left across lane 2", "right across lane two"]
)
def test_a_side_before_a_preposition_is_no_side_of_the_thing_after_it(text: str) -> None:
    assert [f for f in extract_facts(text) if f.unit == "side"] == []


def test_a_medics_lac_on_a_part_is_a_laceration() -> None:
    turns = [("SPEAKER_05", "small lac on the lower lip, it's stopped bleeding.")]
    assert _sa1(turns, "A medic found a small laceration on her lower lip.") == []


def test_an_abbreviated_month_with_its_full_stop_is_a_date_not_a_name() -> None:
    said = extract_facts("She showed me the estimate, dated Oct. 6, signed by her.")
    assert [(f.kind, f.value) for f in said] == [("time", "10/6")]


def test_a_count_of_dozens_also_reads_as_the_count() -> None:
    assert _values_read("three dozen eggs. no, two dozen.")[0] == ("number", "36", ("3",))


def test_whole_dollars_said_for_an_amount_with_cents_are_no_other_amount() -> None:
    turns = [
        ("Ofc. Castellanos", "the attendant says it wasn't paid. six hundred and two dollars.")
    ]
    assert [f for f in _sa1(turns, "He paid the $602.19 by card.") if f[0] == "SA110"] == []
    assert [f for f in _sa1(turns, "He paid the $612.19 by card.") if f[0] == "SA110"] != []


def test_a_role_before_a_name_with_an_apostrophe_is_a_role() -> None:
    turns = [("O'DONNELL", "Siobhan O'Donnell. I saw him bend down by the gift table.")]
    summary = "Bartender Siobhan O'Donnell stated that she saw him bend down."
    assert _sa1(turns, summary) == []
