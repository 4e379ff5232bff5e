"""The HTTP API's application: what ``advisor serve`` runs.

The contract is the OpenAPI schema (``/openapi.json``, with examples), shown by
the docs page at ``/docs``, which works offline: its Swagger UI files are served
from the installed ``fastapi-offline`` package, never from a CDN.

``create_app()`` builds the application; ``advisor serve --workers N`` runs it in
N processes (see :mod:`advisor.http.serving`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from pydantic_core import to_json
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from advisor._version import __version__
from advisor.advice import Advice
from advisor.advice.cache import LRU
from advisor.api import Advisor, default_advisor
from advisor.archive import KBStore
from advisor.errors import (
    FactError,
    FactsError,
    SessionError,
    SessionStoreError,
)
from advisor.facts import SKIP, VOCABULARY, Facts
from advisor.http import examples
from advisor.http.actions import add_action_routes
from advisor.http.articles import add_article_routes
from advisor.http.bodies import (
    JSON,
    MAX_BODY,
    JsonBodies,
    json_body,
    json_response,
    raw_body,
)
from advisor.http.schemas import (
    SESSION_ID_PATTERN,
    AnswerIn,
    Health,
    SessionCreate,
    SessionView,
    error_docs,
    facts_schema,
    json_number,
)
from advisor.http.work import Offload
from advisor.session import DEFAULT_IDLE, Answer, Session, SessionStore, open_session_store

__all__ = ["MAX_ANSWERS", "MAX_BODY", "create_app"]

#: Most answers one session keeps (a person answers a dozen questions).
MAX_ANSWERS = 1000

SessionId = Annotated[str, PathParam(pattern=SESSION_ID_PATTERN, max_length=64,
                                     description="The id the session was created with.",
                                     examples=["vK3q0mJx2bqf8Yc1Qe7ZtN4w"])]
#: Where the docs page's files are served from.
DOCS_ASSETS = "/docs-assets"
#: Advice replies kept, by request body (about 17 KB each): the same facts come
#: again and again (the common cases, a client polling), and advice never changes
#: while the server runs.
REPLIES = 256
#: Bodies longer than this are not kept (a body of facts is well under 1 KB).
_KEPT_BODY = 4096


def _json_examples(named: dict[str, Any]) -> dict[str, Any]:
    return {"content": {JSON: {"examples": named}}}


def create_app(advisor: Advisor | None = None, *, db_path: str | Path | None = None,
               kb_db: Path | None = None, session_idle: float | None = DEFAULT_IDLE
               ) -> FastAPI:
    """The web application: the advisor's HTTP API over ``advisor`` (the bundled
    one by default), keeping sessions at ``db_path``: a SQLite file (default:
    ``sessions.sqlite3`` in the data directory) or a ``postgresql://`` URL; and
    searching the article store at ``kb_db`` (default: the one ``advisor kb``
    uses). A session not changed for ``session_idle`` seconds expires (``None``:
    never); expired sessions are purged.

    Raises :class:`~advisor.session.store.SessionStoreError` when the database
    cannot be opened.
    """
    advisor = advisor if advisor is not None else default_advisor()
    store = open_session_store(db_path, advisor, idle=session_idle)
    store.open()
    offload = Offload()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            offload.close()
            store.close()
            articles.close()

    app = FastAPI(
        title="advisor", version=__version__, lifespan=lifespan, redoc_url=None,
        docs_url=None,
        description="Troubleshooting advice for SMS 1.x/2.0 software distribution, from "
                    "Knowledge Base articles. Post the facts you know and get what is "
                    "wrong, what to do and which answers could change that; or run a "
                    "session that asks one question at a time.")
    app.add_middleware(JsonBodies)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(SessionStoreError, _store_busy)
    app.add_exception_handler(Exception, _crashed)
    _add_docs(app)
    _add_routes(app, advisor, store, offload)
    articles = _LazyStore(kb_db)
    add_article_routes(app, articles.get)
    add_action_routes(app, advisor, store, articles.get, _facts, _view_data, _change, offload)
    app.openapi()  # built now, once: every worker serves the same schema from its start
    return app


class _LazyStore:
    """The article store, opened on the first request that needs it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.store: KBStore | None = None
        self.lock = threading.Lock()

    def close(self) -> None:
        with self.lock:
            if self.store is not None:
                self.store.close()
                self.store = None

    def get(self) -> KBStore:
        with self.lock:
            if self.store is None:
                self.store = KBStore(self.path)
            return self.store


