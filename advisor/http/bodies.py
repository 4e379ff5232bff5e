"""Checking every request body before any route sees it: at most
:data:`MAX_BODY` bytes, JSON, not absurdly nested (:class:`JsonBodies`); and
writing JSON replies (:func:`json_response`)."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic_core import PydanticSerializationError, to_json
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.errors import InputError
from advisor.http.text import scrub, unusable

__all__ = ["JSON", "MAX_BODY", "MAX_DEPTH", "JsonBodies", "json_body", "json_response", "raw_body"]

#: Largest request body accepted, in bytes.
MAX_BODY = 64 * 1024
#: Deepest JSON nesting accepted in a request body (ours are at most 3 deep).
MAX_DEPTH = 32
#: The media type of every body.
JSON = "application/json"
#: Where :class:`JsonBodies` leaves the decoded body in the ASGI scope.
_DECODED = "advisor.json_body"
#: And the body's bytes as they came.
_RAW = "advisor.raw_body"
_NO_BODY = object()


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
            scope[_RAW] = body
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


def raw_body(scope: Scope) -> bytes:
    """The bytes of the body :func:`json_body` decoded (empty when there was none)."""
    raw: bytes = scope.get(_RAW, b"")
    return raw


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



