"""Advice: the advice model, building it from the evaluator's matches, question
planning, computed answers and why-not explanations, and the :class:`Reasoner`
that ties knowledge and evaluator together."""

from advisor.advice.model import (
    Advice,
    AdviceAction,
    AdviceCitation,
    AdviceDiagnosis,
    AdviceQuestion,
    AdviceStatus,
    Computed,
    ComputedInput,
    RegistryValue,
    TraceStep,
    WhyNot,
    WhyNotMiss,
)
from advisor.advice.reasoner import Case, Reasoner
from advisor.advice.whynot import check_rule, concluding

__all__ = ["Advice", "AdviceAction", "AdviceCitation", "AdviceDiagnosis", "AdviceQuestion",
           "AdviceStatus", "Case", "Computed", "ComputedInput", "Reasoner", "RegistryValue",
           "TraceStep", "WhyNot", "WhyNotMiss", "check_rule", "concluding"]
