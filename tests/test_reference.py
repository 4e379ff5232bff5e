"""The evaluators agree with each other and with an independent reference.

The fact space is every fact the rules test, each either unknown or one of the
values tests/reference.py derives from the packs themselves (every choice; for
a number, null where allowed, its minimum and maximum, and every number a pack
names with its neighbours). Every complete and partial assignment goes through
the Python evaluator and the reference, which must agree on which rules are
live and which facts they left open; the Rete evaluator must agree with the
Python one on every 10th assignment (it costs ~15x more per inference), and
the advice built from the matches must agree with the reference's reading.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import pytest
import reference

from advisor import Advisor
from advisor.facts import VOCABULARY
from advisor.inference import CompiledRule, PythonEvaluator, rete_available
from advisor.knowledge import load_knowledge

#: The exhaustive check runs in this many slices (in parallel under xdist).
SLICES = 6
#: The advice-level check samples every this-many-th assignment, in 3 slices.
CONCLUSION_STEP = 23


@functools.cache
def compiled() -> tuple[CompiledRule, ...]:
    knowledge = load_knowledge()
    refs = reference.load_rules()
    assert [r.id for r in refs] == [r.id for r in knowledge.rules]
    return tuple(CompiledRule(r.when, r.unless) for r in knowledge.rules)


def test_the_number_domain_comes_from_the_packs() -> None:
    rules = reference.load_rules()
    spec = VOCABULARY["use_forced_disconnect"]
    values = reference.domain(rules, "use_forced_disconnect")
    # The packs test 0 and null (off) against everything else (on).
    assert values[0] is reference.UNKNOWN and None in values
    assert {spec.minimum, spec.maximum, 0, 1} <= set(values)
    assert all(v is None or spec.minimum <= v <= spec.maximum for v in values[1:])
    assert -1 not in values and 7 not in values
    # Every seed fact a pack tests is in the space, and only those.
    tested = {f for r in rules for f in [*r.when, *r.unless]}
    assert set(reference.condition_facts(rules)) == tested & set(reference.CORE)


@pytest.mark.parametrize("start", range(SLICES))
def test_python_evaluator_agrees_with_reference_on_every_assignment(start: int) -> None:
    rules = reference.load_rules()
    evaluator = PythonEvaluator(compiled())
    checked, wrong = 0, []
    for facts in reference.assignments(rules, start, SLICES):
        got = [(m.rule, m.unknown) for m in evaluator.infer(facts)]
        want = reference.matches(rules, facts)
        checked += 1
        if got != want and len(wrong) < 5:
            wrong.append(f"{facts}: python {got} != reference {want}")
    assert checked == len(range(start, reference.space_size(rules), SLICES))
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.skipif(not rete_available()[0], reason="durable-rules does not import here")
@pytest.mark.parametrize("start", range(0, 10 * SLICES, 10))
def test_rete_agrees_with_python_on_every_tenth_assignment(start: int) -> None:
    from advisor.inference.rete import ReteEvaluator

    rules = reference.load_rules()
    python, rete = PythonEvaluator(compiled()), ReteEvaluator(compiled())
    try:
        wrong = [facts for facts in reference.assignments(rules, start, 10 * SLICES)
                 if rete.infer(facts) != python.infer(facts)]
        assert not wrong, wrong[:5]
        assert rete.stats.failures == 0
    finally:
        rete.close()


@pytest.mark.parametrize("start", range(0, CONCLUSION_STEP * 3, CONCLUSION_STEP))
def test_reference_conclusions_match_advice(python_advisor: Advisor, start: int) -> None:
    # Beyond live rules: diagnoses, actions and statuses built from the matches
    # agree with the reference's reading of the packs, on every 23rd assignment
    # (a prime, so every value of every fact is met with every other). Advice is
    # built the same way from either evaluator's matches, and the matches are
    # compared exhaustively above, so the Python evaluator stands for both here.
    rules = reference.load_rules()
    for facts in reference.assignments(rules, start, CONCLUSION_STEP * 3):
        advice = python_advisor.advise(facts)
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
    names = reference.condition_facts(rules)
    extra = [n for n in VOCABULARY if n not in names]

    def final(facts: dict[str, Any]) -> Any:
        c = reference.conclusions(rules, facts)
        return (c["covered"], frozenset(c["confirmed"]), frozenset(c["actions"]),
                frozenset(c["status"]))

    samples = (f for f in reference.assignments(rules, 0, 997) if len(names) - len(f) <= 6)
    for facts in itertools.islice(samples, 200):
        advice = advisor.advise(facts)
        asked = {q.fact for q in advice.questions}
        open_facts = [n for n in names if n not in facts]
        live_rules = [rules[number] for number, _ in reference.matches(rules, facts)]
        for fact in open_facts:
            # A family rule may test this fact beside facts of its own (which the
            # space leaves unknown): those are varied too, or the answer to this
            # fact could matter only through them and look as if it never did.
            linked = sorted({f for r in live_rules if fact in r.when or fact in r.unless
                             for f in [*r.when, *r.unless]} - {*names, *facts})
            others = [n for n in open_facts if n != fact] + linked
            changes = False
            for values in itertools.product(*(reference.domain(rules, n)[1:] for n in others)):
                base = {**facts, **dict(zip(others, values, strict=True))}
                outcomes = {final({**base, fact: v}) for v in reference.domain(rules, fact)[1:]}
                if len(outcomes) > 1:
                    changes = True
                    break
            assert (fact in asked) == changes, (facts, fact, changes)
        # The other facts (the family's, and those that only feed a computed
        # answer) are asked only while a live rule tests them or a computed
        # answer reads them.
        # A computation belongs to an action; a live rule may still fire it.
        live = {f for _, unknown in reference.matches(rules, facts) for f in unknown}
        computed = {f for r in live_rules for a in r.actions
                    for f in reference.computed_inputs().get(a, ())}
        for fact in extra:
            if fact in asked:
                assert fact in live | computed, (facts, fact)
