"""Remembers which rulebook contents already passed their example checks (keyed by content hash).

Checking every marker example costs more than starting the program; a rulebook whose exact text
(and our code version) was verified before need not be checked again on every `debitorka score`.
"""

from __future__ import annotations

import os
from pathlib import Path

_VERSION = "1"


def _dir() -> Path | None:
    if os.environ.get("DEBITORKA_NO_CACHE"):
        return None
    base = os.environ.get("DEBITORKA_CACHE_DIR")
    if base:
        return Path(base)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("debitorka", appauthor=False))


def _code_stamp() -> str:
    """Size and mtime of our own sources, so an edited engine re-checks every example."""
    import hashlib

    here = Path(__file__).parent
    h = hashlib.sha256(_VERSION.encode())
    for p in sorted(here.rglob("*.py")):
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _key(digest: str) -> str:
    from . import __version__

    return f"{__version__}-{_code_stamp()}-{digest[:32]}"


def verified(digest: str) -> bool:
    d = _dir()
    return bool(d) and (d / "verified" / _key(digest)).exists()


def remember_verified(digest: str) -> None:
    d = _dir()
    if not d:
        return
    try:
        (d / "verified").mkdir(parents=True, exist_ok=True)
        (d / "verified" / _key(digest)).touch()
    except OSError:
        pass  # a read-only home only costs us the re-check next time
