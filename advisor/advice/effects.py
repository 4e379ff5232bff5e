"""What each answer to a question would change: the ``why`` of a question.

For every class of answers the rules tell apart, :func:`answer_effects` builds
the advice that answer would give and compares it with the advice now: the
diagnoses it would confirm, make possible or rule out, and the steps it would
add or remove. Nothing is guessed: it is the same advice the answer would get.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from advisor.advice.model import Advice
from advisor.facts import FactSpec, FactValue

__all__ = ["AnswerEffect", "answer_effects"]


@dataclass(frozen=True)
class AnswerEffect:
    """What answering ``value`` would change, by diagnosis title and step summary."""

    value: FactValue
    label: str
    confirms: tuple[str, ...]
    rules_out: tuple[str, ...]
    adds_steps: tuple[str, ...]
    removes_steps: tuple[str, ...]

    def text(self) -> str:
        """The effect in one line, for people."""
        parts = []
        if self.confirms:
            parts.append("confirms " + "; ".join(self.confirms))
        if self.rules_out:
            parts.append("rules out " + "; ".join(self.rules_out))
        if self.adds_steps:
            parts.append("adds the steps: " + "; ".join(self.adds_steps))
        if self.removes_steps:
            parts.append("removes the steps: " + "; ".join(self.removes_steps))
        return ", ".join(parts) or "changes nothing the advice says yet"


def answer_effects(advise: Callable[[Mapping[str, FactValue]], Advice], now: Advice,
                   known: Mapping[str, FactValue], spec: FactSpec,
                   values: Iterable[FactValue]) -> list[AnswerEffect]:
    """For each of ``values`` of ``spec``'s fact, what the advice would gain or lose
    against ``now`` (the advice for ``known``)."""
    before = {d.id: d for d in now.diagnoses}
    steps = {a.id: a for a in now.actions}
    out = []
    for value in values:
        then = advise({**known, spec.name: value})
        after = {d.id: d for d in then.diagnoses}
        new_steps = {a.id: a for a in then.actions}
        out.append(AnswerEffect(
            value, spec.label(value),
            tuple(d.title for i, d in after.items() if d.certainty == "confirmed"
                  and (i not in before or before[i].certainty != "confirmed")),
            tuple(d.title for i, d in before.items() if i not in after),
            tuple(_short(a.summary) for i, a in new_steps.items() if i not in steps),
            tuple(_short(a.summary) for i, a in steps.items() if i not in new_steps)))
    return out


def _short(summary: str) -> str:
    first = summary.split(": ")[0].split(". ")[0].rstrip(".")
    return first if len(first) <= 90 else first[:87] + "..."
