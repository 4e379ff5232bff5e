"""``advisor rules verify``: the invariants the packs declare, proved over the fact space.

Checks, each reported as ``file:line: rule: message``:

* ``never`` constraints: no advice where their facts hold gives the actions or
  kinds of action they forbid, confirms the diagnoses they forbid, or keeps a
  wait that is overdue or ends after the Despooler's give-up point;
* ``conflicts``: no advice gives two actions declared as conflicting;
* every article a diagnosis or action cites has a status row;
* every rule can fire and every diagnosis can be concluded;
* no rule is subsumed by another with the same conclusions (it would never add
  anything).

The fact space (30 facts) is too big to enumerate, but a rule's tests are
per-fact sets: whether rules can fire together while a constraint's facts hold
is decided fact by fact over the value classes the tests tell apart (plus
"unknown"), exactly. What the advice builder then does (certainty, overdue
waits replaced...) is checked on the real advice for a witness of every
combination, and for a seeded sample of the whole space.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from advisor.advice.model import Advice
from advisor.facts import FactSpec, FactValue
from advisor.knowledge import Condition, Knowledge, Never, Rule

__all__ = ["Finding", "verify"]

Advise = Callable[[Mapping[str, FactValue]], Advice]
_UNKNOWN = object()
#: Random complete-ish assignments checked against every constraint.
SAMPLES = 1500
#: Computation inputs tried per pair of rules that could conflict.
_CONFLICT_CASES = 60


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (file and line of the rule or constraint) and what."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


class _Space:
    """Value classes per fact and per-fact satisfiability of rule combinations."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.vocabulary = knowledge.vocabulary
        conds: dict[str, list[Condition]] = {}
        for rule in knowledge.rules:
            for c in rule.when + rule.unless:
                conds.setdefault(c.fact, []).append(c)
        for never in knowledge.never:
            for c in never.when:
                conds.setdefault(c.fact, []).append(c)
        self.classes = {name: _classes(spec, conds.get(name, []))
                        for name, spec in self.vocabulary.items()}

    def witness(self, rules: Sequence[Rule], when: Sequence[Condition] = (),
                confirmed: bool = False) -> dict[str, FactValue] | None:
        """Facts under which every rule of ``rules`` fires and ``when`` holds
        (with ``confirmed``: with every ``unless`` fact known), or ``None``."""
        facts: dict[str, FactValue] = {}
        musts: dict[str, list[Condition]] = {}
        blocks: dict[str, list[Condition]] = {}
        for rule in rules:
            for c in rule.when:
                musts.setdefault(c.fact, []).append(c)
            for c in rule.unless:
                blocks.setdefault(c.fact, []).append(c)
        for c in when:
            musts.setdefault(c.fact, []).append(c)
        for name in dict.fromkeys([*musts, *blocks]):
            need = musts.get(name, [])
            avoid = blocks.get(name, [])
            options: list[object] = []
            if all(c.unknown for c in need) and not (confirmed and avoid):
                options.append(_UNKNOWN)
            if not any(c.unknown for c in need):
                options += [v for v in self.classes[name]
                            if all(c.matches(v) for c in need)
                            and not any(c.matches(v) for c in avoid)]
            if not options:
                return None
            chosen = options[0]
            if chosen is not _UNKNOWN:
                facts[name] = chosen  # type: ignore[assignment]
        return facts

    def sample(self, rng: random.Random) -> dict[str, FactValue]:
        """A random assignment: each fact unknown or one of its classes."""
        out: dict[str, FactValue] = {}
        for name, values in self.classes.items():
            pick = rng.randrange(len(values) + 1)
            if pick < len(values):
                out[name] = values[pick]
        return out


