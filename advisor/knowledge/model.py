"""The knowledge base as the rest of the pipeline sees it: articles, and the
rule packs resolved into immutable :class:`Rule` objects with the diagnoses,
actions, computations and statuses they conclude.

:func:`advisor.knowledge.load_knowledge` builds a :class:`Knowledge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from advisor.articles import Article
from advisor.knowledge.conditions import Condition
from advisor.knowledge.schema import Expr, RegistrySpec

__all__ = ["Action", "Citation", "Computation", "Diagnosis", "Knowledge", "Rule", "Status"]


@dataclass(frozen=True, order=True)
class Citation:
    """A section of an article: ``Citation("Q128458", "STATUS")``."""

    article: str
    section: str

    def __str__(self) -> str:
        return f"{self.article} {self.section}"


@dataclass(frozen=True)
class Diagnosis:
    """What may be wrong, and why, with the sections that say so."""

    id: str
    title: str
    explanation: str
    citations: tuple[Citation, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        """The cited articles, each once."""
        return _articles(self.citations)


@dataclass(frozen=True)
class Computation:
    """A number computed from facts (see :mod:`advisor.advice.compute`)."""

    id: str
    title: str
    unit: str
    citations: tuple[Citation, ...]
    formula: Expr
    tables: Mapping[str, Mapping[str, int]]
    elapsed_fact: str | None
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Action:
    """A step to take. ``registry`` is the value to set (kind ``registry``) or to
    look at (kind ``check``)."""

    id: str
    kind: str
    summary: str
    detail: str | None
    citations: tuple[Citation, ...]
    registry: RegistrySpec | None
    target_version: str | None
    computation: Computation | None
    order: int = 50
    applies_to: str | None = None
    follow_up: tuple[str, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        """The cited articles, each once."""
        return _articles(self.citations)


@dataclass(frozen=True)
class Status:
    """An article's fix status."""

    article: str
    citation: Citation
    confirmed_in: tuple[str, ...]
    fixed_in: str | None
    solution: str


@dataclass(frozen=True)
class Rule:
    """One resolved rule. ``when`` conditions must all hold; any ``unless``
    condition blocks it. ``index`` is its position in :attr:`Knowledge.rules`."""

    index: int
    id: str
    article: str
    citation: Citation
    when: tuple[Condition, ...]
    unless: tuple[Condition, ...]
    diagnosis: Diagnosis | None
    actions: tuple[Action, ...]
    status: Status | None
    source: Path
    line: int | None

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact the rule's conditions test, in order."""
        return tuple(c.fact for c in self.when + self.unless)


@dataclass(frozen=True)
class Knowledge:
    """Articles and resolved rules, ready for the engine. Immutable."""

    articles: Mapping[str, Article]
    rules: tuple[Rule, ...]
    diagnoses: Mapping[str, Diagnosis]
    actions: Mapping[str, Action]
    statuses: Mapping[str, Status]
    sources: tuple[Path, ...] = field(default=())

    def article_title(self, article_id: str) -> str:
        """The title of an article in the knowledge base."""
        return self.articles[article_id].title


def _articles(citations: Iterable[Citation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.article for c in citations))
