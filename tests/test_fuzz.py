"""Fuzzing the inputs a stranger controls: JSON facts (Python API, command line,
HTTP), evidence files, session files and archives. Every input gets a result or a
clean error naming the field or file, within a deadline (see tests/fuzzkit.py).

The counts here are small so the suite stays quick; bench/fuzz_bench.py runs the
same checks over 100,000 inputs.
"""

from __future__ import annotations

import json
import random

from fuzzkit import (
    archive_seeds,
    check_archive,
    check_cli,
    check_evidence,
    check_facts,
    check_http,
    check_session,
    evidence_seeds,
    json_bytes,
    mutate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FACTS

from advisor.facts import VOCABULARY

FAST = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

names = st.one_of(st.sampled_from(list(VOCABULARY)), st.text(max_size=20))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=6)), max_leaves=20)
fact_objects = st.one_of(FACTS, st.dictionaries(names, json_values, max_size=8))


@FAST
@given(fact_objects)
def test_facts_objects_get_advice_or_a_facts_error(value: object) -> None:
    check_facts(value)


@FAST
@given(st.one_of(fact_objects.map(lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
                 st.binary(max_size=200), st.integers(0, 2**32).map(
                     lambda seed: json_bytes(random.Random(seed)))))
def test_cli_exits_0_or_2_naming_the_input(raw: bytes) -> None:
    check_cli(raw)


@SLOW
@given(st.one_of(fact_objects.map(lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
                 st.integers(0, 2**32).map(lambda seed: json_bytes(random.Random(seed)))))
def test_http_never_answers_500(raw: bytes) -> None:
    check_http(raw)


@FAST
@given(st.sampled_from(evidence_seeds()), st.integers(0, 2**32))
def test_evidence_files_give_findings_or_an_error_naming_the_file(
        seed: tuple[str, bytes], mutation: int) -> None:
    name, data = seed
    check_evidence(mutate(data, random.Random(mutation)), name)


@FAST
@given(st.binary(max_size=300), st.sampled_from(["a.reg", "Despool.log", "notes.txt"]))
def test_random_bytes_as_evidence(data: bytes, name: str) -> None:
    check_evidence(data, name)


@FAST
@given(st.one_of(
    st.fixed_dictionaries({"format": st.just(1), "id": st.text(max_size=10),
                           "created": st.one_of(st.floats(), st.integers()),
                           "answers": st.lists(st.dictionaries(
                               st.sampled_from(["fact", "value", "skipped", "source",
                                                "detail", "at"]), json_values), max_size=3)}
                          ).map(lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
    st.integers(0, 2**32).map(lambda seed: json_bytes(random.Random(seed)))))
def test_session_files_resume_or_are_refused(raw: bytes) -> None:
    check_session(raw)


@SLOW
@given(st.sampled_from(archive_seeds()), st.integers(0, 2**32))
def test_damaged_archives_are_reported_not_raised(seed: tuple[str, bytes],
                                                  mutation: int) -> None:
    suffix, data = seed
    check_archive(mutate(data, random.Random(mutation)), suffix)
