"""The fact vocabulary as data: :class:`FactSpec` and the declarations it comes from.

Facts are declared in the knowledge files, never in Python: ``rules/facts.yaml``
holds the facts several packs share, and any pack may add a ``facts:`` section
for the facts it introduces (the format is in ``rules/README.md``).
:class:`FactDecl` is the schema of one declaration; :meth:`FactDecl.spec` makes
the :class:`FactSpec` the rest of the advisor works with.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.facts.duration import DURATION_EXAMPLES

__all__ = ["DWORD_MAX", "FactDecl", "FactSpec", "FactValue"]

#: A fact's value: a choice (``str``), a flag (``bool``), a number (``int``), or
#: ``None`` (only for facts whose ``None`` means "absent").
FactValue = str | bool | int | None

DWORD_MAX = 0xFFFFFFFF


@dataclass(frozen=True)
class FactSpec:
    """How to ask about one fact and what answers it takes.

    ``kind`` is ``"choice"``, ``"bool"`` or ``"int"``. ``choices`` are the allowed
    values of a choice fact, with ``labels`` for people. ``nullable`` facts also
    take ``None``, shown to people as ``null_label``. ``article_default`` is the
    value the articles give when a registry value is absent. A ``duration`` is an
    int of minutes that also takes ``"3h"`` or ``"1d 4h"``. ``article`` is the
    article whose pack declared the fact (``None`` for the shared ones).
    """

    name: str
    kind: Literal["choice", "bool", "int"]
    question: str
    help: str
    choices: tuple[str, ...] = ()
    labels: Mapping[str, str] | None = None
    nullable: bool = False
    null_label: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    article_default: int | None = None
    duration: bool = False
    article: str | None = None

    def label(self, value: FactValue) -> str:
        """How to show ``value`` to a person."""
        if value is None:
            return self.null_label or "unknown"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str) and self.labels:
            return self.labels.get(value, value)
        return f"{value} {self.unit}" if self.unit else str(value)

    def answers(self) -> tuple[str, ...]:
        """The allowed answers, as a person would type them."""
        if self.kind == "choice":
            return self.choices
        if self.kind == "bool":
            return ("yes", "no")
        if self.duration:
            return (f"<minutes, or {DURATION_EXAMPLES}>",)
        return ("<number>", self.null_label) if self.nullable and self.null_label else (
            "<number>",)

    def to_json(self) -> dict[str, Any]:
        """The spec as JSON: what a client needs to ask the question."""
        data: dict[str, Any] = {"fact": self.name, "kind": self.kind,
                                "question": self.question, "help": self.help}
        if self.kind == "choice":
            data["answers"] = [{"value": c, "label": self.label(c)} for c in self.choices]
        elif self.kind == "bool":
            data["answers"] = [{"value": True, "label": "yes"},
                               {"value": False, "label": "no"}]
        else:
            answer: dict[str, Any] = {"value": "integer", "minimum": self.minimum,
                                      "maximum": self.maximum, "unit": self.unit}
            if self.duration:
                answer["also"] = f"a duration string such as {DURATION_EXAMPLES}"
            data["answers"] = [answer]
            if self.nullable:
                data["answers"].append({"value": None, "label": self.null_label})
        if self.article:
            data["article"] = self.article
        return data


_Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
_Text = Annotated[str, Field(min_length=1, max_length=1000)]


class _Range(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    min: int = Field(default=0, ge=0)
    max: int = Field(default=DWORD_MAX, le=DWORD_MAX)


class _Absent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    label: _Text = "absent"
    default: int | None = Field(default=None, ge=0)


class FactDecl(BaseModel):
    """One fact as the knowledge files declare it (see ``rules/README.md``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: _Name
    type: Literal["choice", "bool", "int", "duration"]
    question: _Text
    help: _Text
    values: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.]{0,40}$")], _Text] = {}
    range: _Range | None = None
    unit: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    absent: _Absent | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> FactDecl:
        if (self.type == "choice") != bool(self.values):
            raise ValueError("values go with type: choice, and a choice needs them")
        numeric = self.type in ("int", "duration")
        if not numeric and (self.range or self.unit or self.absent):
            raise ValueError("range, unit and absent go with type: int or duration")
        if self.type == "duration" and (self.unit or self.absent):
            raise ValueError("a duration is always minutes and cannot be absent")
        if self.range is not None and self.range.min > self.range.max:
            raise ValueError("range: min is above max")
        if self.absent is not None and self.absent.default is not None and \
                self.range is not None and not (
                    self.range.min <= self.absent.default <= self.range.max):
            raise ValueError("absent: default is outside the range")
        return self

    def spec(self, article: str | None) -> FactSpec:
        """The :class:`FactSpec` this declaration makes."""
        numeric = self.type in ("int", "duration")
        bounds = self.range or _Range()
        kind: Literal["choice", "bool", "int"] = (
            "int" if numeric else "bool" if self.type == "bool" else "choice")
        return FactSpec(
            name=self.name, kind=kind,
            question=_one_line(self.question), help=_one_line(self.help),
            choices=tuple(self.values),
            labels=types.MappingProxyType(dict(self.values)) if self.values else None,
            nullable=self.absent is not None,
            null_label=self.absent.label if self.absent else None,
            minimum=bounds.min if numeric else None, maximum=bounds.max if numeric else None,
            unit="minutes" if self.type == "duration" else self.unit,
            article_default=self.absent.default if self.absent else None,
            duration=self.type == "duration", article=article)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
