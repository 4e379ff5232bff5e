"""Facts: the vocabulary the advisor reasons about, the :class:`Facts` model,
and reading answers as a person types them."""

from advisor.facts.answers import SKIP, Skip, answer_hint, parse_answer
from advisor.facts.model import DWORD_MAX, VOCABULARY, Facts, FactSpec, FactValue, fact_spec

__all__ = ["DWORD_MAX", "SKIP", "VOCABULARY", "FactSpec", "FactValue", "Facts", "Skip",
           "answer_hint", "fact_spec", "parse_answer"]
