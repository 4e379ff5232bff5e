"""The :class:`Advisor`: a loaded knowledge base and its evaluator, ready to
advise and to hold troubleshooting sessions.

``Advisor()`` loads the bundled articles and rule packs (or the directories you
give it), validates them and compiles them for the rule evaluator. One advisor
can be shared by any number of threads. :func:`advise` is a shortcut that uses
one bundled advisor per process.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from advisor.advice import Advice, Reasoner
from advisor.facts import Facts
from advisor.session import Session

__all__ = ["Advisor", "advise", "default_advisor"]


class Advisor(Reasoner):
    """Knowledge plus evaluator: :meth:`advise` for one-shot advice,
    :meth:`session` for a guided troubleshooting session.

    ``Advisor(kb_dir, rules_dir, evaluator="python")`` loads other directories
    than the bundled ones and picks the evaluator; loading raises
    :class:`~advisor.KnowledgeError` naming the file and line of any problem.
    """

    def session(self) -> Session:
        """A new troubleshooting session (see :class:`~advisor.Session`)."""
        return Session(self)

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: Advisor | None = None
_default_lock = threading.Lock()


def default_advisor() -> Advisor:
    """The process-wide advisor on the bundled knowledge, created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Advisor()
        return _default


def advise(facts: Facts | Mapping[str, object]) -> Advice:
    """The advice for ``facts`` from the bundled knowledge base.

    >>> advice = advise({"sms_version": "2.0", "server_platform": "netware",
    ...                  "file_in_use": True})
    >>> [d.id for d in advice.confirmed()]
    ['netware_no_forced_disconnect']
    """
    return default_advisor().advise(facts)
