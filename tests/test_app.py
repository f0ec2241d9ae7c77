"""Pilot tests: whole calls through the UI, the report, retry, save, history, resume, help, palette."""

from __future__ import annotations

import json
import threading

import pytest
from textual.widgets import Button, Input

from app_fixtures import Clock, FAILURE, MINIMAL, SNAP, SUCCESS, app_for_tests, open_call, play_offline, run_async, \
    settle, type_and_send
from simulator import sessions
from simulator.app.screens.briefing import BriefingScreen
from simulator.app.screens.call import CallScreen
from simulator.app.screens.help import HelpScreen
from simulator.app.screens.history import HistoryScreen
from simulator.app.screens.picker import PickerScreen
from simulator.app.screens.report import ReportScreen
from simulator.app.widgets.chat_log import ChatLog
from simulator.app.widgets.coach_hints import CoachHints
from simulator.app.widgets.meter import Meter
from simulator.app.widgets.rule_result import RuleResultView


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("DEBITORKA_DATA_DIR", str(d))
    return d


def text_of(widget) -> str:
    return str(widget.render())


def screen_text(screen) -> str:
    from textual.widgets import Label, Static

    return "\n".join(str(w.visual) if hasattr(w, "visual") else "" for w in screen.query(Static)) + "\n" + \
        "\n".join(str(w.render()) for w in screen.query(Label))


async def play(pilot, lines):
    for line in lines:
        await type_and_send(pilot, line)


# -- whole calls --------------------------------------------------------------------------------
@pytest.mark.parametrize("path, lines, ending, kind", [
    (MINIMAL, SUCCESS, "Дата назначена", "success"),
    (MINIMAL, FAILURE, "Ушли без даты", "failure"),
], ids=["minimal-success", "minimal-failure"])
@run_async
async def test_whole_call_to_an_ending_and_its_report(data_dir, path, lines, ending, kind):
    messages = []
    app = app_for_tests(data_dir, scenario_paths=[path])
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await open_call(pilot)
        assert isinstance(app.screen, CallScreen)
        await play(pilot, lines)
        call = app.screen
        assert call.finished and call.result.outcome.ending.kind == kind
        played = [m for m in messages if isinstance(m, CallScreen.TurnPlayed)]
        assert len(played) == len(lines) and played[-1].result is not None
        log = [t for k, _, t in call.query_one(ChatLog).lines() if k == "trainee"]
        assert log == lines
        assert call.query_one("#say", Input).disabled
        assert app.focused.id == "to-report"
        await pilot.press("enter")
        await settle(pilot)
        report = app.screen
        assert isinstance(report, ReportScreen)
        r = report.result.report
        assert report.query_one("#score-digits").value == str(r.score)
        ending_text = str(report.query_one("#ending").visual)
        assert ending in ending_text and {"success": "успех", "failure": "неудача"}[kind] in ending_text
        views = list(report.query(RuleResultView))
        assert len(views) == len(r.results)
        assert {v.result.rule.id for v in views} == {x.rule.id for x in r.results}
        commitment = str(report.query_one("#commitment").visual)
        if kind == "success":
            assert "01.12.2026" in commitment
        else:
            assert "не зафиксирована" in commitment
        assert report.query_one("#trust-spark").data == report.result.trust_history
    saved = sessions.list_sessions(data_dir / "sessions")
    assert len(saved) == 1 and saved[0].is_finished and saved[0].trainee_lines == lines


@run_async
async def test_report_shows_hidden_limits_and_offending_words(data_dir):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_call(pilot)
        await play(pilot, ["Добрый день, у нас с вами задолженность 120 000 рублей"] + SUCCESS[1:])
        await pilot.press("enter")
        await settle(pilot)
        report = app.screen
        text = str(report.query_one("#ending").visual)
        assert "Что скрывал клиент" in text and "подписи директора" in text
        failed = [v for v in report.query(RuleResultView) if not v.result.passed]
        shared = next(v for v in failed if v.result.rule.kind == "forbid")
        content = shared.visual
        assert "нас с вами" in str(content) and "Лучше:" in str(content)
        # the offending words carry the highlight style
        spans = [str(content)[s.start:s.end] for s in content.spans if "underline" in str(s.style)]
        assert "нас с вами" in spans


