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
  ``{unknown: true}``) was left open by an unknown fact; its diagnosis is
  confirmed when it fired and no ``unless`` fact is unknown either.
"""

from __future__ import annotations

import functools
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


def _packs(rules_dir: Path) -> list[dict[str, Any]]:
    # facts.yaml holds the vocabulary, not rules.
    return [yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(rules_dir.glob("*.yaml")) if path.name != "facts.yaml"]


@functools.cache
def cited_articles(rules_dir: Path = RULES_DIR) -> dict[str, frozenset[str]]:
    """For each diagnosis and action id, the articles its citations name (read
    once per directory: the scans call :func:`conclusions` tens of thousands of
    times)."""
    out: dict[str, frozenset[str]] = {}
    for pack in _packs(rules_dir):
        for item in [*pack.get("diagnoses", []), *pack.get("actions", [])]:
            out[item["id"]] = frozenset(
                c.split(":")[0] if c.startswith("Q") and ":" in c else pack["article"]
                for c in item["cites"])
    return out


@functools.cache
def computed_inputs(rules_dir: Path = RULES_DIR) -> dict[str, frozenset[str]]:
    """For each action with a computation, the facts that computation (with its
    limit and elapsed-time fact) reads."""
    def read(node: Any) -> set[str]:
        if isinstance(node, dict):
            found = {node[k] for k in ("fact", "key") if isinstance(node.get(k), str)}
            return found.union(*(read(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(read(v) for v in node))
        return set()

    packs = _packs(rules_dir)
    comps = {c["id"]: c for pack in packs for c in pack.get("computations", [])}

    def inputs(ident: str) -> set[str]:
        comp = comps[ident]
        found = read(comp["formula"]) | ({comp["elapsed_fact"]} if "elapsed_fact" in comp
                                         else set())
        return found | (inputs(comp["limit"]) if "limit" in comp else set())

    return {a["id"]: frozenset(inputs(a["compute"])) for pack in packs
            for a in pack.get("actions", []) if "compute" in a}


def load_rules(rules_dir: Path = RULES_DIR) -> list[RefRule]:
    """Every rule of every pack, in the order the advisor numbers them."""
    rules = []
    for pack in _packs(rules_dir):
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


#: :func:`passes` memoised by (rule, part, fact, value type, value): the scans
#: evaluate every rule on hundreds of thousands of assignments of a few values.
_PASSED: dict[tuple[str, str, str, type, Any], bool] = {}


def _passes(rule: RefRule, part: str, fact: str, test: Any, value: Any) -> bool:
    key = (rule.id, part, fact, type(value), value)
    try:
        return _PASSED[key]
    except KeyError:
        found = _PASSED[key] = passes(test, value)
        return found


def evaluate(rule: RefRule, facts: dict[str, Any]) -> tuple[bool, frozenset[str], bool]:
    """``(live, unknown facts tested, fired)`` for one rule on known ``facts``."""
    unknown: set[str] = set()
    open_when = False
    for fact, test in rule.when.items():
        if isinstance(test, dict) and test == {"unknown": True}:
            if fact in facts:
                return False, frozenset(), False
            unknown.add(fact)
        elif fact not in facts:
            unknown.add(fact)
            open_when = True
        elif not _passes(rule, "when", fact, test, facts[fact]):
            return False, frozenset(), False
    for fact, test in rule.unless.items():
        if fact not in facts:
            unknown.add(fact)
        elif _passes(rule, "unless", fact, test, facts[fact]):
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


def conclusions(rules: list[RefRule], facts: dict[str, Any],
                cited: dict[str, frozenset[str]] | None = None) -> dict[str, Any]:
    """What the rules conclude: confirmed and possible diagnoses, actions, and the
    articles with a status row (those cited by a confirmed diagnosis or an
    action). A diagnosis is confirmed when its rule fired with every test, the
    ``unless`` ones included, on known facts."""
    cited = cited if cited is not None else cited_articles()
    confirmed: set[str] = set()
    possible: set[str] = set()
    actions: set[str] = set()
    for rule in rules:
        live, _, fired = evaluate(rule, facts)
        if not live:
            continue
        settled = fired and all(f in facts for f in rule.unless)
        if rule.diagnosis:
            (confirmed if settled else possible).add(rule.diagnosis)
        if fired:
            actions.update(rule.actions)
    status = {a for ident in [*confirmed, *actions] for a in cited.get(ident, ())}
    return {"covered": bool(confirmed or possible), "confirmed": confirmed,
            "possible": possible - confirmed, "actions": actions, "status": status}


#: Stands for "not given" in an assignment of the fact space.
UNKNOWN: Any = object()


#: The facts of the two seed articles' rules. The exhaustive checks run over
#: every assignment of these, the Despooler family's facts left unknown: with
#: all 30 facts the space is far too big to enumerate (advisor rules verify
#: covers it by value classes, and tests/test_properties.py samples it).
CORE = ("sms_version", "server_platform", "file_in_use", "distribution_failed",
        "distribution_retrying", "package_partially_updated", "use_forced_disconnect",
        "job_type", "value_on_target_site", "despooler_paused_continued")


def condition_facts(rules: list[RefRule]) -> list[str]:
    """The seed facts the rules test, in vocabulary order."""
    named = {f for r in rules for f in [*r.when, *r.unless]}
    return [f for f in VOCABULARY if f in named and f in CORE]


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
