"""The exceptions :mod:`advisor` raises, in one tree.

Every exception the package raises is an :class:`AdvisorError`, so a caller can
catch that one class. Errors from the libraries underneath (durable-rules,
pydantic, YAML, sqlite) are translated into this tree where they cross into our
code; they never escape as themselves. Errors carry data, not just text:
``FactsError.errors`` (one :class:`FactError` per field, with its hint),
``FileError.path`` and ``.line``, ``RulePackError.problems``.

::

    AdvisorError
    ├── InputError               what a caller gave cannot be used
    │   ├── FactsError               bad facts: unknown name, bad value, wrong type
    │   ├── AnswerError              a typed answer does not answer the question
    │   └── UsageError               a request that cannot be served as asked
    │       ├── ArticleNotFoundError     no article with that id in the store
    │       ├── KBQueryError             a search with nothing to search for
    │       └── RegFileError             a registry fix that cannot be written safely
    ├── FileError                a file cannot be used; names the file and line
    │   ├── KnowledgeError           a kb/ article or rules/ pack is wrong
    │   │   ├── ArticleFormatError       an article cannot be read
    │   │   ├── ConditionError           a test in a pack does not fit its fact
    │   │   └── RulePackError            a rule pack does not validate
    │   ├── EvidenceError            an evidence file (.reg export, log) cannot be read
    │   └── WriteError               a file cannot be written where asked
    │       └── OverwriteError           the file exists and overwriting was not allowed
    ├── StoreError               a database cannot be opened or used
    │   ├── KBStoreError             the article store
    │   └── SessionStoreError        the session store
    ├── EngineError              the rule evaluator failed
    └── SessionError             a troubleshooting session was misused

"No registry fix applies" is not an error: it is a normal outcome, returned as
:class:`~advisor.output.NoRegistryFix` with its reasons.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AdvisorError",
    "AnswerError",
    "ArticleFormatError",
    "ArticleNotFoundError",
    "ConditionError",
    "EngineError",
    "EvidenceError",
    "FactError",
    "FactsError",
    "FileError",
    "InputError",
    "KBQueryError",
    "KBStoreError",
    "KnowledgeError",
    "OverwriteError",
    "RegFileError",
    "RulePackError",
    "SessionError",
    "SessionStoreError",
    "StoreError",
    "UsageError",
    "WriteError",
]


class AdvisorError(Exception):
    """Base class of every error raised by :mod:`advisor`."""


class InputError(AdvisorError, ValueError):
    """What a caller gave (facts, an answer, a request) cannot be used."""


@dataclass(frozen=True)
class FactError:
    """One problem with one fact: which ``fact`` (field name), what was wrong and
    what was given. ``hint`` is a "did you mean" suggestion, when there is one."""

    fact: str
    message: str
    value: object = None
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.fact}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class FactsError(InputError):
    """The facts given are not valid. ``errors`` holds one :class:`FactError` per
    problem, each naming its field."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors) or "invalid facts")


class FileError(AdvisorError):
    """A file cannot be used. ``path`` and ``line`` say where, when known;
    ``str()`` starts with them in the usual ``file:line:`` form so editors can
    jump there, and ``message`` is the rest."""

    def __init__(self, message: str, *, path: os.PathLike[str] | str | None = None,
                 line: int | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line else f"{self.path}: "
        super().__init__(where + message)


class KnowledgeError(FileError):
    """The knowledge base (an article in ``kb/`` or a pack in ``rules/``) is wrong."""


class EvidenceError(FileError):
    """An evidence file cannot be read: missing, too large, binary, in an
    unknown encoding, cut off, or with a line that is not what its format allows."""


class WriteError(FileError):
    """A file cannot be written where asked: the target is a directory, a device, a
    FIFO or a link to one, it has other hard links, its directory does not exist,
    or the write itself failed. Nothing was changed."""


class OverwriteError(WriteError):
    """The file exists and overwriting it was not allowed (``--force`` on the
    command line; the prompt asks)."""


class ArticleFormatError(KnowledgeError):
    """An article's text cannot be read as a KB article (no id or no title)."""


class ConditionError(KnowledgeError):
    """A test in a rule pack does not fit its fact. The message says why, with a
    hint; the loader adds the file and line."""


class RulePackError(KnowledgeError):
    """A rule pack does not validate. ``problems`` holds every problem found (each
    a :class:`KnowledgeError` naming its file, line and rule), not just the first."""

    def __init__(self, problems: list[KnowledgeError]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        text = "\n".join(str(p) for p in self.problems) or "invalid rule pack"
        super().__init__(text)
        # The summary names the first problem's place; the full list is in problems.
        if first is not None:
            self.path, self.line = first.path, first.line


class AnswerError(InputError):
    """A typed answer is not an answer to the question; the message says what is."""


class UsageError(InputError):
    """A request that cannot be served as asked: an unknown article id, a search
    with nothing to search for. The command line exits with status 2 for it."""


class ArticleNotFoundError(UsageError, LookupError):
    """No article with the id asked for is in the store."""


class KBQueryError(UsageError):
    """A search text has no words to search for (only punctuation or common words)."""


class RegFileError(UsageError):
    """A registry fix cannot be written as asked: nothing to write, a value given
    twice, a name the file or the command line cannot carry safely."""


class StoreError(AdvisorError):
    """A database the advisor keeps cannot be opened or used."""


class KBStoreError(StoreError):
    """The article store file cannot be opened or is not an advisor KB store."""


class SessionStoreError(StoreError):
    """The session database cannot be opened or is too busy to answer."""


class EngineError(AdvisorError):
    """The rule evaluator failed during an inference or while loading rules."""


class SessionError(AdvisorError):
    """A troubleshooting session was asked to do something it cannot (for
    example, undo with nothing to undo, or answer a question about an unknown fact)."""
