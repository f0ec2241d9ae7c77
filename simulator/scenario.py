"""Loading scenarios: YAML → validated spec → compiled scenario, with every problem located in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from scoring.errors import InputError
from scoring.rulebook import Rulebook, build
from scoring.rulebook_schema import RulebookSpec
from scoring.sha import sha256
from scoring.yamlsafe import Marks, load_yaml, position, read_text

from .conditions import ConditionError, Node as CondNode, names_in, parse_condition
from .schema import ScenarioSpec, Variant

BUILTIN_NAMES = {"turn", "turns_left", "amount", "debt", "committed", "commitment_amount", "date_days"}
CALLS = {"has": "marker", "said": "marker", "count": "marker", "days_to": "when", "visited": "node"}
DAYS_TO_ARGS = {"commitment", "date"}
MAX_NEXT_CHAIN = 10


@dataclass(frozen=True, slots=True)
class Problem:
    level: str  # "error" | "warning"
    code: str
    message: str
    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "") + (f":{self.col}" if self.col else "")
        return f"{where}: {self.level} [{self.code}] {self.message}"


@dataclass
class Scenario:
    spec: ScenarioSpec
    path: str
    rulebook: Rulebook
    conditions: dict[str, CondNode]
    digest: str
    marks: Marks = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id

    def ending(self, ending_id: str):
        return next(e for e in self.spec.endings if e.id == ending_id)


def builtin_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def builtin_paths() -> list[Path]:
    return sorted(p for p in builtin_dir().glob("*.yaml"))


def resolve(ref: str) -> Path:
    """A scenario id of a built-in one, or a path to a YAML file."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    cand = builtin_dir() / f"{ref}.yaml"
    if cand.exists():
        return cand
    known = ", ".join(x.stem for x in builtin_paths())
    raise InputError(f"нет сценария «{ref}»; есть: {known}")


class _Collector:
    def __init__(self, path: str, marks: Marks):
        self.path, self.marks, self.items = path, marks, []

    def add(self, level: str, code: str, msg: str, loc: tuple = (), col_offset: int | None = None):
        line, col = position(self.marks, loc)
        if col_offset is not None and line is not None and col is not None:
            col += col_offset
        self.items.append(Problem(level, code, msg, self.path, line, col))


def _validation_problems(e: ValidationError, c: _Collector) -> None:
    for err in e.errors()[:20]:
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and (x in ("str", "Variant", "PatternSpec")
                                                                          or "[" in x or x.startswith("function"))))
        where = ".".join(str(x) for x in loc) or "документ"
        msg = err.get("msg", "неверное значение")
        if err.get("type") == "extra_forbidden":
            msg = "неизвестное поле"
        elif err.get("type") == "missing":
            msg = "обязательное поле отсутствует"
        elif "Keys should be strings" in msg:
            msg += " (в YAML слова on/off/yes/no/true/false без кавычек — это логические значения)"
        c.add("error", "schema", f"{where}: {msg}", loc)


