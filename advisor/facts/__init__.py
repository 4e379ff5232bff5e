"""Facts: the vocabulary the advisor reasons about (declared as data in the
knowledge files), the :class:`Facts` model built from it, one duration syntax,
safe JSON input, and reading answers as a person types them."""

from advisor.facts.answers import SKIP, Skip, answer_hint, parse_answer
from advisor.facts.base import FactsBase, build_model
from advisor.facts.duration import DURATION_EXAMPLES, parse_duration
from advisor.facts.jsoninput import clip, load_facts_json
from advisor.facts.model import (
    FACTS_FILE,
    VOCABULARY,
    Facts,
    bundled_rules_dir,
    fact_spec,
    vocabulary_sources,
)
from advisor.facts.spec import DWORD_MAX, FactDecl, FactSpec, FactValue

__all__ = ["DURATION_EXAMPLES", "DWORD_MAX", "FACTS_FILE", "SKIP", "VOCABULARY", "FactDecl",
           "FactSpec", "FactValue", "Facts", "FactsBase", "Skip", "answer_hint", "build_model",
           "bundled_rules_dir", "clip", "fact_spec", "load_facts_json", "parse_answer",
           "parse_duration", "vocabulary_sources"]
