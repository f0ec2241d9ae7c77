"""Snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot).

Stable by construction: fixture scenarios under tests/snapshot_apps/scenarios (not the built-ins),
fixed seed, a fixed clock for saved sessions, cursor blink off, theme pinned. The report and help
screens also show the default rulebook (scoring/data/rules.yaml): after changing the rules, review
and update with `pytest tests/test_app_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from app_fixtures import FAILURE, SNAP, SUCCESS, Clock, app_for_tests, open_call, play_offline, settle, \
    type_and_send

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("DEBITORKA_DATA_DIR", str(d))
    return d


@pytest.fixture
def with_history(data_dir):
    clock = Clock()
    play_offline(SNAP, SUCCESS, data_dir, clock=clock)
    play_offline(SNAP, FAILURE, data_dir, clock=clock, mode="exam")
    play_offline(SNAP, SUCCESS[:1], data_dir, clock=clock)
    return data_dir


async def _settled(pilot):
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, with_history, size):
    assert snap_compare(app_for_tests(with_history), terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES)
def test_briefing(snap_compare, data_dir, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(500):  # «Позвонить» is relabelled once the scenario is ready: wait for that state
            if not pilot.app.screen.query_one("#call").disabled:
                break
            await pilot.pause(0.02)
        await settle(pilot)

    assert snap_compare(app_for_tests(data_dir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_call_practice_with_hints(snap_compare, data_dir, size):
    async def run_before(pilot):
        await open_call(pilot)
        await type_and_send(pilot, FAILURE[0])
        await pilot.press(*"у нас с вами долг, оплатите 1 декабря")
        await settle(pilot)

    assert snap_compare(app_for_tests(data_dir), terminal_size=size, run_before=run_before)


def test_call_exam_light_theme(snap_compare, data_dir):
    async def run_before(pilot):
        await open_call(pilot)
        await type_and_send(pilot, SUCCESS[0])
        await pilot.press(*"у нас с вами долг")
        await settle(pilot)

    app = app_for_tests(data_dir, exam=True, theme="textual-light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_report(snap_compare, data_dir, size):
    async def run_before(pilot):
        await open_call(pilot)
        for line in ["Добрый день, у нас с вами задолженность 120 000 рублей"] + SUCCESS[1:]:
            await type_and_send(pilot, line)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for_tests(data_dir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, with_history, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(app_for_tests(with_history), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, data_dir, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for_tests(data_dir), terminal_size=size, run_before=run_before)
