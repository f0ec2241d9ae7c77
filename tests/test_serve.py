"""`debitorka serve`: the trainer in a browser (textual-serve), checked in a real headless Chromium.

The server runs in its own process group on a free loopback port; Chromium (Debian's `chromium`) opens
the page. Chromium's one-shot `--screenshot` fires right after the page's load event, before the
websocket app has drawn anything (and `--virtual-time-budget` races past the app's real start-up), so
the test drives the same headless Chromium over the DevTools protocol instead: load the page, wait
until the app has sent its first bytes, take the screenshot and check it is the app, not the blank
intro. Then it plays a whole call in the browser and finds the result in the group's store.

Everything started here is killed by process group at the end, and the test asserts nothing is left.
Without chromium (or textual-serve) the test is skipped and says why; `make test` installs chromium
(scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

from app_fixtures import SNAP, SUCCESS

ROOT = Path(__file__).resolve().parents[1]
LINES = ["Добрый день, у нас с вами задолженность 120 000 рублей"] + SUCCESS[1:]
DEADLINE = 50  # seconds for the whole test (the brief: under 60)
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,800"]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Group:
    """Processes started in their own process group, killed together (the app processes included)."""

    def __init__(self) -> None:
        self.pgids: list[int] = []
        self.procs: list[subprocess.Popen] = []

    def start(self, argv: list[str], **kw) -> subprocess.Popen:
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.pgids.append(p.pid)
        self.procs.append(p)
        return p

    def kill_all(self) -> None:
        # the leaders first, politely: the server stops its app processes, Chromium reaps its helpers
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for pgid in self.pgids:  # then whatever is left of each group
            _signal(pgid, signal.SIGTERM)
        end = time.monotonic() + 5
        while time.monotonic() < end and any(_alive(g) for g in self.pgids):
            time.sleep(0.1)
        for pgid in self.pgids:
            _signal(pgid, signal.SIGKILL)
        for p in self.procs:
            p.wait(timeout=10)

    def strays(self) -> list[int]:
        time.sleep(0.2)
        return [g for g in self.pgids if _alive(g)]


def _signal(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _alive(pgid: int) -> bool:
    """Any process of the group still there (zombies of our own children aside)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


# -- a tiny PNG reader (8-bit RGB/RGBA, non-interlaced: what Chromium writes) ----------------------
def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """``(width, height, rows, channels)``: each row ``width * channels`` bytes, filters undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


def colours(png: bytes) -> dict[tuple[int, int, int], int]:
    w, h, rows, ch = read_png(png)
    out: dict[tuple[int, int, int], int] = {}
    for r in rows:
        for i in range(0, w * ch, ch):
            k = (r[i], r[i + 1], r[i + 2])
            out[k] = out.get(k, 0) + 1
    return out


# -- Chromium over the DevTools protocol ----------------------------------------------------------
class Browser:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.n = 0

    async def call(self, method: str, **params):
        self.n += 1
        me = self.n
        await self.ws.send_json({"id": me, "method": method, "params": params})
        async for msg in self.ws:
            data = json.loads(msg.data)
            if data.get("id") == me:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data["result"]
        raise RuntimeError("the browser went away")

    async def js(self, expression: str):
        r = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return r["result"].get("value")

    async def focus_terminal(self) -> None:
        """Keys go to xterm.js's hidden textarea; a headless page has no focus of its own."""
        await self.call("Emulation.setFocusEmulationEnabled", enabled=True)
        await self.js("(document.querySelector('.xterm-helper-textarea') || document.body).focus()")

    async def type(self, text: str) -> None:
        await self.focus_terminal()
        await self.call("Input.insertText", text=text)

    async def enter(self) -> None:
        await self.focus_terminal()
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                            windowsVirtualKeyCode=13, nativeVirtualKeyCode=13,
                            **({"text": "\r"} if kind == "keyDown" else {}))


def devtools_page(user_dir: Path, deadline: float) -> str:
    port_file = user_dir / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().count("\n") >= 1:
            port = port_file.read_text().split()[0]
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
            for t in targets:
                if t.get("type") == "page":
                    return t["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise AssertionError("chromium never opened its DevTools port")


async def until(what: str, check, deadline: float, step: float = 0.2):
    while time.monotonic() < deadline:
        value = await check()
        if value:
            return value
        await asyncio.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


def sessions_of(data_dir: Path) -> list[dict]:
    out = []
    for p in (data_dir / "sessions").glob("*.json"):
        try:
            out.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError):  # being replaced right now
            pass
    return out


