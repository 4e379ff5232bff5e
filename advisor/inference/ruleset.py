"""The rules as durable-rules rulesets: the compiled patterns and the packing.

Pure data, no engine: :func:`definition` writes a ruleset in durable-rules'
JSON format, :func:`observation` the fact for one known or unknown value, and
:func:`pack` splits rules into rulesets ("shards") that stay within the
engine's limits. Only :mod:`advisor.inference.rete` runs them.

The encoding: one fact per tested fact, ``{"k": name}`` plus one typed slot
(``s`` text, ``b`` yes/no as ``"t"``/``"f"``, ``n`` number, ``z`` absent,
``u`` unknown), because the engine's equality coerces ``1 == "1" == True``. A
test is the ``$or`` of the slots that pass it and ``u``; an ``unless`` test is
the test of its complement, so no rule needs negation; an ``{unknown: true}``
test is ``u`` alone. The ``end`` rule matches the end fact, asserted last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.facts import FactSpec, FactValue
from advisor.inference.protocol import CompiledRule
from advisor.knowledge import Condition

__all__ = ["END", "MAX_OR_PATTERNS", "MAX_SHARED", "SHARD_SIZE", "definition", "observation",
           "pack"]

#: The name of the end fact (and of the rule on it).
END = "__end__"
#: Most rules in one ruleset. The engine's limit is 4,095 (error 106); below
#: the other limits, the size of a shard made no measurable difference
#: (bench/scale_bench.py).
SHARD_SIZE = 1000
#: Most ``$or`` patterns on one fact in one ruleset. Every ``$or`` pattern gets
#: a node of its own, and a fact (or an unknown one, which passes every
#: pattern) pushes each pattern it passes onto a 64-entry stack: error 303 at
#: assert time from 65 on (measured), so 48 keeps a margin.
MAX_OR_PATTERNS = 48
#: Most patterns sharing one plain node (an ``{unknown: true}`` test) in one
#: ruleset (engine limit: 256, error 108).
MAX_SHARED = 200


def definition(rules: Sequence[tuple[int, CompiledRule]],
               vocabulary: Mapping[str, FactSpec]) -> dict[str, Any]:
    """The ruleset of ``rules`` (numbered): rule ``r<number>`` per rule, and ``end``."""
    out: dict[str, Any] = {}
    for number, rule in rules:
        patterns = [{f"c{i}": _when(c, vocabulary)} for i, c in enumerate(rule.when)]
        patterns += [{f"c{len(rule.when) + i}": _unless(c, vocabulary)}
                     for i, c in enumerate(rule.unless)]
        # dist 0: one fact may meet two patterns of one rule.
        out[f"r{number}"] = {"all": patterns, "dist": 0}
    out["end"] = {"all": [{"e": {"k": END}}], "dist": 0}
    return out


def pack(rules: list[tuple[int, CompiledRule]]) -> list[list[tuple[int, CompiledRule]]]:
    """Split rules into shards that each stay within the engine's limits: at
    most :data:`SHARD_SIZE` rules, :data:`MAX_OR_PATTERNS` ``$or`` patterns on
    one fact, and :data:`MAX_SHARED` patterns on one plain node."""
    shards: list[list[tuple[int, CompiledRule]]] = []
    load: list[dict[str, int]] = []  # per shard: "fact" -> $or patterns, "?fact" -> plain
    for item in rules:
        rule = item[1]
        need: dict[str, int] = {}
        for cond in rule.when + rule.unless:
            key = "?" + cond.fact if cond.unknown else cond.fact
            need[key] = need.get(key, 0) + 1
        for n, shard in enumerate(shards):
            if len(shard) < SHARD_SIZE and all(
                    load[n].get(key, 0) + k <= (MAX_SHARED if key[0] == "?" else MAX_OR_PATTERNS)
                    for key, k in need.items()):
                break
        else:
            shards.append([])
            load.append({})
            n = len(shards) - 1
        shards[n].append(item)
        for key, k in need.items():
            load[n][key] = load[n].get(key, 0) + k
    return shards or [[]]


def _alternatives(cond: Condition, spec: FactSpec) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for value in sorted(cond.values, key=repr):
        if isinstance(value, bool):
            out.append({"b": "t" if value else "f"})
        elif isinstance(value, str):
            out.append({"s": value})
    for r in cond.ranges:
        if r.lo == r.hi:
            out.append({"n": r.lo})
        else:
            bounds: list[dict[str, Any]] = []
            if spec.minimum is None or r.lo > spec.minimum:
                bounds.append({"$gte": {"n": r.lo}})
            if spec.maximum is None or r.hi < spec.maximum:
                bounds.append({"$lte": {"n": r.hi}})
            # A full range still has to require a number: $ex tells "n" present.
            out.append({"$and": bounds} if len(bounds) > 1 else
                       bounds[0] if bounds else {"$ex": {"n": 1}})
    if cond.null:
        out.append({"z": 1})
    return out


def _pattern(fact: str, alternatives: list[dict[str, Any]]) -> dict[str, Any]:
    either = alternatives + [{"u": 1}]
    return {"$and": [{"k": fact}, {"$or": either} if len(either) > 1 else either[0]]}


def _when(cond: Condition, vocabulary: Mapping[str, FactSpec]) -> dict[str, Any]:
    if cond.unknown:
        return {"$and": [{"k": cond.fact}, {"u": 1}]}
    return _pattern(cond.fact, _alternatives(cond, vocabulary[cond.fact]))


def _unless(cond: Condition, vocabulary: Mapping[str, FactSpec]) -> dict[str, Any]:
    spec = vocabulary[cond.fact]
    return _pattern(cond.fact, _alternatives(cond.complement(spec), spec))


def observation(name: str, values: Mapping[str, FactValue]) -> dict[str, Any]:
    if name not in values:
        return {"k": name, "u": 1}
    value = values[name]
    if value is None:
        return {"k": name, "z": 1}
    if isinstance(value, bool):
        return {"k": name, "b": "t" if value else "f"}
    if isinstance(value, int):
        return {"k": name, "n": value}
    return {"k": name, "s": value}

