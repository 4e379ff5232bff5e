"""What every evaluator of the compiled rules provides, and what it returns.

An evaluator takes the rules as :class:`CompiledRule` (their tests, already
checked against the vocabulary) and answers :meth:`Evaluator.infer`: for the
known facts, every rule that is not ruled out, as a :class:`Match`. A fact a
rule tests but that is not given counts as unknown, so a rule may match only
because of unknown facts; :attr:`Match.unknown` names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from advisor.facts import FactValue
from advisor.knowledge import Condition

__all__ = ["CompiledRule", "Evaluator", "Match"]


@dataclass(frozen=True)
class CompiledRule:
    """What an evaluator needs of a rule: the tests that must hold (``when``)
    and the tests of which any one blocks it (``unless``)."""

    when: tuple[Condition, ...]
    unless: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Match:
    """A rule that was not ruled out. ``rule`` is its position in the rules the
    evaluator was built with; ``unknown`` are the facts its tests matched only
    because they are unknown (empty: every test held on known facts)."""

    rule: int
    unknown: frozenset[str]


class Evaluator(Protocol):
    """Runs compiled rules against known facts. Implementations may be shared
    by threads; :meth:`close` releases what they hold."""

    #: A short name for people: ``"rete"`` or ``"python"``.
    name: str

    def infer(self, known: Mapping[str, FactValue]) -> list[Match]:
        """One :class:`Match` per rule not ruled out by ``known``, in rule order."""
        ...

    def close(self) -> None:
        """Release the evaluator; it cannot be used afterwards."""
        ...
