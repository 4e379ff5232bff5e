"""The one-shot command line: ``advisor advise [--json] [--facts FILE]``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.cli import main

NT_OFF = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
          "use_forced_disconnect": 0, "job_type": "share_package_on_server"}
#: Facts no article explains (no file open, a Share Package job on SMS 2.0).
UNCOVERED = {"file_in_use": False, "sms_version": "2.0", "job_type": "share_package_on_server"}


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO(stdin) if stdin is not None else Tty()
    code = main(argv, stdout=out, stderr=err, stdin=inp)
    return code, out.getvalue(), err.getvalue()


def test_json_from_stdin() -> None:
    code, out, err = run(["advise", "--json"], json.dumps(NT_OFF))
    assert code == 0, err
    advice = json.loads(out)
    assert set(advice) >= {"covered", "diagnoses", "actions", "status", "questions", "trace"}
    assert advice["covered"] is True
    (diag,) = [d for d in advice["diagnoses"] if d["certainty"] == "confirmed"]
    assert (diag["id"], diag["articles"]) == ("forced_delivery_off", ["Q202063", "Q128458"])
    registry = [a for a in advice["actions"] if a["kind"] == "registry"]
    assert registry[0]["registry"] == {
        "hive": "HKEY_LOCAL_MACHINE", "key": r"SOFTWARE\Microsoft\SMS\Components\SMS_Despooler",
        "value": "Use Forced Disconnect", "type": "REG_DWORD", "data": 1}
    assert {s["article"] for s in advice["status"]} == {"Q128458", "Q202063"}
    assert "distribution_failed" in {q["fact"] for q in advice["questions"]}
    for q in advice["questions"]:
        assert q["question"] and q["answers"]
    step = advice["trace"][0]
    assert {"rule", "article", "section", "facts"} <= set(step)


def test_json_from_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(UNCOVERED))
    code, out, _ = run(["advise", "--json", "--facts", str(path)])
    assert code == 1  # nothing found: no article explains these facts
    advice = json.loads(out)
    assert advice["covered"] is False and advice["actions"] == [] and advice["diagnoses"] == []


def test_text_output_for_a_person() -> None:
    code, out, _ = run(["advise"], json.dumps(NT_OFF))
    assert code == 0
    assert "Forced delivery is off at the target site [confirmed]" in out
    assert r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler" in out
    assert "Value: Use Forced Disconnect (REG_DWORD)" in out and "Data:  1" in out
    assert "Fixed in SMS 1.2: your SMS 2.0 has the fix." in out
    assert "See Q202063 WORKAROUND" in out


def test_not_covered_says_so() -> None:
    code, out, _ = run(["advise"], json.dumps(UNCOVERED))
    assert code == 1  # nothing found
    assert out.startswith("Not covered: no article in the knowledge base explains these facts.")


@pytest.mark.parametrize(("stdin", "fragment"), [
    ('{"sms_version": 2.0}', 'sms_version: must be one of'),
    ('{"sms_verison": "2.0"}', "sms_verison: unknown fact (did you mean 'sms_version'?)"),
    ('{"file_in_use": "yes"}', "file_in_use:"),
    ('{"use_forced_disconnect": -3}', "use_forced_disconnect:"),
    ("[1, 2]", "facts: expected an object of facts, got an array"),
    ('"x"', "facts: expected an object of facts, got a string"),
    ("{nope", "standard input: not valid JSON"),
    ("", "standard input: not valid JSON"),
])
def test_bad_input_exits_2_naming_the_field(stdin: str, fragment: str) -> None:
    code, out, err = run(["advise"], stdin)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err + out


def test_bad_input_in_json_mode_is_a_json_error() -> None:
    code, out, _ = run(["advise", "--json"], '{"sms_version": "3.1", "bogus": 1}')
    assert code == 2
    error = json.loads(out)["error"]
    assert {e["fact"] for e in error["errors"]} == {"sms_version", "bogus"}


def test_missing_file_and_terminal_stdin() -> None:
    code, _, err = run(["advise", "--facts", "/no/such/file.json"])
    assert code == 2 and "/no/such/file.json: cannot read" in err
    code, _, err = run(["advise"])
    assert code == 2 and "--facts FILE or on standard input" in err


def test_oversized_input() -> None:
    code, _, err = run(["advise"], "{" + " " * (1 << 20) + "}")
    assert code == 2 and "larger than" in err


def test_broken_knowledge_exits_1_naming_file_and_line(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    path = rules / "Q202063.yaml"
    path.write_text(path.read_text().replace("server_platform: netware", "platform: netware"))
    code, _, err = run(["advise", "--kb", str(kb), "--rules", str(rules)], "{}")
    assert code == 1
    assert f"{path}:" in err and "unknown fact 'platform'" in err


def test_facts_and_rules_commands() -> None:
    code, out, _ = run(["facts", "--json"])
    assert code == 0 and json.loads(out)[0]["fact"] == "sms_version"
    code, out, _ = run(["rules", "check"])
    assert code == 0 and out.startswith("ok: 14 articles")


def test_usage_errors_exit_2() -> None:
    code, _, _ = run(["advise", "--nope"])
    assert code == 2


def subprocess_run(args: list[str], stdin: str) -> Any:
    return subprocess.run([sys.executable, "-m", "advisor", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, check=False)


def test_python_dash_m() -> None:
    done = subprocess_run(["advise", "--json"], json.dumps(NT_OFF))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["covered"] is True
    done = subprocess_run(["advise", "--json"], "{bad json")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_knowledge_options_before_or_after_the_command(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    path = rules / "Q202063.yaml"
    path.write_text(path.read_text().replace("server_platform: netware", "platform: netware"))
    for argv in (["--kb", str(kb), "--rules", str(rules), "advise"],
                 ["advise", "--kb", str(kb), "--rules", str(rules)]):
        code, _, err = run(argv, "{}")
        assert code == 1 and "unknown fact 'platform'" in err


def test_the_batch_example_in_the_help_gives_advice(capsys: pytest.CaptureFixture[str]) -> None:
    # The help's own example must keep working as the question order changes.
    import re

    from advisor.cli.main import EPILOG

    found = re.search(r"printf '([^']*)' \| advisor\n", EPILOG)
    assert found is not None
    lines = found.group(1).encode().decode("unicode_escape")
    out = io.StringIO()
    code = main([], stdout=out, stderr=io.StringIO(), stdin=io.StringIO(lines))
    assert code == 0, out.getvalue()[-800:]
    assert "is not one of them" not in out.getvalue()
    assert "Forced disconnect is not available on NetWare" in out.getvalue()
