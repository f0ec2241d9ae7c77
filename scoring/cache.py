"""A small on-disk cache for start-up work that depends only on content we can hash.

Compiling the vocabulary asks pymorphy3 about ~1,300 pattern words, building the typo dictionary
inflects ~1,000 lemmas, and checking every marker example scores ~800 phrases: together several
times the cost of starting the program. Each result is stored as JSON (never pickle) under a key
made of the content hash and a stamp of our own sources, so an edited rulebook or engine recomputes.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

_VERSION = "1"


def _dir() -> Path | None:
    if os.environ.get("DEBITORKA_NO_CACHE"):
        return None
    base = os.environ.get("DEBITORKA_CACHE_DIR")
    if base:
        return Path(base)
    if sys.platform == "linux":
        # The XDG rule platformdirs applies, for its plain cases: importing platformdirs (it loads
        # tempfile, random…) costs ~4.5 ms, 3% of `debitorka score`'s start. A test holds the two equal.
        xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, "debitorka")
        if os.path.isabs(home):
            return Path(home, ".cache", "debitorka")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("debitorka", appauthor=False))


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """Size and mtime of our own sources and data (the built-in rulebook), so an edited engine
    re-checks every example and an edited rulebook is compiled again."""
    from .sha import sha256

    h = sha256(_VERSION.encode())
    for root, dirs, files in os.walk(os.path.dirname(__file__)):  # (Path.rglob costs 3x as much)
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".py", ".yaml")):
                st = os.stat(os.path.join(root, name))
                h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
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
        return  # a read-only home only costs us the re-check next time
    _prune(d / "verified")


def load(kind: str, digest: str):
    """The cached JSON value for this content, or None."""
    d = _dir()
    if not d:
        return None
    import json

    try:
        return json.loads((d / kind / (_key(digest) + ".json")).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(kind: str, digest: str, value) -> None:
    d = _dir()
    if not d:
        return
    import json

    target = d / kind / (_key(digest) + ".json")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        return
    _prune(target.parent)


#: Entries of other versions of the code are removed when older than this (another checkout sharing
#: the cache may still use them; nothing else will).
STALE_AFTER_S = 7 * 24 * 3600


def _prune(folder: Path) -> None:
    """Keep the cache from growing with every upgrade: drop week-old entries of other code versions."""
    import time

    from . import __version__

    current = f"{__version__}-{_code_stamp()}-"
    cutoff = time.time() - STALE_AFTER_S
    for p in folder.iterdir():
        try:
            if not p.name.startswith(current) and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass
