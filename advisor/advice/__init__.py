"""Advice: the advice model, building it from the evaluator's matches, question
planning, computed answers, why-not explanations and what each answer would
change, the packs' own tests and ``rules verify``, and the :class:`Reasoner`
that ties knowledge and evaluator together."""

from advisor.advice.effects import AnswerEffect, answer_effects
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

__all__ = [
    "Advice",
    "AdviceAction",
    "AdviceCitation",
    "AdviceDiagnosis",
    "AdviceQuestion",
    "AdviceStatus",
    "AnswerEffect",
    "Case",
    "Computed",
    "ComputedInput",
    "Reasoner",
    "RegistryValue",
    "TraceStep",
    "WhyNot",
    "WhyNotMiss",
    "answer_effects",
    "check_rule",
    "concluding",
]
