"""The real program at a real terminal (tmux): what a person does, keys and all.

- Answer three questions, quit, start ``advisor`` without ``--resume`` and press
  Ctrl-D at once: ``advisor --resume`` still has the three answers.
- ``kill -9`` between answers loses none of those given.

Skips when tmux is not installed.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TMUX = shutil.which("tmux")
WAIT = 60.0  # a generous deadline that only catches hangs

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


class Terminal:
    """One tmux server of our own, with one window running the program."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.socket = f"advisor-test-{secrets.token_hex(4)}"
        self.window = 0

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=WAIT, check=False)
        return done.stdout

    def start(self, *args: str) -> None:
        """Run ``advisor ARGS`` in a new window, 100 columns by 40 lines."""
        env = {"ADVISOR_HOME": str(self.home), "NO_COLOR": "1", "TERM": "xterm",
               "PYTHONPATH": str(ROOT), "HOME": str(self.home)}
        command = "exec env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command += " " + " ".join(shlex.quote(a) for a in (sys.executable, "-m", "advisor",
                                                             *args))
        self.window += 1
        name = f"w{self.window}"
        if self.window == 1:
            self.tmux("new-session", "-d", "-s", "t", "-n", name, "-x", "100", "-y", "40",
                      command)
            self.tmux("set-option", "-g", "remain-on-exit", "on")
        else:
            self.tmux("new-window", "-t", "t", "-n", name, command)
        self.target = f"t:{name}"

    def keys(self, text: str, *, enter: bool = True) -> None:
        self.tmux("send-keys", "-t", self.target, "-l", text)
        if enter:
            self.tmux("send-keys", "-t", self.target, "Enter")

    def key(self, name: str) -> None:
        self.tmux("send-keys", "-t", self.target, name)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", self.target, "-S", "-200")

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        pytest.fail(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.target,
                             "#{pane_pid}").strip())

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path / "home")
    try:
        yield term
    finally:
        term.close()


def saved(home: Path) -> list[dict[str, object]]:
    folder = home / "sessions"
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns) if (
        folder.is_dir()) else []
    return [json.loads(p.read_text()) for p in files]


def answer_three(terminal: Terminal) -> None:
    terminal.wait_for("sms_version>")
    terminal.keys("2.0")
    terminal.wait_for("job_type>")
    terminal.keys("share")
    terminal.wait_for("file_in_use>")
    terminal.keys("yes")
    terminal.wait_for("[4] ")


def test_a_new_session_left_at_once_keeps_the_saved_answers(terminal: Terminal) -> None:
    terminal.start()
    answer_three(terminal)
    terminal.keys("quit")
    terminal.wait_for("Bye. The session is saved (3 answers)")

    terminal.start()  # without --resume
    shown = terminal.wait_for("sms_version>")
    assert "A saved session (3 answers" in shown
    terminal.key("C-d")
    terminal.wait_for("Nothing was answered, so nothing was saved.")

    terminal.start("--resume")
    shown = terminal.wait_for("Resuming the session saved at")
    assert "(3 answers, last changed" in shown
    terminal.wait_for("[4] ")
    terminal.keys("facts")
    shown = terminal.wait_for("Known so far:")
    for fact in ("sms_version", "job_type", "file_in_use"):
        assert fact in shown.split("Known so far:")[1]
    terminal.key("C-d")
    terminal.wait_for("Bye. The session is saved (3 answers)")
    [kept] = saved(terminal.home)
    assert [a["fact"] for a in kept["answers"]] == [  # type: ignore[union-attr]
        "sms_version", "job_type", "file_in_use"]


def test_kill_9_between_answers_loses_nothing(terminal: Terminal) -> None:
    terminal.start()
    terminal.wait_for("sms_version>")
    terminal.keys("1.1")
    terminal.wait_for("job_type>")
    terminal.keys("share")
    terminal.wait_for("file_in_use>")  # the answer is saved before the next prompt
    os.kill(terminal.pid(), signal.SIGKILL)
    [kept] = saved(terminal.home)
    assert [(a["fact"], a["value"]) for a in kept["answers"]] == [  # type: ignore[union-attr]
        ("sms_version", "1.1"), ("job_type", "share_package_on_server")]
    assert not list((terminal.home / "sessions").glob(".*"))  # no half-written file

    terminal.start("--resume")
    shown = terminal.wait_for("file_in_use>")
    assert "(2 answers, last changed" in shown
