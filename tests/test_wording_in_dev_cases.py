"""Wording found on the dev cases (fixtures/dev) that the rules misread: police radio under a
bare RADIO label, a medic's "can I take a look at her?", a search asked for in the report's own
words, a negated belief, and an identity someone claimed."""

from __future__ import annotations

import pytest

from summary_audit import audit
from summary_audit.readers.transcript import parse_transcript
from summary_audit.text.exchanges import request_in
from summary_audit.text.polarity import predicates


def test_a_bare_radio_label_talking_radio_procedure_is_police_radio_not_media() -> None:
    t = parse_transcript(
        "OFFICER: what's he saying?\nRADIO: four-two, he says the Camry brake-checked him.\n"
        "TV: tonight on channel five, the weather.\n"
    )
    tags = {s.speaker: s.tags for s in t.segments}
    assert "dispatch" in tags["RADIO"] and "media" not in tags["RADIO"]
    assert "media" in tags["TV"]


def test_a_radio_label_without_radio_procedure_stays_media() -> None:
    t = parse_transcript("OFFICER: turn that down.\nRADIO: and now the hits of the eighties.\n")
    assert "media" in t.segments[1].tags


def test_looking_at_a_person_is_an_examination_not_a_search() -> None:
    assert request_in("hi mom, can I take a look at her? hey Lily.") is None
    assert request_in("can I take a look at your arm?") is None
    assert request_in("can I take a look in the bag?") is not None


def test_a_negated_belief_leaves_the_rest_of_its_clause_unsettled() -> None:
    said = predicates("He did not think he gave his password.")
    assert "password" not in said
    assert (False, frozenset({"think"})) in said["think"]
    assert (True, frozenset({"know", "car", "stolen"})) not in predicates(
        "He did not know the car was stolen."
    ).get("know", set())


def test_a_report_asking_in_its_own_words_records_the_consent_exchange() -> None:
    transcript = (
        "OFFICER: Mind if I take a look in it?\nNUNES: you can look in the big part. not the "
        "front pocket.\nOFFICER: okay.\n"
    )
    asked = "I asked if I could look in his backpack, and he said I could look in the main part."
    silent = "I spoke with Nunes about his trip."
    assert not [f for f in audit(transcript, asked).flags if f.code == "SA503"]
    assert [f for f in audit(transcript, silent).flags if f.code == "SA503"]


def test_an_identity_claimed_is_not_doubt_cast_on_an_account() -> None:
    transcript = "PENROSE: a man called, he said he was from Microsoft.\nOFFICER: okay.\n"
    identity = "Penrose said a man claiming to be from Microsoft called him."
    doubt = "Penrose claimed that a man called him."
    assert not [f for f in audit(transcript, identity).flags if f.code == "SA404"]
    assert [f for f in audit(transcript, doubt).flags if f.code == "SA404"]


def test_an_antonym_of_a_quantifier_is_about_the_same_thing_or_nothing() -> None:
    transcript = (
        "OFFICER: are there cameras on this level?\nATTENDANT: one at the entrance. level three "
        "doesn't have one.\nOWNER: look at my window. it's all over the seat.\n"
    )
    summary = "The attendant said there are cameras at the entrance but none on level 3."
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA302"]


def test_a_declined_offer_is_not_contradicted_by_an_unrelated_order_obeyed() -> None:
    transcript = (
        "OFFICER: sir, right over here with me. I just need you to stand here.\nPHAM: okay.\n"
        "INTERPRETER: she says no, no ambulance, she is okay.\n"
    )
    flags = audit(transcript, "She declined an ambulance.").flags
    assert not [f for f in flags if f.code == "SA302"]


def test_looking_at_a_car_or_papers_is_no_search_but_looking_in_a_trunk_is() -> None:
    assert request_in("Hannah, can I look at your car?") is None
    assert request_in("can I take a look at your ID?") is None
    assert request_in("can I take a look in the trunk?") is not None


def test_a_claim_holding_a_word_and_its_negative_form_is_no_prefix_antonym() -> None:
    transcript = (
        "OFFICER: so there's a cable lock on it. will you unlock it for me?\nKEANE: yeah.\n"
    )
    flags = audit(transcript, "Keane unlocked the cable lock at my request.").flags
    assert not [f for f in flags if f.code == "SA302"]


QUESTIONS = (
    "OFFICER: Kayla, do you want to press charges? You're seventeen, so we'd need a parent.\n"
    "KAYLA: no. no charges. I just want him gone.\n"
    "MEDIC: any numbness or tingling?\nKAYLA: no. just stiff.\n"
    "OFFICER: have you heard the new album?\nKAYLA: no, is it good?\n"
)


@pytest.mark.parametrize(
    "summary",
    ["Sorensen said she wanted to press charges.", "She reported numbness and tingling."],
)
def test_a_claim_asserting_what_was_asked_and_answered_no_is_flagged(summary: str) -> None:
    flags = [f for f in audit(QUESTIONS, summary).flags if f.code == "SA301"]
    assert [f.severity.value for f in flags] == ["warning"]
    # The question and its answer, each under its own speaker.
    assert {e.speaker for e in flags[0].evidence} >= {"KAYLA"}
    assert len({e.speaker for e in flags[0].evidence}) == 2
    assert "answer was no" in flags[0].message


@pytest.mark.parametrize(
    "summary",
    [
        "She did not want to press charges.",  # reports the no
        "I asked if she wanted to press charges; she said no.",
        "She denied numbness and tingling.",
        "She will listen to the new album.",  # shares the nouns, not what was asked
    ],
)
def test_a_claim_that_reports_the_no_or_says_something_else_is_not(summary: str) -> None:
    assert not [f for f in audit(QUESTIONS, summary).flags if f.code == "SA301"]


def test_an_order_told_in_someones_account_is_not_timed_by_the_telling() -> None:
    transcript = (
        "[00:00:05] INTERPRETER: she says he took a knife from the kitchen.\n"
        "[00:00:40] INTERPRETER: he grabbed her arm and pushed her against the refrigerator.\n"
    )
    told = (
        "She stated he grabbed her arm and pushed her against the refrigerator, then took a "
        "knife from the kitchen."
    )
    assert not [f for f in audit(transcript, told).flags if f.code == "SA303"]


def test_a_stance_that_changed_is_not_contradicted_by_the_last_answer() -> None:
    transcript = (
        "OFFICER: and you, sir? what's your name?\nMALE 2: I don't have to tell you that.\n"
        "OFFICER: I need a name. do you have ID?\nMALE 2: fine. here. Andre Sutcliff.\n"
    )
    summary = "A second male initially declined to give his name."
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA302"]


def test_an_answered_no_check_finds_irregular_verbs_by_stem() -> None:
    # "took ... ran" are the question's "take ... run": found by stem, not spelling (it crashed).
    report = audit("OFFICER: did you take it and run?\nMAN: no.\n", "The man took it and ran.")
    assert not report.failures
    assert [f.code for f in report.flags if f.code == "SA301"] == ["SA301"]


def _sa3(transcript: str, summary: str) -> list[tuple[str, str]]:
    flags = audit(parse_transcript(transcript), summary, select=["SA3"]).flags
    return [(f.code, f.summary_span.text) for f in flags if f.severity.value != "info"]


def test_a_negating_pronoun_with_a_clitic_negates() -> None:
    assert predicates("I'm fine, nobody's hurt.")["hurt"] == {(False, frozenset({"hurt"}))}
    transcript = "OFFICER: anybody hurt?\nDRIVER: Wade Frye. I'm fine, nobody's hurt.\n"
    assert _sa3(transcript, "The driver, Wade Frye, said he was not hurt.") == []


def test_a_bare_i_dont_know_says_nothing_about_what_the_claim_knew() -> None:
    transcript = (
        "OFFICER: who sold you these?\n"
        "SELLER: I don't know. a guy named Tee at the swap meet.\n"
        "SELLER: I didn't know the laptops were stolen, I swear.\n"
    )
    assert (
        _sa3(transcript, "He bought them from a man at the swap meet whom he knew only as Tee.")
        == []
    )
    # A clause about the same thing still contradicts it.
    assert _sa3(transcript, "He said he knew the laptops were stolen.") == [("SA301", "knew")]


