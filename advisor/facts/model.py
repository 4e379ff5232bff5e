"""The facts the advisor reasons about: the :class:`Facts` model and its vocabulary.

The field names and values of :class:`Facts` are a public contract shared by the
command line, the Python API, the HTTP API and the interactive session. Every
fact may be left out: a fact that is not given is *unknown*, and the advice says
which unknown facts could still change it.

One fact has a meaningful ``null``: ``use_forced_disconnect`` is ``None`` when the
``Use Forced Disconnect`` registry value does not exist (which leaves forced
delivery off). For every other fact ``None`` means the same as leaving it out.

:data:`VOCABULARY` describes each fact for people and programs: its question, its
allowed answers and a help text.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.errors import FactError, FactsError
from advisor.suggestions import did_you_mean

__all__ = ["VOCABULARY", "FactSpec", "FactValue", "Facts", "fact_spec"]

#: A fact's value: a choice (``str``), a flag (``bool``), a number (``int``), or
#: ``None`` (only for facts whose ``None`` means "absent").
FactValue = str | bool | int | None

SmsVersion = Literal["1.0", "1.1", "1.2", "2.0"]
ServerPlatform = Literal["windows_nt", "netware"]
JobType = Literal[
    "run_command_on_workstation", "share_package_on_server",
    "remove_package_from_server", "system",
]
ResponseSetting = Literal["very_fast", "fast", "medium", "slow"]

DWORD_MAX = 0xFFFFFFFF
#: Ten years, in minutes: longer than any distribution retries.
MINUTES_MAX = 10 * 366 * 24 * 60


def _fact(question: str, help: str, *, labels: Mapping[str, str] | None = None,
          null_label: str | None = None, unit: str | None = None,
          default: int | None = None, ge: int | None = None, le: int | None = None) -> Any:
    extra: dict[str, Any] = {"question": question}
    if labels:
        extra["labels"] = dict(labels)
    if null_label:
        extra["null_label"] = null_label
    if unit:
        extra["unit"] = unit
    if default is not None:
        extra["article_default"] = default
    return Field(default=None, description=help, json_schema_extra=extra, ge=ge, le=le)


class Facts(BaseModel):
    """What is known about one distribution problem. Leave out what you don't know.

    >>> Facts(sms_version="2.0", server_platform="netware", file_in_use=True)
    Facts(sms_version='2.0', server_platform='netware', file_in_use=True)

    Use :meth:`parse` for untrusted input (a JSON object): it raises
    :class:`~advisor.errors.FactsError` naming each bad field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    sms_version: Annotated[SmsVersion | None, _fact(
        "Which version of SMS runs at the target site (the site whose distribution server "
        "receives the package)?",
        "The version of Systems Management Server at the site whose Despooler copies the "
        "package onto its distribution servers. Forced delivery came with SMS 1.2 and is "
        "still there in 2.0.",
        labels={"1.0": "SMS 1.0", "1.1": "SMS 1.1", "1.2": "SMS 1.2", "2.0": "SMS 2.0"})]
    server_platform: Annotated[ServerPlatform | None, _fact(
        "What operating system runs on the distribution server the package is copied to?",
        "Forced delivery can only disconnect users from Windows NT distribution servers, "
        "never from Novell NetWare ones.",
        labels={"windows_nt": "Windows NT", "netware": "Novell NetWare"})]
    file_in_use: Annotated[bool | None, _fact(
        "Did a client have a file in the package directory open while the files were "
        "being copied?",
        "For example a user running the program from the distribution share, or a "
        "document opened from it. A file held open is locked and cannot be replaced.")]
    distribution_failed: Annotated[bool | None, _fact(
        "Is the distribution to that server reported as failed?",
        "The job status for that distribution server shows a failure.")]
    distribution_retrying: Annotated[bool | None, _fact(
        "Does the distribution keep retrying without finishing?",
        "The job stays in a retrying state for that distribution server.")]
    package_partially_updated: Annotated[bool | None, _fact(
        "Were some files in the package directory updated and others not?",
        "Compare file dates in the package directory with the package source.")]
    use_forced_disconnect: Annotated[int | None, _fact(
        "What is the data of the 'Use Forced Disconnect' value on the target site's site "
        "server? (a number, or 'absent' if the value is not there)",
        r"Under HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler. "
        "0 or absent means forced delivery is off; 1 (or any other non-zero number) "
        "means it is on.",
        null_label="absent", ge=0, le=DWORD_MAX)]
    job_type: Annotated[JobType | None, _fact(
        "What type of SMS job is distributing the package?",
        "Forced delivery covers Run Command On Workstation and Share Package On Server "
        "jobs only.",
        labels={"run_command_on_workstation": "Run Command On Workstation",
                "share_package_on_server": "Share Package On Server",
                "remove_package_from_server": "Remove Package From Server",
                "system": "System job"})]
    value_on_target_site: Annotated[bool | None, _fact(
        "Is Use Forced Disconnect set on the site server of the target site, the site that "
        "receives the package (not only on the site that sends it)?",
        "Forced delivery follows the setting of the site that receives the package; the "
        "sending site's setting makes no difference.")]
    despooler_paused_continued: Annotated[bool | None, _fact(
        "Since the forced delivery values were last changed, has the SMS_DESPOOLER "
        "component been paused and continued?",
        "The Despooler reads the values when it is paused and continued with SMS "
        "Service Manager on the target site's site server.")]
    response_setting: Annotated[ResponseSetting | None, _fact(
        "What is the Response setting for services at the target site?",
        "It sets the Despooler retry interval: Very Fast 24, Fast 120, Medium 360 and "
        "Slow 720 minutes.",
        labels={"very_fast": "Very Fast", "fast": "Fast", "medium": "Medium",
                "slow": "Slow"})]
    number_of_retries: Annotated[int | None, _fact(
        "What is the data of 'Number Of Retries Before Forced Disconnection'? "
        "(a number, or 'absent')",
        "How many retries the Despooler makes before it forces users off the package "
        "directory. Absent means the default, 12.",
        null_label="absent", unit="retries", default=12, ge=0, le=DWORD_MAX)]
    forced_disconnection_delay: Annotated[int | None, _fact(
        "What is the data of 'Forced Disconnection Delay In Minutes'? (a number, or 'absent')",
        "Minutes between the warning message to users and the forced disconnection. "
        "Absent means the default, 5.",
        null_label="absent", unit="minutes", default=5, ge=0, le=DWORD_MAX)]
    minutes_since_first_failure: Annotated[int | None, _fact(
        "How long ago did the first copy attempt to that server fail? (e.g. 90, 3h, 1d 4h)",
        "Time since the Despooler first failed to update the package directory on that "
        "distribution server, in minutes.",
        unit="minutes", ge=0, le=MINUTES_MAX)]

    @model_validator(mode="before")
    @classmethod
    def _none_is_unknown(cls, data: Any) -> Any:
        # None means "unknown" for every fact except the ones where it means
        # "absent"; dropping it here keeps it out of model_fields_set, which is
        # what tells known facts from unknown ones.
        if isinstance(data, Mapping) and None in data.values():
            return {k: v for k, v in data.items()
                    if v is not None or k not in _NOT_NULLABLE}
        return data

    @classmethod
    def parse(cls, data: object) -> Facts:
        """Validate untrusted input (for example a decoded JSON object).

        Raises :class:`~advisor.errors.FactsError` with one entry per bad field:
        unknown fact names (with a "did you mean"), values of the wrong type, values
        out of range, and input that is not an object at all.
        """
        if not isinstance(data, Mapping):
            raise FactsError([FactError(
                "facts", f"expected an object of facts, got {_json_type(data)}", data)])
        # Refused before any name is looked at: each unknown name costs a "did you
        # mean" search, so thousands of them would cost a request seconds.
        most = max(64, 4 * len(VOCABULARY))
        if len(data) > most:
            raise FactsError([FactError(
                "facts", f"{len(data):,} fields given; there are only {len(VOCABULARY)} "
                f"facts (at most {most} fields are read)", None)])
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise FactsError(_fact_errors(exc)) from None

    def known(self) -> dict[str, FactValue]:
        """The facts that are known, by name in vocabulary order (``None`` only
        where it means absent)."""
        given = self.model_fields_set
        values = self.__dict__
        return {name: values[name] for name in _NAMES if name in given}

    def is_known(self, name: str) -> bool:
        """Whether fact ``name`` is known."""
        return name in self.model_fields_set

    def with_fact(self, name: str, value: FactValue) -> Facts:
        """A copy with ``name`` set to ``value`` (validated)."""
        return Facts.parse({**self.known(), name: value})

    def without(self, name: str) -> Facts:
        """A copy in which ``name`` is unknown."""
        known = self.known()
        known.pop(name, None)
        return Facts.model_validate(known)

    def to_json_dict(self) -> dict[str, FactValue]:
        """The known facts in the public JSON form, in vocabulary order."""
        return self.known()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Facts):
            return NotImplemented
        return self.known() == other.known()

    def __hash__(self) -> int:
        return hash(frozenset(self.known().items()))

    def __repr_args__(self) -> Any:
        return list(self.to_json_dict().items())


