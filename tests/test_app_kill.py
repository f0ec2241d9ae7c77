"""Nothing lost: kill the app (SIGKILL) mid-call, then find the call in History, resume it, score it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app_fixtures import SUCCESS, app_for_tests, run_async, settle, type_and_send, wait_for_screen
from simulator import sessions
from simulator.app.screens.call import CallScreen
from simulator.app.screens.history import HistoryScreen

REPO = Path(__file__).resolve().parent.parent

DRIVER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    sys.path[:0] = [{repo!r}, {tests!r}]
    from app_fixtures import SUCCESS, app_for_tests, open_call, settle, type_and_send

    async def drive(pilot):
        await open_call(pilot)
        for line in SUCCESS[:2]:
            await type_and_send(pilot, line)
        await pilot.press(*"Спасибо, до свид")   # being typed when the power goes: this part is lost
        await settle(pilot)
        print("READY", flush=True)
        import asyncio
        await asyncio.Event().wait()

    app = app_for_tests(Path(os.environ["DEBITORKA_DATA_DIR"]))
    app.run(headless=True, size=(80, 24), auto_pilot=drive)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_call_is_recovered(tmp_path):
    data = tmp_path / "data"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(repo=str(REPO), tests=str(REPO / "tests")), encoding="utf-8")
    env = {**os.environ, "DEBITORKA_DATA_DIR": str(data)}
    proc = subprocess.Popen([sys.executable, str(driver)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True, cwd=tmp_path)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read() if proc.poll() is not None else line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # 1. the call is in the sessions list, unfinished, with every line that was sent
    records = sessions.list_sessions(data / "sessions")
    assert len(records) == 1
    rec = records[0]
    assert rec.status == "active" and rec.trainee_lines == SUCCESS[:2]
    assert not [p for p in (data / "sessions").iterdir() if p.suffix != ".json"]  # no torn temp files

    # 2. it is resumable: the replay reaches the same point
    session = sessions.resume(rec)
    assert not session.finished and session.trainee_turns == 2
    assert [t.text for t in session.turns] == [t["text"] for t in rec.turns[len(rec.opening):]]

    # 3. its file is valid input for `debitorka score`
    out = subprocess.run([sys.executable, "-m", "simulator.cli", "score", str(rec.path), "--today", "2026-11-23",
                          "--format", "json"], capture_output=True, text=True, cwd=REPO,
                         env={**env, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stderr
    assert '"score"' in out.stdout

    # 4. in the app: History lists it as unfinished, and the call goes on to its ending
    @run_async
    async def finish_in_app():
        app = app_for_tests(data)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            hist = await wait_for_screen(pilot, HistoryScreen)
            await settle(pilot)
            assert [r.id for r in hist.records] == [rec.id] and app.focused is hist.query_one("#sessions")
            await pilot.press("enter")  # unfinished → resume
            await wait_for_screen(pilot, CallScreen)
            await settle(pilot)
            await type_and_send(pilot, SUCCESS[2])
            assert app.screen.finished and app.screen.result.outcome.ending.id == "paid"

    finish_in_app()
    rec = sessions.load(rec.path)
    assert rec.is_finished and rec.trainee_lines == SUCCESS