def analyse(path: str | Path, text: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    """Load and check one scenario; returns it (when it has no errors) and all problems found."""
    spath = str(path)
    try:
        if text is None:
            text = read_text(path)
        data, marks = load_yaml(text, spath)
    except InputError as e:
        return None, [Problem("error", "yaml", e.message, spath, e.line, e.col)]
    c = _Collector(spath, marks)
    if not isinstance(data, dict):
        c.add("error", "schema", "ожидаю словарь полей сценария (id, title, nodes, …)")
        return None, c.items
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as e:
        _validation_problems(e, c)
        return None, c.items
    try:
        rb_spec = RulebookSpec(extends="default", markers=spec.markers, rules=spec.rules, weights=spec.weights)
        rulebook = build(rb_spec, marks, spath, text)
    except InputError as e:
        c.items.append(Problem("error", "rules", e.message, spath, e.line, e.col))
        return None, c.items
    conditions = _check(spec, rulebook, c, Path(spath).stem)
    if any(p.level == "error" for p in c.items):
        return None, c.items
    digest = sha256((rulebook.digest + "\0" + text).encode()).hexdigest()
    return Scenario(spec, spath, rulebook, conditions, digest, marks), c.items


def load_scenario(ref: str | Path) -> Scenario:
    path = resolve(str(ref))
    scenario, problems = analyse(path)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        e = errors[0]
        more = f" (и ещё ошибок: {len(errors) - 1}; подробно — debitorka lint)" if len(errors) > 1 else ""
        raise InputError(f"[{e.code}] {e.message}{more}", e.path, e.line, e.col)
    return scenario


def _lines(items):
    for i, v in enumerate(items):
        if isinstance(v, Variant):
            yield i, v


def _check(spec: ScenarioSpec, rulebook: Rulebook, c: _Collector, stem: str) -> dict[str, CondNode]:
    """Every reference resolves, every condition parses, every node is reachable and can end."""
    conds: dict[str, CondNode] = {}
    nodes, endings = spec.nodes, {e.id for e in spec.endings}
    variables = set(spec.state.vars) | set(spec.state.flags)
    if spec.id != stem:
        c.add("error", "id", f"id «{spec.id}» должен совпадать с именем файла «{stem}»", ("id",))
    for need in ("trust", "pressure"):
        if need not in spec.state.vars:
            c.add("error", "state", f"state.vars: нужна переменная {need}", ("state", "vars"))
    for name, v in spec.state.vars.items():
        if not v.min <= v.start <= v.max:
            c.add("error", "state", f"переменная {name}: нужно min ≤ start ≤ max", ("state", "vars", name))
    dup = set(spec.state.vars) & set(spec.state.flags)
    for name in sorted(dup):
        c.add("error", "state", f"{name} объявлен и как переменная, и как флаг", ("state", "flags"))
    seen: set[str] = set()
    for i, e in enumerate(spec.endings):
        if e.id in seen:
            c.add("error", "duplicate", f"концовка {e.id} объявлена дважды", ("endings", i, "id"))
        seen.add(e.id)
    if spec.start not in nodes:
        c.add("error", "unknown-node", f"start: нет узла {spec.start}", ("start",))
    if not any(e.kind == "success" for e in spec.endings):
        c.add("warning", "no-success", "нет ни одной концовки kind: success", ("endings",))
    if not any(e.kind == "failure" for e in spec.endings):
        c.add("warning", "no-failure", "нет ни одной концовки kind: failure", ("endings",))

    def cond(src: str | None, loc: tuple) -> None:
        if src is None:
            return
        try:
            tree = parse_condition(src)
        except ConditionError as e:
            c.add("error", "condition", f"условие «{src}»: {e}", loc, col_offset=e.col - 1)
            return
        for kind, name, col, args in names_in(tree):
            if kind == "name":
                if name not in variables and name not in BUILTIN_NAMES:
                    c.add("error", "unknown-name", f"условие «{src}»: неизвестная переменная {name}", loc)
            else:
                what = CALLS.get(name)
                if what is None:
                    c.add("error", "unknown-function",
                          f"условие «{src}»: нет функции {name}(); есть {', '.join(sorted(CALLS))}", loc)
                    continue
                if len(args) != 1:
                    c.add("error", "condition", f"условие «{src}»: {name}() принимает одно имя", loc)
                    continue
                a = args[0]
                if what == "marker" and a not in rulebook.markers:
                    c.add("error", "unknown-marker", f"условие «{src}»: неизвестный маркер {a}", loc)
                elif what == "when" and a not in DAYS_TO_ARGS:
                    c.add("error", "condition", f"условие «{src}»: days_to(commitment) или days_to(date)", loc)
                elif what == "node" and a not in nodes:
                    c.add("error", "unknown-node", f"условие «{src}»: нет узла {a}", loc)
        conds[src] = tree

    def markers(names, loc):
        for j, m in enumerate(names):
            if m not in rulebook.markers:
                c.add("error", "unknown-marker", f"неизвестный маркер {m}", loc + (j,))

    def lines(items, loc):
        for j, v in _lines(items):
            cond(v.if_, loc + (j, "if"))

    def reaction(r, loc):
        markers(r.when, loc + ("when",))
        markers(r.all_, loc + ("all",))
        cond(r.if_, loc + ("if",))
        for key in ("effects", "set"):
            for name in getattr(r, key):
                if name not in variables:
                    c.add("error", "unknown-name", f"{key}: неизвестная переменная {name}", loc + (key, name))
                elif key == "effects" and name in spec.state.flags:
                    c.add("error", "state", f"effects: {name} — флаг; флаги меняют через set", loc + (key, name))

    def transition(t, loc):
        reaction(t, loc)
        lines(t.say, loc + ("say",))
        if t.goto is not None and t.goto not in nodes:
            c.add("error", "unknown-node", f"goto: нет узла {t.goto}", loc + ("goto",))
        if t.end is not None and t.end not in endings:
            c.add("error", "unknown-ending", f"end: нет концовки {t.end}", loc + ("end",))
        if t.goto and t.end:
            c.add("error", "transition", "переход не может иметь и goto, и end", loc)
        if not t.goto and not t.end and not t.say and not (t.effects or t.set):
            c.add("warning", "empty-transition", "переход ничего не делает", loc)

    for i, r in enumerate(spec.reactions):
        reaction(r, ("reactions", i))
    for key in ("interrupts", "defaults"):
        for i, t in enumerate(getattr(spec, key)):
            transition(t, (key, i))
    lines(spec.fallback, ("fallback",))
    for i, f in enumerate(spec.finish):
        cond(f.if_, ("finish", i, "if"))
        if f.end not in endings:
            c.add("error", "unknown-ending", f"finish: нет концовки {f.end}", ("finish", i, "end"))
    if spec.finish and spec.finish[-1].if_ is not None:
        c.add("warning", "finish", "последний пункт finish лучше сделать без if — иначе звонок может остаться без концовки",
              ("finish", len(spec.finish) - 1))
    for name, n in nodes.items():
        loc = ("nodes", name)
        if n.speaker is not None and n.speaker not in spec.speakers:
            c.add("error", "unknown-speaker", f"узел {name}: нет говорящего {n.speaker}", loc + ("speaker",))
        lines(n.say, loc + ("say",))
        lines(n.fallback, loc + ("fallback",))
        if n.next is not None and n.next not in nodes:
            c.add("error", "unknown-node", f"узел {name}: next: нет узла {n.next}", loc + ("next",))
        for i, t in enumerate(n.transitions):
            transition(t, loc + ("transitions", i))
    for i, e in enumerate(spec.endings):
        lines(e.say, ("endings", i, "say"))
    for i, t in enumerate(spec.tests):
        for step, exp in t.expect.steps.items():
            cond(exp.state, ("tests", i, "expect", "steps", step, "state"))
            if exp.node is not None and exp.node not in nodes:
                c.add("error", "unknown-node", f"тест «{t.name}»: нет узла {exp.node}", ("tests", i, "expect", "steps", step))
            markers(exp.markers, ("tests", i, "expect", "steps", step, "markers"))
        if t.expect.ending is not None and t.expect.ending not in endings:
            c.add("error", "unknown-ending", f"тест «{t.name}»: нет концовки {t.expect.ending}", ("tests", i, "expect", "ending"))

    if any(p.level == "error" for p in c.items):
        return conds
    _check_flow(spec, c)
    return conds


def edges(spec: ScenarioSpec) -> dict[str, list[tuple[str, str]]]:
    """node -> [(kind, target)] with kind "goto", "next" or "end" (interrupts/defaults apply everywhere)."""
    common = [("goto", t.goto) for t in spec.interrupts + spec.defaults if t.goto] + \
             [("end", t.end) for t in spec.interrupts + spec.defaults if t.end]
    out = {}
    for name, n in spec.nodes.items():
        es = [("goto", t.goto) for t in n.transitions if t.goto] + [("end", t.end) for t in n.transitions if t.end]
        if n.next:
            es.append(("next", n.next))
        out[name] = es + common
    return out


def reachable(spec: ScenarioSpec, graph: dict[str, list[tuple[str, str]]] | None = None) -> set[str]:
    """Nodes a conversation can get to from `start` (lint warns about the rest, the graph greys them)."""
    graph = edges(spec) if graph is None else graph
    reach, stack = {spec.start}, [spec.start]
    while stack:
        for kind, tgt in graph[stack.pop()]:
            if kind != "end" and tgt not in reach:
                reach.add(tgt)
                stack.append(tgt)
    return reach


def _check_flow(spec: ScenarioSpec, c: _Collector) -> None:
    graph = edges(spec)
    reach = reachable(spec, graph)
    for name in spec.nodes:
        if name not in reach:
            c.add("warning", "unreachable", f"узел {name} недостижим от start", ("nodes", name))
    reached_endings = {t for n in reach for k, t in graph[n] if k == "end"} | {f.end for f in spec.finish}
    for i, e in enumerate(spec.endings):
        if e.id not in reached_endings:
            c.add("warning", "unreached-ending", f"к концовке {e.id} не ведёт ни один путь", ("endings", i))
    # nodes from which no explicit `end:` can be reached: a goto cycle with no exit
    can_end = {n for n in spec.nodes if any(k == "end" for k, _ in graph[n])}
    changed = True
    while changed:
        changed = False
        for n in spec.nodes:
            if n not in can_end and any(k != "end" and t in can_end for k, t in graph[n]):
                can_end.add(n)
                changed = True
    stuck = sorted(n for n in reach if n not in can_end)
    if stuck:
        c.add("error", "no-exit", f"из узлов {', '.join(stuck)} нет пути ни к одной концовке (цикл без выхода)",
              ("nodes", stuck[0]))
    for name, n in spec.nodes.items():
        if name in reach and not any(t.goto or t.end for t in n.transitions) and not n.next:
            c.add("warning", "dead-end", f"узел {name}: нет своих переходов — разговор застрянет на общих", ("nodes", name))
    # next-chains must not loop
    for name in spec.nodes:
        seen, cur = set(), name
        while spec.nodes[cur].next:
            if cur in seen:
                c.add("error", "next-cycle", f"цепочка next замыкается на узле {cur}", ("nodes", cur, "next"))
                break
            seen.add(cur)
            cur = spec.nodes[cur].next
