"""The :class:`Reasoner`: a loaded knowledge base, its evaluator and the advice
builder, and the :class:`Case` it makes of one set of facts.

The public :class:`~advisor.Advisor` is a reasoner that can also start
troubleshooting sessions; the session layer works on :class:`Case` objects, so
the evaluator's matches never leave this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from advisor.advice.build import AdviceBuilder
from advisor.advice.model import Advice
from advisor.advice.questions import Planner
from advisor.errors import FactError, FactsError
from advisor.facts import Facts, FactValue, fact_spec
from advisor.inference import CompiledRule, Evaluator, Match, make_evaluator
from advisor.knowledge import Knowledge, Rule, load_knowledge

__all__ = ["Case", "Reasoner"]

_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Case:
    """The advice for one set of facts, with what is needed to choose the next
    question: :meth:`question_order`, :meth:`deciders`, :meth:`answer_classes`."""

    facts: Facts
    skipped: frozenset[str]
    advice: Advice
    _planner: Planner
    _matches: tuple[Match, ...]

    def question_order(self) -> list[str]:
        """The open questions' facts, best first (derived from the rule data by
        looking ahead over their answers)."""
        return self._planner.order(self.facts.known(), self._matches, self.skipped)

    def deciders(self, fact: str) -> list[Rule]:
        """The rules still possible whose outcome the answer to ``fact`` decides."""
        return self._planner.deciders(fact, self._matches)

    def answer_classes(self, fact: str) -> tuple[FactValue, ...]:
        """One answer of ``fact`` for each group of answers the rules tell apart."""
        return self._planner.value_classes[fact]


class Reasoner:
    """Knowledge plus evaluator. ``Reasoner(kb_dir=..., rules_dir=...)`` loads
    other directories than the bundled ones; loading raises
    :class:`~advisor.errors.KnowledgeError` naming the file and line of any
    problem. ``evaluator`` picks the rule evaluator (``"rete"`` or ``"python"``;
    by default ``$ADVISOR_EVALUATOR``, else the Rete engine where it is
    installed). One reasoner can be shared by any number of threads.
    """

    def __init__(self, kb_dir: Path | str | None = None,
                 rules_dir: Path | str | None = None, *,
                 evaluator: str | None = None) -> None:
        self.knowledge: Knowledge = load_knowledge(
            Path(kb_dir) if kb_dir is not None else None,
            Path(rules_dir) if rules_dir is not None else None)
        self._planner = Planner(self.knowledge)
        self._builder = AdviceBuilder(self.knowledge, self._planner)
        self._evaluator: Evaluator = make_evaluator(
            (CompiledRule(r.when, r.unless) for r in self.knowledge.rules), evaluator)

    @property
    def evaluator(self) -> str:
        """The name of the rule evaluator in use: ``"rete"`` or ``"python"``."""
        return self._evaluator.name

    def advise(self, facts: Facts | Mapping[str, object],
               skipped: Iterable[str] = ()) -> Advice:
        """The advice for ``facts`` (a :class:`~advisor.Facts`, or a mapping
        validated as one; invalid input raises :class:`~advisor.FactsError`).

        ``skipped`` names facts the user was asked about and could not answer:
        they are not asked again, and advice that holds while they stay unknown
        (such as "find out whether a file is open") is kept in view.
        """
        return self.case(facts, skipped).advice

    def case(self, facts: Facts | Mapping[str, object],
             skipped: Iterable[str] = ()) -> Case:
        """The :class:`Case` for ``facts``: the advice and the question planning."""
        if not isinstance(facts, Facts):
            facts = Facts.parse(facts)
        known = facts.known()
        skip = _NOTHING
        if skipped:
            names = _skipped_names(skipped)
            for name in names:
                fact_spec(name)  # raises FactsError for an unknown name
            skip = frozenset(names).difference(known)
        matches = tuple(self._evaluator.infer(known))
        return Case(facts, skip, self._builder.build(known, matches, skip),
                    self._planner, matches)

    def close(self) -> None:
        """Release the evaluator. The reasoner cannot advise afterwards."""
        self._evaluator.close()


def _skipped_names(skipped: object) -> tuple[str, ...]:
    """``skipped`` as a tuple of names; :class:`FactsError` for anything that is not
    a collection of strings (a lone string is one name, not its letters)."""
    if isinstance(skipped, str):
        return (skipped,)
    try:
        names: tuple[object, ...] = tuple(cast(Iterable[object], skipped))
    except TypeError:
        raise FactsError([FactError("skipped", "expected a list of fact names",
                                    repr(skipped)[:80])]) from None
    for name in names:
        if not isinstance(name, str):
            raise FactsError([FactError("skipped", f"a fact name must be a string, not "
                                        f"{type(name).__name__}", repr(name)[:80])])
    return cast(tuple[str, ...], names)
