"""The hostile inputs of the hardening audit (issue 9), each as a test that must end
within a generous deadline (which only catches a hang or a quadratic blow-up, it
is not a speed target) with a clean result: a value, or an error of the advisor's
own tree that names the field or the file and line."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from advisor import Advisor, FactsError, Session, SessionError
from advisor.cli import main
from advisor.errors import EvidenceError, OverwriteError, WriteError
from advisor.evidence import parse_evidence, propose_facts
from advisor.evidence.base import MAX_LINE
from advisor.files import parse_json, read_json, remove_stale_temps, write_atomic
from advisor.repl.conversation import Conversation

T = TypeVar("T")
KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler"
FACTS = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
         "use_forced_disconnect": 0}


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, failing the test if it took longer than ``seconds``."""
    started = time.monotonic()
    result = work()
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"took {elapsed:.1f} s (deadline {seconds} s)"
    return result


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


# --- parsers are linear --------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "status" + " " * 44_000 + "x",                 # _FAILED had two \s* in a row
    "win32 error" + " " * 44_000 + "x",            # _ERROR_32 the same shape
    "win32 error code" + " " * 44_000 + "=",
    "$$<" + " " * 44_000 + "x",
    "status is" + " \t" * 20_000 + "failed to",
])
def test_catastrophic_log_lines_are_read_in_linear_time(line: str) -> None:
    evidence = within(5, lambda: parse_evidence((line + "\n").encode(), "Despool.log"))
    assert "distribution_failed" not in evidence.facts()


def test_log_still_finds_status_failed_after_spaces() -> None:
    evidence = parse_evidence(b"status =   failed\n", "Despool.log")
    assert evidence.facts()["distribution_failed"] is True
    evidence = parse_evidence(b"Win32 error code   =  32 on SMS_PKG\\A.EXE\n", "Despool.log")
    assert evidence.facts()["file_in_use"] is True


def test_reg_with_20000_key_lines_is_linear_and_notes_repeats_once() -> None:
    text = "REGEDIT4\r\n\r\n" + f"[{KEY}]\r\n" * 20_000 + \
        '"Use Forced Disconnect"=dword:00000001\r\n' * 20_000
    evidence = within(30, lambda: parse_evidence(text.encode(), "x.reg"))
    assert evidence.facts()["use_forced_disconnect"] == 1
    repeated = [n for n in evidence.notes if "more times" in n.message]
    assert len(repeated) == 1 and "19999 more times" in repeated[0].message


def test_overlong_line_is_refused_naming_the_line() -> None:
    data = b"first\n" + b"x" * (MAX_LINE + 1) + b"\n"
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(data, "Despool.log")
    assert (str(caught.value.path), caught.value.line) == ("Despool.log", 2)


def test_description_of_many_matches_is_not_quadratic() -> None:
    text = "failed, " * 2_000
    assert within(5, lambda: propose_facts(text))[0].fact == "distribution_failed"


def test_article_trailer_line_of_spaces_is_linear() -> None:
    from advisor.articles import parse_article
    text = ("DOCUMENT:Q100001  01-JAN-1999  [sms]\nTITLE   :T\n\nSYMPTOMS\n========\n\nx\n"
            + "=" * 70 + "\nA" + " " * 50_000 + "\n")
    assert within(5, lambda: parse_article(text, path="a.txt")).id == "Q100001"


