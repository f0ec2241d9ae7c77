"""Scenario tests: play scripted trainee lines through a scenario and check where the call ends."""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Session
from .scenario import Scenario
from .schema import ScenarioTest


@dataclass
class TestResult:
    scenario: str
    name: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)


def run_test(scenario: Scenario, test: ScenarioTest) -> TestResult:
    s = Session(scenario, seed=test.seed)
    log = []
    o = s.opening()
    log += [f"{name}: {text}" for _, name, text in o.lines]
    failures: list[str] = []
    for i, line in enumerate(test.say, 1):
        if s.finished:
            failures.append(f"звонок закончился на реплике {i - 1} ({s.ending.id}), а строк в тесте больше")
            break
        r = s.say(line)
        log.append(f"Менеджер: {line}   [{', '.join(r.markers) or '—'}] → {r.node}")
        log += [f"{name}: {text}" for _, name, text in r.lines]
        exp = test.expect.steps.get(i)
        if exp is None:
            continue
        if exp.node is not None and r.node != exp.node:
            failures.append(f"после реплики {i}: узел {r.node}, ожидался {exp.node}")
        if exp.state is not None:
            if not s.check(exp.state):
                shown = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in s.state.items())
                failures.append(f"после реплики {i}: не выполнено «{exp.state}» ({shown})")
        for m in exp.markers:
            if m not in r.markers:
                failures.append(f"после реплики {i}: нет маркера {m} (есть: {', '.join(r.markers) or '—'})")
    if not s.finished and not failures:
        s.hang_up()
    exp = test.expect
    if s.ending is not None:
        if exp.ending is not None and s.ending.id != exp.ending:
            failures.append(f"концовка {s.ending.id} ({s.ending.kind}), ожидалась {exp.ending}")
        if exp.kind is not None and s.ending.kind != exp.kind:
            failures.append(f"концовка {s.ending.id} вида {s.ending.kind}, ожидался вид {exp.kind}")
    if exp.min_score is not None or exp.max_score is not None:
        score = s.report().score
        if exp.min_score is not None and score < exp.min_score:
            failures.append(f"оценка {score}, ожидалось не меньше {exp.min_score}")
        if exp.max_score is not None and score > exp.max_score:
            failures.append(f"оценка {score}, ожидалось не больше {exp.max_score}")
    if s.ending is not None:
        log.append(f"== концовка: {s.ending.id} ({s.ending.kind})")
    return TestResult(scenario.id, test.name, not failures, failures, log)


def run_all(scenario: Scenario) -> list[TestResult]:
    return [run_test(scenario, t) for t in scenario.spec.tests]
