"""The results store on SQLite: saving, groups, URLs, errors, export/import, nothing ever lost."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa
from store_fixtures import ROOT, T0, _isolated_data_dir, base, clone, play  # noqa: F401

from scoring.errors import InputError
from simulator.store import open_store
from simulator.store.db import StoreUnavailable, resolve_url
from simulator.store.groups import ALPHABET, code_candidates, resolve_group
from simulator.store.records import validate
from simulator.store.schema import SCHEMA_VERSION


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "r.db"))
    yield s
    s.close()


# -- where the store lives -------------------------------------------------------------------------

def test_default_store_is_in_the_data_dir(tmp_path):
    with open_store() as s:
        assert s.where == str((tmp_path / "data" / "results.db").resolve())
        assert s.is_local
    assert (tmp_path / "data" / "results.db").exists()


def test_env_db_overrides_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBITORKA_DB", str(tmp_path / "elsewhere" / "x.db"))
    with open_store() as s:
        assert s.where.endswith("elsewhere/x.db")


@pytest.mark.parametrize("raw, driver", [
    ("postgresql://u:secret@db.example/class", "postgresql+psycopg"),
    ("postgres://u@db.example/class", "postgresql+psycopg"),
    ("postgresql+psycopg2://u@h/db", "postgresql+psycopg"),
    ("sqlite:///{tmp}/a.db", "sqlite"),
    ("{tmp}/b.db", "sqlite+pysqlite"),
])
def test_url_resolution(raw, driver, tmp_path):
    u = resolve_url(raw.format(tmp=tmp_path))
    assert u.drivername == driver


def test_password_never_shown(tmp_path):
    from simulator.store.db import display_url

    shown = display_url(resolve_url("postgresql://trainer:s3cret@db.example:5432/class"))
    assert "s3cret" not in shown and shown.startswith("postgresql://trainer:")


def test_unsupported_database_is_an_input_error():
    with pytest.raises(InputError, match="mysql"):
        resolve_url("mysql://u@h/db")


def test_sqlite_runs_in_wal_with_a_busy_timeout(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_not_a_database_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError) as e:
        open_store(str(bad))
    assert "не база результатов" in str(e.value) and "\n" not in str(e.value)


def test_a_store_from_a_newer_version_is_refused_not_damaged(tmp_path):
    path = tmp_path / "new.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="более новой версией"):
        open_store(str(path))
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("99",)


# -- saving -----------------------------------------------------------------------------------------

def test_save_a_finished_session_and_read_it_back(store):
    s, opening = play(["Добрый день! Звоню по задолженности за счёт 118.",
                       "Какого числа оплатите? Давайте 1 декабря.", "Спасибо, до свидания!"])
    sid = store.save_result(s, name="  Анна   Петрова ", mode="exam", opening=opening, started=T0)
    rec = store.get_result(sid)
    report = s.report()
    assert rec["name"] == "Анна Петрова"
    assert rec["mode"] == "exam" and rec["group"] is None
    assert rec["scenario"] == "minimal" and rec["scenario_digest"] == s.scenario.digest
    assert rec["seed"] == 7
    assert rec["score"] == report.score and rec["axes"] == report.axes
    assert rec["report"] == report.to_dict()
    assert rec["ending"]["id"] == s.outcome().ending.id
    assert rec["commitment"] == {"date": "2026-12-01", "amount": report.to_dict()["commitment"]["amount"]}
    assert rec["transcript"][0]["speaker"] == "counterpart"  # the persona picking up
    assert [t["text"] for t in rec["transcript"] if t["speaker"] == "trainee"][0].startswith("Добрый день")
    assert rec["started"] == "2026-11-23T09:00:00.000+00:00"
    # per-rule rows for the comparison
    with store.engine.connect() as conn:
        from simulator.store.schema import rule_results

        rows = conn.execute(sa.select(rule_results.c.rule_id, rule_results.c.passed)).all()
    assert {r.rule_id: r.passed for r in rows} == {r.rule.id: r.passed for r in report.results}


def test_saving_twice_is_harmless(store, base):
    rec = clone(base["success"], name="Анна")
    assert store.save_record(rec) is True
    assert store.save_record(rec) is False
    assert store.count() == 1
    assert store.board()[0].attempts == 1


def test_a_record_with_a_mistake_names_the_field(store, base):
    rec = clone(base["success"], name="Анна")
    rec["score"] = "много"
    with pytest.raises(InputError) as e:
        store.save_record(rec)
    assert "results[0].score" in str(e.value)


def test_names_are_cleaned_and_compared_loosely(store, base):
    for i, name in enumerate(["Алёна\tИванова", "алена  иванова", "АЛЕНА ИВАНОВА\x07"]):
        store.save_record(clone(base["failure"], name=name, minute=i))
    [entry] = store.board()
    assert entry.attempts == 3 and entry.name == "Алёна Иванова"


# -- groups -----------------------------------------------------------------------------------------

def test_group_codes_are_short_and_unambiguous(store):
    code = store.create_group("Поток 3", "plus-30-days", 7)
    assert len(code) == 5 and set(code) <= set(ALPHABET)
    assert not set(code) & set("01OILZ25S8B6G")
    g = store.get_group(code)
    assert (g.title, g.scenario, g.seed, g.mode, g.exam) == ("Поток 3", "plus-30-days", 7, "practice", False)
    assert resolve_group(code, store) == ("plus-30-days", 7, False)


def test_group_codes_forgive_case_spaces_and_cyrillic(store):
    from simulator.store.groups import _LAYOUT, _LOOKALIKE

    code = store.create_group("Экзамен", "stalling", 3, exam=True)
    assert resolve_group(f" {code.lower()} ", store) == ("stalling", 3, True)
    assert resolve_group(code[:2] + "-" + code[2:], store) == ("stalling", 3, True)
    # typed with the Russian layout on: the keys of the code
    rus = {v: k for k, v in zip("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ", "QWERTYUIOPASDFGHJKLZXCVBNM")}
    assert resolve_group("".join(rus.get(ch, ch) for ch in code).lower(), store)[1] == 3
    assert "K7M2H" in code_candidates("К7М2Н")  # Cyrillic look-alikes
    assert _LAYOUT and _LOOKALIKE


def test_unknown_group_is_an_input_error(store):
    with pytest.raises(InputError, match="не найдена"):
        resolve_group("ZZZZZ", store)
    with pytest.raises(InputError):
        store.board(group="ZZZZZ")


def test_group_list_counts_attempts_and_people(store, base):
    a = store.create_group("Поток 1", "minimal", 1)
    b = store.create_group("Поток 2", "minimal", 2, exam=True)
    for i, name in enumerate(["Анна", "Анна", "Борис"]):
        store.save_record(clone(base["success"], name=name, group=a, minute=i))
    listed = {g.code: (n, people) for g, n, people in store.list_groups()}
    assert listed == {a: (3, 2), b: (0, 0)}


def test_empty_group_title_is_refused(store):
    with pytest.raises(InputError):
        store.create_group("   ", "minimal", 1)


# -- the store cannot be reached: one clear line, and the call is kept ------------------------------

def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when we return: nothing listens there


def test_unreachable_postgres_is_one_russian_line():
    url = f"postgresql://trainer:pw@127.0.0.1:{_closed_port()}/class"
    with pytest.raises(StoreUnavailable) as e:
        open_store(url)
    msg = str(e.value)
    assert msg.startswith("не удалось подключиться к PostgreSQL postgresql://trainer:***@127.0.0.1")
    assert "\n" not in msg and "pw@" not in msg
    assert isinstance(e.value, InputError)  # the CLI prints it on one line and exits 2


def test_unreachable_postgres_keeps_the_session_locally(tmp_path):
    from simulator.store import keep_result

    s, opening = play(["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."])
    saved = keep_result(s, url=f"postgresql://u@127.0.0.1:{_closed_port()}/class", name="Вера", group=None,
                        opening=opening)
    assert saved.fallback and saved.error.startswith("не удалось подключиться к PostgreSQL")
    assert saved.where == str((tmp_path / "data" / "results.db").resolve())
    assert "сохранён локально" in saved.message and "debitorka import" in saved.message
    with open_store() as local:
        rec = local.get_result(saved.session_id)
    assert rec["name"] == "Вера" and rec["score"] == s.report().score


def test_when_even_the_local_file_fails_the_result_goes_to_a_plain_file(tmp_path, monkeypatch, base):
    from simulator.store import keep_record

    data = tmp_path / "data"
    data.mkdir()
    (data / "results.db").write_bytes(b"garbage" * 1000)  # a broken local store
    rec = clone(base["success"], name="Гриша")
    saved = keep_record(rec, url=f"postgresql://u@127.0.0.1:{_closed_port()}/class")
    assert saved.fallback and saved.where.endswith(f"pending/{rec['session_id']}.json")
    # and that file imports like any export
    with open_store(str(tmp_path / "other.db")) as other:
        assert other.import_file(saved.where).added == 1
        assert other.get_result(rec["session_id"])["name"] == "Гриша"


def test_keep_result_uses_the_configured_store_when_it_works(tmp_path):
    from simulator.store import keep_result

    s, opening = play(["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."])
    saved = keep_result(s, url=str(tmp_path / "shared.db"), name="Дина")
    assert not saved.fallback and saved.where.endswith("shared.db") and saved.message.startswith("Результат")


# -- export and import --------------------------------------------------------------------------------

def _fill(store, base):
    code = store.create_group("Поток «Север» & <Юг>", "minimal", 7)
    store.save_record(clone(base["failure"], name="Анна", group=code, minute=0))
    store.save_record(clone(base["success"], name="Анна", group=code, minute=10))
    store.save_record(clone(base["success"], name="=HYPERLINK(\"x\")", group=code, minute=20))
    store.save_record(clone(base["failure"], name="Одиночка", minute=30))
    return code


def test_json_export_round_trips_losslessly(store, base, tmp_path):
    _fill(store, base)
    text = store.export("json")
    data = json.loads(text)
    assert data["format"] == "debitorka-results" and len(data["results"]) == 4 and len(data["groups"]) == 1
    f = tmp_path / "out.json"
    f.write_text(text, encoding="utf-8")
    with open_store(str(tmp_path / "copy.db")) as copy:
        st = copy.import_file(f)
        assert (st.added, st.skipped, st.groups_added) == (4, 0, 1)
        again = json.loads(copy.export("json"))
        # idempotent: importing the same file again adds nothing
        st = copy.import_file(f)
        assert (st.added, st.skipped, st.groups_added) == (0, 4, 0)
        assert copy.count() == 4
        assert [e.to_dict() for e in copy.board()] == [e.to_dict() for e in store.board()]
        assert [r.to_dict() for r in copy.rule_failures()] == [r.to_dict() for r in store.rule_failures()]
    for key in ("groups", "rules", "results"):
        assert again[key] == data[key], key


def test_export_of_one_group(store, base):
    code = _fill(store, base)
    data = json.loads(store.export("json", group=code.lower()))
    assert len(data["results"]) == 3 and {r["group"] for r in data["results"]} == {code}


def test_csv_export_is_for_spreadsheets(store, base, tmp_path):
    _fill(store, base)
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(store.export("csv"))))
    assert len(rows) == 4
    names = {r["name"] for r in rows}
    assert "'=HYPERLINK(\"x\")" in names  # never a formula in a spreadsheet
    assert all(r["failed_rules"] for r in rows)
    f = tmp_path / "x.csv"
    f.write_text(store.export("csv"), encoding="utf-8")
    with pytest.raises(InputError, match="JSON"):
        store.import_file(f)


@pytest.mark.parametrize("content, message", [
    ("{not json", "это не JSON"),
    ('{"hello": 1}', "не выгрузка"),
    ('{"format": "debitorka-results", "version": 99, "results": []}', "более новой версией"),
    ('{"format": "debitorka-session", "id": "x"}', "файл сессии"),
])
def test_import_errors_are_one_line_with_the_file(store, tmp_path, content, message):
    f = tmp_path / "in.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as e:
        store.import_file(f)
    assert str(e.value).startswith(str(f)) and "\n" not in str(e.value)


def test_import_of_a_bad_record_names_it_and_adds_nothing(store, base, tmp_path):
    good = clone(base["success"], name="Анна")
    bad = clone(base["success"], name="Борис")
    bad["axes"]["money"] = 250
    f = tmp_path / "in.json"
    f.write_text(json.dumps({"format": "debitorka-results", "version": 1, "results": [good, bad]}), encoding="utf-8")
    with pytest.raises(InputError, match=r"results\[1\]\.axes\.money"):
        store.import_file(f)
    assert store.count() == 0


def test_missing_import_file(store, tmp_path):
    with pytest.raises(InputError, match="не найден"):
        store.import_file(tmp_path / "nope.json")


def test_validate_accepts_what_export_writes(store, base):
    store.save_record(clone(base["success"], name="Анна"))
    [rec] = list(store.iter_results())
    assert validate(rec) == rec


def test_importing_the_package_does_not_load_sqlalchemy():
    code = ("import sys, simulator.store, simulator.store.cli_commands\n"
            "print([m for m in sys.modules if m.startswith(('sqlalchemy', 'textual'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_schema_version_is_recorded(store):
    with store.engine.connect() as conn:
        v = conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'schema_version'").scalar()
    assert int(v) == SCHEMA_VERSION


def test_save_result_takes_id_name_mode_and_times_from_the_apps_session_record(store):
    sessions = pytest.importorskip("simulator.sessions")
    if not hasattr(sessions, "new_record"):
        pytest.skip("simulator.sessions has no new_record yet")
    from store_fixtures import MINIMAL, SUCCESS

    from simulator.engine import Session
    from simulator.scenario import load_scenario

    s = Session(load_scenario(str(MINIMAL)), seed=3)
    rec = sessions.new_record(s, s.opening().lines, mode="exam", name="Жанна")
    for line in SUCCESS:
        s.say(line)
    sessions.sync(rec, s)
    sid = store.save_result(s, record=rec)
    assert sid == rec.id
    got = store.get_result(sid)
    assert (got["name"], got["mode"], got["seed"]) == ("Жанна", "exam", 3)
    assert got["started"] == validate({**got, "started": rec.started})["started"]
    assert [t["text"] for t in got["transcript"]] == [t["text"] for t in rec.turns]
    assert store.save_result(s, record=rec) == sid and store.count() == 1  # saving again: still one


def test_iteration_pages_through_big_stores(store, base):
    ids = [store.save_record(clone(base["success"], name=f"У{i}", minute=i % 3)) for i in range(7)]
    assert all(ids)
    small = [r["session_id"] for r in store.iter_results(batch=2)]
    assert len(small) == 7 and small == [r["session_id"] for r in store.iter_results()]


def test_a_group_code_as_typed_is_stored_canonically_with_the_groups_mode(store):
    code = store.create_group("Экзамен", "minimal", 7, exam=True)
    s, opening = play(["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."])
    sid = store.save_result(s, name="Ира", group=f" {code.lower()} ", opening=opening)
    rec = store.get_result(sid)
    assert rec["group"] == code and rec["mode"] == "exam"
    assert [e.name for e in store.board(group=code)] == ["Ира"]


def test_keep_result_resolves_the_group_like_save_result(tmp_path):
    from simulator.store import keep_result

    db = str(tmp_path / "class.db")
    with open_store(db) as s:
        code = s.create_group("Экзамен", "minimal", 7, exam=True)
    call, opening = play(["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."])
    saved = keep_result(call, url=db, name="Юля", group=code.lower(), opening=opening)
    with open_store(db) as s:
        rec = s.get_result(saved.session_id)
    assert (rec["group"], rec["mode"]) == (code, "exam")