def test_what_anyone_of_a_kind_can_or_cannot_do_is_a_rule_not_an_event() -> None:
    assert "lock" not in predicates("I told them that a landlord cannot lock a tenant out.")
    assert predicates("The landlord cannot lock it.")["lock"] == {
        (False, frozenset({"landlord", "lock"}))
    }
    transcript = "OFFICER: landlord changed the locks this afternoon, no court order.\n"
    summary = "I told both parties that a landlord cannot lock a tenant out without a court order."
    assert _sa3(transcript, summary) == []


def test_consent_asked_for_is_the_question_not_the_answer() -> None:
    transcript = "OFFICER: mind if I look in your purse?\nSHOPPER: No. you can't go in my purse.\n"
    assert _sa3(transcript, "I asked Fitch for consent to look in her purse.") == []
    assert _sa3(transcript, "Fitch consented to a search of her purse.")  # still flagged


def test_a_negated_list_and_a_denial_negate_every_act_they_name() -> None:
    transcript = (
        "LAMB: the side door. I didn't break anything. it was open. I didn't kick it, "
        "I didn't pry it, nothing.\nLAMB: I never touched a leaf blower.\n"
    )
    summary = (
        "He stated the side door was open and that he did not force, kick or pry it. "
        "Lamb denied taking or touching a leaf blower."
    )
    assert _sa3(transcript, summary) == []
    assert predicates("he did not force, kick or pry it")["kick"] == {(False, frozenset({"kick"}))}


def test_the_object_of_a_negated_act_is_not_asserted_against_a_negated_category() -> None:
    transcript = (
        "OFFICER: it's in the trunk, the trunk's not the passenger area, so it's not an open "
        "container violation where it is.\n"
    )
    summary = "The bottle was in the trunk, so I did not cite an open container violation."
    assert _sa3(transcript, summary) == []


def test_a_medic_looking_at_a_wrist_is_an_examination_not_a_search() -> None:
    assert request_in("you don't have to go anywhere. can I look at that wrist?") is None
    assert request_in("can I look in your back seat?") is not None


def test_a_rights_invocation_paraphrased_without_quotes_is_mentioned() -> None:
    transcript = (
        "OFFICER: anything else?\nKACZMAREK: I'm not saying anything else without my lawyer.\n"
    )
    flags = audit(
        parse_transcript(transcript),
        "He said he was not saying anything else without his lawyer, and he was not questioned.",
        select=["SA501"],
    ).flags
    assert not flags


def test_difficulty_at_an_act_negates_it_but_trouble_before_a_noun_does_not() -> None:
    assert predicates("she was having difficulty catching her breath")["catch"] == {
        (False, frozenset({"catch", "breath"}))
    }
    assert "ozy" in predicates("the start-up in trouble Ozy Media")
    transcript = "CALLER: I have asthma. I can't catch my breath.\n"
    assert _sa3(transcript, "She said she has asthma and had difficulty catching her breath.") == []


def test_what_a_consent_is_about_is_read_from_its_whole_sentence() -> None:
    transcript = (
        "OFFICER: do you mind if I take a look inside the car?\n"
        "DRIVER: no, I'd rather you didn't. I don't consent to that.\n"
        "OFFICER: would you take a PBT? it's voluntary.\nDRIVER: yeah, sure.\n"
    )
    assert (
        _sa3(transcript, "I advised him the PBT was voluntary, and he gave verbal consent.") == []
    )


def test_an_act_only_promised_is_no_antonym_of_what_happened() -> None:
    transcript = (
        "OFFICER: can you let us in?\nPETROSSIAN: of course. I'll lock up and keep the key.\n"
    )
    assert _sa3(transcript, "Petrossian arrived and unlocked the door.") == []
    heard = "PETROSSIAN: I locked it behind me, it's locked.\n"
    assert _sa3(heard, "Petrossian said she unlocked the door behind her.")  # still flagged


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("I told him that no one would be arrested today.", "arrest", False),
        ("Nobody was hurt in the crash.", "hurt", False),
        ("no one answered the door", "answer", False),
    ],
)
def test_a_negating_pronoun_before_a_verb_negates_the_act(
    text: str, word: str, polarity: bool
) -> None:
    assert {p for p, _ in predicates(text)[word]} == {polarity}


def test_a_negating_pronoun_before_no_verb_and_a_contrast_state_nothing() -> None:
    assert "since" not in predicates("it pinged last night, and nothing since. it's dead.")
    assert "light" not in predicates("He said he was watching the car, not its lights.")


def test_someones_account_of_an_earlier_talk_is_not_contradicted_by_the_recording() -> None:
    transcript = "KESSEL: I already pulled the permit, that was three hundred and change.\n"
    reported = "Tellis stated Kessel never mentioned a permit to her."
    assert audit(transcript, reported, select=["SA304"]).flags == ()
    own = "Kessel did not mention the permit."
    assert [f.code for f in audit(transcript, own, select=["SA304"]).flags] == ["SA304"]


def test_quoted_initials_with_their_comma_inside_are_the_letters_read_out() -> None:
    transcript = "OFFICER: letters, looks like K-R-W, about eight feet long.\n"
    summary = 'I saw letters appearing to read "KRW," approx. 8 feet long.'
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA201"]
    wrong = 'I saw letters appearing to read "BPZ," approx. 8 feet long.'
    assert [f.code for f in audit(transcript, wrong).flags if f.code == "SA201"] == ["SA201"]


def test_a_reported_statement_its_speaker_denies_is_a_negation_flip() -> None:
    transcript = (
        "OFFICER: did you see the driver kick her door?\n"
        "WEN: no. I didn't see anybody kick the door. I just heard yelling.\n"
    )
    flags = audit(transcript, "Wen stated she saw the driver kick the door.", select=["SA301"])
    assert [f.summary_span.text for f in flags.flags] == ["saw"]
    agrees = audit(transcript, "Wen stated she did not see anyone kick the door.", select=["SA301"])
    assert agrees.flags == ()


def test_a_turn_saying_a_verb_both_ways_is_read_in_its_clause_about_the_claim() -> None:
    transcript = (
        "OFFICER: do you want to press charges against him?\n"
        "VOIGHT: no. I don't want to press charges. I just want the bill paid.\n"
    )
    flags = audit(transcript, "Voight said she wanted to press charges.", select=["SA301"])
    assert [f.summary_span.text for f in flags.flags] == ["wanted"]
    held = audit(transcript, "Voight said she wanted the bill paid.", select=["SA301"])
    assert held.flags == ()


@pytest.mark.parametrize(
    ("said", "summary"),
    [
        # another object: knowing a man, not knowing the goods were stolen
        ("KOWALCZYK: a guy named Tee. I didn't know they were stolen, I swear.",
         "He stated he bought them from a man he knew only as Tee."),
        # a noun phrase negated, not the act
        ("DISPATCH: check the area for a person in a red hoodie.",
         "He stated he does not own a red hoodie."),
        # the fused "wanna" says "want": stated the claim's way too
        ("LAMB: I don't want a lawyer. no wait. I changed my mind. I wanna tell you my side.",
         "Lamb stated he had changed his mind and wanted to tell his side."),
    ],
)  # fmt: skip
def test_a_reported_statement_is_not_flipped_by_another_thing_or_a_noun(
    said: str, summary: str
) -> None:
    assert audit(said + "\n", summary, select=["SA301"]).flags == ()


def test_a_command_asserts_its_act_not() -> None:
    assert "lock" not in predicates("okay. and lock the truck from now on.")
    assert "lock" in predicates("I lock the truck every night.")


def test_a_quote_read_over_two_sentences_is_found_across_them() -> None:
    transcript = (
        "the note, can you read it? that's okay. it says, this is a robbery.\n"
        "put all the oxy thirties in the bag. no alarm.\nI'm watching you.\n"
    )
    summary = 'The note stated, "this is a robbery. put all the oxy thirties in the bag."'
    assert not [f for f in audit(transcript, summary).flags if f.code.startswith("SA2")]


def test_not_until_says_when_and_to_see_if_is_a_purpose() -> None:
    assert predicates("public works doesn't open till nine.")["open"] == {
        (True, frozenset({"public", "work", "open", "till"}))  # number words, like digits, aside
    }
    assert "see" not in predicates("I asked to look at his phone to see if it had been in use.")
    assert predicates("I did not see if he left.")["see"] == {(False, frozenset({"see"}))}