def _classes(spec: FactSpec, conds: Sequence[Condition]) -> tuple[FactValue, ...]:
    tests = [c for c in conds if not c.unknown]
    candidates: list[FactValue]
    if spec.kind == "bool":
        candidates = [True, False]
    elif spec.kind == "choice":
        candidates = list(spec.choices)
    else:
        lo = spec.minimum if spec.minimum is not None else 0
        hi = spec.maximum if spec.maximum is not None else lo
        points = {lo, hi, min(hi, lo + 1), min(hi, 7)}
        for c in tests:
            for r in c.ranges:
                points.update(p for p in (r.lo - 1, r.lo, r.hi, r.hi + 1) if lo <= p <= hi)
        candidates = [None] if spec.nullable else []
        candidates += sorted(points)
    seen: dict[tuple[bool, ...], FactValue] = {}
    for value in candidates:
        seen.setdefault(tuple(c.matches(value) for c in tests), value)
    return tuple(seen.values())


def verify(knowledge: Knowledge, advise: Advise, *, samples: int = SAMPLES,
           seed: int = 10) -> list[Finding]:
    """Every invariant the packs declare, checked; the problems found, sorted."""
    space = _Space(knowledge)
    advise = _memo(advise)
    found: set[Finding] = set()
    found |= _structure(knowledge, space)
    witnesses: list[dict[str, FactValue]] = []
    for never in knowledge.never:
        found |= _check_never(knowledge, space, advise, never, witnesses)
    found |= _check_conflicts(knowledge, space, advise, witnesses)
    rng = random.Random(seed)
    # One report per rule or constraint is enough: the first witness shows it.
    reported = {(f.path, f.line, f.rule) for f in found}
    for facts in itertools.chain(witnesses, (space.sample(rng) for _ in range(samples))):
        for f in sorted(_check_advice(knowledge, facts, advise(facts))):
            if (f.path, f.line, f.rule) not in reported:
                reported.add((f.path, f.line, f.rule))
                found.add(f)
    return sorted(found)


def _memo(advise: Advise) -> Advise:
    # Witnesses repeat across constraints; an advice depends only on the facts.
    seen: dict[frozenset[object], Advice] = {}

    def cached(facts: Mapping[str, FactValue]) -> Advice:
        # The type too: True and 1 are equal keys, but not the same fact value.
        key = frozenset((k, type(v), v) for k, v in facts.items())
        if key not in seen:
            seen[key] = advise(facts)
        return seen[key]
    return cached


def _at(rule: Rule | Never, message: str) -> Finding:
    return Finding(str(rule.source), rule.line or 1, rule.id, message)


def _structure(knowledge: Knowledge, space: _Space) -> set[Finding]:
    found: set[Finding] = set()
    reached: set[str] = set()
    for rule in knowledge.rules:
        if space.witness([rule]) is None:
            found.add(_at(rule, "can never fire: its tests contradict each other"))
        elif rule.diagnosis is not None:
            reached.add(rule.diagnosis.id)
        cited = set(rule.articles)
        missing = sorted(a for a in cited if a not in knowledge.statuses)
        if missing:
            found.add(_at(rule, f"cites {', '.join(missing)}, which has no status row"))
    for ident in knowledge.diagnoses:
        if ident not in reached:
            rules = [r for r in knowledge.rules if r.diagnosis and r.diagnosis.id == ident]
            if rules:
                found.add(_at(rules[0], f"diagnosis {ident!r} can never be concluded"))
    for a, b in itertools.permutations(knowledge.rules, 2):
        if _conclusions(a) <= _conclusions(b) and _implies(a, b):
            found.add(_at(a, f"is subsumed by rule {b.id!r} ({b.source.name}:{b.line}): "
                             "whenever it fires that one does, with the same conclusions"))
    return found


def _conclusions(rule: Rule) -> frozenset[str]:
    return frozenset(([f"d:{rule.diagnosis.id}"] if rule.diagnosis else []) +
                     [f"a:{a.id}" for a in rule.actions])


