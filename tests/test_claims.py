"""Sentence and clause splitting with exact offsets; quotes and speaker hints."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summary_audit.text.claims import find_quotes, split_claims


def texts(text: str) -> list[str]:
    """Claim texts, after checking every span against the source."""
    claims = split_claims(text)
    for claim in claims:
        assert claim.span.doc == "summary"
        assert text[claim.span.start : claim.span.end] == claim.span.text
    return [c.span.text for c in claims]


@pytest.mark.parametrize(
    "abbreviation",
    [
        "Ofc.",
        "Sgt.",
        "Det.",
        "Lt.",
        "Cpl.",
        "Capt.",
        "Dep.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "St.",
        "Ave.",
        "Blvd.",
        "Rd.",
        "Jr.",
        "Sr.",
        "vs.",
        "approx.",
        "e.g.",
        "i.e.",
    ],
)
def test_when_abbreviation_precedes_a_name_then_sentence_does_not_end(abbreviation: str) -> None:
    text = f"It was {abbreviation} Smith who called. Then he left."
    assert texts(text) == [f"It was {abbreviation} Smith who called.", "Then he left."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Driver J. Smith blew a 0.08 at 9:30 p.m. on the PBT.",
        "The U.S. Marshals arrived at 10 a.m. with a warrant.",
        "Evidence was logged as No. 5 in the locker.",
    ],
)
def test_when_periods_are_not_sentence_ends_then_one_claim(sentence: str) -> None:
    assert texts(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He arrived at 9 p.m. He left at ten.", ["He arrived at 9 p.m.", "He left at ten."]),
        ("He lives on Elm St. The car was red.", ["He lives on Elm St.", "The car was red."]),
        ("He said no. Then he ran.", ["He said no.", "Then he ran."]),
        ("Stop! Drop it? Okay.", ["Stop!", "Drop it?", "Okay."]),
        ("It was late... he was tired.", ["It was late... he was tired."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_when_summary_has_markdown_then_headings_and_items_are_claims_without_markers() -> None:
    text = (
        "# Incident Summary\n"
        "\n"
        "Officers responded to a call.\n"
        "- Subject fled on foot\n"
        "- Knife recovered\n"
        "  from the sidewalk.\n"
        "1. First item\n"
        "2) Second item\n"
        "---\n"
        "| field | value |\n"
    )
    assert texts(text) == [
        "Incident Summary",
        "Officers responded to a call.",
        "Subject fled on foot",
        "Knife recovered\n  from the sidewalk.",
        "First item",
        "Second item",
        "| field | value |",
    ]


def test_when_paragraph_wraps_lines_then_sentence_continues() -> None:
    text = "The driver stepped\nout of the car. He\nwas calm."
    assert texts(text) == ["The driver stepped\nout of the car.", "He\nwas calm."]


def test_when_quote_contains_sentences_then_they_stay_in_one_claim() -> None:
    text = 'The driver stated "I was not driving. My brother was." He was released.'
    assert texts(text) == [
        'The driver stated "I was not driving. My brother was."',
        "He was released.",
    ]


def test_when_quote_ends_with_exclamation_and_continues_then_no_split() -> None:
    assert texts('"Stop!" he yelled at the man.') == ['"Stop!" he yelled at the man.']


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The subject ran down the alley, and officers chased him for two blocks.",
            ["The subject ran down the alley", "and officers chased him for two blocks."],
        ),
        (
            "Officers searched the entire vehicle; they found nothing at all inside.",
            ["Officers searched the entire vehicle", "they found nothing at all inside."],
        ),
        (
            "He opened the driver door, then he stepped out onto the street.",
            ["He opened the driver door", "then he stepped out onto the street."],
        ),
        ("He ran, and fell.", ["He ran, and fell."]),
        ("The man ran off quickly, and fell.", ["The man ran off quickly, and fell."]),
    ],
)
def test_clause_splitting_needs_four_words_on_each_side(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_when_sentence_has_clauses_then_they_share_the_sentence_index() -> None:
    claims = split_claims(
        "He walked to the patrol car, and he sat down in the back seat. He was quiet."
    )
    assert [(c.index, c.sentence) for c in claims] == [(0, 0), (1, 0), (2, 1)]


def test_when_clause_separator_is_inside_a_quote_then_no_split() -> None:
    text = 'He said "I walked to the corner store, and then I went back home" to us.'
    assert texts(text) == [text]


def test_empty_and_blank_text_have_no_claims() -> None:
    assert split_claims("") == []
    assert split_claims("  \n\n ---\n") == []


@pytest.mark.parametrize(
    ("text", "inner", "hint"),
    [
        ('Smith said, "I did not do it."', "I did not do it.", "Smith"),
        ('"I did not do it," the driver said.', "I did not do it,", "the driver"),
        ('"Hands up," said Ofc. Reyes.', "Hands up,", "Ofc. Reyes"),
        ("Reyes told Smith, “Put your hands up.”", "Put your hands up.", "Reyes"),
        ('The driver, J. Smith, stated "I was home."', "I was home.", "J. Smith"),
        ('When asked, the woman replied, "No."', "No.", "the woman"),
        ('"Stop!" he yelled.', "Stop!", "he"),
        ('The sign read "No parking" in red.', "No parking", None),
        ('The driver said, "Step out of the car."', "Step out of the car.", "The driver"),
        ('"I will steal nothing." I told him to leave.', "I will steal nothing.", None),
        ('"Stop!" I yelled.', "Stop!", "I"),
    ],
)
def test_find_quotes_and_speaker_hints(text: str, inner: str, hint: str | None) -> None:
    [quote] = find_quotes(text)
    assert quote.inner.text == inner
    assert text[quote.inner.start : quote.inner.end] == inner
    assert text[quote.span.start : quote.span.end] == quote.span.text
    assert quote.span.text[0] in '"“' and quote.span.text[-1] in '"”'
    assert quote.speaker_hint == hint


def test_when_quotes_repeat_then_each_has_its_own_hint() -> None:
    quotes = find_quotes('"Stop," Reyes said. "Okay," Smith said.')
    assert [(q.inner.text, q.speaker_hint) for q in quotes] == [
        ("Stop,", "Reyes"),
        ("Okay,", "Smith"),
    ]


def test_when_inch_mark_appears_then_it_is_not_a_quote() -> None:
    quotes = find_quotes('The suspect was 5\'9" tall. He said "hello" twice.')
    assert [q.inner.text for q in quotes] == ["hello"]


def test_when_quote_is_unclosed_then_it_is_ignored_and_sentences_still_split() -> None:
    text = 'He said "wait. Then he left.\n\nA new paragraph. Another one.'
    assert find_quotes(text) == []
    assert texts(text)[-2:] == ["A new paragraph.", "Another one."]


_PIECES = [
    *"abc XYZ \n.,;!?\"“”'",
    "Ofc. ",
    "J. ",
    "p.m. ",
    "0.08 ",
    ", and then he ran away ",
    "; she said ",
    "- ",
    "\n1. ",
    "# ",
    "He went home. ",
    "No. 5 ",
    "U.S. ",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_claim_spans_are_exact_trimmed_and_do_not_overlap(text: str) -> None:
    claims = split_claims(text)
    previous_end = 0
    for i, claim in enumerate(claims):
        span = claim.span
        assert claim.index == i
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
        assert span.start >= previous_end
        previous_end = span.end
    assert [c.sentence for c in claims] == sorted(c.sentence for c in claims)
