"""Loading untrusted YAML: safe loader only, size/depth/alias limits, and positions for errors."""

from __future__ import annotations

from typing import Any

from .errors import InputError
from .files import MAX_BYTES, read_text  # noqa: F401 - re-exported

MAX_NODES = 200_000
MAX_DEPTH = 40

Marks = dict[tuple, tuple[int, int]]


def _loader():
    import yaml  # imported here: the cached fast path of `debitorka score` never needs it

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, path: str = "<yaml>") -> tuple[Any, Marks]:
    """Parse YAML into plain data plus a map from data path to (line, col), 1-based."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(f"файл слишком большой, предел {MAX_BYTES} байт", path)
    import yaml

    _Loader = _loader()
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


def _check(root, path: str, marks: Marks) -> None:
    """Walk the node graph counting expanded size, so alias bombs fail fast."""
    import yaml

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
