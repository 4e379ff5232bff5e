"""Linking rule packs to the articles and the fact vocabulary.

:func:`resolve` checks everything that spans packs and articles (cited articles
and sections exist, facts and their values exist, ids are unique, every
reference resolves, nothing declared goes unused) and turns the packs into the
immutable objects of :mod:`advisor.knowledge.model`. It collects every problem, each
with its file, line and rule, before it raises.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from pathlib import Path

from advisor.articles import Article
from advisor.errors import ConditionError, KnowledgeError, RulePackError
from advisor.facts import VOCABULARY
from advisor.knowledge.conditions import Condition, parse_test
from advisor.knowledge.model import (
    Action,
    Citation,
    Computation,
    Diagnosis,
    Knowledge,
    Rule,
    Status,
)
from advisor.knowledge.schema import (
    ActionSpec,
    Add,
    ComputationSpec,
    Expr,
    FactRef,
    Mul,
    PackSpec,
    StatusSpec,
    TableRef,
)
from advisor.knowledge.yamldoc import YamlDoc
from advisor.suggestions import did_you_mean

__all__ = ["resolve"]


def resolve(articles: Mapping[str, Article], packs: list[tuple[PackSpec, YamlDoc]],
            sources: tuple[Path, ...]) -> Knowledge:
    """Check ``packs`` against ``articles`` and the vocabulary and link them into
    :class:`~advisor.knowledge.model.Knowledge`; raises
    :class:`~advisor.errors.RulePackError` listing every problem."""
    return _Resolver(articles, packs).resolve(sources)


class _Resolver:
    """Checks what spans packs and resolves references, collecting every problem."""

    def __init__(self, articles: Mapping[str, Article],
                 packs: list[tuple[PackSpec, YamlDoc]]) -> None:
        self.articles = articles
        self.packs = packs
        self.problems: list[KnowledgeError] = []
        self._seen: dict[tuple[str, str], tuple[Path, int | None]] = {}
        # Set while a rule is resolved, so that its problems name it.
        self._rule: str | None = None

    def fail(self, doc: YamlDoc, loc: tuple[str | int, ...], message: str) -> None:
        if self._rule is not None:
            message = f"rule {self._rule!r}: {message}"
        self.problems.append(KnowledgeError(message, path=doc.path, line=doc.line_of(loc)))

    def unique(self, kind: str, ident: str, doc: YamlDoc, loc: tuple[str | int, ...]) -> None:
        key = (kind, ident)
        if key in self._seen:
            first, line = self._seen[key]
            self.fail(doc, loc, f"{kind} {ident!r} is declared twice (also at {first}:{line})")
        else:
            self._seen[key] = (doc.path, doc.line_of(loc))

    def cite(self, pack: PackSpec, doc: YamlDoc, loc: tuple[str | int, ...],
             text: str) -> Citation | None:
        article_id, sep, section = text.partition(":")
        if not sep or not article_id.startswith("Q"):
            article_id, section = pack.article, text
        article = self.articles.get(article_id)
        if article is None:
            self.fail(doc, loc, f"cites {article_id}, which is not in the knowledge base")
            return None
        found = article.section(section.strip())
        if found is None:
            close = did_you_mean(section, article.section_refs, cutoff=0.5)
            hint = f" ({close})" if close else ""
            self.fail(doc, loc, f"{article_id} has no section {section!r}{hint}")
            return None
        return Citation(article_id, found.ref)

    def cites(self, pack: PackSpec, doc: YamlDoc, loc: tuple[str | int, ...],
              texts: list[str]) -> tuple[Citation, ...]:
        found = [self.cite(pack, doc, loc + (i,), t) for i, t in enumerate(texts)]
        return tuple(c for c in found if c is not None)

    def resolve(self, sources: tuple[Path, ...]) -> Knowledge:
        packs = self.packs
        for pack, doc in packs:
            if pack.article not in self.articles:
                self.fail(doc, ("article",), f"article {pack.article} is not in kb/")
        statuses = {pack.article: st for pack, doc in packs
                    if pack.status and (st := self.status(pack, doc, pack.status))}
        computations = {c.id: comp for pack, doc in packs
                        for i, c in enumerate(pack.computations)
                        if (comp := self.computation(pack, doc, i, c))}
        actions = {a.id: act for pack, doc in packs for i, a in enumerate(pack.actions)
                   if (act := self.action(pack, doc, i, a, computations))}
        for pack, doc in packs:
            for i, spec in enumerate(pack.actions):
                for j, ident in enumerate(spec.follow_up):
                    if ident not in actions and ("action", ident) not in self._seen:
                        self.fail(doc, ("actions", i, "follow_up", j),
                                  _missing("action", ident, actions))
        diagnoses: dict[str, Diagnosis] = {}
        for pack, doc in packs:
            for i, d in enumerate(pack.diagnoses):
                self.unique("diagnosis", d.id, doc, ("diagnoses", i, "id"))
                diagnoses[d.id] = Diagnosis(d.id, d.title.strip(), " ".join(d.explanation.split()),
                                            self.cites(pack, doc, ("diagnoses", i, "cites"),
                                                       d.cites))
        rules: list[Rule] = []
        for pack, doc in packs:
            for i in range(len(pack.rules)):
                rule = self.rule(pack, doc, i, len(rules), diagnoses, actions, statuses)
                if rule is not None:
                    rules.append(rule)
        # Counted from the rules as written, so that one broken rule does not
        # also report everything it concludes as unused.
        used = {ident for pack, _ in packs for r in pack.rules
                for ident in [r.diagnosis, *r.actions] if ident}
        for pack, doc in packs:
            declared = [("diagnoses", i, d.id) for i, d in enumerate(pack.diagnoses)]
            declared += [("actions", i, a.id) for i, a in enumerate(pack.actions)]
            for kind, i, ident in declared:
                if ident not in used:
                    self.fail(doc, (kind, i, "id"), f"{ident!r} is declared but no rule "
                              "concludes it")
        if self.problems:
            raise RulePackError(self.problems)
        return Knowledge(types.MappingProxyType(dict(self.articles)), tuple(rules),
                         types.MappingProxyType(diagnoses), types.MappingProxyType(actions),
                         types.MappingProxyType(statuses), sources)

    def status(self, pack: PackSpec, doc: YamlDoc, spec: StatusSpec) -> Status | None:
        citation = self.cite(pack, doc, ("status", "section"), spec.section)
        if citation is None:
            return None
        return Status(pack.article, citation, tuple(spec.confirmed_in), spec.fixed_in,
                      spec.solution)

    def computation(self, pack: PackSpec, doc: YamlDoc, i: int,
                    spec: ComputationSpec) -> Computation | None:
        loc: tuple[str | int, ...] = ("computations", i)
        self.unique("computation", spec.id, doc, loc + ("id",))
        inputs: list[str] = []
        ok = self.formula(doc, loc + ("formula",), spec.formula, spec, inputs)
        if spec.elapsed_fact is not None:
            elapsed = VOCABULARY.get(spec.elapsed_fact)
            if elapsed is None or elapsed.kind != "int":
                self.fail(doc, loc + ("elapsed_fact",),
                          f"elapsed_fact must be a number fact, not {spec.elapsed_fact!r}")
                ok = False
            else:
                inputs.append(spec.elapsed_fact)
        citations = self.cites(pack, doc, loc + ("cites",), spec.cites)
        if not ok:
            return None
        return Computation(spec.id, spec.title, spec.unit, citations, spec.formula,
                           types.MappingProxyType({k: types.MappingProxyType(v)
                                                   for k, v in spec.tables.items()}),
                           spec.elapsed_fact, tuple(dict.fromkeys(inputs)))

    def formula(self, doc: YamlDoc, loc: tuple[str | int, ...], expr: Expr,
                spec: ComputationSpec, inputs: list[str]) -> bool:
        if isinstance(expr, int):
            return True
        if isinstance(expr, Add | Mul):
            terms = expr.add if isinstance(expr, Add) else expr.mul
            name = "add" if isinstance(expr, Add) else "mul"
            # Every term is checked (no short circuit) so that all problems show.
            return all([self.formula(doc, loc + (name, j), t, spec, inputs)  # noqa: C419
                        for j, t in enumerate(terms)])
        if isinstance(expr, FactRef):
            fact = VOCABULARY.get(expr.fact)
            if fact is None or fact.kind != "int":
                self.fail(doc, loc, f"{expr.fact!r} is not a number fact")
                return False
            if fact.article_default is None:
                self.fail(doc, loc, f"{expr.fact!r} has no article default to stand in "
                          "when it is unknown")
                return False
            inputs.append(expr.fact)
            return True
        assert isinstance(expr, TableRef)
        table = spec.tables.get(expr.table)
        key = VOCABULARY.get(expr.key)
        if table is None:
            self.fail(doc, loc, f"no table {expr.table!r} in this computation")
            return False
        if key is None or key.kind != "choice":
            self.fail(doc, loc, f"a table key must be a choice fact, not {expr.key!r}")
            return False
        if set(table) != set(key.choices):
            table_loc = loc[:loc.index("formula")] + ("tables", expr.table)
            self.fail(doc, table_loc, f"table {expr.table!r} must have one row for each "
                      f"value of {expr.key}: {', '.join(key.choices)}")
            return False
        inputs.append(expr.key)
        return True

    def action(self, pack: PackSpec, doc: YamlDoc, i: int, spec: ActionSpec,
               computations: Mapping[str, Computation]) -> Action | None:
        loc: tuple[str | int, ...] = ("actions", i)
        self.unique("action", spec.id, doc, loc + ("id",))
        computation = None
        if spec.compute is not None:
            computation = computations.get(spec.compute)
            if computation is None and ("computation", spec.compute) not in self._seen:
                self.fail(doc, loc + ("compute",), f"no computation {spec.compute!r}")
        return Action(spec.id, spec.kind, " ".join(spec.summary.split()),
                      " ".join(spec.detail.split()) if spec.detail else None,
                      self.cites(pack, doc, loc + ("cites",), spec.cites), spec.registry,
                      spec.target_version, computation,
                      spec.order if spec.order is not None else _DEFAULT_ORDER[spec.kind],
                      " ".join(spec.applies_to.split()) if spec.applies_to else None,
                      tuple(spec.follow_up))

    def rule(self, pack: PackSpec, doc: YamlDoc, i: int, index: int,
             diagnoses: Mapping[str, Diagnosis], actions: Mapping[str, Action],
             statuses: Mapping[str, Status]) -> Rule | None:
        spec = pack.rules[i]
        self._rule = spec.id
        try:
            return self._rule_body(pack, doc, i, index, diagnoses, actions, statuses)
        finally:
            self._rule = None

    def _rule_body(self, pack: PackSpec, doc: YamlDoc, i: int, index: int,
                   diagnoses: Mapping[str, Diagnosis], actions: Mapping[str, Action],
                   statuses: Mapping[str, Status]) -> Rule | None:
        spec = pack.rules[i]
        loc: tuple[str | int, ...] = ("rules", i)
        before = len(self.problems)
        self.unique("rule", spec.id, doc, loc + ("id",))
        citation = self.cite(pack, doc, loc + ("cites",), spec.cites)
        when = self.conditions(doc, loc, "when", spec.when)
        unless = self.conditions(doc, loc, "unless", spec.unless)
        diagnosis = None
        if spec.diagnosis is not None:
            diagnosis = diagnoses.get(spec.diagnosis)
            if diagnosis is None:
                self.fail(doc, loc + ("diagnosis",), _missing("diagnosis", spec.diagnosis,
                                                              diagnoses))
        resolved: list[Action] = []
        for j, action_id in enumerate(spec.actions):
            if action_id in actions:
                resolved.append(actions[action_id])
            else:
                self.fail(doc, loc + ("actions", j), _missing("action", action_id, actions))
        status = None
        if spec.status is not None:
            status = statuses.get(spec.status)
            if status is None:
                self.fail(doc, loc + ("status",), f"{spec.status!r} has no status block in "
                          "its pack")
        if len(self.problems) > before or citation is None:
            return None
        return Rule(index, spec.id, pack.article, citation, when, unless, diagnosis,
                    tuple(resolved), status, doc.path, doc.line_of(loc))

    def conditions(self, doc: YamlDoc, loc: tuple[str | int, ...], part: str,
                   tests: Mapping[str, object]) -> tuple[Condition, ...]:
        out: list[Condition] = []
        for name, raw in tests.items():
            where = loc + (part, name)
            fact = VOCABULARY.get(name)
            if fact is None:
                close = did_you_mean(name, VOCABULARY)
                hint = f" ({close})" if close else ""
                self.fail(doc, where, f"{part}: unknown fact {name!r}{hint}")
                continue
            try:
                condition = parse_test(fact, raw)
            except ConditionError as exc:
                self.fail(doc, where, f"{part}.{name}: {exc}")
                continue
            if condition.unknown and part == "unless":
                self.fail(doc, where, f"unless.{name}: {{unknown: true}} belongs in when")
                continue
            out.append(condition)
        return tuple(out)


_DEFAULT_ORDER = {"upgrade": 10, "registry": 10, "manual": 30, "wait": 60, "check": 70}


def _missing(kind: str, ident: str, known: Mapping[str, object]) -> str:
    close = did_you_mean(ident, known)
    hint = f" ({close})" if close else ""
    return f"no {kind} {ident!r}{hint}"
