"""Knowledge: the rule packs' schema and conditions, their loading and
validation against the vocabulary and the articles, and the resolved model."""

from advisor.knowledge.conditions import Condition, IntRange, parse_test
from advisor.knowledge.load import bundled_dirs, load_knowledge
from advisor.knowledge.model import (
    Action,
    Citation,
    Computation,
    Diagnosis,
    Knowledge,
    Rule,
    Status,
)
from advisor.knowledge.schema import Add, Expr, FactRef, Mul, TableRef

__all__ = ["Action", "Add", "Citation", "Computation", "Condition", "Diagnosis", "Expr",
           "FactRef", "IntRange", "Knowledge", "Mul", "Rule", "Status", "TableRef",
           "bundled_dirs", "load_knowledge", "parse_test"]
