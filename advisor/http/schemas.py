"""The request and response bodies of the HTTP API: the models describe the
JSON it takes and gives, and are what the OpenAPI schema at ``/openapi.json``
documents (the contract lives there, with examples). The advice itself is
:class:`advisor.advice.model.Advice`, and an article :class:`advisor.articles.model.Article`.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from advisor.advice import Advice
from advisor.archive.model import FixedInKind, Solution
from advisor.articles import Article
from advisor.facts import VOCABULARY, Facts, FactSpec, FactValue
from advisor.http.bodies import MAX_BODY
from advisor.session import SESSION_ID

__all__ = [
    "SESSION_ID_PATTERN",
    "AnswerIn",
    "AnswerOut",
    "ErrorOut",
    "FactsBody",
    "FieldError",
    "Health",
    "NoFixOut",
    "QuestionOut",
    "SessionCreate",
    "SessionView",
    "ValidationErrorOut",
    "error_docs",
    "facts_schema",
    "json_number",
    "value_schema",
]

#: What a session id looks like, anchored for a JSON schema.
SESSION_ID_PATTERN = f"^{SESSION_ID.pattern}$"


def facts_schema() -> dict[str, Any]:
    """The JSON schema of a facts object, described for users of the API."""
    schema = copy.deepcopy(Facts.model_json_schema())
    schema["description"] = (
        "What you know about one distribution that will not finish. Leave out what you "
        "don't know: a fact left out is unknown. null means the same as leaving a fact "
        "out, except for the registry values (use_forced_disconnect, number_of_retries, "
        "forced_disconnection_delay), where null means the value is absent from the "
        "registry. Unknown fact names are refused.")
    return schema


#: A JSON object of facts. It is checked by :meth:`Facts.parse` (which names each
#: bad field and suggests a fix) rather than by the web framework, so the schema
#: shown is that of :class:`Facts`.
FactsBody = Annotated[dict[str, Any], WithJsonSchema(facts_schema())]


def json_number(value: Any) -> Any:
    """``value``, except that a number without a fraction (``5.0``) is the integer
    (``5``): JSON does not tell them apart, and JSON Schema's ``integer`` takes both."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SessionCreate(_In):
    """A new session, optionally with answers already given."""

    facts: FactsBody | None = Field(
        default=None, description="Facts to record as the first answers of the session.")


def value_schema(spec: FactSpec) -> dict[str, Any]:
    """The JSON schema of one fact's value, as an answer gives it."""
    if spec.kind == "choice":
        base: dict[str, Any] = {"type": "string", "enum": list(spec.choices)}
    elif spec.kind == "bool":
        base = {"type": "boolean"}
    else:
        base = {"type": "integer"}
        if spec.minimum is not None:
            base["minimum"] = spec.minimum
        if spec.maximum is not None:
            base["maximum"] = spec.maximum
    if spec.nullable:
        return {"anyOf": [base, {"type": "null", "description": f"{spec.null_label}"}]}
    return base


_SOURCE = {"type": "string", "enum": ["answer", "description"], "default": "answer",
           "description": '"description" for a fact confirmed from POST /v1/describe\'s '
                          "proposals."}
_DETAIL = {"anyOf": [{"type": "string", "maxLength": 200}, {"type": "null"}],
           "description": "Where the answer came from, such as the words of the "
                          "description that suggested it."}


def _answer_schema(schema: dict[str, Any]) -> None:
    # One named shape per fact (its value's type is that fact's), and one for
    # "unknown": the schema admits exactly the answers the API accepts.
    description = schema.get("description", "")
    shapes: list[dict[str, Any]] = []
    for name, spec in VOCABULARY.items():
        shapes.append({
            "title": f"{name}", "type": "object", "additionalProperties": False,
            "required": ["fact", "value"],
            "properties": {"fact": {"const": name}, "value": value_schema(spec),
                           "skip": {"const": False}, "source": _SOURCE, "detail": _DETAIL}})
    shapes.append({
        "title": "unknown (skip)", "type": "object", "additionalProperties": False,
        "required": ["fact", "skip"],
        "properties": {"fact": {"type": "string", "enum": list(VOCABULARY)},
                       "skip": {"const": True}, "source": _SOURCE, "detail": _DETAIL}})
    schema.clear()
    schema.update(title="AnswerIn", description=description, oneOf=shapes)


