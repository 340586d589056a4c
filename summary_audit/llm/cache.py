"""A SQLite cache of LLM answers, so a rerun of the same request costs nothing.

The key is the SHA-256 of prompt id, model, sampling parameters and the hash of the rendered
messages.  Only answers that passed the caller's validation are stored, so an unparseable answer
is asked again next time instead of being replayed forever.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    prompt_id TEXT NOT NULL,
    model TEXT NOT NULL,
    text TEXT NOT NULL,
    usage TEXT NOT NULL
)
"""


def cache_key(prompt_id: str, model: str, parameters: dict[str, Any], messages: Any) -> str:
    """The cache key of one request (stable across runs and machines)."""
    input_hash = hashlib.sha256(
        json.dumps(messages, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    blob = json.dumps(
        {"prompt": prompt_id, "model": model, "parameters": parameters, "input": input_hash},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """A thread-safe key -> (text, usage) store in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    def get(self, key: str) -> tuple[str, dict[str, int]] | None:
        """The stored answer text and token usage, or ``None``."""
        with self._lock:
            row = self._db.execute(
                "SELECT text, usage FROM answers WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def put(self, key: str, prompt_id: str, model: str, text: str, usage: dict[str, int]) -> None:
        """Store an answer (last writer wins; identical requests give identical answers anyway)."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                (key, prompt_id, model, text, json.dumps(usage, sort_keys=True)),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()


def open_cache(path: str | None) -> AnswerCache | None:
    """The cache at ``path``; ``None``, ``""`` or ``"off"`` disable caching."""
    if not path or path == "off":
        return None
    return AnswerCache(path)
