"""Resolving what the packs declare about themselves: ``never`` constraints,
``conflicts`` between actions and ``tests`` (scenario tests kept in the pack).

The constraints are proved by ``advisor rules verify`` and the tests run by
``advisor rules test`` (both in :mod:`advisor.advice`); here they are only
checked against the vocabulary and the ids they name, with file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from advisor.errors import FactsError
from advisor.facts import FactsBase, FactSpec
from advisor.knowledge.conditions import Condition
from advisor.knowledge.model import Citation, Conflict, Knowledge, Never, PackTest
from advisor.knowledge.schema import PackSpec
from advisor.knowledge.yamldoc import YamlDoc


class _Resolver(Protocol):
    """What the pack resolver offers these checks."""

    packs: list[tuple[PackSpec, YamlDoc]]
    vocabulary: Mapping[str, FactSpec]

    def fail(self, doc: YamlDoc, loc: tuple[str | int, ...], message: str) -> None: ...

    def unique(self, kind: str, ident: str, doc: YamlDoc,
               loc: tuple[str | int, ...]) -> None: ...

    def cite(self, pack: PackSpec, doc: YamlDoc, loc: tuple[str | int, ...],
             text: str) -> Citation | None: ...

    def conditions(self, doc: YamlDoc, loc: tuple[str | int, ...], part: str,
                   tests: Mapping[str, object]) -> tuple[Condition, ...]: ...

__all__ = ["resolve_checks"]


def resolve_checks(resolver: _Resolver, knowledge: Knowledge, model: type[FactsBase]
                   ) -> tuple[tuple[Never, ...], tuple[Conflict, ...], tuple[PackTest, ...]]:
    """The packs' constraints, conflicts and tests, resolved; problems go to
    ``resolver.problems``."""
    never: list[Never] = []
    conflicts: list[Conflict] = []
    tests: list[PackTest] = []
    ids = {"action": set(knowledge.actions), "diagnosis": set(knowledge.diagnoses)}
    for pack, doc in resolver.packs:
        for i, spec in enumerate(pack.never):
            loc: tuple[str | int, ...] = ("never", i)
            resolver.unique("constraint", spec.id, doc, loc + ("id",))
            citation = resolver.cite(pack, doc, loc + ("cites",), spec.cites)
            when = resolver.conditions(doc, loc, "when", spec.when)
            for part, kind in (("actions", "action"), ("confirmed", "diagnosis")):
                for j, ident in enumerate(getattr(spec, part)):
                    if ident not in ids[kind]:
                        resolver.fail(doc, loc + (part, j), f"no {kind} {ident!r}")
            if citation is not None:
                never.append(Never(spec.id, pack.article, citation, when,
                                   frozenset(spec.actions), frozenset(spec.kinds),
                                   frozenset(spec.confirmed), spec.waits, doc.path,
                                   doc.line_of(loc)))
        for i, c in enumerate(pack.conflicts):
            loc = ("conflicts", i)
            for j, ident in enumerate(c.actions):
                if ident not in ids["action"]:
                    resolver.fail(doc, loc + ("actions", j), f"no action {ident!r}")
            conflicts.append(Conflict((c.actions[0], c.actions[1]), " ".join(c.why.split()),
                                      doc.path, doc.line_of(loc)))
        for i, t in enumerate(pack.tests):
            loc = ("tests", i)
            try:
                facts = model.parse(t.facts).known()
            except FactsError as exc:
                resolver.fail(doc, loc + ("facts",), f"test {t.name!r}: {exc}")
                continue
            expect = t.expect
            named = [("diagnosis", d) for d in [*expect.confirmed, *expect.possible,
                                                *expect.no_diagnoses]]
            named += [("action", a) for a in [*expect.actions, *expect.no_actions]]
            for kind, ident in named:
                if ident not in ids[kind]:
                    resolver.fail(doc, loc + ("expect",), f"test {t.name!r}: no {kind} "
                                                          f"{ident!r}")
            for fact in [*expect.asks, *expect.no_asks]:
                if fact not in resolver.vocabulary:
                    resolver.fail(doc, loc + ("expect",), f"test {t.name!r}: no fact {fact!r}")
            for article in [*expect.status, *expect.no_status]:
                if article not in knowledge.statuses:
                    resolver.fail(doc, loc + ("expect", "status"),
                                  f"test {t.name!r}: {article} has no status")
            tests.append(PackTest(t.name, pack.article, facts, expect, doc.path,
                                  doc.line_of(loc)))
    return tuple(never), tuple(conflicts), tuple(tests)
