"""The engine agrees with an independent reference evaluator of the rule data.

The fact space is every fact the rules test, each either unknown or one of its
values (numbers: absent, 0, 1, 7). Every complete and partial assignment of it
(273,375 of them) goes through the engine and through tests/reference.py, and
the two must agree on which rules are live and which facts they left open.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import reference

from advisor import Advisor
from advisor.facts import VOCABULARY
from advisor.inference import CompiledRule
from advisor.inference.rete import Engine
from advisor.knowledge import load_knowledge

UNKNOWN: Any = object()


def condition_facts() -> list[str]:
    rules = reference.load_rules()
    named = {f for r in rules for f in [*r.when, *r.unless]}
    return [f for f in VOCABULARY if f in named]


def domain(name: str) -> list[Any]:
    spec = VOCABULARY[name]
    if spec.kind == "bool":
        return [UNKNOWN, True, False]
    if spec.kind == "choice":
        return [UNKNOWN, *spec.choices]
    return [UNKNOWN, None, 0, 1, 7] if spec.nullable else [UNKNOWN, 0, 1, 7]


def assignments(names: list[str], start: int = 0, step: int = 1) -> Any:
    for i, values in enumerate(itertools.product(*(domain(n) for n in names))):
        if i % step == start:
            yield {n: v for n, v in zip(names, values, strict=True) if v is not UNKNOWN}


def _check_slice(args: tuple[int, int]) -> tuple[int, list[str]]:
    start, step = args
    knowledge = load_knowledge()
    engine = Engine(CompiledRule(r.when, r.unless) for r in knowledge.rules)
    rules = reference.load_rules()
    assert [r.id for r in rules] == [r.id for r in knowledge.rules]
    checked, wrong = 0, []
    for facts in assignments(condition_facts(), start, step):
        got = [(m.rule, m.unknown) for m in engine.infer(facts)]
        want = reference.matches(rules, facts)
        checked += 1
        if got != want and len(wrong) < 5:
            wrong.append(f"{facts}: engine {got} != reference {want}")
    engine.close()
    return checked, wrong


@pytest.mark.slow
def test_engine_agrees_with_reference_on_every_assignment() -> None:
    # One process on purpose: a worker pool would halve the time but adds a
    # way to hang that has nothing to do with the engine.
    names = condition_facts()
    total = 1
    for n in names:
        total *= len(domain(n))
    checked, wrong = _check_slice((0, 1))
    assert checked == total
    assert not wrong, "\n".join(wrong)


def test_reference_conclusions_match_advice(advisor: Advisor) -> None:
    # Beyond live rules: diagnoses, actions and statuses built from the matches
    # agree with the reference's reading of the packs (every 7th assignment).
    rules = reference.load_rules()
    for facts in assignments(condition_facts(), 0, 7):
        advice = advisor.advise(facts)
        want = reference.conclusions(rules, facts)
        assert advice.covered == want["covered"], facts
        assert {d.id for d in advice.confirmed()} == want["confirmed"], facts
        assert {d.id for d in advice.diagnoses} - want["confirmed"] == want["possible"], facts
        assert {a.id for a in advice.actions} == want["actions"], facts
        assert {s.article for s in advice.status} == want["status"], facts


def test_questions_are_exactly_the_facts_that_can_change_the_advice(advisor: Advisor) -> None:
    # A fact is asked about iff, for some values of the other open facts, two
    # answers to it lead to different conclusions (by brute force over the
    # reference). Checked on a sample of partial assignments of the rule facts.
    rules = reference.load_rules()
    names = condition_facts()
    extra = [n for n in VOCABULARY if n not in names]

    def final(facts: dict[str, Any]) -> Any:
        c = reference.conclusions(rules, facts)
        return (c["covered"], frozenset(c["confirmed"]), frozenset(c["actions"]),
                frozenset(c["status"]))

    samples = (f for f in assignments(names, 0, 997) if len(names) - len(f) <= 6)
    for facts in itertools.islice(samples, 200):
        advice = advisor.advise(facts)
        asked = {q.fact for q in advice.questions}
        open_facts = [n for n in names if n not in facts]
        for fact in open_facts:
            others = [n for n in open_facts if n != fact]
            changes = False
            for values in itertools.product(*(domain(n)[1:] for n in others)):
                base = {**facts, **dict(zip(others, values, strict=True))}
                outcomes = {final({**base, fact: v}) for v in domain(fact)[1:]}
                if len(outcomes) > 1:
                    changes = True
                    break
            assert (fact in asked) == changes, (facts, fact, changes)
        # Facts that only feed a computed answer are asked only while it is live.
        for fact in extra:
            if fact in asked:
                assert any(a.computed for a in advice.actions) or any(
                    d.id == "forced_delivery_on" for d in advice.diagnoses), (facts, fact)
