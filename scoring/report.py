"""The score of a transcript: overall and per axis, per-rule evidence, and the commitment reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from .analysis import Analysis, analyze
from .rulebook import AXES, Rulebook
from .rules import RuleResult
from .transcript import Turn, trainee_indices


_new = tuple.__new__  # a NamedTuple without its Python-level constructor


class Commitment(NamedTuple):
    date: date
    amount: Decimal | None
    turn: int


@dataclass(slots=True)
class Report:
    score: int
    axes: dict[str, int]
    results: list[RuleResult]
    commitment: Commitment | None
    turns: list[Turn]
    analyses: list[Analysis]
    today: date

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]

    def to_dict(self) -> dict:
        """The stable JSON shape documented in README."""
        c = self.commitment
        return {
            "score": self.score,
            "axes": dict(self.axes),
            "rules": [
                {
                    "id": r.rule.id,
                    "axis": r.rule.axis,
                    "passed": r.passed,
                    "weight": r.rule.weight,
                    "message": r.rule.message,
                    "suggestion": r.rule.suggestion,
                    "hits": [{"turn": h.turn, "start": h.start, "end": h.end, "text": h.text} for h in r.hits],
                }
                for r in self.results
            ],
            "commitment": None
            if c is None
            else {"date": c.date.isoformat(), "amount": _num(c.amount), "turn": c.turn},
            "turns": [
                {"speaker": t.speaker, "text": a.text, "markers": a.markers}
                for t, a in zip(self.turns, self.analyses)
            ],
        }


def _num(x: Decimal | None):
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)


def _percent(passed: float, total: float) -> int:
    return round(100 * passed / total) if total else 100


def find_commitment(turns: list[Turn], analyses: list[Analysis], last: int = 2,
                    trainee_idx: list[int] | None = None) -> Commitment | None:
    """The day-precise date (>= today) and amount named in the last trainee turns; latest date wins."""
    if trainee_idx is None:
        trainee_idx = trainee_indices(turns)
    best: date | None = None
    turn = 0
    amount: Decimal | None = None
    for i in trainee_idx[-last:]:
        a = analyses[i]
        for d in a.dates:
            if d.precision == "day" and not d.is_past and (best is None or d.value >= best):
                best, turn = d.value, i
        if a.money:
            amount = a.money[-1].amount
    if best is None:
        return None
    return _new(Commitment, (best, amount, turn))


def score_turns(turns: list[Turn], rulebook: Rulebook, today: date,
                analyses: list[Analysis] | None = None) -> Report:
    if analyses is None:
        analyses = [analyze(t.text, rulebook.markers, today) for t in turns]
    trainee_idx = trainee_indices(turns)
    plan = rulebook.plan()
    results, flipped = plan.results(turns, analyses, trainee_idx)
    # The score depends only on which verdicts differ from the quiet ones, and few such sets occur.
    scores = plan.scores
    found = scores.get(flipped)
    if found is None:
        if len(scores) > 4096:
            scores.clear()
        found = scores[flipped] = _scores(results)
    score, axes = found
    return Report(score, dict(axes), results, find_commitment(turns, analyses, trainee_idx=trainee_idx), turns, analyses, today)


def _scores(results: list[RuleResult]) -> tuple[int, dict[str, int]]:
    weights = {axis: [0.0, 0.0] for axis in AXES}  # axis -> [passed, total]
    passed = total = 0.0
    for r in results:
        w = weights[r.rule.axis]
        weight = r.rule.weight
        w[1] += weight
        total += weight
        if r.passed:
            w[0] += weight
            passed += weight
    return _percent(passed, total), {axis: _percent(*w) for axis, w in weights.items()}
