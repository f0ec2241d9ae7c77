"""Evaluating rules over an analysed transcript."""

from __future__ import annotations

from typing import NamedTuple

from .analysis import Analysis
from .rulebook import Rule
from .transcript import Turn


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


def _in_scope(rule: Rule, trainee_idx: list[int]) -> list[int]:
    if rule.first is not None:
        return trainee_idx[: rule.first]
    if rule.last is not None:
        return trainee_idx[-rule.last :]
    return trainee_idx


_NO_HITS: tuple[RuleHit, ...] = ()


def _start(h: RuleHit) -> int:
    return h.start


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
            out.extend([RuleHit(i, h.start, h.end, h.text, name) for h in found])
    if out is None:
        return _NO_HITS
    if len(names) > 1:
        out.sort(key=_start)
    return out


def evaluate(rule: Rule, turns: list[Turn], analyses: list[Analysis],
             trainee_idx: list[int] | None = None) -> RuleResult:
    if trainee_idx is None:
        trainee_idx = [i for i, t in enumerate(turns) if t.is_trainee]
    if rule.kind != "respond":
        hits: list[RuleHit] = []
        names = rule.markers
        for i in _in_scope(rule, trainee_idx):
            found = _hits(i, analyses[i], names)
            if found:
                hits.extend(found)
        passed = bool(hits) if rule.kind == "require" else not hits
        return RuleResult(rule, passed, tuple(hits))
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
        return RuleResult(rule, True, (), applicable=False)
    return RuleResult(rule, not failures, tuple(failures or evidence))
