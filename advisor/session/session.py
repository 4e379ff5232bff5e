"""A troubleshooting session: the answers so far, the next question, the advice.

The interactive prompt, the Python API and the HTTP API all drive this one
class. A :class:`Session` keeps an append-only log of answers (a later answer to
the same fact wins, so undoing it brings the earlier one back); the facts, the
advice and the next question are derived from the log each time, so revising
any earlier answer re-derives everything after it. Nothing the user entered is
thrown away: :meth:`Session.to_json` stores the whole log and
:meth:`Session.from_json` resumes it.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from advisor.advice import Advice, AnswerEffect, Case, Reasoner, answer_effects
from advisor.errors import FactsError, SessionError
from advisor.facts import (
    SKIP,
    VOCABULARY,
    Facts,
    FactsBase,
    FactValue,
    Skip,
    fact_spec,
    parse_answer,
)

if TYPE_CHECKING:
    from advisor.evidence import Evidence, EvidenceItem

__all__ = ["Answer", "Outcome", "Question", "Session"]

Source = Literal["answer", "evidence", "description", "default"]
#: Version of the stored session format; from_json refuses others.
FORMAT = 1


@dataclass(frozen=True)
class Answer:
    """One entry of the log: ``fact`` answered with ``value``, or ``skipped``
    ("unknown"). ``source`` says where it came from and ``detail`` more (for
    evidence, the file and line)."""

    fact: str
    value: FactValue = None
    skipped: bool = False
    source: Source = "answer"
    detail: str | None = None
    at: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON."""
        return {"fact": self.fact, "value": self.value, "skipped": self.skipped,
                "source": self.source, "detail": self.detail, "at": self.at}


#: What one answer to a question would lead to (see
#: :class:`~advisor.advice.effects.AnswerEffect`).
Outcome = AnswerEffect