def _add_docs(app: FastAPI) -> None:
    """The docs page, with Swagger UI's files from the installed fastapi-offline
    package: it works without a network."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="advisor: HTTP API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")


def _add_routes(app: FastAPI, advisor: Advisor, store: SessionStore, offload: Offload) -> None:
    netware_advice = examples.advice_example(advisor, examples.NETWARE)
    fast_advice = examples.advice_example(advisor, examples.FAST_10_5)
    # The same body always decodes to the same facts, so its bytes are the key: a
    # hit costs a dictionary lookup on the event loop, no parsing, no worker.
    replies: LRU[bytes, bytes] = LRU(REPLIES)
    sample = Session(advisor, tuple(Answer(f, v, at=1764590400.0)
                                    for f, v in examples.NETWARE.items()),
                     id="vK3q0mJx2bqf8Yc1Qe7ZtN4w", created=1764590400.0)
    session_example = {"content": {JSON: {"example": json.loads(to_json(_view_data(sample)))}}}

    @app.get("/healthz", response_model=Health, tags=["service"], operation_id="health")
    async def health() -> dict[str, str]:
        """Whether the service is up."""
        return {"status": "ok"}

    # The body is documented here but taken as JsonBodies decoded it: having
    # FastAPI decode and validate it again cost a tenth of the request's time in
    # the application, on the endpoint that has to be fast.
    @app.post("/v1/advice", response_model=Advice, tags=["advice"],
              operation_id="advise",
              responses={200: _json_examples({
                  "netware": {"summary": "The NetWare case", "value": netware_advice},
                  "fast_10_5": {"summary": "The Fast/10/5 case", "value": fast_advice}}),
                  **error_docs(413, 415, 422)},
              openapi_extra={"requestBody": {"required": True, "content": {
                  JSON: {"schema": facts_schema(), "examples": examples.FACTS_EXAMPLES}}}})
    async def advise(request: Request) -> Response:
        """The advice for a JSON object of facts: what is wrong, what to do (registry
        values exactly), the fix status for your version, and the questions whose
        answers could still change the advice."""
        facts = json_body(request.scope)
        if not isinstance(facts, dict):
            raise RequestValidationError([{"type": "dict_type", "loc": ["body"], "input": facts,
                                           "msg": "expected an object of facts"}])
        key = raw_body(request.scope)
        kept = replies.get(key)
        if kept is not None:
            return Response(kept, media_type=JSON)

        # In a worker: advice is quick, but checking thousands of unknown names
        # (each with a "did you mean") is not, and the loop must stay free.
        def work() -> Response:
            reply = advisor.advise(_facts(facts, ("body",))).model_dump_json().encode()
            if len(key) <= _KEPT_BODY:
                replies.put(key, reply)
            return Response(reply, media_type=JSON)

        return await offload(work)

    links = {name: {"operationId": op, "parameters": {"session_id": "$response.body#/id"}}
             for name, op in (("GetSession", "get_session"), ("Answer", "answer"),
                              ("Undo", "undo"))}

    @app.post("/v1/sessions", status_code=201, response_model=SessionView, tags=["sessions"],
              operation_id="create_session",
              responses={201: {"links": links, **session_example},
                         **error_docs(413, 415, 422, 503)},
              openapi_extra={"requestBody": {"content": {
                  JSON: {"examples": examples.SESSION_EXAMPLES}}}})
    async def create_session(body: SessionCreate | None = None) -> Response:
        """Start a troubleshooting session. ``facts`` (optional) are recorded as its
        first answers. The reply has the session ``id`` for the other calls."""

        def work() -> Response:
            answers: tuple[Answer, ...] = ()
            if body is not None and body.facts is not None:
                known = _facts(body.facts, ("body", "facts")).known()
                answers = tuple(Answer(fact, value) for fact, value in known.items())
            session = Session(advisor, answers)
            store.create(session)
            return _view(session, 201, {"Location": f"/v1/sessions/{session.id}"})

        # Every session route computes advice: in the bounded pool, with its deadline.
        return await offload(work)

    @app.get("/v1/sessions/{session_id}", response_model=SessionView, tags=["sessions"],
             operation_id="get_session",
             responses={200: session_example, **error_docs(404, 422, 503)})
    async def get_session(session_id: SessionId) -> Response:
        """A session: its answers, the next question (null when no answer could
        change the advice any more) and the current advice."""

        def work() -> Response:
            session = store.load(session_id)
            if session is None:
                raise HTTPException(404, "no such session")
            return _view(session)

        return await offload(work)

    @app.post("/v1/sessions/{session_id}/answers", response_model=SessionView,
              tags=["sessions"], operation_id="answer",
              responses=error_docs(404, 409, 413, 415, 422, 503,
                                   examples={422: examples.MISSING_VALUE}),
              openapi_extra={"requestBody": {"content": {
                  JSON: {"examples": examples.ANSWER_EXAMPLES}}}})
    async def answer(session_id: SessionId, body: AnswerIn) -> Response:
        """Answer one question (any fact, asked or not; a fact answered before is
        revised). ``value`` is required unless ``"skip": true``, which answers
        "unknown": the question is not asked again. ``null`` is an answer only for
        the registry values, where it means the value is absent."""
        _check_answer(body)
        unknown = body.skip

        def record(session: Session) -> None:
            if len(session.answers) >= MAX_ANSWERS:
                raise HTTPException(409, f"the session has {MAX_ANSWERS} answers, the most "
                                         "it keeps; start a new one")
            try:
                session.answer(body.fact, SKIP if unknown else body.value,
                               source=body.source, detail=body.detail)
            except FactsError as exc:
                raise RequestValidationError(
                    [_fact_error(e, ("body", "fact" if e.fact not in VOCABULARY else "value"))
                     for e in exc.errors]) from None

        return await offload(lambda: _view(_change(store, session_id, record)))

    @app.post("/v1/sessions/{session_id}/undo", response_model=SessionView,
              tags=["sessions"], operation_id="undo",
              responses=error_docs(404, 409, 413, 415, 422, 503))
    async def undo(session_id: SessionId) -> Response:
        """Take back the latest answer (an earlier answer to the same fact comes
        back in force). 409 when there is no answer to take back."""

        def take_back(session: Session) -> None:
            try:
                session.undo()
            except SessionError:
                raise HTTPException(409, "there is no answer to undo") from None

        return await offload(lambda: _view(_change(store, session_id, take_back)))


def _check_answer(body: AnswerIn) -> None:
    """An answer has a value, or skip, not both; null only where it means absent."""
    given = "value" in body.model_fields_set
    if body.skip and given:
        raise RequestValidationError([{
            "type": "value_with_skip", "loc": ["body", "value"], "input": body.value,
            "msg": 'give either a value or "skip": true, not both'}])
    if not body.skip and not given:
        raise RequestValidationError([{
            "type": "missing", "loc": ["body", "value"], "input": None,
            "msg": 'Field required: give the answer\'s value, or "skip": true for unknown'}])
    spec = VOCABULARY.get(body.fact)
    if given and body.value is None and spec is not None and not spec.nullable:
        raise RequestValidationError([{
            "type": "null_value", "loc": ["body", "value"], "input": None,
            "msg": f'{body.fact}: null is not an answer; give a value, or "skip": true '
                   "for unknown"}])


def _facts(data: dict[str, Any], loc: tuple[str, ...]) -> Facts:
    try:
        return Facts.parse({name: json_number(value) for name, value in data.items()})
    except FactsError as exc:
        raise RequestValidationError(
            [_fact_error(e, (*loc, e.fact)) for e in exc.errors]) from None


def _fact_error(error: FactError, loc: tuple[str, ...]) -> dict[str, Any]:
    item = {"type": "unknown_fact" if error.fact not in VOCABULARY else "invalid_fact",
            "loc": list(loc), "msg": f"{error.fact}: {error.message}", "input": error.value}
    if error.hint:
        item["hint"] = error.hint
    return item


def _change(store: SessionStore, session_id: str,
            change: Callable[[Session], object]) -> Session:
    done = store.change(session_id, change)
    if done is None:
        raise HTTPException(404, "no such session")
    return done[0]


def _view(session: Session, status: int = 200, headers: dict[str, str] | None = None
          ) -> Response:
    return json_response(_view_data(session), status, headers)


def _view_data(session: Session) -> dict[str, Any]:
    question = session.next_question()
    skipped = session.skipped
    return {
        "id": session.id,
        "created": session.created,
        "answers": [a.to_json() for a in session.answers],
        "facts": session.facts.known(),
        "skipped": [f for f in VOCABULARY if f in skipped],
        "complete": question is None,
        "next_question": question.to_json() if question is not None else None,
        "advice": session.advice(),
    }


async def _invalid_request(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    return json_response({"detail": [{k: v for k, v in e.items() if k != "url"}
                                     for e in errors]}, 422)


async def _store_busy(request: Request, exc: Exception) -> Response:
    return json_response({"detail": "the session store is busy; try again"}, 503,
                         {"Retry-After": "1"})


async def _crashed(request: Request, exc: Exception) -> Response:
    # The server logs the exception; the client learns nothing about internals.
    return json_response({"detail": "internal server error"}, 500)
