"""HTTP routes beyond advice and sessions: describing a problem in words,
searching the Knowledge Base archive, the registry fix, evidence files and the
report. :func:`add_action_routes` adds them to the app of :mod:`advisor.http.app`;
what each takes and gives is in the OpenAPI schema.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from advisor.advice import Advice
from advisor.api import Advisor
from advisor.archive import KBStore, SearchHit, triage
from advisor.errors import EvidenceError, UsageError
from advisor.evidence import Evidence, EvidenceNote, parse_evidence
from advisor.facts import Facts
from advisor.http import examples
from advisor.http.bodies import JSON, json_body, json_response
from advisor.http.schemas import SESSION_ID_PATTERN, NoFixOut, error_docs, facts_schema
from advisor.http.work import Offload
from advisor.knowledge import Knowledge
from advisor.output import NoRegistryFix, registry_export, render_report
from advisor.session import Session, SessionStore

#: The search reply's header naming the corrections of misspelt words.
_CORRECTIONS = "Advisor-Corrections"

__all__ = ["add_action_routes"]


class DescribeIn(BaseModel):
    """A problem in the user's own words."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [e["value"] for e in examples.DESCRIBE_EXAMPLES.values()]})

    text: str = Field(min_length=1, max_length=4000, pattern=r"\S")


