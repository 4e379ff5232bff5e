"""The HTTP API's contract as the OpenAPI schema states it: strict answers, one
meaning of ``decides``, real examples for every request and error, an offline
docs page; and sessions that expire (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
from serverkit import error, new_session

from advisor import Advisor
from advisor.facts import VOCABULARY
from advisor.http import create_app
from advisor.session import Session, open_session_store

OPERATIONS = ("get", "post", "put", "delete", "patch")


@pytest.fixture(scope="module")
def openapi(app_client: httpx.Client) -> dict[str, Any]:
    schema: dict[str, Any] = app_client.get("/openapi.json").json()
    return schema


def answer(client: httpx.Client, sid: str, body: dict[str, Any]) -> httpx.Response:
    return client.post(f"/v1/sessions/{sid}/answers", json=body)


@pytest.mark.parametrize("fact", list(VOCABULARY))
def test_an_answer_without_a_value_is_a_422_naming_value(client: httpx.Client,
                                                         fact: str) -> None:
    sid = new_session(client, facts={"sms_version": "2.0"})["id"]
    detail = error(answer(client, sid, {"fact": fact}), 422)["detail"]
    assert [(d["loc"], d["type"]) for d in detail] == [(["body", "value"], "missing")]
    view = client.get(f"/v1/sessions/{sid}").json()
    assert view["facts"] == {"sms_version": "2.0"} and view["skipped"] == []  # unchanged


def test_null_and_skip_mean_what_they_say(client: httpx.Client) -> None:
    sid = new_session(client, facts={"sms_version": "2.0"})["id"]
    e = error(answer(client, sid, {"fact": "sms_version", "value": None}), 422)["detail"][0]
    assert e["loc"] == ["body", "value"] and e["type"] == "null_value"
    e = error(answer(client, sid, {"fact": "file_in_use", "value": None, "skip": True}),
              422)["detail"][0]
    assert e["type"] == "value_with_skip"
    view = answer(client, sid, {"fact": "use_forced_disconnect", "value": None}).json()
    assert view["facts"]["use_forced_disconnect"] is None  # absent: forced delivery off
    view = answer(client, sid, {"fact": "sms_version", "skip": True}).json()
    assert view["skipped"] == ["sms_version"] and "sms_version" not in view["facts"]


def test_decides_holds_ids_everywhere_and_titles_beside_them(client: httpx.Client,
                                                              advisor: Advisor) -> None:
    view = new_session(client, facts={"file_in_use": True, "sms_version": "2.0"})
    question = view["next_question"]
    same = next(q for q in view["advice"]["questions"] if q["fact"] == question["fact"])
    assert question["decides"] == same["decides"]  # one meaning: ids
    diagnoses = advisor.knowledge.diagnoses
    assert any(i in diagnoses for i in question["decides"])
    assert len(question["decides_titles"]) == len(question["decides"])
    for ident, title in zip(question["decides"], question["decides_titles"], strict=True):
        if ident in diagnoses:
            assert title == diagnoses[ident].title


def test_answer_schema_admits_exactly_the_fact_values(openapi: dict[str, Any]) -> None:
    schema = {**openapi["components"]["schemas"]["AnswerIn"],
              "components": openapi["components"]}
    validator = jsonschema_rs.Draft202012Validator(schema)
    good = [{"fact": "server_platform", "value": "netware"},
            {"fact": "number_of_retries", "value": 10},
            {"fact": "use_forced_disconnect", "value": None},
            {"fact": "job_type", "skip": True}]
    bad = [{"fact": "server_platform"}, {"fact": "sms_version", "value": 2.0},
           {"fact": "file_in_use", "value": None}, {"fact": "job_type", "skip": True,
                                                     "value": "system"},
           {"fact": "nope", "value": 1}, {"fact": "number_of_retries", "value": -1}]
    assert [validator.is_valid(b) for b in good] == [True] * len(good)
    assert [validator.is_valid(b) for b in bad] == [False] * len(bad)
    # Named shapes, one per fact and one for "unknown": no anonymous unions.
    titles = [shape["title"] for shape in schema["oneOf"]]
    assert titles == [*VOCABULARY, "unknown (skip)"]


def _media(operation: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {})


def test_every_request_and_error_has_a_schema_and_a_real_example(
        openapi: dict[str, Any], client: httpx.Client) -> None:
    placeholders = re.compile(r'"string"|4294967295|"additionalProp')
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method not in OPERATIONS:
                continue
            where = f"{method.upper()} {path}"
            media = _media(operation)
            if operation.get("requestBody"):
                examples = media.get("examples") or {}
                if not examples and "$ref" in media.get("schema", {}):
                    name = media["schema"]["$ref"].rsplit("/", 1)[1]
                    examples = {str(i): {"value": v} for i, v in enumerate(
                        openapi["components"]["schemas"][name].get("examples", []))}
                assert examples, f"{where}: no request example"
                for name, example in examples.items():
                    assert not placeholders.search(str(example["value"])), (where, name)
            for status, response in operation["responses"].items():
                if not status.startswith(("4", "5")):
                    continue
                body = response.get("content", {}).get("application/json", {})
                assert "schema" in body, f"{where} {status}: no schema"
                assert "example" in body or "examples" in body, f"{where} {status}: no example"
    # The examples are sent as they are: each is answered as documented.
    netware = _media(openapi["paths"]["/v1/advice"]["post"])["examples"]["netware"]["value"]
    advice = client.post("/v1/advice", json=netware).json()
    assert any("NetWare" in d["title"] for d in advice["diagnoses"])
    fix = _media(openapi["paths"]["/v1/reg"]["post"])["examples"]["fast_10_5"]["value"]
    reply = client.post("/v1/reg", json=fix)
    documented = openapi["paths"]["/v1/reg"]["post"]["responses"]["409"]
    assert reply.status_code == 409
    assert reply.json() == documented["content"]["application/json"]["example"]
    assert documented["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NoFixOut"}


def test_the_docs_page_needs_no_network(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources  # no CDN
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 1000, source
    assert "/openapi.json" in page.text


def test_no_docstring_restates_the_endpoints() -> None:
    import advisor.http.actions
    import advisor.http.app

    for module in (advisor.http.app, advisor.http.actions):
        assert "/v1/" not in (module.__doc__ or ""), module.__name__


def test_sessions_expire_and_are_purged(advisor: Advisor, session_db: str | Path) -> None:
    # The other sessions in this database are fresh: the purge leaves them alone.
    store = open_session_store(session_db, advisor, idle=3600)
    store.open()
    old, fresh = Session(advisor), Session(advisor)
    store.create(old)
    store.create(fresh)
    try:
        # Age one session by two hours, as if it had not been touched since.
        assert store.change(old.id, lambda s: None) is not None
        _age(store, old.id, 7200)
        assert store.load(old.id) is None  # expired: gone at once
        assert store.change(old.id, lambda s: s.answer("file_in_use", True)) is None
        assert store.load(fresh.id) is not None
        assert store.purge() == 1  # and purged
        assert store.purge() == 0
        assert store.load(fresh.id) is not None
    finally:
        store.delete(fresh.id)
        store.close()


def _age(store: Any, session_id: str, seconds: float) -> None:
    then = time.time() - seconds
    if hasattr(store, "path"):
        import sqlite3
        from contextlib import closing

        # sqlite3's own "with" commits but does not close (3.13 warns of that).
        with closing(sqlite3.connect(store.path, isolation_level=None)) as db:
            db.execute("UPDATE sessions SET updated = ? WHERE id = ?", (then, session_id))
    else:
        import psycopg

        with psycopg.connect(store.url, autocommit=True) as db:
            db.execute("UPDATE advisor_sessions SET updated = %s WHERE id = %s",
                       (then, session_id))


def test_an_expired_session_is_a_404_over_http(advisor: Advisor, tmp_path: Path) -> None:
    from asgikit import in_process_client

    app = create_app(advisor, db_path=tmp_path / "s.sqlite3", session_idle=3600)
    with in_process_client(app) as c:
        sid = new_session(c)["id"]
        store = open_session_store(tmp_path / "s.sqlite3", advisor)
        _age(store, sid, 7200)
        error(c.get(f"/v1/sessions/{sid}"), 404)
