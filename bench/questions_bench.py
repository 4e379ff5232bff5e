"""Benchmark: how many questions the troubleshooting session asks.

    python bench/questions_bench.py

Every complete assignment of the scenario facts (each rule fact over its values;
the facts that only feed the forced delivery computation fixed) is run through a
real Session with an oracle answering. Printed, in one run:

* the mean and worst number of questions asked: ours; asking every question in
  a fixed order (a form); the fixed order asking only relevant questions; and
  the optimal decision tree, computed by brute force (dynamic programming over
  every reachable partial assignment) with the same stopping rule;
* whether any question was asked whose answer could not change the final
  advice (checked by brute force over the assignments that agree with the
  answers so far);
* the time to choose the next question (p50, p99), as the session sees it and
  cold (the planner's cache bypassed).

Targets: mean within 5% of optimal; no useless question; choice <= 5 ms p99.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import defaultdict
from math import prod
from typing import Any

from advisor import VOCABULARY, Advisor
from advisor.inference import Match
from advisor.session import Session

#: The facts that only feed the forced delivery computation: two values each.
INPUTS = {"response_setting": ("fast", "slow"), "number_of_retries": (None, 10),
          "forced_disconnection_delay": (5, 30), "minutes_since_first_failure": (60, 6000)}
#: Numbers the rules test take these values in the scenarios.
NUMBERS = (None, 0, 1)


def domains(advisor: Advisor) -> dict[str, tuple[tuple[Any, int], ...]]:
    """Each scenario fact's values as (representative, weight): values the rules
    cannot tell apart behave identically, so one stands for all of its class."""
    tested = {c.fact for r in advisor.knowledge.rules for c in r.when + r.unless}
    out: dict[str, tuple[tuple[Any, int], ...]] = {}
    for name, spec in VOCABULARY.items():
        if name in INPUTS:
            out[name] = tuple((v, 1) for v in INPUTS[name])
        elif name in tested:
            values: tuple[Any, ...] = (spec.choices if spec.kind == "choice" else
                                       (True, False) if spec.kind == "bool" else NUMBERS)
            conditions = [c for r in advisor.knowledge.rules for c in r.when + r.unless
                          if c.fact == name and not c.unknown]
            classes: dict[tuple[bool, ...], list[Any]] = {}
            for value in values:
                classes.setdefault(tuple(c.matches(value) for c in conditions), []).append(value)
            out[name] = tuple((members[0], len(members)) for members in classes.values())
    return out


def key(facts: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(facts.items(), key=lambda kv: kv[0]))


class Optimal:
    """The decision tree with the least mean number of questions, by brute force."""

    def __init__(self, advisor: Advisor, doms: dict[str, tuple[tuple[Any, int], ...]]) -> None:
        self.planner = advisor.planner
        self.doms = doms
        self.memo: dict[tuple[tuple[str, Any], ...], tuple[float, int]] = {}
        root = advisor.infer({})
        self.root = self.planner.live(root)

    def cost(self, facts: dict[str, Any], live: list[Any]) -> tuple[float, int]:
        """(mean questions, worst questions) from this state on, optimally."""
        # The computation's inputs never change which rules are live: states
        # that differ only in their values cost the same.
        k = tuple((f, "known" if f in INPUTS else v) for f, v in key(facts))
        if k in self.memo:
            return self.memo[k]
        relevant = self.planner._relevant(live, facts.keys(), frozenset())
        best: tuple[float, int] = (0.0, 0)
        if relevant:
            options = []
            for fact in relevant:
                values = self.doms[fact]
                total = sum(weight for _, weight in values)
                mean, worst = 0.0, 0
                for value, weight in values:
                    after = self.planner.answer(live, fact, value)
                    m, w = self.cost({**facts, fact: value}, after)
                    mean += m * weight / total
                    worst = max(worst, w)
                options.append((1 + mean, 1 + worst))
            best = min(options)
        self.memo[k] = best
        return best


def run_session(advisor: Advisor, oracle: dict[str, Any], order: list[str] | None,
                choice_times: list[float]) -> list[tuple[dict[str, Any], str]]:
    """Answer the session's questions from ``oracle``; returns (state, fact) asked."""
    session = Session(advisor)
    asked = []
    while True:
        start = time.perf_counter()
        if order is None:
            question = session.next_question()
            fact = question.fact if question else None
        else:
            open_facts = {q.fact for q in session.advice().questions}
            fact = next((f for f in order if f in open_facts), None)
        choice_times.append(time.perf_counter() - start)
        if fact is None:
            return asked
        asked.append((session.facts.known(), fact))
        session.answer(fact, oracle[fact])


