"""TCP_NODELAY on every accepted connection (see :mod:`advisor.http.serving`
for why), and uvicorn's h11 protocol with it."""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["NoDelayH11Protocol", "set_nodelay", "with_nodelay"]


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    """Turn off Nagle's algorithm on a connection's TCP socket (a unix socket or
    a transport without one is left as it is)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with contextlib.suppress(OSError):  # the connection is already gone
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with TCP_NODELAY on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


def with_nodelay(protocol: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
    """``protocol`` with TCP_NODELAY set on each connection first."""

    def connection_made(self: asyncio.Protocol, transport: asyncio.BaseTransport) -> None:
        set_nodelay(transport)
        protocol.connection_made(self, transport)

    return type(f"NoDelay{protocol.__name__}", (protocol,), {"connection_made": connection_made})
