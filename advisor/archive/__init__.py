"""The archive: the store of imported KB articles, its search, and triage of a
problem description against it."""

from advisor.archive.store import (
    ImportProblem,
    ImportSummary,
    KBStore,
    SearchHit,
    default_db_path,
)
from advisor.archive.triage import ArticleBrief, Triage, triage

__all__ = ["ArticleBrief", "ImportProblem", "ImportSummary", "KBStore", "SearchHit", "Triage",
           "default_db_path", "triage"]
