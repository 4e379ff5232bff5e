"""The HTTP API: a FastAPI application (its contract is its OpenAPI schema, at
``/openapi.json``). ``advisor serve`` runs it."""

from advisor.http.app import create_app

__all__ = ["create_app"]
