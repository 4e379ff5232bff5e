"""Building :class:`~advisor.advice.model.Advice` from the engine's matches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from pydantic import BaseModel

from advisor.advice.cache import LRU
from advisor.advice.compute import evaluate
from advisor.advice.model import (
    Advice,
    AdviceAction,
    AdviceCitation,
    AdviceDiagnosis,
    AdviceQuestion,
    AdviceStatus,
    Certainty,
    Computed,
    ComputedInput,
    RegistryValue,
    TraceStep,
    WhyNot,
    WhyNotMiss,
    freeze,
)
from advisor.advice.questions import Planner
from advisor.advice.whynot import ALMOST, closest, concluding
from advisor.facts import VOCABULARY, FactValue
from advisor.inference import Match
from advisor.knowledge import Action, Citation, Knowledge, Rule, Status

__all__ = ["AdviceBuilder"]

_T = TypeVar("_T", bound=BaseModel)


class AdviceBuilder:
    """Turns the engine's matches into :class:`Advice` for one knowledge base.

    The parts of an advice are immutable and depend on few inputs (the rules
    that matched and which facts are known; a trace step on its rule's values; a
    computed answer on its inputs; a status on the version; why-not on the
    values the candidate rules test), so each is built once and shared, in
    bounded caches keyed on exactly those inputs: building them was most of the
    cost of an advice.
    """

    def __init__(self, knowledge: Knowledge, planner: Planner) -> None:
        self.knowledge = knowledge
        self.planner = planner
        self._tests = [(tuple(c.fact for c in r.when if not c.unknown), r.facts)
                       for r in knowledge.rules]
        self._by_diagnosis = concluding(knowledge)[0]
        # Why-not reads only the facts its candidate rules test.
        self._why_not_facts = tuple(dict.fromkeys(
            f for rules in self._by_diagnosis.values() for r in rules for f in r.facts))
        self._skeletons: LRU[tuple[object, ...], _Skeleton] = LRU(4096)
        self._traces: LRU[tuple[object, ...], TraceStep] = LRU(8192)
        self._actions: LRU[tuple[object, ...], AdviceAction] = LRU(4096)
        self._statuses: LRU[tuple[object, ...], AdviceStatus] = LRU(1024)
        self._why_nots: LRU[tuple[object, ...], tuple[WhyNot, ...]] = LRU(4096)

    def build(self, known: Mapping[str, FactValue], matches: Sequence[Match],
              skipped: frozenset[str] = frozenset()) -> Advice:
        """The advice for the ``known`` facts, given the engine's ``matches``.
        ``skipped`` facts were asked and left unknown: they are not asked again."""
        # What the engine matched and which facts are known fix everything but
        # the fact values themselves (in the trace, the computed answers and the
        # status for the user's version).
        shape = (tuple([m.rule for m in matches]), tuple(known), skipped)
        skeleton = self._skeletons.get_or_make(
            shape, lambda: self._skeleton(known, matches, skipped))
        version = known.get("sms_version")
        version = version if isinstance(version, str) else None
        rules = self.knowledge.rules
        trace = tuple(
            self._traces.get_or_make(
                (index, *[_typed(known, f) for f in self._tests[index][1]]),
                partial(_trace, rules[index], known, unknown))
            for index, unknown in skeleton.fired)
        actions = tuple(
            self._actions.get_or_make((a.id, *_inputs(a, known)),
                                      partial(_action, a, known))
            for a in skeleton.actions)
        status = tuple(
            self._statuses.get_or_make((s.article, version),
                                       partial(_status, self.knowledge, s, version))
            for s in skeleton.statuses)
        why_not = self._why_nots.get_or_make(
            (skeleton.reached, *[_typed(known, f) for f in self._why_not_facts]),
            lambda: self._why_not(known, skeleton.reached))
        return Advice.model_construct(
            covered=skeleton.covered, complete=not skeleton.questions,
            facts=freeze(known), diagnoses=skeleton.diagnoses, actions=actions,
            status=status, questions=skeleton.questions, trace=trace, why_not=why_not)

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
        statuses: dict[str, Status] = {}
        fired: list[tuple[int, frozenset[str]]] = []
        for m in matches:
            rule = rules[m.rule]
            # An {unknown: true} test holds on an unknown fact; every other test
            # on an unknown fact leaves the rule only possible.
            open_tests = frozenset(f for f in self._tests[m.rule][0] if f not in known)
            if rule.diagnosis is not None:
                certainty, pending = diagnoses.get(rule.diagnosis.id, ("possible", frozenset()))
                if not open_tests:
                    diagnoses[rule.diagnosis.id] = ("confirmed", frozenset())
                elif certainty == "possible":
                    diagnoses[rule.diagnosis.id] = ("possible", pending | open_tests)
            if open_tests:
                continue
            fired.append((m.rule, m.unknown))
            for action in rule.actions:
                actions.setdefault(action.id, action)
            if rule.status is not None:
                statuses.setdefault(rule.status.article, rule.status)
        return _Skeleton(
            reached=frozenset(diagnoses),
            covered=bool(diagnoses),
            diagnoses=tuple(sorted((_diagnosis(self.knowledge, d, c, p)
                                    for d, (c, p) in diagnoses.items()),
                                   key=lambda d: d.certainty != "confirmed")),
            actions=tuple(sorted(actions.values(), key=lambda a: a.order)),
            statuses=tuple(statuses.values()),
            questions=tuple(_question(f, self.planner, matches)
                            for f in self.planner.rank(known, matches, skipped)),
            fired=tuple(fired))


@dataclass(frozen=True)
class _Skeleton:
    reached: frozenset[str]
    covered: bool
    diagnoses: tuple[AdviceDiagnosis, ...]
    actions: tuple[Action, ...]
    statuses: tuple[Status, ...]
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


def _citations(citations: Sequence[Citation]) -> tuple[AdviceCitation, ...]:
    return tuple(AdviceCitation.model_construct(article=c.article, section=c.section)
                 for c in citations)


def _diagnosis(knowledge: Knowledge, ident: str, certainty: Certainty,
               pending: frozenset[str]) -> AdviceDiagnosis:
    d = knowledge.diagnoses[ident]
    return AdviceDiagnosis.model_construct(
        id=d.id, title=d.title, articles=tuple(d.articles), certainty=certainty,
        explanation=d.explanation, citations=_citations(d.citations),
        pending=tuple(sorted(pending, key=list(VOCABULARY).index)))


def _action(action: Action, known: Mapping[str, FactValue]) -> AdviceAction:
    registry = None
    if action.registry is not None:
        r = action.registry
        registry = RegistryValue.model_construct(hive=r.hive, key=r.key, value=r.value,
                                                 type=r.type, data=r.data)
    computed = None
    if action.computation is not None:
        result = evaluate(action.computation, known)
        remaining = result.remaining
        computed = Computed.model_construct(
            id=result.id, title=result.title, minutes_min=result.minimum,
            minutes_max=result.maximum, formula=result.formula,
            inputs=tuple(ComputedInput.model_construct(
                fact=i.fact, value=i.value, source=i.source, used_min=i.used[0],
                used_max=i.used[1], text=i.describe()) for i in result.inputs),
            elapsed_minutes=result.elapsed,
            remaining_min=remaining[0] if remaining else None,
            remaining_max=remaining[1] if remaining else None,
            overdue=result.overdue, text=result.text())
    return AdviceAction.model_construct(
        id=action.id, kind=action.kind, summary=action.summary, detail=action.detail,
        articles=tuple(action.articles), citations=_citations(action.citations),
        registry=registry, target_version=action.target_version, computed=computed,
        applies_to=action.applies_to, follow_up=tuple(action.follow_up))


def _status(knowledge: Knowledge, status: Status, version: str | None) -> AdviceStatus:
    fixed = status.fixed_in
    in_yours = None if version is None or fixed is None else _vkey(version) >= _vkey(fixed)
    confirmed = ", ".join(f"SMS {v}" for v in status.confirmed_in)
    if fixed is None:
        note = (f"Confirmed in {confirmed}; no fix is available: use the workaround."
                if status.solution == "no_fix" else f"Confirmed in {confirmed}; not fixed.")
    elif in_yours is None:
        note = f"Confirmed in {confirmed}; fixed in SMS {fixed}."
    elif in_yours:
        note = f"Fixed in SMS {fixed}: your SMS {version} has the fix."
    else:
        note = f"Fixed in SMS {fixed}: your SMS {version} does not have it; upgrade."
    return AdviceStatus.model_construct(
        article=status.article, title=knowledge.article_title(status.article),
        confirmed_in=tuple(status.confirmed_in), fixed_in=fixed, solution=status.solution,
        section=status.citation.section, your_version=version,
        fixed_in_your_version=in_yours, note=note)


def _vkey(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _question(fact: str, planner: Planner, matches: Sequence[Match]) -> AdviceQuestion:
    spec = VOCABULARY[fact]
    decides = tuple(dict.fromkeys(
        r.diagnosis.id if r.diagnosis else r.id for r in planner.deciders(fact, matches)))
    answers = tuple(freeze(a) for a in spec.to_json()["answers"])
    return AdviceQuestion.model_construct(fact=fact, kind=spec.kind, question=spec.question,
                                          help=spec.help, answers=answers, decides=decides)


def _trace(rule: Rule, known: Mapping[str, FactValue], unknown: frozenset[str]) -> TraceStep:
    assumed = tuple(f"{c.fact} {c.describe(VOCABULARY[c.fact])}: not known, assumed not"
                    for c in rule.unless if c.fact in unknown)
    return TraceStep.model_construct(
        rule=rule.id, article=rule.citation.article, section=rule.citation.section,
        facts=freeze({c.fact: known[c.fact] for c in rule.when + rule.unless if c.fact in known}),
        assumed=assumed, diagnosis=rule.diagnosis.id if rule.diagnosis else None,
        actions=tuple(a.id for a in rule.actions),
        status=rule.status.article if rule.status else None)
