"""Word lists as data: shipped lists load and validate, a user file extends the domain lists and
changes the signature, and every error names the file and the list entry."""

from __future__ import annotations

import json
import re

import pytest

from summary_audit import audit
from summary_audit.errors import ConfigError
from summary_audit.text.polarity import stem
from summary_audit.text.wordlists import SHIPPED_DIR, load_wordlists
from tests.helpers import make_summary, make_transcript


def _write(tmp_path, lists):
    path = tmp_path / "agency-words.json"
    path.write_text(json.dumps({"version": 1, "lists": lists}), encoding="utf-8")
    return path


def test_every_shipped_list_loads_and_is_named_after_its_file():
    lists = load_wordlists()
    names = {p.name.split(".")[0] for p in SHIPPED_DIR.glob("*.json")}
    assert set(lists.names()) == names
    assert "refus" in {a for a, _ in lists.pairs("antonyms")}
    assert lists.table("phonetic")["paul"] == lists.table("phonetic")["peter"] == "P"


def test_a_user_file_extends_a_domain_list_and_changes_the_signature(tmp_path):
    path = _write(tmp_path, {"weapons": {"add": {"knife": ["shank"]}, "remove": ["bat"]}})
    extended = load_wordlists(path)
    assert "shank" in extended.patterns("weapons")["knife"]
    assert "bat" not in extended.patterns("weapons")
    assert extended.sha256 != load_wordlists().sha256

    transcript = make_transcript([("OFC. LEE", "Anything on you?"), ("DRIVER", "No, nothing.")])
    summary = make_summary("He had a shank in his waistband.")
    plain = audit(transcript, summary, select=["SA106"])
    agency = audit(transcript, summary, select=["SA106"], wordlists=str(path))
    assert [f.code for f in agency.flags] == ["SA106"] and plain.flags == ()
    assert plain.signature != agency.signature


@pytest.mark.parametrize(
    ("lists", "says"),
    [
        ({"fillers": {"add": ["like"]}}, "lists.fillers: a core list"),
        ({"no_such_list": {"add": ["x"]}}, "lists.no_such_list: no shipped list"),
        ({"weapons": {"add": {"gun": ["(unclosed"]}}}, "lists.weapons.add.gun: pattern"),
        ({"weapons": {"add": {"gun": ["(capture)"]}}}, "capturing group"),
        ({"antonyms": {"add": [["only-one"]]}}, "lists.antonyms.add: pairs"),
        ({"colours": {"change": ["x"]}}, 'only "add" and "remove"'),
    ],
)
def test_a_bad_user_file_names_the_file_and_the_entry(tmp_path, lists, says):
    path = _write(tmp_path, lists)
    with pytest.raises(ConfigError) as info:
        load_wordlists(path)
    assert str(path) in str(info.value) and says in str(info.value)


def test_a_missing_user_file_is_a_config_error_naming_it(tmp_path):
    with pytest.raises(ConfigError, match=r"missing\.json: cannot read word lists file"):
        load_wordlists(tmp_path / "missing.json")


def test_check_reads_a_user_word_lists_file(tmp_path) -> None:
    from summary_audit.cli import main

    lists = tmp_path / "lists.json"
    lists.write_text('{"version": 1, "lists": {"weapons": {"add": {"gun": ["heater"]}}}}')
    transcript = tmp_path / "t.txt"
    transcript.write_text("OFFICER: what is that?\nDRIVER: nothing, man.\n")
    summary = tmp_path / "s.txt"
    summary.write_text("The driver was carrying a heater.\n")
    args = ["check", str(transcript), str(summary), "-qq"]
    assert main(args) == 0
    assert main([*args, "--wordlists", str(lists)]) == 1
    assert main([*args, "--wordlists", str(tmp_path / "missing.json")]) == 2


@pytest.mark.parametrize("verb", ["explained", "whispered", "admitted", "informed"])
def test_every_reader_of_reported_speech_reads_the_one_speech_verb_list(verb: str) -> None:
    from summary_audit.rules.loaded_language import _NEUTRAL_SPEECH
    from summary_audit.rules.quotes import _REPORTING
    from summary_audit.text.claims import find_quotes
    from summary_audit.text.sources import classify
    from summary_audit.text.support import _reporting_stems
    from summary_audit.text.wordlists import SPEECH_VERBS, shipped_wordlists

    text = f'The driver {verb}, "I was at work."'
    [quote] = find_quotes(text)
    assert quote.speaker_hint == "The driver"  # quote attribution (SA2)
    assert re.fullmatch(_REPORTING, verb)  # the SA203 attribution check
    assert classify(f"The driver {verb} that he was cold.", shipped_wordlists())[0] == "heard"
    neutral = SPEECH_VERBS[verb] == "neutral"
    assert bool(_NEUTRAL_SPEECH.fullmatch(verb)) == neutral  # SA411's neutral side
    assert (stem(verb) in _reporting_stems()) == neutral  # judge routing
