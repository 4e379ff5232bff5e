"""The one door to durable-rules: compile rules to Rete rulesets and run them safely.

durable-rules 2.0.28 is a C Rete core with sharp edges (see the engine notes in
the project's shared domain folder). This module is the only code that imports
it, and it keeps to the pattern measured safe there:

* no ``Host`` at all: its background dispatcher threads race the C core and
  crash it, and its Python action layer (closures, promises, a state round trip
  per action) is most of the cost of an inference. Rulesets are created and
  their actions started and completed through the C core directly, in the
  calling thread; ``durable.lang`` (a module-global host) is never imported;
* a new session per inference, with an ASCII id of ours, deleted as soon as its
  actions have run, so at most one session is ever live. Reusing one session
  and retracting the facts, as the notes suggest, is *not* safe: retracting a
  fact that shares a join frame with another walks past the frame's 16-entry
  message array (``deleteMessageFromFrame`` counts the slots it has just
  cleared), which valgrind reports as reads of uninitialised memory and which
  corrupted the heap in our test runs (a crash in the garbage collector, once
  in about ten runs). New sessions are valgrind-clean;
* an end rule that fires on every inference, so that an inference that did not
  complete is detected and ``delete_state`` is only ever called on a session
  where an action completed (on any other it frees uninitialised pointers);
* typed value slots (``s`` text, ``b`` yes/no, ``n`` number, ``z`` absent,
  ``u`` unknown), because the engine's equality coerces ``1 == "1" == True``;
* no negation at all: an ``unless`` test compiles to the positive test "the
  value is one that does not block, or unknown", so fact order cannot matter;
* rules packed into as many rulesets ("shards") as the engine's limits need:
  at most 4,095 rules per ruleset, 256 rules on one distinct condition, 128
  distinct ``$or`` tests under one fact and a 64-entry evaluation stack (error
  codes 106, 108, 107 and 303), kept with a margin by :func:`_pack`;
* one lock per engine, because one inference is several C calls.

Every exception from durable-rules is turned into
:class:`~advisor.errors.EngineError`.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import durable_rules_engine as _core

from advisor.errors import EngineError
from advisor.facts import VOCABULARY, FactValue
from advisor.inference.protocol import CompiledRule, Match
from advisor.knowledge import Condition

__all__ = ["SHARD_SIZE", "Engine"]

#: Most rules in one ruleset (the engine's limit is 4,095).
SHARD_SIZE = 2000
#: Most rules sharing one compiled test in one ruleset (engine limit: 256).
_MAX_SHARED = 200
#: Most distinct ``$or`` tests on one fact in one ruleset. The engine refuses
#: more than 128 (error 107), and when a fact passes a node it pushes every
#: ``$or`` child onto a 64-entry stack (error 303 at assert time).
_MAX_ALTERNATIVES = 40

_END = "__end__"
#: Sessions left undeleted (after failures) before a shard's ruleset is renewed;
#: the engine allows 1,024 live sessions per ruleset.
_MAX_STRANDED = 100
_UNKNOWN = object()
_ids = itertools.count(1)


class _Shard:
    """One ruleset, and a counter for the sessions it runs (one per inference)."""

    def __init__(self, rules: Sequence[tuple[int, CompiledRule]]) -> None:
        self.name = f"advisor{next(_ids)}x{id(self) & 0xFFFF:x}"
        self.rules = rules
        definition: dict[str, Any] = {}
        for number, rule in rules:
            patterns = [{f"c{i}": _when(c)} for i, c in enumerate(rule.when)]
            patterns += [{f"c{len(rule.when) + i}": _unless(c)}
                         for i, c in enumerate(rule.unless)]
            definition[f"r{number}"] = {"all": patterns, "dist": 0}
        definition["end"] = {"all": [{"e": {"k": _END}}], "dist": 0}
        self.facts = sorted({c.fact for _, r in rules for c in r.when + r.unless})
        try:
            self.handle = _core.create_ruleset(self.name, json.dumps(definition))
        except Exception as exc:  # noqa: BLE001 - durable raises bare "error code: N"
            raise EngineError(f"the rule engine refused the rules: {exc}") from None
        self.sessions = itertools.count(1)
        self.stranded = 0
        self.texts: dict[tuple[str, type, object], str] = {}

    def batch(self, sid: str, values: Mapping[str, FactValue]) -> str:
        head = f'{{"sid": "{sid}", '
        parts = []
        for name in self.facts:
            value = values.get(name, _UNKNOWN)
            # The type is part of the key: True == 1 and hash(True) == hash(1).
            key = (name, type(value), value)
            part = self.texts.get(key)
            if part is None:
                if len(self.texts) > 4096:
                    self.texts.clear()
                # One JSON text per (fact, value), kept without its session id:
                # json.dumps of the whole batch on every inference cost as much
                # as the engine's own work.
                part = self.texts[key] = json.dumps(
                    _observation(name, values), allow_nan=False).removeprefix("{")
            parts.append(head + part)
        # The end fact goes last, so the end rule fires after the batch is in.
        parts.append(head + f'"k": "{_END}"}}')
        return "[" + ",".join(parts) + "]"

    def run(self, values: Mapping[str, FactValue]) -> list[str]:
        """Assert the facts in a new session, collect every action's match, and
        delete the session."""
        sid = f"i{next(self.sessions)}"
        fired = self._call(_core.assert_facts, self.batch(sid, values))
        if fired and fired[-1] == "end":
            # Safe: an action (the end rule's) has completed in this session.
            _core.delete_state(self.handle, sid)
        else:
            # delete_state on a session where no action completed frees
            # uninitialised pointers, so such a session is left alone. Each one
            # counts towards the engine's 1,024 live sessions per ruleset.
            self.stranded += 1
        return fired

    def _call(self, function: Callable[[int, str], Any], text: str) -> list[str]:
        code, offset = function(self.handle, text)
        # Code 1 (a fact no rule looks at) is information. Code 2 (a fact seen
        # before) cannot happen in a new session.
        if code == 2:
            raise EngineError("the engine saw a fact twice in one inference")
        # The actions run here, synchronously: durable's Python layer would run
        # them through Closure/Promise objects and a state round trip per action,
        # and its Host would poll from background threads. Completing each
        # action in the C core is all an action needs.
        fired: list[str] = []
        result = _core.start_action_for_state(self.handle, offset)
        messages = result[1] if result else None
        while messages:
            # Only the rule's name is read: '{"r12":{...' (or '{"end":...').
            fired.append(messages[2:messages.index('"', 2)])
            messages = _core.complete_and_start_action(self.handle, offset)
        return fired

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing is best effort
            _core.delete_ruleset(self.handle)


class Engine:
    """Rules compiled into durable-rules, and a safe way to run them.

    ``Engine(rules)`` compiles; :meth:`infer` takes the known facts and returns
    one :class:`Match` per rule that is not ruled out. A fact a rule tests but
    that is not given counts as unknown. One engine may be shared by threads:
    inferences take turns (the C core holds the GIL anyway; use processes for
    more throughput).
    """

    name = "rete"

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        self._rules = tuple(rules)
        self._facts = [tuple(c.fact for c in r.when + r.unless) for r in self._rules]
        self._lock = threading.Lock()
        self._shards = [_Shard(shard) for shard in _pack(list(enumerate(self._rules)))]

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        """The compiled rules, in the order their matches refer to."""
        return self._rules

    def infer(self, values: Mapping[str, FactValue]) -> list[Match]:
        """Run every rule against ``values`` (the known facts, by name).

        Returns the matches in rule order. Raises :class:`EngineError` if the
        engine fails; the engine stays usable afterwards.
        """
        _check_values(values)
        matches: list[Match] = []
        with self._lock:
            if not self._shards:
                raise EngineError("the engine is closed")
            for n, shard in enumerate(self._shards):
                try:
                    fired = shard.run(values)
                except EngineError:
                    raise
                except Exception as exc:  # noqa: BLE001 - the C core raises bare errors
                    raise EngineError(f"the rule engine failed: {exc}") from None
                finally:
                    if shard.stranded > _MAX_STRANDED:
                        # Too close to the engine's session limit: a new ruleset.
                        self._shards[n] = _Shard(shard.rules)
                        shard.close()
                if not fired or fired[-1] != "end":
                    raise EngineError("the rule engine did not finish the inference")
                for name in fired[:-1]:
                    matches.append(self._match(name, values))
        matches.sort(key=lambda m: m.rule)
        return matches

    def _match(self, name: str, values: Mapping[str, FactValue]) -> Match:
        try:
            number = int(name[1:])
            facts = self._facts[number]
        except (ValueError, IndexError):
            raise EngineError(f"the engine fired an unknown rule {name!r}") from None
        # A known value never matches the unknown slot, so the tests that matched
        # as unknown are exactly the rule's facts that were not given.
        return Match(number, frozenset(f for f in facts if f not in values))

    def close(self) -> None:
        """Free the engine's rulesets. The engine cannot be used afterwards."""
        with self._lock:
            for shard in self._shards:
                shard.close()
            self._shards = []


