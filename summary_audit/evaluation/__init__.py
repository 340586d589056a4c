"""The evaluation harness behind ``summary-audit eval``.

Every section module of this package (all but ``common`` and ``cases``) defines
``run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str`` returning a Markdown
section (heading, table, one-line notes; ``skipped: <reason>`` when its data is absent).
:func:`sections` runs them in name order; ``only`` (``--only NAME``) picks one.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from pathlib import Path

from summary_audit.errors import ConfigError, clip


def section_names() -> list[str]:
    """The names of the evaluation sections (modules here with a ``run`` function), sorted."""
    names = (m.name for m in pkgutil.iter_modules(__path__))
    return sorted(n for n in names if hasattr(importlib.import_module(f"{__name__}.{n}"), "run"))


def sections(
    data_dir: Path | None, fixtures_dir: Path, limit: int | None, only: str | None = None
) -> str:
    """Run the sections (or only the one named) and join their Markdown."""
    names = section_names()
    if only is not None:
        if only not in names:
            close = difflib.get_close_matches(only, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                f"unknown evaluation section {clip(only)!r}{hint}; choose from {', '.join(names)}"
            )
        names = [only]
    parts = []
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        parts.append(module.run(data_dir, fixtures_dir, limit).rstrip() + "\n")
    return "\n".join(parts)
