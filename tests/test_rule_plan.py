"""Scoring evaluates only the rules whose markers occur; the verdicts must be those of evaluating all."""

from datetime import date
from dataclasses import replace
import random

import pytest

from scoring.bench import corpus
from scoring.report import _scores, score_turns
from scoring.rulebook import load_rulebook
from scoring.rules import evaluate
from scoring.transcript import Turn

TODAY = date(2026, 11, 23)
DEBTOR = ["Оплатим на днях, не переживайте", "Денег сейчас нет", "У нас политика: плюс 30 дней к договору",
          "Хорошо, 15 декабря оплатим 450 000 рублей", "Я не решаю такие вопросы", "Завтра посмотрю"]


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def transcripts(n: int, seed: int):
    rng = random.Random(seed)
    lines = corpus(400, seed)
    for _ in range(n):
        turns = []
        for _ in range(rng.randint(1, 6)):
            turns.append(Turn("trainee", rng.choice(lines)))
            if rng.random() < 0.7:
                turns.append(Turn("counterpart", rng.choice(DEBTOR)))
        yield turns


@pytest.mark.parametrize("seed", range(4))
def test_planned_results_equal_evaluating_every_rule(book, seed):
    for turns in transcripts(60, seed):
        report = score_turns(turns, book, TODAY)
        trainee = [i for i, t in enumerate(turns) if t.is_trainee]
        naive = [evaluate(r, turns, report.analyses, trainee) for r in book.rules]
        assert report.results == naive
        assert (report.score, report.axes) == _scores(naive)


def test_plan_follows_replaced_rules(book):
    turns = [Turn("trainee", "У нас с вами долг")]
    assert not score_turns(turns, book, TODAY).results[[r.id for r in book.rules].index("no-shared-responsibility")].passed
    only = replace(book, rules=[book.rule("no-shared-responsibility")])
    assert [r.rule.id for r in score_turns(turns, only, TODAY).results] == ["no-shared-responsibility"]
    book.plan()  # built once, then reused
    assert book.plan() is book.plan()
