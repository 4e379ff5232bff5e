"""The request and response bodies of the HTTP API (see :mod:`advisor.http.app`).

The models describe the JSON the API takes and gives; they are what the OpenAPI
schema at ``/openapi.json`` documents. The advice itself is
:class:`advisor.advice.model.Advice`, and an article :class:`advisor.articles.model.Article`.

:class:`JsonBodies` checks every request body before any route sees it: at most
:data:`MAX_BODY` bytes, JSON, not absurdly nested.
"""

from __future__ import annotations

import copy
import json
import math
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticSerializationError, to_json
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.advice import Advice
from advisor.errors import InputError
from advisor.facts import VOCABULARY, Facts, FactValue
from advisor.http.text import scrub, unusable
from advisor.session import SESSION_ID

__all__ = [
    "JSON",
    "MAX_BODY",
    "MAX_DEPTH",
    "SESSION_ID_PATTERN",
    "AnswerIn",
    "AnswerOut",
    "ErrorOut",
    "FactsBody",
    "FieldError",
    "Health",
    "JsonBodies",
    "QuestionOut",
    "SessionCreate",
    "SessionView",
    "ValidationErrorOut",
    "facts_schema",
    "json_body",
    "json_number",
    "json_response",
]

#: What a session id looks like, anchored for a JSON schema.
SESSION_ID_PATTERN = f"^{SESSION_ID.pattern}$"
#: Largest request body accepted, in bytes.
MAX_BODY = 64 * 1024
#: Deepest JSON nesting accepted in a request body (ours are at most 3 deep).
MAX_DEPTH = 32
#: The media type of every body.
JSON = "application/json"
#: Where :class:`JsonBodies` leaves the decoded body in the ASGI scope.
_DECODED = "advisor.json_body"
_NO_BODY = object()


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


def _answer_schema(schema: dict[str, Any]) -> None:
    # Which values a fact takes, and that a skip has no value, so that the schema
    # admits only answers the API accepts.
    facts = Facts.model_json_schema()["properties"]
    schema["oneOf"] = [{"properties": {"fact": {"const": name},
                                       "value": {"anyOf": facts[name]["anyOf"]}}}
                       for name in VOCABULARY]
    schema["anyOf"] = [{"properties": {"skip": {"const": False}}},
                       {"properties": {"value": {"type": "null"}}}]


class AnswerIn(_In):
    """An answer to one question of a session.

    ``value`` is the fact's value (``null`` is "absent" for the registry values and
    "unknown" for the other facts). ``skip: true`` answers "unknown": the question
    is not asked again.
    """

    model_config = ConfigDict(json_schema_extra=_answer_schema)

    fact: Annotated[str, Field(max_length=100), WithJsonSchema(
        {"type": "string", "enum": list(VOCABULARY),
         "description": "The fact answered (a name from the facts vocabulary)."})]
    value: FactValue = Field(default=None, description="The answer; see the facts schema.")
    skip: bool = Field(default=False, description='Answer "unknown" (give no value).')
    source: Literal["answer", "description"] = Field(
        default="answer", description='"description" for a fact confirmed from '
        "POST /v1/describe's proposals.")
    detail: str | None = Field(default=None, max_length=200,
                               description="Where the answer came from, such as the words "
                               "of the description that suggested it.")

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
    the answers it allows, and what it decides between (diagnosis titles and the
    articles behind them)."""

    fact: str
    kind: Literal["choice", "bool", "int"]
    question: str
    help: str
    answers: list[dict[str, Any]] = Field(description=(
        "Allowed answers: for a choice or a flag, each value and its label; for a number, "
        "its range and unit (and null with its label where null means absent)."))
    decides: list[str]
    articles: list[str]


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


# Checking request bodies ---------------------------------------------------

def json_response(content: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """A JSON reply: ``content`` may hold pydantic models (the advice)."""
    # pydantic's serialiser writes models (the advice) without validating them
    # again; fallback/inf_nan keep odd echoed input from breaking an error reply.
    try:
        body = to_json(content, fallback=str, inf_nan_mode="strings")
    except (PydanticSerializationError, UnicodeError):
        # Input echoed in an error (a lone surrogate) that UTF-8 cannot hold: the
        # one place every reply is built, so no endpoint answers 500 for it.
        body = to_json(scrub(content), fallback=str, inf_nan_mode="strings")
    return Response(body, status, headers, media_type=JSON)


class JsonBodies:
    """Reads each request body before the application does and refuses it, with
    a JSON reply, when it is larger than :data:`MAX_BODY` (by its Content-Length
    or by the bytes that arrive, chunked or not), not JSON, or nested deeper than
    :data:`MAX_DEPTH`; so no route meets an oversized or hostile body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY:
            await _too_large()(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body:
            decoded = _decode(headers.get("content-type"), body)
            if isinstance(decoded, Response):
                await decoded(scope, receive, send)
                return
            scope[_DECODED] = decoded
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _too_large() -> Response:
    # Close the connection: the rest of the body is never read.
    return json_response({"detail": f"the request body is larger than {MAX_BODY} bytes"},
                         413, {"Connection": "close"})


def json_body(scope: Scope) -> object:
    """The request's body as :class:`JsonBodies` decoded it; raises
    :class:`~fastapi.exceptions.RequestValidationError` when there is none."""
    value = scope.get(_DECODED, _NO_BODY)
    if value is _NO_BODY:
        raise RequestValidationError([{"type": "missing", "loc": ["body"], "input": None,
                                       "msg": "Field required"}])
    return value


def _decode(content_type: str | None, body: bytes) -> object:
    media = (content_type or "").split(";")[0].strip().lower()
    if media != JSON and not (media.startswith("application/") and media.endswith("+json")):
        return json_response({"detail": "the request body must be JSON "
                                        "(Content-Type: application/json)"}, 415)
    try:
        value = json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return _body_error(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except UnicodeDecodeError:
        return _body_error("invalid JSON: not UTF-8 text")
    except _BadNumber as exc:
        return _body_error(f"invalid JSON: {exc}")
    except ValueError:  # Python's limit on the digits of an integer
        return _body_error("invalid JSON: a number has too many digits")
    except RecursionError:
        return _body_error("invalid JSON: nested too deeply")
    problem = unusable(value, MAX_DEPTH)
    if problem is not None:
        return _body_error(*problem)
    return value


def _body_error(message: str, loc: tuple[str | int, ...] = ()) -> Response:
    return json_response({"detail": [{"type": "json_invalid", "loc": ["body", *loc],
                                      "msg": message, "input": None}]}, 422)


class _BadNumber(InputError):
    pass


def _no_constant(name: str) -> Any:
    raise _BadNumber(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(f"number out of range: {text[:40]}")
    return value


def error_docs(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses an operation can answer."""
    words = {404: "No such session or article.", 409: "The change is not possible now.",
             413: f"The body is larger than {MAX_BODY} bytes.",
             415: "The body is not JSON.", 503: "The session store is busy; try again."}
    docs: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut, "description": words[code]} for code in codes if code != 422}
    if 422 in codes:
        docs[422] = {"model": ValidationErrorOut,
                     "description": "Invalid input: one entry per problem."}
    return docs
