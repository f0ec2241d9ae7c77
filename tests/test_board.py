"""The leaderboard: ranking, per-rule comparison, most improved; its table, CSV, JSON and HTML; the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from store_fixtures import MINIMAL, _isolated_data_dir, base, clone  # noqa: F401

from simulator.store import open_store
from simulator.store.board import competition_ranks
from simulator.store.cli_commands import main as cli
from simulator.store.render import attempts_word, bar

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "r.db"))
    yield s
    s.close()


@pytest.mark.parametrize("scores, ranks", [
    ([90, 90, 80], [1, 1, 3]),
    ([100, 90, 90, 90, 50], [1, 2, 2, 2, 5]),
    ([70], [1]),
    ([], []),
    ([5, 5, 5], [1, 1, 1]),
])
def test_competition_ranking(scores, ranks):
    assert competition_ranks(scores) == ranks


@pytest.mark.parametrize("n, word", [(1, "попытка"), (2, "попытки"), (5, "попыток"), (11, "попыток"),
                                     (21, "попытка"), (22, "попытки"), (112, "попыток")])
def test_attempts_word(n, word):
    assert attempts_word(n) == word


def test_bar():
    assert bar(0.4) == "████░░░░░░" and bar(0) == "░" * 10 and bar(1.5) == "█" * 10


def _group(store, base):
    code = store.create_group("Поток 3", "minimal", 7)
    s, f = base["success"], base["failure"]
    plan = [("Анна", f, 40), ("Анна", s, 90), ("Анна", f, 60),
            ("Борис", s, 90),
            ("Вера", f, 20), ("Вера", f, 35), ("Вера", s, 80),
            (EVIL, f, 50)]
    for i, (name, rec, score) in enumerate(plan):
        store.save_record(clone(rec, name=name, score=score, group=code, minute=i))
    # the same people outside the group do not count on the group's board
    store.save_record(clone(s, name="Анна", score=100, minute=99))
    return code


def test_best_attempt_per_trainee_ties_share_a_rank(store, base):
    code = _group(store, base)
    board = store.board(group=code)
    assert [(e.rank, e.name, e.score, e.attempts) for e in board] == [
        (1, "Анна", 90, 3), (1, "Борис", 90, 1), (3, "Вера", 80, 3), (4, EVIL, 50, 1)]
    # outside the group's scope Анна's best is the 100 she scored alone
    whole = store.board(scenario="minimal")
    assert whole[0].name == "Анна" and whole[0].score == 100 and whole[0].attempts == 4


def test_equal_best_scores_keep_the_earliest_attempt(store, base):
    first = clone(base["success"], name="Анна", score=90, minute=1)
    store.save_record(clone(base["success"], name="Анна", score=90, minute=5))
    store.save_record(first)
    [e] = store.board()
    assert e.session_id == first["session_id"] and e.attempts == 2


def test_most_improved_between_first_and_best(store, base):
    code = _group(store, base)
    imp = store.most_improved(group=code)
    assert [(i.name, i.first, i.best, i.delta) for i in imp] == [("Вера", 20, 80, 60), ("Анна", 40, 90, 50)]


def test_rule_failures_most_failed_first(store, base):
    code = _group(store, base)
    stats = store.rule_failures(group=code)
    assert all(s.attempts == 8 for s in stats)
    rates = [s.rate for s in stats]
    assert rates == sorted(rates, reverse=True)
    fails = {r["id"] for r in base["failure"]["report"]["rules"] if not r["passed"]}
    succ_fails = {r["id"] for r in base["success"]["report"]["rules"] if not r["passed"]}
    by_id = {s.rule_id: s for s in stats}
    for rid in fails - succ_fails:
        assert by_id[rid].failed == 5  # the five failure calls
    # titles come from the rulebook the calls were scored with
    assert all(s.title for s in stats)


def test_scenarios_are_never_ranked_together(store, base):
    store.save_record(clone(base["success"], name="Анна", score=90))
    store.save_record(clone(base["success"], name="Борис", score=70, scenario="stalling"))
    boards = store.summary()
    assert [(b.scenario, [e.rank for e in b.entries]) for b in boards] == [("minimal", [1]), ("stalling", [1])]


def test_mixed_versions_are_flagged(store, base, capsys):
    store.save_record(clone(base["success"], name="Анна"))
    store.save_record(clone(base["success"], name="Борис", digest="f" * 64))
    [b] = store.summary()
    assert b.versions == 2
    assert cli(["board", "--db", store.where]) == 0
    assert "разными версиями" in capsys.readouterr().out


def test_an_empty_group_has_an_empty_board(store, capsys):
    code = store.create_group("Пустая", "minimal", 1)
    [b] = store.summary(group=code)
    assert b.entries == [] and b.attempts == 0
    assert cli(["board", "--group", code, "--db", store.where]) == 0
    assert "пока никто не сыграл" in capsys.readouterr().out


# -- formats ---------------------------------------------------------------------------------------

def test_table_output(store, base, capsys):
    code = _group(store, base)
    assert cli(["board", "--group", code, "--db", store.where]) == 0
    out = capsys.readouterr().out
    assert f"Группа «Поток 3» ({code}) · minimal" in out
    assert re.search(r"seed 7 ·\s+тренировка", out)  # the title may fold at 80 columns
    assert re.search(r"│ 1 │ Анна .*│ +90 │", out) and re.search(r"│ 3 │ Вера ", out)
    assert "<script>alert(1)</sc" in out  # a terminal shows the name as typed (folded at 80 columns)
    assert "Чаще всего нарушают" in out and "█" in out
    assert "Больше всех выросли" in out and "20 → 80  (+60, 3 попытки)" in out


def test_csv_and_json_output(store, base, capsys):
    code = _group(store, base)
    assert cli(["board", "--group", code, "--format", "csv", "--db", store.where]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["rank"], r["name"], r["score"], r["attempts"]) for r in rows][:2] == [("1", "Анна", "90", "3"),
                                                                                  ("1", "Борис", "90", "1")]
    assert cli(["board", "--group", code.lower(), "--format", "json", "--db", store.where]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"]["group"] == code
    [b] = data["boards"]
    assert b["group"]["code"] == code and b["trainees"] == 4 and b["attempts"] == 8
    assert b["leaderboard"][0]["rank"] == 1 and b["most_improved"][0]["name"] == "Вера"
    assert b["rule_failures"][0]["fail_rate"] >= b["rule_failures"][-1]["fail_rate"]


def test_html_report_is_self_contained_and_escaped(store, base, tmp_path, capsys):
    code = _group(store, base)
    evil_phrase = clone(base["failure"], name="Хакер", group=code, minute=50)
    evil_phrase["transcript"].append({"speaker": "trainee", "name": "Менеджер", "text": f"{EVIL} <img src=x>"})
    store.save_record(evil_phrase)
    out = tmp_path / "report.html"
    assert cli(["board", "--group", code, "--format", "html", "--out", str(out), "--db", store.where]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html and "src=" not in html.replace("src=x", "")
    assert "<svg" in html and html.count("<svg") == 2  # the distribution and the rule bars
    assert "Больше всех выросли" in html and "<details>" in html
    assert "Поток 3" in html


def test_html_names_are_escaped_in_every_place(store, base):
    from simulator.store.html import report_html

    code = store.create_group(f"Группа {EVIL}", "minimal", 1)
    rec = clone(base["failure"], name=EVIL, score=10, group=code)
    # the evidence of a broken rule quotes the phrase: make that phrase an attack too
    turns = rec["report"]["turns"]
    turns.append({"speaker": "trainee", "text": f"Сказал {EVIL} и ушёл", "markers": []})
    broken = next(r for r in rec["report"]["rules"] if not r["passed"])
    broken["hits"] = [{"turn": len(turns) - 1, "start": 7, "end": 7 + len(EVIL), "text": EVIL}]
    store.save_record(rec)
    store.save_record(clone(base["success"], name=EVIL, score=60, group=code, minute=1))
    html = report_html(store.summary(group=code), store)
    assert "<script" not in html
    assert "Менеджер: «Сказал <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> и ушёл»" in html
    assert html.count("&lt;script&gt;") >= 5  # title, heading, leaderboard, most improved, evidence, transcript
    import xml.etree.ElementTree as ET

    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)  # well-formed: renders in any browser


# -- the CLI ---------------------------------------------------------------------------------------

def test_group_create_show_list(tmp_path, capsys):
    db = str(tmp_path / "cls.db")
    assert cli(["group", "create", "Поток 3", "--scenario", str(MINIMAL), "--seed", "7", "--db", db]) == 0
    cap = capsys.readouterr()
    code = cap.out.strip()
    assert re.fullmatch(r"[A-Z0-9]{5}", code)
    assert f"debitorka play --group {code}" in cap.err and "--db" in cap.err
    assert "seed 7, тренировка." in cap.err
    assert cli(["group", "show", code.lower(), "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"Группа {code} «Поток 3»" in out and "seed 7" in out and "тренировка" in out
    assert cli(["group", "create", "Экзамен", "--scenario", str(MINIMAL), "--exam", "--db", db]) == 0
    capsys.readouterr()
    assert cli(["group", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert code in out and "Поток 3" in out and "экзамен" in out


def test_the_board_names_the_modes_as_the_app_does():
    from simulator.app.fmt import MODE_TITLES as APP
    from simulator.store.render import MODE_TITLES as BOARD

    assert BOARD == APP == {"practice": "тренировка", "exam": "экзамен"}


def test_group_create_with_an_unknown_scenario_fails_cleanly(tmp_path, capsys):
    assert cli(["group", "create", "X", "--scenario", "no-such-debtor", "--db", str(tmp_path / "a.db")]) == 2
    assert "нет сценария" in capsys.readouterr().err


def test_unknown_group_in_the_cli(tmp_path, capsys):
    assert cli(["group", "show", "QQQQQ", "--db", str(tmp_path / "a.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("debitorka: группа «QQQQQ» не найдена") and err.count("\n") == 1


def test_export_import_cli(store, base, tmp_path, capsys):
    _group(store, base)
    out = tmp_path / "all.json"
    assert cli(["export", "--format", "json", "--out", str(out), "--db", store.where]) == 0
    assert "Выгружено результатов: 9" in capsys.readouterr().err
    other = str(tmp_path / "other.db")
    assert cli(["import", str(out), "--db", other]) == 0
    assert "добавлено 9, уже были 0, групп добавлено: 1" in capsys.readouterr().out
    assert cli(["import", str(out), "--db", other]) == 0
    assert "добавлено 0, уже были 9" in capsys.readouterr().out
    csv_out = tmp_path / "all.csv"
    assert cli(["export", "--format", "csv", "--out", str(csv_out), "--db", store.where]) == 0
    assert csv_out.read_bytes().startswith("\ufeffsession_id,".encode())


def test_unreachable_db_in_the_cli_is_one_line(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert cli(["board", "--db", f"postgresql://u@127.0.0.1:{port}/x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("debitorka: не удалось подключиться к PostgreSQL") and err.count("\n") == 1
