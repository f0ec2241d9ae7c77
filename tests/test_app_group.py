"""`debitorka play --group`: the group's scenario, seed and mode, locked; every finished call lands in
the results store (with the group and the name); the name is asked once when not given."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Static

from app_fixtures import FAILURE, SNAP, SUCCESS, app_for_tests, run_async, settle, type_and_send, \
    wait_for_screen
from app_fixtures import data_dir, db  # noqa: F401 - fixtures
from simulator.app.screens.briefing import BriefingScreen
from simulator.app.screens.call import CallScreen
from simulator.app.screens.name import NameScreen
from simulator.app.screens.picker import PickerScreen
from simulator.app.screens.report import ReportScreen

REPORT_LINES = ["Добрый день, у нас с вами задолженность 120 000 рублей"] + SUCCESS[1:]


def make_group(db: str, exam: bool = False, seed: int = 7) -> str:
    from simulator.store import open_store

    with open_store(db) as store:
        return store.create_group("Поток 3", str(SNAP), seed, exam)


def play_options(monkeypatch, argv: list[str]) -> dict:
    """What `debitorka play …` would open the app with (the CLI path, without a terminal)."""
    from simulator import cli

    seen = {}

    def fake_run(scenario=None, name=None, seed=None, exam=False, **options):
        seen.update(scenario=scenario, name=name, seed=seed, exam=exam, **options)
        return 0

    monkeypatch.setattr("simulator.app.run", fake_run)
    assert cli.main(["play", *argv]) == 0
    return seen


def app_from(options: dict, data_dir, **kw):
    """The app as the CLI builds it (plus the tests' pinned clock, theme, fixture list)."""
    opts = {k: v for k, v in options.items() if k not in ("scenario", "name", "seed", "exam")}
    opts.update(kw)
    opts.setdefault("keep_results", True)
    return app_for_tests(data_dir, scenario=options["scenario"], name=options["name"], seed=options["seed"],
                         exam=options["exam"], **opts)


async def wait_for(pilot, predicate, what: str, rounds: int = 100):
    for _ in range(rounds):
        if predicate():
            return
        await settle(pilot, quiet=1)
        await pilot.pause(0.02)
    notes = [n.message for n in pilot.app._notifications]
    raise AssertionError(f"never happened: {what}; notifications: {notes}")


async def finish_call(pilot, lines=REPORT_LINES):
    app = pilot.app
    await wait_for_screen(pilot, BriefingScreen)
    await wait_for(pilot, lambda: app.screen.scenario is not None, "scenario loaded")
    await pilot.press("enter")
    call = await wait_for_screen(pilot, CallScreen)
    for line in lines:
        await type_and_send(pilot, line)
    assert call.finished
    await pilot.press("enter")
    return await wait_for_screen(pilot, ReportScreen)


# -- the command line ---------------------------------------------------------------------------
def test_unknown_group_is_one_line_before_the_terminal(data_dir, db, monkeypatch, capsys):
    from simulator import cli

    make_group(db)

    def boom(*a, **k):
        raise AssertionError("the app must not start")

    monkeypatch.setattr("simulator.app.make_app", boom)
    assert cli.main(["play", "--group", "QQQQQ", "--db", db, "--name", "Анна"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "QQQQQ" in err and "не найдена" in err


def test_group_fixes_the_scenario_seed_and_mode(data_dir, db, monkeypatch, capsys):
    from simulator import cli

    code = make_group(db, exam=True)
    opts = play_options(monkeypatch, ["--group", code.lower(), "--name", "Анна", "--db", db])
    assert opts["scenario"] == str(SNAP.resolve()) and opts["seed"] == 7 and opts["exam"] is True
    assert opts["group"].code == code and opts["group"].title == "Поток 3"
    assert opts["db"] == db and opts["name"] == "Анна"
    # a different seed or mode given as well is refused, in one line
    assert cli.main(["play", "--group", code, "--db", db, "--seed", "8"]) == 2
    assert "seed" in capsys.readouterr().err


# -- a class in the app -------------------------------------------------------------------------
@run_async
async def test_play_group_opens_its_scenario_and_stores_the_result(data_dir, db, monkeypatch):
    from simulator.store import open_store

    code = make_group(db)
    opts = play_options(monkeypatch, ["--group", code, "--name", "Анна Петрова", "--db", db])
    messages = []
    app = app_from(opts, data_dir)
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await wait_for_screen(pilot, BriefingScreen)
        assert app.title == f"Дебиторка · группа «Поток 3» {code}"
        assert "Поток 3" in str(app.screen.query_one("#brief-mode", Static).visual)
        # the mode is the group's: M does nothing but say so
        app.action_toggle_mode()
        assert app.mode == "practice"
        report = await finish_call(pilot)
        call_seed = report.result.seed
        assert call_seed == 7 and report.result.record.group == code
        assert f"«Поток 3» ({code})" in str(report.query_one("#report-group", Static).visual)
        await wait_for(pilot, lambda: any(isinstance(m, type(app).ResultKept) for m in messages), "stored")
        await wait_for(pilot, lambda: report.query_one("#kept").display, "the report says where it went")
        assert "Результат сохранён" in str(report.query_one("#kept", Static).visual)
        assert any("Результат сохранён" in n.message for n in app._notifications)
        # the picker offers only the group's scenario
        await pilot.press("n")
        picker = await wait_for_screen(pilot, PickerScreen)
        await settle(pilot)
        assert [e.id for e in picker.query_one("#scenarios").entries.values()] == ["snapshot"]
    with open_store(db) as store:
        assert store.count() == 1 and store.count(group=code) == 1
        (entry,) = store.board(group=code)
        assert entry.name == "Анна Петрова" and entry.group == code
        rec = store.get_result(entry.session_id)
    assert rec["seed"] == 7 and rec["mode"] == "practice" and rec["scenario"] == "snapshot"
    assert rec["session_id"] == report.result.record.id  # the same id as the session file
    saved = json.loads(next((data_dir / "sessions").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["group"] == code and saved["name"] == "Анна Петрова"


@run_async
async def test_exam_group_call_is_an_exam(data_dir, db, monkeypatch):
    from simulator.store import open_store

    code = make_group(db, exam=True, seed=3)
    opts = play_options(monkeypatch, ["--group", code, "--name", "Борис", "--db", db])
    app = app_from(opts, data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, BriefingScreen)
        assert app.mode == "exam"
        await wait_for(pilot, lambda: app.screen.scenario is not None, "scenario loaded")
        await pilot.press("enter")
        call = await wait_for_screen(pilot, CallScreen)
        assert call.mode == "exam" and call.seed == 3
        for line in FAILURE:
            await type_and_send(pilot, line)
        await wait_for(pilot, lambda: app.kept, "result stored")
    with open_store(db) as store:
        (entry,) = store.board(group=code)
        assert store.get_result(entry.session_id)["mode"] == "exam" and entry.name == "Борис"


@run_async
async def test_practice_without_a_group_is_stored_too(data_dir, db):
    from simulator.store import open_store

    app = app_for_tests(data_dir, name="Вера", db=db, keep_results=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        report = await finish_call(pilot)
        await wait_for(pilot, lambda: report.query_one("#kept").display, "stored")
        assert not report.query("#report-group")
    with open_store(db) as store:
        (entry,) = store.board()
        assert entry.group is None and entry.name == "Вера" and entry.scenario == "snapshot"


@run_async
async def test_an_unreachable_shared_store_keeps_the_result_locally(data_dir):
    from simulator.store import open_store

    url = "postgresql://trainer@127.0.0.1:1/class"  # nothing listens on port 1: refused at once
    app = app_for_tests(data_dir, name="Гоша", db=url, keep_results=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        report = await finish_call(pilot)
        await wait_for(pilot, lambda: report.query_one("#kept").display, "kept")
        kept = report.query_one("#kept", Static)
        assert kept.has_class("-fallback")
        text = str(kept.visual)
        assert "сохранён локально" in text and "debitorka import" in text
        assert any(n.title == "Общая база недоступна" for n in app._notifications)
    with open_store(str(data_dir / "results.db")) as store:
        assert [e.name for e in store.board()] == ["Гоша"]


# -- the name -----------------------------------------------------------------------------------
@run_async
async def test_the_name_is_asked_once_and_remembered(data_dir, db):
    app = app_for_tests(data_dir, db=db, keep_results=True, ask_name="once")
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await wait_for_screen(pilot, NameScreen)
        inp = modal.query_one("#name-input")
        assert inp.value  # the OS user name, offered
        inp.value = "  Дина   Юсупова "
        await pilot.press("enter")
        await wait_for_screen(pilot, PickerScreen)
        assert app.trainee == "Дина Юсупова" and "Дина Юсупова" in app.sub_title
    assert json.loads((data_dir / "profile.json").read_text(encoding="utf-8")) == {"name": "Дина Юсупова"}

    again = app_for_tests(data_dir, db=db, keep_results=True, ask_name="once")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, PickerScreen) and again.trainee == "Дина Юсупова"

    # a browser tab (serve) asks every time and remembers nothing
    tab = app_for_tests(data_dir, db=db, keep_results=True, ask_name="always")
    async with tab.run_test(size=(80, 24)) as pilot:
        modal = await wait_for_screen(pilot, NameScreen)
        assert modal.query_one("#name-input").value == ""
        modal.query_one("#name-input").value = "Ещё кто-то"
        await pilot.press("enter")
        await settle(pilot)
        assert tab.trainee == "Ещё кто-то"
    assert json.loads((data_dir / "profile.json").read_text(encoding="utf-8")) == {"name": "Дина Юсупова"}


@run_async
async def test_name_given_on_the_command_line_is_not_asked(data_dir, db):
    app = app_for_tests(data_dir, name="Анна", db=db, keep_results=True, ask_name="once")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
    assert not (data_dir / "profile.json").exists()
