"""Reading user files: size limit, binary and encoding checks, one clear line on failure."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

MAX_BYTES = 2 * 1024 * 1024


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a user file as UTF-8, refusing huge, binary or mis-encoded ones with one clear line."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("файл не найден", str(path)) from None
    except OSError as e:
        raise InputError(f"не удалось прочитать файл: {e.strerror}", str(path)) from None
    if p.is_dir():
        raise InputError("это каталог, а не файл", str(path))
    if size > max_bytes:
        raise InputError(f"файл слишком большой: {size} байт, предел {max_bytes}", str(path))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"не удалось прочитать файл: {e.strerror}", str(path)) from None
    if b"\x00" in data:
        raise InputError("это двоичный файл, а нужен текст в UTF-8", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError("текст не в кодировке UTF-8", str(path), line, col) from None
    return text
