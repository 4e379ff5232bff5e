"""The HTTP server under hostile clients (issue 9): lone surrogates on every
endpoint, absurd key counts, CPU-heavy uploads beside ``/healthz`` and slow
sockets, against the real server in a subprocess where it matters."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serverkit import ROOT, Server, free_port, stop, wait_ready

from advisor import Advisor
from advisor.http import create_app
from advisor.http.bodies import json_response
from advisor.http.work import Offload

SURROGATE = '"\\ud800"'
HEADERS = {"content-type": "application/json"}


def send(app: Any, calls: list[tuple[str, str, str | None]]) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=transport, base_url="http://test") as client:
            sid = (await client.post("/v1/sessions", content="{}", headers=HEADERS)).json()["id"]
            return [await client.request(method, url.format(sid=sid), content=body,
                                         headers=HEADERS) for method, url, body in calls]

    return asyncio.run(go())


def test_lone_surrogates_are_a_422_naming_the_field_on_every_endpoint(
        advisor: Advisor, tmp_path: Path) -> None:
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3", kb_db=tmp_path / "kb.sqlite3")
    s = SURROGATE
    calls: list[tuple[str, str, str | None]] = [
        ("POST", "/v1/advice", f'{{"sms_version": {s}}}'),
        ("POST", "/v1/advice", f"{{{s}: 1}}"),
        ("POST", "/v1/sessions", f'{{"facts": {{{s}: 1}}}}'),
        ("POST", "/v1/sessions/{sid}/answers", f'{{"fact": {s}, "value": 1}}'),
        ("POST", "/v1/sessions/{sid}/answers", f'{{"fact": "sms_version", "value": {s}}}'),
        ("POST", "/v1/sessions/{sid}/answers",
         f'{{"fact": "sms_version", "value": "2.0", "detail": {s}}}'),
        ("POST", "/v1/describe", f'{{"text": "netware {s[1:-1]}"}}'),
        ("POST", "/v1/reg", f'{{"sms_version": {s}}}'),
        ("POST", "/v1/sessions/{sid}/evidence", f'{{"filename": {s}, "content_base64": ""}}'),
        ("POST", "/v1/sessions/{sid}/undo", f"{{{s}: 1}}"),
    ]
    for (_, url, body), reply in zip(calls, send(app, calls), strict=True):
        assert reply.status_code == 422, (url, body, reply.text)
        [problem] = reply.json()["detail"]
        assert "surrogate" in problem["msg"] and problem["loc"][0] == "body"


def test_error_replies_can_always_be_encoded() -> None:
    reply = json_response({"detail": [{"input": "\ud800", "loc": ["body", "\udfff"]}]}, 422)
    body = bytes(reply.body)
    assert b"\\ud800" not in body and body.count("\ufffd".encode()) == 2


def test_thousands_of_near_miss_keys_are_refused_before_any_suggestion(
        advisor: Advisor, tmp_path: Path) -> None:
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")
    body = "{" + ",".join(f'"sms_versio{i}":1' for i in range(3_149)) + "}"
    started = time.monotonic()
    [reply] = send(app, [("POST", "/v1/advice", body)])
    assert time.monotonic() - started < 5
    assert reply.status_code == 422
    [problem] = reply.json()["detail"]
    assert "3,149 fields" in problem["msg"]


def test_offload_gives_503_at_the_deadline_and_when_full() -> None:
    offload = Offload(workers=1, queue=0, deadline=0.2)
    release = threading.Event()

    async def go() -> tuple[int, int]:
        from fastapi import HTTPException
        codes = []
        for _ in range(2):
            try:
                await offload(lambda: release.wait(5))
            except HTTPException as exc:
                codes.append(exc.status_code)
        return codes[0], codes[1]

    try:
        assert asyncio.run(go()) == (503, 503)
    finally:
        release.set()
        offload.close()


# The real server ------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["1", "2"], ids=["one-worker", "two-workers"])
def limited(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
            ) -> Iterator[Server]:
    # Several workers are spawned processes with a protocol of their own
    # (httptools): the limits must hold there too.
    home = tmp_path_factory.mktemp("limited")
    port = free_port()
    env = {**os.environ, "ADVISOR_HOME": str(home),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                         if p)}
    log = home / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--db",
             str(home / "s.sqlite3"), "--kb-db", str(home / "kb.sqlite3"), "--log-level",
             "warning", "--no-access-log", "--read-timeout", "1", "--max-connections", "300",
             "--workers", request.param],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True)
    server = Server(proc, f"http://127.0.0.1:{port}", port, log)
    try:
        wait_ready(server)
        yield server
    finally:
        stop(server)


def _worst_uploads() -> list[tuple[str, dict[str, Any]]]:
    log = ("status" + " " * 300 + "x win32 error" + " " * 300 + "y\n") * 60
    reg = "REGEDIT4\r\n\r\n" + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components" \
        "\\SMS_Despooler]\r\n" * 500
    return [
        ("evidence", {"filename": "Despool.log",
                      "content_base64": base64.b64encode(log.encode()[:44_000]).decode()}),
        ("evidence", {"filename": "x.reg",
                      "content_base64": base64.b64encode(reg.encode()[:44_000]).decode()}),
        ("describe", {"text": "failed, " * 499}),
    ]


def test_healthz_answers_within_1s_while_the_worst_uploads_run(limited: Server) -> None:
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        sid = client.post("/v1/sessions").json()["id"]
    stop_at = time.monotonic() + 3
    statuses: list[int] = []

    def hammer(kind: str, body: dict[str, Any]) -> None:
        url = f"/v1/sessions/{sid}/evidence" if kind == "evidence" else "/v1/describe"
        with httpx.Client(base_url=limited.url, timeout=30) as client:
            while time.monotonic() < stop_at:
                statuses.append(client.post(url, json=body).status_code)

    threads = [threading.Thread(target=hammer, args=upload)
               for upload in _worst_uploads() * 2]
    for thread in threads:
        thread.start()
    waits = []
    try:
        with httpx.Client(base_url=limited.url, timeout=5) as client:
            while time.monotonic() < stop_at:
                started = time.monotonic()
                assert client.get("/healthz").status_code == 200
                waits.append(time.monotonic() - started)
                time.sleep(0.05)
    finally:
        for thread in threads:
            thread.join(40)
    assert statuses and set(statuses) <= {200, 503}
    assert max(waits) < 1.0, f"/healthz took {max(waits):.2f} s"


def test_slow_sockets_are_closed_at_the_read_deadline(limited: Server) -> None:
    sockets = []
    for _ in range(250):
        sock = socket.create_connection(("127.0.0.1", limited.port), timeout=5)
        sock.sendall(b"POST /v1/advice HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
        sockets.append(sock)
    try:
        time.sleep(2.5)
        closed = 0
        for sock in sockets:
            sock.settimeout(2)
            try:
                closed += sock.recv(1024) == b""
            except (ConnectionResetError, TimeoutError):
                closed += isinstance(sys.exc_info()[1], ConnectionResetError)
        assert closed == len(sockets)
        assert httpx.get(f"{limited.url}/healthz", timeout=2).status_code == 200
    finally:
        for sock in sockets:
            sock.close()


def test_an_oversized_request_head_is_a_431_and_the_connection_closes(limited: Server) -> None:
    # A header that never ends would otherwise be held in memory whole (httptools
    # buffers a header until it is complete): 1 MiB of it gets a 431 long before.
    with socket.create_connection(("127.0.0.1", limited.port), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ")
        reply = b""
        try:
            for _ in range(16):
                sock.sendall(b"a" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed on us, as it should be
        try:
            while chunk := sock.recv(4096):
                reply += chunk
        except ConnectionResetError:
            pass
    assert reply.startswith(b"HTTP/1.1 431"), reply[:200]
    assert b"larger than 16384 bytes" in reply
    # A head just under the limit is served, and the server stays healthy.
    ok = httpx.get(f"{limited.url}/healthz", headers={"x-long": "a" * 15000}, timeout=5)
    assert ok.status_code == 200