def test_a_reported_denial_a_civilian_made_is_no_negation_flip() -> None:
    transcript = (
        "BROOKS: he threw the bottle, and that's when I ejected him.\n"
        "DOLAN: I didn't throw it at her. I slammed it down, on the floor, and it bounced.\n"
    )
    summary = "He said he did not throw the bottle at Brooks; he slammed it down on the floor."
    assert audit(transcript, summary, select=["SA301"]).flags == ()


def test_an_injury_complaint_names_any_body_part_of_the_word_list() -> None:
    transcript = "MENDEZ: ow. shoot. I cut my finger on the glass.\nOFFICER: here's a bandage.\n"
    omitted = audit(transcript, "Her window was broken.", select=["SA505"]).flags
    assert [f.code for f in omitted] == ["SA505"]
    told = audit(transcript, "Mendez cut her finger on the glass.", select=["SA505"]).flags
    assert told == ()


def test_asking_to_look_in_a_bag_reports_the_consent_question() -> None:
    transcript = "OFFICER: okay. can I take a look in the bag?\nOWEN: can I call my mom?\n"
    summary = "When I asked to look in the bag, Owen asked to call his mother."
    assert audit(transcript, summary, select=["SA503"]).flags == ()


def test_a_named_subject_answers_for_the_claim_and_not_another_speaker() -> None:
    transcript = (
        "OFFICER: it'd be inside for ten days. can you do that?\n"
        "SZABO: yeah. yeah, okay. I'll keep him in.\n"
        "OFFICER: okay, Andrea. do you want to press charges, or a citation?\n"
        "LINDGREN: no. no, I don't want him in trouble.\n"
    )
    flags = audit(transcript, "Szabo refused to keep Koda inside for the quarantine.")
    assert [f.code for f in flags.flags if f.code == "SA302"] == ["SA302"]
    denied = (
        "SOLBERG: I put my passport in the safe on Monday, and tonight I open the safe to pack.\n"
        "MENDES: no. I never opened that safe.\n"
    )
    said = audit(denied, "Solberg stated she had not opened the safe since Monday.")
    assert [f.code for f in said.flags if f.code == "SA301"] == ["SA301"]


def test_a_body_part_that_was_not_hit_is_no_injury_complaint() -> None:
    said = "PRUETT: I put my hand up to stop it, so it didn't hit me.\n"
    assert audit(said, "Pruett said he put his hand up.", select=["SA505"]).flags == ()
    hurt = "PRUETT: my hand, it hit the door frame.\n"
    assert [f.code for f in audit(hurt, "Pruett spoke.", select=["SA505"]).flags] == ["SA505"]


@pytest.mark.parametrize(
    ("transcript", "summary"),
    [
        pytest.param(
            (
                "OFFICER: your knuckles are swollen. do you want medics to look at it?\n"
                "MERCER: no. I'll ice it. I don't need an ambulance.\n"
                "OFFICER: okay. medics are on the way for the other guy, stand over here.\n"
                "MERCER: yeah, okay.\n"
            ),
            "He declined medics and said he would ice the hand.",
            id="an-offer-answered-no",
        ),
        pytest.param(
            (
                "OFFICER: it'd be inside, or in a secured area. can you do that?\n"
                "SZABO: yeah. yeah, okay. I'll keep him in. and I'll fix that latch tonight.\n"
                "OFFICER: okay, Andrea. do you want to press charges, or a citation?\n"
                "LINDGREN: no. no, I don't want him in trouble. I just want the gate fixed.\n"
            ),
            "He agreed to keep Koda inside and said he would fix the latch that night.",
            id="another-persons-no-to-another-question",
        ),
        pytest.param(
            (
                "MEDIC: it needs to be looked at. can you ask if he wants to go with us?\n"
                "INTERPRETER: he says no ambulance. he says his cousin will take him tonight.\n"
                "OFFICER: okay. go ahead and sit over there.\nBACA: okay.\n"
            ),
            "Baca declined transport and said his cousin would take him to urgent care.",
            id="a-no-relayed-by-an-interpreter",
        ),
        pytest.param(
            (
                "DENISE: Dad. please. let them check you. please.\n"
                "BRENNECKE: fine. they can check me. but I'm not going to any hospital.\n"
                "MEDIC: you want to come with us and get checked at the hospital?\n"
                "BRENNECKE: no. no hospital. I'll sign whatever.\n"
            ),
            "He agreed to let me come inside.",
            id="an-order-sharing-only-light-verbs",
        ),
    ],
)
def test_a_stance_heard_or_answered_to_something_else_is_no_antonym_contradiction(
    transcript: str, summary: str
) -> None:
    """An offer answered no ("do you want medics?" "no", also relayed by an interpreter) is the
    decline the claim reports; another person's "no" to another question, or an order sharing
    only a light verb with the claim, is not what the claim's stance answers."""
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA302"]


def test_a_medic_checking_vital_signs_asks_no_consent_to_search() -> None:
    assert request_in("ma'am, medics. can I check your heart rate and your oxygen?") is None
    assert request_in("can I check your car?") is not None


@pytest.mark.parametrize(
    ("transcript", "summary", "code"),
    [
        ("OFFICER: turn around. DRIVER: ow. ow, those are on my wrist bone, that's too tight.\n",
         "He said the handcuffs were too tight on his wrist bone.", "SA505"),
        ("OFFICER: would you mind if I searched the car?\nDRIVER: just the trunk.\n",
         "I asked if he would mind if I searched the car.", "SA503"),
    ],
)  # fmt: skip
def test_a_moment_reported_in_other_words_is_mentioned(
    transcript: str, summary: str, code: str
) -> None:
    assert audit(transcript, summary, select=[code]).flags == ()


def test_a_condition_with_until_negates_no_act_and_a_call_type_refuses_nothing() -> None:
    assert "give" not in predicates("she would not give the card back until he paid")
    transcript = (
        "KIMURA: the manager says take the thirty-two and give him the card.\n"
        "OFFICER: so you'll pay the thirty-two? LUND: yeah, okay. I'll pay for mine.\n"
    )
    summary = (
        "We responded for a customer refusing to pay a tab. Kimura stated she would not give "
        "the card back until he paid."
    )
    assert not [f for f in audit(transcript, summary).flags if f.code in ("SA301", "SA302")]


def test_a_body_part_killing_someone_is_an_injury_complaint_reported() -> None:
    transcript = "OAKES: she rams it into me. my shin's killing me.\n"
    assert audit(transcript, "He said his shin was killing him.", select=["SA505"]).flags == ()


def test_a_reported_wish_its_speaker_denies_in_the_progressive_is_a_flip() -> None:
    from summary_audit.text.polarity import stem

    assert stem("press") == stem("pressing") == stem("presses") == "press"
    transcript = (
        "OFFICER: Rosa, do you want to make a report about your arm?\n"
        "KIMURA: I just want it written down. I'm not pressing charges tonight.\n"
        "LUND: she's lying, I want her charged.\n"
    )
    flags = audit(transcript, "Kimura stated she wants to press charges tonight.").flags
    assert [f.code for f in flags if f.code == "SA301"] == ["SA301"]


def test_a_named_civilian_answering_an_order_or_a_request_is_read() -> None:
    transcript = (
        "[00:10:54] Ofc. Quintero: Mr. Dolan, I need you to leave the building now.\n"
        "[00:11:02] Rick Dolan: my kid's still playing.\n"
        "[00:11:11] Rick Dolan: fine. I'll go. I'll go. I'll be in the car.\n"
        "[00:12:00] Ofc. Quintero: Victor, can I get a copy of this clip?\n"
        "[00:12:05] Victor Hale: yes. I'll export it tonight and email it to you.\n"
    )
    refused = audit(transcript, "Dolan refused to leave the building.", select=["SA302"])
    assert [f.summary_span.text for f in refused.flags] == ["refused"]
    declined = audit(transcript, "Hale declined to provide a copy of the clip.", select=["SA302"])
    assert [f.summary_span.text for f in declined.flags] == ["declined"]


