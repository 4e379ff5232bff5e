"""Knowledge Base articles as data: the :class:`Article` model and its parts.

An :class:`Article` is what the KB parser (:mod:`advisor.articles.parser`) reads out of one
article in the classic Microsoft KB plain-text layout: the header block, the
"applies to" list, the sections and the trailer. The bundled ``kb/`` articles and
imported archive articles share this one model.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ARTICLE_ID", "Article", "ParseIssue", "Section"]

#: What an article id looks like: ``Q`` and five or six digits (``Q202063``,
#: ``Q10022``), as the archive numbers them.
ARTICLE_ID = re.compile(r"^Q\d{5,6}$")


class Section(BaseModel):
    """One section of an article.

    ``level`` 1 is a section heading (``SYMPTOMS`` underlined with ``=``; a few old
    articles underline it with ``-``); level 2 is a subheading inside a section,
    underlined with ``-``. ``parent`` is the title of the level-1 section that holds
    a subheading. ``line`` is the 1-based line of the heading in the source text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    level: int = Field(ge=1, le=2)
    text: str
    line: int = Field(ge=1)
    parent: str | None = None

    @property
    def ref(self) -> str:
        """How rules cite this section: ``"MORE INFORMATION"`` or
        ``"MORE INFORMATION/Calculating the Forced Delivery Time"``."""
        return f"{self.parent}/{self.title}" if self.parent else self.title


class ParseIssue(BaseModel):
    """Something the parser could not read, with the 1-based line it found it on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    message: str


class Article(BaseModel):
    """One Knowledge Base article.

    Every field but ``id`` and ``title`` may be empty: old layouts lack some
    parts, and the parser keeps what it can read. ``issues`` lists what it could
    not read. ``versions`` are the product versions from ``PROD/VER`` (for
    ``winnt:1.2,2.0`` the platform is ``winnt`` and the versions ``["1.2", "2.0"]``).
    ``references`` are the ids of other articles the text refers to.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=ARTICLE_ID.pattern)
    title: str = Field(min_length=1)
    date: dt.date | None = None
    category: str | None = None
    product: str | None = None
    platform: str | None = None
    versions: tuple[str, ...] = ()
    operating_system: str | None = None
    keywords: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    technology: tuple[str, ...] = ()
    component: str | None = None
    hardware: tuple[str, ...] = ()
    issue_type: str | None = None
    solution_type: str | None = None
    query_words: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    layout: str = "classic"
    issues: tuple[ParseIssue, ...] = ()

    def section(self, ref: str) -> Section | None:
        """The section a citation names (``"STATUS"`` or ``"PARENT/Subheading"``),
        compared without regard to case; ``None`` when there is no such section."""
        wanted = ref.casefold()
        for section in self.sections:
            if section.ref.casefold() == wanted:
                return section
        return None

    @property
    def section_refs(self) -> tuple[str, ...]:
        """Every citable section reference, in the article's order."""
        return tuple(section.ref for section in self.sections)
