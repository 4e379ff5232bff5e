"""The Facts model: a strict, frozen public contract with field-level errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from strategies import FACTS

from advisor import VOCABULARY, Facts, FactsError

CORE = ["sms_version", "server_platform", "file_in_use", "distribution_failed",
        "distribution_retrying", "package_partially_updated", "use_forced_disconnect",
        "job_type"]


def test_vocabulary_has_the_contract_facts_in_order() -> None:
    assert list(VOCABULARY)[:len(CORE)] == CORE
    assert VOCABULARY["sms_version"].choices == ("1.0", "1.1", "1.2", "2.0")
    assert VOCABULARY["server_platform"].choices == ("windows_nt", "netware")
    assert VOCABULARY["job_type"].choices == (
        "run_command_on_workstation", "share_package_on_server",
        "remove_package_from_server", "system")
    assert VOCABULARY["use_forced_disconnect"].nullable
    assert VOCABULARY["number_of_retries"].article_default == 12
    assert VOCABULARY["forced_disconnection_delay"].article_default == 5


def test_every_fact_can_be_asked() -> None:
    for spec in VOCABULARY.values():
        # A question, with at most a parenthesised note after its question mark.
        assert re.search(r"\?( \([^()]*\))?$", spec.question), spec.name
        assert spec.help, spec.name
        assert spec.answers(), spec.name
        data = spec.to_json()
        assert data["fact"] == spec.name and data["answers"]


def test_unknown_versus_absent() -> None:
    unknown = Facts()
    absent = Facts.parse({"use_forced_disconnect": None})
    assert not unknown.is_known("use_forced_disconnect")
    assert absent.is_known("use_forced_disconnect")
    assert absent.known() == {"use_forced_disconnect": None}
    assert unknown != absent
    # For every other fact, null means the same as leaving it out.
    assert Facts.parse({"file_in_use": None}) == Facts()
    assert Facts.parse({"file_in_use": None}).known() == {}


def test_frozen_and_extra_forbidden() -> None:
    facts = Facts(file_in_use=True)
    with pytest.raises(ValidationError):
        facts.file_in_use = False  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Facts(nonsense=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(("data", "field", "fragment"), [
    ({"sms_version": 2.0}, "sms_version", 'did you mean the string "2.0"'),
    ({"sms_version": "2"}, "sms_version", "must be one of"),
    ({"server_platform": "nt"}, "server_platform", "must be one of"),
    ({"server_platform": "netwar"}, "server_platform", "did you mean 'netware'"),
    ({"file_in_use": "yes"}, "file_in_use", "true or false"),
    ({"file_in_use": 1}, "file_in_use", "boolean"),
    ({"use_forced_disconnect": True}, "use_forced_disconnect", "integer"),
    ({"use_forced_disconnect": "1"}, "use_forced_disconnect", "integer"),
    ({"use_forced_disconnect": -1}, "use_forced_disconnect", "greater than or equal"),
    ({"use_forced_disconnect": 2**32}, "use_forced_disconnect", "less than or equal"),
    ({"use_forced_disconect": 1}, "use_forced_disconect", "did you mean 'use_forced_disconnect'"),
    ({"job_type": "system job"}, "job_type", "did you mean 'system'"),
])
def test_bad_values_name_the_field(data: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(FactsError) as caught:
        Facts.parse(data)
    (error,) = caught.value.errors
    assert error.fact == field
    assert fragment in str(error)


@pytest.mark.parametrize("data", [[], "facts", 3, None, True])
def test_not_an_object(data: object) -> None:
    with pytest.raises(FactsError) as caught:
        Facts.parse(data)
    assert caught.value.errors[0].fact == "facts"
    assert "expected an object" in str(caught.value)


def test_all_errors_reported_at_once() -> None:
    with pytest.raises(FactsError) as caught:
        Facts.parse({"sms_version": "3.0", "file_in_use": "no", "bogus": 1})
    assert {e.fact for e in caught.value.errors} == {"sms_version", "file_in_use", "bogus"}


def test_with_fact_and_without() -> None:
    facts = Facts(sms_version="2.0").with_fact("use_forced_disconnect", None)
    assert facts.known() == {"sms_version": "2.0", "use_forced_disconnect": None}
    assert facts.without("sms_version").known() == {"use_forced_disconnect": None}
    with pytest.raises(FactsError):
        facts.with_fact("sms_version", "9.9")


@given(FACTS)
def test_round_trip_through_json(data: dict[str, Any]) -> None:
    facts = Facts.parse(data)
    assert Facts.parse(facts.to_json_dict()) == facts
    assert hash(Facts.parse(data)) == hash(facts)


@given(st.dictionaries(st.text(max_size=30), st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10),
    st.lists(st.integers(), max_size=3)), max_size=6))
def test_arbitrary_input_is_facts_or_a_facts_error(data: dict[str, Any]) -> None:
    try:
        Facts.parse(data)
    except FactsError as exc:
        assert exc.errors
        # Each error names the key it is about (the key as given, even "").
        assert {e.fact for e in exc.errors} <= set(data) | {"facts"}
        assert all(e.message for e in exc.errors)
