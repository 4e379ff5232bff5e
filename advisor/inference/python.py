"""A pure-Python evaluator of the compiled rules: the same conditions as the
Rete adapter, tested one rule at a time.

It gives the same matches as :mod:`advisor.inference.rete` (the tests prove it
over the whole fact space) and needs no C extension, so it runs wherever Python
does, Python 3.13 included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from advisor.errors import EngineError
from advisor.facts import FactValue
from advisor.inference.protocol import CompiledRule, Match

__all__ = ["PythonEvaluator"]


class PythonEvaluator:
    """Evaluates :class:`CompiledRule` objects directly. Stateless between
    calls, so it can be shared by threads without a lock."""

    name = "python"

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        self._rules = tuple(rules)
        self._facts = [tuple(dict.fromkeys(c.fact for c in r.when + r.unless))
                       for r in self._rules]
        self._closed = False

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        """The compiled rules, in the order their matches refer to."""
        return self._rules

    def infer(self, known: Mapping[str, FactValue]) -> list[Match]:
        """Every rule not ruled out by ``known``, in rule order."""
        if self._closed:
            raise EngineError("the evaluator is closed")
        matches: list[Match] = []
        for number, rule in enumerate(self._rules):
            # A `when` test on an unknown fact leaves the rule possible; an
            # `unless` test blocks only on a known value that passes it.
            if all(c.fact not in known or c.matches(known[c.fact]) for c in rule.when) and \
                    not any(c.fact in known and c.matches(known[c.fact]) for c in rule.unless):
                matches.append(Match(number, frozenset(
                    f for f in self._facts[number] if f not in known)))
        return matches

    def close(self) -> None:
        """Mark the evaluator closed."""
        self._closed = True
