"""Evaluating rules over an analysed transcript."""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import Analysis
from .markers import Hit
from .rulebook import Rule
from .transcript import Turn


@dataclass(frozen=True, slots=True)
class RuleHit:
    turn: int  # index into the transcript's turns
    start: int
    end: int
    text: str
    marker: str


@dataclass(frozen=True, slots=True)
class RuleResult:
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


def _hits(i: int, a: Analysis, names: tuple[str, ...]) -> list[RuleHit]:
    out = []
    for name in names:
        for h in a.hits.get(name, ()):
            out.append(RuleHit(i, h.start, h.end, h.text, name))
    out.sort(key=lambda h: h.start)
    return out


def evaluate(rule: Rule, turns: list[Turn], analyses: list[Analysis],
             trainee_idx: list[int] | None = None) -> RuleResult:
    if trainee_idx is None:
        trainee_idx = [i for i, t in enumerate(turns) if t.is_trainee]
    scope = _in_scope(rule, trainee_idx)
    if rule.kind == "require":
        hits = [h for i in scope for h in _hits(i, analyses[i], rule.markers)]
        return RuleResult(rule, bool(hits), tuple(hits))
    if rule.kind == "forbid":
        hits = [h for i in scope for h in _hits(i, analyses[i], rule.markers)]
        return RuleResult(rule, not hits, tuple(hits))
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
