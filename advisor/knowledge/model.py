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
from advisor.facts import VOCABULARY, Facts, FactsBase, FactSpec, FactValue
from advisor.knowledge.conditions import Condition
from advisor.knowledge.schema import ExpectSpec, Expr, RegistrySpec

__all__ = ["Action", "Citation", "Computation", "Conflict", "Diagnosis", "Knowledge", "Never",
           "Note", "PackTest", "Rule", "Status", "Workaround"]


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
    #: A computation this one's result must not pass (the Despooler's give-up point).
    limit: Computation | None = None


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
    #: For a registry step: the Registry Editor warning shown before it.
    warning: str | None = None
    #: With ``target_version``: the service pack the upgrade brings.
    target_service_pack: int | None = None
    #: For a computed wait: the steps that replace it once its time has passed,
    #: and when it would end after the computation's limit.
    instead_overdue: tuple[str, ...] = ()
    instead_beyond_limit: tuple[str, ...] = ()

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
    #: The service pack of ``fixed_in`` that brings the fix (``4`` for 1.2 SP4).
    fixed_in_sp: int | None = None
    #: The versions the article is about; empty for all.
    applies_to: tuple[str, ...] = ()
    workaround: Workaround | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Workaround:
    """An article's workaround section and the platforms it works on."""

    citation: Citation
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """A documented note on an article, shown with its status."""

    id: str
    title: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Never:
    """A declared invariant: where ``when`` holds, no advice gives ``actions`` or
    actions of ``kinds``, confirms ``confirmed``, or keeps a wait that is
    ``waits`` (``"overdue"`` or ``"beyond_limit"``)."""

    id: str
    article: str
    citation: Citation
    when: tuple[Condition, ...]
    actions: frozenset[str]
    kinds: frozenset[str]
    confirmed: frozenset[str]
    waits: str | None
    source: Path
    line: int | None


@dataclass(frozen=True)
class Conflict:
    """Two actions that must never be given together."""

    actions: tuple[str, str]
    why: str
    source: Path
    line: int | None


@dataclass(frozen=True)
class PackTest:
    """A scenario test kept in a pack: facts in, expectations out."""

    name: str
    article: str
    facts: Mapping[str, FactValue]
    expect: ExpectSpec
    source: Path
    line: int | None


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

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles its diagnosis and actions cite, each once."""
        cited = [*(self.diagnosis.citations if self.diagnosis else ()),
                 *(c for a in self.actions for c in a.citations)]
        return _articles(cited)


@dataclass(frozen=True)
class Knowledge:
    """Articles and resolved rules, ready for the engine. Immutable."""

    articles: Mapping[str, Article]
    rules: tuple[Rule, ...]
    diagnoses: Mapping[str, Diagnosis]
    actions: Mapping[str, Action]
    statuses: Mapping[str, Status]
    sources: tuple[Path, ...] = field(default=())
    #: The fact vocabulary, declared in the knowledge files.
    vocabulary: Mapping[str, FactSpec] = field(default_factory=lambda: VOCABULARY)
    #: The facts model built from :attr:`vocabulary`.
    facts: type[FactsBase] = field(default_factory=lambda: Facts)
    never: tuple[Never, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    tests: tuple[PackTest, ...] = ()

    def article_title(self, article_id: str) -> str:
        """The title of an article in the knowledge base."""
        return self.articles[article_id].title


def _articles(citations: Iterable[Citation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.article for c in citations))
