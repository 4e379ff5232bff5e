"""advisor: a troubleshooting advisor for SMS software distribution, built on
Knowledge Base articles and a rule engine.

>>> from advisor import advise
>>> advice = advise({"sms_version": "1.1", "server_platform": "windows_nt",
...                  "file_in_use": True})
>>> [a.target_version for a in advice.actions if a.kind == "upgrade"]
['1.2']

The public names are listed in ``__all__``; everything else is internal.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .advice import Advice
from .advisor import Advisor, advise
from .errors import (
                     AdvisorError,
                     EngineError,
                     EvidenceError,
                     FactsError,
                     FileError,
                     KnowledgeError,
                     RulePackError,
                     SessionError,
)
from .facts import VOCABULARY, Facts, FactSpec
from .session import Answer, Question, Session

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
