"""Inference: running the compiled rules against known facts.

Two evaluators implement one :class:`Evaluator` protocol and give the same
matches for the same rules (the tests check it over the whole fact space):

* ``"rete"``: durable-rules' Rete engine, through
  :class:`~advisor.inference.rete.ReteEvaluator`, the only module that touches
  durable-rules. The default wherever durable-rules imports.
* ``"python"``: :class:`PythonEvaluator`, the same compiled conditions checked
  with per-value bitsets in plain Python. Used where durable-rules does not
  import (Python 3.13 without the build flag in the README), and by choice.

:func:`choose_evaluator` says which one a name (or ``$ADVISOR_EVALUATOR``, or
nothing) selects and why; :func:`make_evaluator` builds it.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.errors import UsageError
from advisor.inference.protocol import CompiledRule, Evaluator, Match
from advisor.inference.python import PythonEvaluator, boundary_values, sample_facts
from advisor.suggestions import did_you_mean

__all__ = ["ENVIRONMENT", "EVALUATORS", "CompiledRule", "Evaluator", "EvaluatorChoice",
           "Match", "PythonEvaluator", "boundary_values", "choose_evaluator",
           "make_evaluator", "rete_available", "sample_facts"]

#: The evaluator names accepted by :func:`make_evaluator`, ``Advisor(evaluator=...)``,
#: ``advisor --evaluator`` and the environment variable.
EVALUATORS = ("rete", "python")
#: The environment variable that picks the evaluator when the caller does not.
ENVIRONMENT = "ADVISOR_EVALUATOR"


@dataclass(frozen=True)
class EvaluatorChoice:
    """Which evaluator is used (``name``) and why (``reason``, for people)."""

    name: str
    reason: str


@functools.cache
def rete_available() -> tuple[bool, str]:
    """Whether the Rete evaluator can run here, and why (or why not)."""
    try:
        import advisor.inference.rete  # noqa: F401 - imports durable-rules
    except ImportError as exc:
        if "PyEval_CallObject" in str(exc):
            return False, ("durable-rules was built without the Python 3.13 flag "
                           "(CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject, see README)")
        if sys.version_info >= (3, 13):
            return False, "durable-rules is not installed (pip skips it on Python 3.13)"
        return False, f"durable-rules does not import ({exc})"
    return True, "durable-rules imports"


def choose_evaluator(name: str | None = None) -> EvaluatorChoice:
    """The evaluator ``name`` selects; without one, ``$ADVISOR_EVALUATOR``; without
    that, the Rete engine where durable-rules imports and the Python evaluator
    elsewhere. Raises :class:`~advisor.errors.UsageError` for an unknown name, or
    for ``"rete"`` where durable-rules does not import."""
    if name is not None:
        source = "chosen by the caller"
    elif os.environ.get(ENVIRONMENT):
        name, source = os.environ[ENVIRONMENT], f"chosen by ${ENVIRONMENT}"
    else:
        available, why = rete_available()
        if available:
            return EvaluatorChoice("rete", f"the default: {why}")
        return EvaluatorChoice("python", f"the Rete engine is unavailable: {why}")
    if name not in EVALUATORS:
        hint = did_you_mean(name, EVALUATORS)
        raise UsageError(f"unknown evaluator {name!r} ({source}); use one of: "
                         + ", ".join(EVALUATORS) + (f"; {hint}" if hint else ""))
    if name == "rete":
        available, why = rete_available()
        if not available:
            raise UsageError(f"the Rete evaluator was {source} but cannot run here: {why}")
    return EvaluatorChoice(name, source)


def make_evaluator(rules: Iterable[CompiledRule], name: str | None = None) -> Evaluator:
    """An evaluator of ``rules``, the one :func:`choose_evaluator` picks for ``name``."""
    if choose_evaluator(name).name == "python":
        return PythonEvaluator(rules)
    from advisor.inference.rete import ReteEvaluator

    return ReteEvaluator(rules)
