"""Synthetic rule packs over the advisor's own facts, for the scale tests and
bench/scale_bench.py.

Each rule tests 2 to 4 random facts: mostly ``when`` tests (a choice subset, a
yes/no, a number range or value, sometimes ``{unknown: true}``), the rest
``unless`` tests. Number tests draw their bounds from a small set, as real
packs do (a few meaningful thresholds), which also lets rules share tests.
"""

from __future__ import annotations

import random
from typing import Any

from advisor.facts import VOCABULARY, FactValue
from advisor.inference import CompiledRule
from advisor.knowledge import parse_test

NAMES = tuple(VOCABULARY)


def _test(rng: random.Random, name: str, thresholds: int) -> Any:
    spec = VOCABULARY[name]
    if spec.kind == "bool":
        return rng.random() < 0.5
    if spec.kind == "choice":
        values = rng.sample(list(spec.choices), rng.randint(1, len(spec.choices) - 1))
        return values if len(values) > 1 else values[0]
    # Bounds inside the fact's range (the service pack only goes to 5).
    top = min(thresholds, spec.maximum if spec.maximum is not None else thresholds)
    bound, kind = rng.randrange(top), rng.random()
    if kind < 0.3:
        return {"ge": bound}
    if kind < 0.5:
        return {"le": bound}
    if kind < 0.7:
        return [bound, None] if spec.nullable else [bound]
    if kind < 0.85:
        return {"ge": bound, "le": bound + rng.randrange(1, max(2, top))}
    return {"not": [bound]}


def rules(count: int, seed: int = 0, thresholds: int = 10) -> list[CompiledRule]:
    """``count`` random rules (the same ones for the same ``seed``)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        names = rng.sample(NAMES, rng.randint(2, 4))
        tested = rng.randint(1, len(names))
        when, unless = [], []
        for i, name in enumerate(names):
            spec = VOCABULARY[name]
            if i >= tested:
                unless.append(parse_test(spec, _test(rng, name, thresholds)))
            elif rng.random() < 0.05:
                when.append(parse_test(spec, {"unknown": True}))
            else:
                when.append(parse_test(spec, _test(rng, name, thresholds)))
        out.append(CompiledRule(tuple(when), tuple(unless)))
    return out


def facts(rng: random.Random, thresholds: int = 10, known: float = 0.6) -> dict[str, FactValue]:
    """Random known facts: each fact known with probability ``known``; numbers
    around the rules' bounds, sometimes absent."""
    out: dict[str, FactValue] = {}
    for name in NAMES:
        if rng.random() >= known:
            continue
        spec = VOCABULARY[name]
        if spec.kind == "bool":
            out[name] = rng.random() < 0.5
        elif spec.kind == "choice":
            out[name] = rng.choice(spec.choices)
        elif spec.nullable and rng.random() < 0.1:
            out[name] = None
        else:
            top = spec.maximum if spec.maximum is not None else 2 * thresholds
            out[name] = rng.randrange(min(2 * thresholds, top + 1))
    return out
