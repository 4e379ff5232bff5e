"""The session layer shared by the prompt and the APIs."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from advisor import Advisor, FactsError, SessionError
from advisor.cli import main
from advisor.errors import WriteError
from advisor.facts import SKIP
from advisor.files import write_atomic
from advisor.session import Session


def test_answers_undo_and_revise(advisor: Advisor) -> None:
    s = advisor.session()
    assert s.next_question() is not None
    s.answer("file_in_use", True)
    s.answer("sms_version", "1.1")
    s.answer("sms_version", "2.0")  # a revision: the latest answer wins
    assert s.facts.known() == {"file_in_use": True, "sms_version": "2.0"}
    entry = s.undo()
    assert (entry.fact, entry.value) == ("sms_version", "2.0")
    assert s.facts.known()["sms_version"] == "1.1"  # the earlier answer is back
    s.undo()
    s.undo()
    with pytest.raises(SessionError, match="no answer to undo"):
        s.undo()


def test_revising_an_early_answer_rederives_the_rest(advisor: Advisor) -> None:
    s = advisor.session()
    for fact, value in [("file_in_use", True), ("sms_version", "2.0"),
                        ("server_platform", "windows_nt"), ("use_forced_disconnect", 0)]:
        s.answer(fact, value)
    assert {d.id for d in s.advice().confirmed()} == {"forced_delivery_off"}
    s.answer("server_platform", "netware")
    assert {d.id for d in s.advice().confirmed()} == {"netware_no_forced_disconnect"}
    assert "use_forced_disconnect" in s.facts.known()  # kept, just not needed now


def test_bad_answers_name_the_field(advisor: Advisor) -> None:
    s = advisor.session()
    with pytest.raises(FactsError, match="sms_version"):
        s.answer("sms_version", "9.9")
    with pytest.raises(FactsError, match="did you mean 'file_in_use'"):
        s.answer("file_in_uze", True)
    assert s.answers == ()


def test_skipped_facts_are_not_asked_again(advisor: Advisor) -> None:
    s = advisor.session()
    first = s.next_question()
    assert first is not None
    s.skip(first.fact)
    assert first.fact in s.skipped
    following = s.next_question()
    assert following is not None and following.fact != first.fact


def test_the_session_stops_when_nothing_can_change(advisor: Advisor) -> None:
    s = advisor.session()
    s.answer("file_in_use", False)
    assert s.next_question() is None
    assert s.is_complete()
    assert s.advice().covered is False


def test_json_round_trip(advisor: Advisor) -> None:
    s = advisor.session()
    s.answer("file_in_use", True)
    s.skip("sms_version")
    s.answer("use_forced_disconnect", None, source="evidence", detail="despooler.reg:4")
    data = json.loads(json.dumps(s.to_json()))
    again = Session.from_json(advisor, data)
    assert again.id == s.id
    assert again.answers == s.answers
    assert again.advice() == s.advice()


@pytest.mark.parametrize(("data", "message"), [
    ([], "not a stored session"),
    ({"format": 2}, "not a stored session"),
    ({"format": 1, "id": "x", "created": 0}, "needs id, created and answers"),
    ({"format": 1, "id": "x", "created": 0, "answers": [{"fact": "nope"}]}, "answer 1"),
    ({"format": 1, "id": "x", "created": 0,
      "answers": [{"fact": "sms_version", "value": "7"}]}, "answer 1: sms_version"),
    ({"format": 1, "id": "x", "created": 0, "answers": ["x"]}, "answer 1"),
])
def test_bad_stored_sessions(advisor: Advisor, data: Any, message: str) -> None:
    with pytest.raises(SessionError, match=message):
        Session.from_json(advisor, data)


def test_session_ids_are_unguessable(advisor: Advisor) -> None:
    ids = {advisor.session().id for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) >= 22 for i in ids)


def test_outcomes_say_what_each_answer_leads_to(advisor: Advisor) -> None:
    s = advisor.session()
    s.answer("file_in_use", True)
    s.answer("sms_version", "2.0")
    outcomes = {o.value: o for o in s.outcomes("server_platform")}
    assert "Forced disconnect is not available on NetWare distribution servers" in (
        outcomes["netware"].confirms)
    assert "Forced disconnect is not available on NetWare distribution servers" in (
        outcomes["windows_nt"].rules_out)


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "session.json"
    write_atomic(path, b"old")

    def boom(*_: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(WriteError, match="disk gone"):
        write_atomic(path, b"new", overwrite=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]


def test_batch_mode_prints_transcript_and_advice(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_HOME", str(tmp_path))
    out, err = io.StringIO(), io.StringIO()
    lines = "# a comment\nyes\n2.0\nnetware\nbogus answer\nno\n"
    code = main([], stdout=out, stderr=err, stdin=io.StringIO(lines))
    text = out.getvalue()
    assert code == 0, err.getvalue()
    assert "file_in_use> yes" in text and "sms_version> 2.0" in text
    assert "server_platform> netware" in text
    assert "'bogus answer' is not yes or no" in text
    assert "=== Advice ===" in text
    advice = text.split("=== Advice ===")[1]
    assert "* Forced disconnect is not available on NetWare distribution servers" in advice
    assert "[confirmed]" in advice
    assert "# a comment" not in text


def test_skip_value_is_distinct_from_absent(advisor: Advisor) -> None:
    s = advisor.session()
    s.answer("use_forced_disconnect", SKIP)
    s.answer("number_of_retries", None)
    assert s.skipped == {"use_forced_disconnect"}
    assert s.facts.known() == {"number_of_retries": None}
