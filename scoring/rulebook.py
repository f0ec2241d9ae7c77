"""Rulebooks in YAML: markers (the shared vocabulary) and rules, validated on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .markers import ENTITY_MARKERS, Marker, MarkerSet
from .patterns import (Element, PatternError, element_from_json, element_to_json, parse_pattern, pattern_from_json,
                       pattern_to_json)
from .files import read_text
from .sha import sha256
from .yamlsafe import Marks, position

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .rulebook_schema import MarkerSpec, RuleSpec, RulebookSpec
    from .rules import RulePlan

AXES = ("money", "relationship", "speech")
AXIS_TITLES = {"money": "Деньги", "relationship": "Отношения", "speech": "Речь"}

@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    axis: str
    weight: float
    kind: str
    markers: tuple[str, ...]
    after: tuple[str, ...]
    first: int | None
    last: int | None
    title: str
    message: str
    suggestion: str | None
    examples_pass: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()


@dataclass(slots=True)
class Rulebook:
    markers: MarkerSet
    rules: list[Rule]
    source: str
    digest: str
    marker_sources: dict[str, str] = field(default_factory=dict)
    _plan: RulePlan | None = field(default=None, init=False, repr=False, compare=False)

    def plan(self) -> RulePlan:
        """The rules prepared for scoring, built once (rebuilt if `rules` is replaced or grows)."""
        p = self._plan
        if p is None or p.rules is not self.rules or len(p.quiet) != len(self.rules):
            from .rules import RulePlan

            p = self._plan = RulePlan(self.rules)
        return p

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def with_rules(self, extra: list[RuleSpec], weights: dict[str, float], salt: str = "") -> "Rulebook":
        """A copy with rules added or replaced and weights overridden (scenarios use this)."""
        rules = {r.id: r for r in self.rules}
        for spec in extra:
            rules[spec.id] = _compile_rule(spec)
        for rid, w in weights.items():
            if rid in rules:
                r = rules[rid]
                rules[rid] = Rule(**{**{f: getattr(r, f) for f in Rule.__slots__}, "weight": w})
        digest = sha256((self.digest + salt).encode()).hexdigest()
        return Rulebook(self.markers, list(rules.values()), self.source, digest, self.marker_sources)


def _format_loc(err: dict) -> str:
    loc = ".".join(str(x) for x in err["loc"] if not str(x).startswith(("function-", "str", "PatternSpec")))
    return loc


def _validation_error(e: ValidationError, path: str, marks: Marks) -> InputError:
    err = e.errors()[0]
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and (x in ("str", "PatternSpec") or "[" in x)))
    line, col = position(marks, loc)
    where = ".".join(str(x) for x in loc) or "документ"
    msg = err.get("msg", "неверное значение")
    return InputError(f"{where}: {msg}", path, line, col)


def parse_spec(text: str, path: str) -> tuple[RulebookSpec, Marks]:
    from pydantic import ValidationError

    from .rulebook_schema import RulebookSpec

    from .yamlsafe import load_yaml

    data, marks = load_yaml(text, path)
    if data is None:
        raise InputError("файл правил пуст", path)
    if not isinstance(data, dict):
        raise InputError("ожидаю словарь с ключами markers и rules", path, 1, 1)
    try:
        return RulebookSpec.model_validate(data), marks
    except ValidationError as e:
        raise _validation_error(e, path, marks) from None


def _compile_marker(name: str, spec: MarkerSpec, path: str, marks: Marks) -> Marker:
    def comp(items, key):
        out = []
        for i, p in enumerate(items):
            seq, skip = (p, 0) if isinstance(p, str) else (p.seq, p.skip)
            try:
                out.append(parse_pattern(seq, skip))
            except PatternError as e:
                line, col = position(marks, ("markers", name, key, i))
                raise InputError(f"маркер {name}: шаблон «{seq}»: {e}", path, line, col) from None
        return out

    return Marker(name, spec.description, comp(spec.patterns, "patterns"), comp(spec.exceptions, "exceptions"),
                  list(spec.examples), list(spec.counterexamples))


def _compile_rule(spec: RuleSpec) -> Rule:
    ex = spec.examples
    return Rule(spec.id, spec.axis, spec.weight, spec.kind, tuple(spec.markers), tuple(spec.after),
                spec.scope.first if spec.scope else None, spec.scope.last if spec.scope else None,
                spec.title or spec.id, spec.message, spec.suggestion,
                tuple(ex.passing) if ex else (), tuple(ex.failing) if ex else ())


def check_marker_examples(ms: MarkerSet, names: list[str] | None = None) -> list[str]:
    """Every example must fire and no counterexample may; returns the failures, one line each."""
    from .analysis import analyze

    today = date(2026, 1, 1)
    problems = []
    for name in (list(ms.markers) if names is None else names):
        m = ms.markers[name]
        for ex in m.examples:
            if name not in analyze(ex, ms, today).hits:
                problems.append(f"маркер {name}: пример не срабатывает: «{ex}»")
        for ex in m.counterexamples:
            if name in analyze(ex, ms, today).hits:
                problems.append(f"маркер {name}: контрпример срабатывает: «{ex}»")
    return problems


def _data_text(name: str) -> str:
    # A plain path, not importlib.resources (6 ms of start-up): the package is always a directory,
    # editable or installed from the wheel.
    return (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _default_spec() -> tuple[RulebookSpec, Marks, str]:
    text = _data_text("rules.yaml")
    spec, marks = parse_spec(text, "scoring/data/rules.yaml")
    return spec, marks, text


def build(spec: RulebookSpec, marks: Marks, path: str, text: str, *, verify: bool = True) -> Rulebook:
    """Compile a rulebook spec; with the default one underneath when it says `extends: default`."""
    specs: list[tuple[RulebookSpec, Marks, str]] = []
    default_spec, default_marks, default_text = _default_spec()
    if spec is not default_spec:
        specs.append((default_spec, default_marks, "scoring/data/rules.yaml"))
    specs.append((spec, marks, path))

    from . import cache, morph

    digest = _digest(default_text, text)
    seeded = cache.load("lemmas", digest)
    if seeded:
        morph.seed_lemmas(seeded)
    before = set(morph._SEEDED)
    markers: dict[str, Marker] = {}
    marker_sources: dict[str, str] = {}
    for sp, mk, p in specs:
        for name, ms in sp.markers.items():
            if name in ENTITY_MARKERS:
                line, col = position(mk, ("markers", name))
                raise InputError(f"маркер {name} встроенный (из дат и сумм), его нельзя переопределить", p, line, col)
            markers[name] = _compile_marker(name, ms, p, mk)
            marker_sources[name] = p
    if not seeded:
        cache.store("lemmas", digest, {w: sorted(morph._SEEDED[w]) for w in set(morph._SEEDED) - before})
    marker_set = MarkerSet(markers)

    rules: dict[str, Rule] = {}
    if spec is default_spec or spec.extends == "default":
        for r in default_spec.rules:
            rules[r.id] = _compile_rule(r)
    seen: set[str] = set()
    for i, r in enumerate(spec.rules if spec is not default_spec else []):
        if r.id in seen:
            line, col = position(marks, ("rules", i, "id"))
            raise InputError(f"правило {r.id} объявлено дважды", path, line, col)
        seen.add(r.id)
        rules[r.id] = _compile_rule(r)
    for sp, mk, p in ((spec, marks, path),):
        for i, r in enumerate(sp.rules):
            for key in ("markers", "after"):
                for j, name in enumerate(getattr(r, key)):
                    if name not in marker_set:
                        line, col = position(mk, ("rules", i, key, j))
                        raise InputError(f"правило {r.id}: неизвестный маркер {name}", p, line, col)
            if r.kind == "respond" and not r.after:
                line, col = position(mk, ("rules", i))
                raise InputError(f"правило {r.id}: для kind: respond нужен список after", p, line, col)
        for rid, w in sp.weights.items():
            if rid not in rules:
                line, col = position(mk, ("weights", rid))
                raise InputError(f"weights: неизвестное правило {rid}", p, line, col)
            r = rules[rid]
            rules[rid] = Rule(**{**{f: getattr(r, f) for f in Rule.__slots__}, "weight": float(w)})

    book = Rulebook(marker_set, list(rules.values()), path, digest, marker_sources)
    if verify:
        _verify(book, [n for n in markers if marker_sources[n] == path] if spec is not default_spec else None,
                path, marks, digest)
    return book


def _verify(book: Rulebook, names: list[str] | None, path: str, marks: Marks, digest: str) -> None:
    from .cache import verified, remember_verified

    if verified(digest):
        return
    problems = check_marker_examples(book.markers, names)
    if problems:
        first = problems[0]
        name = first.split(":")[0].split()[-1]
        line, col = position(marks, ("markers", name, "examples"))
        more = f" (и ещё {len(problems) - 1})" if len(problems) > 1 else ""
        raise InputError(first + more, path, line, col)
    remember_verified(digest)


def _digest(default_text: str, text: str) -> str:
    return sha256((default_text + "\0" + text).encode()).hexdigest()


def _to_json(book: Rulebook) -> dict:
    table: dict[Element, int] = {}

    def pats(ps):
        return [pattern_to_json(p, table) for p in ps]

    markers = {n: {"description": m.description, "patterns": pats(m.patterns), "exceptions": pats(m.exceptions),
                   "examples": m.examples, "counterexamples": m.counterexamples}
               for n, m in book.markers.markers.items()}
    return {
        "digest": book.digest,
        "elements": [element_to_json(e) for e in table],
        "markers": markers,
        "index": book.markers.index(),
        "rules": [{f: getattr(r, f) for f in Rule.__slots__} for r in book.rules],
        "sources": book.marker_sources,
    }


def _from_json(data: dict, path: str) -> Rulebook:
    """Rebuild a rulebook that was validated and verified before — no YAML, no pydantic, no example run,
    no pymorphy3 (the patterns come compiled, the word index built)."""
    digest = data["digest"]
    if not isinstance(digest, str):
        raise TypeError("digest")
    elements = [element_from_json(e) for e in data["elements"]]
    markers = {
        n: Marker(n, m["description"], [pattern_from_json(p, elements) for p in m["patterns"]],
                  [pattern_from_json(p, elements) for p in m["exceptions"]], m["examples"], m["counterexamples"])
        for n, m in data["markers"].items()
    }
    rules = [Rule(**{k: tuple(v) if isinstance(v, list) else v for k, v in r.items()}) for r in data["rules"]]
    return Rulebook(MarkerSet(markers, data["index"]), rules, path, digest, dict(data["sources"]))


def load_default(*, verify: bool = True) -> Rulebook:
    return load_rulebook(None, verify=verify)


def load_rulebook(path: str | Path | None = None, *, verify: bool = True) -> Rulebook:
    """Load and check a rulebook; one already checked in this exact version comes from the cache."""
    from . import cache

    if path is None:
        # The code stamp of every cache key covers the built-in rulebook's file (size, mtime), and
        # its entry keeps the content digest: a cached start neither reads nor hashes the YAML.
        key, spath = "default", "scoring/data/rules.yaml"
    else:
        text, spath = read_text(path), str(path)
        key = _digest(_data_text("rules.yaml"), text)
    if verify:
        data = cache.load("rulebook", key)
        if data is not None:
            try:
                return _from_json(data, spath)
            except (KeyError, IndexError, TypeError, ValueError):
                pass  # a stale or damaged cache entry: fall through and rebuild
    if path is None:
        spec, marks, text = _default_spec()
    else:
        spec, marks = parse_spec(text, spath)
    book = build(spec, marks, spath, text, verify=verify)
    if verify:
        cache.store("rulebook", key, _to_json(book))
    return book