def useless(asked: list[tuple[dict[str, Any], str]], conclusions: dict[Any, Any],
            names: list[str]) -> int:
    """How many asked facts cannot change the final advice among the assignments
    that agree with the answers given before it."""
    bad = 0
    for known, fact in asked:
        groups: dict[tuple[Any, ...], set[Any]] = defaultdict(set)
        for assignment, result in conclusions.items():
            values = dict(zip(names, assignment, strict=True))
            if all(values[k] == v for k, v in known.items()):
                rest = tuple(v for n, v in values.items() if n != fact)
                groups[rest].add(result)
        if not any(len(results) > 1 for results in groups.values()):
            bad += 1
    return bad


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    advisor = Advisor()
    doms = domains(advisor)
    names = list(doms)
    space, weights = [], []
    for combo in itertools.product(*doms.values()):
        space.append(dict(zip(names, (v for v, _ in combo), strict=True)))
        weights.append(prod(w for _, w in combo))
    print(f"{sum(weights)} complete assignments of {len(names)} facts, run as "
          f"{len(space)} representatives of the value classes the rules tell apart")

    conclusions = {tuple(a.values()): advisor.advise(a).conclusions() for a in space}

    ours: list[int] = []
    relevant_fixed: list[int] = []
    times: list[float] = []
    fixed_times: list[float] = []
    useless_ours = 0
    checked: set[tuple[Any, ...]] = set()
    order = list(VOCABULARY)
    for oracle in space:
        asked = run_session(advisor, oracle, None, times)
        ours.append(len(asked))
        fresh = [(k, f) for k, f in asked if (key(k), f) not in checked]
        checked.update((key(k), f) for k, f in fresh)
        useless_ours += useless(fresh, conclusions, names)
        relevant_fixed.append(len(run_session(advisor, oracle, order, fixed_times)))

    optimal = Optimal(advisor, doms)
    start = time.perf_counter()
    opt_mean, opt_worst = optimal.cost({}, optimal.root)
    opt_seconds = time.perf_counter() - start

    cold: list[float] = []
    planner = advisor.planner
    for oracle in space[:: max(1, len(space) // 300)]:
        session = Session(advisor)
        while (question := session.next_question()) is not None:
            known = session.facts.known()
            matches: list[Match] = advisor.infer(known)
            begin = time.perf_counter()
            planner._order(known, matches, frozenset())
            cold.append(time.perf_counter() - begin)
            session.answer(question.fact, oracle[question.fact])

    print(f"{'strategy':34} {'mean':>7} {'worst':>6}")
    mean_ours = statistics.fmean(ours, weights)
    print(f"{'ours (session)':34} {mean_ours:7.3f} {max(ours):6d}")
    print(f"{'every question, fixed order':34} {float(len(VOCABULARY)):7.3f} "
          f"{len(VOCABULARY):6d}")
    print(f"{'fixed order, relevant only':34} {statistics.fmean(relevant_fixed, weights):7.3f} "
          f"{max(relevant_fixed):6d}")
    print(f"{'optimal decision tree':34} {opt_mean:7.3f} {opt_worst:6d}"
          f"   ({len(optimal.memo)} states, {opt_seconds:.1f} s)")
    gap = mean_ours / opt_mean - 1
    print(f"ours vs optimal: {gap:+.2%} (target within 5%)")
    print(f"questions that could not change the final advice: {useless_ours} "
          f"(of {len(checked)} distinct questions checked; target 0)")
    print(f"next-question choice, as the session sees it: p50 {pct(times, .5):.2f} ms, "
          f"p99 {pct(times, .99):.2f} ms")
    print(f"next-question choice, cold (no cache): p50 {pct(cold, .5):.2f} ms, "
          f"p99 {pct(cold, .99):.2f} ms (target p99 <= 5 ms)")
    ok = gap <= 0.05 and useless_ours == 0 and pct(cold, .99) <= 5
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
