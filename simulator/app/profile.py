"""The trainee's name, remembered between runs in ``<data dir>/profile.json``. No Textual."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

FILE = "profile.json"


def os_user_name() -> str:
    """The login name, a sensible default to offer (never raises)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no passwd entry, no env: nothing to offer
        return ""


def load_name(data_dir: Path) -> str | None:
    try:
        data = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return clean(name) or None if isinstance(name, str) else None


def save_name(data_dir: Path, name: str) -> None:
    from simulator.sessions import _write_atomic

    _write_atomic(data_dir / FILE, json.dumps({"name": clean(name)}, ensure_ascii=False) + "\n")


def clean(name: str) -> str:
    """Printable, single-spaced, at most 100 characters (as the results store keeps it)."""
    name = "".join(ch if ch.isprintable() else " " for ch in str(name or ""))
    return " ".join(name.split())[:100]
