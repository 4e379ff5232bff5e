"""TCP_NODELAY on every accepted connection (see :mod:`advisor.http.serving`
for why)."""

from __future__ import annotations

import asyncio
import contextlib
import socket

__all__ = ["set_nodelay"]


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    """Turn off Nagle's algorithm on a connection's TCP socket (a unix socket or
    a transport without one is left as it is)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with contextlib.suppress(OSError):  # the connection is already gone
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
