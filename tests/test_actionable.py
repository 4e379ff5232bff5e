"""Actionable output end to end: the registry fix export (CLI, prompt), evidence
files filling facts, the why-not explanations and the Markdown report."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from strategies import FACTS

from advisor import Advisor, advise
from advisor.cli import main
from advisor.output import NoRegistryFix, registry_export, render_report
from advisor.repl import Conversation

HERE = Path(__file__).resolve().parent
EVIDENCE = HERE / "fixtures" / "evidence"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NT20 = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True}


def run(argv: list[str], stdin: str = "{}") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_cli_writes_the_registry_fix(tmp_path: Path) -> None:
    target = tmp_path / "fix.reg"
    code, out, _ = run(["advise", "--reg", str(target)],
                       json.dumps({**NT20, "use_forced_disconnect": 0}))
    assert code == 0
    assert target.read_bytes() == (GOLDEN / "use-forced-disconnect.reg").read_bytes()
    assert f"Registry fix written to {target}" in out
    assert 'reg add "HKLM\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler"' in out


@pytest.mark.parametrize(("facts", "reason"), [
    ({**NT20, "server_platform": "netware"}, "server_platform is Novell NetWare"),
    ({**NT20, "sms_version": "1.1"}, "sms_version is SMS 1.1"),
    ({**NT20, "use_forced_disconnect": 1, "value_on_target_site": True},
     "use_forced_disconnect is 1"),
    ({**NT20, "use_forced_disconnect": 0, "job_type": "system"}, "job_type is System job"),
])
def test_cli_says_why_nothing_is_exported(tmp_path: Path, facts: dict[str, Any],
                                          reason: str) -> None:
    target = tmp_path / "fix.reg"
    code, out, _ = run(["advise", "--reg", str(target)], json.dumps(facts))
    assert code == 1  # no fix applies
    assert not target.exists()
    assert "No registry fix written:" in out and reason in out
    code, out, _ = run(["advise", "--json", "--reg", str(target)], json.dumps(facts))
    assert code == 1
    artifacts = json.loads(out)["artifacts"]
    assert artifacts["reg"] is None and artifacts["reg_reasons"]


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_no_export_where_the_fix_does_not_apply(advisor: Advisor, facts: dict[str, Any]) -> None:
    advisor_ = advisor
    advice = advisor_.advise(facts)
    export = registry_export(advisor_.knowledge, advice)
    if isinstance(export, NoRegistryFix):
        assert export.reasons
        assert not [a for a in advice.actions if a.kind == "registry"]
        return
    # Exported only for Windows NT, SMS 1.2 or 2.0, a file in use, a job type
    # forced delivery covers, and forced delivery not already on where it counts.
    assert facts.get("server_platform") == "windows_nt"
    assert facts.get("sms_version") in ("1.2", "2.0")
    assert facts.get("file_in_use") is True
    assert facts.get("job_type") not in ("remove_package_from_server", "system")
    on = facts.get("use_forced_disconnect") not in (0, None)
    # Already on: only to set it on the target site, or the companion values
    # when the Despooler would give the job up before forced delivery.
    companions = {"set_number_of_retries", "set_forced_disconnection_delay"}
    assert not on or facts.get("value_on_target_site") is False or companions & {
        a.id for a in advice.actions}
    assert export.text.startswith("REGEDIT4\r\n")




def test_cli_evidence_fills_facts_with_file_and_line() -> None:
    reg = EVIDENCE / "despooler-off-nt4.reg"
    log = EVIDENCE / "despool-locked.log"
    code, out, _ = run(["advise", "--json", "--evidence", str(reg), str(log)],
                       json.dumps({"sms_version": "2.0", "server_platform": "windows_nt",
                                   "job_type": "share_package_on_server"}))
    assert code == 0
    document = json.loads(out)
    assert document["facts"]["use_forced_disconnect"] == 0
    assert document["facts"]["file_in_use"] is True
    assert {d["id"] for d in document["diagnoses"] if d["certainty"] == "confirmed"} == {
        "forced_delivery_off"}
    items = {i["fact"]: i for i in document["evidence"]["items"]}
    assert items["use_forced_disconnect"]["path"].endswith("despooler-off-nt4.reg")
    assert items["use_forced_disconnect"]["line"] == 4


def test_cli_facts_given_win_over_evidence() -> None:
    reg = EVIDENCE / "despooler-off-nt4.reg"
    code, out, _ = run(["advise", "--evidence", str(reg)],
                       json.dumps({**NT20, "use_forced_disconnect": 1}))
    assert code == 0
    assert "use_forced_disconnect = 0" in out and "(overridden by the facts given)" in out
    assert "Forced delivery is on" in out


@pytest.mark.parametrize("name", ["malformed-dword.reg", "truncated-utf16.reg", "bad-header.reg"])
def test_cli_broken_evidence_exits_2_naming_file_and_line(name: str) -> None:
    code, out, err = run(["advise", "--evidence", str(EVIDENCE / name)], "{}")
    assert code == 2
    assert f"{name}:" in err
    assert "Traceback" not in err + out


def test_report_golden(advisor: Advisor) -> None:
    advisor_ = advisor
    session = advisor_.session()
    for fact, value in [("file_in_use", True), ("sms_version", "2.0"),
                        ("server_platform", "windows_nt"), ("job_type", "share_package_on_server")]:
        session.answer(fact, value)
    session.answer("use_forced_disconnect", 1, source="evidence", detail="despooler.reg:4")
    session.skip("value_on_target_site")
    session.answer("distribution_retrying", True)
    session.answer("response_setting", "fast")
    session.answer("minutes_since_first_failure", 600)
    text = render_report(advisor_.knowledge, session.advice(), answers=session.answers,
                         session_id="example", now=dt.datetime(2026, 11, 25, 12, 0,
                                                               tzinfo=dt.UTC))
    golden("report.md", text.encode("utf-8"))
    assert "| `use_forced_disconnect` | 1 | evidence: despooler.reg:4 |" in text
    assert "Not known (skipped): `value_on_target_site`." in text
    assert "No registry change is exported." in text
    assert "26 h 5 min" in text  # Fast, 12 retries (default), 5 minutes (default)


def test_cli_report_file(tmp_path: Path) -> None:
    report = tmp_path / "case.md"
    code, _, _ = run(["advise", "--report", str(report), "--reg", str(tmp_path / "f.reg")],
                     json.dumps({**NT20, "use_forced_disconnect": None}))
    assert code == 0
    text = report.read_text()
    assert text.startswith("# Troubleshooting report")
    assert "Registry fix written to" in text and "## Citations" in text


def test_why_not_in_json_says_what_failed_and_what_is_unknown() -> None:
    advice = advise({"sms_version": "1.1", "server_platform": "netware", "file_in_use": True})
    why = {w.diagnosis: w for w in advice.why_not}
    off = why["forced_delivery_off"]
    assert {f.fact for f in off.failed} == {"sms_version", "server_platform"}
    assert off.unknown == ("use_forced_disconnect", "job_type")
    not_covered = advise({"file_in_use": False})
    assert not_covered.why_not
    assert all([f.fact for f in w.failed] == ["file_in_use"] for w in not_covered.why_not)


def test_prompt_commands_for_actionable_output(advisor: Advisor, tmp_path: Path,
                                               request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    reply = conversation.handle(f"evidence {EVIDENCE / 'despooler-off-nt4.reg'}")
    assert "use_forced_disconnect = 0" in reply.text and "despooler-off-nt4.reg:4" in reply.text
    assert conversation.session.current()["use_forced_disconnect"].source == "evidence"
    for line in ("file_in_use yes", "sms_version 2.0", "server_platform nt",
                 "job_type share"):
        conversation.handle(f"change {line}")
    target = tmp_path / "fix.reg"
    reply = conversation.handle(f"export reg {target}")
    assert target.exists() and "reg add" in reply.text
    reply = conversation.handle("why-not")
    assert "Almost matched:" in reply.text
    report = tmp_path / "case.md"
    assert "Report written" in conversation.handle(f"report {report}").text
    assert "evidence:" in report.read_text()
    # The user overrides the evidence, and NetWare has nothing to export.
    conversation.handle("change server_platform netware")
    assert "Nothing exported." in conversation.handle(f"export reg {target}2").text
    assert not Path(f"{target}2").exists()
    reply = conversation.handle("evidence /no/such.reg")
    assert "/no/such.reg" in reply.text
