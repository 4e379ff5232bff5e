"""Facts proposed from a description in a user's words (advisor.evidence.description)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.evidence import Proposal, propose_facts, query_terms
from advisor.facts import VOCABULARY, Facts


def facts(text: str) -> dict[str, object]:
    return {p.fact: p.value for p in propose_facts(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # the platform of the distribution server
    ("our NetWare distribution server", {"server_platform": "netware"}),
    ("packages go to a Novell box", {"server_platform": "netware"}),
    ("the NW server never gets the package", {"server_platform": "netware"}),
    ("the NT server never gets the package", {"server_platform": "windows_nt"}),
    ("everything runs on Windows NT 4.0", {"server_platform": "windows_nt"}),
    # a distribution server's platform outranks one that is merely named
    ("site server on Windows NT, the distribution server runs NetWare",
     {"server_platform": "netware"}),
    # SMS versions, only with SMS around them
    ("we have SMS 2.0", {"sms_version": "2.0"}),
    ("still on SMS 2", {"sms_version": "2.0"}),
    ("query words: sms20", {"sms_version": "2.0"}),
    ("Systems Management Server version 1.2", {"sms_version": "1.2"}),
    ("SMS 1.1 site", {"sms_version": "1.1"}),
    ("version 2.0 of our package", {}),
    ("we run SMS 2003", {}),
    ("we upgraded from SMS 1.2 to 2.0", {"sms_version": "2.0"}),
    ("one site has SMS 1.2, the other SMS 2.0", {}),
    # files in use
    ("a file is open", {"file_in_use": True}),
    ("the file was locked", {"file_in_use": True}),
    ("one program is in use on the share", {"file_in_use": True}),
    ("users have files open in the package directory", {"file_in_use": True}),
    ("the log says Win32 error 32", {"file_in_use": True}),
    ("no files are open", {"file_in_use": False}),
    ("nobody has a file open", {"file_in_use": False}),
    ("users do not have files open", {"file_in_use": False}),
    ("none of the files is in use", {"file_in_use": False}),
    ("no file is open but another one is locked", {}),  # they disagree
    # what the distribution does
    ("it keeps retrying", {"distribution_retrying": True}),
    ("the job is stuck in retry", {"distribution_retrying": True}),
    ("it is not retrying", {"distribution_retrying": False}),
    ("Number Of Retries Before Forced Disconnection is 10", {"number_of_retries": 10}),
    ("the job failed", {"distribution_failed": True}),
    ("the distribution has not failed", {"distribution_failed": False}),
    ("the despooler failed to open the instruction file", {}),
    ("the package is partially updated", {"package_partially_updated": True}),
    ("some files were updated and others not", {"package_partially_updated": True}),
    # job types
    ("a Run Command On Workstation job", {"job_type": "run_command_on_workstation"}),
    ("Share Package on Server", {"job_type": "share_package_on_server"}),
    ("the Remove Package From Server job", {"job_type": "remove_package_from_server"}),
    ("it is a system job", {"job_type": "system"}),
    # registry values and settings
    ("forced disconnect is on", {"use_forced_disconnect": 1}),
    ("forced disconnect is enabled", {"use_forced_disconnect": 1}),
    ("Use Forced Disconnect is set to 1", {"use_forced_disconnect": 1}),
    ("we enabled forced disconnect", {"use_forced_disconnect": 1}),
    ("forced disconnect is off", {"use_forced_disconnect": 0}),
    ("forced disconnect is not enabled", {"use_forced_disconnect": 0}),
    ("forced disconnect is not available on NetWare", {"server_platform": "netware"}),
    ("response is fast", {"response_setting": "fast"}),
    ("the Response setting is Very Fast", {"response_setting": "very_fast"}),
    ("Forced Disconnection Delay In Minutes is 15", {"forced_disconnection_delay": 15}),
    ("it has been retrying for 3 hours",
     {"distribution_retrying": True, "minutes_since_first_failure": 180}),
    ("the value is set on the target site", {"value_on_target_site": True}),
    ("I paused and continued the despooler", {"despooler_paused_continued": True}),
    # hedged: nothing
    ("is a file open?", {}),
    ("I am not sure whether it keeps retrying", {}),
    ("maybe the job failed", {}),
    ("check if forced disconnect is enabled", {}),
])
def test_proposals(text: str, expected: dict[str, object]) -> None:
    assert facts(text) == expected


def test_the_whole_story() -> None:
    text = ("SMS 2.0 site. Our NetWare distribution server never gets updated because a "
            "user keeps a file open; the job keeps retrying and forced disconnect is set "
            "to 1, Response is Fast.")
    assert facts(text) == {
        "sms_version": "2.0", "server_platform": "netware", "file_in_use": True,
        "distribution_retrying": True, "use_forced_disconnect": 1,
        "response_setting": "fast"}
    proposals = propose_facts(text)
    assert [p.start for p in proposals] == sorted(p.start for p in proposals)
    words = {p.fact: p.words for p in proposals}
    assert words["server_platform"] == "NetWare distribution server"
    assert words["file_in_use"] == "keeps a file open"
    assert words["use_forced_disconnect"] == "forced disconnect is set to 1"


def test_negation_far_away_does_not_flip_the_statement() -> None:
    # "not" belongs to the first clause; the platform and the open file are stated.
    assert facts("the package does not arrive on our NetWare server because a user "
                 "has a file open") == {"server_platform": "netware", "file_in_use": True}


def test_words_are_exact_slices_of_the_text() -> None:
    text = "Users HAVE Files Open on the NW Server (Win32 Error = 32)."
    proposals = propose_facts(text)
    assert proposals
    for proposal in proposals:
        assert text[proposal.start:proposal.end] == proposal.words
    assert proposals[0].to_json() == {"fact": "file_in_use", "value": True,
                                      "words": "HAVE Files Open", "start": 6, "end": 21}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "SMS 2.0", "NetWare", "NT server", "no", "not", "a file is open", "retrying", "failed",
    "forced disconnect is", "on", "off", "1", "response is", "fast", "?", ",", ".", "and",
    "because", "maybe", "users have files open", "partially updated", "system job", "x",
]), max_size=14).map(" ".join))
def test_every_proposal_is_a_valid_fact(text: str) -> None:
    proposals = propose_facts(text)
    assert len({p.fact for p in proposals}) == len(proposals)
    for proposal in proposals:
        assert isinstance(proposal, Proposal)
        assert proposal.fact in VOCABULARY
        assert text[proposal.start:proposal.end] == proposal.words
    Facts.parse({p.fact: p.value for p in proposals})  # raises if any value is invalid


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    for proposal in propose_facts(text):
        assert text[proposal.start:proposal.end] == proposal.words


@pytest.mark.parametrize(("text", "terms"), [
    ('Despooler "WIN32 ERROR = 32" (SMS 2.0)',
     ["despooler", "win32", "error", "32", "sms", "2 0"]),
    ("the user's file AND the server's NOT file", ["user", "file", "server"]),
    ("re-install -x *star* col:on", ["re install", "x", "star", "col"]),
    ("", []),
    ("the of and", []),
])
def test_query_terms(text: str, terms: list[str]) -> None:
    assert query_terms(text) == terms
