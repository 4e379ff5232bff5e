"""Tests on one fact, as rule packs write them, checked against the vocabulary.

A rule pack writes a test on a fact in one of these forms::

    server_platform: windows_nt            # equals
    sms_version: ["1.2", "2.0"]            # one of
    use_forced_disconnect: {not: [0, null]}    # none of
    number_of_retries: {ge: 1, le: 50}     # a range (numbers only)
    value_on_target_site: {unknown: true}  # the fact is not known

:func:`parse_test` turns that into a :class:`Condition`: the set of values that
pass, checked against the fact's allowed values, so that every later step (the
engine compiler, the question chooser, explanations) works on one normal form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.errors import ConditionError
from advisor.facts import FactSpec, FactValue
from advisor.suggestions import did_you_mean

__all__ = ["Condition", "ConditionError", "IntRange", "parse_test"]


@dataclass(frozen=True, order=True)
class IntRange:
    """The whole numbers from ``lo`` to ``hi``, both included."""

    lo: int
    hi: int


@dataclass(frozen=True)
class Condition:
    """The values of one fact that pass a test.

    For choice and yes/no facts ``values`` is the finite set that passes. For
    number facts ``ranges`` are the passing whole numbers and ``null`` says whether
    ``None`` (absent) passes. ``unknown`` marks the special test "the fact is not
    known", which no value passes.
    """

    fact: str
    values: frozenset[FactValue] = frozenset()
    ranges: tuple[IntRange, ...] = ()
    null: bool = False
    unknown: bool = False

    def matches(self, value: FactValue) -> bool:
        """Whether a known ``value`` passes."""
        if self.unknown:
            return False
        if value is None:
            return self.null
        if isinstance(value, int) and not isinstance(value, bool) and self.ranges:
            return any(r.lo <= value <= r.hi for r in self.ranges)
        return value in self.values

    def complement(self, spec: FactSpec) -> Condition:
        """The known values that fail this test."""
        if self.unknown:
            raise ConditionError("an 'unknown' test has no complement")
        if spec.kind == "int":
            lo = spec.minimum if spec.minimum is not None else -(2**63)
            hi = spec.maximum if spec.maximum is not None else 2**63 - 1
            return Condition(self.fact, ranges=_invert(self.ranges, lo, hi),
                             null=spec.nullable and not self.null)
        return Condition(self.fact, values=frozenset(_domain(spec)) - self.values)

    def is_empty(self) -> bool:
        """True when no value can pass (a test that can never hold)."""
        return not (self.unknown or self.values or self.ranges or self.null)

    def describe(self, spec: FactSpec) -> str:
        """The test in words: ``"is SMS 1.2 or SMS 2.0"``."""
        if self.unknown:
            return "is not known"
        parts: list[str] = [spec.label(v) for v in _ordered(spec, self.values)]
        for r in self.ranges:
            if r.lo == r.hi:
                parts.append(str(r.lo))
            elif spec.maximum is not None and r.hi >= spec.maximum:
                parts.append(f"{r.lo} or more")
            elif spec.minimum is not None and r.lo <= spec.minimum:
                parts.append(f"{r.hi} or less")
            else:
                parts.append(f"{r.lo} to {r.hi}")
        if self.null:
            parts.append(spec.null_label or "absent")
        if not parts:
            return "can never hold"
        return "is " + (parts[0] if len(parts) == 1 else
                        ", ".join(parts[:-1]) + " or " + parts[-1])


def parse_test(spec: FactSpec, raw: object) -> Condition:
    """Read one test on fact ``spec`` as a rule pack writes it.

    Raises :class:`ConditionError` with a message fit for the pack's author when
    the test names values the fact cannot take or uses an unknown operator.
    """
    if isinstance(raw, Mapping):
        return _parse_ops(spec, raw)
    if isinstance(raw, list):
        if not raw:
            raise ConditionError("an empty list can never hold")
        return _union(spec, [_value(spec, v) for v in raw])
    return _union(spec, [_value(spec, raw)])


_OPS = ("in", "not", "lt", "le", "gt", "ge", "unknown")


def _parse_ops(spec: FactSpec, raw: Mapping[object, object]) -> Condition:
    unknown_ops = [str(k) for k in raw if k not in _OPS]
    if unknown_ops:
        raise ConditionError(f"unknown operator {unknown_ops[0]!r}; use one of "
                             + ", ".join(_OPS))
    if "unknown" in raw:
        if raw["unknown"] is not True or len(raw) != 1:
            raise ConditionError("write the unknown test alone, as {unknown: true}")
        return Condition(spec.name, unknown=True)
    cond: Condition | None = None
    if "in" in raw:
        cond = parse_test(spec, raw["in"] if isinstance(raw["in"], list) else [raw["in"]])
    bounds = {op: raw[op] for op in ("lt", "le", "gt", "ge") if op in raw}
    if bounds:
        if spec.kind != "int":
            raise ConditionError(f"{', '.join(bounds)} only apply to number facts; "
                                 f"{spec.name} is a {spec.kind} fact")
        lo = spec.minimum if spec.minimum is not None else -(2**63)
        hi = spec.maximum if spec.maximum is not None else 2**63 - 1
        for op, bound in bounds.items():
            if not isinstance(bound, int) or isinstance(bound, bool):
                raise ConditionError(f"{op} needs a whole number, got {bound!r}")
            lo, hi = {"lt": (lo, min(hi, bound - 1)), "le": (lo, min(hi, bound)),
                      "gt": (max(lo, bound + 1), hi), "ge": (max(lo, bound), hi)}[op]
        ranged = Condition(spec.name, ranges=(IntRange(lo, hi),) if lo <= hi else ())
        cond = ranged if cond is None else _intersect(spec, cond, ranged)
    if "not" in raw:
        excluded = parse_test(spec, raw["not"] if isinstance(raw["not"], list)
                              else [raw["not"]]).complement(spec)
        cond = excluded if cond is None else _intersect(spec, cond, excluded)
    assert cond is not None  # _OPS minus "unknown" is covered above
    if cond.is_empty():
        raise ConditionError("this test can never hold")
    return cond


def _value(spec: FactSpec, value: object) -> FactValue:
    if value is None:
        if not spec.nullable:
            raise ConditionError(f"{spec.name} cannot be null")
        return None
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ConditionError(f"{spec.name} is yes/no: write true or false, not {value!r}")
        return value
    if spec.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConditionError(f"{spec.name} is a whole number, not {value!r}")
        if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum):
            raise ConditionError(f"{value} is outside {spec.name}'s range "
                                 f"{spec.minimum}..{spec.maximum}")
        return value
    if not isinstance(value, str) or value not in spec.choices:
        hint = ""
        if isinstance(value, float) and f"{value:.1f}" in spec.choices:
            hint = f' (did you mean the string "{value:.1f}"? quote it)'
        else:
            close = did_you_mean(str(value), spec.choices, cutoff=0.5)
            hint = f" ({close})" if close else ""
        raise ConditionError(f"{value!r} is not a value of {spec.name}; allowed: "
                             + ", ".join(spec.choices) + hint)
    return value


def _union(spec: FactSpec, values: Iterable[FactValue]) -> Condition:
    vals = list(values)
    if spec.kind == "int":
        ints = sorted({v for v in vals if isinstance(v, int)})
        return Condition(spec.name, ranges=_merge([IntRange(v, v) for v in ints]),
                         null=None in vals)
    return Condition(spec.name, values=frozenset(vals))


def _intersect(spec: FactSpec, a: Condition, b: Condition) -> Condition:
    if spec.kind != "int":
        return Condition(spec.name, values=a.values & b.values)
    ranges = [IntRange(max(x.lo, y.lo), min(x.hi, y.hi))
              for x in a.ranges for y in b.ranges if max(x.lo, y.lo) <= min(x.hi, y.hi)]
    return Condition(spec.name, ranges=_merge(ranges), null=a.null and b.null)


def _merge(ranges: list[IntRange]) -> tuple[IntRange, ...]:
    merged: list[IntRange] = []
    for r in sorted(ranges):
        if merged and r.lo <= merged[-1].hi + 1:
            merged[-1] = IntRange(merged[-1].lo, max(merged[-1].hi, r.hi))
        else:
            merged.append(r)
    return tuple(merged)


def _invert(ranges: tuple[IntRange, ...], lo: int, hi: int) -> tuple[IntRange, ...]:
    out: list[IntRange] = []
    cursor = lo
    for r in ranges:
        if r.lo > cursor:
            out.append(IntRange(cursor, r.lo - 1))
        cursor = max(cursor, r.hi + 1)
    if cursor <= hi:
        out.append(IntRange(cursor, hi))
    return tuple(out)


def _domain(spec: FactSpec) -> tuple[FactValue, ...]:
    if spec.kind == "bool":
        return (True, False)
    return spec.choices


def _ordered(spec: FactSpec, values: frozenset[FactValue]) -> list[FactValue]:
    order = list(_domain(spec)) if spec.kind != "int" else []
    return sorted(values, key=lambda v: order.index(v) if v in order else len(order))
