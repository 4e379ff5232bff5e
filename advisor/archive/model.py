"""What the article store returns: summaries, search hits and import reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

__all__ = ["ArticleSummary", "ImportProblem", "ImportSummary", "SearchHit"]


class ArticleSummary(BaseModel):
    """An article in a listing: id, title, product, versions, issue and solution types
    (such as ``kbbug``/``kbfix``) and keywords."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    product: str | None = None
    versions: tuple[str, ...] = ()
    issue_type: str | None = None
    solution_type: str | None = None
    keywords: tuple[str, ...] = ()


class SearchHit(ArticleSummary):
    """A search result: the article's summary, its ``score`` (higher is better) and the
    ``matched`` words of the article that matched the search (lower case, each once)."""

    score: float
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportProblem:
    """An item (a file, or ``archive.tar.xz:txt/001/Q001234.TXT``) that was skipped,
    and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class ImportSummary:
    """What one import did. ``new``, ``updated`` and ``unchanged`` count articles;
    ``kept_bundled`` counts archive articles skipped because a bundled article has
    their id; ``duplicates`` counts articles whose id came earlier in the same import;
    ``problems`` lists the items that were skipped, with the reason (see
    :func:`advisor.cli.kb.summary_line` for a one-line report)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_bundled: int = 0
    duplicates: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