@pytest.mark.parametrize(
    ("said", "summary"),
    [
        # "I'm fine" says how he is; "yes" to a negative question can mean either
        ("OFFICER: you sure you don't want me to call medics?\nPOMEROY: yes. I ate the bar. I'm fine.\n",
         "He declined medics and ate a granola bar."),
        # a refusal of something else next to the compliance
        ("OFFICER: I need you to come with us.\nVANCE: I'm not going to fight you guys. yeah. I'll go.\n",
         "Vance agreed to go."),
        # the later "yeah" answers a new question
        ("OFFICER: you want medics to look at it?\nOWEN MARSH: no, no. I've got a band-aid.\n"
         "OFFICER: okay. can you get Lucia back on the phone?\nOWEN MARSH: yeah. hold on.\n",
         "He declined medics."),
        # the claim tells both stances
        ("MEDIC: you want to come with us and get checked at the hospital?\nBRENNECKE: no. no hospital.\n",
         "He agreed to be checked, saying he would not go to any hospital."),
    ],
)  # fmt: skip
def test_an_answer_to_something_else_or_a_stance_told_both_ways_is_no_contradiction(
    said: str, summary: str
) -> None:
    assert audit(said, summary, select=["SA302"]).flags == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X or no X" holds either way and states nothing of X
        ("painted wood cannot be burned at all, ban or no ban.", {"paint": {True}, "wood": {True}, "burn": {False}}),
        # "no <thing> was <done>" negates the act; its subject is not stated
        ("no code was used at the gate.", {"used": {False}, "gate": {True}}),
        ("no shots were fired", {"fire": {False}}),
        ("nobody legitimate sends a courier for cash.", {"send": {False}, "courier": {True}, "cash": {True}}),
        ("nothing else was taken", {"take": {False}}),
        # an intent told in the past was meant, not done; going somewhere is going there
        ("it looked like he was going to point it", {"look": {True}}),
        ("I was going to the store", {"store": {True}}),
    ],
)  # fmt: skip
def test_idioms_of_negation_and_intent_are_read_as_said(
    text: str, expected: dict[str, set[bool]]
) -> None:
    from summary_audit.text.polarity import polarities

    assert polarities(text) == expected


def test_a_negated_passive_is_no_flip_of_the_same_statement() -> None:
    transcript = "WOJCIK: the shore gate, nobody used a code between eleven forty and six ten.\n"
    summary = "Wojcik stated no code was used at the shore gate between 2340 and 0610 hours."
    assert audit(transcript, summary, select=["SA3"]).flags == ()


def test_a_body_part_named_before_a_reason_or_an_intent_is_no_injury_complaint() -> None:
    transcript = (
        "LUNDQUIST: I had my seven iron in my hand because I was going to hit my next shot.\n"
        "BOB: my hand is killing me.\n"
    )
    flags = audit(transcript, "Lundquist held a club.", select=["SA505"]).flags
    assert [f.evidence[0].quote for f in flags] == ["my hand is killing me."]


def test_the_writer_naming_themselves_is_no_invented_name() -> None:
    transcript = "DISPATCH: three-seven, medical assist at the travel center.\n"
    for summary in ("I (Deputy Mwangi, unit 3-7) was dispatched.", "I, Deputy Mwangi, responded."):
        assert audit(transcript, summary, select=["SA103"]).flags == ()
    assert audit(transcript, "Deputy Mwangi responded.", select=["SA103"]).flags != ()


def test_a_verb_with_a_no_object_is_negated_like_not_verb() -> None:
    from summary_audit.text.polarity import polarities

    assert polarities("Mensah wanted no charges.")["want"] == {False}
    assert polarities("I saw no damage to the car.")["see"] == {False}
    assert "say" not in polarities("she said no")
    transcript = "OFFICER: since you've paid for it and Mr. Mensah doesn't want charges, I'm documenting it.\n"
    summary = "As he had paid and Mensah wanted no charges, I was documenting it."
    assert audit(transcript, summary, select=["SA3"]).flags == ()


def test_words_that_only_look_like_findings_are_left_alone() -> None:
    transcript = (
        "SEO: the insurance rejected it, his plan changed January first. number 7044182.\n"
        "SPEAKER_02: mom pulled into the line, he went to her car, her driver side.\n"
        "OFFICER: did the driver report hitting anything?\nDUBOIS: no.\n"
    )
    summary = (
        "Seo stated the insurance claim was rejected; the receipt showed Rx 7044182. "
        "She brought the child back inside. "
        "Dubois said the driver reported hitting nothing."
    )
    assert [f.code for f in audit(transcript, summary).flags if f.severity.value != "info"] == []
    assert [f.code for f in audit(transcript, "Seo claimed the plan changed.").flags] != []


def test_the_named_speakers_own_denial_reverses_their_reported_account() -> None:
    transcript = (
        "SOBRAL: they are hammering in the middle of the night, my son is three weeks old.\n"
        "OFC. CONSTANTIN: she says you told her go back to bed, lady.\n"
        "SOBRAL: no. he didn't threaten me. he was rude. he stayed behind the fence.\n"
        "PARK: no. I never touched him. I stood right here with my phone.\n"
    )
    flags = audit(transcript, "Sobral stated the worker threatened her.", select=["SA301"])
    assert [f.summary_span.text for f in flags.flags] == ["threatened"]
    grabbed = audit(transcript, "Park stated she grabbed his backpack strap.", select=["SA301"])
    assert [f.summary_span.text for f in grabbed.flags] == ["grabbed"]


@pytest.mark.parametrize(
    ("said", "summary"),
    [
        # the denial is about another thing: no act done by or to the speaker in both
        ("BENITEZ: I really didn't see it. I'm not making excuses.\n",
         "Benitez said he saw the van but thought it was parking."),
        # "never ... but the one" says only the one
        ("ELLERY: no. I didn't write that. I never wrote her but the one.\n",
         "Ellery stated she wrote Pruitt one check."),
    ],
)  # fmt: skip
def test_a_named_speakers_denial_of_something_else_is_no_flip(said: str, summary: str) -> None:
    assert audit(said, summary, select=["SA301"]).flags == ()


def test_inch_marks_abbreviations_and_header_names_are_no_quotes_or_names() -> None:
    transcript = (
        "OFFICER: first one, twenty-nine and a half. second one, twenty-six.\n"
        "DISPATCH: six-one, building C. eight-six, back me up.\n"
    )
    summary = (
        'The first fish was 29.5", within the slot; the second 26", short. '
        "I responded to Bldg C. Ofc. Rehman (unit 8-6) met me there."
    )
    flags = audit(transcript, summary, select=["SA1", "SA2"]).flags
    assert [(f.code, f.summary_span.text) for f in flags if f.severity.value != "info"] == []
    named = audit(transcript, "Ofc. Rehman met me there.", select=["SA103"]).flags
    assert [f.summary_span.text for f in named] == ["Ofc. Rehman"]


def test_an_antonym_said_of_the_same_thing_contradicts_even_when_the_word_is_heard_elsewhere() -> (
    None
):
    transcript = (
        "A: the voice recognition, older people will find it hard to learn.\n"
        "B: yeah, but it's easy for the kids. it's an easy button to find.\n"
    )
    flags = audit(transcript, "Voice recognition is easy to learn for everyone.", select=["SA302"])
    assert [f.summary_span.text for f in flags.flags] == ["easy"]
    # the word said of the same thing somewhere, a thing told apart by it, or a negated claim
    assert audit(transcript, "The button is easy to find.", select=["SA302"]).flags == ()
    both = transcript + "C: the new one is easy to learn, the old one hard to learn.\n"
    assert audit(both, "Voice recognition is easy to learn.", select=["SA302"]).flags == ()


def test_nobody_told_me_is_mentioned_by_a_summary_saying_no_notice_came() -> None:
    transcript = (
        "OFFICER: did you get any notice about a parking ban?\n"
        "YILDIZ: no. I didn't get any text. I'm not signed up. nobody told me about it.\n"
    )
    told = "Yildiz stated he got no text or call about a parking ban."
    assert audit(transcript, told, select=["SA508"]).flags == ()
    assert audit(transcript, "Yildiz parked on the street.", select=["SA508"]).flags != ()


def test_a_second_verb_phrase_is_its_own_clause() -> None:
    from summary_audit.text.polarity import clauses

    assert clauses("she wanted to press charges and asked that he stay off her porch") == [
        "she wanted to press charges",
        "and asked that he stay off her porch",
    ]
    assert len(clauses("he wants to press charges and wants it on record")) == 2
    assert len(clauses("she counted the money and found the envelope empty")) == 2
    # After a negation the clause goes on: "kicked" is read with "did not hit".
    assert len(clauses("he did not hit and kicked her")) == 1


def test_irregular_past_forms_are_their_verb() -> None:
    assert "fall" in predicates("He stated he had fallen.")
    assert {p for p, _ in predicates("I seen him, he paid.")["pay"]} == {True}
    assert {p for p, _ in predicates("no damage found, no victims.")["find"]} == {False}
    assert {p for p, _ in predicates("checked the area and found no damage")["find"]} == {False}


