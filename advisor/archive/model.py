"""What the article store returns: summaries, search hits, fix status and import
reports.

These are plain dataclasses, not pydantic models, so that ``advisor kb search``
starts fast; :meth:`ArticleSummary.to_json` gives their JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["ArchiveStatus", "ArticleSummary", "FixedInKind", "ImportProblem", "ImportSummary",
           "SearchHit", "Solution"]

Solution = Literal["fixed", "no_fix", "pending", "by_design", "unknown"]
FixedInKind = Literal["version", "service_pack", "latest_service_pack", "hotfix",
                      "later_version"]


@dataclass(frozen=True)
class ArchiveStatus:
    """What an article says about a fix.

    ``solution`` is ``fixed``, ``no_fix``, ``pending`` (Microsoft is researching it, or
    a fix is in development), ``by_design`` or ``unknown`` (the article says nothing).
    ``confirmed_in`` lists the products and versions the problem was confirmed in, as
    written; ``fixed_in`` is the release with the fix (``"Windows NT 4.0 Service Pack
    3"``, or ``"latest Systems Management Server 1.2 service pack"`` when the article
    names no number: ``fixed_in_kind`` is then ``latest_service_pack``). ``source``
    says what decided ``solution``: ``text`` (what the article says), ``trailer`` (its
    ``Solution Type`` line), ``pack`` (a bundled article: its rule pack's ``status``,
    which the advice shows too) or ``none``.
    """

    solution: Solution
    confirmed_in: tuple[str, ...] = ()
    fixed_in: str | None = None
    fixed_in_kind: FixedInKind | None = None
    source: Literal["text", "trailer", "pack", "none"] = "none"

    def to_json(self) -> dict[str, Any]:
        """The status as JSON."""
        data = asdict(self)
        data["confirmed_in"] = list(self.confirmed_in)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArchiveStatus:
        """The status back from :meth:`to_json`."""
        return cls(**{**data, "confirmed_in": tuple(data.get("confirmed_in", ()))})


@dataclass(frozen=True)
class ArticleSummary:
    """An article in a listing: id, title, product, versions, issue and solution types
    (such as ``kbbug``/``kbfix``), keywords and fix ``status`` (read from the article's
    STATUS section and trailer, see :func:`~advisor.archive.status.article_status`)."""

    id: str
    title: str
    product: str | None = None
    versions: tuple[str, ...] = ()
    issue_type: str | None = None
    solution_type: str | None = None
    keywords: tuple[str, ...] = ()
    status: ArchiveStatus | None = None

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON."""
        data = asdict(self)
        data.update(versions=list(self.versions), keywords=list(self.keywords),
                    status=self.status.to_json() if self.status else None)
        return data


@dataclass(frozen=True)
class SearchHit(ArticleSummary):
    """A search result: the article's summary, its ``score`` (higher is better) and the
    ``matched`` words of the article that matched the search (lower case, each once)."""

    score: float = 0.0
    matched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The hit as JSON."""
        return {**super().to_json(), "matched": list(self.matched)}


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
