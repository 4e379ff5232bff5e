"""The Rete evaluator: the one door to durable-rules.

durable-rules 2.0.28 is a C Rete core with sharp edges (see the engine notes in
the project's shared domain folder). This module is the only code that imports
it, and it keeps to the pattern measured safe there:

* no ``Host`` at all: its background dispatcher threads race the C core and
  crash it, and its Python action layer is most of the cost of an inference.
  Rulesets are created, and their actions started and completed, through the C
  core directly, in the calling thread; ``durable.lang`` is never imported;
* **one new session per inference** (per shard), with an ASCII id of ours,
  deleted as soon as the end rule has run, so at most one session is live.
  Facts are never retracted: retracting a fact that shares a join frame with
  another walks past the frame's 16-entry message array
  (``deleteMessageFromFrame``), which valgrind reports and which corrupted the
  heap in our test runs;
* an end rule that fires on every inference, so that an inference that did not
  complete is detected and ``delete_state`` is only called on a session where an
  action completed (on any other it frees uninitialised pointers);
* typed value slots (``s`` text, ``b`` yes/no, ``n`` number, ``z`` absent,
  ``u`` unknown), because the engine's equality coerces ``1 == "1" == True``;
* no negation: an ``unless`` test compiles to the positive test "the value is
  one that does not block, or unknown", so fact order cannot matter;
* a random salt (``x``) in every fact of an inference: the engine identifies a
  fact by a hash of its content cut to 32 bits, so two facts of one inference
  can collide (``use_forced_disconnect`` = 381056985 did, with the id scheme
  before the salt); with the salt a collision cannot repeat on the retry;
* rules packed into as many rulesets ("shards") as the engine's limits need,
  and compiled as :mod:`advisor.inference.ruleset` says;
* one lock per engine, because one inference is several C calls.

When the engine fails (a collision, an error code, an end rule that did not
fire), the session is drained (a fresh end fact, its actions run, then deleted)
so that nothing is left behind, and the inference is retried in a new session
with a new salt. After :data:`RETRIES` failed retries the inference is answered
by the :class:`~advisor.inference.python.PythonEvaluator` over the same rules,
with a logged warning: a valid request never fails because of the engine.
Sessions that could not be drained are counted; a shard with
:data:`MAX_STRANDED` of them is replaced before the engine's 1,024-session cap,
and the sessions its ruleset still held are counted as lost (durable's
``delete_ruleset`` does not free them). :attr:`ReteEvaluator.stats` has the counts.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import durable_rules_engine as _core

from advisor.errors import EngineError
from advisor.facts import VOCABULARY, FactSpec, FactValue
from advisor.inference.protocol import CompiledRule, Match
from advisor.inference.python import PythonEvaluator, check_known
from advisor.inference.ruleset import END, definition, observation, pack

__all__ = ["MAX_STRANDED", "RETRIES", "EngineStats", "ReteEvaluator"]

log = logging.getLogger(__name__)

#: Sessions that could not be deleted before a shard's ruleset is replaced;
#: the engine allows 1,024 live sessions per ruleset.
MAX_STRANDED = 64
#: Retries of a failed inference in a fresh session before the Python evaluator answers.
RETRIES = 2

_UNKNOWN = object()
_ids = itertools.count(1)


@dataclass
class EngineStats:
    """What the engine went through: ``failures`` (failed attempts), ``retries``
    that succeeded, ``fallbacks`` to the Python evaluator, ``stranded``
    sessions (undeletable, still held), ``renewals`` of a shard's ruleset and
    sessions ``lost`` with a replaced ruleset."""

    inferences: int = 0
    failures: int = 0
    retries: int = 0
    fallbacks: int = 0
    stranded: int = 0
    renewals: int = 0
    lost: int = 0


class _Failure(EngineError):
    """One attempt failed (internal: the evaluator retries or falls back, so it
    never reaches a caller); the message says how."""


class _Shard:
    """One ruleset, and a new session for each inference."""

    def __init__(self, rules: Sequence[tuple[int, CompiledRule]],
                 vocabulary: Mapping[str, FactSpec]) -> None:
        self.name = f"advisor{next(_ids)}x{secrets.randbits(16):x}"
        self.rules = rules
        self.vocabulary = vocabulary
        self.facts = sorted({c.fact for _, r in rules for c in r.when + r.unless})
        try:
            self.handle = _core.create_ruleset(self.name, json.dumps(definition(rules, vocabulary)))
        except Exception as exc:  # noqa: BLE001 - durable raises bare "error code: N"
            raise EngineError(f"the rule engine refused the rules: {exc}") from None
        self.sessions = itertools.count(1)
        self.stranded: list[str] = []
        self.texts: dict[tuple[str, type, object], str] = {}

    def batch(self, head: str, values: Mapping[str, FactValue]) -> str:
        parts = []
        for name in self.facts:
            value = values.get(name, _UNKNOWN)
            # The type is part of the key: True == 1 and hash(True) == hash(1).
            key = (name, type(value), value)
            part = self.texts.get(key)
            if part is None:
                # One JSON text per (fact, value), kept without the session id
                # and salt: json.dumps of the whole batch on every inference
                # cost as much as the engine's own work. Bounded: a shard's
                # facts times the values seen, and numbers are many.
                if len(self.texts) >= 4096:
                    self.texts.pop(next(iter(self.texts)))
                part = self.texts[key] = json.dumps(
                    observation(name, values), allow_nan=False).removeprefix("{")
            parts.append(head + part)
        # The end fact goes last, so the end rule fires after the batch is in.
        parts.append(head + f'"k": "{END}"}}')
        return "[" + ",".join(parts) + "]"

    def run(self, values: Mapping[str, FactValue]) -> list[str]:
        """Assert the facts in a new session, collect the rules that fired and
        delete the session. Raises :class:`_Failure` (after draining the
        session) when the engine did not finish."""
        sid = f"i{next(self.sessions)}"
        head = f'{{"sid": "{sid}", "x": {secrets.randbits(62)}, '
        try:
            code, offset = _core.assert_facts(self.handle, self.batch(head, values))
            fired = self._actions(offset)
        except Exception as exc:  # noqa: BLE001 - the C core raises bare errors
            self._drain(sid)
            raise _Failure(f"the rule engine failed: {exc}") from None
        ended = bool(fired) and fired[-1] == "end"
        # Code 1 (a fact no rule looks at) is information. Code 2, a fact "seen
        # before", means two facts' content hashes collided: the second was
        # dropped, so the answer is incomplete.
        if code == 2 or not ended:
            if ended:
                self._delete(sid)
            else:
                self._drain(sid)
            raise _Failure("two facts of one inference had the same content hash"
                           if code == 2 else "the end rule did not fire")
        # Safe: an action (the end rule's) has completed in this session.
        self._delete(sid)
        return fired

    def _actions(self, offset: int) -> list[str]:
        # The actions run here, synchronously, through the C core: completing
        # an action is all one needs, and only the rule's name is read from
        # its message: '{"r12":{...' (or '{"end":...').
        fired: list[str] = []
        result = _core.start_action_for_state(self.handle, offset)
        messages = result[1] if result else None
        while messages:
            fired.append(messages[2:messages.index('"', 2)])
            messages = _core.complete_and_start_action(self.handle, offset)
        return fired

    def _drain(self, sid: str) -> None:
        """Make a failed session deletable and delete it: a fresh end fact, the
        actions run to completion (any queued ones too), then ``delete_state``."""
        try:
            end = f'{{"sid": "{sid}", "x": {secrets.randbits(62)}, "k": "{END}"}}'
            _, offset = _core.assert_fact(self.handle, end)
            ended = "end" in self._actions(offset)
        except Exception:  # noqa: BLE001 - whatever failed, the session stays
            ended = False
        if ended:
            self._delete(sid)
        else:
            # delete_state on a session where no action completed frees
            # uninitialised pointers: such a session is kept, and counted.
            self.stranded.append(sid)

    def _delete(self, sid: str) -> None:
        try:
            _core.delete_state(self.handle, sid)
        except Exception:  # noqa: BLE001 - a session not deleted is still live
            self.stranded.append(sid)

    def close(self) -> int:
        """Delete the ruleset; returns how many live sessions that loses."""
        with contextlib.suppress(Exception):  # closing is best effort
            _core.delete_ruleset(self.handle)
        return len(self.stranded)


class ReteEvaluator:
    """Rules compiled into durable-rules' Rete network, and a safe way to run them.

    ``ReteEvaluator(rules)`` compiles; :meth:`infer` takes the known facts and
    returns one :class:`Match` per rule that is not ruled out. A fact a rule
    tests but that is not given counts as unknown. One evaluator may be shared
    by threads: inferences take turns (the C core holds the GIL anyway; use
    processes for more throughput).
    """

    name = "rete"

    def __init__(self, rules: Iterable[CompiledRule],
                 vocabulary: Mapping[str, FactSpec] = VOCABULARY) -> None:
        self._rules = tuple(rules)
        self._vocabulary = vocabulary
        self._facts = [tuple(c.fact for c in r.when + r.unless) for r in self._rules]
        self._lock = threading.Lock()
        self._fallback: PythonEvaluator | None = None
        self.stats = EngineStats()
        self._shards = [_Shard(shard, vocabulary) for shard in pack(list(enumerate(self._rules)))]

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        """The compiled rules, in the order their matches refer to."""
        return self._rules

    @property
    def shards(self) -> int:
        """How many rulesets the rules were packed into."""
        return len(self._shards)

    def infer(self, known: Mapping[str, FactValue]) -> list[Match]:
        """Run every rule against ``known`` (the known facts, by name).

        Returns the matches in rule order. Raises :class:`EngineError` for a
        fact or value outside the vocabulary, or once :meth:`close` was called.
        """
        check_known(known, self._vocabulary)
        with self._lock:
            if not self._shards:
                raise EngineError("the engine is closed")
            self.stats.inferences += 1
            matches: list[Match] = []
            for n in range(len(self._shards)):
                fired = self._run(n, known)
                if fired is None:
                    return self._fall_back(known)
                matches += [self._match(name, known) for name in fired[:-1]]
        matches.sort(key=lambda m: m.rule)
        return matches

    def _run(self, n: int, known: Mapping[str, FactValue]) -> list[str] | None:
        failure: _Failure | None = None
        for _attempt in range(RETRIES + 1):
            try:
                fired = self._shards[n].run(known)
            except _Failure as exc:
                failure = exc
                self.stats.failures += 1
                if len(self._shards[n].stranded) >= MAX_STRANDED:
                    self._renew(n)
                self.stats.stranded = sum(len(s.stranded) for s in self._shards)
                continue
            if failure is not None:
                self.stats.retries += 1
                log.info("the rule engine failed (%s); a retry succeeded", failure)
            return fired
        # Said once, then every thousandth time: a ruleset that fails on some
        # facts fails on every request with them.
        level = logging.WARNING if self.stats.fallbacks % 1000 == 0 else logging.DEBUG
        log.log(level, "the rule engine failed %d times on one inference (last: %s); the "
                "Python evaluator answered it (%d so far)", RETRIES + 1, failure,
                self.stats.fallbacks + 1)
        return None

    def _renew(self, n: int) -> None:
        # Close to the engine's session cap: a new ruleset for these rules.
        old = self._shards[n]
        self._shards[n] = _Shard(old.rules, self._vocabulary)
        lost = old.close()
        self.stats.renewals += 1
        if lost:
            self.stats.lost += lost
            log.warning("replaced a ruleset that still held %d undeletable sessions; "
                        "their memory stays allocated until the process ends", lost)

    def _fall_back(self, known: Mapping[str, FactValue]) -> list[Match]:
        self.stats.fallbacks += 1
        if self._fallback is None:
            self._fallback = PythonEvaluator(self._rules, self._vocabulary)
        return self._fallback.infer(known)

    def _match(self, name: str, known: Mapping[str, FactValue]) -> Match:
        try:
            number = int(name[1:])
            facts = self._facts[number]
        except (ValueError, IndexError):
            raise EngineError(f"the engine fired an unknown rule {name!r}") from None
        # A known value never matches the unknown slot, so the tests that matched
        # as unknown are exactly the rule's facts that were not given.
        return Match(number, frozenset(f for f in facts if f not in known))

    def close(self) -> None:
        """Free the rulesets. The evaluator cannot be used afterwards."""
        with self._lock:
            for shard in self._shards:
                self.stats.lost += shard.close()
            self._shards = []
