"""The dialogue engine on small hand-made scenarios (the built-in ones are tested by their own YAML)."""

import textwrap
from pathlib import Path

import pytest

from scoring.errors import InputError
from simulator.engine import MAX_INPUT, Session
from simulator.scenario import analyse, load_scenario

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "scenarios" / "examples" / "minimal.yaml"


@pytest.fixture(scope="module")
def minimal():
    return load_scenario(MINIMAL)


def test_opening_and_deterministic_replies(minimal):
    def play(seed):
        s = Session(minimal, seed=seed)
        out = [s.opening().text]
        for line in ["Добрый день, у вас задолженность 120 000 рублей", "Когда оплатите?", "Ясно"]:
            out.append(s.say(line).text)
        return out

    assert play(3) == play(3)
    assert play(3)[0] == "Алло, «Луч», бухгалтерия."


def test_transition_on_markers_and_ending(minimal):
    s = Session(minimal, seed=1)
    s.opening()
    r = s.say("Здравствуйте! Звоню по задолженности.")
    assert r.node == "promise" and "debt_word" in r.markers
    r = s.say("Назовите дату: 1 декабря устроит?")
    assert r.node == "agreed"
    r = s.say("Спасибо, до свидания")
    assert r.ending is not None and r.ending.id == "paid"
    assert s.finished
    out = s.outcome()
    assert out.ending.kind == "success" and out.criteria["commitment"] is True


def test_goodbye_without_date_finishes_in_fog(minimal):
    s = Session(minimal, seed=1)
    s.opening()
    s.say("Добрый день, у вас долг")
    r = s.say("Хорошо, до свидания")
    assert r.ending.id == "fog"


def test_turn_limit_ends_the_call(minimal):
    s = Session(minimal, seed=5)
    s.opening()
    for i in range(minimal.spec.turn_limit):
        r = s.say(f"Просто болтаю {i}")
    assert s.finished and r.ending.id == "fog"
    assert s.say("ещё").notice == "Звонок уже завершён."


def test_fallback_never_repeats_a_line_twice_in_a_row(minimal):
    s = Session(minimal, seed=2)
    s.opening()
    lines = [s.say(f"гм {i}").text for i in range(6)]
    assert all(a != b for a, b in zip(lines, lines[1:]))


def test_bad_trainee_input_never_crashes(minimal):
    s = Session(minimal, seed=1)
    s.opening()
    assert s.say("").notice and s.trainee_turns == 0
    assert s.say("   \n\t").notice
    r = s.say("я" * (MAX_INPUT * 5))
    assert r.notice and len(s.turns[-1 - len(r.lines)].text) == MAX_INPUT
    s.say("😀🙈 hello world \x00\x1b[31m")
    s.say("Ω≈ç√∫ ½ ☃")


def test_report_uses_the_same_transcript(minimal):
    s = Session(minimal, seed=1)
    s.opening()
    s.say("Добрый день, у нас с вами задолженность")
    rep = s.report()
    assert rep.turns is not s.turns or rep.turns == s.turns
    res = {r.rule.id: r for r in rep.results}
    assert res["no-shared-responsibility"].passed is False


def test_commitment_is_found_once_per_trainee_turn(minimal, monkeypatch):
    import simulator.engine as engine

    calls = []
    real = engine.find_commitment
    monkeypatch.setattr(engine, "find_commitment", lambda *a, **k: calls.append(1) or real(*a, **k))
    s = Session(minimal, seed=1)
    s.opening()
    assert calls == [] and s.commitment is None
    s.say("Здравствуйте! Звоню по задолженности.")
    s.say("Назовите дату: 1 декабря устроит? Сумма 120 000 рублей.")
    assert len(calls) == 2  # conditions, templates and criteria read Session.commitment
    assert s.commitment is not None and s.commitment.date.day == 1 and s.commitment.amount == 120000
    s.say("Спасибо, до свидания")
    s.outcome()
    assert len(calls) == 3


