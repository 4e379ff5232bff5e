"""The Python evaluator: the compiled conditions checked with per-value bitsets.

It evaluates exactly what the Rete adapter compiles (the rules' ``when`` and
``unless`` :class:`~advisor.knowledge.Condition` tests), in plain Python, with
no native code. For every fact the rules test it works out once, when it is
built, which rules each possible value rules out, as one integer used as a set
of bits (bit *i* is rule *i*):

* a choice or yes/no fact has one mask per value;
* a number fact has one mask per segment between the boundaries of the rules'
  ranges (found by bisection) and one for ``None``.

An inference ORs the masks of the known facts; the rules whose bits stay clear
are the matches. A fact that is not given rules nothing out: that is the
"or unknown" half of every test, and an ``{unknown: true}`` test is ruled out
by any known value. The cost of an inference is one lookup per known fact plus
one step per match, whatever the number of rules.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable, Mapping, Sequence

from advisor.errors import EngineError
from advisor.facts import VOCABULARY, FactSpec, FactValue
from advisor.inference.protocol import CompiledRule, Match
from advisor.knowledge import Condition

__all__ = ["PythonEvaluator", "boundary_values", "check_known", "sample_facts"]

#: Most matches remembered (each is built once per rule and set of unknown facts).
_MEMO_LIMIT = 65_536


class _NumberTable:
    """The rules each value of one number fact rules out, by segment."""

    __slots__ = ("cuts", "masks", "null")

    def __init__(self, cuts: list[int], masks: list[int], null: int) -> None:
        self.cuts = cuts    # segment k holds the values v with cuts[k-1] <= v < cuts[k]
        self.masks = masks  # one per segment: len(cuts) + 1
        self.null = null

    def lookup(self, value: int | None) -> int:
        if value is None:
            return self.null
        return self.masks[bisect.bisect_right(self.cuts, value)]


class PythonEvaluator:
    """The rules, evaluated in Python. ``infer(known)`` returns the same matches
    as the Rete adapter for the same rules, in rule order.

    ``vocabulary`` gives each fact's kind and allowed values (the advisor's
    own facts by default). The evaluator holds no state between inferences,
    so any number of threads may share one.
    """

    name = "python"

    def __init__(self, rules: Iterable[CompiledRule],
                 vocabulary: Mapping[str, FactSpec] = VOCABULARY) -> None:
        self._rules = tuple(rules)
        self._vocabulary = vocabulary
        self._facts = [tuple(dict.fromkeys(c.fact for c in r.when + r.unless))
                       for r in self._rules]
        tested = sorted({f for facts in self._facts for f in facts})
        for name in tested:
            if name not in vocabulary:
                raise EngineError(f"a rule tests the unknown fact {name!r}")
        self._bits = {name: 1 << i for i, name in enumerate(tested)}
        self._width = len(tested)
        self._rule_facts = [sum(self._bits[f] for f in facts) for facts in self._facts]
        self._all = (1 << len(self._rules)) - 1
        self._choices: dict[str, dict[tuple[type, FactValue], int]] = {}
        self._numbers: dict[str, _NumberTable] = {}
        self._memo: dict[int, Match] = {}
        self._closed = False
        for name in tested:
            self._table(name)

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        """The rules, in the order their matches refer to."""
        return self._rules

    def _table(self, name: str) -> None:
        spec = self._vocabulary[name]
        tests: list[tuple[int, bool, Condition]] = []
        for i, rule in enumerate(self._rules):
            tests += [(i, False, c) for c in rule.when if c.fact == name]
            tests += [(i, True, c) for c in rule.unless if c.fact == name]

        def ruled_out(value: FactValue) -> int:
            mask = 0
            for i, blocks, cond in tests:
                # A when test must pass; an unless test must not.
                if cond.matches(value) is blocks:
                    mask |= 1 << i
            return mask

        if spec.kind == "int":
            cuts = sorted({bound for _, _, c in tests for r in c.ranges
                           for bound in (r.lo, r.hi + 1)})
            # One value from each segment stands for all of it: no test's
            # outcome changes inside a segment.
            samples = [cuts[0] - 1, *cuts] if cuts else [0]
            self._numbers[name] = _NumberTable(cuts, [ruled_out(v) for v in samples],
                                               ruled_out(None) if spec.nullable else 0)
        else:
            domain: Sequence[FactValue] = (True, False) if spec.kind == "bool" else spec.choices
            self._choices[name] = {(type(v), v): ruled_out(v) for v in domain}

    def infer(self, known: Mapping[str, FactValue]) -> list[Match]:
        """Every rule that ``known`` (the known facts, by name) does not rule out,
        with the facts it tests that are unknown. Raises :class:`EngineError`
        for a fact or value outside the vocabulary."""
        if self._closed:
            raise EngineError("the evaluator is closed")
        check_known(known, self._vocabulary)
        dead = 0
        given = 0
        for name, value in known.items():
            bit = self._bits.get(name)
            if bit is None:
                continue  # no rule tests it
            given |= bit
            choice = self._choices.get(name)
            if choice is not None:
                dead |= choice[type(value), value]
            else:
                dead |= self._numbers[name].lookup(value)  # type: ignore[arg-type]  # checked: int or None
        return self._matches(self._all & ~dead, given, known)

    def _matches(self, live: int, given: int, known: Mapping[str, FactValue]) -> list[Match]:
        out: list[Match] = []
        memo, rule_facts, width = self._memo, self._rule_facts, self._width
        # The set bits, lowest first, found by str.find over the binary digits:
        # bit tricks on a 10,000-bit integer cost a pass over it per match.
        digits = bin(live)[:1:-1]
        rule = digits.find("1")
        while rule >= 0:
            # A match depends only on the rule and which of its facts are unknown.
            key = (rule << width) | (rule_facts[rule] & ~given)
            match = memo.get(key)
            if match is None:
                match = Match(rule, frozenset(f for f in self._facts[rule] if f not in known))
                if len(memo) < _MEMO_LIMIT:
                    memo[key] = match
            out.append(match)
            rule = digits.find("1", rule + 1)
        return out

    def close(self) -> None:
        """Mark the evaluator closed (it holds nothing outside Python's heap)."""
        self._closed = True


def check_known(known: Mapping[str, FactValue], vocabulary: Mapping[str, FactSpec]) -> None:
    """Refuse, with :class:`EngineError` naming the fact, a name that is not in
    ``vocabulary`` or a value that its fact cannot take (wrong type, not one of
    its choices, out of its range, ``None`` where absent is not a value).

    Both evaluators call it, so that no value can be read one way by one and
    another way by the other (durable-rules alone equates ``1``, ``"1"`` and
    ``True``, and ignores integers past 2**63).
    """
    for name, value in known.items():
        spec = vocabulary.get(name)
        if spec is None:
            raise EngineError(f"unknown fact {name!r}")
        if value is None:
            if not spec.nullable:
                raise EngineError(f"{name}: null is not a value of this fact")
        elif spec.kind == "bool":
            if not isinstance(value, bool):
                raise EngineError(f"{name}: expected true or false, got {value!r:.40}")
        elif spec.kind == "choice":
            if not isinstance(value, str) or value not in spec.choices:
                raise EngineError(f"{name}: {value!r:.40} is not one of its values")
        elif not isinstance(value, int) or isinstance(value, bool):
            raise EngineError(f"{name}: expected a whole number, got {value!r:.40}")
        elif not ((spec.minimum is None or value >= spec.minimum)
                  and (spec.maximum is None or value <= spec.maximum)
                  and -(2**63) <= value < 2**63):
            raise EngineError(f"{name}: number out of range")


def boundary_values(rules: Iterable[CompiledRule],
                    vocabulary: Mapping[str, FactSpec] = VOCABULARY,
                    ) -> dict[str, tuple[FactValue, ...]]:
    """For each fact the rules test, values that between them meet every
    outcome of every test: each choice or yes/no, and for a number its
    minimum, maximum, every range bound and the numbers either side of it
    (within the fact's range), and ``None`` where it is a value."""
    tested: dict[str, set[int]] = {}
    for rule in rules:
        for cond in rule.when + rule.unless:
            bounds = tested.setdefault(cond.fact, set())
            for r in cond.ranges:
                bounds.update((r.lo - 1, r.lo, r.lo + 1, r.hi - 1, r.hi, r.hi + 1))
    out: dict[str, tuple[FactValue, ...]] = {}
    for name in sorted(tested):
        spec = vocabulary[name]
        if spec.kind == "bool":
            out[name] = (True, False)
        elif spec.kind == "choice":
            out[name] = spec.choices
        else:
            lo = spec.minimum if spec.minimum is not None else -(2**63)
            hi = spec.maximum if spec.maximum is not None else 2**63 - 1
            numbers = sorted({lo, hi} | {v for v in tested[name] if lo <= v <= hi})
            out[name] = ((None,) if spec.nullable else ()) + tuple(numbers)
    return out


def sample_facts(rules: Sequence[CompiledRule], count: int, seed: int = 0,
                 vocabulary: Mapping[str, FactSpec] = VOCABULARY,
                 ) -> list[dict[str, FactValue]]:
    """``count`` sets of known facts drawn from :func:`boundary_values` (each
    fact unknown about a third of the time), the same for the same ``seed``."""
    rng = random.Random(seed)
    values = boundary_values(rules, vocabulary)
    out = []
    for _ in range(count):
        out.append({name: rng.choice(choices) for name, choices in values.items()
                    if rng.random() < 2 / 3})
    return out