class AnswerIn(_In):
    """An answer to one question of a session: ``{"fact": ..., "value": ...}``, or
    ``{"fact": ..., "skip": true}`` for "unknown" (the question is not asked
    again). ``value`` is required unless ``skip`` is true, and each fact takes
    its own type of value; ``null`` is an answer only for the registry values,
    where it means the value is absent."""

    model_config = ConfigDict(json_schema_extra=_answer_schema)

    fact: str = Field(max_length=100)
    value: FactValue = None
    skip: bool = False
    source: Literal["answer", "description"] = "answer"
    detail: str | None = Field(default=None, max_length=200)

    @field_validator("value", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        return json_number(value)


class AnswerOut(BaseModel):
    """One entry of a session's log of answers, oldest first. A later answer to the
    same fact replaces an earlier one; ``skipped`` answers are "unknown"."""

    fact: str
    value: FactValue
    skipped: bool
    source: Literal["answer", "evidence", "description", "default"]
    detail: str | None
    at: float = Field(description="When it was given (seconds since the epoch).")


class QuestionOut(BaseModel):
    """The next question of a session: the fact it asks about, its text and help,
    the answers it allows, and what it decides between."""

    fact: str
    kind: Literal["choice", "bool", "int"]
    question: str
    help: str
    answers: list[dict[str, Any]] = Field(description=(
        "Allowed answers: for a choice or a flag, each value and its label; for a number, "
        "its range and unit (and null with its label where null means absent)."))
    decides: list[str] = Field(description=(
        "The ids of the diagnoses the answer decides between, as in the advice's "
        "questions[].decides."))
    decides_titles: list[str] = Field(description="The titles of those diagnoses, in the "
                                                  "same order.")
    articles: list[str] = Field(description="The articles behind those diagnoses.")


class SessionView(BaseModel):
    """A session: its answers, the facts they establish, the next question (null
    when no answer could change the advice any more) and the current advice."""

    id: str
    created: float = Field(description="When it was created (seconds since the epoch).")
    answers: list[AnswerOut]
    facts: dict[str, FactValue]
    skipped: list[str]
    complete: bool
    next_question: QuestionOut | None
    advice: Advice


class Health(BaseModel):
    """The service is up."""

    status: Literal["ok"]


class ErrorOut(BaseModel):
    """An error, said in words."""

    detail: str


class NoFixOut(BaseModel):
    """No registry change applies to these facts, and the reasons why (from the
    rules)."""

    detail: Literal["no registry change applies"]
    reasons: list[str]


class FieldError(BaseModel):
    """One problem with the request: where (``loc``, e.g. ``["body", "sms_version"]``),
    what (``msg``, ``type``), what was given (``input``) and, where one fits, a
    ``hint`` such as "did you mean 'sms_version'?"."""

    model_config = ConfigDict(extra="allow")

    type: str
    loc: list[str | int]
    msg: str
    input: Any = None
    hint: str | None = None


class ValidationErrorOut(BaseModel):
    """The request is not valid: one entry per problem."""

    detail: list[FieldError]


def error_docs(*codes: int, examples: dict[int, Any] | None = None
               ) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses an operation can answer, each
    with its schema and an example (``examples`` overrides the default ones)."""
    from advisor.http.examples import ERROR_EXAMPLES

    words = {404: "No such session or article.", 409: "The change is not possible now.",
             413: f"The body is larger than {MAX_BODY} bytes.",
             415: "The body is not JSON.", 422: "Invalid input: one entry per problem.",
             503: "The session store is busy; try again."}
    docs: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        example = (examples or {}).get(code, ERROR_EXAMPLES[code])
        docs[code] = {"model": ValidationErrorOut if code == 422 else ErrorOut,
                      "description": words[code],
                      "content": {"application/json": {"example": example}}}
    return docs


class ArticleStatusOut(BaseModel):
    """An archive article's fix status, as its STATUS section and trailer say;
    with ``version`` asked, whether that version has the fix."""

    solution: Solution
    confirmed_in: list[str]
    fixed_in: str | None
    fixed_in_kind: FixedInKind | None
    source: Literal["text", "trailer", "pack", "none"]
    your_version: str | None = None
    fixed_in_your_version: bool | None = None


class ArticleOut(Article):
    """One article, whole, with its fix ``status``."""

    status: ArticleStatusOut

