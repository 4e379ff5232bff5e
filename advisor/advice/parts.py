"""The parts of an advice, each built from resolved knowledge and the facts:
diagnoses, actions (with their computed answers), fix status rows, questions
and trace steps. :class:`~advisor.advice.build.AdviceBuilder` assembles them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.advice.compute import Result, evaluate
from advisor.advice.model import (
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
    freeze,
)
from advisor.facts import FactSpec, FactValue
from advisor.knowledge import Action, Citation, Knowledge, Rule, Status

__all__ = ["make_action", "make_diagnosis", "make_question", "make_status",
           "make_trace"]

def _citations(citations: Sequence[Citation]) -> tuple[AdviceCitation, ...]:
    return tuple(AdviceCitation.model_construct(article=c.article, section=c.section)
                 for c in citations)


def make_diagnosis(knowledge: Knowledge, ident: str, certainty: Certainty,
                   pending: frozenset[str]) -> AdviceDiagnosis:
    """The diagnosis ``ident``; ``pending`` are the facts that would confirm it."""
    d = knowledge.diagnoses[ident]
    order = list(knowledge.vocabulary)
    return AdviceDiagnosis.model_construct(
        id=d.id, title=d.title, articles=tuple(d.articles), certainty=certainty,
        explanation=d.explanation, citations=_citations(d.citations),
        pending=tuple(sorted(pending, key=order.index)))


def make_action(knowledge: Knowledge, action: Action, known: Mapping[str, FactValue]
                ) -> tuple[AdviceAction, Result | None]:
    """The action, with its computed answer when it has one."""
    registry = None
    if action.registry is not None:
        r = action.registry
        registry = RegistryValue.model_construct(hive=r.hive, key=r.key, value=r.value,
                             type=r.type, data=r.data)
    computed = result = None
    if action.computation is not None:
        result = evaluate(action.computation, known, knowledge.vocabulary)
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
            overdue=result.overdue, text=result.text(),
            limit_min=result.limit[0] if result.limit else None,
            limit_max=result.limit[1] if result.limit else None,
            beyond_limit=result.beyond_limit)
    return AdviceAction.model_construct(
        id=action.id, kind=action.kind, summary=action.summary, detail=action.detail,
        articles=tuple(action.articles), citations=_citations(action.citations),
        registry=registry, target_version=action.target_version, computed=computed,
        applies_to=action.applies_to, follow_up=tuple(action.follow_up),
        warning=action.warning, target_service_pack=action.target_service_pack), result


def make_question(spec: FactSpec, decides: list[str]) -> AdviceQuestion:
    """The question that asks for ``spec``'s fact."""
    answers = tuple(freeze(a) for a in spec.to_json()["answers"])
    return AdviceQuestion.model_construct(fact=spec.name, kind=spec.kind, question=spec.question,
                                          help=spec.help, answers=answers,
                                          decides=tuple(decides))


def make_trace(knowledge: Knowledge, rule: Rule, known: Mapping[str, FactValue],
               unknown: frozenset[str]) -> TraceStep:
    """The trace step of a rule that fired."""
    vocabulary = knowledge.vocabulary
    assumed = tuple(f"{c.fact} {c.describe(vocabulary[c.fact])}: not known, assumed not"
                    for c in rule.unless if c.fact in unknown)
    return TraceStep.model_construct(
        rule=rule.id, article=rule.citation.article, section=rule.citation.section,
        facts=freeze({c.fact: known[c.fact] for c in rule.when + rule.unless
                      if c.fact in known}),
        assumed=assumed, diagnosis=rule.diagnosis.id if rule.diagnosis else None,
        actions=tuple(a.id for a in rule.actions),
        status=rule.status.article if rule.status else None)


def make_status(knowledge: Knowledge, status: Status, known: Mapping[str, FactValue]
                ) -> AdviceStatus:
    """``status`` phrased for the version, service pack and platform in ``known``."""
    version = _text(known.get("sms_version"))
    sp = known.get("service_pack")
    sp = sp if isinstance(sp, int) and not isinstance(sp, bool) else None
    platform = _text(known.get("server_platform"))
    confirmed = _versions(status.confirmed_in)
    fix = _release(status.fixed_in, status.fixed_in_sp) if status.fixed_in else None
    yours = _release(version, sp) if version else None
    in_yours = _has_fix(status, version, sp)
    parts: list[str] = []
    applies = not (version and status.applies_to and
                   version not in {v.split()[0] for v in status.applies_to})
    if not applies:
        parts.append(f"This article is about {_versions(status.applies_to)}, not your "
                     f"{yours}.")
        in_yours = None
    elif status.solution == "fixed":
        if in_yours is None and version and status.fixed_in_sp:
            parts.append(f"Fixed in {fix}: your {yours} has it only with Service Pack "
                         f"{status.fixed_in_sp} or later.")
        elif in_yours is None:
            parts.append(f"Confirmed in {confirmed}; fixed in {fix}.")
        elif in_yours:
            parts.append(f"Fixed in {fix}: your {yours} has the fix.")
        else:
            step = (f"install Service Pack {status.fixed_in_sp}" if status.fixed_in_sp and
                    version == status.fixed_in else "upgrade")
            parts.append(f"Fixed in {fix}: your {yours} does not have it; {step}.")
    else:
        parts.append(f"Confirmed in {confirmed}; " + _UNFIXED[status.solution]
                     if status.solution != "info" else _UNFIXED["info"])
    workaround = status.workaround
    if workaround is not None and applies:
        spec = knowledge.vocabulary.get("server_platform")
        where = " or ".join(spec.label(p) if spec else p for p in workaround.platforms)
        if platform is None:
            parts.append(f"Its workaround ({workaround.citation.section}) works on {where} "
                         "distribution servers only.")
        elif platform in workaround.platforms:
            parts.append(f"Its workaround ({workaround.citation.section}) works on your "
                         f"{spec.label(platform) if spec else platform} distribution server.")
        else:
            shown = spec.label(platform) if spec else platform
            parts.append(f"Its workaround ({workaround.citation.section}) does not work on "
                         f"{shown} distribution servers: it needs {where} ones.")
    return AdviceStatus.model_construct(
        article=status.article, title=knowledge.article_title(status.article),
        confirmed_in=tuple(status.confirmed_in), fixed_in=status.fixed_in,
        solution=status.solution, section=status.citation.section, your_version=version,
        fixed_in_your_version=in_yours, note=" ".join(parts), fixed_in_sp=status.fixed_in_sp,
        your_service_pack=sp, notes=tuple(f"{n.title}: {n.text}" for n in status.notes))


_UNFIXED = {"no_fix": "no fix is available.", "pending": "no fix yet (Microsoft is "
            "researching it).", "not_stated": "no fix is stated.",
            "by_design": "it is by design.", "info": "A how-to article: nothing to fix."}


def _has_fix(status: Status, version: str | None, sp: int | None) -> bool | None:
    if status.fixed_in is None or version is None:
        return None
    mine, fixed = _vkey(version), _vkey(status.fixed_in)
    if mine != fixed or not status.fixed_in_sp:
        return mine >= fixed
    return None if sp is None else sp >= status.fixed_in_sp


def _release(version: str | None, sp: int | None) -> str:
    if sp:
        return f"SMS {version} SP{sp}"
    return f"SMS {version}" + (" (no service pack)" if sp == 0 else "")


def _versions(versions: Sequence[str]) -> str:
    shown = [f"SMS {v}" for v in versions]
    if not shown:
        return "no version"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _vkey(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split()[0].split("."))


def _text(value: FactValue) -> str | None:
    return value if isinstance(value, str) else None