@dataclass(frozen=True)
class FactSpec:
    """How to ask about one fact and what answers it takes.

    ``kind`` is ``"choice"``, ``"bool"`` or ``"int"``. ``choices`` are the allowed
    values of a choice fact, with ``labels`` for people. ``nullable`` facts also
    take ``None``, shown to people as ``null_label``. ``article_default`` is the
    value the articles give when a registry value is absent.
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
            data["answers"] = [{"value": "integer", "minimum": self.minimum,
                                "maximum": self.maximum, "unit": self.unit}]
            if self.nullable:
                data["answers"].append({"value": None, "label": self.null_label})
        return data


def _spec_from_field(name: str) -> FactSpec:
    info = Facts.model_fields[name]
    extra = info.json_schema_extra
    assert isinstance(extra, dict)
    args = [a for a in typing.get_args(info.annotation) if a is not type(None)]
    bounds = {type(m).__name__: m for m in info.metadata}
    ge = getattr(bounds.get("Ge"), "ge", None)
    le = getattr(bounds.get("Le"), "le", None)
    choices: tuple[str, ...] = ()
    kind: Literal["choice", "bool", "int"]
    if args and typing.get_origin(args[0]) is Literal:
        kind, choices = "choice", tuple(typing.get_args(args[0]))
    elif args == [bool]:
        kind = "bool"
    else:
        kind = "int"
    labels = extra.get("labels")
    null_label = extra.get("null_label")
    unit = extra.get("unit")
    default = extra.get("article_default")
    return FactSpec(
        name=name, kind=kind, question=str(extra["question"]),
        help=info.description or "", choices=choices,
        labels=types.MappingProxyType({str(k): str(v) for k, v in labels.items()})
        if isinstance(labels, dict) else None,
        nullable=null_label is not None,
        null_label=str(null_label) if null_label else None,
        minimum=ge, maximum=le, unit=str(unit) if unit else None,
        article_default=int(default) if isinstance(default, int) else None)


#: Every fact, by name, in the order the model declares them.
VOCABULARY: Mapping[str, FactSpec] = types.MappingProxyType(
    {name: _spec_from_field(name) for name in Facts.model_fields})

_NAMES = tuple(VOCABULARY)
_NOT_NULLABLE = frozenset(n for n, s in VOCABULARY.items() if not s.nullable)


def fact_spec(name: str) -> FactSpec:
    """The :class:`FactSpec` of fact ``name``; raises :class:`FactsError` with a
    "did you mean" for an unknown name."""
    try:
        return VOCABULARY[name]
    except KeyError:
        raise FactsError([_unknown_fact(name)]) from None


def _unknown_fact(name: str) -> FactError:
    return FactError(name, "unknown fact", name, did_you_mean(name, VOCABULARY))


def _json_type(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "an array", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _fact_errors(exc: ValidationError) -> list[FactError]:
    errors: list[FactError] = []
    for err in exc.errors(include_url=False):
        loc = err.get("loc") or ("facts",)
        name = str(loc[0])
        value = err.get("input")
        if err["type"] == "extra_forbidden":
            errors.append(_unknown_fact(name))
            continue
        spec = VOCABULARY.get(name)
        message = f"{err['msg'].rstrip('.')} (got {_json_type(value)}: {value!r})"
        hint = None
        if spec is not None and spec.kind == "choice":
            message = (f"must be one of {', '.join(repr(c) for c in spec.choices)}"
                       f" (got {_json_type(value)}: {value!r})")
            if isinstance(value, int | float) and not isinstance(value, bool):
                as_text = f"{value:.1f}" if isinstance(value, float) else f"{value}.0"
                if as_text in spec.choices:
                    hint = f'did you mean the string "{as_text}"?'
            elif isinstance(value, str):
                hint = did_you_mean(value, spec.choices, cutoff=0.5)
        elif spec is not None and spec.kind == "bool" and isinstance(value, str):
            hint = "use true or false, without quotes"
        errors.append(FactError(name, message, value, hint))
    return errors
