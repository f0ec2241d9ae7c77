"""Loading untrusted YAML: safe loader only, size/depth/alias limits, and positions for errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40

Marks = dict[tuple, tuple[int, int]]


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


def load_yaml(text: str, path: str = "<yaml>") -> tuple[Any, Marks]:
    """Parse YAML into plain data plus a map from data path to (line, col), 1-based."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(f"файл слишком большой, предел {MAX_BYTES} байт", path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = (e.problem or e.context or "ошибка синтаксиса YAML").strip()
        raise InputError(f"ошибка синтаксиса YAML: {msg}", path, mark.line + 1 if mark else None,
                         mark.column + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise InputError(f"ошибка YAML: {e}", path) from None
    if node is None:
        return None, {}
    marks: Marks = {}
    _check(node, path, marks)
    loader = _Loader("")
    try:
        data = loader.construct_document(node)  # safe constructor: plain data only
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise InputError(f"ошибка YAML: {(e.problem or '').strip()}", path,
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    finally:
        loader.dispose()
    return data, marks


def _check(root: yaml.Node, path: str, marks: Marks) -> None:
    """Walk the node graph counting expanded size, so alias bombs fail fast."""
    count = 0
    stack: list[tuple[yaml.Node, int, tuple]] = [(root, 0, ())]
    while stack:
        node, depth, key = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise InputError(f"слишком много элементов (больше {MAX_NODES}) — возможна «бомба» из ссылок",
                             path, node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            raise InputError(f"слишком глубокая вложенность (больше {MAX_DEPTH})",
                             path, node.start_mark.line + 1, node.start_mark.column + 1)
        if key not in marks:
            marks[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            names: set = set()
            for k, v in node.value:
                kname = k.value if isinstance(k, yaml.ScalarNode) else str(len(key))
                if kname in names and k.tag != "tag:yaml.org,2002:merge":
                    raise InputError(f"ключ «{kname}» повторяется — второе значение затёрло бы первое",
                                     path, k.start_mark.line + 1, k.start_mark.column + 1)
                names.add(kname)
                if key + (kname,) not in marks:
                    marks[key + (kname,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
                stack.append((v, depth + 1, key + (kname,)))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                stack.append((v, depth + 1, key + (i,)))


def position(marks: Marks, loc: tuple) -> tuple[int | None, int | None]:
    """The closest known position for a data path (walks up until one is found)."""
    loc = tuple(loc)
    while loc:
        if loc in marks:
            return marks[loc]
        loc = loc[:-1]
    return marks.get((), (None, None))
