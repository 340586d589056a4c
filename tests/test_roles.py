"""Tests for summary_audit.text.roles, the one speaker-role classifier.

The table below holds every speaker label in fixtures/*/transcript.* and tests/data/**, with the
answers the two classifiers it replaced gave (``rules.quotes.role_of`` and
``rules.omissions.speaker_role`` at the commit before roles.py): each caller must keep them.
"""

from __future__ import annotations

import pytest

from summary_audit.rules.quotes import role_of as quotes_role_of
from summary_audit.text.events import speaker_role
from summary_audit.text.roles import role_of

# (label, old quotes.role_of, old omissions.speaker_role)
CORPUS_LABELS = [
    ("?", None, "unknown"),
    ("BROOKS", "civilian", "civilian"),
    ("CALLER", "civilian", "civilian"),
    ("Clerk", "civilian", "civilian"),
    ("DENHOLM", "civilian", "civilian"),
    ("DET. CASTELLANOS", "officer", "officer"),
    ("DET. OKAFOR", "officer", "officer"),
    ("DISPATCH", "dispatch", "dispatch"),
    ("DOBBS", "civilian", "civilian"),
    ("DRIVER", "civilian", "civilian"),
    ("DRIVER ONE", "civilian", "civilian"),
    ("DRIVER TWO", "civilian", "civilian"),
    ("Dispatch", "dispatch", "dispatch"),
    ("Driver", "civilian", "civilian"),
    ("Fairbanks", None, "civilian"),
    ("Fire Captain", None, "civilian"),
    ("Hargrove", None, "civilian"),
    ("JUVENILE", "civilian", "civilian"),
    ("Kayla", None, "civilian"),
    ("LINDQVIST", "civilian", "civilian"),
    ("LP FERRARO", "civilian", "civilian"),
    ("LUSK", "civilian", "civilian"),
    ("MALE", "civilian", "civilian"),
    ("MAN", "civilian", "civilian"),
    ("MANAGER", "civilian", "civilian"),
    ("MEDIC", "civilian", "civilian"),
    ("MOTHER", "civilian", "civilian"),
    ("Male", "civilian", "civilian"),
    ("Man", "civilian", "civilian"),
    ("Medic", None, "civilian"),
    ("Neighbor", "civilian", "civilian"),
    ("OFC. ALVARADO", "officer", "officer"),
    ("OFC. BANKS", "officer", "officer"),
    ("OFC. BENNING", "officer", "officer"),
    ("OFC. DIAZ", "officer", "officer"),
    ("OFC. HOLLIS", "officer", "officer"),
    ("OFC. JENNINGS", "officer", "officer"),
    ("OFC. MABRY", "officer", "officer"),
    ("OFC. MARLOWE", "officer", "officer"),
    ("OFC. MORALES", "officer", "officer"),
    ("OFC. ORTEGA", "officer", "officer"),
    ("OFC. PARK", "officer", "officer"),
    ("OFC. PRUITT", "officer", "officer"),
    ("OFC. QUINTERO", "officer", "officer"),
    ("OFC. REYES", "officer", "officer"),
    ("OFC. SANDOVAL", "officer", "officer"),
    ("OFC. TATE", "officer", "officer"),
    ("OFC. TRAN", "officer", "officer"),
    ("OFC. VOSS", "officer", "officer"),
    ("OFC. WARD", "officer", "officer"),
    ("OFC. WHITAKER", "officer", "officer"),
    ("OFFICER", "officer", "officer"),
    ("OFFICER KIM", "officer", "officer"),
    ("OFFICER MARSH", "officer", "officer"),
    ("OFFICER REYES", "officer", "officer"),
    ("OFFICER SMITH", "officer", "officer"),
    ("Ofc. Amari", "officer", "officer"),
    ("Ofc. Chen", "officer", "officer"),
    ("Ofc. Coburn", "officer", "officer"),
    ("Ofc. Delgado", "officer", "officer"),
    ("Ofc. Fields", "officer", "officer"),
    ("Ofc. Grant", "officer", "officer"),
    ("Ofc. Hale", "officer", "officer"),
    ("Ofc. Haskins", "officer", "officer"),
    ("Ofc. Whitlow", "officer", "officer"),
    ("Ofc. de la Cruz", "officer", "officer"),
    ("Osei", None, "civilian"),
    ("PHAM", "civilian", "civilian"),
    ("PIKE", "civilian", "civilian"),
    ("RADIO DISPATCH", "dispatch", "dispatch"),
    ("RESIDENT", "civilian", "civilian"),
    ("SPEAKER_00", None, "unknown"),
    ("SPEAKER_01", None, "unknown"),
    ("SPEAKER_02", None, "unknown"),
    ("SPEAKER_03", None, "unknown"),
    ("SPEAKER_04", None, "unknown"),
    ("SPEAKER_05", None, "unknown"),
    ("SUSPECT", "civilian", "civilian"),
    ("Sgt. Moraes", "officer", "officer"),
    ("TV", "civilian", "civilian"),
    ("UNKNOWN", None, "unknown"),
    ("VANCE", "civilian", "civilian"),
    ("Witness", "civilian", "civilian"),
    (None, None, "unknown"),
]


@pytest.mark.parametrize(("label", "strict", "lenient"), CORPUS_LABELS)
def test_corpus_label_keeps_each_callers_role(
    label: str | None, strict: str | None, lenient: str
) -> None:
    assert role_of(label) == strict
    assert quotes_role_of(label) == strict
    assert speaker_role(label) == lenient


@pytest.mark.parametrize(
    ("attribution", "role"),
    [
        ("I", "officer"),
        ("we", "officer"),
        ("my partner", "officer"),
        ("the officer", "officer"),
        ("the driver", "civilian"),
        ("he", "civilian"),
        ("her boyfriend", "civilian"),
        ("dispatch", "dispatch"),
        ("the dispatcher", "dispatch"),
        ("Faye", None),
        ("", None),
    ],
)
def test_summary_attribution_role(attribution: str, role: str | None) -> None:
    assert role_of(attribution) == role


@pytest.mark.parametrize("label", ["SPEAKER_07", "spk 2", "Unknown", "UNIDENTIFIED", "??", None])
def test_when_label_is_a_diarization_placeholder_then_no_role_even_when_assuming(
    label: str | None,
) -> None:
    assert role_of(label, assume_civilian=True) is None


def test_when_named_speaker_has_no_title_then_civilian_only_when_assumed() -> None:
    assert role_of("Medic") is None
    assert role_of("Medic", assume_civilian=True) == "civilian"


@pytest.mark.parametrize(
    ("label", "role"),
    [("Capt. Ruiz", "officer"), ("TPR. HALE", "officer"), ("COMMS", "dispatch")],
)
def test_titles_once_known_to_one_classifier_are_known_to_both(label: str, role: str) -> None:
    assert role_of(label) == role
    assert speaker_role(label) == role