def test_what_is_asked_for_a_condition_or_a_hedge_is_not_asserted() -> None:
    assert "move" not in predicates("He said he asked her to move.")
    assert "leave" not in predicates("I told him to leave.")
    assert "press" in predicates("she wanted to press charges")  # her own wish, not a request
    assert "pay" not in predicates("she would not give the card back until he paid")
    assert "see" not in predicates("he hasn't cut himself that I saw.")
    assert "exist" not in predicates("the account no longer existed")


def test_a_reported_account_is_read_clause_by_clause() -> None:
    transcript = (
        "OFFICER: do you want to press charges?\n"
        "VOIGHT: no. I don't want to press charges. I just want him to stay off my porch.\n"
    )
    flipped = "Voight said she wanted to press charges and asked that he stay off her porch."
    kept = "Voight said she did not want to press charges and asked that he stay off her porch."
    assert [f.code for f in audit(transcript, flipped).flags if f.code == "SA301"] == ["SA301"]
    assert not [f for f in audit(transcript, kept).flags if f.code.startswith("SA3")]


def test_a_denial_that_ends_its_sentence_denies_the_act() -> None:
    transcript = "OFFICER: did you fall?\nDEMIRCI: no, no. I did not fall. I was lying down.\n"
    claim = "Demirci stated he had fallen and had been lying there."
    assert [f.code for f in audit(transcript, claim).flags if f.code == "SA301"] == ["SA301"]
    unsure = "OFFICER: where is he?\nDEMIRCI: I don't know.\n"
    assert not [
        f
        for f in audit(unsure, "Demirci stated he knew where he was.").flags
        if f.code.startswith("SA3")
    ]


def test_too_far_to_see_denies_the_seeing() -> None:
    assert {p for p, _ in predicates("He said he was too far away to see the screen.")["see"]} == {
        False
    }
    assert "solar" in predicates("it was too high due to the solar cell")  # no infinitive


def test_an_age_in_years_is_no_old_against_young() -> None:
    transcript = "DRIVER: they were like seventeen, eighteen, I think. young.\n"
    assert not [
        f for f in audit(transcript, "both about 17-18 years old").flags if f.code == "SA302"
    ]


def test_a_weekday_abbreviation_is_no_name_and_criminal_trespass_is_no_role_noun() -> None:
    transcript = "OFFICER: this is your third visit this week?\nCOLE: monday, wednesday, today.\n"
    report = audit(transcript, "Cole stated this was his 3rd visit this week (Mon, Wed, today).")
    assert not [f for f in report.flags if f.code == "SA103"]
    warned = audit(
        "OFFICER: come back and it's a citation.\n",
        "Any return means a criminal trespass citation.",
    )
    assert not [f for f in warned.flags if f.code == "SA402"]


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("no change order was signed", "sign", False),
        ("he yelled back but threatened no one", "threaten", False),
        ("he yelled back but threatened no one", "yell", True),
    ],
)
def test_a_negated_subject_or_object_negates_the_act(text: str, word: str, polarity: bool) -> None:
    assert {p for p, _ in predicates(text)[word]} == {polarity}


def test_a_rule_said_of_people_in_general_asserts_no_act() -> None:
    assert "park" not in predicates("I said people can't park on my lawn.")


def test_a_name_with_a_letter_outside_ascii_names_its_speaker_label() -> None:
    transcript = (
        "OFFICER: did he threaten you?\n"
        "SORENSEN: no. he didn't threaten me. he was yelling, but he didn't threaten me.\n"
        "CASTELLANOS: I yelled back. I didn't threaten nobody.\n"
    )
    flipped = "Sørensen stated that Castellanos threatened her."
    his = "Castellanos stated he yelled back but threatened no one."
    assert [f.code for f in audit(transcript, flipped).flags if f.code == "SA301"] == ["SA301"]
    assert not [f for f in audit(transcript, his).flags if f.code.startswith("SA3")]


def test_what_came_of_a_search_is_no_second_stance() -> None:
    transcript = (
        "OFFICER: do I have your permission to search the car?\n"
        "HAVLICEK: no. no, I don't consent to that.\n"
    )
    claim = "Havlicek consented to a search of the car, which revealed nothing."
    assert [f.code for f in audit(transcript, claim).flags if f.code == "SA302"] == ["SA302"]


@pytest.mark.parametrize(
    "claim",
    [
        "According to Pham, the agent hit her.",
        "Pham advised the agent hit her.",
        "Pham indicated the agent hit her.",
        "Pham told me the agent hit her.",
    ],
)
def test_an_account_is_reported_whatever_verb_opens_it(claim: str) -> None:
    transcript = (
        "OFFICER: did the agent hit you?\nPHAM: no. it didn't hit me. the door hit my bag.\n"
    )
    assert [f.code for f in audit(transcript, claim).flags if f.code == "SA301"] == ["SA301"]


def test_an_act_wished_for_is_no_telling_that_it_happened() -> None:
    transcript = "SISTER: he just grabbed the keys because he wanted to leave. that's it.\n"
    claim = "He indicated he took his keys to calm down but did not leave."
    assert not [f for f in audit(transcript, claim).flags if f.code.startswith("SA3")]


def test_a_medic_is_no_answerer_and_a_new_request_ends_the_answers() -> None:
    transcript = (
        "MEDIC 7: okay. do you want to go to the hospital? with the neck we'd recommend it.\n"
        "NATARAJAN: no. I don't want to go. I'm not going in the ambulance.\n"
        "MEDIC 7: okay, then I'll need you to sign a refusal.\n"
        "NATARAJAN: fine. where do I sign.\n"
    )
    claim = "Natarajan accepted transport to the hospital by Medic 7."
    assert [f.code for f in audit(transcript, claim).flags if f.code == "SA302"] == ["SA302"]
    kept = "Natarajan declined transport to the hospital and signed a refusal."
    assert not [f for f in audit(transcript, kept).flags if f.code == "SA302"]


def test_care_offered_in_other_words_is_what_a_named_person_answers() -> None:
    transcript = (
        "OFFICER: two-four, he's out of the water.\n"
        "MEDIC: she can ride with you. we want to take you to Coldbrook General to get checked.\n"
        "BONGANI DLAMINI: yeah. yeah, okay. I'll go.\n"
    )
    claim = "Bongani refused transport to the hospital and left with his wife."
    assert [f.code for f in audit(transcript, claim).flags if f.code == "SA302"] == ["SA302"]
    assert not [
        f
        for f in audit(transcript, "Bongani agreed to go to the hospital.").flags
        if f.code == "SA302"
    ]


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("Kowalczyk denied grabbing her wrist or touching her at all", "touch", False),
        ("he needs no treatment", "need", False),
        ("I'm not a hundred percent he was speeding", "percent", False),
    ],
)
def test_negation_reaches_through_a_list_a_no_object_and_number_words(
    text: str, word: str, polarity: bool
) -> None:
    assert {p for p, _ in predicates(text)[word]} == {polarity}


def test_a_question_without_its_mark_asserts_nothing() -> None:
    assert predicates("did you take anything from them, the kayaks, anything") == {}


def test_a_doubled_consonant_is_one_stem() -> None:
    from summary_audit.text.polarity import stem

    assert [stem(w) for w in ("grabbing", "grabbed", "grab")] == ["grab"] * 3
    assert [stem(w) for w in ("pressing", "calling", "stopped")] == ["press", "call", "stop"]


def test_a_denial_held_in_the_first_person_or_by_any_touch_denied() -> None:
    transcript = (
        "OFFICER: Nate, she says you grabbed her wrist before she pushed you.\n"
        "OKAFOR: that's not true. I didn't grab anything. she came at me.\n"
        "HASKINS: he grabbed it first, then I pushed him.\n"
        "OKAFOR: no. I never touched her. I put my hands up.\n"
    )
    claim = "He denied pushing her or grabbing her wrist, stating he put his hands up."
    assert not [f for f in audit(transcript, claim).flags if f.code.startswith("SA3")]


def test_abbreviations_are_no_names() -> None:
    transcript = "OFFICER: which room?\nFERREIRA: two fourteen. the C O said so.\n"
    summary = "Ferreira (Chemistry, Rm 214) said the C/Os knew. I went to St. Brigid."
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA103"]


