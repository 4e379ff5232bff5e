"""The fact vocabulary of a knowledge base, read from its files with line numbers.

``rules/facts.yaml`` declares the facts several packs share and each pack may
declare the facts it introduces in a ``facts:`` section (the format is in
``rules/README.md``). :func:`load_vocabulary` reads them all, reports every bad
entry with its file and line, and builds the facts model: the bundled
:class:`~advisor.facts.Facts` when the declarations are the bundled ones, a new
model otherwise, so a pack with a new fact needs no Python.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from advisor.errors import KnowledgeError, RulePackError
from advisor.facts import VOCABULARY, FactDecl, Facts, FactsBase, FactSpec, build_model
from advisor.knowledge.yamldoc import YamlDoc

__all__ = ["load_vocabulary", "read_declarations"]


def load_vocabulary(sources: Iterable[tuple[YamlDoc, str | None]]
                    ) -> tuple[Mapping[str, FactSpec], type[FactsBase]]:
    """The vocabulary declared in ``sources`` and its facts model."""
    specs = read_declarations(sources)
    if specs == dict(VOCABULARY):
        return VOCABULARY, Facts
    vocabulary = types.MappingProxyType(specs)
    return vocabulary, build_model(vocabulary, "Facts")


def read_declarations(sources: Iterable[tuple[YamlDoc, str | None]]) -> dict[str, FactSpec]:
    """The specs declared in each document's ``facts:`` list, in order.

    ``sources`` pairs each parsed file with the article it belongs to (``None``
    for ``rules/facts.yaml``). Raises :class:`~advisor.errors.RulePackError`
    listing every bad entry and every name declared twice, with file and line.
    """
    specs: dict[str, FactSpec] = {}
    where: dict[str, str] = {}
    problems: list[KnowledgeError] = []
    for doc, article in sources:
        data = doc.data
        entries = data.get("facts", []) if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(KnowledgeError("facts: must be a list of facts", path=doc.path,
                                           line=doc.line_of(("facts",))))
            continue
        for i, raw in enumerate(entries):
            loc: tuple[str | int, ...] = ("facts", i)
            try:
                decl = FactDecl.model_validate(raw)
            except ValidationError as exc:
                name = raw.get("name") if isinstance(raw, dict) else None
                for err in exc.errors(include_url=False):
                    at = loc + tuple(p for p in err["loc"] if isinstance(p, str | int))
                    field = ".".join(str(p) for p in err["loc"]) or "entry"
                    owner = f"fact {name!r}: " if isinstance(name, str) else ""
                    problems.append(KnowledgeError(f"{owner}{field}: {err['msg']}",
                                                   path=doc.path, line=doc.line_of(at)))
                continue
            if decl.name in specs:
                problems.append(KnowledgeError(
                    f"fact {decl.name!r} is already declared in {where[decl.name]}",
                    path=doc.path, line=doc.line_of(loc)))
                continue
            specs[decl.name] = decl.spec(article)
            where[decl.name] = f"{doc.path.name}:{doc.line_of(loc)}"
    if problems:
        raise RulePackError(problems)
    return specs
