"""LLM settings: precedence flags > environment > file, and the key never shows."""

from __future__ import annotations

import pytest

from summary_audit.errors import ConfigError
from summary_audit.llm.config import DUMMY_KEY, resolve_config

KEY = "sk-test-SECRET-0123456789"


def write_config(tmp_path, body: str):
    path = tmp_path / "config.toml"
    path.write_text(body)
    return path


def test_flags_beat_environment_beat_file(tmp_path):
    path = write_config(
        tmp_path, '[llm]\nmodel = "file-model"\nbase_url = "http://file/v1"\nmax_tokens = 99\n'
    )
    env = {"SUMMARY_AUDIT_MODEL": "env-model", "OPENAI_BASE_URL": "http://env/v1"}
    cfg = resolve_config({"model": "flag-model", "base_url": None}, env=env, config_path=path)
    assert (cfg.model, cfg.base_url, cfg.max_tokens) == ("flag-model", "http://env/v1", 99)


def test_when_no_model_anywhere_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no LLM model"):
        resolve_config({}, env={}, config_path=write_config(tmp_path, ""))


def test_when_openai_is_used_without_key_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve_config({"model": "gpt"}, env={}, config_path=write_config(tmp_path, ""))


def test_when_a_local_endpoint_has_no_key_then_a_dummy_is_used(tmp_path):
    cfg = resolve_config(
        {"model": "m", "base_url": "http://127.0.0.1:8080/v1"},
        env={},
        config_path=write_config(tmp_path, ""),
    )
    assert cfg.key() == DUMMY_KEY


def test_defaults_are_deterministic_sampling(tmp_path):
    cfg = resolve_config(
        {"model": "m", "base_url": "http://x/v1"}, env={}, config_path=write_config(tmp_path, "")
    )
    assert cfg.temperature == 0.0
    assert cfg.seed is not None


def test_the_key_is_not_in_repr_str_or_dump(tmp_path):
    cfg = resolve_config(
        {"model": "m"}, env={"OPENAI_API_KEY": KEY}, config_path=write_config(tmp_path, "")
    )
    assert cfg.key() == KEY
    for text in (repr(cfg), str(cfg), cfg.model_dump_json()):
        assert KEY not in text


def test_when_a_value_is_invalid_then_the_error_does_not_echo_the_key(tmp_path):
    with pytest.raises(ConfigError) as info:
        resolve_config(
            {"model": "m", "max_tokens": "lots"},
            env={"OPENAI_API_KEY": KEY},
            config_path=write_config(tmp_path, ""),
        )
    assert "max_tokens" in str(info.value)
    assert KEY not in str(info.value)


def test_when_an_unknown_setting_is_given_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="colour"):
        resolve_config(
            {"model": "m", "base_url": "http://x/v1", "colour": "red"},
            env={},
            config_path=write_config(tmp_path, ""),
        )


def test_when_the_named_config_file_is_missing_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        resolve_config({"model": "m"}, env={}, config_path=tmp_path / "absent.toml")


def test_when_the_config_file_is_not_toml_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        resolve_config({"model": "m"}, env={}, config_path=write_config(tmp_path, "[llm\n"))
