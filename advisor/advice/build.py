"""Building :class:`~advisor.advice.model.Advice` from the engine's matches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

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
    computed answer on its inputs; a status on the version), so each is built
    once and shared: building them was most of the cost of an advice.
    """

    def __init__(self, knowledge: Knowledge, planner: Planner) -> None:
        self.knowledge = knowledge
        self.planner = planner
        self._parts: dict[tuple[object, ...], Any] = {}
        self._tests = [(tuple(c.fact for c in r.when if not c.unknown), r.facts)
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
        """The advice for the ``known`` facts, given the engine's ``matches``.
        ``skipped`` facts were asked and left unknown: they are not asked again."""
        # What the engine matched and which facts are known fix everything but
        # the fact values themselves (in the trace, the computed answers and the
        # status for the user's version).
        shape = (tuple([m.rule for m in matches]), tuple(known), skipped)
        skeleton = self._part(("shape",) + shape, self._skeleton, known, matches, skipped)
        version = known.get("sms_version")
        version = version if isinstance(version, str) else None
        rules = self.knowledge.rules
        trace = []
        for index, unknown in skeleton.fired:
            key = (index, *[known.get(f, _MISSING) for f in self._tests[index][1]])
            step = self._parts.get(key)
            trace.append(step if step is not None else
                         self._part(key, _trace, rules[index], known, unknown))
        return _construct(
            Advice,
            covered=skeleton.covered,
            complete=not skeleton.questions,
            facts=dict(known),
            diagnoses=skeleton.diagnoses,
            actions=[self._part(("action", a.id) + _inputs(a, known), _action, a, known)
                     for a in skeleton.actions],
            status=[self._part(("status", s.article, version), _status, self.knowledge, s,
                               version) for s in skeleton.statuses],
            questions=skeleton.questions,
            trace=trace,
            why_not=self._part(("why_not", *known.items()), self._why_not, known,
                               skeleton.reached))

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
            out.append((len(check.misses), _construct(
                WhyNot, diagnosis=ident, title=d.title, articles=list(d.articles), rule=rule.id,
                article=rule.citation.article, section=rule.citation.section,
                failed=[_construct(WhyNotMiss, fact=m.fact, wanted=m.wanted, found=m.found,
                                   blocking=m.blocking, text=m.text()) for m in check.misses],
                unknown=list(check.unknown))))
        return [w for _, w in sorted(out, key=lambda item: item[0])]

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
            diagnoses=sorted((_diagnosis(self.knowledge, d, c, p)
                              for d, (c, p) in diagnoses.items()),
                             key=lambda d: d.certainty != "confirmed"),
            actions=sorted(actions.values(), key=lambda a: a.order),
            statuses=list(statuses.values()),
            questions=[_question(f, self.planner, matches)
                       for f in self.planner.rank(known, matches, skipped)],
            fired=fired)


@dataclass(frozen=True)
class _Skeleton:
    reached: frozenset[str]
    covered: bool
    diagnoses: list[AdviceDiagnosis]
    actions: list[Action]
    statuses: list[Status]
    questions: list[AdviceQuestion]
    fired: list[tuple[int, frozenset[str]]]


def _construct(cls: type[_T], **values: Any) -> _T:
    # What BaseModel.model_construct does for a model without defaults, aliases
    # or private attributes, minus its per-field bookkeeping: an advice is built
    # on every request from parts that are already validated.
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _inputs(action: Action, known: Mapping[str, FactValue]) -> tuple[object, ...]:
    if action.computation is None:
        return ()
    return tuple((type(v), v) if (v := known.get(f, _MISSING)) is not _MISSING else _MISSING
                 for f in action.computation.inputs)


_MISSING = object()


def _citations(citations: Sequence[Citation]) -> list[AdviceCitation]:
    return [_construct(AdviceCitation, article=c.article, section=c.section)
            for c in citations]


def _diagnosis(knowledge: Knowledge, ident: str, certainty: Certainty,
               pending: frozenset[str]) -> AdviceDiagnosis:
    d = knowledge.diagnoses[ident]
    return _construct(
        AdviceDiagnosis, id=d.id, title=d.title, articles=list(d.articles), certainty=certainty,
        explanation=d.explanation, citations=_citations(d.citations),
        pending=sorted(pending, key=list(VOCABULARY).index))


def _action(action: Action, known: Mapping[str, FactValue]) -> AdviceAction:
    registry = None
    if action.registry is not None:
        r = action.registry
        registry = _construct(RegistryValue, hive=r.hive, key=r.key, value=r.value,
                                                 type=r.type, data=r.data)
    computed = None
    if action.computation is not None:
        result = evaluate(action.computation, known)
        remaining = result.remaining
        computed = _construct(
            Computed, id=result.id, title=result.title, minutes_min=result.minimum,
            minutes_max=result.maximum, formula=result.formula,
            inputs=[_construct(
                ComputedInput, fact=i.fact, value=i.value, source=i.source, used_min=i.used[0],
                used_max=i.used[1], text=i.describe()) for i in result.inputs],
            elapsed_minutes=result.elapsed,
            remaining_min=remaining[0] if remaining else None,
            remaining_max=remaining[1] if remaining else None,
            overdue=result.overdue, text=result.text())
    return _construct(
        AdviceAction, id=action.id, kind=action.kind, summary=action.summary, detail=action.detail,
        articles=list(action.articles), citations=_citations(action.citations),
        registry=registry, target_version=action.target_version, computed=computed,
        applies_to=action.applies_to, follow_up=list(action.follow_up))


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
    return _construct(
        AdviceStatus, article=status.article, title=knowledge.article_title(status.article),
        confirmed_in=list(status.confirmed_in), fixed_in=fixed, solution=status.solution,
        section=status.citation.section, your_version=version,
        fixed_in_your_version=in_yours, note=note)


def _vkey(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _question(fact: str, planner: Planner, matches: Sequence[Match]) -> AdviceQuestion:
    spec = VOCABULARY[fact]
    decides = list(dict.fromkeys(
        r.diagnosis.id if r.diagnosis else r.id for r in planner.deciders(fact, matches)))
    data = spec.to_json()
    return _construct(AdviceQuestion, fact=fact, kind=spec.kind, question=spec.question,
                                          help=spec.help, answers=data["answers"],
                                          decides=decides)


def _trace(rule: Rule, known: Mapping[str, FactValue], unknown: frozenset[str]) -> TraceStep:
    assumed = [f"{c.fact} {c.describe(VOCABULARY[c.fact])}: not known, assumed not"
               for c in rule.unless if c.fact in unknown]
    return _construct(
        TraceStep, rule=rule.id, article=rule.citation.article, section=rule.citation.section,
        facts={c.fact: known[c.fact] for c in rule.when + rule.unless if c.fact in known},
        assumed=assumed, diagnosis=rule.diagnosis.id if rule.diagnosis else None,
        actions=[a.id for a in rule.actions],
        status=rule.status.article if rule.status else None)
