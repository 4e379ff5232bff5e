"""Inference: running the compiled rules against known facts.

Two evaluators implement one :class:`Evaluator` protocol: the Rete adapter over
durable-rules (:mod:`advisor.inference.rete`, the only module that touches
durable-rules) and a pure-Python evaluator of the same compiled conditions
(:mod:`advisor.inference.python`). :func:`make_evaluator` picks one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from advisor.errors import EngineError
from advisor.inference.protocol import CompiledRule, Evaluator, Match
from advisor.inference.python import PythonEvaluator

__all__ = ["EVALUATORS", "CompiledRule", "Evaluator", "Match", "PythonEvaluator",
           "make_evaluator", "rete_available"]

#: The evaluator names :func:`make_evaluator` accepts.
EVALUATORS = ("rete", "python")


def rete_available() -> tuple[bool, str]:
    """Whether the Rete engine (durable-rules) can be used here, and why not."""
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError as exc:
        return False, f"durable-rules does not import here ({exc})"
    return True, "durable-rules is installed"


def make_evaluator(rules: Iterable[CompiledRule], name: str | None = None) -> Evaluator:
    """An evaluator of ``rules``: ``name`` (``"rete"`` or ``"python"``), else
    ``$ADVISOR_EVALUATOR``, else the Rete engine where durable-rules imports and
    the Python evaluator elsewhere."""
    choice = name or os.environ.get("ADVISOR_EVALUATOR") or None
    if choice is not None and choice not in EVALUATORS:
        raise EngineError(f"unknown evaluator {choice!r}; use one of: " + ", ".join(EVALUATORS))
    if choice == "python" or (choice is None and not rete_available()[0]):
        return PythonEvaluator(rules)
    try:
        from advisor.inference.rete import Engine
    except ImportError as exc:
        raise EngineError(f"the Rete evaluator is not available: {exc}") from None
    return Engine(rules)
