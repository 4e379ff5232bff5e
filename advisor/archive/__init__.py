"""The archive: the store of imported KB articles, its search, the fix status of
every article, and triage of a problem description against it.

Importing this package is cheap (no pydantic, no knowledge layer) so that ``advisor
kb search`` starts fast; what needs more loads it on first use.
"""

from advisor.archive.model import (
    ArchiveStatus,
    ArticleSummary,
    ImportProblem,
    ImportSummary,
    SearchHit,
)
from advisor.archive.sources import decode_article, read_sources
from advisor.archive.status import article_status, has_fix
from advisor.archive.store import KBStore, default_db_path
from advisor.archive.triage import ArticleBrief, Triage, triage

__all__ = ["ArchiveStatus", "ArticleBrief", "ArticleSummary", "ImportProblem", "ImportSummary",
           "KBStore", "SearchHit", "Triage", "article_status", "decode_article",
           "default_db_path", "has_fix", "read_sources", "triage"]