def test_reg_error_does_not_show_the_file_content(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secrethash:19000:0:99999:7:::\n")
    link = tmp_path / "despooler.reg"
    link.symlink_to(secret)
    code, _, err = run(["advise", "--evidence", str(link)], json.dumps(FACTS))
    assert code == 2 and "despooler.reg" in err
    assert "secrethash" not in err and "19000" not in err


# --- writing files ---------------------------------------------------------------------

def test_write_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    to_device = tmp_path / "null-link"
    to_device.symlink_to("/dev/null")
    for target in (tmp_path, fifo, Path("/dev/null"), dangling, to_device):
        with pytest.raises(WriteError) as caught:
            write_atomic(target, b"x", overwrite=True)
        assert caught.value.path is not None
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.path.islink(dangling) and not (tmp_path / "nowhere").exists()


def test_write_asks_before_overwriting_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "fix.reg"
    path.write_bytes(b"old")
    path.chmod(0o640)
    with pytest.raises(OverwriteError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    write_atomic(path, b"new", overwrite=True)
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_follows_a_link_to_a_file_and_refuses_hard_links(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new", overwrite=True)
    assert os.path.islink(link) and real.read_bytes() == b"new"
    os.link(real, tmp_path / "other.md")
    with pytest.raises(WriteError, match="hard links"):
        write_atomic(real, b"newer", overwrite=True)
    assert (tmp_path / "other.md").read_bytes() == b"new"


def test_write_never_creates_parents_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.md"
    with pytest.raises(WriteError, match="does not exist"):
        write_atomic(target, b"x")
    assert not target.parent.exists()
    write_atomic(target, b"x", parents=True)
    assert target.read_bytes() == b"x"


def test_new_file_gets_the_umask_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    session = tmp_path / "session.json"
    stale = tmp_path / ".session.json.abc123"
    fresh = tmp_path / ".session.json.def456.tmp"
    other = tmp_path / ".other.json.abc"
    for path in (stale, fresh, other):
        path.write_bytes(b"{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert remove_stale_temps(session) == [stale]
    assert fresh.exists() and other.exists()


def test_cli_outputs_refuse_directories_and_existing_files(tmp_path: Path) -> None:
    for option in ("--reg", "--report"):
        code, _, err = run(["advise", option, str(tmp_path)], json.dumps(FACTS))
        assert code == 2 and "directory" in err and "Traceback" not in err
    report = tmp_path / "r.md"
    report.write_text("keep me")
    code, _, err = run(["advise", "--report", str(report)], json.dumps(FACTS))
    assert code == 2 and "--force" in err and report.read_text() == "keep me"
    code, _, err = run(["advise", "--report", str(report), "--force"], json.dumps(FACTS))
    assert code == 0, err
    assert report.read_text().startswith("# Troubleshooting report")


def test_repl_asks_before_overwriting(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    target = tmp_path / "saved.json"
    target.write_text("keep")
    conversation = Conversation(Advisor().session())
    request.addfinalizer(conversation.close)  # its article store
    assert "Overwrite it?" in conversation.handle(f"save {target}").text
    assert conversation.prompt() == "overwrite> "
    assert "Not written" in conversation.handle("no").text and target.read_text() == "keep"
    conversation.handle(f"save {target}")
    assert "Saved" in conversation.handle("yes").text
    assert json.loads(target.read_text())["format"] == 1


# --- JSON input, sessions and the API -------------------------------------------------

@pytest.mark.parametrize(("stdin", "fragment"), [
    ("[" * 100_000 + "]" * 100_000, "nested"),
    ('{"number_of_retries": ' + "9" * 5_000 + "}", "number"),
    ("{" + ", ".join(f'"sms_verison{i}": 1' for i in range(3_149)) + "}", "fields"),
    ('{"sms_version": NaN}', "NaN"),
])
def test_cli_refuses_hostile_json_with_exit_2(stdin: str, fragment: str) -> None:
    code, _, err = within(10, lambda: run(["advise"], stdin))
    assert code == 2 and fragment in err and "Traceback" not in err


def test_bom_is_accepted_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(FACTS).encode())
    code, out, err = run(["advise", "--json", "--facts", str(path)])
    assert code == 0, err
    assert json.loads(out)["facts"]["sms_version"] == "2.0"


def test_facts_from_a_fifo_are_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "facts.json"
    os.mkfifo(fifo)
    code, _, err = within(10, lambda: run(["advise", "--facts", str(fifo)]))
    assert code == 2 and "regular file" in err


@pytest.mark.parametrize("skipped", [[1], [None], [["sms_version"]], 5, [{}]])
def test_skipped_that_is_not_names_is_a_facts_error(skipped: object) -> None:
    with pytest.raises(FactsError) as caught:
        Advisor().advise({"file_in_use": True}, skipped=skipped)  # type: ignore[arg-type]
    assert caught.value.errors[0].fact == "skipped"


@pytest.mark.parametrize("stored", [
    {"format": 1, "id": "x", "created": 10 ** 400, "answers": []},
    {"format": 1, "id": "x", "created": 1.0, "answers": [
        {"fact": "file_in_use", "value": True, "at": 10 ** 400}]},
])
def test_crafted_session_numbers_do_not_overflow(stored: dict[str, object]) -> None:
    try:
        session = Session.from_json(Advisor(), stored)
    except SessionError as exc:
        assert "created" in str(exc)
    else:
        assert session.answers[0].at == 0.0


def test_deeply_nested_session_file_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ValueError, match="nested"):
        within(10, lambda: read_json(path))
    with pytest.raises(ValueError, match=r"deep\.json"):
        parse_json(b"\xff\xfe{", "deep.json")


def test_repl_load_of_crafted_files_replies_with_the_error(tmp_path: Path,
                                                           request: pytest.FixtureRequest) -> None:
    conversation = Conversation(Advisor().session())
    request.addfinalizer(conversation.close)  # its article store
    for name, text in (("deep.json", "[" * 50_000), ("huge.json", json.dumps(
            {"format": 1, "id": "x", "created": 1, "answers": []})[:-1] + ', "x": 1e999}')):
        path = tmp_path / name
        path.write_text(text)
        reply = conversation.handle(f"load {path}")
        assert name in reply.text and not reply.done


def test_resume_with_a_bad_session_file_starts_and_keeps_it_aside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One file per session (advisor/repl/saved.py); batch mode reads, never writes.
    monkeypatch.setenv("ADVISOR_HOME", str(tmp_path))
    folder = tmp_path / "sessions"
    folder.mkdir()
    bad = folder / ("B" * 24 + ".json")
    bad.write_text("[" * 100_000)
    stale = folder / f".{bad.name}.k1ll3d"
    stale.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    code, out, err = run(["--resume"], "2.0\nquit\n")  # the first question: the version
    assert code == 0, err
    assert "Cannot resume" in out and "kept as" in out
    assert [p.name for p in folder.glob(f"{bad.name}.corrupt-*")]
    assert not stale.exists() and not bad.exists()
    assert not list(folder.glob("*.json"))  # batch mode saved nothing


# --- the Markdown report ---------------------------------------------------------------

def test_report_escapes_what_a_client_supplied() -> None:
    from advisor.output import render_report
    from advisor.session import Answer
    advisor = Advisor()
    hostile = 'x.reg:1 | </td><script>alert(1)</script> [a](javascript:alert(1)) `b`\nnew'
    answers = [Answer("file_in_use", True, source="evidence", detail=hostile)]
    text = render_report(advisor.knowledge, advisor.advise({"file_in_use": True}),
                         answers=answers, reg_file="f`x|<b>.reg")
    row = next(line for line in text.splitlines() if line.startswith("| `file_in_use`"))
    assert row.count("|") - row.count("\\|") == 4  # the table keeps its three cells
    assert "<script>" not in text and "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # no link can open
    assert "\\`b\\`" in text and "\nnew" not in text