def test_directions_and_origins_are_no_names() -> None:
    transcript = "SONG: I think it was a guy, maybe twenty.\n"
    summary = "Song described a South Asian male of about 20 driving north."
    assert not [f for f in audit(transcript, summary).flags if f.code == "SA103"]


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("released it to her rather than hold it as evidence", "hold", False),
        ("he walked instead of waiting", "wait", False),
        ("tofu instead of chicken", "chicken", True),  # things contrasted, not an act undone
    ],
)
def test_an_act_instead_of_another_denies_the_other(text: str, word: str, polarity: bool) -> None:
    assert {p for p, _ in predicates(text)[word]} == {polarity}


def test_a_modal_fused_with_have_asserts_nothing() -> None:
    assert "put" not in predicates("it was moved. somebody should've put it back.")


def test_un_form_said_as_not_form_and_hyphened_weekdays() -> None:
    transcript = (
        "BREKKE: because the powerline end isn't signed, I'm not going to cite them. "
        "I'll get a sign up on that end tomorrow.\n"
    )
    summary = "Because the powerline end is unsigned, Brekke elected not to cite. Visits Mon-Wed."
    flags = audit(transcript, summary).flags
    assert not [f for f in flags if f.code in ("SA302", "SA103")]


def test_an_account_of_another_is_not_answered_by_the_one_it_is_about() -> None:
    transcript = (
        "ASHBY: he banged on my car, he hit the windshield.\n"
        "OFFICER: did you hit the windshield?\nDINAPOLI: no.\n"
    )
    claim = "Ashby told me DiNapoli banged on his car and hit the windshield."
    assert not [f for f in audit(transcript, claim).flags if f.code.startswith("SA3")]


def test_the_asker_taking_a_bare_no_as_a_refusal_decides_it() -> None:
    from summary_audit.readers.transcript import parse_transcript
    from summary_audit.text.exchanges import exchanges

    t = parse_transcript(
        "do you mind if I take a look at the rifle?\nno. I'd rather you didn't.\n"
        "okay. that's fine, that's your right. I won't.\n",
        format="plain",
    )
    (ex,) = exchanges(t.segments)
    stances = [a.stance for a in ex.answers]
    assert "refused" in stances and "given" not in stances


def test_an_order_a_speaker_tells_the_other_way_round_is_sa303() -> None:
    transcript = (
        "OFFICER: who did you call?\n"
        "MARSH: I called the bank first, on Monday, and they froze the account. "
        "and then I called Hearthside.\n"
    )
    wrong = "Marsh stated she called Hearthside first, and then called the bank."
    right = "Marsh stated she called the bank first, and then called Hearthside."
    assert [f.code for f in audit(transcript, wrong).flags if f.code == "SA303"] == ["SA303"]
    assert not [f for f in audit(transcript, right).flags if f.code == "SA303"]


def test_what_is_asked_for_says_what_the_asking_is_about() -> None:
    said = predicates("I just want him to leave for today")
    assert said == {"want": {(True, frozenset({"want", "leave", "today"}))}}
    transcript = (
        "OFFICER: do you want him trespassed?\n"
        "BEAUDOIN: I'm not banning him. I just want him to leave for today.\n"
    )
    claim = "Beaudoin stated she did not want him banned, only to leave for the day."
    assert not [f for f in audit(transcript, claim).flags if f.code.startswith("SA3")]


def test_a_declined_look_is_a_refused_consent_told_in_other_words() -> None:
    transcript = (
        "OFFICER: okay. what's in the backpack? mind if I take a look inside?\n"
        "MAN: nah. you don't need to look in my bag. it's my clothes.\n"
    )
    told = "I asked to look in his backpack; he declined, saying it held his clothes."
    silent = "I spoke with him about his clothes."
    assert not [f for f in audit(transcript, told).flags if f.code == "SA503"]
    assert [f for f in audit(transcript, silent).flags if f.code == "SA503"]


def test_a_word_said_in_a_turn_about_the_thing_is_no_local_antonym() -> None:
    transcript = (
        "SPEAKER_00: I don't see a cup on this one. maybe the rear camera... no, it only saved "
        "the front on this one.\n"
    )
    claim = "No cup is visible; the angle is low and only the front camera saved."
    assert not [f for f in audit(transcript, claim).flags if f.code == "SA302"]


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        # "not there" spends the negation on the place: what follows is not negated.
        ("and the pouch is not there the whole pouch", "whole", {True}),
        # An or-list of past verbs goes on under "never", past a particle.
        ("he never went inside or touched her door", "touch", {False}),
        ("he never went in or touched her door", "touch", {False}),
        # A participle naming what there is none of is not a finding negated.
        ("they have no inspector named Walsh", "name", {True}),
        ("no weapons found on him", "find", {False}),
        # "any" after a negated verb: what there was none of is negated too, not what follows
        ("the app didn't show anything red.", "red", {False}),
        ("he did not break anything and thought it was a dream", "thought", {True}),
        # "without X" is no subject of the verb after it
        ("flying it without permission is a misdemeanor", "misdemeanor", {True}),
        # a negated "leave" or "keep" negates the state it kept its object in
        ("no. I didn't leave it running. the car was off.", "run", {False}),
    ],
)
def test_where_a_negation_ends(text: str, word: str, polarity: set[bool]) -> None:
    from summary_audit.text.polarity import polarities

    assert polarities(text)[word] == polarity


def _flags(turns: list[tuple[str, str]], summary: str, select: list[str]) -> list[str]:
    from tests.helpers import make_summary, make_transcript

    report = audit(make_transcript(turns), make_summary(summary), select=select)
    return [f"{f.code} {f.summary_span.text}" for f in report.flags if f.severity.value != "info"]


def test_an_act_only_wished_in_the_best_passage_is_no_contradiction() -> None:
    turns = [
        ("SPEAKER_00", "why were you sleeping in the car?"),
        ("SPEAKER_03", "I didn't want to wake up his kids so I just slept in the car."),
    ]
    summary = "He stated he slept in his car rather than wake his cousin's children."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_reported_accusation_is_not_contradicted_by_the_accused_denying_it() -> None:
    turns = [
        ("caller", "he turns around with the sprayer and sprays me right in the face. on purpose."),
        ("officer", "okay. she says you sprayed her in the face."),
        ("other party", "I did not spray her on purpose. the hose jumps out of my hand."),
    ]
    summary = "She stated he turned around with the sprayer and sprayed her in the face on purpose."
    assert _flags(turns, summary, ["SA3"]) == []


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("No force was used at any point.", []),
        ("She did not want to pursue charges at this time.", []),
        ("The dog charged at me.", ["SA406 charged at"]),
        (
            "She stated the prescription was not hers and claimed she was picking it up.",
            ["SA404 claimed"],
        ),
    ],
)
def test_a_loaded_term_negated_right_before_it_is_denied_not_used(
    summary: str, flagged: list[str]
) -> None:
    turns = [("OFC. LEE", "okay, come back over. take your time."), ("MAN", "okay. okay.")]
    assert _flags(turns, summary, ["SA4"]) == flagged


def test_an_initial_before_a_word_no_name_is_ends_a_sentence() -> None:
    from summary_audit.text.claims import split_claims

    text = "He first said section D and then corrected to section C. He stated 7 stones were down."
    assert [c.span.text for c in split_claims(text)] == [
        "He first said section D and then corrected to section C.",
        "He stated 7 stones were down.",
    ]
    assert len(split_claims("I spoke with John C. Smith at the scene.")) == 1


def test_a_role_word_before_a_heard_first_name_is_no_invented_name() -> None:
    turns = [("SPEAKER_02", "Vantra Wireless fraud department, this is Devika.")]
    assert (
        _flags(turns, "Representative Devika stated the line was opened in store.", ["SA1"]) == []
    )


def test_a_claim_telling_the_officers_own_question_asserts_nothing_it_asked() -> None:
    turns = [
        ("OFC. OYELARAN", "do you mind if I take a look inside the Jeep? the bags in the back?"),
        ("DRONE PILOT", "no. I don't consent to that. I know my rights."),
    ]
    summary = "I asked to look inside the Jeep and the bags in the back. He declined."
    assert _flags(turns, summary, ["SA3"]) == []


