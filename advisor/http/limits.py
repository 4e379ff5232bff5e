"""Limits on connections, for ``advisor serve`` (uvicorn's HTTP/1.1 protocol).

uvicorn closes an idle keep-alive connection, but not one that sends its request
slowly: a client trickling a header a byte a minute keeps its socket, and a few
hundred such clients hold the server's file descriptors. :class:`LimitedH11`
gives every request a deadline for arriving whole (headers and body,
:data:`READ_TIMEOUT` seconds from the connection or the previous response) and
closes the connection when it is missed; it also refuses connections beyond
:data:`MAX_CONNECTIONS` at once. :func:`server_options` gives uvicorn's own
limits to go with it.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from advisor.http.nodelay import set_nodelay

__all__ = ["LIMITS_ENV", "MAX_CONNECTIONS", "READ_TIMEOUT", "LimitedH11", "ReadDeadline",
           "WorkerH11", "limits_from_env", "server_options"]

#: Seconds a request may take to arrive whole (headers and body).
READ_TIMEOUT = 10.0
#: Connections open at once; more are closed as they arrive.
MAX_CONNECTIONS = 200
#: The environment variable that carries the limits to spawned worker processes.
LIMITS_ENV = "ADVISOR_SERVE_LIMITS"
#: Largest request head (request line and headers), in bytes.
MAX_HEAD = 16 * 1024


class ReadDeadline:
    """The read deadline and connection cap, for any of uvicorn's HTTP/1.1
    protocols: put it before the protocol class in the bases. The protocol tells
    it when a request has arrived whole (:meth:`_request_arrived`)."""

    read_timeout: float = READ_TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    _read_deadline: asyncio.TimerHandle | None = None
    # What the uvicorn protocol it is mixed into has:
    connections: set[Any]
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arrived = False
        if len(self.connections) > self.max_connections:
            transport.close()
            return
        self._start_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        # The next request on this keep-alive connection gets a deadline of its own.
        self._arrived = False
        if not self.transport.is_closing():
            self._start_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def _request_arrived(self) -> None:
        self._arrived = True
        self._stop_deadline()  # the request is in; the response takes its time

    def _start_deadline(self) -> None:
        self._stop_deadline()
        self._read_deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        if not self.transport.is_closing() and not self._arrived:
            self.transport.close()


class LimitedH11(ReadDeadline, H11Protocol):  # type: ignore[misc]
    """uvicorn's h11 protocol with a deadline for each request to arrive whole and
    a cap on open connections (class attributes, set by :func:`server_options`)."""

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._request_arrived()


def limits_from_env(protocol: type[ReadDeadline]) -> None:
    """Give ``protocol`` the limits the parent process left in :data:`LIMITS_ENV`
    (worker processes are spawned: they take protocol classes by name, which are
    set up when a worker imports them)."""
    raw = os.environ.get(LIMITS_ENV)
    data = json.loads(raw) if raw else {}
    protocol.read_timeout = float(data.get("read_timeout", READ_TIMEOUT))
    protocol.max_connections = int(data.get("max_connections", MAX_CONNECTIONS))


class WorkerH11(LimitedH11):
    """:class:`LimitedH11` with TCP_NODELAY, its limits from the environment: the
    protocol of each of several workers where httptools is not installed."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


limits_from_env(WorkerH11)


def server_options(*, read_timeout: float = READ_TIMEOUT,
                   max_connections: int = MAX_CONNECTIONS) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.Config``: the protocol above and uvicorn's
    own limits (503 beyond ``max_connections`` requests in hand, idle keep-alive
    connections closed after 5 s, request heads of at most :data:`MAX_HEAD` bytes)."""
    protocol = type("LimitedH11", (LimitedH11,), {"read_timeout": read_timeout,
                                                  "max_connections": max_connections})
    # uvicorn counts connections too: one over our cap, so that only requests
    # beyond it (not the connections already refused) get its 503.
    return {"http": protocol, "limit_concurrency": max_connections + 1, "timeout_keep_alive": 5,
            "h11_max_incomplete_event_size": MAX_HEAD, "backlog": max_connections}
