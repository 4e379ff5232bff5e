"""The prompt fits a person's terminal: wrapping, colour only where wanted,
short errors, `show ID`, completion of facts, values and paths, plain
acknowledgements; and `advisor sessions`."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor import Advisor
from advisor.cli import main
from advisor.repl import Conversation, run_interactive, sessions_dir
from advisor.repl.prompt import completer
from advisor.repl.style import Painter, use_colour, wrap

ENTER, CTRL_D = "\r", "\x04"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ADVISOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def offered(conversation: Conversation, text: str) -> list[str]:
    complete = completer(conversation)
    return [c.text for c in complete.get_completions(
        Document(text), CompleteEvent(completion_requested=True))]


# Wrapping and colour ---------------------------------------------------------------

@given(st.text(alphabet=st.sampled_from("ab cd-ef\n  *1."), max_size=300),
       st.integers(min_value=20, max_value=140))
@example("1" * 21, 20)  # a word longer than the width is cut to fit
def test_wrap_fits_the_width_and_keeps_every_word(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    assert all(len(line) <= width for line in wrapped.split("\n"))
    # Nothing lost, nothing reordered; only a word too long for a line is cut (a
    # continuation's indent is at most half the width, so shorter words stay whole).
    assert "".join(wrapped.split()) == "".join(text.split())
    kept = Counter(wrapped.split())
    assert all(kept[word] >= count for word, count in Counter(
        word for word in text.split() if len(word) <= width - width // 2).items())


@pytest.mark.parametrize("width", [60, 80, 120])
def test_why_and_advice_wrap_at_the_terminal_width(advisor: Advisor, width: int) -> None:
    out = io.StringIO()
    keys = "yes" + ENTER + "2.0" + ENTER + "why" + ENTER + "netware" + ENTER + "why-not" + ENTER
    with create_pipe_input() as pipe:
        pipe.send_text(keys + CTRL_D)
        output = DummyOutput()
        output.get_size = lambda: type(DummyOutput().get_size())(rows=40, columns=width)
        run_interactive(advisor, out=out, input=pipe, output=output)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width - 1
    assert any("Asking about" in line for line in lines)
    # No word is broken in two: every word of the advice is whole somewhere.
    assert "Forced" in out.getvalue() and "disconnect" in out.getvalue()


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "")  # empty: as if unset (no-color.org)
    assert use_colour(Tty())
    monkeypatch.setenv("TERM", "dumb")
    assert not use_colour(Tty())


def test_painter_marks_headings_certainty_and_errors() -> None:
    text = "Diagnosis\n  * A thing [confirmed]\n  * B thing [possible]\nWhat to do"
    painted = Painter(True).paint(text)
    assert ANSI.sub("", painted) == text
    assert "\x1b[1mDiagnosis" in painted and "\x1b[32m[confirmed]" in painted
    assert "\x1b[33m[possible]" in painted
    assert Painter(True).paint("bad answer\nquestion", error=True).startswith("\x1b[31m")
    assert Painter(False).paint(text) == text


# The conversation ------------------------------------------------------------------

def finish(advisor: Advisor) -> Conversation:
    conversation = Conversation(advisor.session())
    for line in ("2.0", "share", "no"):
        conversation.handle(line)
    assert conversation.current() is None
    return conversation


def test_an_error_shows_the_error_and_the_question_only(advisor: Advisor,
                                                        request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    reply = conversation.handle("maybe")
    assert reply.error and len(reply.text.splitlines()) <= 4
    assert "Which version of SMS" in reply.text
    conversation = finish(advisor)
    reply = conversation.handle("change sms_version 9.9")
    assert reply.error and "Diagnosis" not in reply.text and len(reply.text.splitlines()) <= 3
    assert "type advice to see the advice" in reply.text


def test_show_prints_any_article_and_kb_show_is_not_a_description(
        advisor: Advisor, request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    reply = conversation.handle("kb show Q202063")
    assert reply.text.startswith("Q202063  ") and "STATUS" in reply.text
    assert conversation.prompt() == "sms_version> "  # nothing was proposed or answered
    assert conversation.session.answers == ()
    assert conversation.handle("show q128458").text.startswith("Q128458  ")
    missing = conversation.handle("show Q999999")
    assert missing.error and "Q999999" in missing.text
    assert conversation.handle("show 12").error


def test_change_says_what_it_set_and_plurals_are_right(advisor: Advisor,
                                                       request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    assert conversation.handle("change file_in_use yes").text.startswith(
        "Set file_in_use to yes.")
    reply = conversation.handle("change sms_version 1.1")
    assert reply.text.startswith("Set sms_version to SMS 1.1.")
    reply = conversation.handle("change sms_version 2.0")
    assert reply.text.startswith("Changed sms_version from SMS 1.1 to SMS 2.0.")
    reply = conversation.handle("change file_in_use unknown")
    assert reply.text.startswith("Changed file_in_use from yes to unknown.")
    assert re.search(r"\b1 open questions\b", conversation.toolbar()) is None
    help_text = conversation.handle("help").text
    assert "Keys:" in help_text and "Ctrl-D" in help_text and "Tab" in help_text
    assert "show ID" in help_text


def test_completion_of_facts_values_and_paths(advisor: Advisor, tmp_path: Path,
                                              request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    assert offered(conversation, "change sms_") == ["sms_version"]
    assert set(offered(conversation, "change ")) == set(
        __import__("advisor.facts", fromlist=["VOCABULARY"]).VOCABULARY)
    assert offered(conversation, "change server_platform ne") == ["netware"]
    assert offered(conversation, "change file_in_use ") == ["yes", "no", "unknown"]
    assert offered(conversation, "change use_forced_disconnect a") == ["absent"]
    assert offered(conversation, "show Q2") == ["Q202063"]
    assert offered(conversation, "export ") == ["reg"]
    (tmp_path / "case-report.md").write_text("")
    (tmp_path / "casefolder").mkdir()
    assert sorted(offered(conversation, f"save {tmp_path}/case")) == ["-report.md", "folder"]
    assert offered(conversation, f"export reg {tmp_path}/case-r") == ["eport.md"]


def test_save_asks_before_replacing_a_file(advisor: Advisor, tmp_path: Path,
                                           request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session())
    request.addfinalizer(conversation.close)  # its article store
    conversation.handle("2.0")
    target = tmp_path / "kept.json"
    target.write_text("precious")
    assert "exists. Overwrite it?" in conversation.handle(f"save {target}").text
    assert conversation.prompt() == "overwrite> "
    assert "Not written" in conversation.handle("no").text and target.read_text() == "precious"
    conversation.handle(f"save {target}")
    assert "Saved to" in conversation.handle("yes").text
    assert json.loads(target.read_text())["answers"][0]["fact"] == "sms_version"
    assert conversation.handle(f"report {tmp_path}/no/such/dir/r.md").error
    assert not (tmp_path / "no").exists()


# advisor sessions ------------------------------------------------------------------

def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


def test_sessions_lists_shows_and_deletes(advisor: Advisor) -> None:
    assert run(["sessions"])[0] == 1  # nothing saved yet
    for keys in ("2.0" + ENTER + "share" + ENTER, "1.1" + ENTER):
        with create_pipe_input() as pipe:
            pipe.send_text(keys + CTRL_D)
            run_interactive(advisor, out=io.StringIO(), input=pipe, output=DummyOutput())
    code, out, _ = run(["sessions"])
    assert code == 0 and len(out.splitlines()) == 2
    assert "2 answers" in out and "1 answer " in out
    listed = json.loads(run(["sessions", "--json"])[1])
    first = next(s for s in listed if s["answered"] == 2)
    code, out, _ = run(["sessions", "show", first["id"][:6]])
    assert code == 0 and "sms_version = SMS 2.0" in out and "Diagnosis" in out
    code, _, err = run(["sessions", "show"])
    assert code == 2 and "say which session" in err
    code, _, err = run(["sessions", "delete", "nosuchid"])
    assert code == 2 and "no saved session" in err
    assert run(["sessions", "delete", first["id"]])[0] == 0
    assert len(list(sessions_dir().glob("*.json"))) == 1


def test_cli_help_and_usage_messages() -> None:
    code, out, _ = run(["--help"])
    assert code == 0 and "Without a command, advisor starts the interactive" in out
    assert "examples:" in out and "exit status:" in out
    code, _, err = run(["rules"])
    assert code == 2 and "advisor rules check" in err and "required" not in err
    code, out, _ = run(["facts"])
    assert "file_in_use (true | false)" in out and "yes | no" not in out
    assert 'sms_version ("1.0" | "1.1" | "1.2" | "2.0")' in out
