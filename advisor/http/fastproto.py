"""uvicorn's httptools protocol with TCP_NODELAY on each connection (see
:mod:`advisor.http.serving`). Importing this module fails where httptools is
not installed; the server then uses h11."""

from __future__ import annotations

import asyncio

import httptools  # noqa: F401  (the ImportError that tells httptools is missing)
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from advisor.http.nodelay import set_nodelay

__all__ = ["NoDelayHttpToolsProtocol"]


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with TCP_NODELAY on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
