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

from advisor._version import __version__
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
