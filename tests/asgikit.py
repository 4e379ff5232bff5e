"""A synchronous httpx client for an ASGI app run in this process: the app runs
on an event loop in a thread of its own (with its lifespan), and each request
is handed to it. No sockets, no subprocess: quick."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from typing import Any

import httpx

TIMEOUT = 60.0


class _Transport(httpx.BaseTransport):
    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()  # a streamed body is sent whole
        copy = httpx.Request(request.method, request.url, headers=request.headers,
                             content=body)

        async def send() -> httpx.Response:
            reply = await self.inner.handle_async_request(copy)
            content = b"".join([chunk async for chunk in reply.stream])  # type: ignore[union-attr]
            return httpx.Response(reply.status_code, headers=reply.headers, content=content)

        return asyncio.run_coroutine_threadsafe(send(), self.loop).result(TIMEOUT)


@contextmanager
def in_process_client(app: Any, base_url: str = "http://testserver") -> Iterator[httpx.Client]:
    """An ``httpx.Client`` talking to ``app`` in this process."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    stack = AsyncExitStack()
    asyncio.run_coroutine_threadsafe(
        stack.enter_async_context(app.router.lifespan_context(app)), loop).result(TIMEOUT)
    try:
        with httpx.Client(transport=_Transport(app, loop), base_url=base_url,
                          timeout=TIMEOUT) as client:
            yield client
    finally:
        asyncio.run_coroutine_threadsafe(stack.aclose(), loop).result(TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(TIMEOUT)
        loop.close()
