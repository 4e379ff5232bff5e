"""Answers as people type them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor import VOCABULARY
from advisor.errors import AnswerError
from advisor.facts import SKIP, parse_answer


@pytest.mark.parametrize(("fact", "text", "value"), [
    ("file_in_use", "Yes", True), ("file_in_use", " n ", False), ("file_in_use", "?", SKIP),
    ("file_in_use", "don't know", SKIP), ("sms_version", "2", "2.0"),
    ("sms_version", "SMS 1.2", "1.2"), ("sms_version", "1.10", "1.1"),
    ("server_platform", "NT", "windows_nt"), ("server_platform", "Novell NetWare", "netware"),
    ("server_platform", "windows nt", "windows_nt"),
    ("job_type", "share", "share_package_on_server"),
    ("job_type", "Remove Package From Server", "remove_package_from_server"),
    ("job_type", "sys", "system"), ("response_setting", "very fast", "very_fast"),
    ("use_forced_disconnect", "1", 1), ("use_forced_disconnect", "0x00000001 (1)", 1),
    ("use_forced_disconnect", "dword:0000000a", 10), ("use_forced_disconnect", "absent", None),
    ("use_forced_disconnect", "not there", None), ("number_of_retries", "12", 12),
    ("minutes_since_first_failure", "90", 90), ("minutes_since_first_failure", "3h", 180),
    ("minutes_since_first_failure", "1d 4h", 1680), ("minutes_since_first_failure", "2:30", 150),
    ("minutes_since_first_failure", "22 hours and 5 minutes", 1325),
])
def test_answers(fact: str, text: str, value: Any) -> None:
    assert parse_answer(VOCABULARY[fact], text) == value


@pytest.mark.parametrize(("fact", "text", "fragment"), [
    ("file_in_use", "maybe", "is not yes or no"),
    ("sms_version", "3.0", "is not one of them"),
    ("job_type", "s", "is not one of them"),
    ("use_forced_disconnect", "-1", "is not a number"),
    ("use_forced_disconnect", "4294967296", "out of range"),
    ("minutes_since_first_failure", "absent", "cannot be absent"),
    ("minutes_since_first_failure", "3 fortnights", "is not a number"),
    ("file_in_use", "", "please answer"),
])
def test_not_answers(fact: str, text: str, fragment: str) -> None:
    with pytest.raises(AnswerError, match=fragment):
        parse_answer(VOCABULARY[fact], text)


@given(st.sampled_from(sorted(VOCABULARY)), st.text(max_size=40))
def test_any_text_is_a_value_skip_or_answer_error(fact: str, text: str) -> None:
    spec = VOCABULARY[fact]
    try:
        value = parse_answer(spec, text)
    except AnswerError as exc:
        assert str(exc)
        return
    if value is SKIP:
        return
    if spec.kind == "choice":
        assert value in spec.choices
    elif spec.kind == "bool":
        assert isinstance(value, bool)
    else:
        assert value is None or isinstance(value, int)
