"""uvicorn's httptools protocol with TCP_NODELAY on each connection (see
:mod:`advisor.http.serving`). Importing this module fails where httptools is
not installed; the server then uses h11."""

from __future__ import annotations

import asyncio

import httptools  # noqa: F401  (the ImportError that tells httptools is missing)
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from advisor.http.limits import MAX_HEAD, ReadDeadline, limits_from_env
from advisor.http.nodelay import set_nodelay

__all__ = ["NoDelayHttpToolsProtocol", "WorkerHttpTools"]


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with TCP_NODELAY on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json"
              b"\r\nconnection: close\r\ncontent-length: %d\r\n\r\n%s")
_TOO_LARGE_BODY = b'{"detail":"the request line and headers are larger than %d bytes"}' % MAX_HEAD


class WorkerHttpTools(ReadDeadline, NoDelayHttpToolsProtocol):  # type: ignore[misc]
    """The server's protocol where httptools is installed: TCP_NODELAY, the read
    deadline and the connection cap of :mod:`advisor.http.limits` (its limits set
    by the server, or taken from the environment in a spawned worker), and a
    request head of at most :data:`~advisor.http.limits.MAX_HEAD` bytes (431)."""

    _head_bytes = 0
    _in_head = True

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # httptools keeps a header it has not finished in memory, however long:
        # count what arrives until the head is complete (a chunk past the limit
        # at most is held).
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD:
                self.transport.write(_TOO_LARGE % (len(_TOO_LARGE_BODY), _TOO_LARGE_BODY))
                self.transport.close()

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._request_arrived()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._in_head, self._head_bytes = True, 0  # the next request's head


limits_from_env(WorkerHttpTools)
