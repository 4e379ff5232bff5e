"""The archive: the store of imported KB articles, its search, the fix status of
every article, and triage of a problem description against it.

Importing this package is cheap: each public name loads its module on first use,
so that ``advisor kb search`` loads the store and its search, not the importer,
the status extractor or triage.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    **dict.fromkeys(("ArchiveStatus", "ArticleSummary", "ImportProblem", "ImportSummary",
                     "SearchHit"), "advisor.archive.model"),
    "decode_article": "advisor.archive.sources", "read_sources": "advisor.archive.sources",
    "article_status": "advisor.archive.status", "has_fix": "advisor.archive.status",
    "KBStore": "advisor.archive.store", "default_db_path": "advisor.archive.store",
    **dict.fromkeys(("ArticleBrief", "Triage", "triage"), "advisor.archive.triage"),
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'advisor.archive' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
