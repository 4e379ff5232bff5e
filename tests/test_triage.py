"""A description in the user's own words leads into the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor import Advisor
from advisor.archive import KBStore, triage
from advisor.cli.kb import import_paths
from advisor.repl import Conversation

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kbstore"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KBStore]:
    with KBStore(tmp_path / "kb.sqlite3") as opened:
        import_paths(opened, [FIXTURES])
        yield opened


def test_description_finds_articles_and_proposes_facts(advisor: Advisor, store: KBStore) -> None:
    found = triage(advisor.knowledge, store, "Our NetWare distribution server never gets "
                   "the package: a user keeps a file open. SMS 2.0.")
    assert found.candidates[0].id == "Q202063"
    assert found.has_rules
    assert {(p.fact, p.value) for p in found.proposals} >= {
        ("server_platform", "netware"), ("file_in_use", True), ("sms_version", "2.0")}
    for p in found.proposals:
        assert p.words  # each proposal names the words that suggested it


def test_description_without_rules_shows_what_the_articles_say(advisor: Advisor,
                                                               store: KBStore) -> None:
    found = triage(advisor.knowledge, store,
                   "the print spooler stops when the queue holds thousands of jobs")
    assert found.candidates[0].id == "Q900201"
    assert not found.has_rules
    (first, *_) = found.briefs
    assert first.id == "Q900201" and first.sections


def test_answered_facts_are_not_proposed_again(advisor: Advisor, store: KBStore) -> None:
    found = triage(advisor.knowledge, store, "SMS 2.0 on a NetWare server",
                   answered={"sms_version"})
    assert "sms_version" not in {p.fact for p in found.proposals}


def test_nothing_to_go_on(advisor: Advisor, store: KBStore) -> None:
    for text in ("   ", "\x1c"):
        blank = triage(advisor.knowledge, store, text)
        assert (blank.candidates, blank.proposals) == ([], [])
    empty = triage(advisor.knowledge, store, "the and of")
    assert (empty.candidates, empty.proposals, empty.has_rules) == ([], [], False)


def test_prompt_takes_a_description_first(advisor: Advisor, tmp_path: Path,
                                          request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session(), store=tmp_path / "kb.sqlite3")
    request.addfinalizer(conversation.close)
    reply = conversation.handle("the NetWare distribution server is never updated because "
                                "a user keeps a file open; we run SMS 2.0")
    assert "Q202063" in reply.text and "Your description says:" in reply.text
    assert '(from "keeps a file open")' in reply.text
    assert conversation.prompt() == "confirm> "
    reply = conversation.handle("yes")
    assert "Took 3 facts from your description." in reply.text
    answers = conversation.session.current()
    assert answers["server_platform"].source == "description"
    assert answers["server_platform"].detail == '"NetWare distribution server"'
    # The rule-driven questions continue where the description left off.
    question = conversation.current()
    assert question is not None and question.fact not in answers


def test_proposals_can_be_declined(advisor: Advisor, tmp_path: Path,
                                   request: pytest.FixtureRequest) -> None:
    conversation = Conversation(advisor.session(), store=tmp_path / "kb.sqlite3")
    request.addfinalizer(conversation.close)
    conversation.handle("describe files are locked on the NT server with SMS 1.1")
    reply = conversation.handle("no")
    assert "Left them out." in reply.text
    assert conversation.session.answers == ()
