"""An independent reference evaluator of the rule packs, for cross-checking.

It reads the YAML packs with plain ``yaml.safe_load`` and evaluates each rule's
tests on raw values in a few lines of Python. It shares no code with
``advisor.knowledge`` or ``advisor.inference`` (only the facts' vocabulary, the
public contract), so the evaluators (durable-rules through our compiler, and
the Python one) and this reference can only agree if all read the rule data
the same way. It also builds the fact space the agreement is checked over, from
the packs' own numbers (:func:`domain`).

Semantics (the contract in rules/README.md):
* a ``when`` test on a known fact must pass; on an unknown fact it leaves the
  rule possible; ``{unknown: true}`` passes exactly when the fact is unknown;
* an ``unless`` test that passes on a known fact rules the rule out; on an
  unknown fact it does not;
* a rule is live unless ruled out; it *fired* when no ``when`` test (other than
  ``{unknown: true}``) was left open by an unknown fact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from advisor.facts import VOCABULARY

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


@dataclass(frozen=True)
class RefRule:
    id: str
    when: dict[str, Any]
    unless: dict[str, Any]
    diagnosis: str | None
    actions: tuple[str, ...]
    status: str | None


def load_rules(rules_dir: Path = RULES_DIR) -> list[RefRule]:
    """Every rule of every pack, in the order the advisor numbers them."""
    rules = []
    for path in sorted(rules_dir.glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        for r in pack["rules"]:
            rules.append(RefRule(r["id"], dict(r["when"]), dict(r.get("unless") or {}),
                                 r.get("diagnosis"), tuple(r.get("actions") or ()),
                                 r.get("status")))
    return rules


def _same(value: Any, wanted: Any) -> bool:
    # Strict equality: True is not 1, and "2.0" is not 2.0.
    return type(value) is type(wanted) and value == wanted


def passes(test: Any, value: Any) -> bool:
    """Whether a known ``value`` passes a rule-pack ``test``."""
    if isinstance(test, list):
        return any(_same(value, t) for t in test)
    if isinstance(test, dict):
        ok = True
        if "in" in test:
            ok = ok and passes(test["in"] if isinstance(test["in"], list) else [test["in"]],
                               value)
        if "not" in test:
            ok = ok and not passes(test["not"] if isinstance(test["not"], list)
                                   else [test["not"]], value)
        number = isinstance(value, int) and not isinstance(value, bool)
        for op, check in (("lt", lambda a, b: a < b), ("le", lambda a, b: a <= b),
                          ("gt", lambda a, b: a > b), ("ge", lambda a, b: a >= b)):
            if op in test:
                ok = ok and number and check(value, test[op])
        return ok
    return _same(value, test)


def evaluate(rule: RefRule, facts: dict[str, Any]) -> tuple[bool, frozenset[str], bool]:
    """``(live, unknown facts tested, fired)`` for one rule on known ``facts``."""
    unknown: set[str] = set()
    open_when = False
    for fact, test in rule.when.items():
        if test == {"unknown": True}:
            if fact in facts:
                return False, frozenset(), False
            unknown.add(fact)
        elif fact not in facts:
            unknown.add(fact)
            open_when = True
        elif not passes(test, facts[fact]):
            return False, frozenset(), False
    for fact, test in rule.unless.items():
        if fact not in facts:
            unknown.add(fact)
        elif passes(test, facts[fact]):
            return False, frozenset(), False
    return True, frozenset(unknown), not open_when


def matches(rules: list[RefRule], facts: dict[str, Any]) -> list[tuple[int, frozenset[str]]]:
    """``(rule number, unknown facts)`` for every live rule, like ``Evaluator.infer``."""
    out = []
    for number, rule in enumerate(rules):
        live, unknown, _ = evaluate(rule, facts)
        if live:
            out.append((number, unknown))
    return out


def conclusions(rules: list[RefRule], facts: dict[str, Any]) -> dict[str, Any]:
    """What the rules conclude: confirmed and possible diagnoses, actions, statuses."""
    confirmed: set[str] = set()
    possible: set[str] = set()
    actions: set[str] = set()
    status: set[str] = set()
    for rule in rules:
        live, _, fired = evaluate(rule, facts)
        if not live:
            continue
        if rule.diagnosis:
            (confirmed if fired else possible).add(rule.diagnosis)
        if fired:
            actions.update(rule.actions)
            if rule.status:
                status.add(rule.status)
    return {"covered": bool(confirmed or possible), "confirmed": confirmed,
            "possible": possible - confirmed, "actions": actions, "status": status}


#: Stands for "not given" in an assignment of the fact space.
UNKNOWN: Any = object()


def condition_facts(rules: list[RefRule]) -> list[str]:
    """The facts the rules test, in vocabulary order."""
    named = {f for r in rules for f in [*r.when, *r.unless]}
    return [f for f in VOCABULARY if f in named]


def _numbers(test: Any) -> set[int]:
    # Every whole number a test names, wherever it stands in it.
    if isinstance(test, bool):
        return set()
    if isinstance(test, int):
        return {test}
    if isinstance(test, list):
        return {n for t in test for n in _numbers(t)}
    if isinstance(test, dict):
        return {n for t in test.values() for n in _numbers(t)}
    return set()


def domain(rules: list[RefRule], name: str) -> list[Any]:
    """The values of fact ``name`` worth trying, :data:`UNKNOWN` first: every
    choice or yes/no; for a number, ``None`` where allowed, its minimum and
    maximum, and every number a pack's test on it names, with its neighbours.
    Between two of those no test can change its outcome, so the fact space
    built from them is exhaustive."""
    spec = VOCABULARY[name]
    if spec.kind == "bool":
        return [UNKNOWN, True, False]
    if spec.kind == "choice":
        return [UNKNOWN, *spec.choices]
    lo = spec.minimum if spec.minimum is not None else -(2**63)
    hi = spec.maximum if spec.maximum is not None else 2**63 - 1
    named = {n for r in rules for t in (r.when.get(name), r.unless.get(name))
             for n in _numbers(t)}
    points = {lo, hi} | {n + d for n in named for d in (-1, 0, 1) if lo <= n + d <= hi}
    return [UNKNOWN, *([None] if spec.nullable else []), *sorted(points)]


def space_size(rules: list[RefRule]) -> int:
    """How many assignments :func:`assignments` yields."""
    total = 1
    for name in condition_facts(rules):
        total *= len(domain(rules, name))
    return total


def assignments(rules: list[RefRule], start: int = 0, step: int = 1) -> Iterator[dict[str, Any]]:
    """Every assignment of the fact space (each tested fact unknown or one of
    its :func:`domain` values), or every ``step``-th from ``start``."""
    names = condition_facts(rules)
    for i, values in enumerate(itertools.product(*(domain(rules, n) for n in names))):
        if i % step == start:
            yield {n: v for n, v in zip(names, values, strict=True) if v is not UNKNOWN}