@run_async
async def test_turns_are_autosaved_after_every_turn(data_dir):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_call(pilot)
        files = list((data_dir / "sessions").glob("*.json"))
        assert len(files) == 1  # saved as soon as the persona picked up
        assert sessions.load(files[0]).trainee_lines == []
        await type_and_send(pilot, SUCCESS[0])
        rec = sessions.load(files[0])
        assert rec.trainee_lines == SUCCESS[:1] and rec.status == "active"
        assert rec.turns[-1]["speaker"] == "counterpart"


# -- practice vs exam ---------------------------------------------------------------------------
@run_async
async def test_practice_mode_coaches_while_typing(data_dir):
    messages = []
    app = app_for_tests(data_dir, hint_delay=0.15)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await open_call(pilot)
        await pilot.press(*"у нас с вами долг")
        await settle(pilot)
        hints = app.screen.query_one(CoachHints)
        assert {(h.kind, h.key) for h in hints.hints} >= {("good", "debt_word")}
        assert any(h.is_warning and "нас с вами" in h.words for h in hints.hints)
        assert "→" in str(hints.visual)
        shown = [m for m in messages if isinstance(m, CallScreen.HintsShown)]
        assert shown and shown[-1].draft == "у нас с вами долг"
        assert len(shown) < len("у нас с вами долг")  # debounced, not once per key
        assert app.screen.query(Meter)


@run_async
async def test_exam_mode_has_no_hints_and_no_meters(data_dir):
    app = app_for_tests(data_dir, exam=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_call(pilot)
        call = app.screen
        assert call.mode == "exam"
        assert not call.query(CoachHints) and not call.query(Meter)
        await play(pilot, SUCCESS)
        assert call.finished
    assert sessions.list_sessions(data_dir / "sessions")[0].mode == "exam"


@run_async
async def test_mode_toggles_from_the_picker_by_key_and_button(data_dir):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.mode == "practice"
        await pilot.press("m")
        assert app.mode == "exam"
        assert "экзамен" in str(app.screen.query_one("#mode", Button).label)
        await pilot.click("#mode")
        assert app.mode == "practice"


# -- ending a call ------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["key", "button"])
@run_async
async def test_hang_up_by_key_or_button(data_dir, how):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_call(pilot)
        await type_and_send(pilot, SUCCESS[0])
        if how == "key":
            await pilot.press("ctrl+o")
        else:
            await pilot.click("#hang-up")
        await settle(pilot)
        call = app.screen
        assert call.finished and call.result.outcome.ending.id == "fog"
        await pilot.click("#to-report")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
    rec = sessions.list_sessions(data_dir / "sessions")[0]
    assert rec.hung_up and rec.is_finished


# -- report actions -----------------------------------------------------------------------------
@run_async
async def test_retry_keeps_the_seed_and_another_goes_home(data_dir):
    app = app_for_tests(data_dir, seed=42)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_call(pilot)
        first = app.screen.query_one(ChatLog).lines()[0]
        await play(pilot, FAILURE)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen) and app.screen.seed == 42
        assert app.screen.query_one(ChatLog).lines()[0] == first
        await play(pilot, SUCCESS)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#another")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen) and len(app.screen_stack) == 1
        table = app.screen.query_one("#scenarios")
        best = max(r.score for r in sessions.list_sessions(data_dir / "sessions"))
        assert table.get_cell(str(table.current().path), "best") == str(best)


@run_async
async def test_save_writes_report_and_transcript_and_shows_paths(data_dir):
    from scoring.transcript import load_transcript

    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_call(pilot)
        await play(pilot, SUCCESS)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        report = app.screen
        assert len(report.saved) == 3
        shown = str(report.query_one("#saved").visual)
        for p in report.saved:
            assert p.exists() and str(p) in shown
        js = next(p for p in report.saved if p.name.endswith("-report.json"))
        assert json.loads(js.read_text(encoding="utf-8"))["report"]["score"] == report.result.report.score
        md = next(p for p in report.saved if p.suffix == ".md")
        assert "Дата назначена" in md.read_text(encoding="utf-8")
        txt = next(p for p in report.saved if p.suffix == ".txt")
        assert [t.text for t in load_transcript(txt) if t.is_trainee] == SUCCESS


