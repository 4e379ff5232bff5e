"""No caller can change another caller's advice: every part of an advice is
immutable, although the advisor shares parts between advices."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from advisor import Advisor

CASES: list[dict[str, Any]] = [
    {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
     "use_forced_disconnect": 0},
    {"sms_version": "1.1", "server_platform": "netware", "file_in_use": True},
    {"sms_version": "1.2", "server_platform": "windows_nt", "file_in_use": True,
     "use_forced_disconnect": 1, "response_setting": "fast", "number_of_retries": 10,
     "forced_disconnection_delay": 5, "minutes_since_first_failure": 90},
    {"distribution_failed": True},
    {},
]


def _parts(value: object) -> Iterator[object]:
    """Every object reachable from an advice, the advice included."""
    yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _parts(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _parts(item)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _parts(item)


def _attack(part: object) -> int:
    """Try every ordinary way of changing ``part``; return how many got through."""
    changed = 0
    attempts: list[Any] = []
    if isinstance(part, BaseModel):
        for name in type(part).model_fields:
            attempts.append(lambda p=part, n=name: setattr(p, n, None))
            attempts.append(lambda p=part, n=name: delattr(p, n))
    if isinstance(part, Mapping):
        attempts += [lambda p=part: p.__setitem__("x", 1), lambda p=part: p.clear(),
                     lambda p=part: p.pop(next(iter(p)), None),
                     lambda p=part: p.update({"x": 1}), lambda p=part: p.setdefault("x", 1)]
        attempts += [lambda p=part, k=k: p.__delitem__(k) for k in list(part)]
    for method in ("append", "extend", "insert", "remove", "pop", "clear", "sort",
                   "reverse", "add", "discard", "__setitem__", "__delitem__", "__iadd__"):
        if hasattr(part, method):
            attempts.append(lambda p=part, m=method: getattr(p, m)(*_args(m)))
    for attempt in attempts:
        with contextlib.suppress(Exception):
            attempt()
            changed += 1
    return changed


def _args(method: str) -> tuple[object, ...]:
    return {"append": (1,), "extend": ([1],), "insert": (0, 1), "remove": (1,), "pop": (),
            "clear": (), "sort": (), "reverse": (), "add": (1,), "discard": (1,),
            "__setitem__": (0, 1), "__delitem__": (0,), "__iadd__": ([1],)}[method]


@pytest.mark.parametrize("facts", CASES)
def test_no_mutation_of_an_advice_gets_through(advisor: Advisor, facts: dict[str, Any]) -> None:
    advice = advisor.advise(facts)
    before = advice.model_dump_json()
    parts = list(_parts(advice))
    assert len(parts) > 5
    assert sum(_attack(p) for p in parts) == 0
    assert advice.model_dump_json() == before


@pytest.mark.parametrize("facts", CASES)
def test_mutating_one_advice_cannot_change_another(advisor: Advisor,
                                                   facts: dict[str, Any]) -> None:
    first = advisor.advise(facts)
    before = first.model_dump_json()
    # What a careless caller does with what it got back: change the copies it
    # can get. None of it may reach the next advice for the same facts.
    dumped = first.model_dump(mode="json")
    dumped["diagnoses"].clear()
    dumped["facts"]["sms_version"] = "9.9"
    listed = list(first.actions)
    listed.clear()
    for part in _parts(first):
        _attack(part)
    again = advisor.advise(facts)
    assert again.model_dump_json() == before
    assert advisor.advise(dict(facts)).model_dump_json() == before


def test_session_advice_is_as_immutable(advisor: Advisor) -> None:
    session = advisor.session()
    session.answer("file_in_use", True)
    advice = session.advice()
    before = advice.model_dump_json()
    assert sum(_attack(p) for p in _parts(advice)) == 0
    assert session.advice().model_dump_json() == before
    assert session.answers and isinstance(session.answers, tuple)
