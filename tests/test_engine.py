"""The durable-rules adapter: safety under load and threads, and error mapping."""

from __future__ import annotations

import functools
import os
import random
import threading
from typing import Any

import pytest
import reference
from test_reference import UNKNOWN, condition_facts, domain

from advisor.errors import EngineError
from advisor.facts import VOCABULARY
from advisor.inference import CompiledRule
from advisor.inference.rete import SHARD_SIZE, Engine
from advisor.knowledge import load_knowledge, parse_test


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@functools.cache
def names() -> list[str]:
    return condition_facts()


def random_facts(rng: random.Random) -> dict[str, Any]:
    facts = {}
    for name in names():
        value = rng.choice(domain(name))
        if value is not UNKNOWN:
            facts[name] = value
    return facts


@pytest.fixture(scope="module")
def engine() -> Any:
    knowledge = load_knowledge()
    eng = Engine(CompiledRule(r.when, r.unless) for r in knowledge.rules)
    yield eng
    eng.close()


def check(eng: Engine, rules: list[reference.RefRule], facts: dict[str, Any]) -> bool:
    got = [(m.rule, m.unknown) for m in eng.infer(facts)]
    return got == reference.matches(rules, facts)


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc for RSS")
def test_twenty_thousand_inferences_right_and_rss_stable(engine: Engine) -> None:
    rules = reference.load_rules()
    rng = random.Random(20000)
    scenarios = [random_facts(rng) for _ in range(500)]
    for facts in scenarios[:500] * 4:  # warm up the allocator and the caches
        assert check(engine, rules, facts)
    before = rss_bytes()
    wrong = sum(not check(engine, rules, scenarios[i % 500]) for i in range(20_000))
    grown = rss_bytes() - before
    assert wrong == 0
    assert grown < 8 * 1024 * 1024, f"RSS grew by {grown} bytes over 20,000 inferences"


@pytest.mark.slow
def test_eight_threads_each_get_their_own_answers(engine: Engine) -> None:
    rules = reference.load_rules()
    failures: list[str] = []
    counts = [0] * 8

    def worker(n: int, rounds: int) -> None:
        rng = random.Random(n)
        try:
            for _ in range(rounds):
                facts = random_facts(rng)
                if not check(engine, rules, facts):
                    failures.append(f"thread {n}: {facts}")
                counts[n] += 1
        except Exception as exc:  # noqa: BLE001 - reported below, not swallowed
            failures.append(f"thread {n}: {exc!r}")

    def run(rounds: int) -> None:
        threads = [threading.Thread(target=worker, args=(n, rounds)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    # The first run lets each thread's malloc arena grow to its working size;
    # a leak would keep growing in the second.
    run(200)
    before = rss_bytes()
    run(2000)
    grown = rss_bytes() - before
    assert not failures, failures[:3]
    assert counts == [2200] * 8
    assert grown < 8 * 1024 * 1024, f"RSS grew by {grown} bytes"


def test_unknown_fact_and_bad_values_are_engine_errors(engine: Engine) -> None:
    with pytest.raises(EngineError, match="unknown fact"):
        engine.infer({"no_such_fact": 1})
    with pytest.raises(EngineError, match="out of range"):
        engine.infer({"use_forced_disconnect": 2**70})
    # The engine stays usable after refusing input.
    assert engine.infer({"file_in_use": False}) == []


def test_typed_slots_do_not_coerce() -> None:
    # durable-rules alone matches 1 == "1" == True; the compiled tests must not.
    cond = parse_test(VOCABULARY["use_forced_disconnect"], 1)
    eng = Engine([CompiledRule((cond,))])
    try:
        assert [m.rule for m in eng.infer({"use_forced_disconnect": 1})] == [0]
        assert eng.infer({"use_forced_disconnect": 0}) == []
        assert eng.infer({"use_forced_disconnect": None}) == []
        assert eng.infer({"use_forced_disconnect": True}) == []  # type: ignore[dict-item]
    finally:
        eng.close()


def test_order_of_facts_does_not_matter() -> None:
    # An unless test is compiled without negation, so no fact order can fool it.
    when = parse_test(VOCABULARY["file_in_use"], True)
    unless = parse_test(VOCABULARY["job_type"], ["system"])
    eng = Engine([CompiledRule((when,), (unless,))])
    try:
        for facts in ({"file_in_use": True, "job_type": "system"},
                      {"job_type": "system", "file_in_use": True}):
            assert eng.infer(facts) == []
        assert [m.unknown for m in eng.infer({"file_in_use": True})] == [{"job_type"}]
    finally:
        eng.close()


@pytest.mark.parametrize("count", [300, SHARD_SIZE + 17])
def test_many_rules_are_sharded_and_still_right(count: int) -> None:
    # More rules than one ruleset can hold (more than 128 distinct tests on one
    # fact, more than 256 rules on one test, or more than a shard holds):
    # every rule must still fire on its own value.
    spec = VOCABULARY["number_of_retries"]
    same = parse_test(VOCABULARY["file_in_use"], True)
    rules = [CompiledRule((same, parse_test(spec, i))) for i in range(count)]
    eng = Engine(rules)
    try:
        for value in (0, count // 2, count - 1):
            got = eng.infer({"number_of_retries": value, "file_in_use": True})
            assert [m.rule for m in got] == [value]
        assert len(eng.infer({})) == len(rules)  # unknown: every rule possible
    finally:
        eng.close()


def test_closed_engine_refuses() -> None:
    eng = Engine([CompiledRule((parse_test(VOCABULARY["file_in_use"], True),))])
    eng.close()
    with pytest.raises(EngineError, match="closed"):
        eng.infer({})


def test_two_engines_do_not_share_sessions() -> None:
    a = Engine([CompiledRule((parse_test(VOCABULARY["file_in_use"], True),))])
    b = Engine([CompiledRule((parse_test(VOCABULARY["file_in_use"], False),))])
    try:
        for _ in range(100):
            assert [m.rule for m in a.infer({"file_in_use": True})] == [0]
            assert b.infer({"file_in_use": True}) == []
    finally:
        a.close()
        b.close()
