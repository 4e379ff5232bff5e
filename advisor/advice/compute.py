"""Computed answers: numbers the advice works out from facts and article data.

A rule pack declares a computation as a formula over facts and tables (no code),
for example Q128458's forced delivery time, ``retry interval x (retries + 1) +
delay``. :func:`evaluate` fills in each input from the facts, stands in the
article's default for a registry value that is absent or unknown (and says so),
and gives a range when a table key is unknown. With the time already elapsed it
also says how long is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from advisor.facts import VOCABULARY, FactValue
from advisor.knowledge import Add, Computation, Expr, FactRef, Mul, TableRef

__all__ = ["Input", "Result", "evaluate", "format_minutes"]

Source = Literal["given", "absent", "unknown"]


@dataclass(frozen=True)
class Input:
    """One input of a computation: the fact, the value used and where it came
    from: ``given`` (a known fact), ``absent`` (the registry value is not there:
    the article's default applies) or ``unknown`` (not known: the default, or for
    a table key every row, was assumed)."""

    fact: str
    value: int | str | None
    source: Source
    used: tuple[int, int]

    def describe(self) -> str:
        """The input in words, for a person."""
        spec = VOCABULARY[self.fact]
        name = _SHORT.get(self.fact, self.fact)
        lo, hi = self.used
        shown = (spec.label(self.value) if spec.kind == "choice" else str(self.value)) \
            if self.source == "given" else (f"{lo} to {hi}" if lo != hi else str(lo))
        note = {"given": "", "absent": " (the value is absent: article default)",
                "unknown": " (not known: article default assumed)" if lo == hi else
                " (not known: every setting considered)"}[self.source]
        return f"{name}: {shown}{note}"


@dataclass(frozen=True)
class Result:
    """A computed number of minutes, or a range when an input is not known.

    ``elapsed`` is the time already passed, when known; ``remaining`` is then
    what is left (never below 0), and ``overdue`` says the time has passed.
    """

    id: str
    title: str
    minimum: int
    maximum: int
    inputs: tuple[Input, ...]
    formula: str
    elapsed: int | None = None

    @property
    def exact(self) -> bool:
        """Whether the answer is one number rather than a range."""
        return self.minimum == self.maximum

    @property
    def remaining(self) -> tuple[int, int] | None:
        """Minutes left (lowest, highest), or ``None`` when the elapsed time is
        not known."""
        if self.elapsed is None:
            return None
        return max(self.minimum - self.elapsed, 0), max(self.maximum - self.elapsed, 0)

    @property
    def overdue(self) -> bool | None:
        """Whether even the longest estimate has passed; ``None`` if not known."""
        return None if self.elapsed is None else self.elapsed > self.maximum

    def text(self) -> str:
        """The answer in one sentence."""
        when = (format_minutes(self.minimum) if self.exact else
                f"between {format_minutes(self.minimum)} and {format_minutes(self.maximum)}")
        text = f"{self.title}: {when} ({self.formula})."
        remaining = self.remaining
        if remaining is not None:
            if self.overdue:
                text += (f" {format_minutes(self.elapsed or 0)} have passed, so it should "
                         "already have happened: check the settings.")
            elif remaining[0] == remaining[1]:
                text += f" About {format_minutes(remaining[0])} from now."
            else:
                text += (f" Between {format_minutes(remaining[0])} and "
                         f"{format_minutes(remaining[1])} from now.")
        return text


_SHORT = {
    "response_setting": "Response setting",
    "number_of_retries": "Number Of Retries Before Forced Disconnection",
    "forced_disconnection_delay": "Forced Disconnection Delay In Minutes",
}


def evaluate(computation: Computation, facts: Mapping[str, FactValue]) -> Result:
    """Compute ``computation`` from the known ``facts`` (by name)."""
    inputs: dict[str, Input] = {}
    lo, hi = _eval(computation, computation.formula, facts, inputs)
    elapsed = None
    if computation.elapsed_fact is not None:
        value = facts.get(computation.elapsed_fact)
        if isinstance(value, int) and not isinstance(value, bool):
            elapsed = value
    formula = _show(computation, computation.formula, inputs)
    total = f"{lo:,}" if lo == hi else f"{lo:,} to {hi:,}"
    return Result(computation.id, computation.title, lo, hi, tuple(inputs.values()),
                  f"{formula} = {total} minutes", elapsed)


def _eval(comp: Computation, expr: Expr, facts: Mapping[str, FactValue],
          inputs: dict[str, Input]) -> tuple[int, int]:
    # Interval arithmetic: every term is a non-negative number, so sums and
    # products of ranges are bounded by the sums and products of their ends.
    if isinstance(expr, int):
        return expr, expr
    if isinstance(expr, Add | Mul):
        terms = [_eval(comp, t, facts, inputs) for t in (expr.add if isinstance(expr, Add)
                                                         else expr.mul)]
        lo, hi = terms[0]
        for tlo, thi in terms[1:]:
            lo, hi = (lo + tlo, hi + thi) if isinstance(expr, Add) else (lo * tlo, hi * thi)
        return lo, hi
    if isinstance(expr, FactRef):
        default = VOCABULARY[expr.fact].article_default or 0
        if expr.fact not in facts:
            inputs[expr.fact] = Input(expr.fact, None, "unknown", (default, default))
            return default, default
        value = facts[expr.fact]
        if not isinstance(value, int) or isinstance(value, bool):
            inputs[expr.fact] = Input(expr.fact, None, "absent", (default, default))
            return default, default
        inputs[expr.fact] = Input(expr.fact, value, "given", (value, value))
        return value, value
    assert isinstance(expr, TableRef)
    table = comp.tables[expr.table]
    key = facts.get(expr.key)
    if isinstance(key, str) and key in table:
        inputs[expr.key] = Input(expr.key, key, "given", (table[key], table[key]))
        return table[key], table[key]
    lo, hi = min(table.values()), max(table.values())
    inputs[expr.key] = Input(expr.key, None, "unknown", (lo, hi))
    return lo, hi


def _show(comp: Computation, expr: Expr, inputs: Mapping[str, Input]) -> str:
    if isinstance(expr, int):
        return str(expr)
    if isinstance(expr, Add):
        return " + ".join(_show(comp, t, inputs) for t in expr.add)
    if isinstance(expr, Mul):
        return " x ".join(f"({_show(comp, t, inputs)})" if isinstance(t, Add)
                          else _show(comp, t, inputs) for t in expr.mul)
    fact = expr.fact if isinstance(expr, FactRef) else expr.key
    lo, hi = inputs[fact].used
    return str(lo) if lo == hi else f"[{lo}..{hi}]"


def format_minutes(minutes: int) -> str:
    """``1325`` → ``"22 h 5 min"``; days are added from two days on."""
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return f"{mins} min"
    text = f"{hours} h {mins} min" if mins else f"{hours} h"
    if hours >= 48:
        days, rest = divmod(hours, 24)
        parts = [f"{days} d"] + ([f"{rest} h"] if rest else []) + ([f"{mins} min"] if mins else [])
        text += f" ({' '.join(parts)})"
    return text