def _implies(a: Rule, b: Rule) -> bool:
    """Whether ``b`` fires whenever ``a`` does (by the tests, fact by fact)."""
    a_when = {c.fact: c for c in a.when}
    a_unless = {c.fact: c for c in a.unless}
    for c in b.when:
        mine = a_when.get(c.fact)
        if mine is None or mine.unknown != c.unknown:
            return False
        if not c.unknown and not _subset(mine, c):
            return False
    for c in b.unless:
        mine = a_when.get(c.fact)
        if mine is not None and not mine.unknown:
            if _overlaps(mine, c):
                return False
        elif not (c.fact in a_unless and _subset(c, a_unless[c.fact])):
            return False
    return True


def _subset(x: Condition, y: Condition) -> bool:
    if x.ranges or y.ranges:
        return (not x.null or y.null) and all(
            any(o.lo <= r.lo and r.hi <= o.hi for o in y.ranges) for r in x.ranges)
    return x.values <= y.values and (not x.null or y.null)


def _overlaps(x: Condition, y: Condition) -> bool:
    if x.null and y.null:
        return True
    if x.values & y.values:
        return True
    return any(max(r.lo, o.lo) <= min(r.hi, o.hi) for r in x.ranges for o in y.ranges)


def _forbidden(knowledge: Knowledge, never: Never) -> set[str]:
    ids = set(never.actions)
    ids |= {a.id for a in knowledge.actions.values() if a.kind in never.kinds}
    return ids


def _concluding(knowledge: Knowledge, ids: Iterable[str]) -> list[Rule]:
    wanted = set(ids)
    out = []
    for rule in knowledge.rules:
        produced = {a.id for a in rule.actions}
        for a in rule.actions:
            produced |= set(a.instead_overdue) | set(a.instead_beyond_limit)
        if produced & wanted:
            out.append(rule)
    return out


def _check_never(knowledge: Knowledge, space: _Space, advise: Advise, never: Never,
                 witnesses: list[dict[str, FactValue]]) -> set[Finding]:
    found: set[Finding] = set()
    forbidden = _forbidden(knowledge, never)
    for rule in _concluding(knowledge, forbidden):
        for facts in _with_inputs(knowledge.vocabulary, rule, space.witness([rule], never.when)):
            witnesses.append(facts)
            got = {a.id for a in advise(facts).actions} & forbidden
            if got:
                found.add(_at(rule, f"gives {', '.join(sorted(got))}, which constraint "
                                    f"{never.id!r} forbids, for {_show(facts)}"))
                break
    for ident in never.confirmed:
        for rule in knowledge.rules:
            if rule.diagnosis is None or rule.diagnosis.id != ident:
                continue
            witness = space.witness([rule], never.when, confirmed=True)
            if witness is None:
                continue
            facts = witness
            witnesses.append(facts)
            if any(d.id == ident and d.certainty == "confirmed"
                   for d in advise(facts).diagnoses):
                found.add(_at(rule, f"confirms {ident}, which constraint {never.id!r} "
                                    f"forbids, for {_show(facts)}"))
    if never.waits:
        for rule in knowledge.rules:
            for action in rule.actions:
                if action.kind != "wait" or action.computation is None:
                    continue
                base = space.witness([rule], never.when)
                for facts in _with_inputs(knowledge.vocabulary, rule, base):
                    witnesses.append(facts)
                    bad = _bad_wait(advise(facts), never.waits)
                    if bad:
                        found.add(_at(rule, f"keeps the wait {bad}, which constraint "
                                            f"{never.id!r} forbids, for {_show(facts)}"))
                        break
    return found


def _bad_wait(advice: Advice, kind: str) -> str | None:
    for action in advice.actions:
        computed = action.computed
        if action.kind != "wait" or computed is None:
            continue
        if kind == "overdue" and computed.overdue:
            return f"{action.id} (already overdue)"
        if kind == "beyond_limit" and computed.beyond_limit:
            return f"{action.id} (ends after the Despooler gives up)"
    return None


