"""The app leaves when its terminal goes away, also when it is not the session's leader — as under
`make play`, where make gets the hangup. Left reading a hung-up terminal, it would spin at full CPU."""

from __future__ import annotations

import os
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Like make: the session's leader, which catches the hangup and waits for its child.
WRAPPER = """
import signal, subprocess, sys
signal.signal(signal.SIGHUP, lambda *a: None)
sys.exit(subprocess.call(sys.argv[1:]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pty as controlling terminal")
def test_app_exits_when_its_terminal_hangs_up(tmp_path):
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def own_terminal() -> None:  # a new session whose controlling terminal is the pty
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "DEBITORKA_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, str(wrapper), sys.executable, "-m", "simulator.cli", "play"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO,
                            preexec_fn=own_terminal, close_fds=True)
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while "Сценарии".encode() not in seen and time.monotonic() < deadline:  # the app is up
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert "Сценарии".encode() in seen, seen[-500:]
        os.close(master)  # the terminal goes away
        master = -1
        assert proc.wait(timeout=20) is not None
    finally:
        if master >= 0:
            os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