@dataclass(frozen=True)
class Question:
    """The next thing to ask: the fact, its question and help, the allowed
    answers, and what it decides between: ids (``decides``, as in the advice's
    questions: a diagnosis, or a rule that only acts), their titles
    (``decides_titles``, in the same order: the diagnosis, or the rule's first
    step) and the articles."""

    fact: str
    kind: str
    text: str
    help: str
    answers: tuple[str, ...]
    decides: tuple[str, ...]
    articles: tuple[str, ...]
    decides_titles: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The question as JSON, with the allowed answers of its fact."""
        return {**VOCABULARY[self.fact].to_json(), "decides": list(self.decides),
                "decides_titles": list(self.decides_titles),
                "articles": list(self.articles)}


@dataclass(frozen=True)
class _State:
    changes: int
    case: Case


class Session:
    """One troubleshooting conversation over an :class:`~advisor.Advisor`.

    Create it with ``advisor.session.session()``. Sessions are not shared between
    threads; the advisor underneath is.
    """

    def __init__(self, advisor: Reasoner, answers: tuple[Answer, ...] = (), *,
                 id: str | None = None, created: float | None = None) -> None:
        self.advisor = advisor
        self.id = id or secrets.token_urlsafe(18)
        self.created = created if created is not None else time.time()
        self._log: list[Answer] = list(answers)
        self._cache: _State | None = None
        self._changes = 0

    # The log and what it implies -------------------------------------------

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The whole log, oldest first."""
        return tuple(self._log)

    def current(self) -> dict[str, Answer]:
        """The answer in force for each fact answered (the latest one)."""
        latest: dict[str, Answer] = {}
        for entry in self._log:
            latest[entry.fact] = entry
        return latest

    def _state(self) -> _State:
        if self._cache is None or self._cache.changes != self._changes:
            latest = self.current()
            facts = self.advisor.knowledge.facts.model_validate(
                {f: a.value for f, a in latest.items() if not a.skipped})
            skipped = frozenset(f for f, a in latest.items() if a.skipped)
            self._cache = _State(self._changes, self.advisor.case(facts, skipped))
        return self._cache

    @property
    def facts(self) -> FactsBase:
        """The facts the answers establish."""
        return self._state().case.facts

    @property
    def skipped(self) -> frozenset[str]:
        """The facts answered "unknown"."""
        return self._state().case.skipped

    def advice(self) -> Advice:
        """The advice for the answers so far."""
        return self._state().case.advice

    def is_complete(self) -> bool:
        """True when no answer could change the advice any more."""
        return self.next_question() is None

    def next_question(self) -> Question | None:
        """The best question to ask next, or ``None`` when no answer to any open
        question could change the advice."""
        order = self.question_order()
        return self.question(order[0]) if order else None

    def question_order(self) -> list[str]:
        """The open questions' facts, best first (derived from the rule data by
        looking ahead over their answers)."""
        return self._state().case.question_order()

    def question(self, fact: str) -> Question:
        """The question about ``fact``, with what its answer decides."""
        spec = fact_spec(fact)
        rules = self._state().case.deciders(fact)
        # As the advice's questions say it: a diagnosis, or a rule that only acts.
        diagnoses: dict[str, str] = {}
        for r in rules:
            if r.diagnosis is not None:
                diagnoses.setdefault(r.diagnosis.id, r.diagnosis.title)
            else:
                diagnoses.setdefault(r.id, r.actions[0].summary if r.actions else r.id)
        articles = tuple(dict.fromkeys(r.article for r in rules))
        return Question(fact, spec.kind, spec.question, spec.help,
                        tuple(str(a) for a in spec.answers()), tuple(diagnoses), articles,
                        tuple(diagnoses.values()))

    def outcomes(self, fact: str) -> list[Outcome]:
        """For each kind of answer to ``fact``, what it would confirm or rule out."""
        spec = fact_spec(fact, self.advisor.knowledge.vocabulary)
        case = self._state().case
        skipped = case.skipped

        def advise(facts: Mapping[str, FactValue]) -> Advice:
            return self.advisor.advise(facts, skipped=skipped)

        return list(answer_effects(advise, case.advice, case.facts.known(), spec,
                                   case.answer_classes(fact)))

    # Changing the log ------------------------------------------------------

    def answer(self, fact: str, value: FactValue | Skip, *, source: Source = "answer",
               detail: str | None = None) -> Advice:
        """Record ``value`` (or :data:`~advisor.facts.answers.SKIP`) for ``fact`` and
        return the new advice. A fact answered before is revised: the new answer
        wins and :meth:`undo` brings the old one back. Raises
        :class:`~advisor.errors.FactsError` for an unknown fact or a bad value."""
        fact_spec(fact)
        if isinstance(value, Skip):
            entry = Answer(fact, None, True, source, detail)
        else:
            self.facts.with_fact(fact, value)  # validates, naming the field
            entry = Answer(fact, value, False, source, detail)
        self._log.append(entry)
        self._changes += 1
        return self.advice()

    def answer_text(self, fact: str, text: str) -> Advice:
        """Record an answer as a person typed it (``yes``, ``nt``, ``absent``,
        ``3h``, ``unknown``...). Raises :class:`~advisor.facts.answers.AnswerError`
        naming what the question takes."""
        return self.answer(fact, parse_answer(fact_spec(fact), text))

    def add_evidence(self, evidence: Evidence) -> list[tuple[EvidenceItem, bool]]:
        """Answer the facts ``evidence`` establishes, each with its file and line as
        the detail. Facts the user answered are kept. Returns each deciding
        finding and whether it was taken."""
        answered = {f for f, a in self.current().items() if a.source == "answer"}
        taken = []
        for fact, item in evidence.deciding().items():
            use = fact not in answered
            if use:
                self.answer(fact, item.value, source="evidence",
                            detail=f"{item.path}:{item.line}")
            taken.append((item, use))
        return taken

    def skip(self, fact: str) -> Advice:
        """Answer ``fact`` with "unknown": it is not asked again."""
        return self.answer(fact, SKIP)

    def undo(self) -> Answer:
        """Take back the latest answer and return it. Raises
        :class:`~advisor.errors.SessionError` when there is nothing to undo."""
        if not self._log:
            raise SessionError("there is no answer to undo")
        self._changes += 1
        return self._log.pop()

    def restart(self) -> None:
        """Forget every answer."""
        self._log.clear()
        self._changes += 1

    # Storing ---------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The session as JSON, enough to resume it with :meth:`from_json`."""
        return {"format": FORMAT, "id": self.id, "created": self.created,
                "answers": [a.to_json() for a in self._log]}

    @classmethod
    def from_json(cls, advisor: Reasoner, data: object) -> Session:
        """A session from :meth:`to_json`'s output. Raises
        :class:`~advisor.errors.SessionError` naming what is wrong."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise SessionError(f"not a stored session (format {FORMAT} expected)")
        ident, created, entries = data.get("id"), data.get("created"), data.get("answers")
        if not isinstance(ident, str) or not isinstance(entries, list) or not isinstance(
                created, int | float) or isinstance(created, bool):
            raise SessionError("a stored session needs id, created and answers")
        when = _seconds(created)
        if when is None:
            raise SessionError("created is not a time (seconds since the epoch)")
        log: list[Answer] = []
        for number, raw in enumerate(entries, 1):
            try:
                log.append(_entry(raw))
            except (FactsError, TypeError, ValueError, KeyError) as exc:
                raise SessionError(f"answer {number}: {exc}") from None
        return cls(advisor, tuple(log), id=ident, created=when)


def _entry(raw: object) -> Answer:
    if not isinstance(raw, Mapping):
        raise TypeError("not an object")
    fact, skipped = raw["fact"], bool(raw.get("skipped", False))
    if not isinstance(fact, str):
        raise TypeError("fact must be a string")
    fact_spec(fact)
    value = raw.get("value")
    if not skipped:
        Facts.parse({fact: value})
    source = raw.get("source", "answer")
    if source not in ("answer", "evidence", "description", "default"):
        raise ValueError(f"unknown source {source!r}")
    detail = raw.get("detail")
    at = raw.get("at", 0.0)
    when = _seconds(at) if isinstance(at, int | float) else None
    return Answer(fact, value, skipped, source, detail if isinstance(detail, str) else None,
                  when if when is not None else 0.0)


def _seconds(value: float) -> float | None:
    """``value`` as a finite float, or ``None`` (an integer too large for a float,
    infinity, NaN): a crafted file must not get past here as an OverflowError."""
    try:
        seconds = float(value)
    except (OverflowError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None
