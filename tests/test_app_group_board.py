"""The leaderboard screen: what the store holds, ranked; refreshed live while other machines write;
snapshots at 80×24 and 120×40 from fixed data (names, scores, dates, rule titles)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from app_fixtures import SNAP, app_for_tests, run_async, settle, wait_for_screen
from app_fixtures import data_dir, db  # noqa: F401 - fixtures
from simulator.app.screens.briefing import BriefingScreen
from simulator.app.screens.leaderboard import LeaderboardScreen
from simulator.app.screens.picker import PickerScreen
from simulator.app.widgets.board_table import BoardTable
from simulator.app.widgets.rule_bars import RuleBars

CODE = "K7M2Q"
T0 = datetime(2026, 11, 23, 9, 10, tzinfo=timezone.utc)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
RULES = [("greeting", "relationship", "Поздоровался и представился"),
         ("name-the-debt", "money", "Назвал долг: сумму и счёт"),
         ("exact-date", "money", "Добился точной даты оплаты"),
         ("no-threats", "relationship", "Без угроз судом и штрафами"),
         ("no-blame", "speech", "Без «у нас с вами» и оправданий")]
# (name, [(score, failed rules, ending kind), …] in the order played)
CLASS = [
    ("Анна Петрова", [(41, {"exact-date", "no-blame", "name-the-debt"}, "failure"),
                      (62, {"exact-date", "no-blame"}, "partial"), (88, set(), "success")]),
    ("Борис Ким", [(88, {"no-blame"}, "success")]),
    ("Вера Соколова", [(20, {"no-threats", "exact-date", "no-blame", "greeting"}, "failure"),
                       (73, {"exact-date"}, "partial")]),
    ("Григорий Лаптев", [(55, {"exact-date", "no-blame"}, "partial")]),
    ("Дина Юсупова", [(70, {"exact-date"}, "partial")]),
]


def record(name: str, score: int, failed: set, kind: str, n: int, group: str | None = CODE) -> dict:
    start = T0 + timedelta(minutes=7 * n)
    rules = [{"id": rid, "axis": axis, "passed": rid not in failed, "message": title}
             for rid, axis, title in RULES]
    return {
        "session_id": str(uuid.UUID(int=1000 + n)), "name": name, "group": group, "scenario": "snapshot",
        "scenario_title": "Звонок в «Луч» (снимки экрана)", "scenario_digest": "d" * 64, "seed": 7,
        "mode": "practice", "started": start.isoformat(),
        "finished": (start + timedelta(minutes=5)).isoformat(), "score": score,
        "axes": {"money": score, "relationship": min(100, score + 5), "speech": max(0, score - 5)},
        "ending": {"id": kind, "kind": kind, "title": kind}, "commitment": None, "transcript": [],
        "report": {"score": score, "rules": rules}, "outcome": None,
    }


def fill(db: str) -> None:
    from simulator.store import open_store

    with open_store(db) as store:
        store.import_groups([{"code": CODE, "title": "Поток 3", "scenario": str(SNAP), "seed": 7,
                              "mode": "practice", "created": "2026-11-20T09:00:00+00:00"}])
        recs, n = [], 0
        for name, attempts in CLASS:
            for score, failed, kind in attempts:
                recs.append(record(name, score, failed, kind, n))
                n += 1
        info = [{"rule_id": rid, "axis": axis, "title": title, "message": title} for rid, axis, title in RULES]
        store.save_records(recs, rule_info=info)


def group_of(db: str):
    from simulator.store import open_store

    with open_store(db) as store:
        return store.require_group(CODE)


@pytest.fixture
def class_db(db):
    """The store with the class above in it."""
    fill(db)
    return db


def class_app(data_dir, db, **kw):
    g = group_of(db)
    opts = dict(scenario=g.scenario, seed=g.seed, exam=g.exam, group=g, db=db, name="Анна Петрова",
                keep_results=True, warm_up=False)
    opts.update(kw)
    return app_for_tests(data_dir, **opts)


async def open_board(pilot) -> LeaderboardScreen:
    await wait_for_screen(pilot, BriefingScreen)
    await settle(pilot)
    pilot.app.action_board()
    board = await wait_for_screen(pilot, LeaderboardScreen)
    await wait_loads(pilot, board, 1)
    return board


async def wait_loads(pilot, board, n: int, rounds: int = 200) -> None:
    for _ in range(rounds):
        if board.loads >= n:
            await settle(pilot, quiet=1)
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the board loaded {board.loads} times, not {n}")


def rows(table: BoardTable) -> list[tuple]:
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


# -- what it shows ------------------------------------------------------------------------------
@run_async
async def test_board_shows_ranks_ties_rules_and_growth(data_dir, class_db):
    app = class_app(data_dir, class_db, board_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(BoardTable)
        got = rows(table)
        assert [(r[0], r[1], r[2], r[6]) for r in got] == [
            ("1", "Анна Петрова (вы)", "88", "3"), ("1", "Борис Ким", "88", "1"),  # a tie shares the rank
            ("3", "Вера Соколова", "73", "2"), ("4", "Дина Юсупова", "70", "1"),
            ("5", "Григорий Лаптев", "55", "1")]
        assert got[0][7] == "успех" and got[2][7] == "частично"
        assert table.current_key() == "анна петрова"  # the cursor starts on your own row
        title = str(board.query_one("#board-title").visual)
        assert "Поток 3" in title and CODE in title and "seed 7" in title
        bars = board.query_one(RuleBars)
        assert [s.rule_id for s in bars.stats][:2] == ["exact-date", "no-blame"]
        assert bars.stats[0].failed == 6 and bars.stats[0].attempts == 8
        improved = str(board.query_one("#board-improved").visual)
        assert improved.splitlines()[0].startswith("Вера Соколова: 20 → 73 (+53")
        assert "Анна Петрова: 41 → 88 (+47, 3 попытки)" in improved


@run_async
async def test_board_refreshes_live_and_keeps_the_cursor(data_dir, class_db):
    """Another machine writes while the screen is open: the new result shows after the interval."""
    from simulator.store import open_store

    app = class_app(data_dir, class_db, board_interval=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(BoardTable)
        await pilot.press("down", "down")
        assert table.current_key() == "вера соколова"
        seen = board.loads
        with open_store(class_db) as other:  # as another trainee's process would
            other.save_records([record("Евгения Орлова", 95, set(), "success", 50),
                                record("Вера Соколова", 90, set(), "success", 51)])
        for _ in range(200):
            if any(r[1] == "Евгения Орлова" for r in rows(table)):
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError("the new result never appeared")
        assert board.loads > seen
        got = rows(table)
        assert [(r[0], r[1], r[2]) for r in got[:3]] == [
            ("1", "Евгения Орлова", "95"), ("2", "Вера Соколова", "90"), ("3", "Анна Петрова (вы)", "88")]
        assert table.current_key() == "вера соколова"  # the cursor followed its row to the new place
        assert "Вера Соколова: 20 → 90 (+70" in str(board.query_one("#board-improved").visual)
        # nothing changed since: the next refresh touches nothing
        before = rows(table)
        n = board.loads
        await wait_loads(pilot, board, n + 2)
        assert rows(table) == before and table.current_key() == "вера соколова"


@run_async
async def test_board_opens_from_picker_report_and_palette(data_dir, class_db):
    app = app_for_tests(data_dir, db=class_db, keep_results=True, name="Борис Ким", board_interval=3600,
                        warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await settle(pilot)
        await pilot.press("b")
        board = await wait_for_screen(pilot, LeaderboardScreen)
        assert (board.group, board.scenario) == (None, "snapshot")  # no group: the highlighted scenario
        await wait_loads(pilot, board, 1)
        assert rows(board.query_one(BoardTable))[1][1] == "Борис Ким (вы)"
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)
        await pilot.click("#board")
        await wait_for_screen(pilot, LeaderboardScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)
        # the command palette
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Рейтинг")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, LeaderboardScreen)
        # the picker's «Лучший» column includes this trainee's best from the store
        await pilot.press("escape")
        picker = await wait_for_screen(pilot, PickerScreen)
        await settle(pilot)
        table = picker.query_one("#scenarios")
        assert str(table.get_cell(str(SNAP), "best")) == "88"


@run_async
async def test_an_unreachable_store_is_said_once_and_retried(data_dir):
    app = app_for_tests(data_dir, db="postgresql://trainer@127.0.0.1:1/class", keep_results=True,
                        board_interval=0.1, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        app.push_screen(LeaderboardScreen(scenario="snapshot"))
        board = await wait_for_screen(pilot, LeaderboardScreen)
        await wait_loads(pilot, board, 3)
        assert "Пробую снова" in str(board.query_one("#board-facts").visual)
        assert sum(n.title == "База результатов недоступна" for n in app._notifications) == 1


# -- snapshots ----------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_leaderboard_snapshot(snap_compare, data_dir, class_db, size):
    async def run_before(pilot):
        await open_board(pilot)
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)  # the bars lay out once more after the table fills

    app = class_app(data_dir, class_db, board_interval=3600)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
