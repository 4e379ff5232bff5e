"""advisor: a troubleshooting advisor for SMS software distribution, built on
Knowledge Base articles and a rule engine.

>>> from advisor import advise
>>> advice = advise({"sms_version": "1.1", "server_platform": "windows_nt",
...                  "file_in_use": True})
>>> [a.target_version for a in advice.actions if a.kind == "upgrade"]
['1.2']

The public names are listed in ``__all__``; everything else is internal. The
package is layered by pipeline stage, each subpackage with its own small public
surface (its ``__all__``), and imports point only downward:

``facts`` → ``articles`` → ``knowledge`` → ``inference`` → ``advice`` →
``evidence`` → ``session`` → ``api`` → ``output`` → ``archive`` → ``repl``,
``http`` → ``cli``, with ``errors``, ``suggestions`` and ``files`` beneath them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from advisor._version import __version__

if TYPE_CHECKING:
    from advisor.advice import Advice
    from advisor.api import Advisor, advise
    from advisor.errors import (
        AdvisorError,
        EngineError,
        EvidenceError,
        FactsError,
        FileError,
        KnowledgeError,
        RulePackError,
        SessionError,
    )
    from advisor.facts import VOCABULARY, Facts, FactSpec
    from advisor.session import Answer, Question, Session

# The public names load on first use, so that a command that needs only part of
# the package (``advisor kb search``) does not pay for all of it.
_LAZY = {
    "Advice": "advisor.advice", "Advisor": "advisor.api", "advise": "advisor.api",
    "VOCABULARY": "advisor.facts", "Facts": "advisor.facts", "FactSpec": "advisor.facts",
    "Answer": "advisor.session", "Question": "advisor.session", "Session": "advisor.session",
    **dict.fromkeys(("AdvisorError", "EngineError", "EvidenceError", "FactsError",
                     "FileError", "KnowledgeError", "RulePackError", "SessionError"),
                    "advisor.errors"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")


__all__ = [
    "VOCABULARY",
    "Advice",
    "Advisor",
    "AdvisorError",
    "Answer",
    "EngineError",
    "EvidenceError",
    "FactSpec",
    "Facts",
    "FactsError",
    "FileError",
    "KnowledgeError",
    "Question",
    "RulePackError",
    "Session",
    "SessionError",
    "__version__",
    "advise",
]
