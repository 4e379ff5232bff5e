"""Which unknown facts are worth asking about, and in what order.

Everything here is derived from the rule data and the engine's matches, never
from a hand-written order.

A question is worth asking when its answer can change the advice the user ends
up with, once the open questions are answered. So:

* a rule that holds only while some fact is unknown (a ``{unknown: true}``
  test, such as "check the registry value") ends when that fact is asked, and
  decides nothing then, unless the user *skipped* that fact (answered
  "unknown"): then it stays;
* any other live rule (fired, or possible) makes each fact it tests and does
  not know relevant: the answer rules it in or out. The facts a rule's
  computation reads are relevant too: they change the computed number.

The next question is the relevant fact whose answer is expected to leave the
fewest relevant facts behind, looking :data:`LOOKAHEAD` answers ahead over one
answer per class of values the rules tell apart. Ties go to the vocabulary's
order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from advisor.advice.cache import LRU
from advisor.facts import VOCABULARY, FactValue
from advisor.inference import Match
from advisor.knowledge import Knowledge, Rule

__all__ = ["LOOKAHEAD", "Planner"]

#: How many answers ahead :meth:`Planner.order` looks. On the bundled knowledge
#: one answer ahead already gives the optimal mean number of questions (see
#: bench/questions_bench.py), and two cost ten times as much.
LOOKAHEAD = 1

_ORDER = {name: i for i, name in enumerate(VOCABULARY)}


@dataclass(frozen=True)
class _Live:
    rule: Rule
    unknown: frozenset[str]


class Planner:
    """Question planning for one :class:`~advisor.knowledge.model.Knowledge`."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        rules = knowledge.rules
        #: For each rule, the facts its actions' computations read.
        self.inputs = [frozenset(i for a in r.actions if a.computation
                                 for i in a.computation.inputs) for r in rules]
        #: For each rule, the facts it needs to stay unknown.
        self.gates = [frozenset(c.fact for c in r.when if c.unknown) for r in rules]
        self._orders: LRU[tuple[object, ...], tuple[str, ...]] = LRU(8192)

    @cached_property
    def value_classes(self) -> dict[str, tuple[FactValue, ...]]:
        """For each fact, one value per class of values that no rule tells apart."""
        classes: dict[str, tuple[FactValue, ...]] = {}
        for name, spec in VOCABULARY.items():
            conditions = [c for r in self.knowledge.rules for c in r.when + r.unless
                          if c.fact == name and not c.unknown]
            candidates: list[FactValue]
            if spec.kind == "bool":
                candidates = [True, False]
            elif spec.kind == "choice":
                candidates = list(spec.choices)
            else:
                points: set[int] = {spec.minimum or 0}
                for c in conditions:
                    for r in c.ranges:
                        points.update(p for p in (r.lo - 1, r.lo, r.hi, r.hi + 1)
                                      if (spec.minimum is None or p >= spec.minimum) and
                                      (spec.maximum is None or p <= spec.maximum))
                candidates = [None] if spec.nullable else []
                candidates += sorted(points)
            seen: dict[tuple[bool, ...], FactValue] = {}
            for value in candidates:
                seen.setdefault(tuple(c.matches(value) for c in conditions), value)
            classes[name] = tuple(seen.values())
        return classes

    def live(self, matches: Iterable[Match]) -> list[_Live]:
        """The engine's matches, with their rules."""
        rules = self.knowledge.rules
        return [_Live(rules[m.rule], m.unknown) for m in matches]

    def relevant(self, known: Mapping[str, FactValue], matches: Iterable[Match],
                 skipped: frozenset[str] = frozenset()) -> set[str]:
        """The facts whose answers could still change the advice: unknown, not
        ``skipped``, and tested or read by a rule that can still hold."""
        return self._relevant(self.live(matches), known, skipped)

    def _relevant(self, live: Sequence[_Live], known: Iterable[str],
                  skipped: frozenset[str]) -> set[str]:
        out: set[str] = set()
        for item in live:
            index = item.rule.index
            if self.gates[index] - skipped:
                continue  # ends as soon as its gate fact is answered
            out |= item.unknown
            out |= self.inputs[index].difference(known)
        return out - skipped

    def rank(self, known: Mapping[str, FactValue], matches: Iterable[Match],
             skipped: frozenset[str] = frozenset()) -> list[str]:
        """The relevant facts in a cheap order: the facts that decide the most live
        rules first, the facts that only feed computations last. For the best
        next question use :meth:`order`, which looks ahead."""
        weight: dict[str, int] = {}
        for item in self.live(matches):
            index = item.rule.index
            if self.gates[index] - skipped:
                continue
            for f in item.unknown - skipped:
                weight[f] = weight.get(f, 0) + 1
            for f in self.inputs[index].difference(known, skipped):
                weight.setdefault(f, 0)
        return sorted(weight, key=lambda f: (-weight[f], _ORDER[f]))

    def order(self, known: Mapping[str, FactValue], matches: Iterable[Match],
              skipped: frozenset[str] = frozenset()) -> list[str]:
        """The relevant facts, the best question first."""
        matches = list(matches)
        # The order depends only on which rules are live with which facts open,
        # and on which facts are settled; every session starts from the same
        # few states, so the answer is kept.
        key = (tuple((m.rule, m.unknown) for m in matches), frozenset(known), skipped)
        return list(self._orders.get_or_make(
            key, lambda: tuple(self._order(known, matches, skipped))))

    def _order(self, known: Mapping[str, FactValue], matches: list[Match],
               skipped: frozenset[str]) -> list[str]:
        live = self.live(matches)
        relevant = self._relevant(live, known, skipped)
        settled = frozenset(known) | skipped
        memo: dict[tuple[object, ...], float] = {}
        scores = {f: self._cost(live, settled, skipped, f, LOOKAHEAD, memo) for f in relevant}
        return sorted(relevant, key=lambda f: (scores[f], _ORDER[f]))

    def _cost(self, live: Sequence[_Live], settled: frozenset[str], skipped: frozenset[str],
              fact: str, depth: int, memo: dict[tuple[object, ...], float]) -> float:
        # Expected number of questions still to ask after asking `fact`: look
        # `depth` answers ahead, then count the relevant facts left.
        key = (tuple((id(i.rule), i.unknown) for i in live), settled, fact, depth)
        cached = memo.get(key)
        if cached is not None:
            return cached
        values = self.value_classes[fact]
        total = 0.0
        now = settled | {fact}
        for value in values:
            after = self.answer(live, fact, value)
            relevant = self._relevant(after, now, skipped)
            if depth <= 1 or not relevant:
                total += len(relevant)
            else:
                total += 1 + min(self._cost(after, now, skipped, f, depth - 1, memo)
                                 for f in relevant)
        memo[key] = result = total / len(values)
        return result

    def answer(self, live: Sequence[_Live], fact: str, value: FactValue) -> list[_Live]:
        """The live rules that survive answering ``fact`` with ``value``."""
        out: list[_Live] = []
        for item in live:
            if fact not in item.unknown:
                out.append(item)
                continue
            rule = item.rule
            alive = all(c.matches(value) for c in rule.when if c.fact == fact) and \
                not any(c.matches(value) for c in rule.unless if c.fact == fact)
            if alive:
                out.append(_Live(rule, item.unknown - {fact}))
        return out

    def deciders(self, fact: str, matches: Iterable[Match]) -> list[Rule]:
        """The live rules whose outcome the answer to ``fact`` decides."""
        return [item.rule for item in self.live(matches)
                if fact in item.unknown or fact in self.inputs[item.rule.index]]
