"""Why not: for the conclusions the advice does not reach, what stood in the way.

For a diagnosis (or an action, such as the registry fix) that no live rule
concludes, each rule that would conclude it is checked against the known facts:
which ``when`` tests failed (with the value found), which ``unless`` tests
blocked it, and which facts are unknown. The rule that came closest is the
explanation; a conclusion "almost matched" when that rule missed by at most
:data:`ALMOST` tests.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.facts import VOCABULARY, FactValue
from advisor.knowledge import Condition, Knowledge, Rule

__all__ = ["ALMOST", "Miss", "RuleCheck", "check_rule", "closest"]

#: A rule missed by at most this many tests "almost matched".
ALMOST = 2


@dataclass(frozen=True)
class Miss:
    """One test that stood in the way: the fact, what the rule wanted (``when``)
    or would not have (``unless``), in words, and the value found."""

    fact: str
    wanted: str
    found: FactValue
    blocking: bool  # True: an unless test that held; False: a when test that failed

    def text(self) -> str:
        """The miss in words."""
        spec = VOCABULARY[self.fact]
        found = spec.label(self.found)
        if self.blocking:
            return f"{self.fact} is {found}, and the rule does not apply when it {self.wanted}"
        return f"{self.fact} is {found}, but the rule needs it to be {self.wanted}"


@dataclass(frozen=True)
class RuleCheck:
    """How one rule fares against the known facts."""

    rule: Rule
    misses: tuple[Miss, ...]
    unknown: tuple[str, ...]

    @property
    def holds(self) -> bool:
        """True when nothing known stands in the way (the rule is live)."""
        return not self.misses


@functools.cache
def _wanted(cond: Condition) -> str:
    if cond.unknown:
        return "not known"
    return cond.describe(VOCABULARY[cond.fact]).removeprefix("is ")


def check_rule(rule: Rule, known: Mapping[str, FactValue]) -> RuleCheck:
    """Test each of ``rule``'s conditions on the ``known`` facts."""
    misses: list[Miss] = []
    unknown: list[str] = []
    for cond in rule.when:
        if cond.fact not in known:
            if not cond.unknown:
                unknown.append(cond.fact)
        elif not cond.matches(known[cond.fact]):
            misses.append(Miss(cond.fact, _wanted(cond), known[cond.fact], False))
    for cond in rule.unless:
        if cond.fact not in known:
            unknown.append(cond.fact)
        elif cond.matches(known[cond.fact]):
            misses.append(Miss(cond.fact, "is " + _wanted(cond), known[cond.fact], True))
    return RuleCheck(rule, tuple(misses), tuple(unknown))


def closest(rules: Iterable[Rule], known: Mapping[str, FactValue]) -> RuleCheck | None:
    """The check of the rule among ``rules`` that misses by the fewest tests
    (then has the fewest unknowns); ``None`` for no rules."""
    checks = [check_rule(r, known) for r in rules]
    if not checks:
        return None
    return min(checks, key=lambda c: (len(c.misses), len(c.unknown), c.rule.index))


def concluding(knowledge: Knowledge) -> tuple[dict[str, list[Rule]], dict[str, list[Rule]]]:
    """The rules that conclude each diagnosis, and each action, by id."""
    by_diagnosis: dict[str, list[Rule]] = {}
    by_action: dict[str, list[Rule]] = {}
    for rule in knowledge.rules:
        if rule.diagnosis is not None:
            by_diagnosis.setdefault(rule.diagnosis.id, []).append(rule)
        for action in rule.actions:
            by_action.setdefault(action.id, []).append(rule)
    return by_diagnosis, by_action
