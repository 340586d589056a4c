"""The loaded-language lexicon: loading, validation, user overrides, and the combined matcher."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summary_audit.errors import ConfigError
from summary_audit.text.lexicon import CATEGORY_NAMES, Lexicon, load_lexicon


def _write(tmp_path: Path, doc: object, name: str = "user.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def _entry(**over: object) -> dict:
    base = {
        "id": "x.zorp",
        "term": "zorpish",
        "category": "E",
        "severity": "warning",
        "rationale": "test entry",
        "neutral": "plain",
        "source": "test",
    }
    base.update(over)
    return base


def test_shipped_lexicon_is_versioned_and_covers_every_category() -> None:
    raw = json.loads(
        (Path(__file__).parent.parent / "summary_audit/data/lexicons/loaded.v1.json").read_text()
    )
    lex = load_lexicon()
    assert raw["version"] == 1
    assert 100 <= len(lex.entries) <= 400
    assert {e.category for e in lex.entries} == set(CATEGORY_NAMES)
    assert all(e.rationale and e.neutral and e.source for e in lex.entries)


def test_lexicon_hash_is_stable_and_content_based() -> None:
    first = load_lexicon()
    rebuilt = Lexicon(entries=first.entries)
    assert len(first.sha256) == 64
    assert rebuilt.sha256 == first.sha256
    assert Lexicon(entries=first.entries[1:]).sha256 != first.sha256


def test_loading_twice_reuses_the_compiled_lexicon() -> None:
    assert load_lexicon() is load_lexicon()


def test_when_inflected_verb_appears_then_it_matches_with_exact_offsets() -> None:
    text = "Then he Lunged toward the door."
    (m,) = [m for m in load_lexicon().matches(text) if m.entry.id == "e.lunge"]
    assert (m.start, m.end, m.text) == (8, 14, "Lunged")


def test_when_multiword_pattern_spans_several_words_then_one_match_covers_them() -> None:
    text = "He was reaching  for his waistband."
    ids = [(m.entry.id, m.text) for m in load_lexicon().matches(text)]
    assert ids == [("f.waistband", "reaching  for his waistband")]


def test_when_longer_entry_overlaps_shorter_one_then_longer_wins() -> None:
    # "violently" alone is an intensifier (E); "violently resisted" is boilerplate (F).
    ids = [m.entry.id for m in load_lexicon().matches("He violently resisted.")]
    assert ids == ["f.actively-resist"]


@pytest.mark.parametrize("text", ["He suspected nothing.", "She woke up.", "thuggish", "lunger"])
def test_when_term_is_only_part_of_a_word_then_no_match(text: str) -> None:
    assert load_lexicon().matches(text) == []


def test_user_file_extends_overrides_and_removes_entries(tmp_path: Path) -> None:
    shipped = load_lexicon()
    path = _write(
        tmp_path,
        {
            "version": 1,
            "entries": [_entry(), _entry(id="e.lunge", term="lunged", neutral="stepped")],
            "remove": ["a.thug"],
        },
    )
    lex = load_lexicon(path)
    assert lex.sha256 != shipped.sha256
    assert lex.by_id["e.lunge"].neutral == "stepped"
    assert "a.thug" not in lex.by_id
    found = {m.entry.id for m in lex.matches("a zorpish thug lunged")}
    assert found == {"x.zorp", "e.lunge"}


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (_entry(pattern="bad(", term=None), "does not compile"),
        (_entry(pattern="zorp"), "exactly one of"),
        (_entry(term=None), "exactly one of"),
        (_entry(category="Z"), "category"),
        (_entry(conditions=["sometimes"]), "conditions"),
        (_entry(support=["(unclosed"]), "support pattern"),
    ],
)
def test_when_user_entry_is_invalid_then_config_error_names_file_and_entry(
    tmp_path: Path, entry: dict, expected: str
) -> None:
    path = _write(tmp_path, {"version": 1, "entries": [entry]})
    with pytest.raises(ConfigError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert str(path) in message and "'x.zorp'" in message and expected in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid UTF-8 JSON"),
        ({"version": 2, "entries": []}, "version"),
        ({"version": 1, "entries": [], "extra": 1}, "extra"),
        ({"version": 1, "remove": ["no.such"]}, "no shipped entry"),
        ({"version": 1, "entries": [_entry(), _entry()]}, "appears twice"),
    ],
)
def test_when_user_file_is_malformed_then_config_error(
    tmp_path: Path, content: object, expected: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ConfigError, match=expected):
        load_lexicon(path)


def test_when_user_file_is_missing_then_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "nope.json")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["he", "lunged", "the", "suspect", "claimed", "that", "clearly", "a struggle ensued",
             "Black male", ",", ".", "\n", "reached for his waistband", "thug", "x"]
        ),
        max_size=30,
    ).map(" ".join)
)  # fmt: skip
def test_matches_are_ordered_non_overlapping_and_point_at_their_text(text: str) -> None:
    matches = load_lexicon().matches(text)
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


def test_every_source_an_entry_cites_is_described_in_the_repo():
    from pathlib import Path

    from summary_audit.text.lexicon import load_lexicon

    doc = (Path(__file__).resolve().parent.parent / "docs" / "loaded-language.md").read_text()
    sources = {e.source for e in load_lexicon().entries}
    assert sources and all(f"`{s}`" in doc for s in sources), sources
