"""Rule packs: the declarative knowledge of one article, as written in ``rules/``.

A pack is a YAML file named after its article (``rules/Q202063.yaml``). It
declares the article's *diagnoses*, *actions*, *computations* and fix *status*,
and the *rules* that conclude them from facts. Rules hold no code: each names
its conditions (``when``: all must hold; ``unless``: any one blocks it), what it
concludes, and the article section that backs it. ``rules/README.md`` describes
the format for authors.

:func:`load_pack` validates one file against the schema and the fact
vocabulary; :mod:`advisor.knowledge.model` checks what spans packs and articles.
Every error names the file, the line and the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.errors import KnowledgeError, RulePackError
from advisor.facts.model import SmsVersion
from advisor.knowledge.yamldoc import YamlDoc, load_yaml

__all__ = [
    "ActionSpec", "Add", "ComputationSpec", "DiagnosisSpec", "Expr", "FactRef", "Mul",
    "PackSpec", "RegistrySpec", "RuleSpec", "StatusSpec", "TableRef", "load_pack",
]

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
#: A citation: a section of the pack's own article (``"STATUS"``,
#: ``"MORE INFORMATION/Setting forced delivery"``) or of another article
#: (``"Q202063:WORKAROUND"``).
Cite = Annotated[str, Field(min_length=1, max_length=200)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class RegistrySpec(_Spec):
    """A registry value an action sets or checks. ``data`` is ``None`` for checks."""

    hive: Literal["HKEY_LOCAL_MACHINE"]
    key: str = Field(min_length=1, pattern=r"^[^\\].*[^\\]$")
    value: str = Field(min_length=1)
    type: Literal["REG_DWORD"] = "REG_DWORD"
    data: int | None = Field(default=None, ge=0, le=0xFFFFFFFF)


class ActionSpec(_Spec):
    """A step the advice can recommend."""

    id: Id
    kind: Literal["registry", "upgrade", "wait", "check", "manual"]
    summary: str = Field(min_length=1)
    detail: str | None = None
    cites: list[Cite] = Field(min_length=1)
    registry: RegistrySpec | None = None
    target_version: SmsVersion | None = None
    compute: Id | None = None
    #: Where the step goes among the steps of one advice, lowest first. By
    #: default fixes (upgrade, registry) come first, then manual steps, waits
    #: and checks.
    order: int | None = Field(default=None, ge=0, le=100)
    #: For a registry step: where the change applies, in words (it heads the
    #: exported .reg file).
    applies_to: str | None = None
    #: Steps that must follow this one (by action id), e.g. a service restart.
    follow_up: list[Id] = []

    @model_validator(mode="after")
    def _fits_kind(self) -> ActionSpec:
        if self.kind == "registry" and (self.registry is None or self.registry.data is None):
            raise ValueError("a registry action needs registry: {hive, key, value, data}")
        if self.kind != "registry" and self.registry is not None and \
                self.registry.data is not None:
            raise ValueError("only a registry action may set registry data")
        if (self.kind == "upgrade") != (self.target_version is not None):
            raise ValueError("target_version goes with kind: upgrade, and only with it")
        if self.compute is not None and self.kind != "wait":
            raise ValueError("compute goes with kind: wait")
        if (self.kind == "registry") != (self.applies_to is not None):
            raise ValueError("applies_to goes with kind: registry, and it needs one")
        return self


class DiagnosisSpec(_Spec):
    """A conclusion about what is wrong."""

    id: Id
    title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    cites: list[Cite] = Field(min_length=1)


class StatusSpec(_Spec):
    """The article's fix status, from its STATUS section."""

    section: Cite
    confirmed_in: list[SmsVersion] = Field(min_length=1)
    fixed_in: SmsVersion | None
    solution: Literal["fixed", "no_fix", "pending", "by_design"]

    @model_validator(mode="after")
    def _consistent(self) -> StatusSpec:
        if (self.solution == "fixed") != (self.fixed_in is not None):
            raise ValueError("fixed_in goes with solution: fixed, and only with it")
        return self


