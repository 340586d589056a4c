"""Markers in a report's text: drafting placeholders (``[INSERT ...]``) and the planted-error
markers an agency configures (audit option ``planted_markers`` and the profile's own)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from summary_audit.errors import ConfigError
from summary_audit.text.profiles import Matcher, load_profile

PLACEHOLDER_RE = re.compile(r"\[\s*(?:INSERT|FILL[ _-]?IN|TODO|TBD)\b[^\]\n]{0,200}\]?", re.I)


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Offsets of leftover ``[INSERT ...]``-style placeholders in ``text``."""
    return [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]


def markers_from_options(options: dict[str, Any]) -> list[Matcher]:
    """Markers from ``options["planted_markers"]`` (strings or matcher dicts) and the profile."""
    raw = options.get("planted_markers") or []
    if isinstance(raw, str):
        raw = [raw]
    try:
        markers = [Matcher.model_validate({"text": m} if isinstance(m, str) else m) for m in raw]
    except ValidationError as exc:
        raise ConfigError(f"option planted_markers: {exc.errors()[0]['msg']}") from None
    profile = load_profile(options["profile"]) if options.get("profile") else None
    return markers + list(profile.planted_markers if profile else ())


def find_planted(text: str, options: dict[str, Any]) -> list[tuple[int, int, Matcher]]:
    """Offsets of planted-error markers in ``text``, with the marker that matched."""
    return [
        (m.start(), m.end(), marker)
        for marker in markers_from_options(options)
        for m in marker.finditer(text)
    ]
