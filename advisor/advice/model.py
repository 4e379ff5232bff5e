"""The advice: what is wrong, what to do, the fix status, and what is still open.

:class:`Advice` is what :func:`advisor.advise` returns and what every front end
shows. Its JSON form (``advice.model_dump(mode="json")``) is a public contract.
Every diagnosis, action and trace step cites the article sections behind it.

An advice is immutable all the way down: its models are frozen, its sequences
are tuples and its mappings read-only, because the advisor shares the parts of
one advice with others built for similar facts. ``model_dump(mode="json")``
gives plain, mutable lists and dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer

from advisor.facts import FactValue

__all__ = [
    "Advice",
    "AdviceAction",
    "AdviceCitation",
    "AdviceDiagnosis",
    "AdviceQuestion",
    "AdviceStatus",
    "Computed",
    "ComputedInput",
    "FrozenFacts",
    "FrozenMap",
    "RegistryValue",
    "TraceStep",
    "WhyNot",
    "WhyNotMiss",
]

Certainty = Literal["confirmed", "possible"]


def freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of ``mapping`` (what every mapping in an advice is)."""
    return MappingProxyType(dict(mapping))


#: A read-only mapping in an advice; JSON and ``model_dump`` give a plain dict.
FrozenMap = Annotated[Mapping[str, Any], AfterValidator(freeze),
                      PlainSerializer(dict, return_type=dict)]
#: Facts by name, read-only.
FrozenFacts = Annotated[Mapping[str, FactValue], AfterValidator(freeze),
                        PlainSerializer(dict, return_type=dict)]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class AdviceCitation(_Out):
    """A section of an article."""

    article: str
    section: str


class RegistryValue(_Out):
    """A registry value: where it is, and the data to give it (``None`` when the
    action only asks you to look at it)."""

    hive: str
    key: str
    value: str
    type: str
    data: int | None


class ComputedInput(_Out):
    """One input of a computed answer and where its value came from:
    ``given``, ``absent`` (article default) or ``unknown`` (assumed)."""

    fact: str
    value: int | str | None
    source: Literal["given", "absent", "unknown"]
    used_min: int
    used_max: int
    text: str


class Computed(_Out):
    """A computed answer in minutes; a range when an input is unknown."""

    id: str
    title: str
    minutes_min: int
    minutes_max: int
    formula: str
    inputs: tuple[ComputedInput, ...]
    elapsed_minutes: int | None
    remaining_min: int | None
    remaining_max: int | None
    overdue: bool | None
    text: str


class AdviceDiagnosis(_Out):
    """What may be wrong. ``certainty`` is ``confirmed`` when every condition
    holds on known facts, ``possible`` when some are unknown; ``pending`` then
    names those facts."""

    id: str
    title: str
    articles: tuple[str, ...]
    certainty: Certainty
    explanation: str
    citations: tuple[AdviceCitation, ...]
    pending: tuple[str, ...]


class AdviceAction(_Out):
    """A step to take: ``registry`` (set a value), ``upgrade`` (to
    ``target_version``), ``wait``, ``check`` or ``manual``. ``applies_to`` says
    where a registry change applies; ``follow_up`` names the steps that must
    come after this one."""

    id: str
    kind: Literal["registry", "upgrade", "wait", "check", "manual"]
    summary: str
    detail: str | None
    articles: tuple[str, ...]
    citations: tuple[AdviceCitation, ...]
    registry: RegistryValue | None
    target_version: str | None
    computed: Computed | None
    applies_to: str | None
    follow_up: tuple[str, ...]


class AdviceStatus(_Out):
    """An article's fix status, and what it means for the version you run."""

    article: str
    title: str
    confirmed_in: tuple[str, ...]
    fixed_in: str | None
    solution: Literal["fixed", "no_fix", "pending", "by_design"]
    section: str
    your_version: str | None
    fixed_in_your_version: bool | None
    note: str


class AdviceQuestion(_Out):
    """An unknown fact whose answer could still change the advice."""

    fact: str
    kind: Literal["choice", "bool", "int"]
    question: str
    help: str
    answers: tuple[FrozenMap, ...]
    decides: tuple[str, ...]


class TraceStep(_Out):
    """A rule that fired: its article and section, the known facts it used, and
    the ``unless`` conditions it assumed do not hold because they are unknown."""

    rule: str
    article: str
    section: str
    facts: FrozenFacts
    assumed: tuple[str, ...]
    diagnosis: str | None
    actions: tuple[str, ...]
    status: str | None


class WhyNotMiss(_Out):
    """A test that stood in the way of a conclusion: the fact, what the rule
    wanted, the value found, and ``blocking`` for an ``unless`` test that held."""

    fact: str
    wanted: str
    found: FactValue
    blocking: bool
    text: str


class WhyNot(_Out):
    """A diagnosis the advice does not reach although it almost matched: the
    closest rule, its article section, what stood in the way and what is unknown."""

    diagnosis: str
    title: str
    articles: tuple[str, ...]
    rule: str
    article: str
    section: str
    failed: tuple[WhyNotMiss, ...]
    unknown: tuple[str, ...]


class Advice(_Out):
    """The advice for one set of facts.

    ``covered`` is false when no article in the knowledge base explains the
    facts: the advisor says so and does not guess. ``complete`` is true when no
    answer to an open question could change the advice. ``why_not`` lists the
    diagnoses that almost matched and what stood in the way.
    """

    covered: bool
    complete: bool
    facts: FrozenFacts
    diagnoses: tuple[AdviceDiagnosis, ...]
    actions: tuple[AdviceAction, ...]
    status: tuple[AdviceStatus, ...]
    questions: tuple[AdviceQuestion, ...]
    trace: tuple[TraceStep, ...]
    why_not: tuple[WhyNot, ...]

    def confirmed(self) -> list[AdviceDiagnosis]:
        """The confirmed diagnoses."""
        return [d for d in self.diagnoses if d.certainty == "confirmed"]

    def conclusions(self) -> tuple[object, ...]:
        """What the advice concludes, without the route it took (the trace) or
        the open questions: two advices with equal conclusions tell the user the
        same thing."""
        return (self.covered, tuple((d.id, d.certainty) for d in self.diagnoses),
                tuple((a.id, a.computed.text if a.computed else None) for a in self.actions),
                tuple((s.article, s.note) for s in self.status))
