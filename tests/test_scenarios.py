"""Every built-in scenario: lints clean, meets the content bar, passes its own YAML tests,
and survives random conversations."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import Session
from simulator.playtest import run_test
from simulator.scenario import analyse, builtin_paths, load_scenario

REQUIRED = {"stalling", "no-money", "plus-30-days", "key-client", "gatekeeper", "evasive"}
PATHS = builtin_paths()
_CACHE: dict = {}


def scenario(sid):
    if sid not in _CACHE:
        _CACHE[sid] = load_scenario(sid)
    return _CACHE[sid]


def test_all_required_scenarios_ship():
    assert REQUIRED <= {p.stem for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_lints_clean_and_meets_the_bar(path):
    sc, problems = analyse(path)
    assert problems == [], "\n".join(map(str, problems))
    spec = sc.spec
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./scenario.schema.json")
    assert len(spec.nodes) >= 10
    kinds = [e.kind for e in spec.endings]
    assert len(kinds) >= 3 and "success" in kinds and "failure" in kinds
    assert len(spec.tests) >= 6
    assert spec.turn_limit >= 12
    assert spec.hidden, "hidden limits are revealed in the debrief"


CASES = [(p.stem, i, t.name) for p in PATHS for i, t in enumerate(load_scenario(p).spec.tests)]


@pytest.mark.parametrize("sid,index,name", CASES, ids=[f"{s}::{n}" for s, _, n in CASES])
def test_yaml_test(sid, index, name):
    sc = scenario(sid)
    result = run_test(sc, sc.spec.tests[index])
    assert result.passed, "\n".join(result.failures + ["", *result.transcript])


POOL = [
    "Добрый день!", "Здравствуйте, это Андрей из «Северного кабеля».", "У вас задолженность по счёту.",
    "Когда оплатите?", "Назовите, пожалуйста, точную дату.", "Мы с вами договорились же",
    "Очень прошу, выручите", "Понимаю вашу ситуацию.", "Ничего страшного, подождём",
    "Почему задержка?", "Кто у вас согласует платежи?", "Соедините с директором",
    "Иначе передадим дело юристам", "Давайте 27 ноября всю сумму", "450 000 рублей до пятницы",
    "Подведём итог: оплата 30 ноября", "Пришлите платёжку", "Спасибо!", "До свидания",
    "Вы нас обманываете", "ок", "", "😀", "asdf qwerty", "на днях", "Частями можно?",
    "Я" * 50, "Договорились", "Хорошо", "Ладно, жду",
]


@pytest.mark.parametrize("sid", sorted(REQUIRED))
@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.sampled_from(POOL), min_size=1, max_size=40), seed=st.integers(0, 10_000))
def test_random_conversations_never_crash_and_end_in_time(sid, lines, seed):
    sc = scenario(sid)
    s = Session(sc, seed=seed)
    s.opening()
    for line in lines:
        if s.finished:
            break
        r = s.say(line)
        assert r.lines or r.notice or r.ending
        assert s.trainee_turns <= sc.spec.turn_limit
    if not s.finished:
        s.hang_up()
    assert s.finished
    out = s.outcome()
    assert out.ending.kind in ("success", "partial", "failure")
    report = s.report()
    assert 0 <= report.score <= 100