class FactRef(_Spec):
    """A fact's value in a formula; its article default stands in when it is
    absent or unknown."""

    fact: str


class TableRef(_Spec):
    """A row of one of the computation's tables, chosen by a choice fact."""

    table: str
    key: str


class Add(_Spec):
    """The sum of its terms."""

    add: list[Expr] = Field(min_length=2)


class Mul(_Spec):
    """The product of its factors."""

    mul: list[Expr] = Field(min_length=2)


Expr = Annotated[int, Field(ge=0)] | FactRef | TableRef | Add | Mul
Add.model_rebuild()
Mul.model_rebuild()


class ComputationSpec(_Spec):
    """A number the advice computes from facts, such as the forced delivery time."""

    id: Id
    title: str = Field(min_length=1)
    unit: Literal["minutes"]
    cites: list[Cite] = Field(min_length=1)
    formula: Expr
    tables: dict[str, dict[str, Annotated[int, Field(ge=0)]]] = {}
    elapsed_fact: str | None = None


class RuleSpec(_Spec):
    """One rule: ``when`` all these tests hold, and ``unless`` any of those holds,
    conclude a diagnosis, actions and/or an article's status."""

    id: Id
    cites: Cite
    when: dict[str, object] = Field(min_length=1)
    unless: dict[str, object] = {}
    diagnosis: Id | None = None
    actions: list[Id] = []
    status: str | None = None

    @model_validator(mode="after")
    def _concludes(self) -> RuleSpec:
        if self.diagnosis is None and not self.actions and self.status is None:
            raise ValueError("a rule must conclude a diagnosis, actions or a status")
        overlap = set(self.when) & set(self.unless)
        if overlap:
            raise ValueError(f"{sorted(overlap)[0]} is tested in both when and unless")
        return self


class PackSpec(_Spec):
    """One rule pack: everything ``rules/<article>.yaml`` declares."""

    article: str = Field(pattern=r"^Q\d{5,6}$")
    status: StatusSpec | None = None
    diagnoses: list[DiagnosisSpec] = []
    actions: list[ActionSpec] = []
    computations: list[ComputationSpec] = []
    rules: list[RuleSpec] = Field(min_length=1)


def load_pack(path: Path, text: str | None = None) -> tuple[PackSpec, YamlDoc]:
    """Read and validate the schema of the pack at ``path``.

    Returns the pack and its YAML document (for line numbers in later checks).
    Raises :class:`~advisor.errors.RulePackError` listing every schema problem,
    each with its file, line and, inside a rule, the rule's id.
    """
    doc = load_yaml(path, text)
    try:
        pack = PackSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise RulePackError(_problems(exc, doc)) from None
    if path.stem != pack.article:
        raise RulePackError([KnowledgeError(
            f"the pack for {pack.article} must be named {pack.article}{path.suffix}",
            path=path, line=doc.line_of(("article",)))])
    return pack, doc


def _problems(exc: ValidationError, doc: YamlDoc) -> list[KnowledgeError]:
    problems: list[KnowledgeError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        # Union branches add their class names to the location; they mean
        # nothing to a pack author.
        shown = [str(p) for p in loc if not (isinstance(p, str) and p[:1].isupper())]
        problems.append(KnowledgeError(
            f"{_owner(doc.data, loc)}{'.'.join(shown) or 'pack'}: {err['msg']}",
            path=doc.path, line=doc.line_of(loc)))
    return problems


_KINDS = {"rules": "rule", "actions": "action", "diagnoses": "diagnosis",
          "computations": "computation"}


def _owner(data: object, loc: tuple[str | int, ...]) -> str:
    """``"rule 'x': "`` when ``loc`` points inside a rule (or diagnosis...) with an id."""
    if len(loc) >= 2 and isinstance(data, dict) and isinstance(loc[1], int):
        items = data.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            ident = items[loc[1]].get("id")
            if ident is not None:
                kind = _KINDS.get(str(loc[0]), str(loc[0]))
                return f"{kind} {ident!r}: "
    return ""