def test_check_judges_a_condition_on_the_last_trainee_turn(minimal):
    s = Session(minimal, seed=1)
    s.opening()
    assert s.check("turn == 0") and not s.check("committed")
    s.say("Здравствуйте! Звоню по задолженности.")
    assert s.check("has(debt_word) and turn == 1 and trust >= 0")
    s.say("Назовите дату: 1 декабря устроит?")
    assert s.check("committed and days_to(commitment) >= 0") and not s.check("has(debt_word)")
    assert s.check("said(debt_word) and count(debt_word) == 1")
    from simulator.conditions import parse_condition

    assert s.check(parse_condition("turn == 2"))


def test_a_scenario_test_checks_step_states_through_the_session(minimal):
    from simulator.playtest import run_test
    from simulator.schema import ScenarioTest

    say = ["Здравствуйте! Звоню по задолженности.", "Назовите дату: 1 декабря устроит?"]
    ok = ScenarioTest(name="ok", say=say, expect={"steps": {1: {"state": "has(debt_word)"},
                                                            2: {"state": "committed and turn == 2"}}})
    assert run_test(minimal, ok).passed
    bad = ScenarioTest(name="bad", say=say, expect={"steps": {2: {"state": "trust > 1000"}}})
    result = run_test(minimal, bad)
    assert not result.passed and result.failures[0].startswith("после реплики 2: не выполнено «trust > 1000» (trust=")


def write(tmp_path, text, name="t.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


BASE = MINIMAL.read_text()


def variant(tmp_path, old, new, name="minimal.yaml"):
    assert old in BASE
    return write(tmp_path, BASE.replace(old, new, 1), name)


@pytest.mark.parametrize("old,new,code", [
    ("        goto: agreed", "        goto: nowhere", "unknown-node"),
    ("        end: paid", "        end: nowhere", "unknown-ending"),
    ("      - when: [concrete_date]", "      - when: [no_such_marker]", "unknown-marker"),
    ("  - if: committed", "  - if: committed and", "condition"),
    ("  - if: committed", "  - if: __import__('os').system('id')", "condition"),
    ("  - if: committed", "  - if: mood > 3", "unknown-name"),
    ("  - if: committed", "  - if: eval(x)", "unknown-function"),
    ("turn_limit: 8", "turn_limit: много", "schema"),
    ("start: hello", "start: nowhere", "unknown-node"),
    ("id: minimal", "id: other", "id"),
    ("    pressure: {start: 0}", "    mood: {start: 0}", "state"),
])
def test_lint_errors_have_codes_and_positions(tmp_path, old, new, code):
    p = variant(tmp_path, old, new)
    sc, problems = analyse(p)
    assert sc is None
    errs = [x for x in problems if x.level == "error"]
    assert errs and errs[0].code == code, problems
    assert errs[0].line is not None
    with pytest.raises(InputError):
        load_scenario(p)


def test_goto_cycle_without_exit_is_an_error(tmp_path):
    p = variant(tmp_path, "      - when: [goodbye, gratitude]\n        end: paid",
                "      - when: [goodbye, gratitude]\n        goto: promise")
    _, problems = analyse(p)
    assert any(x.code == "no-exit" for x in problems)


def test_unreachable_node_is_a_warning(tmp_path):
    p = variant(tmp_path, "endings:", "  orphan:\n    say: [\"никто сюда не придёт\"]\n    transitions:\n"
                "      - when: [gratitude]\n        end: paid\nendings:")
    sc, problems = analyse(p)
    assert sc is not None
    assert [x.code for x in problems] == ["unreachable"]


def test_duplicate_keys_are_errors(tmp_path):
    p = variant(tmp_path, "turn_limit: 8", "turn_limit: 8\nturn_limit: 9")
    _, problems = analyse(p)
    assert problems[0].code == "yaml" and "повторяется" in problems[0].message


def test_schema_file_is_current():
    import json

    from simulator.schema import json_schema

    on_disk = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    assert on_disk == json_schema(), "run: debitorka schema > scenarios/scenario.schema.json"
