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
from typing import Any

from advisor.advice.model import (
    Advice,
    AdviceAction,
    AdviceDiagnosis,
    AdviceQuestion,
    Certainty,
    WhyNot,
    WhyNotMiss,
)
from advisor.advice.parts import (
    construct,
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
    computed answer on its inputs; a status on the version), so each is built
    once and shared: building them was most of the cost of an advice.
    """

    def __init__(self, knowledge: Knowledge, planner: Planner) -> None:
        self.knowledge = knowledge
        self.planner = planner
        self._parts: dict[tuple[object, ...], Any] = {}
        self._tests = [(tuple(c.fact for c in r.when if not c.unknown),
                        frozenset(c.fact for c in r.unless), r.facts)
                       for r in knowledge.rules]
        self._by_diagnosis = concluding(knowledge)[0]

    def _part(self, key: tuple[object, ...], make: Any, *args: Any) -> Any:
        part = self._parts.get(key)
        if part is None:
            if len(self._parts) > 50_000:
                self._parts.clear()
            part = self._parts[key] = make(*args)
        return part

    def build(self, known: Mapping[str, FactValue], matches: Sequence[Match],
              skipped: frozenset[str] = frozenset()) -> Advice:
        """The advice for the ``known`` facts, given the evaluator's ``matches``.
        ``skipped`` facts were asked and left unknown: they are not asked again."""
        # What matched and which facts are known fix everything but the fact
        # values themselves (in the trace, the computed answers and the status).
        shape = (tuple([(m.rule, m.unknown) for m in matches]), tuple(known), skipped)
        skeleton = self._part(("shape",) + shape, self._skeleton, known, matches, skipped)
        rules = self.knowledge.rules
        trace = []
        for index, unknown in skeleton.fired:
            key = (index, *[known.get(f, _MISSING) for f in self._tests[index][2]])
            step = self._parts.get(key)
            trace.append(step if step is not None else
                         self._part(key, make_trace, self.knowledge, rules[index], known,
                                    unknown))
        actions = self._actions(skeleton.actions, known)
        # A possible diagnosis gets its rows once it is confirmed: until then
        # the question that would confirm it is what the user needs.
        confirmed = [d for d in skeleton.diagnoses if d.certainty == "confirmed"]
        cited = dict.fromkeys(a for item in [*confirmed, *actions] for a in item.articles)
        place = tuple(known.get(f) for f in _STATUS_FACTS)
        statuses = self.knowledge.statuses
        return construct(
            Advice,
            covered=skeleton.covered,
            complete=not skeleton.questions,
            facts=dict(known),
            diagnoses=skeleton.diagnoses,
            actions=actions,
            status=[self._part(("status", article, *place), make_status, self.knowledge,
                               statuses[article], known)
                    for article in cited if article in statuses],
            questions=skeleton.questions,
            trace=trace,
            why_not=self._part(("why_not", *known.items()), self._why_not, known,
                               skeleton.reached))

    def _actions(self, chosen: Sequence[Action], known: Mapping[str, FactValue]
                 ) -> list[AdviceAction]:
        built: dict[str, tuple[Action, AdviceAction]] = {}
        queue = list(chosen)
        while queue:
            action = queue.pop(0)
            if action.id in built:
                continue
            made, result = self._part(("action", action.id) + _inputs(action, known),
                                      make_action, self.knowledge, action, known)
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
        return [made for _, made in sorted(built.values(), key=lambda pair: pair[0].order)]

    def _why_not(self, known: Mapping[str, FactValue], reached: frozenset[str]) -> list[WhyNot]:
        out: list[tuple[int, WhyNot]] = []
        for ident, rules in self._by_diagnosis.items():
            if ident in reached:
                continue
            check = closest(rules, known)
            if check is None or not check.misses or len(check.misses) > ALMOST:
                continue
            d = self.knowledge.diagnoses[ident]
            rule = check.rule
            out.append((len(check.misses), construct(
                WhyNot, diagnosis=ident, title=d.title, articles=list(d.articles), rule=rule.id,
                article=rule.citation.article, section=rule.citation.section,
                failed=[construct(WhyNotMiss, fact=m.fact, wanted=m.wanted, found=m.found,
                                  blocking=m.blocking, text=m.text()) for m in check.misses],
                unknown=list(check.unknown))))
        return [w for _, w in sorted(out, key=lambda item: item[0])]

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
            diagnoses=sorted((make_diagnosis(self.knowledge, d, c, p)
                              for d, (c, p) in diagnoses.items()),
                             key=lambda d: d.certainty != "confirmed"),
            actions=sorted(actions.values(), key=lambda a: a.order),
            questions=[self._question(f, matches)
                       for f in self.planner.rank(known, matches, skipped)],
            fired=fired)

    def _question(self, fact: str, matches: Sequence[Match]) -> AdviceQuestion:
        decides = list(dict.fromkeys(
            r.diagnosis.id if r.diagnosis else r.id
            for r in self.planner.deciders(fact, matches)))
        return make_question(self.knowledge.vocabulary[fact], decides)


@dataclass(frozen=True)
class _Skeleton:
    reached: frozenset[str]
    covered: bool
    diagnoses: list[AdviceDiagnosis]
    actions: list[Action]
    questions: list[AdviceQuestion]
    fired: list[tuple[int, frozenset[str]]]


def _inputs(action: Action, known: Mapping[str, FactValue]) -> tuple[object, ...]:
    if action.computation is None:
        return ()
    return tuple((type(v), v) if (v := known.get(f, _MISSING)) is not _MISSING else _MISSING
                 for f in action.computation.inputs)


_MISSING = object()
