"""Evaluating rules over an analysed transcript."""

from __future__ import annotations

from typing import NamedTuple

from .analysis import Analysis
from .rulebook import Rule
from .transcript import Turn, trainee_indices


class RuleHit(NamedTuple):  # a tuple: made thousands of times a second, cheaply
    turn: int  # index into the transcript's turns
    start: int
    end: int
    text: str
    marker: str


class RuleResult(NamedTuple):
    rule: Rule
    passed: bool
    hits: tuple[RuleHit, ...]
    applicable: bool = True


def _scope_slice(rule: Rule) -> slice | None:
    """The rule's trainee turns, as a slice of their indices; None for all of them (no copy needed)."""
    if rule.first is not None:
        return slice(None, rule.first)
    if rule.last is not None:
        return slice(-rule.last, None)
    return None


_NO_HITS: tuple[RuleHit, ...] = ()
#: tuple.__new__ skips a NamedTuple's Python-level constructor: half the cost, and hits are made by the thousand.
_new = tuple.__new__


def _start(h: RuleHit) -> int:
    return h.start


def _marker_hits(name: str, scope: list[int], analyses: list[Analysis]) -> tuple[RuleHit, ...]:
    """Hits of one marker in the turns of `scope`, in order (each turn's hits come sorted)."""
    hits: list[RuleHit] = []
    for i in scope:
        found = analyses[i].hits.get(name)
        if found:
            for h in found:
                hits.append(_new(RuleHit, (i, h[1], h[2], h[3], name)))
    return tuple(hits)


def _hits(i: int, a: Analysis, names: tuple[str, ...]) -> list[RuleHit] | tuple[RuleHit, ...]:
    got = a.hits
    if got.keys().isdisjoint(names):
        return _NO_HITS  # the usual case: most rules find nothing in most turns
    out: list[RuleHit] | None = None
    for name in names:
        found = got.get(name)
        if found:
            if out is None:
                out = []
            out.extend([_new(RuleHit, (i, h[1], h[2], h[3], name)) for h in found])
    if out is None:
        return _NO_HITS
    if len(names) > 1:
        out.sort(key=_start)
    return out


class RulePlan:
    """What each rule of a rulebook says about a transcript in which none of its markers occur.

    Most rules find nothing in most transcripts (a keystroke's worth of text trips two or three of a
    dozen and a half), so scoring starts from these ready results and evaluates only the rules whose
    markers the transcript holds."""

    __slots__ = ("rules", "quiet", "quiet_passed", "by_marker", "todo", "scores", "one_marker")

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.quiet: tuple[RuleResult, ...] = tuple(evaluate(r, [], [], []) for r in rules)  # verdicts on silence
        self.quiet_passed = tuple(q.passed for q in self.quiet)
        by_marker: dict[str, list[int]] = {}
        for i, r in enumerate(rules):
            # a respond rule is quiet until an `after` marker occurs; the others until one of theirs does
            for name in r.after if r.kind == "respond" else r.markers:
                by_marker.setdefault(name, []).append(i)
        self.by_marker = {k: tuple(v) for k, v in by_marker.items()}
        #: per rule, (marker, passes when found, its trainee turns: _scope_slice) for the usual rule, one marker over all
        #: or the first or last few trainee turns, else None
        self.one_marker = tuple(
            (r.markers[0], r.kind == "require", _scope_slice(r))
            if r.kind != "respond" and len(r.markers) == 1 else None
            for r in rules
        )
        #: the rules to evaluate (indices, in order) by the set of markers a transcript holds
        self.todo: dict[frozenset[str], tuple[int, ...]] = {}
        #: (overall, per axis) scores by the tuple of rules whose verdict differs from the quiet one
        self.scores: dict[tuple[int, ...], tuple[int, dict[str, int]]] = {}

    def results(self, turns: list[Turn], analyses: list[Analysis],
                trainee_idx: list[int]) -> tuple[list[RuleResult], tuple[int, ...]]:
        """Every rule's result, and the indices of the rules whose verdict differs from the quiet one."""
        out = list(self.quiet)
        # The rules to evaluate depend only on which markers occur, and few such sets occur.
        # (One utterance — every keystroke — takes its own set: union() costs 4% of the rules stage.)
        names = frozenset(analyses[0].hits) if len(analyses) == 1 else frozenset().union(*[a.hits for a in analyses])
        todo = self.todo.get(names)
        if todo is None:
            if len(self.todo) > 4096:
                self.todo.clear()
            found: set[int] = set()
            for name in names:
                found.update(self.by_marker.get(name, ()))
            todo = self.todo[names] = tuple(sorted(found))
        rules, quiet_passed, one_marker = self.rules, self.quiet_passed, self.one_marker
        flipped = []
        for i in todo:
            simple = one_marker[i]
            if simple is None:
                r = out[i] = evaluate(rules[i], turns, analyses, trainee_idx)
                passed = r.passed
            else:  # `evaluate` without the call: most rules
                name, require, scope = simple
                hits = _marker_hits(name, trainee_idx if scope is None else trainee_idx[scope], analyses)
                passed = bool(hits) is require
                out[i] = _new(RuleResult, (rules[i], passed, hits, True))
            if passed != quiet_passed[i]:
                flipped.append(i)
        return out, tuple(flipped)


def evaluate(rule: Rule, turns: list[Turn], analyses: list[Analysis],
             trainee_idx: list[int] | None = None) -> RuleResult:
    if trainee_idx is None:
        trainee_idx = trainee_indices(turns)
    if rule.kind != "respond":
        names = rule.markers
        sl = _scope_slice(rule)
        scope = trainee_idx if sl is None else trainee_idx[sl]
        if len(names) == 1:  # the usual rule
            hits = _marker_hits(names[0], scope, analyses)
        else:
            found_hits: list[RuleHit] = []
            for i in scope:
                found = _hits(i, analyses[i], names)
                if found:
                    found_hits.extend(found)
            hits = tuple(found_hits)
        passed = bool(hits) if rule.kind == "require" else not hits
        return _new(RuleResult, (rule, passed, hits, True))
    # respond: every counterpart turn with an `after` marker needs a trainee answer with a `markers` marker
    triggered = False
    evidence: list[RuleHit] = []
    failures: list[RuleHit] = []
    for i, t in enumerate(turns):
        if t.is_trainee:
            continue
        trig = _hits(i, analyses[i], rule.after)
        if not trig:
            continue
        triggered = True
        nxt = next((j for j in range(i + 1, len(turns)) if turns[j].is_trainee), None)
        answer = _hits(nxt, analyses[nxt], rule.markers) if nxt is not None else []
        if answer:
            evidence.extend(answer)
        else:
            failures.extend(trig)  # point at the vague promise that went unchallenged
    if not triggered:
        return _new(RuleResult, (rule, True, (), False))
    return RuleResult(rule, not failures, tuple(failures or evidence))