class EvidenceIn(BaseModel):
    """An evidence file: its name (for messages) and its bytes, base64-encoded."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [e["value"] for e in examples.EVIDENCE_EXAMPLES.values()]})

    filename: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f/\\]+$")
    content_base64: str = Field(max_length=60_000, pattern=(
        r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"))


class RegOut(BaseModel):
    """The registry fix: the .reg file (REGEDIT4, CRLF; save it as ANSI) and the
    same change as ``reg add`` command lines. Never applied by the advisor."""

    reg_file: str
    commands: list[str]


_ID = PathParam(pattern=SESSION_ID_PATTERN, max_length=64,
                description="The id the session was created with.",
                examples=["vK3q0mJx2bqf8Yc1Qe7ZtN4w"])


def add_action_routes(app: FastAPI, advisor: Advisor, sessions: SessionStore,
                      kb: Callable[[], KBStore],
                      facts: Callable[[dict[str, Any], tuple[str, ...]], Facts],
                      view: Callable[[Session], dict[str, Any]],
                      change: Callable[[SessionStore, str, Callable[[Session], object]],
                                       Session], offload: Offload) -> None:
    """Add the routes above. ``kb`` opens the article store on first use;
    ``facts`` (validation), ``view`` (a session as JSON data) and ``change``
    (a stored session changed safely) are the server's own helpers; ``offload``
    runs each route's work off the event loop, with a deadline."""
    knowledge = advisor.knowledge
    no_fix: dict[int | str, dict[str, Any]] = {409: {
        "model": NoFixOut, "description": "No registry change applies, and why.",
        "content": {JSON: {"example": examples.no_fix_example(advisor)}}}}

    @app.post("/v1/describe", tags=["knowledge"], operation_id="describe",
              responses=error_docs(413, 415, 422))
    async def describe(body: DescribeIn) -> Response:
        """Read a description: the candidate articles, the facts it states (to
        confirm), and what articles without rules say. Nothing found is an
        empty result, not an error."""
        return await offload(lambda: json_response(triage(knowledge, kb(), body.text).to_json()))

    @app.get("/v1/kb/search", response_model=list[SearchHit], tags=["knowledge"],
             operation_id="search", responses={**error_docs(422), 200: {
                 "description": "The hits, best first.",
                 "headers": {_CORRECTIONS: {
                     "description": (
                         "Sent when words of the query look misspelt: a JSON object "
                         "(ASCII, non-ASCII letters escaped) of each such word and the "
                         "word the search also looked for, e.g. "
                         '{"inventroy": "inventory"}.'),
                     "schema": {"type": "string"}}}}})
    async def search(q: Annotated[str, Query(min_length=1, max_length=1000, description=(
                         "What to look for, in your own words, or an article id."),
                         examples=["netware server never updated, a user keeps a file open"])],
                     limit: Annotated[int, Query(ge=1, le=100, description="Most hits returned.",
                                                 examples=[10])] = 10,
                     product: Annotated[str | None, Query(max_length=200, description=(
                         "Only this product's articles: a name or alias such as sms, nt, "
                         "exchange."), examples=["sms"])] = None) -> Response:
        """Ranked search of the article store (BM25; title and symptoms weigh most;
        an article id goes straight to the article). Each hit has its product and fix
        status and can be fetched from ``/v1/kb/articles/{id}``. A query with nothing
        to search for (only punctuation or common words) finds nothing."""
        def work() -> Response:
            store = kb()
            try:
                hits = [hit.to_json() for hit in store.search(q, limit=limit, product=product)]
            except UsageError:
                return json_response([])
            # The body stays a list (its contract); what was also searched for
            # rides in a header, as the CLI prints it beside the hits.
            fixes = store.corrections(q)
            return json_response(hits, headers={_CORRECTIONS: json.dumps(fixes)} if fixes
                                 else None)

        return await offload(work)

    @app.post("/v1/reg", response_model=RegOut, tags=["advice"], operation_id="registry_fix",
              responses={**error_docs(413, 415, 422), **no_fix},
              openapi_extra={"requestBody": {"required": True, "content": {
                  JSON: {"schema": facts_schema(), "examples": examples.FACTS_EXAMPLES}}}})
    async def registry_fix(request: Request) -> Response:
        """The registry fix for a JSON object of facts."""
        body = json_body(request.scope)
        if not isinstance(body, dict):
            raise _invalid(("body",), "expected an object of facts", None)
        return await offload(lambda: _reg(knowledge, advisor.advise(facts(body, ("body",)))))

    @app.get("/v1/sessions/{session_id}/reg", response_model=RegOut, tags=["sessions"],
             operation_id="session_registry_fix",
             responses={**error_docs(404, 422, 503), **no_fix})
    async def session_registry_fix(session_id: Annotated[str, _ID]) -> Response:
        """The registry fix for a session's advice."""
        return await offload(lambda: _reg(knowledge, _load(sessions, session_id).advice()))

    @app.post("/v1/sessions/{session_id}/evidence", tags=["sessions"],
              operation_id="evidence", responses=error_docs(404, 409, 413, 415, 422, 503))
    async def evidence(session_id: Annotated[str, _ID], body: EvidenceIn) -> Response:
        """Fill facts from an evidence file; facts the user answered are kept."""
        return await offload(lambda: _evidence(session_id, body))

    def _evidence(session_id: str, body: EvidenceIn) -> Response:
        try:
            data = base64.b64decode(body.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _invalid(("body", "content_base64"), f"not base64: {exc}", None) from None
        try:
            found = parse_evidence(data, body.filename)
        except EvidenceError as exc:
            # A file that cannot be read fills no fact; the reply says why, with
            # its name and line, beside the unchanged session.
            found = Evidence(problems=[EvidenceNote(
                message=exc.message, path=str(exc.path) if exc.path else body.filename,
                line=exc.line)])

        return json_response({**view(change(sessions, session_id,
                                            lambda session: session.add_evidence(found))),
                              "evidence": found.to_json()})

    @app.get("/v1/sessions/{session_id}/report", tags=["sessions"], operation_id="report",
             responses={200: {"content": {"text/markdown": {}}}, **error_docs(404, 422, 503)})
    async def report(session_id: Annotated[str, _ID]) -> Response:
        """The session's case as a Markdown report."""
        def work() -> Response:
            session = _load(sessions, session_id)
            text = render_report(knowledge, session.advice(), answers=session.answers,
                                 session_id=session.id)
            return Response(text, media_type="text/markdown; charset=utf-8")

        return await offload(work)


def _load(sessions: SessionStore, session_id: str) -> Session:
    session = sessions.load(session_id)
    if session is None:
        raise HTTPException(404, "no such session")
    return session


def _reg(knowledge: Knowledge, advice: Advice) -> Response:
    export = registry_export(knowledge, advice)
    if isinstance(export, NoRegistryFix):
        return json_response({"detail": "no registry change applies",
                              "reasons": list(export.reasons)}, 409)
    return Response(RegOut(reg_file=export.text, commands=list(export.commands))
                    .model_dump_json(), media_type=JSON)


def _invalid(loc: tuple[str, ...], message: str, value: object) -> RequestValidationError:
    return RequestValidationError([{"type": "invalid", "loc": list(loc), "msg": message,
                                    "input": value}])
