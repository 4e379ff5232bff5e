"""uvicorn's httptools protocol with TCP_NODELAY on each connection (see
:mod:`advisor.http.serving`). Importing this module fails where httptools is
not installed; the server then uses h11."""

from __future__ import annotations

import asyncio

import httptools  # noqa: F401  (the ImportError that tells httptools is missing)
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from advisor.http.limits import ReadDeadline, limits_from_env
from advisor.http.nodelay import set_nodelay

__all__ = ["NoDelayHttpToolsProtocol", "WorkerHttpTools"]


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with TCP_NODELAY on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


class WorkerHttpTools(ReadDeadline, NoDelayHttpToolsProtocol):  # type: ignore[misc]
    """The protocol of each of several workers: httptools with TCP_NODELAY, the
    read deadline and the connection cap of :mod:`advisor.http.limits` (taken
    from the environment the parent process left)."""

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._request_arrived()


limits_from_env(WorkerHttpTools)