# -- the test -------------------------------------------------------------------------------------
def test_serve_renders_in_chromium_and_stores_the_call(tmp_path):
    browser_bin = chromium()
    if browser_bin is None:
        pytest.skip("chromium not installed (Debian: apt-get install chromium; make test runs "
                    "scripts/ensure-chromium.sh)")
    pytest.importorskip("textual_serve", reason="textual-serve not installed (pip install textual-serve)")
    aiohttp = pytest.importorskip("aiohttp")
    from simulator.store import open_store

    t0 = time.monotonic()
    deadline = t0 + DEADLINE
    data_dir, db = tmp_path / "data", str(tmp_path / "class.db")
    with open_store(db) as store:
        code = store.create_group("Поток 3", str(SNAP), 7)
    env = {**os.environ, "DEBITORKA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("DEBITORKA_DB", None)
    port = free_port()
    procs = Group()
    log = open(tmp_path / "server.log", "w")
    shot = tmp_path / "serve.png"
    try:
        procs.start([sys.executable, "-m", "simulator.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                     "--group", code, "--db", db, "--name", "Браузер"],
                    stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
        url = f"http://127.0.0.1:{port}/"
        while True:
            try:
                page = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                if time.monotonic() > deadline - 30:
                    raise AssertionError("the server never answered: " + (tmp_path / "server.log").read_text())
                time.sleep(0.2)
        assert "textual-terminal" in page and "/ws" in page

        user_dir = tmp_path / "chromium"
        procs.start([browser_bin, *CHROME_FLAGS, f"--user-data-dir={user_dir}", "--remote-debugging-port=0",
                     "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ws_url = devtools_page(user_dir, deadline)

        async def drive() -> dict:
            async with aiohttp.ClientSession() as http, http.ws_connect(ws_url, max_msg_size=0) as ws:
                b = Browser(ws)
                await b.call("Page.enable")
                await b.call("Page.navigate", url=url)
                await until("the app's first bytes", lambda: b.js(
                    "!!document.body && document.body.classList.contains('-first-byte')"), deadline)
                await asyncio.sleep(1.0)  # let it paint the first screen
                png = base64.b64decode((await b.call("Page.captureScreenshot", format="png"))["data"])
                shot.write_bytes(png)
                dom = await b.js("document.documentElement.outerHTML")
                closed = await b.js("document.body.classList.contains('-closed')")
                # play the call: the briefing (Enter when loaded), then the lines
                async def opened():
                    if not sessions_of(data_dir):
                        await b.enter()  # «Позвонить» answers once the scenario has loaded
                        return False
                    return True

                await until("the call to start", opened, deadline, step=0.5)
                for i, line in enumerate(LINES, 1):
                    await b.type(line)
                    await b.enter()

                    async def said(i=i):
                        s = sessions_of(data_dir)
                        return bool(s) and len(s[0]["trainee_lines"]) >= i

                    await until(f"line {i} to be played", said, deadline)
                return {"dom": dom, "closed": closed}

        seen = asyncio.run(drive())
        assert "textual-terminal" in seen["dom"] and "xterm-screen" in seen["dom"] and not seen["closed"]
        # the screenshot is the app, not the blank intro: many colours (text, the selected row, the
        # buttons) and the intro's backdrop (#0c181f) is not what fills the window
        counts = colours(shot.read_bytes())
        total = sum(counts.values())
        assert len(counts) > 40, f"a flat screenshot ({len(counts)} colours): {shot}"
        assert counts.get((12, 24, 31), 0) < 0.5 * total, f"still the intro screen: {shot}"
        top = max(counts.values())
        assert top < 0.9 * total, f"one colour fills the window: {shot}"

        (rec,) = sessions_of(data_dir)
        assert rec["status"] == "finished" and rec["group"] == code and rec["name"] == "Браузер"
        while time.monotonic() < deadline:  # stored by a worker right after the last line
            with open_store(db) as store:
                if store.count(group=code):
                    (entry,) = store.board(group=code)
                    break
            time.sleep(0.2)
        else:
            raise AssertionError("the call never reached the store")
        assert entry.name == "Браузер" and entry.session_id == rec["id"]
    finally:
        procs.kill_all()
        log.close()
    assert procs.strays() == [], "processes left behind"
    assert time.monotonic() - t0 < 60
