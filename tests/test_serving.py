"""``advisor serve --workers N``: several processes on one port, TCP_NODELAY on
every connection, the fast parser where it is installed, sessions shared
through the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serverkit import Server, launch, new_session, running_server, stop, wait_ready

from advisor.http.limits import WorkerH11
from advisor.http.serving import ServeSettings, limited_protocol, set_nodelay


class _Transport(asyncio.BaseTransport):
    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock = sock

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self.sock if name == "socket" else default


@pytest.fixture
def accepted() -> Iterator[socket.socket]:
    # Bound as uvicorn binds it for several workers: no protocol named, so
    # asyncio's own TCP_NODELAY (which checks proto == IPPROTO_TCP) is skipped.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    yield conn
    for s in (conn, client, listener):
        s.close()


def test_set_nodelay_turns_off_nagle_on_accepted_sockets(accepted: socket.socket) -> None:
    assert accepted.proto == 0
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
    set_nodelay(_Transport(accepted))
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_set_nodelay_leaves_other_sockets_alone() -> None:
    left, right = socket.socketpair()  # unix sockets have no Nagle
    with left, right:
        set_nodelay(_Transport(left))
    set_nodelay(_Transport(None))  # type: ignore[arg-type]


def test_the_protocol_sets_nodelay_first(monkeypatch: pytest.MonkeyPatch) -> None:
    protocol = limited_protocol(ServeSettings(read_timeout=3.0, max_connections=7))
    assert not issubclass(protocol, WorkerH11)  # httptools is installed here
    assert (protocol.read_timeout, protocol.max_connections) == (3.0, 7)  # type: ignore[attr-defined]
    seen: list[object] = []
    monkeypatch.setattr("advisor.http.fastproto.set_nodelay", seen.append)
    with pytest.raises(AttributeError):  # the rest needs uvicorn's full set-up
        protocol.connection_made(object.__new__(protocol), "transport")  # type: ignore[arg-type]
    assert seen == ["transport"]


def test_settings_travel_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = ServeSettings(db="postgresql://u@/d?host=/tmp", kb_db="/x/kb.sqlite3",
                             session_idle=60.0)
    monkeypatch.setenv("ADVISOR_SERVE_SETTINGS", settings.to_env())
    assert ServeSettings.from_env() == settings


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory, session_db: str | Path
                ) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("workers")
    with running_server(session_db, base / "server.log", ("--workers", "2")) as server:
        yield server


def test_workers_exit_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    # kill -9 gives uvicorn's supervisor no chance to stop its workers; they
    # must not go on serving, orphaned, on the shared port.
    server = launch(tmp_path / "s.sqlite3", tmp_path / "server.log", extra=("--workers", "2"))
    try:
        wait_ready(server)
        workers = _children(server.proc.pid)
        assert len(workers) >= 2
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), server.output()
    finally:
        stop(server)


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(c) for c in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_two_workers_serve_and_share_sessions(two_workers: Server) -> None:
    # Many fresh connections: the kernel spreads them over both processes, and
    # each sees the sessions the other made.
    with httpx.Client(base_url=two_workers.url, timeout=30) as first:
        sid = new_session(first)["id"]
    for round_ in range(12):
        with httpx.Client(base_url=two_workers.url, timeout=30,
                          headers={"connection": "close"}) as c:
            fact = ("file_in_use", "distribution_failed")[round_ % 2]
            r = c.post(f"/v1/sessions/{sid}/answers", json={"fact": fact, "value": True})
            assert r.status_code == 200, r.text
    with httpx.Client(base_url=two_workers.url, timeout=30) as c:
        assert len(c.get(f"/v1/sessions/{sid}").json()["answers"]) == 12
        assert c.get("/docs").status_code == 200
