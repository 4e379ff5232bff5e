"""The HTTP server in a subprocess, for the tests that talk to it over HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from advisor.facts import VOCABULARY, FactValue

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 90.0  # generous: only catches hangs (the machine may be busy)


# The server in a subprocess -------------------------------------------------

@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def launch(db: str | Path, log: Path, port: int | None = None,
           extra: tuple[str, ...] = ()) -> Server:
    """Start ``python -m advisor serve`` (without waiting for it), keeping
    sessions at ``db`` (a SQLite file or a PostgreSQL URL)."""
    port = port or free_port()
    env = {**os.environ, "ADVISOR_HOME": str(log.parent),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                         if p)}
    with open(log, "ab") as out:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--db", str(db),
             "--log-level", "warning", *extra],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True)
    return Server(proc, f"http://127.0.0.1:{port}", port, log)


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"the server exited with {server.proc.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail(f"the server was not ready within {STARTUP_TIMEOUT} s:\n{server.output()}")


def stop(server: Server) -> None:
    """Kill the server and every worker it started (they share its process group,
    of which it is the leader: see ``start_new_session``)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait(10)


@contextmanager
def running_server(db: str | Path, log: Path, extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """A ready server on ``db``, killed on the way out."""
    server = launch(db, log, extra=extra)
    try:
        wait_ready(server)
        yield server
    finally:
        stop(server)


def error(response: httpx.Response, status: int) -> Any:
    """The JSON body of an error reply, checked: the status, JSON, no internals."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/json"
    assert "Traceback" not in response.text and 'File "' not in response.text
    return response.json()


def some_value(fact: str) -> FactValue:
    spec = VOCABULARY[fact]
    if spec.kind == "choice":
        return spec.choices[0]
    if spec.kind == "bool":
        return True
    return spec.minimum or 0


def new_session(client: httpx.Client, **body: Any) -> dict[str, Any]:
    r = client.post("/v1/sessions", json=body) if body else client.post("/v1/sessions")
    assert r.status_code == 201, r.text
    view: dict[str, Any] = r.json()
    assert r.headers["location"] == f"/v1/sessions/{view['id']}"
    return view
