"""Building :class:`~advisor.advice.model.Advice` from the evaluator's matches.

A diagnosis is *confirmed* only when a rule concluding it fired with every
test on known facts, its ``unless`` tests included: an unknown fact that could
still block it leaves it *possible* (and names that fact as pending). A
computed wait that is already overdue, or that would end after the Despooler
has given the job up, is replaced by the steps its pack declares for that case.
Every article that a confirmed diagnosis or an action of the advice cites gets
its fix status row, phrased for the user's version, service pack and platform.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from advisor.advice.cache import LRU
from advisor.advice.compute import Result
from advisor.advice.model import (
    Advice,
    AdviceAction,
    AdviceDiagnosis,
    AdviceQuestion,
    AdviceStatus,
    Certainty,
    TraceStep,
    WhyNot,
    WhyNotMiss,
    freeze,
)
from advisor.advice.parts import (
    make_action,
    make_diagnosis,
    make_question,
    make_status,
    make_trace,
)
from advisor.advice.questions import Planner
from advisor.advice.whynot import ALMOST, closest, concluding
from advisor.facts import FactValue
from advisor.inference import Match
from advisor.knowledge import Action, Knowledge

__all__ = ["AdviceBuilder"]

#: The facts a status row is phrased with.
_STATUS_FACTS = ("sms_version", "service_pack", "server_platform")


class AdviceBuilder:
    """Turns the evaluator's matches into :class:`Advice` for one knowledge base.

    The parts of an advice are immutable and depend on few inputs (the rules
    that matched and which facts are known; a trace step on its rule's values; a
    computed answer on its inputs; a status on the version, service pack and
    platform; why-not on the values the candidate rules test), so each is built
    once and shared, in bounded caches keyed on exactly those inputs: building
    them was most of the cost of an advice.
    """

    def __init__(self, knowledge: Knowledge, planner: Planner) -> None:
        self.knowledge = knowledge
        self.planner = planner
        self._tests = [(tuple(c.fact for c in r.when if not c.unknown),
                        frozenset(c.fact for c in r.unless), r.facts)
                       for r in knowledge.rules]
        self._by_diagnosis = concluding(knowledge)[0]
        # Why-not reads only the facts its candidate rules test.
        self._why_not_facts = tuple(dict.fromkeys(
            f for rules in self._by_diagnosis.values() for r in rules for f in r.facts))
        self._skeletons: LRU[tuple[object, ...], _Skeleton] = LRU(4096)
        self._traces: LRU[tuple[object, ...], TraceStep] = LRU(8192)
        self._actions: LRU[tuple[object, ...], tuple[AdviceAction, Result | None]] = LRU(4096)
        self._statuses: LRU[tuple[object, ...], AdviceStatus] = LRU(1024)
        self._why_nots: LRU[tuple[object, ...], tuple[WhyNot, ...]] = LRU(4096)

    def build(self, known: Mapping[str, FactValue], matches: Sequence[Match],
              skipped: frozenset[str] = frozenset()) -> Advice:
        """The advice for the ``known`` facts, given the evaluator's ``matches``.
        ``skipped`` facts were asked and left unknown: they are not asked again."""
        # What matched and which facts are known fix everything but the fact
        # values themselves (in the trace, the computed answers and the status).
        shape = (tuple([(m.rule, m.unknown) for m in matches]), tuple(known), skipped)
        skeleton = self._skeletons.get_or_make(
            shape, lambda: self._skeleton(known, matches, skipped))
        rules = self.knowledge.rules
        trace = tuple(
            self._traces.get_or_make(
                (index, *[_typed(known, f) for f in self._tests[index][2]]),
                partial(make_trace, self.knowledge, rules[index], known, unknown))
            for index, unknown in skeleton.fired)
        actions = self._actions_for(skeleton.actions, known)
        # A possible diagnosis gets its rows once it is confirmed: until then
        # the question that would confirm it is what the user needs.
        cited = dict.fromkeys([*(a for d in skeleton.diagnoses if d.certainty == "confirmed"
                                 for a in d.articles),
                               *(a for x in actions for a in x.articles)])
        place = tuple(_typed(known, f) for f in _STATUS_FACTS)
        statuses = self.knowledge.statuses
        status = tuple(
            self._statuses.get_or_make((article, *place),
                                       partial(make_status, self.knowledge,
                                               statuses[article], known))
            for article in cited if article in statuses)
        why_not = self._why_nots.get_or_make(
            (skeleton.reached, *[_typed(known, f) for f in self._why_not_facts]),
            lambda: self._why_not(known, skeleton.reached))
        return Advice.model_construct(
            covered=skeleton.covered, complete=not skeleton.questions,
            facts=freeze(known), diagnoses=skeleton.diagnoses, actions=actions,
            status=status, questions=skeleton.questions, trace=trace, why_not=why_not)

    def _actions_for(self, chosen: Sequence[Action], known: Mapping[str, FactValue]
                     ) -> tuple[AdviceAction, ...]:
        built: dict[str, tuple[Action, AdviceAction]] = {}
        queue = list(chosen)
        while queue:
            action = queue.pop(0)
            if action.id in built:
                continue
            made, result = self._actions.get_or_make(
                (action.id, *_inputs(action, known)),
                partial(make_action, self.knowledge, action, known))
            # Never a wait that cannot end well: once its time has passed, or
            # when the Despooler would give the job up first, the steps its
            # pack declares for that case stand instead.
            instead: tuple[str, ...] = ()
            if result is not None and result.overdue:
                instead = action.instead_overdue
            elif result is not None and result.beyond_limit:
                instead = action.instead_beyond_limit
            if instead:
                queue.extend(self.knowledge.actions[i] for i in instead)
                continue
            built[action.id] = (action, made)
        return tuple(made for _, made in sorted(built.values(),
                                                key=lambda pair: pair[0].order))

    def _why_not(self, known: Mapping[str, FactValue],
                 reached: frozenset[str]) -> tuple[WhyNot, ...]:
        out: list[tuple[int, WhyNot]] = []
        for ident, rules in self._by_diagnosis.items():
            if ident in reached:
                continue
            check = closest(rules, known)
            if check is None or not check.misses or len(check.misses) > ALMOST:
                continue
            d = self.knowledge.diagnoses[ident]
            rule = check.rule
            out.append((len(check.misses), WhyNot.model_construct(
                diagnosis=ident, title=d.title, articles=tuple(d.articles), rule=rule.id,
                article=rule.citation.article, section=rule.citation.section,
                failed=tuple(WhyNotMiss.model_construct(
                    fact=m.fact, wanted=m.wanted, found=m.found, blocking=m.blocking,
                    text=m.text()) for m in check.misses),
                unknown=tuple(check.unknown))))
        return tuple(w for _, w in sorted(out, key=lambda item: item[0]))

    def _skeleton(self, known: Mapping[str, FactValue], matches: Sequence[Match],
                  skipped: frozenset[str]) -> _Skeleton:
        rules = self.knowledge.rules
        diagnoses: dict[str, tuple[Certainty, frozenset[str]]] = {}
        actions: dict[str, Action] = {}
        fired: list[tuple[int, frozenset[str]]] = []
        for m in matches:
            rule = rules[m.rule]
            when, unless, _ = self._tests[m.rule]
            # An {unknown: true} test holds on an unknown fact; every other test
            # on an unknown fact leaves the rule only possible.
            open_tests = frozenset(f for f in when if f not in known)
            # An unless test on an unknown fact does not stop the rule, but the
            # fact could still block it: not confirmed until it is known.
            could_block = unless & m.unknown
            if rule.diagnosis is not None:
                certainty, pending = diagnoses.get(rule.diagnosis.id, ("possible", frozenset()))
                if not open_tests and not could_block:
                    diagnoses[rule.diagnosis.id] = ("confirmed", frozenset())
                elif certainty == "possible":
                    diagnoses[rule.diagnosis.id] = ("possible",
                                                    pending | open_tests | could_block)
            if open_tests:
                continue
            fired.append((m.rule, m.unknown))
            for action in rule.actions:
                actions.setdefault(action.id, action)
        return _Skeleton(
            reached=frozenset(diagnoses),
            covered=bool(diagnoses),
            diagnoses=tuple(sorted((make_diagnosis(self.knowledge, d, c, p)
                                    for d, (c, p) in diagnoses.items()),
                                   key=lambda d: d.certainty != "confirmed")),
            actions=tuple(sorted(actions.values(), key=lambda a: a.order)),
            questions=tuple(self._question(f, matches)
                            for f in self.planner.rank(known, matches, skipped)),
            fired=tuple(fired))

    def _question(self, fact: str, matches: Sequence[Match]) -> AdviceQuestion:
        decides = list(dict.fromkeys(
            r.diagnosis.id if r.diagnosis else r.id
            for r in self.planner.deciders(fact, matches)))
        return make_question(self.knowledge.vocabulary[fact], decides)


@dataclass(frozen=True)
class _Skeleton:
    reached: frozenset[str]
    covered: bool
    diagnoses: tuple[AdviceDiagnosis, ...]
    actions: tuple[Action, ...]
    questions: tuple[AdviceQuestion, ...]
    fired: tuple[tuple[int, frozenset[str]], ...]


def _typed(known: Mapping[str, FactValue], fact: str) -> object:
    # The type is part of a cache key: True == 1 and hash(True) == hash(1).
    value = known.get(fact, _MISSING)
    return value if value is _MISSING else (type(value), value)


def _inputs(action: Action, known: Mapping[str, FactValue]) -> tuple[object, ...]:
    if action.computation is None:
        return ()
    return tuple(_typed(known, f) for f in action.computation.inputs)


_MISSING = object()
