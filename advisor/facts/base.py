"""The pydantic facts model, built from the vocabulary when the knowledge loads.

:func:`build_model` turns a vocabulary (name -> :class:`FactSpec`) into a
frozen, strict pydantic model whose fields are the facts, every one optional.
All models share :class:`FactsBase`, which holds the behaviour: validating
untrusted input with errors that name each field, telling known facts from
unknown ones, and copies with a fact set or cleared.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from advisor.errors import FactError, FactsError
from advisor.facts.duration import DURATION_EXAMPLES, parse_duration
from advisor.facts.jsoninput import clip
from advisor.facts.spec import FactSpec, FactValue
from advisor.suggestions import did_you_mean

__all__ = ["FactsBase", "build_model", "unknown_fact"]


class FactsBase(BaseModel):
    """What is known about one distribution problem. Leave out what you don't know.

    Use :meth:`parse` for untrusted input (a JSON object): it raises
    :class:`~advisor.errors.FactsError` naming each bad field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    #: The vocabulary the model was built from, by name in declaration order.
    vocabulary: ClassVar[Mapping[str, FactSpec]] = types.MappingProxyType({})
    _not_nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _none_is_unknown(cls, data: Any) -> Any:
        # None means "unknown" for every fact except the ones where it means
        # "absent"; dropping it here keeps it out of model_fields_set, which is
        # what tells known facts from unknown ones.
        if isinstance(data, Mapping) and None in data.values():
            return {k: v for k, v in data.items()
                    if v is not None or k not in cls._not_nullable}
        return data

    @classmethod
    def parse(cls, data: object) -> Self:
        """Validate untrusted input (for example a decoded JSON object).

        Raises :class:`~advisor.errors.FactsError` with one entry per bad field:
        unknown fact names (with a "did you mean"), values of the wrong type, values
        out of range, and input that is not an object at all.
        """
        if not isinstance(data, Mapping):
            raise FactsError([FactError(
                "facts", f"expected an object of facts, got {_json_type(data)}", None)])
        # Refused before any name is looked at: each unknown name costs a "did you
        # mean" search, so thousands of them would cost a request seconds.
        most = max(64, 4 * len(cls.vocabulary))
        if len(data) > most:
            raise FactsError([FactError(
                "facts", f"{len(data):,} fields given; there are only {len(cls.vocabulary)} "
                f"facts (at most {most} fields are read)", None)])
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise FactsError(_fact_errors(cls.vocabulary, exc)) from None

    def known(self) -> dict[str, FactValue]:
        """The facts that are known, by name in vocabulary order (``None`` only
        where it means absent)."""
        given = self.model_fields_set
        values = self.__dict__
        return {name: values[name] for name in self.vocabulary if name in given}

    def is_known(self, name: str) -> bool:
        """Whether fact ``name`` is known."""
        return name in self.model_fields_set

    def with_fact(self, name: str, value: FactValue) -> Self:
        """A copy with ``name`` set to ``value`` (validated)."""
        return type(self).parse({**self.known(), name: value})

    def without(self, name: str) -> Self:
        """A copy in which ``name`` is unknown."""
        known = self.known()
        known.pop(name, None)
        return type(self).model_validate(known)

    def to_json_dict(self) -> dict[str, FactValue]:
        """The known facts in the public JSON form, in vocabulary order."""
        return self.known()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FactsBase):
            return NotImplemented
        return self.known() == other.known()

    def __hash__(self) -> int:
        return hash(frozenset(self.known().items()))

    def __repr_args__(self) -> Any:
        return list(self.to_json_dict().items())


def build_model(vocabulary: Mapping[str, FactSpec], name: str = "Facts",
                module: str | None = None) -> type[FactsBase]:
    """A facts model with one optional field per fact of ``vocabulary``."""
    fields: dict[str, Any] = {spec.name: (_annotation(spec), None)
                              for spec in vocabulary.values()}
    model: type[FactsBase] = create_model(name, __base__=FactsBase, **fields)
    model.vocabulary = types.MappingProxyType(dict(vocabulary))
    model._not_nullable = frozenset(n for n, s in vocabulary.items() if not s.nullable)
    if module is not None:
        model.__module__ = module
    return model


def _annotation(spec: FactSpec) -> Any:
    extra: dict[str, Any] = {"question": spec.question}
    if spec.labels:
        extra["labels"] = dict(spec.labels)
    if spec.null_label:
        extra["null_label"] = spec.null_label
    if spec.unit:
        extra["unit"] = spec.unit
    if spec.article_default is not None:
        extra["article_default"] = spec.article_default
    info = Field(default=None, description=spec.help, json_schema_extra=extra,
                 ge=spec.minimum, le=spec.maximum)
    base: Any
    if spec.kind == "choice":
        base = Literal[spec.choices]
    elif spec.kind == "bool":
        base = bool
    else:
        base = int
    if spec.duration:
        return Annotated[base | None, info, BeforeValidator(_duration)]
    return Annotated[base | None, info]


def _duration(value: Any) -> Any:
    # Strings in the one duration syntax become minutes; everything else goes
    # on to the strict int check unchanged (so true or 1.5 are still refused).
    if isinstance(value, str):
        minutes = parse_duration(value)
        if minutes is None:
            raise ValueError(f"not a duration: give minutes, or e.g. {DURATION_EXAMPLES}")
        return minutes
    return value


def unknown_fact(vocabulary: Mapping[str, FactSpec], name: str) -> FactError:
    """The error for an unknown fact ``name``, with a "did you mean"."""
    shown = name if len(name) <= 60 else name[:60] + "..."
    return FactError(shown, "unknown fact", shown, did_you_mean(name, vocabulary))


def _json_type(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "an array", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _fact_errors(vocabulary: Mapping[str, FactSpec], exc: ValidationError) -> list[FactError]:
    errors: list[FactError] = []
    for err in exc.errors(include_url=False):
        loc = err.get("loc") or ("facts",)
        name = str(loc[0])
        value = err.get("input")
        if err["type"] == "extra_forbidden":
            errors.append(unknown_fact(vocabulary, name))
            continue
        spec = vocabulary.get(name)
        got = f"got {_json_type(value)}: {clip(value)}"
        message = f"{err['msg'].rstrip('.').removeprefix('Value error, ')} ({got})"
        hint = None
        if spec is not None and spec.kind == "choice":
            message = f"must be one of {', '.join(repr(c) for c in spec.choices)} ({got})"
            if isinstance(value, int | float) and not isinstance(value, bool):
                as_text = f"{value:.1f}" if isinstance(value, float) else f"{value}.0"
                if as_text in spec.choices:
                    hint = f'did you mean the string "{as_text}"?'
            elif isinstance(value, str):
                hint = did_you_mean(value, spec.choices, cutoff=0.5)
        elif spec is not None and spec.kind == "bool" and isinstance(value, str):
            hint = "use true or false, without quotes"
        # The value is kept only when short: an error must never carry a
        # megabyte of input back out.
        kept = value if len(repr(value)) <= 200 else clip(value)
        errors.append(FactError(name, message, kept, hint))
    return errors
