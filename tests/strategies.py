"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from advisor import VOCABULARY


def facts_strategy() -> st.SearchStrategy[dict[str, Any]]:
    """Valid fact objects: any subset of the vocabulary, each with a value it
    allows (numbers both small, where the rules' thresholds are, and anywhere in
    range; None for the nullable ones)."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for name, spec in VOCABULARY.items():
        if spec.kind == "choice":
            parts[name] = st.sampled_from(spec.choices)
        elif spec.kind == "bool":
            parts[name] = st.booleans()
        else:
            lo, hi = spec.minimum or 0, spec.maximum if spec.maximum is not None else 10**6
            ints = st.one_of(st.integers(lo, min(30, hi)), st.integers(lo, hi))
            parts[name] = st.one_of(st.none(), ints) if spec.nullable else ints
    return st.fixed_dictionaries({}, optional=parts)


FACTS = facts_strategy()
