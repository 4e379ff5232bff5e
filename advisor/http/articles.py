"""The article routes of the HTTP API: the article store's listing and its
articles, each with its fix status (every search hit can be fetched)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from fastapi import Path as PathParam
from starlette.responses import Response

from advisor.archive import ArticleSummary as StoreSummary
from advisor.archive import KBStore, has_fix
from advisor.errors import ArticleNotFoundError
from advisor.http.bodies import json_response
from advisor.http.schemas import ArticleOut, error_docs

__all__ = ["add_article_routes"]

ArticleId = Annotated[str, PathParam(pattern=r"^[Qq]?\d{5,6}$", max_length=7,
                                     description="The article id, such as Q202063 "
                                                 "(any case, or the number alone).",
                                     examples=["Q202063"])]


def add_article_routes(app: FastAPI, kb: Callable[[], KBStore]) -> None:
    """The article endpoints, backed by the article store (every search hit can be
    fetched)."""

    @app.get("/v1/kb/articles", response_model=list[StoreSummary], tags=["knowledge"],
             operation_id="list_articles", responses=error_docs(422))
    def list_articles(
            product: Annotated[str | None, Query(max_length=200, description=(
                "Only this product's articles: a name or alias (sms, nt, exchange), "
                "else any product containing the text."))] = None,
            keyword: Annotated[str | None, Query(max_length=100)] = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
        """The articles in the store, in id order, each with its product and fix
        status."""
        found = kb().list_articles(product=product, keyword=keyword, limit=limit)
        return json_response([item.to_json() for item in found])

    @app.get("/v1/kb/articles/{article_id}", response_model=ArticleOut, tags=["knowledge"],
             operation_id="get_article", responses=error_docs(404, 422))
    def get_article(article_id: ArticleId,
                    version: Annotated[str | None, Query(max_length=40, description=(
                        "Your product version (such as 1.2 or '1.2 SP3'): the status "
                        "then says whether it has the fix."))] = None) -> Response:
        """One article, whole (its header fields and every section's text), with its
        fix ``status``. Ids ignore case; ``202063`` is ``Q202063``."""
        store = kb()
        try:
            article, status = store.get(article_id), store.status(article_id)
        except ArticleNotFoundError:
            raise HTTPException(404, "no such article") from None
        document = article.model_dump(mode="json")
        document["status"] = status.to_json()
        if version is not None:
            document["status"].update(your_version=version,
                                      fixed_in_your_version=has_fix(status, version))
        return json_response(document)
