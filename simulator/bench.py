"""The app's figures, each next to its floor: `python -m simulator.bench`.

Not a test (machines are noisy) but numbers to quote and watch. Sections run in order; a later
issue adds its own with ``@section("name")`` (e.g. the leaderboard of issue 5).

- start-up: spawn → first screen mounted (headless), ours vs a bare Textual app. Target ≤ 1.5×.
- hints: latency of coaching one keystroke (warm), p50/p99. Target p99 < 5 ms.
- memory: peak RSS of a whole call played headless vs a bare Textual app that loads pymorphy3.
  Target ≤ 1.3×.
- board: the leaderboard and the per-rule comparison over N stored results in a temporary SQLite
  store (simulator.store.bench; N = 100,000 by default, ``--board-n 10000`` for a quick run).
  Target < 200 ms per query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    metric: str
    ours: float
    floor: float | None
    unit: str
    target: str = ""
    ok: bool | None = None

    def line(self) -> str:
        floor = f"{self.floor:9.1f}" if self.floor is not None else " " * 9
        ratio = f"{self.ours / self.floor:5.2f}×" if self.floor else "      "
        ok = "" if self.ok is None else ("  ok" if self.ok else "  MISS")
        return f"{self.metric:<58} {self.ours:9.1f} {floor} {self.unit:<3} {ratio}  {self.target}{ok}"


SECTIONS: list[tuple[str, Callable[[argparse.Namespace], list[Row]]]] = []


def section(name: str):
    def deco(fn):
        SECTIONS.append((name, fn))
        return fn

    return deco


def _env(data_dir: str) -> dict[str, str]:
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**os.environ, "PYTHONPATH": path, "DEBITORKA_DATA_DIR": data_dir, "TEXTUAL": ""}


# -- child programs ---------------------------------------------------------------------------
_BARE = """
import sys
from textual.app import App
from textual.widgets import Footer, Header, Label
class Bare(App):
    def compose(self):
        yield Header(); yield Label("hello"); yield Footer()
async def ready(pilot):
    print("MOUNTED", flush=True)
    pilot.app.exit()
Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
"""

_OURS = """
import sys
from simulator.app import make_app
async def ready(pilot):
    print("MOUNTED", type(pilot.app.screen).__name__, flush=True)
    pilot.app.exit()
make_app(warm_up=True).run(headless=True, size=(80, 24), auto_pilot=ready)
"""

_BARE_MORPH = """
from textual import work
from textual.app import App
from textual.widgets import Label
class BareMorph(App):
    def compose(self):
        yield Label("hello")
    def on_mount(self):
        self.load()
    @work(thread=True)
    def load(self):
        import pymorphy3
        m = pymorphy3.MorphAnalyzer(lang="ru")
        for w in "у вас задолженность по счёту оплатите первого декабря".split():
            m.parse(w)
        self.call_from_thread(self.exit)
BareMorph().run(headless=True, size=(80, 24))
"""

_OURS_CALL = """
import sys
from simulator.app import make_app
LINES = {lines!r}
async def settle(pilot):
    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return
async def drive(pilot):
    app = pilot.app
    await settle(pilot)
    await pilot.press("enter"); await settle(pilot)      # briefing
    await pilot.press("enter"); await settle(pilot)      # call
    for line in LINES:
        if app.screen.finished:
            break
        for ch in line[:40]:                              # type (coaching runs), then set the rest
            await pilot.press(ch)
        app.screen.query_one("#say").value = line
        await settle(pilot)
        await pilot.press("enter"); await settle(pilot)
    if not app.screen.finished:
        await pilot.press("ctrl+o"); await settle(pilot)
    await pilot.press("enter"); await settle(pilot)      # report
    print("DONE", type(app.screen).__name__, flush=True)
    app.exit()