def test_an_answer_refusing_one_thing_and_allowing_another_holds_the_allowed_one() -> None:
    turns = [
        ("SPEAKER_00", "and the backpack, mind if I look in the backpack?"),
        ("SPEAKER_03", "no. no, you can't search my bag. the bucket you can look at."),
    ]
    assert _flags(turns, "He agreed to let me look in the bucket.", ["SA3"]) == []
    flagged = _flags(turns, "He agreed to let me search his backpack.", ["SA3"])
    assert [f.split()[0] for f in flagged] == ["SA302"]


def test_two_peoples_conflicting_accounts_are_no_loaded_term_but_his_are() -> None:
    turns = [("OFC. LEE", "okay. I'll write it up."), ("CABBIE", "okay.")]
    assert _flags(turns, "With two conflicting accounts, I issued no citations.", ["SA4"]) == []
    assert _flags(turns, "He gave conflicting accounts of the crash.", ["SA4"]) != []


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("there was nothing coming.", "come", {False}),
        ("I'm not refusing to pay.", "refus", {False}),
        ("she was refusing to pay", "refus", {True}),
    ],
)
def test_negated_participles_and_refusals_read_as_said(
    text: str, word: str, polarity: set[bool]
) -> None:
    from summary_audit.text.polarity import polarities

    assert polarities(text)[word] == polarity


def test_the_act_refused_is_neither_done_nor_denied() -> None:
    from summary_audit.text.polarity import polarities

    assert "leave" not in polarities("a customer refusing to leave during a refund dispute")


def test_agreeing_with_a_fact_is_no_consent_and_an_age_is_not_old() -> None:
    turns = [
        ("OWNER", "then leave it with me, I will inspect it."),
        ("CUSTOMER", "no. I refuse. I'm not leaving it here."),
        ("OFC. RAUTIO", "I have a report on a two-year-old left unattended at the laundromat."),
    ]
    summary = (
        "The customer agreed it was the bag that was touched. The sergeant said a report is "
        "required when a child that young is left alone."
    )
    assert _flags(turns, summary, ["SA3"]) == []
    assert [f.split()[0] for f in _flags(turns, "The customer agreed to leave it.", ["SA3"])] == [
        "SA302"
    ]


def test_a_quote_writing_a_spoken_value_in_figures_is_no_altered_quote() -> None:
    from summary_audit.rules.quotes import meaning_changes

    heard = "the sign too. it says event parking twenty dollars, hand-written on cardboard."
    assert meaning_changes("event parking $20", heard) == []
    assert meaning_changes("I had 3 beers", "I had two beers") == [
        "'3' where the recording has 'two'"
    ]


def test_an_antonym_inside_a_condition_asserts_nothing() -> None:
    turns = [("OFC. PRZYBYLSKI", "you're supposed to open your door only when it's safe.")]
    summary = "I explained that opening a door when unsafe was a factor but issued no citations."
    assert _flags(turns, summary, ["SA3"]) == []


def test_an_antonym_found_only_in_the_officers_words_is_a_warning() -> None:
    turns = [
        ("OFC. KEMP", "okay, the rear door was unlocked when we got here."),
        ("OWNER", "I don't know. maybe the cleaner left it."),
    ]
    from tests.helpers import make_summary, make_transcript

    summary = make_summary("The rear door was locked on arrival.")
    report = audit(make_transcript(turns), summary, select=["SA3"])
    assert [(f.code, f.severity.value) for f in report.flags] == [("SA302", "warning")]


def test_an_account_told_the_other_way_by_its_teller_stays_an_error() -> None:
    from tests.helpers import make_summary, make_transcript

    turns = [
        ("OFC. LEE", "did you see the stop sign back there?"),
        ("DRIVER", "no, I never saw the sign. the tree covers it."),
    ]
    summary = make_summary("The driver stated he saw the stop sign before the intersection.")
    flags = audit(make_transcript(turns), summary, select=["SA3"]).flags
    assert [(f.code, f.severity.value) for f in flags] == [("SA301", "error")]


def test_a_negated_linking_verb_negates_its_complement() -> None:
    from summary_audit.text.polarity import polarities

    said = polarities("also, his wife doesn't look good.")
    assert "look" not in said and said["good"] == {False}
    assert polarities("I didn't look at the phone")["look"] == {False}


def test_the_tellers_own_act_is_not_denied_by_what_he_says_of_someone_else() -> None:
    turns = [
        (
            "ECHEVERRIA",
            "I picked her up at three thirty-five. I called her owner. she didn't pick up.",
        ),
    ]
    summary = "Echeverria stated he picked Pretzel up at 1535 and took her to the park."
    assert _flags(turns, summary, ["SA3"]) == []


def test_an_end_of_a_written_range_is_no_contradiction() -> None:
    turns = [("FARMER", "that's a twenty-two thousand dollar cart. twenty-two, twenty-three.")]
    summary = "She valued the cart at $22,000-23,000."
    assert all(f.split()[0] != "SA110" for f in _flags(turns, summary, ["SA1"]))


def test_a_summary_saying_the_person_was_done_talking_mentions_the_invocation() -> None:
    turns = [
        ("OFC. DIAZ", "sir, can you come back and settle the bill?"),
        ("TUOHY (PHONE)", "I'm not coming back there. I'm done talking about this. [call ends]"),
    ]
    summary = "Tuohy said he would not come back, was done talking about it, and ended the call."
    assert all(not f.startswith("SA501") for f in _flags(turns, summary, ["SA5"]))


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        # an or-list of acts people deny goes on under the negation of the first
        ("He said he did not force the door or break anything.", "break", {False}),
        ("I didn't see the car or the driver", "driver", {True}),
        # "gave him no money" is "did not give him money"
        ("She said she gave him no money.", "give", {False}),
    ],
)
def test_negations_of_acts_said_in_lists_and_with_a_recipient(
    text: str, word: str, polarity: set[bool]
) -> None:
    from summary_audit.text.polarity import polarities

    assert polarities(text)[word] == polarity


def test_a_denial_taken_back_in_the_same_turn_contradicts_nothing() -> None:
    turns = [
        ("caller", "I wasn't yelling. okay I was, a little. because he told me to get a life.")
    ]
    summary = "He said he left because she was yelling at him before he reached his trunk."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_yes_to_are_you_sure_confirms_the_refusal_before_it() -> None:
    turns = [
        ("Ofc. Marchetti", "I'd like medics to look at that foot. you want the ambulance?"),
        ("Asante", "no. I can't pay for an ambulance."),
        ("Ofc. Marchetti", "you sure?"),
        ("Asante", "I'm sure. I'll go to the free clinic on Quarry."),
    ]
    summary = "He declined an ambulance and said he would go to the free clinic on Quarry."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_role_word_after_a_quoted_sentence_end_starts_the_sentence() -> None:
    turns = [("Farahani", "Shirin Farahani. F-A-R-A-H-A-N-I. that's my Pilot.")]
    summary = 'The sign read "no parking."\n\nOwner Shirin Farahani stated it was her Pilot.'
    assert _flags(turns, summary, ["SA1"]) == []


def test_a_passage_telling_the_same_absence_is_no_evidence_it_was_said() -> None:
    turns = [("MOKOENA", "he didn't say he'd stop. he just kept texting.")]
    assert _flags(turns, "He did not say he would stop texting her.", ["SA3"]) == []


def test_you_need_a_warrant_refuses_a_search() -> None:
    turns = [
        ("OFC. HALE", "do you mind if I look in your truck?"),
        ("DRIVER", "not my truck, man. you need a warrant for that."),
    ]
    flagged = _flags(turns, "He agreed to let me search his truck.", ["SA3"])
    assert [f.split()[0] for f in flagged] == ["SA302"]


def test_a_negation_inside_parentheses_stays_inside_them() -> None:
    assert predicates("The blower ($550, no serial) was entered as stolen.")["enter"] == {
        (True, frozenset({"enter", "steal"}))
    }


def test_an_ing_word_naming_a_thing_is_no_act() -> None:
    turns = [("Cardozo", "he wears two, but he doesn't hear much on the left without it.")]
    summary = "Cardozo stated Mateo wears 2 hearing aids and the missing one was his left."
    assert _flags(turns, summary, ["SA3"]) == []
    assert "park" not in predicates("He left it in the parking lot.")


def test_go_before_a_bare_verb_passes_its_negation_on() -> None:
    from summary_audit.text.polarity import polarities

    assert polarities("I didn't go check the car.")["check"] == {False}
    assert polarities("he didn't go home.")["go"] == {False}


