"""The HTTP API, tested over HTTP against the real server in a subprocess.

One server runs for the module (on a free loopback port, with its own session
database); the restart test runs its own. Every subprocess is killed in a
fixture finaliser, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from serverkit import (
    STARTUP_TIMEOUT,
    Server,
    error,
    launch,
    new_session,
    running_server,
    some_value,
    stop,
)

import advisor.http.app as server_module
from advisor import Advisor
from advisor.cli import main
from advisor.cli.serve import add_serve_command
from advisor.errors import SessionStoreError
from advisor.facts import VOCABULARY
from advisor.http import create_app
from advisor.http.bodies import MAX_BODY
from advisor.http.schemas import SessionView
from advisor.session import Session, SessionStore, SQLiteSessionStore

FACTS: dict[str, Any] = {"sms_version": "2.0", "server_platform": "windows_nt",
                         "file_in_use": True, "use_forced_disconnect": 0,
                         "job_type": "share_package_on_server"}
JSON_HEADERS = {"content-type": "application/json"}


def answer(client: httpx.Client, sid: str, body: dict[str, Any]) -> httpx.Response:
    return client.post(f"/v1/sessions/{sid}/answers", json=body)


# Service, schema, docs --------------------------------------------------------

def test_health(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {p: sorted(ops) for p, ops in paths.items()} == {
        "/healthz": ["get"], "/v1/advice": ["post"], "/v1/sessions": ["post"],
        "/v1/sessions/{session_id}": ["get"], "/v1/sessions/{session_id}/answers": ["post"],
        "/v1/sessions/{session_id}/undo": ["post"], "/v1/kb/articles": ["get"],
        "/v1/kb/articles/{article_id}": ["get"], "/v1/describe": ["post"],
        "/v1/kb/search": ["get"], "/v1/reg": ["post"], "/v1/sessions/{session_id}/reg": ["get"],
        "/v1/sessions/{session_id}/evidence": ["post"],
        "/v1/sessions/{session_id}/report": ["get"]}
    advise = paths["/v1/advice"]["post"]
    ok = advise["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Advice"}
    assert {"covered", "complete", "diagnoses", "actions", "status", "questions",
            "trace"} <= set(schema["components"]["schemas"]["Advice"]["properties"])
    body = advise["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == set(VOCABULARY) and body["additionalProperties"] is False
    assert {"413", "415", "422"} <= set(advise["responses"])
    assert "hint" in schema["components"]["schemas"]["FieldError"]["properties"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# Advice -------------------------------------------------------------------------

def test_advice_is_the_python_apis_advice(client: httpx.Client, advisor: Advisor) -> None:
    for facts in (FACTS, {}, {"sms_version": "1.1", "file_in_use": True,
                              "server_platform": "windows_nt", "number_of_retries": None}):
        r = client.post("/v1/advice", json=facts)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert r.json() == advisor.advise(facts).model_dump(mode="json")
    confirmed = [d["id"] for d in client.post("/v1/advice", json=FACTS).json()["diagnoses"]
                 if d["certainty"] == "confirmed"]
    assert confirmed == ["forced_delivery_off"]


def test_bad_facts_get_one_error_per_field_with_hints(client: httpx.Client) -> None:
    r = client.post("/v1/advice", json={"sms_versoin": "2.0", "server_platform": "windows_nt",
                                         "file_in_use": "yes", "sms_version": 2.0,
                                         "use_forced_disconnect": -1})
    detail = error(r, 422)["detail"]
    by_field = {tuple(e["loc"]): e for e in detail}
    assert set(by_field) == {("body", "sms_versoin"), ("body", "file_in_use"),
                             ("body", "sms_version"), ("body", "use_forced_disconnect")}
    assert by_field["body", "sms_versoin"]["hint"] == "did you mean 'sms_version'?"
    assert by_field["body", "sms_versoin"]["type"] == "unknown_fact"
    assert by_field["body", "sms_version"]["hint"] == 'did you mean the string "2.0"?'
    assert "without quotes" in by_field["body", "file_in_use"]["hint"]
    assert "hint" not in by_field["body", "use_forced_disconnect"]
    assert all(e["msg"] and e["type"] for e in detail)


@pytest.mark.parametrize("body", [b"[]", b'"facts"', b"1", b"null", b"true", b""])
def test_advice_needs_an_object(client: httpx.Client, body: bytes) -> None:
    detail = error(client.post("/v1/advice", content=body, headers=JSON_HEADERS), 422)["detail"]
    assert detail[0]["loc"] == ["body"]


@pytest.mark.parametrize(("body", "headers", "status"), [
    (b'{"a": 1', JSON_HEADERS, 422),                                 # not JSON
    (b'{"sms_version": "2.0"}', {"content-type": "text/plain"}, 415),
    (b'{"sms_version": "2.0"}', {"content-type": "application/x-www-form-urlencoded"}, 415),
    (b'{"sms_version": "2.0"}', {}, 415),                            # no content type
    (b'{"number_of_retries": 1' + b"0" * 5000 + b"}", JSON_HEADERS, 422),  # huge integer
    (b'{"number_of_retries": 1e999}', JSON_HEADERS, 422),            # infinite
    (b'{"number_of_retries": NaN}', JSON_HEADERS, 422),
    (b'{"number_of_retries": 99999999999999999999}', JSON_HEADERS, 422),  # out of range
    (b"{\"a\":" * 10000 + b"1" + b"}" * 10000, JSON_HEADERS, 422),    # deeply nested
    (b"[" * 40 + b"]" * 40, JSON_HEADERS, 422),                       # nested past the limit
    (b'{"sms_version": "\xff\xfe"}', JSON_HEADERS, 422),              # not UTF-8
])
def test_hostile_bodies_get_4xx(client: httpx.Client, body: bytes, headers: dict[str, str],
                                status: int) -> None:
    error(client.post("/v1/advice", content=body, headers=headers), status)


def test_body_limit_by_content_length(client: httpx.Client) -> None:
    padded = json.dumps(FACTS).encode()
    exact = padded + b" " * (MAX_BODY - len(padded))
    assert client.post("/v1/advice", content=exact, headers=JSON_HEADERS).status_code == 200
    r = client.post("/v1/advice", content=exact + b" ", headers=JSON_HEADERS)
    assert "65536 bytes" in error(r, 413)["detail"]


def test_body_limit_counts_chunked_bytes(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"sms_version": "2.0"'
        for _ in range(100):
            yield b" " * 1024
        yield b"}"

    r = client.post("/v1/advice", content=chunks(), headers=JSON_HEADERS)
    assert r.request.headers["transfer-encoding"] == "chunked"
    assert "content-length" not in r.request.headers
    error(r, 413)
    # Every endpoint, not only those that read a body.
    error(client.post("/v1/sessions/AAAAAAAAAAAAAAAAAAAAAAAA/undo", content=chunks(),
                      headers=JSON_HEADERS), 413)


def test_unknown_routes_and_methods_get_json(client: httpx.Client) -> None:
    error(client.get("/v2/advice"), 404)
    error(client.get("/v1/advice"), 405)


# Sessions -------------------------------------------------------------------------

def test_session_to_the_end(client: httpx.Client, advisor: Advisor) -> None:
    view = new_session(client)
    sid = view["id"]
    assert view["answers"] == [] and view["complete"] is False
    asked = []
    while view["next_question"] is not None:
        question = view["next_question"]
        asked.append(question["fact"])
        assert question["answers"] and question["question"] and question["fact"] in VOCABULARY
        value = FACTS.get(question["fact"], some_value(question["fact"]))
        view = answer(client, sid, {"fact": question["fact"], "value": value}).json()
        assert len(asked) < 20, "the questions do not end"
    SessionView.model_validate(view)
    assert view["complete"] is True and view["advice"]["complete"] is True
    assert [a["fact"] for a in view["answers"]] == asked
    assert len(set(asked)) == len(asked)  # nothing asked twice
    assert view["advice"] == advisor.advise(view["facts"]).model_dump(mode="json")
    assert client.get(f"/v1/sessions/{sid}").json() == view


def test_session_seeded_with_facts(client: httpx.Client, advisor: Advisor) -> None:
    view = new_session(client, facts=FACTS)
    assert view["facts"] == FACTS
    assert [(a["fact"], a["value"], a["source"]) for a in view["answers"]] == [
        (f, v, "answer") for f, v in FACTS.items()]
    assert view["advice"] == advisor.advise(FACTS).model_dump(mode="json")
    r = client.post("/v1/sessions", json={"facts": {"sms_versoin": "2.0"}})
    e = error(r, 422)["detail"][0]
    assert e["loc"] == ["body", "facts", "sms_versoin"]
    assert e["hint"] == "did you mean 'sms_version'?"
    error(client.post("/v1/sessions", json={"fact": {}}), 422)  # unknown field
    error(client.post("/v1/sessions", json=[]), 422)


def test_answers_revise_skip_and_absent(client: httpx.Client) -> None:
    sid = new_session(client)["id"]
    first = answer(client, sid, {"fact": "sms_version", "value": "1.1"}).json()
    revised = answer(client, sid, {"fact": "sms_version", "value": "2.0"}).json()
    assert revised["facts"]["sms_version"] == "2.0" and len(revised["answers"]) == 2
    assert first["advice"] != revised["advice"] or first["next_question"] != revised[
        "next_question"]

    asked = revised["next_question"]["fact"]
    skipped = answer(client, sid, {"fact": asked, "skip": True}).json()
    assert skipped["skipped"] == [asked] and asked not in skipped["facts"]
    last = skipped["answers"][-1]
    assert (last["fact"], last["skipped"], last["value"]) == (asked, True, None)
    assert skipped["next_question"] is None or skipped["next_question"]["fact"] != asked

    # null is an answer only for the registry values ("absent"); elsewhere a 422.
    e = error(answer(client, sid, {"fact": "server_platform", "value": None}), 422)
    assert e["detail"][0]["loc"] == ["body", "value"] and "skip" in e["detail"][0]["msg"]
    view = answer(client, sid, {"fact": "use_forced_disconnect", "value": None}).json()
    assert view["facts"]["use_forced_disconnect"] is None
    assert "use_forced_disconnect" not in view["skipped"]


def test_bad_answers_name_the_field(client: httpx.Client) -> None:
    sid = new_session(client)["id"]
    e = error(answer(client, sid, {"fact": "file_in_uze", "value": True}), 422)["detail"][0]
    assert (e["loc"], e["type"], e["hint"]) == (
        ["body", "fact"], "unknown_fact", "did you mean 'file_in_use'?")
    e = error(answer(client, sid, {"fact": "server_platform", "value": "netwar"}), 422)[
        "detail"][0]
    assert (e["loc"], e["hint"]) == (["body", "value"], "did you mean 'netware'?")
    e = error(answer(client, sid, {"fact": "sms_version", "value": "2.0", "skip": True}),
              422)["detail"][0]
    assert e["loc"] == ["body", "value"]
    for body in ({"value": True}, {"fact": "file_in_use", "value": 1.5},
                 {"fact": "file_in_use", "value": True, "extra": 1}, {"fact": 7}):
        error(answer(client, sid, body), 422)
    assert client.get(f"/v1/sessions/{sid}").json()["answers"] == []  # nothing recorded


def test_undo(client: httpx.Client) -> None:
    sid = new_session(client)["id"]
    assert error(client.post(f"/v1/sessions/{sid}/undo"), 409) == {
        "detail": "there is no answer to undo"}
    start = client.get(f"/v1/sessions/{sid}").json()
    answer(client, sid, {"fact": "sms_version", "value": "1.1"})
    answer(client, sid, {"fact": "sms_version", "value": "2.0"})
    view = client.post(f"/v1/sessions/{sid}/undo").json()
    assert view["facts"] == {"sms_version": "1.1"}  # the earlier answer is back
    view = client.post(f"/v1/sessions/{sid}/undo").json()
    assert view["answers"] == [] and view["next_question"] == start["next_question"]
    error(client.post(f"/v1/sessions/{sid}/undo"), 409)


def test_unknown_and_malformed_ids(client: httpx.Client) -> None:
    unknown = "A" * 24
    error(client.get(f"/v1/sessions/{unknown}"), 404)
    error(answer(client, unknown, {"fact": "file_in_use", "value": True}), 404)
    error(client.post(f"/v1/sessions/{unknown}/undo"), 404)
    for bad in ("short", "x" * 65, "has.dots.in.it.1234567", "quote'quote'quote'quote"):
        e = error(client.get(f"/v1/sessions/{bad}"), 422)["detail"][0]
        assert e["loc"] == ["path", "session_id"]


def test_concurrent_answers_are_all_kept(client: httpx.Client, server: Server) -> None:
    sid = new_session(client)["id"]
    facts = list(VOCABULARY)
    failures: list[str] = []

    def post(index: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as own:
            for round_ in range(3):
                fact = facts[(index + round_) % len(facts)]
                r = answer(own, sid, {"fact": fact, "value": some_value(fact)})
                if r.status_code != 200:
                    failures.append(r.text)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(client.get(f"/v1/sessions/{sid}").json()["answers"]) == 24


def test_restart_loses_no_session(tmp_path: Path) -> None:
    db, log = tmp_path / "sessions.sqlite3", tmp_path / "server.log"
    with running_server(db, log) as first, httpx.Client(base_url=first.url) as c:
        sid = new_session(c)["id"]
        for _ in range(2):
            q = c.get(f"/v1/sessions/{sid}").json()["next_question"]
            answer(c, sid, {"fact": q["fact"], "value": FACTS.get(q["fact"],
                                                                  some_value(q["fact"]))})
        before = c.get(f"/v1/sessions/{sid}").json()
        first.proc.kill()  # no shutdown, no goodbye
        first.proc.wait(10)
    with running_server(db, log) as second, httpx.Client(base_url=second.url) as c:
        after = c.get(f"/v1/sessions/{sid}").json()
        assert after == before
        q = after["next_question"]
        view = answer(c, sid, {"fact": q["fact"], "value": FACTS.get(q["fact"], some_value(
            q["fact"]))}).json()
        assert [a["fact"] for a in view["answers"]] == [
            *[a["fact"] for a in before["answers"]], q["fact"]]
        assert view["next_question"] is None or view["next_question"]["fact"] != q["fact"]


def test_a_taken_port_fails_cleanly(server: Server, tmp_path: Path) -> None:
    other = launch(tmp_path / "s.sqlite3", tmp_path / "log", port=server.port)
    try:
        assert other.proc.wait(STARTUP_TIMEOUT) != 0
    finally:
        stop(other)
    assert "address already in use" in other.output().lower()


# Knowledge base ---------------------------------------------------------------------

def test_articles(client: httpx.Client, advisor: Advisor) -> None:
    # The server's article store holds the bundled articles (ADVISOR_HOME is fresh).
    listed = client.get("/v1/kb/articles").json()
    assert [a["id"] for a in listed] == sorted(advisor.knowledge.articles)
    q202063 = next(a for a in listed if a["id"] == "Q202063")
    article = advisor.knowledge.articles["Q202063"]
    assert q202063["title"] == article.title
    assert q202063["product"] == "Microsoft Systems Management Server"
    assert q202063["versions"] == list(article.versions)
    assert q202063["status"]["solution"] == "no_fix"
    assert [a["id"] for a in client.get("/v1/kb/articles",
                                        params={"product": "sms", "limit": 1}).json()] == [
        "Q128458"]
    assert client.get("/v1/kb/articles", params={"product": "exchange"}).json() == []
    assert [a["id"] for a in client.get("/v1/kb/articles",
                                        params={"keyword": "kbOSNovell"}).json()] == ["Q202063"]
    for ident in ("Q202063", "q202063", "202063"):
        whole = client.get(f"/v1/kb/articles/{ident}").json()
        assert {k: v for k, v in whole.items() if k != "status"} == article.model_dump(
            mode="json")
        assert whole["status"]["solution"] == "no_fix"
    fixed = client.get("/v1/kb/articles/Q128458", params={"version": "1.1"}).json()["status"]
    assert (fixed["solution"], fixed["fixed_in_your_version"]) == ("fixed", False)
    assert client.get("/v1/kb/articles/Q128458",
                      params={"version": "2.0"}).json()["status"]["fixed_in_your_version"]
    for hit in client.get("/v1/kb/search", params={"q": "netware file open"}).json():
        assert hit["product"] and hit["status"]["solution"]
        assert client.get(f"/v1/kb/articles/{hit['id']}").status_code == 200
    error(client.get("/v1/kb/articles/Q999999"), 404)
    error(client.get("/v1/kb/articles/banana"), 422)
    error(client.get("/v1/kb/articles", params={"limit": 0}), 422)


# In process: what cannot be provoked from outside --------------------------------------

def in_process(app: FastAPI, *calls: tuple[str, str, Any]) -> list[httpx.Response]:
    """Send ``(method, url, json)`` requests to ``app`` in this process, in order."""

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=transport, base_url="http://test") as c:
            return [await c.request(method, url, json=body) for method, url, body in calls]

    return asyncio.run(run())


def test_advice_replies_are_kept_by_body_and_computed_once(
        advisor: Advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Advice never changes while the server runs, so a body seen before gets the
    # reply it got then without computing it again; bad bodies are never kept.
    monkeypatch.setattr(server_module, "REPLIES", 2)
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")
    computed: list[object] = []
    real = Advisor.advise

    def counting(self: Advisor, facts: Any, skipped: Any = ()) -> Any:
        computed.append(facts)
        return real(self, facts, skipped)

    monkeypatch.setattr(Advisor, "advise", counting)
    other = {"sms_version": "2.0", "server_platform": "netware", "file_in_use": True}
    third = {"file_in_use": True}
    bad = {"sms_version": "9.9"}
    replies = in_process(app, ("POST", "/v1/advice", FACTS), ("POST", "/v1/advice", FACTS),
                         ("POST", "/v1/advice", bad), ("POST", "/v1/advice", bad),
                         ("POST", "/v1/advice", other), ("POST", "/v1/advice", third),
                         ("POST", "/v1/advice", FACTS))
    assert [r.status_code for r in replies] == [200, 200, 422, 422, 200, 200, 200]
    # FACTS once, the two others once, and FACTS again: only two replies are
    # kept, so it had gone. (The bad body never reaches the advisor.)
    assert len(computed) == 4
    assert replies[0].content == replies[1].content == replies[6].content
    assert replies[0].json() == json.loads(advisor.advise(FACTS).model_dump_json())
    assert replies[2].json() == replies[3].json()


def test_an_unexpected_error_is_a_plain_500(advisor: Advisor, tmp_path: Path) -> None:
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals at /etc/passwd")

    [r] = in_process(app, ("GET", "/boom", None))
    assert error(r, 500) == {"detail": "internal server error"}
    assert "secret" not in r.text and "RuntimeError" not in r.text


def test_a_busy_store_is_a_503(advisor: Advisor, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*args: object) -> None:
        raise SessionStoreError("database is locked")

    monkeypatch.setattr(SessionStore, "load", busy)
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")
    [r] = in_process(app, ("GET", f"/v1/sessions/{'A' * 24}", None))
    assert error(r, 503) == {"detail": "the session store is busy; try again"}
    assert r.headers["retry-after"] == "1"


def test_a_slow_session_route_is_a_503_at_the_deadline(advisor: Advisor, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The session routes run in the bounded pool too: a store that hangs costs
    # the client the deadline, never a request that waits forever.
    import time

    from advisor.http.work import Offload

    released = threading.Event()

    def slow(*args: object) -> None:
        released.wait(5)

    monkeypatch.setattr(server_module, "Offload", lambda: Offload(deadline=0.3))
    monkeypatch.setattr(SessionStore, "load", slow)
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")
    started = time.monotonic()
    try:
        [r] = in_process(app, ("GET", f"/v1/sessions/{'A' * 24}", None))
    finally:
        released.set()
    assert error(r, 503) == {"detail": "the request took longer than 0.3 s; try again"}
    assert time.monotonic() - started < 4


def test_a_session_keeps_at_most_max_answers(advisor: Advisor, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "MAX_ANSWERS", 2)
    app = create_app(advisor, db_path=tmp_path / "s.sqlite3")
    store = SQLiteSessionStore(tmp_path / "s.sqlite3", advisor)
    session = Session(advisor)
    store.create(session)
    store.close()
    url = f"/v1/sessions/{session.id}/answers"
    body = {"fact": "file_in_use", "value": True}
    replies = in_process(app, *[("POST", url, body)] * 3)
    assert [r.status_code for r in replies] == [200, 200, 409]
    assert "start a new one" in error(replies[2], 409)["detail"]


def test_store_errors_name_the_database(advisor: Advisor, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SQLiteSessionStore(path, advisor, timeout=0.05)
    store.open()
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(SessionStoreError, match=r"s\.sqlite3: session store error"):
            store.create(Session(advisor))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        store.close()


def test_store_keeps_concurrent_changes_from_two_processes(advisor: Advisor,
                                                           tmp_path: Path) -> None:
    # Two stores on one file stand for two server processes.
    stores = [SQLiteSessionStore(tmp_path / "s.sqlite3", advisor) for _ in range(2)]
    session = Session(advisor)
    stores[0].create(session)

    def add(store: SessionStore) -> None:
        for _ in range(10):
            assert store.change(session.id, lambda s: s.answer("file_in_use", True))

    threads = [threading.Thread(target=add, args=(stores[i % 2],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = stores[1].load(session.id)
    assert loaded is not None and len(loaded.answers) == 40
    assert stores[0].load("../../etc/passwd") is None
    for store in stores:
        store.close()


def test_store_refuses_a_bad_path(advisor: Advisor, tmp_path: Path) -> None:
    with pytest.raises(SessionStoreError, match="cannot open the session store"):
        create_app(advisor, db_path=tmp_path)  # a directory


def test_serve_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="advisor")
    add_serve_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--port", "8123", "--db", "x.sqlite3"])
    assert (args.host, args.port, args.db, callable(args.run)) == (
        "127.0.0.1", 8123, "x.sqlite3", True)
    assert parser.parse_args(["serve"]).port == 8000
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port number" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path)]) == 1
    assert "cannot open the session store" in capsys.readouterr().err
