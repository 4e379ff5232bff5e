"""The :class:`Advisor`: a loaded knowledge base and its engine, ready to advise.

``Advisor()`` loads the bundled articles and rule packs (or the directories you
give it), validates them and compiles them for the rule engine. One advisor can
be shared by any number of threads. :func:`advise` is a shortcut that uses one
bundled advisor per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .advice import Advice
from .assemble import AdviceBuilder
from .engine import Engine, EngineRule, Match
from .facts import Facts, FactValue, fact_spec
from .knowledge import Knowledge
from .questions import Planner
from .session import Session

__all__ = ["Advisor", "advise"]


class Advisor:
    """Knowledge plus engine. ``Advisor(kb_dir=..., rules_dir=...)`` loads other
    directories than the bundled ones; loading raises
    :class:`~advisor.errors.KnowledgeError` naming the file and line of any problem.
    """

    def __init__(self, kb_dir: Path | str | None = None,
                 rules_dir: Path | str | None = None) -> None:
        self.knowledge = Knowledge.load(Path(kb_dir) if kb_dir is not None else None,
                                        Path(rules_dir) if rules_dir is not None else None)
        self.planner = Planner(self.knowledge)
        self._builder = AdviceBuilder(self.knowledge, self.planner)
        self._engine = Engine(EngineRule(r.when, r.unless) for r in self.knowledge.rules)

    def advise(self, facts: Facts | Mapping[str, object],
               skipped: Iterable[str] = ()) -> Advice:
        """The advice for ``facts`` (a :class:`Facts`, or a mapping validated as one;
        invalid input raises :class:`~advisor.errors.FactsError`).

        ``skipped`` names facts the user was asked about and could not answer:
        they are not asked again, and advice that holds while they stay unknown
        (such as "find out whether a file is open") is kept in view.
        """
        if not isinstance(facts, Facts):
            facts = Facts.parse(facts)
        known = facts.known()
        skip = _NOTHING
        if skipped:
            skip = frozenset(skipped)
            for name in skip:
                fact_spec(name)  # raises FactsError for an unknown name
            skip = skip.difference(known)
        return self._builder.build(known, self._engine.infer(known), skip)

    def infer(self, known: Mapping[str, FactValue]) -> list[Match]:
        """The engine's matches for the ``known`` facts (by name): every rule that
        is not ruled out, with the facts it left open. Most callers want
        :meth:`advise`."""
        return self._engine.infer(known)

    def advice_for(self, known: Mapping[str, FactValue], matches: list[Match],
                   skipped: frozenset[str] = frozenset()) -> Advice:
        """The advice from :meth:`infer`'s ``matches`` for the same ``known`` facts."""
        return self._builder.build(known, matches, skipped)

    def session(self) -> Session:
        """A new troubleshooting session (see :class:`~advisor.session.Session`)."""
        return Session(self)

    def close(self) -> None:
        """Release the engine. The advisor cannot advise afterwards."""
        self._engine.close()

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_NOTHING: frozenset[str] = frozenset()
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