def _pack(rules: list[tuple[int, CompiledRule]]) -> list[list[tuple[int, CompiledRule]]]:
    """Split rules into shards that each stay within the engine's limits."""
    shards: list[list[tuple[int, CompiledRule]]] = []
    users: list[dict[str, int]] = []  # per shard: compiled test -> rules using it
    alternatives: list[dict[str, set[str]]] = []  # per shard: fact -> its $or tests
    for item in rules:
        rule = item[1]
        tests = [(c.fact, json.dumps(p, sort_keys=True)) for c, p in
                 [(c, _when(c)) for c in rule.when] + [(c, _unless(c)) for c in rule.unless]]
        for n, shard in enumerate(shards):
            fits = len(shard) < SHARD_SIZE and all(
                users[n].get(text, 0) < _MAX_SHARED and (
                    '"$or"' not in text or text in alternatives[n].get(fact, ()) or
                    len(alternatives[n].get(fact, ())) < _MAX_ALTERNATIVES)
                for fact, text in tests)
            if fits:
                break
        else:
            shards.append([])
            users.append({})
            alternatives.append({})
            n = len(shards) - 1
        shards[n].append(item)
        for fact, text in tests:
            users[n][text] = users[n].get(text, 0) + 1
            if '"$or"' in text:
                alternatives[n].setdefault(fact, set()).add(text)
    return shards or [[]]


