"""A tiny expression language for scenario conditions, parsed by hand — never eval/exec.

    trust >= 60 and not has(pleading)
    count(asks_date) >= 2 or days_to(commitment) <= 14
    pressure - trust > 10

Grammar (lowest to highest precedence): or, and, not, comparison (< <= > >= == !=),
+ -, * /, unary -, atom (number, true/false/none, name, call(name), parentheses).
Names are state variables and flags; calls are the functions given to :func:`evaluate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

MAX_LENGTH = 500
MAX_DEPTH = 30

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op><=|>=|==|!=|<|>|\(|\)|\+|-|\*|/|,))")
KEYWORDS = {"and", "or", "not", "true", "false", "none"}


class ConditionError(ValueError):
    def __init__(self, message: str, col: int):
        super().__init__(message)
        self.col = col  # 1-based column inside the expression


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # num, name, call, not, neg, and, or, cmp ops, arithmetic ops
    args: tuple = ()
    value: Any = None


def _tokens(src: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(src):
        if src[pos:].strip() == "":
            break
        m = _TOKEN.match(src, pos)
        if not m:
            col = pos + len(src[pos:]) - len(src[pos:].lstrip()) + 1
            raise ConditionError(f"непонятный символ «{src[col - 1]}»", col)
        kind = m.lastgroup
        out.append((kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    out.append(("end", "", len(src) + 1))
    return out


class _Parser:
    def __init__(self, src: str):
        if len(src) > MAX_LENGTH:
            raise ConditionError(f"условие длиннее {MAX_LENGTH} символов", 1)
        self.toks = _tokens(src)
        self.i = 0
        self.depth = 0

    def peek(self):
        return self.toks[self.i]

    def take(self, value: str | None = None):
        tok = self.toks[self.i]
        if value is not None and tok[1] != value:
            got = tok[1] or "конец условия"
            raise ConditionError(f"ожидал «{value}», а здесь «{got}»", tok[2])
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        kind, val, col = self.peek()
        if kind != "end":
            raise ConditionError(f"лишнее «{val}»", col)
        return node

    def _deeper(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError("слишком глубокая вложенность", self.peek()[2])

    def or_(self):
        node = self.and_()
        while self.peek()[1] == "or":
            self.take()
            node = Node("or", (node, self.and_()))
        return node

    def and_(self):
        node = self.not_()
        while self.peek()[1] == "and":
            self.take()
            node = Node("and", (node, self.not_()))
        return node

    def not_(self):
        if self.peek()[1] == "not":
            self.take()
            self._deeper()
            return Node("not", (self.not_(),))
        return self.cmp()

    def cmp(self):
        node = self.add()
        if self.peek()[1] in ("<", "<=", ">", ">=", "==", "!="):
            op = self.take()[1]
            node = Node(op, (node, self.add()))
            if self.peek()[1] in ("<", "<=", ">", ">=", "==", "!="):
                raise ConditionError("сравнения нельзя сцеплять: используйте and", self.peek()[2])
        return node

    def add(self):
        node = self.mul()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = Node(op, (node, self.mul()))
        return node

    def mul(self):
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = Node(op, (node, self.unary()))
        return node

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            self._deeper()
            return Node("neg", (self.unary(),))
        return self.atom()

    def atom(self):
        kind, val, col = self.peek()
        if kind == "num":
            self.take()
            return Node("num", value=float(val) if "." in val else int(val))
        if val == "(":
            self.take()
            self._deeper()
            node = self.or_()
            self.take(")")
            self.depth -= 1
            return node
        if kind == "name":
            self.take()
            if val in ("true", "false"):
                return Node("num", value=val == "true")
            if val == "none":
                return Node("num", value=None)
            if val in KEYWORDS:
                raise ConditionError(f"«{val}» здесь не к месту", col)
            if self.peek()[1] == "(":
                self.take()
                args = []
                if self.peek()[1] != ")":
                    while True:
                        k2, v2, c2 = self.take()
                        if k2 != "name" or v2 in KEYWORDS:
                            raise ConditionError(f"в {val}(…) ожидал имя, а здесь «{v2 or 'конец'}»", c2)
                        args.append(v2)
                        if self.peek()[1] == ",":
                            self.take()
                            continue
                        break
                self.take(")")
                return Node("call", tuple(args), value=(val, col))
            return Node("name", value=(val, col))
        raise ConditionError(f"ожидал число, имя или «(», а здесь «{val or 'конец условия'}»", col)


def parse_condition(src: str) -> Node:
    if not isinstance(src, str) or not src.strip():
        raise ConditionError("пустое условие", 1)
    return _Parser(src).parse()


def names_in(node: Node) -> list[tuple[str, str, int, tuple]]:
    """(kind, name, col, args) of every variable and call, for lint."""
    out = []
    if node.op == "name":
        out.append(("name", node.value[0], node.value[1], ()))
    elif node.op == "call":
        out.append(("call", node.value[0], node.value[1], node.args))
    for a in node.args:
        if isinstance(a, Node):
            out.extend(names_in(a))
    return out


def evaluate(node: Node, names: Mapping[str, Any], calls: Mapping[str, Callable[..., Any]]) -> Any:
    op = node.op
    if op == "num":
        return node.value
    if op == "name":
        return names.get(node.value[0])
    if op == "call":
        fn = calls.get(node.value[0])
        return fn(*node.args) if fn else None
    if op == "and":
        return bool(evaluate(node.args[0], names, calls)) and bool(evaluate(node.args[1], names, calls))
    if op == "or":
        return bool(evaluate(node.args[0], names, calls)) or bool(evaluate(node.args[1], names, calls))
    if op == "not":
        return not evaluate(node.args[0], names, calls)
    if op == "neg":
        v = evaluate(node.args[0], names, calls)
        return None if v is None else -v
    a = evaluate(node.args[0], names, calls)
    b = evaluate(node.args[1], names, calls)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if a is None or b is None:  # comparisons and arithmetic with a missing value are false / missing
        return False if op in ("<", "<=", ">", ">=") else None
    try:
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b if b else None
    except TypeError:
        return None
    raise AssertionError(op)  # pragma: no cover
