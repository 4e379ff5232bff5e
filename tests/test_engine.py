"""The evaluators: safety under load and threads, limits, engine failures, errors.

The Rete adapter's tests skip where durable-rules does not import; the Python
evaluator's run everywhere. Engine failures are real ones where they can be
made (a content-hash collision found by search, the engine's 64-entry stack
overflowed by a ruleset packed past its limit) and injected where they cannot.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import os
import random
import sys
import threading
from collections.abc import Iterator
from typing import Any

import durable_ids
import pytest
import reference
import synthetic

from advisor.errors import EngineError
from advisor.facts import VOCABULARY
from advisor.inference import CompiledRule, PythonEvaluator, boundary_values, rete_available
from advisor.knowledge import load_knowledge, parse_test

needs_rete = pytest.mark.skipif(not rete_available()[0], reason="durable-rules does not import")

if rete_available()[0]:
    from advisor.inference import rete, ruleset
    from advisor.inference.rete import ReteEvaluator


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]


def _libc_mallinfo2() -> Any:
    try:
        fn = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return None
    fn.restype = _MallInfo2
    return fn


_mallinfo2 = _libc_mallinfo2()
needs_mallinfo = pytest.mark.skipif(_mallinfo2 is None, reason="needs glibc's mallinfo2")


def heap_in_use() -> tuple[int, int]:
    """Bytes malloc has handed out and not had back (every arena), and Python's live blocks.

    What a leak leaves behind, unlike RSS: with threads, glibc gives each thread
    an arena of its own, and which arenas the next threads get (and so how far
    RSS grows) depends on what ran in the process before. Garbage is collected
    first: cycles that earlier tests left (a worker runs many) would otherwise be
    freed in the middle of a round, which once read as -270,592 blocks.
    """
    gc.collect()
    info = _mallinfo2()
    return info.uordblks + info.hblkhd, sys.getallocatedblocks()


@functools.cache
def bundled() -> tuple[CompiledRule, ...]:
    return tuple(CompiledRule(r.when, r.unless) for r in load_knowledge().rules)


@functools.cache
def space() -> tuple[tuple[str, tuple[Any, ...]], ...]:
    rules = reference.load_rules()
    return tuple((name, tuple(reference.domain(rules, name)))
                 for name in reference.condition_facts(rules))


def random_facts(rng: random.Random) -> dict[str, Any]:
    facts = {}
    for name, values in space():
        value = rng.choice(values)
        if value is not reference.UNKNOWN:
            facts[name] = value
    return facts


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    eng = ReteEvaluator(bundled())
    yield eng
    eng.close()


def rule(fact: str, test: object) -> CompiledRule:
    return CompiledRule((parse_test(VOCABULARY[fact], test),))


def check(eng: Any, rules: list[reference.RefRule], facts: dict[str, Any]) -> bool:
    got = [(m.rule, m.unknown) for m in eng.infer(facts)]
    return got == reference.matches(rules, facts)


@needs_rete
@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc for RSS")
def test_ten_thousand_inferences_right_and_rss_stable(engine: Any) -> None:
    rules = reference.load_rules()
    rng = random.Random(20000)
    scenarios = [random_facts(rng) for _ in range(500)]
    for facts in scenarios[:500] * 4:  # warm up the allocator and the caches
        assert check(engine, rules, facts)
    before = rss_bytes()
    wrong = sum(not check(engine, rules, scenarios[i % 500]) for i in range(10_000))
    grown = rss_bytes() - before
    assert wrong == 0
    assert grown < 8 * 1024 * 1024, f"RSS grew by {grown} bytes over 10,000 inferences"


def eight_threads(eng: Any, rounds: int) -> list[str]:
    """Eight threads each run `rounds` random inferences on `eng`; what went wrong."""
    rules = reference.load_rules()
    failures: list[str] = []
    counts = [0] * 8

    def worker(n: int) -> None:
        rng = random.Random(n)
        try:
            for _ in range(rounds):
                facts = random_facts(rng)
                if not check(eng, rules, facts):
                    failures.append(f"thread {n}: {facts}")
                counts[n] += 1
        except Exception as exc:  # noqa: BLE001 - reported below, not swallowed
            failures.append(f"thread {n}: {exc!r}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if counts != [rounds] * 8:
        failures.append(f"inferences per thread: {counts}")
    return failures


# 6,400 inferences: 40 bytes or one Python object left behind by each would show.
HEAP_BOUND = 256 * 1024
BLOCKS_BOUND = 2_000


def heap_growth(eng: Any) -> tuple[int, int]:
    """Warm up, then what eight threads of 800 inferences each leave allocated: the
    less of two such rounds, since a leak grows in each while the arenas' own
    churn (measured: -100 KB to +308 KB in one round) seldom peaks in both."""
    assert not eight_threads(eng, 200)
    grown = []
    for _ in range(2):
        heap, blocks = heap_in_use()
        failures = eight_threads(eng, 800)
        assert not failures, failures[:3]
        heap_after, blocks_after = heap_in_use()
        grown.append((heap_after - heap, blocks_after - blocks))
    return min(g[0] for g in grown), min(g[1] for g in grown)


@needs_rete
@needs_mallinfo
@pytest.mark.slow
def test_eight_threads_each_get_their_own_answers_and_leak_nothing(engine: Any) -> None:
    heap, blocks = heap_growth(engine)
    assert heap < HEAP_BOUND, f"the heap grew by {heap} bytes over 6,400 inferences"
    assert blocks < BLOCKS_BOUND, f"{blocks} more Python blocks after 6,400 inferences"


class _Leaky:
    """An evaluator that leaks `nbytes` of C heap or one Python object per inference."""

    def __init__(self, inner: Any, nbytes: int) -> None:
        self.inner, self.nbytes = inner, nbytes
        self.kept: list[object] = []
        self.libc = ctypes.CDLL(None)
        self.libc.malloc.restype = ctypes.c_void_p

    def infer(self, facts: dict[str, Any]) -> Any:
        if self.nbytes:
            self.libc.malloc(self.nbytes)
        else:
            self.kept.append(object())
        return self.inner.infer(facts)


@needs_mallinfo
@pytest.mark.slow
@pytest.mark.parametrize("nbytes", [0, 64])
def test_the_leak_measure_sees_a_small_leak(nbytes: int) -> None:
    heap, blocks = heap_growth(_Leaky(PythonEvaluator(bundled()), nbytes))
    if nbytes:
        assert heap >= HEAP_BOUND, heap
    else:
        assert blocks >= BLOCKS_BOUND, blocks


def evaluators() -> list[str]:
    return ["python", "rete"] if rete_available()[0] else ["python"]


def build(name: str, rules: Any) -> Any:
    return PythonEvaluator(rules) if name == "python" else ReteEvaluator(rules)


@pytest.mark.parametrize("name", evaluators())
@pytest.mark.parametrize(("facts", "message"), [
    ({"no_such_fact": 1}, "unknown fact 'no_such_fact'"),
    ({"use_forced_disconnect": 2**70}, "use_forced_disconnect: number out of range"),
    ({"use_forced_disconnect": -1}, "use_forced_disconnect: number out of range"),
    ({"use_forced_disconnect": True}, "use_forced_disconnect: expected a whole number"),
    ({"use_forced_disconnect": "1"}, "use_forced_disconnect: expected a whole number"),
    ({"file_in_use": 1}, "file_in_use: expected true or false"),
    ({"sms_version": 2.0}, "sms_version: 2.0 is not one of its values"),
    ({"sms_version": "3.0"}, "sms_version: '3.0' is not one of its values"),
    ({"file_in_use": None}, "file_in_use: null is not a value"),
])
def test_values_outside_the_vocabulary_are_engine_errors(name: str, facts: dict[str, Any],
                                                         message: str) -> None:
    # durable-rules alone would match 1 == "1" == True and ignore ints past
    # 2**63; both evaluators refuse such values the same way instead.
    eng = build(name, bundled())
    try:
        with pytest.raises(EngineError, match=message.replace("(", r"\(")):
            eng.infer(facts)
        # The evaluator stays usable after refusing input: no rule that needs an
        # open file is live without one.
        live = eng.infer({"file_in_use": False})
        assert live and not [m for m in live for c in eng.rules[m.rule].when
                             if c.fact == "file_in_use" and c.values == {True}]
    finally:
        eng.close()


@pytest.mark.parametrize("name", evaluators())
def test_typed_values_do_not_coerce(name: str) -> None:
    eng = build(name, [rule("use_forced_disconnect", 1), rule("file_in_use", True),
                       rule("sms_version", "2.0")])
    try:
        assert [m.rule for m in eng.infer({"use_forced_disconnect": 1})] == [0, 1, 2]
        assert [m.rule for m in eng.infer({"use_forced_disconnect": 0})] == [1, 2]
        assert [m.rule for m in eng.infer({"use_forced_disconnect": None})] == [1, 2]
        assert [m.rule for m in eng.infer({"file_in_use": True, "sms_version": "2.0",
                                           "use_forced_disconnect": 1})] == [0, 1, 2]
        assert eng.infer({"file_in_use": False, "sms_version": "1.0",
                          "use_forced_disconnect": 2}) == []
    finally:
        eng.close()


@pytest.mark.parametrize("name", evaluators())
def test_order_of_facts_does_not_matter(name: str) -> None:
    # An unless test is compiled without negation, so no fact order can fool it.
    when = parse_test(VOCABULARY["file_in_use"], True)
    unless = parse_test(VOCABULARY["job_type"], ["system"])
    eng = build(name, [CompiledRule((when,), (unless,))])
    try:
        for facts in ({"file_in_use": True, "job_type": "system"},
                      {"job_type": "system", "file_in_use": True}):
            assert eng.infer(facts) == []
        assert [m.unknown for m in eng.infer({"file_in_use": True})] == [{"job_type"}]
    finally:
        eng.close()


@pytest.mark.parametrize("name", evaluators())
def test_closed_evaluator_refuses(name: str) -> None:
    eng = build(name, [rule("file_in_use", True)])
    eng.close()
    with pytest.raises(EngineError, match="closed"):
        eng.infer({})


@pytest.mark.parametrize("name", evaluators())
def test_extreme_values_of_every_fact(name: str) -> None:
    # Every fact the packs test, alone and with every other at each of its
    # boundary values (minimum, maximum, each bound and its neighbours,
    # null): the evaluator and the reference agree on every pair.
    rules = reference.load_rules()
    values = boundary_values(bundled())
    values["use_forced_disconnect"] += (2**31 - 1, 2**31, 2**32 - 2, 381056985)
    eng = build(name, bundled())
    try:
        names = sorted(values)
        for i, a in enumerate(names):
            for b in names[i:]:
                for va in values[a]:
                    for vb in values[b]:
                        facts = {a: va, b: vb} if a != b else {a: va}
                        assert check(eng, rules, facts), facts
    finally:
        eng.close()


@needs_rete
def test_many_rules_on_one_fact_are_sharded_and_still_right() -> None:
    # More $or patterns on one fact than the engine's 64-entry stack takes, and
    # more rules on one test than one node feeds: every rule still fires on
    # its own value, and an unknown value (which passes every pattern) too.
    spec = VOCABULARY["number_of_retries"]
    same = parse_test(VOCABULARY["file_in_use"], True)
    rules = [CompiledRule((same, parse_test(spec, i))) for i in range(300)]
    eng = ReteEvaluator(rules)
    try:
        assert eng.shards >= 300 // ruleset.MAX_OR_PATTERNS
        for value in (0, 150, 299):
            got = eng.infer({"number_of_retries": value, "file_in_use": True})
            assert [m.rule for m in got] == [value]
        assert len(eng.infer({})) == len(rules)  # unknown: every rule possible
        assert eng.stats.failures == 0
    finally:
        eng.close()


@needs_rete
@pytest.mark.slow
@pytest.mark.parametrize("count", [1000, 4000, 10_000])
def test_synthetic_packs_both_evaluators_agree(count: int) -> None:
    rules = synthetic.rules(count, seed=count)
    python, eng = PythonEvaluator(rules), ReteEvaluator(rules)
    try:
        rng = random.Random(count)
        for facts in [{}, *(synthetic.facts(rng) for _ in range(4 if count > 4000 else 12))]:
            assert eng.infer(facts) == python.infer(facts), facts
        assert eng.stats.failures == 0
    finally:
        eng.close()


@needs_rete
def test_two_engines_do_not_share_sessions() -> None:
    a = ReteEvaluator([rule("file_in_use", True)])
    b = ReteEvaluator([rule("file_in_use", False)])
    try:
        for _ in range(100):
            assert [m.rule for m in a.infer({"file_in_use": True})] == [0]
            assert b.infer({"file_in_use": True}) == []
    finally:
        a.close()
        b.close()


# --- engine failures ---------------------------------------------------------------


@needs_rete
def test_the_audits_collision_is_reproduced_by_the_id_model_and_now_harmless() -> None:
    # Without the salt, use_forced_disconnect = 381056985 and the unknown
    # server_platform of the first inference had the same 32-bit id. The
    # re-implemented id function says so, and the engine itself agrees.
    old = {"sid": "i1", "k": "use_forced_disconnect", "n": 381056985}
    assert durable_ids.fact_id(old) == durable_ids.fact_id(
        {"sid": "i1", "k": "server_platform", "u": 1})
    eng = ReteEvaluator(bundled())
    try:
        shard = eng._shards[0]
        code, _ = rete._core.assert_facts(
            shard.handle, shard.batch('{"sid": "i1", ', {"use_forced_disconnect": 381056985}))
        assert code == 2  # "already observed": the collision, in the engine
        shard._drain("i1")
        facts = {"use_forced_disconnect": 381056985}
        assert eng.infer(facts) == PythonEvaluator(bundled()).infer(facts)
        assert eng.stats.failures == 0 and eng.stats.stranded == 0
    finally:
        eng.close()


class _Salts:
    """Stands in for the ``secrets`` module: the given salts first, then random ones."""

    def __init__(self, *salts: int) -> None:
        self.salts = list(salts)

    def randbits(self, k: int) -> int:
        return self.salts.pop(0) if self.salts else random.getrandbits(k)


@needs_rete
@pytest.mark.slow
def test_a_collision_found_by_search_is_retried_with_a_new_salt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Search, as the audit did, for two facts of one inference with the same
    # id under a chosen salt: two number facts, 100,000 values each (about
    # two collisions expected among the 10**10 pairs).
    salt = 12345
    head = {"sid": "i1", "x": salt}
    a = durable_ids.ids_by_number({**head, "k": "number_of_retries"}, "n", range(100_000))
    b = durable_ids.ids_by_number({**head, "k": "forced_disconnection_delay"}, "n",
                                  range(100_000))
    common = sorted(set(a) & set(b))
    assert common, "no collision among 10**10 pairs: the id model is wrong"
    facts = {"number_of_retries": a[common[0]], "forced_disconnection_delay": b[common[0]]}
    rules = [CompiledRule((parse_test(VOCABULARY["number_of_retries"], {"ge": 0}),
                           parse_test(VOCABULARY["forced_disconnection_delay"], {"ge": 0})))]
    eng = ReteEvaluator(rules)
    try:
        monkeypatch.setattr(rete, "secrets", _Salts(salt))
        assert [m.rule for m in eng.infer(facts)] == [0]
        # The first attempt collided in the engine; the retry, with a new salt, did not.
        assert (eng.stats.failures, eng.stats.retries, eng.stats.fallbacks) == (1, 1, 0)
        assert eng.stats.stranded == 0
    finally:
        eng.close()


@needs_rete
def test_an_overflowing_ruleset_falls_back_to_python_and_leaks_no_session(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Packed past the engine's stack (80 $or patterns on one fact), every
    # inference with that fact unknown fails with error 303. More failures
    # than the engine's 1,024 sessions per ruleset: each failed session must
    # be drained and deleted, or the 1,025th would fail differently.
    monkeypatch.setattr(ruleset, "MAX_OR_PATTERNS", 10**6)
    rules = [rule("number_of_retries", i) for i in range(80)] + [rule("file_in_use", True)]
    eng, python = ReteEvaluator(rules), PythonEvaluator(rules)
    try:
        assert eng.shards == 1
        with caplog.at_level(logging.WARNING, logger=rete.__name__):
            for _ in range(400):
                assert eng.infer({"file_in_use": True}) == python.infer({"file_in_use": True})
        assert eng.stats.fallbacks == 400
        assert eng.stats.failures == 400 * (rete.RETRIES + 1)
        assert eng.stats.stranded == 0 and eng.stats.lost == 0
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert warnings and "Python evaluator" in warnings[0].getMessage()
        assert len(warnings) < 10  # said, not repeated for every request
        # A known value passes few patterns: the engine answers it itself.
        assert [m.rule for m in eng.infer({"number_of_retries": 5})] == [5, 80]
        assert eng.stats.fallbacks == 400
    finally:
        eng.close()


class _FlakyCore:
    """The C module with failures injected: ``fail_asserts`` of every
    ``period`` batch asserts raise, and ``delete_state`` fails while
    ``deletes_fail`` is set."""

    def __init__(self, core: Any, period: int = 0, fail_asserts: int = 0) -> None:
        self.core, self.period, self.fail_asserts = core, period, fail_asserts
        self.calls = 0
        self.deletes_fail = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.core, name)

    def assert_facts(self, handle: int, text: str) -> Any:
        self.calls += 1
        if self.period and self.calls % self.period < self.fail_asserts:
            raise Exception("Could not assert facts, error code: 999")
        return self.core.assert_facts(handle, text)

    def delete_state(self, handle: int, sid: str) -> Any:
        if self.deletes_fail:
            raise Exception("Could not delete state, error code: 309")
        return self.core.delete_state(handle, sid)


@needs_rete
def test_transient_failures_are_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = list(bundled())
    eng, python = ReteEvaluator(rules), PythonEvaluator(rules)
    flaky = _FlakyCore(rete._core, period=3, fail_asserts=1)
    monkeypatch.setattr(rete, "_core", flaky)
    try:
        rng = random.Random(3)
        for _ in range(300):
            facts = random_facts(rng)
            assert eng.infer(facts) == python.infer(facts)
        # One assert in three failed; each failure cost one retry and nothing else.
        assert eng.stats.failures == flaky.calls // 3 > 90
        assert flaky.calls == 300 + eng.stats.failures
        assert eng.stats.retries == eng.stats.failures
        assert eng.stats.fallbacks == 0 and eng.stats.stranded == 0
    finally:
        eng.close()


@needs_rete
def test_sessions_left_behind_are_counted_and_the_shard_renewed_before_the_cap(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Every assert fails and no session can be deleted: each failed attempt
    # leaves a live session. The shard must be renewed (and the loss counted
    # and logged) long before the engine's 1,024, and answers stay right.
    rules = list(bundled())
    eng, python = ReteEvaluator(rules), PythonEvaluator(rules)
    flaky = _FlakyCore(rete._core, period=1, fail_asserts=1)
    flaky.deletes_fail = True
    monkeypatch.setattr(rete, "_core", flaky)
    try:
        with caplog.at_level(logging.WARNING, logger=rete.__name__):
            for n in range(400):
                facts = {"file_in_use": True, "use_forced_disconnect": n}
                assert eng.infer(facts) == python.infer(facts)
                assert eng.stats.stranded < rete.MAX_STRANDED
        attempts = 400 * (rete.RETRIES + 1)
        assert eng.stats.failures == attempts
        assert eng.stats.renewals == attempts // rete.MAX_STRANDED
        assert eng.stats.lost == eng.stats.renewals * rete.MAX_STRANDED
        assert eng.stats.stranded == attempts % rete.MAX_STRANDED
        assert any("undeletable sessions" in r.getMessage() for r in caplog.records)
        # With the engine healthy again, the renewed shard answers by itself.
        monkeypatch.setattr(rete, "_core", flaky.core)
        fallbacks = eng.stats.fallbacks
        assert eng.infer({"file_in_use": True}) == python.infer({"file_in_use": True})
        assert eng.stats.fallbacks == fallbacks
    finally:
        eng.close()
