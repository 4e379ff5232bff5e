"""The interactive prompt, driven through the real prompt-toolkit prompt with a
pipe for input and DummyOutput for the screen; replies are captured as text."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from scenario_table import TABLE, UNKNOWN

from advisor import Advisor
from advisor.facts import SKIP
from advisor.output import render_advice
from advisor.repl import run_interactive, sessions_dir
from advisor.repl.style import wrap
from advisor.session import Session

ENTER, CTRL_C, CTRL_D = "\r", "\x03", "\x04"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ADVISOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def drive(advisor: Advisor, keys: str, *, resume: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        code = run_interactive(advisor, resume=resume, out=out, input=pipe,
                               output=DummyOutput())
    return code, out.getvalue()


def saved_files() -> list[Path]:
    """The saved session files, newest first."""
    folder = sessions_dir()
    files = list(folder.glob("*.json")) if folder.is_dir() else []
    return sorted(files, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def latest_saved() -> Any:
    files = saved_files()
    assert files, "no session was saved"
    return json.loads(files[0].read_text())


def typed(value: Any) -> str:
    if value is SKIP:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "absent"
    return str(value)


def plan(advisor: Advisor, oracle: dict[str, Any]) -> tuple[list[str], Session]:
    """The answers a user who knows ``oracle`` types, in the order asked."""
    session = advisor.session()
    asked = []
    while (question := session.next_question()) is not None:
        value = oracle.get(question.fact, SKIP)
        asked.append(question.fact)
        session.answer(question.fact, value)
    return asked, session


def representative(row: Any) -> dict[str, Any]:
    """One complete set of facts that the table row covers."""
    pick = {"version": row.version, "platform": row.platform, "in_use": row.in_use,
            "ufd": row.ufd, "job": row.job}
    chosen = {}
    defaults = {"version": "2.0", "platform": "windows_nt", "in_use": True, "ufd": 1,
                "job": "share_package_on_server"}
    for key, want in pick.items():
        chosen[key] = want[0] if isinstance(want, tuple) else (
            defaults[key] if want == "any" else want)
    facts = {"sms_version": chosen["version"], "server_platform": chosen["platform"],
             "file_in_use": chosen["in_use"], "use_forced_disconnect": chosen["ufd"],
             "job_type": chosen["job"], "distribution_failed": False,
             "distribution_retrying": True, "package_partially_updated": True,
             "value_on_target_site": True, "despooler_paused_continued": True,
             "response_setting": "fast", "number_of_retries": 10,
             "forced_disconnection_delay": 5, "minutes_since_first_failure": 600}
    return {k: v for k, v in facts.items() if v is not UNKNOWN}


@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"{r.version}-{r.platform}-"
                         f"{r.in_use}-{'?' if r.ufd is UNKNOWN else r.ufd}-"
                         f"{'?' if r.job is UNKNOWN else r.job}")
def test_complete_session_for_each_scenario_family(advisor: Advisor, row: Any) -> None:
    oracle = representative(row)
    asked, expected = plan(advisor, oracle)
    keys = "".join(typed(oracle.get(f, SKIP)) + ENTER for f in asked)
    code, out = drive(advisor, keys + "advice" + ENTER + "quit" + ENTER)
    assert code == 0
    # Every question was asked in turn, and the advice shown is the final one.
    for number, _fact in enumerate(asked, 1):
        assert f"[{number}] " in out
    assert "No further answer can change this advice." in out
    # Wrapped to the screen (DummyOutput is 80 columns wide; one is left free).
    assert wrap(render_advice(expected.advice()), 79) in out
    assert max(len(line) for line in out.splitlines()) <= 79
    saved = latest_saved()
    assert [a["fact"] for a in saved["answers"]] == asked
    # Only questions whose answers could change the advice were asked (the
    # family's facts, which this user does not know, among them: skipped).
    family = {n for n, spec in advisor.knowledge.vocabulary.items() if spec.article}
    family.add("service_pack")
    assert set(asked) <= set(oracle) | {"use_forced_disconnect", "job_type"} | family


def test_every_command(advisor: Advisor, tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    # The planner asks the version first (derived from the rules), then the job.
    keys = [
        "help", "why", "2.0", "facts", "how", "back", "1.1", "change sms_version",
        "2.0", "change file_in_use yes", "change server_platform nt", "how", "advice",
        f"save {saved}", "restart", f"load {saved}", "facts", "quit",
    ]
    code, out = drive(advisor, ENTER.join(keys) + ENTER)
    assert code == 0
    assert "Commands:" in out and "change FACT [VALUE]" in out
    assert "Asking about sms_version because the answer decides between:" in out
    assert "Known so far:" in out and "sms_version      SMS 2.0  [answer]" in out
    assert "No rule has fired yet" in out
    assert "How the advice was reached:" in out
    assert "check-forced-disconnect-value (Q128458 MORE INFORMATION/Setting forced" in out
    assert "Took back sms_version = SMS 2.0." in out
    assert f"Saved to {saved}." in " ".join(out.split()) and saved.exists()
    assert "Starting again." in out
    flat = " ".join(out.split())  # as said, before wrapping
    assert f"Loaded {saved} (3 answers)." in flat
    assert "server_platform  Windows NT  [answer]" in out
    assert out.rstrip().endswith("`advisor --resume` continues it.")
    assert "Changed sms_version from SMS 1.1 to SMS 2.0." not in out  # picked, then typed
    assert "Set server_platform to Windows NT." in out


def test_garbage_ctrl_c_and_eof_never_crash_or_lose_answers(advisor: Advisor) -> None:
    keys = ("2.0" + ENTER + "maybe" + ENTER + "" + ENTER + "share please" + ENTER
            + "sh" + CTRL_C + "share" + ENTER + "change nosuchfact" + ENTER
            + "load /no/such/file.json" + ENTER + "save /nonexistent/dir/x.json" + ENTER
            + "\x1b[A" + CTRL_C + "yes" + ENTER + CTRL_D)
    code, out = drive(advisor, keys)
    assert code == 0
    assert "Traceback" not in out
    assert ("'maybe' is not one of them: answer run_command_on_workstation, "
            "share_package_on_server, remove_package_from_server, system (or unknown)"
            ) in " ".join(out.split())
    assert "please answer" in out
    assert "(cancelled; type quit or press Ctrl-D to leave)" in out
    assert "There is no fact 'nosuchfact'." in out
    assert "/no/such/file.json" in out
    assert "there is no directory /nonexistent/dir; none is created" in " ".join(out.split())
    assert not Path("/nonexistent").exists()
    saved = latest_saved()
    assert [(a["fact"], a["value"]) for a in saved["answers"]] == [
        ("sms_version", "2.0"), ("job_type", "share_package_on_server"), ("file_in_use", True)]


@pytest.mark.parametrize("cut", range(4))
def test_eof_at_every_prompt_keeps_the_answers(advisor: Advisor, cut: int) -> None:
    answers = ["2.0", "share", "yes", "nt"][:cut]
    code, out = drive(advisor, "".join(a + ENTER for a in answers) + CTRL_D)
    assert code == 0
    assert "Bye." in out
    if cut:
        assert len(latest_saved()["answers"]) == cut
    else:
        assert saved_files() == []  # nothing answered, nothing written
        assert "Nothing was answered, so nothing was saved." in out


def test_resume_continues_the_last_session(advisor: Advisor) -> None:
    drive(advisor, "2.0" + ENTER + "share" + ENTER + CTRL_D)
    code, out = drive(advisor, "facts" + ENTER + CTRL_D, resume=True)
    assert code == 0
    assert "Resuming the session saved at" in out and "(2 answers, last changed" in out
    assert "[3] Did a client have a file" in out


def test_resume_without_a_saved_session(advisor: Advisor) -> None:
    _, out = drive(advisor, CTRL_D, resume=True)
    assert "No saved session to resume; starting a new one." in out


def test_resume_from_a_broken_file_keeps_it_aside(advisor: Advisor) -> None:
    folder = sessions_dir()
    folder.mkdir(parents=True)
    broken = folder / ("B" * 24 + ".json")
    content = '{"format": 1, "id": "x", "created": 0, "answers": [{"fact": "nope"}]}'
    broken.write_text(content)
    _, out = drive(advisor, "2.0" + ENTER + CTRL_D, resume=True)
    assert "Cannot resume" in out and "answer 1" in out and "The file was kept as" in out
    kept = list(folder.glob("*.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == content  # never overwritten
    assert not broken.exists()
    assert latest_saved()["answers"][0]["fact"] == "sms_version"


def test_a_new_session_never_overwrites_a_saved_one(advisor: Advisor) -> None:
    drive(advisor, "2.0" + ENTER + "share" + ENTER + "yes" + ENTER + "quit" + ENTER)
    first = latest_saved()
    code, out = drive(advisor, CTRL_D)  # a new session, left at once
    assert code == 0 and "A saved session (3 answers, last changed" in out
    assert "`advisor --resume` continues it" in out
    assert [json.loads(p.read_text()) for p in saved_files()] == [first]
    drive(advisor, "1.1" + ENTER + CTRL_D)  # a second session: a file of its own
    assert len(saved_files()) == 2
    _, out = drive(advisor, CTRL_D, resume=True)
    assert "(1 answer, last changed" in out


def test_batch_mode_never_touches_the_saved_sessions(advisor: Advisor) -> None:
    from advisor.repl import run_batch

    drive(advisor, "yes" + ENTER + "2.0" + ENTER + CTRL_D)
    before = {p: p.read_bytes() for p in saved_files()}
    for resume in (False, True):
        out = io.StringIO()
        run_batch(advisor, io.StringIO("no\nnetware\nrestart\n"), out, resume=resume)
        assert "=== Advice ===" in out.getvalue()
    assert {p: p.read_bytes() for p in saved_files()} == before


def test_history_persists_across_runs(advisor: Advisor, home: Path) -> None:
    drive(advisor, "yes" + ENTER + CTRL_D)
    drive(advisor, "no" + ENTER + CTRL_D)
    history = (home / "history").read_text()
    assert "+yes" in history and "+no" in history


def test_unknown_skips_a_question_for_good(advisor: Advisor) -> None:
    code, out = drive(advisor, "unknown" + ENTER + "why" + ENTER + CTRL_D)
    assert code == 0
    saved = latest_saved()
    assert saved["answers"][0]["skipped"] is True
    assert "[2] " in out
    assert "file_in_use>" not in out.split("[2] ")[1]


def test_tab_completes_the_allowed_answers(advisor: Advisor,
                                           request: pytest.FixtureRequest) -> None:
    # The prompt's completer offers the current question's answers, then the
    # commands. (Tab itself is prompt-toolkit's binding: it runs this completer.)
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from advisor.repl import Conversation
    from advisor.repl.prompt import completer

    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    complete = completer(conversation)

    def offered(text: str) -> list[str]:
        return [c.text for c in complete.get_completions(Document(text), CompleteEvent(
            completion_requested=True))]

    assert offered("2.") == ["2.0"]
    assert "unknown" in offered("un")
    conversation.handle("2.0")
    conversation.handle("share")
    assert offered("ye") == ["yes"]
    conversation.handle("yes")
    assert offered("ne") == ["netware"]
    assert offered("W") == ["windows_nt", "why", "why-not"]
    assert offered("cha") == ["change"]


def test_toolbar_shows_progress(advisor: Advisor, request: pytest.FixtureRequest) -> None:
    from advisor.repl import Conversation

    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    assert "0 answered" in conversation.toolbar()
    conversation.handle("2.0")
    conversation.handle("share")
    bar = conversation.toolbar()
    assert "2 answered" in bar and "open questions" in bar and "possible" in bar
    conversation.handle("yes")
    conversation.handle("netware")
    for _ in range(3):  # failed? partly updated? other packages on the share?
        conversation.handle("no")
    assert "advice final" in conversation.toolbar()
    assert "1 confirmed" in conversation.toolbar()
    # Final advice: no question is open, so only commands complete.
    assert conversation.current() is None
    assert "netware" not in conversation.completions() and "why-not" in conversation.completions()
