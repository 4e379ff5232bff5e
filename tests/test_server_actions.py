"""The HTTP routes beyond advice and sessions, against the real server in a
subprocess: describing a problem, searching, the registry fix, evidence files
and the report."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
from serverkit import error, new_session

HERE = Path(__file__).resolve().parent
EVIDENCE = HERE / "fixtures" / "evidence"
NT20 = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True}


def test_describe_then_confirm_the_proposals(client: httpx.Client) -> None:
    r = client.post("/v1/describe", json={
        "text": "Our NetWare distribution server never gets the package: a user keeps "
                "a file open. SMS 2.0."})
    assert r.status_code == 200, r.text
    found = r.json()
    assert found["candidates"][0]["id"] == "Q202063" and found["has_rules"] is True
    proposals = {p["fact"]: p for p in found["proposals"]}
    assert proposals["server_platform"]["value"] == "netware"
    view = new_session(client)
    for p in found["proposals"]:
        r = client.post(f"/v1/sessions/{view['id']}/answers", json={
            "fact": p["fact"], "value": p["value"], "source": "description",
            "detail": f'"{p["words"]}"'})
        assert r.status_code == 200, r.text
    view = r.json()
    assert {a["source"] for a in view["answers"]} == {"description"}
    confirmed = [d["id"] for d in view["advice"]["diagnoses"] if d["certainty"] == "confirmed"]
    assert confirmed == ["netware_no_forced_disconnect"]


def test_describe_with_nothing_to_go_on_is_empty(client: httpx.Client) -> None:
    r = client.post("/v1/describe", json={"text": "the and of"})
    assert r.status_code == 200
    assert r.json()["candidates"] == [] and r.json()["proposals"] == []
    error(client.post("/v1/describe", json={"text": ""}), 422)
    error(client.post("/v1/describe", json={"words": "x"}), 422)


def test_search(client: httpx.Client) -> None:
    r = client.get("/v1/kb/search", params={"q": "forced disconnect netware", "limit": 3})
    assert r.status_code == 200
    hits = r.json()
    assert hits[0]["id"] == "Q202063" and len(hits) <= 3
    assert client.get("/v1/kb/search", params={"q": "((("}).json() == []
    error(client.get("/v1/kb/search", params={"q": "x", "limit": 0}), 422)


def test_registry_fix(client: httpx.Client) -> None:
    r = client.post("/v1/reg", json={**NT20, "use_forced_disconnect": 0})
    assert r.status_code == 200, r.text
    fix = r.json()
    golden = (HERE / "golden" / "use-forced-disconnect.reg").read_bytes()
    assert fix["reg_file"].encode("cp1252") == golden
    assert fix["commands"][0].startswith('reg add "HKLM\\SOFTWARE\\Microsoft\\SMS')
    none = error(client.post("/v1/reg", json={**NT20, "server_platform": "netware"}), 409)
    assert "server_platform is Novell NetWare" in " ".join(none["reasons"])
    error(client.post("/v1/reg", json={"sms_version": 2}), 422)


def test_session_evidence_reg_and_report(client: httpx.Client) -> None:
    view = new_session(client, facts=NT20)
    sid = view["id"]
    content = base64.b64encode((EVIDENCE / "despooler-off-nt4.reg").read_bytes()).decode()
    r = client.post(f"/v1/sessions/{sid}/evidence",
                    json={"filename": "despooler.reg", "content_base64": content})
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["facts"]["use_forced_disconnect"] == 0
    (entry,) = [a for a in view["answers"] if a["fact"] == "use_forced_disconnect"]
    assert (entry["source"], entry["detail"]) == ("evidence", "despooler.reg:4")
    assert view["evidence"]["items"]
    r = client.get(f"/v1/sessions/{sid}/reg")
    assert r.status_code == 200 and r.json()["reg_file"].startswith("REGEDIT4\r\n")
    r = client.get(f"/v1/sessions/{sid}/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert r.text.startswith("# Troubleshooting report") and "evidence: despooler.reg:4" in r.text


def test_broken_evidence_fills_nothing_and_says_why(client: httpx.Client) -> None:
    view = new_session(client, facts=NT20)
    content = base64.b64encode((EVIDENCE / "malformed-dword.reg").read_bytes()).decode()
    r = client.post(f"/v1/sessions/{view['id']}/evidence",
                    json={"filename": "bad.reg", "content_base64": content})
    assert r.status_code == 200
    reply: dict[str, Any] = r.json()
    assert "use_forced_disconnect" not in reply["facts"]
    (problem,) = reply["evidence"]["problems"]
    assert problem["path"] == "bad.reg" and problem["line"]
    error(client.post(f"/v1/sessions/{view['id']}/evidence",
                      json={"filename": "x.reg", "content_base64": "not base64!"}), 422)
    error(client.post("/v1/sessions/" + "a" * 24 + "/evidence",
                      json={"filename": "x.reg", "content_base64": ""}), 404)