# -- history ------------------------------------------------------------------------------------
@run_async
async def test_history_opens_reports_and_resumes_unfinished_calls(data_dir):
    clock = Clock()
    finished, _ = play_offline(SNAP, SUCCESS, data_dir, clock=clock)
    unfinished, _ = play_offline(SNAP, SUCCESS[:1], data_dir, clock=clock)
    app = app_for_tests(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios")
        assert table.get_cell(str(table.current().path), "best") == str(finished.score)
        await pilot.press("h")
        await settle(pilot)
        hist = app.screen
        assert isinstance(hist, HistoryScreen)
        assert [r.id for r in hist.records] == [unfinished.id, finished.id]  # newest first
        # the unfinished one is highlighted first: «Оценить как есть»
        assert str(hist.query_one("#score", Button).label) == "Оценить как есть"
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen) and app.screen.result.outcome is None
        assert "не завершён" in str(app.screen.query_one("#report-notice").visual)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is hist
        await pilot.press("down", "enter")  # the finished one: its report
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.result.record.id == finished.id
        assert app.screen.result.report.score == finished.score
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("up")
        await pilot.click("#resume")
        await settle(pilot)
        call = app.screen
        assert isinstance(call, CallScreen)
        assert [t for k, _, t in call.query_one(ChatLog).lines() if k == "trainee"] == SUCCESS[:1]
        await play(pilot, SUCCESS[1:])
        assert call.finished and call.result.outcome.ending.id == "paid"
    rec = sessions.load(unfinished.path)
    assert rec.is_finished and rec.trainee_lines == SUCCESS


@run_async
async def test_empty_history(data_dir):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#history")
        await settle(pilot)
        assert "Звонков пока нет" in str(app.screen.query_one("#history-detail").visual)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


# -- help, palette, start-up --------------------------------------------------------------------
@run_async
async def test_f1_help_explains_every_rule(data_dir):
    from textual.widgets import Markdown

    from simulator.app import loader

    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        for rule in loader.warm_up().rules:
            assert f"`{rule.id}`" in source and rule.message.split()[0] in source
        assert "Ctrl+O" in source and "Экзамен" in source
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


@run_async
async def test_command_palette_offers_screen_commands(data_dir):
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"истори")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("ctrl+p")
        await pilot.press(*"режим")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.mode == "exam"


@run_async
async def test_first_screen_is_interactive_before_morphology_loads(data_dir, monkeypatch):
    from simulator.app import loader

    release = threading.Event()
    started = threading.Event()
    real = loader.warm_up

    def slow_warm_up():
        started.set()
        release.wait(30)
        return real()

    monkeypatch.setattr(loader, "warm_up", slow_warm_up)
    messages = []
    app = app_for_tests(data_dir)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        for _ in range(100):
            await pilot.pause()
            if started.is_set() and app.screen.query_one("#scenarios").row_count:
                break
        assert started.is_set() and not app.morph_ready
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("m")  # keys work while the dictionaries load
        assert app.mode == "exam"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.query_one("#call", Button).disabled  # waits for the scenario
        release.set()
        await settle(pilot)
        assert app.morph_ready
        assert not app.screen.query_one("#call", Button).disabled
        assert any(type(m).__name__ == "MorphologyReady" for m in messages)


@run_async
async def test_scenario_argument_opens_its_briefing(data_dir):
    app = app_for_tests(data_dir, scenario=str(SNAP))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and app.screen.scenario.id == "snapshot"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


def test_run_refuses_an_unknown_scenario_before_taking_the_terminal():
    from scoring.errors import InputError
    from simulator.app import run

    with pytest.raises(InputError, match="нет сценария"):
        run("no-such-scenario")


def test_stalling_loads_when_present():
    from simulator.app import catalog

    paths = {p.stem for p in catalog.builtin_paths()}
    if "stalling" not in paths:
        pytest.skip("built-in scenarios not there yet")
    entry = catalog.load_entry(catalog.resolve_ref("stalling"))
    assert entry.spec is not None and entry.error is None