def _alternatives(cond: Condition) -> list[dict[str, Any]]:
    spec = VOCABULARY[cond.fact]
    out: list[dict[str, Any]] = []
    for value in sorted(cond.values, key=repr):
        if isinstance(value, bool):
            out.append({"b": "t" if value else "f"})
        elif isinstance(value, str):
            out.append({"s": value})
    for r in cond.ranges:
        if r.lo == r.hi:
            out.append({"n": r.lo})
        else:
            bounds: list[dict[str, Any]] = []
            if spec.minimum is None or r.lo > spec.minimum:
                bounds.append({"$gte": {"n": r.lo}})
            if spec.maximum is None or r.hi < spec.maximum:
                bounds.append({"$lte": {"n": r.hi}})
            # A full range still has to require a number: $ex tells "n" present.
            out.append({"$and": bounds} if len(bounds) > 1 else
                       bounds[0] if bounds else {"$ex": {"n": 1}})
    if cond.null:
        out.append({"z": 1})
    return out


def _pattern(fact: str, alternatives: list[dict[str, Any]]) -> dict[str, Any]:
    either = alternatives + [{"u": 1}]
    return {"$and": [{"k": fact}, {"$or": either} if len(either) > 1 else either[0]]}


def _when(cond: Condition) -> dict[str, Any]:
    if cond.unknown:
        return {"$and": [{"k": cond.fact}, {"u": 1}]}
    return _pattern(cond.fact, _alternatives(cond))


def _unless(cond: Condition) -> dict[str, Any]:
    return _pattern(cond.fact, _alternatives(cond.complement(VOCABULARY[cond.fact])))


def _observation(name: str, values: Mapping[str, FactValue]) -> dict[str, Any]:
    if name not in values:
        return {"k": name, "u": 1}
    value = values[name]
    if value is None:
        return {"k": name, "z": 1}
    if isinstance(value, bool):
        return {"k": name, "b": "t" if value else "f"}
    if isinstance(value, int):
        return {"k": name, "n": value}
    return {"k": name, "s": value}


def _check_values(values: Mapping[str, FactValue]) -> None:
    # The engine misreads some values silently (integers past 2**63, strings
    # past 64 KiB, non-finite numbers); the Facts model rules them out, and
    # this guards direct callers.
    for name, value in values.items():
        if name not in VOCABULARY:
            raise EngineError(f"unknown fact {name!r}")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            if not -(2**63) <= value < 2**63:
                raise EngineError(f"{name}: number out of range")
        elif not isinstance(value, str) or len(value) > 65536:
            raise EngineError(f"{name}: unsupported value {value!r:.40}")
