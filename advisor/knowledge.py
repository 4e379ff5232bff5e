"""The knowledge base: articles from ``kb/`` and the rule packs in ``rules/``.

:meth:`Knowledge.load` reads both directories, validates every pack against the
fact vocabulary and the articles (facts and values exist, cited articles and
sections exist, ids are unique, every reference resolves) and resolves the packs
into immutable :class:`Rule` objects that the engine compiles. Any problem stops
the load with a :class:`~advisor.errors.RulePackError` that lists all of them,
each with its file, line and rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .articles import Article
from .conditions import Condition
from .errors import KnowledgeError, RulePackError
from .kbformat import read_article
from .rules import (
    Expr,
    PackSpec,
    RegistrySpec,
    load_pack,
)
from .yamldoc import YamlDoc

__all__ = ["Action", "Citation", "Computation", "Diagnosis", "Knowledge", "Rule", "Status",
           "bundled_dirs"]


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
    """A number computed from facts (see :mod:`advisor.compute`)."""

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

    @classmethod
    def load(cls, kb_dir: Path | None = None, rules_dir: Path | None = None) -> Knowledge:
        """Load ``kb_dir`` (``*.txt`` articles) and ``rules_dir`` (``*.yaml`` packs);
        the bundled ones by default. Raises :class:`KnowledgeError` (a
        :class:`RulePackError` for pack problems) naming file and line."""
        default_kb, default_rules = bundled_dirs()
        kb_dir = Path(kb_dir) if kb_dir is not None else default_kb
        rules_dir = Path(rules_dir) if rules_dir is not None else default_rules
        articles = _load_articles(kb_dir)
        packs: list[tuple[PackSpec, YamlDoc]] = []
        problems: list[KnowledgeError] = []
        pack_paths = sorted(rules_dir.glob("*.yaml")) if rules_dir.is_dir() else []
        if not pack_paths:
            raise KnowledgeError("no rule packs (*.yaml) found", path=rules_dir)
        for path in pack_paths:
            try:
                packs.append(load_pack(path))
            except RulePackError as exc:
                problems.extend(exc.problems)
            except KnowledgeError as exc:
                problems.append(exc)
        if problems:
            raise RulePackError(problems)
        from .resolve import resolve  # resolve builds the classes of this module

        return resolve(articles, packs, tuple(sorted(kb_dir.glob("*.txt"))) + tuple(pack_paths))

    def article_title(self, article_id: str) -> str:
        """The title of an article in the knowledge base."""
        return self.articles[article_id].title


def bundled_dirs() -> tuple[Path, Path]:
    """Where the bundled ``kb/`` and ``rules/`` are: inside the installed package,
    or at the top of a source checkout when running from one."""
    package = Path(str(resources.files("advisor")))
    for base in (package, package.parent):
        if (base / "kb").is_dir() and (base / "rules").is_dir():
            return base / "kb", base / "rules"
    raise KnowledgeError("the bundled kb/ and rules/ directories are missing; "
                         "reinstall the package", path=package)


def _load_articles(kb_dir: Path) -> dict[str, Article]:
    if not kb_dir.is_dir():
        raise KnowledgeError("not a directory", path=kb_dir)
    articles: dict[str, Article] = {}
    for path in sorted(kb_dir.glob("*.txt")):
        article = read_article(path)
        if article.id in articles:
            raise KnowledgeError(f"article {article.id} appears twice", path=path, line=1)
        if path.stem.upper() != article.id:
            raise KnowledgeError(f"the file of {article.id} must be named {article.id}.txt",
                                 path=path, line=1)
        articles[article.id] = article
    return articles


def _articles(citations: Iterable[Citation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.article for c in citations))