def _with_inputs(specs: Mapping[str, FactSpec], rule: Rule, base: dict[str, FactValue] | None
                 ) -> Iterator[dict[str, FactValue]]:
    """``base``, and ``base`` with every sampled value of the facts the rule's
    computations read (the witness alone cannot show an overdue wait)."""
    if base is None:
        return
    yield base
    inputs = list(dict.fromkeys(i for a in rule.actions if a.computation
                                for i in a.computation.inputs if i not in base))
    if not inputs:
        return
    choices = [_input_values(specs[i]) for i in inputs]
    for values in itertools.product(*choices):
        extra: dict[str, FactValue] = {}
        for name, value in zip(inputs, values, strict=True):
            if value is not _UNKNOWN:
                extra[name] = value  # type: ignore[assignment]
        yield {**base, **extra}


def _input_values(spec: FactSpec) -> list[object]:
    # The ends of the range and the points where the arithmetic turns: the
    # article defaults, one below the give-up point, and long elapsed times.
    if spec.kind == "choice":
        return [_UNKNOWN, *spec.choices]
    lo = spec.minimum or 0
    hi = spec.maximum if spec.maximum is not None else 10**6
    wanted = (lo, 10_000, hi) if spec.duration else (lo, 12, 99, hi)
    points = sorted({p for p in wanted if lo <= p <= hi})
    return [_UNKNOWN, *([None] if spec.nullable else []), *points]


def _check_conflicts(knowledge: Knowledge, space: _Space, advise: Advise,
                     witnesses: list[dict[str, FactValue]]) -> set[Finding]:
    found: set[Finding] = set()
    for conflict in knowledge.conflicts:
        a, b = conflict.actions
        for ra in _concluding(knowledge, [a]):
            for rb in _concluding(knowledge, [b]):
                cases = _with_inputs(knowledge.vocabulary, ra, space.witness([ra, rb]))
                for facts in itertools.islice(cases, _CONFLICT_CASES):
                    witnesses.append(facts)
                    ids = {x.id for x in advise(facts).actions}
                    if a in ids and b in ids:
                        found.add(Finding(str(conflict.source), conflict.line or 1,
                                          f"{ra.id}+{rb.id}",
                                          f"gives both {a} and {b}, declared as conflicting "
                                          f"({conflict.why}), for {_show(facts)}"))
                        break
    return found


def _check_advice(knowledge: Knowledge, facts: Mapping[str, FactValue],
                  advice: Advice) -> set[Finding]:
    """The constraints checked on one real advice."""
    found: set[Finding] = set()
    ids = {a.id for a in advice.actions}
    for never in knowledge.never:
        if not all(_holds(c, facts) for c in never.when):
            continue
        bad = ids & _forbidden(knowledge, never)
        bad |= {d.id for d in advice.diagnoses
                if d.certainty == "confirmed" and d.id in never.confirmed}
        wait = _bad_wait(advice, never.waits) if never.waits else None
        if bad or wait:
            found.add(_at(never, f"violated by {', '.join(sorted(bad)) or wait} "
                                 f"for {_show(facts)}"))
    for conflict in knowledge.conflicts:
        if set(conflict.actions) <= ids:
            found.add(Finding(str(conflict.source), conflict.line or 1, "conflicts",
                              f"{' and '.join(conflict.actions)} together for {_show(facts)}"))
    cited = {a for d in advice.diagnoses if d.certainty == "confirmed" for a in d.articles}
    cited |= {a for x in advice.actions for a in x.articles}
    rows = {s.article for s in advice.status}
    for article in sorted(cited - rows):
        found.add(Finding("advice", 1, article, f"is cited without a status row for "
                                                f"{_show(facts)}"))
    return found


def _holds(c: Condition, facts: Mapping[str, FactValue]) -> bool:
    if c.unknown:
        return c.fact not in facts
    return c.fact in facts and c.matches(facts[c.fact])


def _show(facts: Mapping[str, FactValue]) -> str:
    return "{" + ", ".join(f"{k}: {v!r}" for k, v in facts.items()) + "}"