make_app({scenario!r}, seed=1, cursor_blink=False).run(headless=True, size=(100, 30), auto_pilot=drive)
"""


def _spawn_until(code: str, env: dict, marker: str | None = "MOUNTED") -> tuple[float, int, str]:
    """Run a child; seconds until it prints `marker`, its peak RSS (KiB) and that line."""
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, text=True, cwd=REPO)
    line = ""
    elapsed = float("nan")
    for raw in p.stdout:
        if marker is not None and raw.startswith(marker):
            elapsed = time.perf_counter() - t
            line = raw.strip()
            break
    p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if marker is None and p.returncode == 0:
        line = "exit"
    if not line:
        raise RuntimeError(f"child never printed {marker}: {err[-2000:]}")
    return elapsed, usage.ru_maxrss, line


def _pick_scenario() -> tuple[str, list[str]]:
    """A built-in scenario that loads (stalling first), with lines from its own first test."""
    from scoring.errors import InputError

    from .scenario import builtin_paths, load_scenario

    paths = sorted(builtin_paths(), key=lambda p: p.stem != "stalling")
    paths.append(REPO / "scenarios" / "examples" / "minimal.yaml")
    for p in paths:
        try:
            sc = load_scenario(p)
        except InputError:
            continue
        lines = sc.spec.tests[0].say if sc.spec.tests else ["Добрый день! Звоню по задолженности.", "До свидания."]
        return str(p), list(lines)
    raise RuntimeError("no scenario loads")


# -- sections ---------------------------------------------------------------------------------
@section("start-up")
def bench_startup(args) -> list[Row]:
    with tempfile.TemporaryDirectory() as d:
        env = _env(d)
        _spawn_until(_BARE, env)
        _spawn_until(_OURS, env)  # warm the OS file cache for both
        bare = [_spawn_until(_BARE, env)[0] for _ in range(args.runs)]
        ours = [_spawn_until(_OURS, env)[0] for _ in range(args.runs)]
    b, o = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    return [Row("first screen, spawn → mounted (median)", o, b, "ms", "≤ 1.5×", o <= 1.5 * b)]


@section("hints")
def bench_hints(args) -> list[Row]:
    from scoring.bench import corpus

    from .app import loader
    from .app.coaching import hints

    path, _ = _pick_scenario()
    sc = loader.load_full(path)
    drafts = []
    for s in corpus(args.hint_lines, seed=3):
        drafts += [s[:i] for i in range(1, len(s) + 1, 2)]
    for d in drafts:  # warm: lemma caches fill as the trainee types
        hints(d, sc)
    times = []
    for d in drafts:
        t = time.perf_counter()
        hints(d, sc)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    return [Row(f"hints per keystroke p50 ({len(times)} drafts)", statistics.median(times), None, "ms"),
            Row("hints per keystroke p99", p99, None, "ms", "< 5 ms", p99 < 5),
            Row("hints per keystroke max", times[-1], None, "ms")]


@section("memory")
def bench_memory(args) -> list[Row]:
    path, lines = _pick_scenario()
    with tempfile.TemporaryDirectory() as d:
        env = _env(d)
        _, bare_kib, _ = _spawn_until(_BARE_MORPH, env, marker=None)
        _, ours_kib, line = _spawn_until(_OURS_CALL.format(lines=lines, scenario=path), env, marker="DONE")
    b, o = bare_kib / 1024, ours_kib / 1024
    return [Row(f"peak RSS, a whole call ({Path(path).stem}) vs bare+pymorphy3", o, b, "MiB", "≤ 1.3×",
                o <= 1.3 * b)]


@section("board")
def bench_board(args) -> list[Row]:
    import io

    from .store.bench import TARGET_MS
    from .store.bench import bench_board as run

    out = io.StringIO()
    times = run(args.board_n, out=out)
    for line in out.getvalue().splitlines()[:2]:  # how the store was filled, and how long that took
        print(f"  {line.strip()}")
    return [Row(label, ms, None, "ms", f"< {TARGET_MS} ms", ms < TARGET_MS) for label, ms in times.items()]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m simulator.bench", description="Замеры приложения")
    p.add_argument("--only", action="append", metavar="SECTION", help="только эти разделы")
    p.add_argument("--runs", type=int, default=5, help="запусков на замер старта (медиана)")
    p.add_argument("--hint-lines", type=int, default=150, help="реплик для замера подсказок")
    p.add_argument("--board-n", type=int, default=100_000, metavar="N",
                   help="результатов в базе для замера рейтинга (по умолчанию 100 000; 10 000 — быстрый прогон)")
    args = p.parse_args(argv)
    os.environ.setdefault("DEBITORKA_NO_CACHE", "")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU")
    print(f"{'':<58} {'ours':>9} {'floor':>9}")
    for name, fn in SECTIONS:
        if args.only and name not in args.only:
            continue
        print(f"-- {name}")
        for row in fn(args):
            print(row.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