def test_a_thing_negated_in_both_is_no_flip_however_the_negation_is_placed() -> None:
    turns = [("renter", "we didn't have a grill anywhere near it. the grill was by the garage.")]
    summary = "Achterberg said no grill was anywhere near the bounce house."
    assert _flags(turns, summary, ["SA3"]) == []
    turns = [("caller", "we don't use duct tape. we use vinyl patches. heat sealed.")]
    summary = "Quintanilla said the company uses heat-sealed vinyl patches, not duct tape."
    assert _flags(turns, summary, ["SA3"]) == []


def test_open_a_crack_names_no_drug() -> None:
    from summary_audit.text.facts import extract_facts

    def drugs(text: str) -> list[str]:
        return [f.value for f in extract_facts(text) if f.kind == "drug"]

    assert drugs("The kitchen window was open a crack at the top.") == []
    assert drugs("a crack in the windshield") == []
    assert drugs("He had crack in his pocket.") == ["cocaine"]
    assert drugs("he had a crack rock") == ["cocaine"]


def test_a_no_that_corrects_a_value_refuses_nothing() -> None:
    from summary_audit.text.exchanges import read_answer

    assert read_answer("no, five, there's one in the side pocket.")[0] == "unclear"
    assert read_answer("no. you can't.")[0] == "refused"


def test_a_reported_stance_is_held_by_the_person_reported_not_by_anothers_account() -> None:
    turns = [
        ("PETROSYAN", "because the water pump was leaking too. I called her. she said go ahead."),
        ("MULCAHY", "I never said yes to the water pump. I said let me think about it."),
    ]
    summary = "Mulcahy stated she never agreed to the water pump."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_stance_taken_later_by_the_same_person_holds_the_claim() -> None:
    turns = [
        ("officer", "sir, we need everyone out. will you come with us?"),
        ("resident", "I'm not going. my show is on, and my cat is under the bed."),
        ("officer", "okay. that right there is a reason to come out."),
        ("resident", "okay. okay, I'll go. but I'm taking the cat."),
    ]
    summary = "The resident then agreed to go, on the condition that he take the cat."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_no_to_a_question_asking_the_act_holds_a_claim_denying_it() -> None:
    turns = [
        ("Ofc. Adeyemi", "did the big dog go after her, the lady?"),
        ("Mateus", "no, not after her. she put her hand right in the middle."),
        ("Mateus", "the corgi came through the side gate and went straight at the big dog."),
    ]
    summary = "Mateus said the big dog did not go after her."
    assert _flags(turns, summary, ["SA3"]) == []


def test_the_same_question_answered_yes_by_another_is_someone_saying_it() -> None:
    turns = [
        ("SPEAKER_01", "do you want to press charges?"),
        ("SPEAKER_02", "yeah. yeah, I do. he put his hands on me first."),
        ("SPEAKER_01", "do you want to press charges?"),
        ("SPEAKER_03", "no. I just want to watch my kid play."),
    ]
    assert _flags(turns, "Fifita wants to press charges.", ["SA3"]) == []


def test_what_a_purpose_of_checking_checks_for_is_neither_way() -> None:
    assert "scratch" not in predicates("I cut it in the van to check it wasn't scratched.")


def test_an_antonym_in_a_passage_about_something_else_is_no_contradiction() -> None:
    turns = [
        ("DISPATCH", "DOT confirms the bridge is closed both directions for construction."),
        ("DRIVER", "I never touched him."),
    ]
    assert _flags(turns, "Both parties denied any physical contact.", ["SA3"]) == []


def test_the_same_absence_told_in_the_whole_turn_is_no_evidence_it_was_said() -> None:
    turns = [("OFC. ROGNSTAD", "your sign says Jordan Fours, one eighty. it doesn't say replica.")]
    summary = "His sign priced Jordan 4s at $180 and did not say replica."
    assert _flags(turns, summary, ["SA3"]) == []


def test_a_bite_to_the_part_complained_of_mentions_the_complaint() -> None:
    turns = [
        ("OYELARAN", "okay! okay! I'm not moving. she bit me, man, my arm, my arm is bleeding.")
    ]
    summary = "He complied, and said the dog bit his arm. I handcuffed him."
    assert _flags(turns, summary, ["SA505"]) == []


def test_an_indirect_question_of_degree_states_no_act() -> None:
    assert "hard" not in predicates("I can't tell how hard he braked.")
    assert "hard" not in predicates("the video was too grainy to tell how hard the kart braked")


@pytest.mark.parametrize(
    ("word", "same"),
    [("moved", "move"), ("moving", "move"), ("taking", "took"), ("won", "win"), ("heard", "hear")],
)
def test_short_verbs_and_common_irregular_pasts_stem_like_their_base(word: str, same: str) -> None:
    from summary_audit.text.polarity import stem

    assert stem(word) == stem(same)


def test_a_civilian_denying_the_act_in_the_base_form_contradicts_the_reported_past() -> None:
    turns = [
        ("officer", "did you move her cart?"),
        ("man", "no. I didn't move her cart. I never touched her cart."),
    ]
    flagged = _flags(turns, "Nazarov stated he moved her cart onto the grass.", ["SA3"])
    assert [f.split()[0] for f in flagged] == ["SA301"]


def test_a_negative_participle_is_the_opposite_of_the_participle_not_of_the_noun() -> None:
    turns = [("officer", "what's your name?"), ("driver", "I got an order, name Jay. cash.")]
    assert _flags(turns, "The customer, who was unnamed, paid in cash.", ["SA3"]) == []


def test_the_speakers_own_denial_in_another_form_of_the_verb_contradicts_the_claim() -> None:
    turns = [
        ("Ofc. Quispe", "so where did the tickets come from?"),
        ("Jaylen Okoro", "no. I didn't win them. I'm not gonna lie to you. he gave them to me."),
    ]
    flagged = _flags(turns, "Okoro said he won the tickets playing games at the arcade.", ["SA3"])
    assert [f.split()[0] for f in flagged] == ["SA301"]


def test_running_something_is_no_flight() -> None:
    turns = [
        ("dispatch", "a neighbor has an extension cord running across the street from a generator"),
        ("resident", "it's outside. I'd never put it in the house."),
    ]
    assert _flags(turns, "He said he has never run the generator inside.", ["SA3"]) == []


def test_an_admission_fee_is_no_admission() -> None:
    turns = [("McTavish", "twelve a person, four of us, forty-eight dollars. I want it back.")]
    summary = "McTavish stated admission was $12 a person for 4 people, $48."
    assert _flags(turns, summary, ["SA4"]) == []


def test_an_age_is_no_word_heard_only_on_the_tv() -> None:
    turns = [
        ("TV", "[lobby TV] ...a nine-year-old boy was treated at Mercy General after the fall."),
        ("Vasile", "he shoved my son into the wall. he's nine."),
    ]
    summary = "Vasile stated Mensah shoved his 9-year-old son into the wall."
    assert _flags(turns, summary, ["SA608"]) == []


def test_a_civilians_i_never_agreed_is_the_refusal_a_claim_reports() -> None:
    turns = [
        ("DEP. HALLORAN", "ma'am, is the long carry on your estimate?"),
        ("FERREIRA-NUNES", "yes. long carry, one seventy-five. okay, fine."),
        ("FERREIRA-NUNES", "I never agreed to pay by the pound. the price was flat."),
    ]
    summary = "She stated she never agreed to pay by the pound and that the price was flat."
    assert _flags(turns, summary, ["SA302"]) == []


def test_an_act_and_its_reversal_contradict_only_when_said_of_the_same_thing() -> None:
    turns = [("LUTSENKO", "then the office called and said do not unload until she pays.")]
    summary = "The crew arrived around 0915 after loading at the old address at 0700."
    assert _flags(turns, summary, ["SA302"]) == []
    turns = [("JESPERSEN", "I didn't leave the gate open. I chained it at six, when I fed.")]
    flagged = _flags(turns, "He stated he had left the gate unchained.", ["SA3"])
    assert flagged != []


def test_an_ing_word_after_of_is_no_act() -> None:
    assert "hear" not in predicates("She said he is hard of hearing and the battery had died.")


def test_a_reported_refusal_in_the_call_is_not_the_claims_stance() -> None:
    turns = [
        ("Ofc. Nwachukwu", "he's offering three fifty today."),
        ("Dragomir", "fine. take the three fifty. I'll do small claims for the rest."),
    ]
    summary = "I responded for a customer reportedly refusing to pay and trying to leave."
    assert _flags(turns, summary, ["SA302"]) == []
