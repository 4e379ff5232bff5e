"""Running a request's CPU work off the event loop, with a deadline.

The event loop must stay free to answer every other request (``/healthz`` first
of all), so the routes that compute (advice, evidence parsing, describe, the
report, the registry fix) hand their work to :class:`Offload`: a bounded pool of
worker threads. A request whose work does not finish within its deadline gets a
503 at the deadline, and one that arrives while every worker and every queue
place is taken gets a 503 at once, with ``Retry-After``; neither waits forever.

A thread cannot be stopped, so the bound on the work itself comes from the
inputs: every parser the routes call is linear in its input, and request bodies
are at most :data:`~advisor.http.schemas.MAX_BODY` bytes. The deadline is what a
client sees if that bound is ever not enough.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import HTTPException

__all__ = ["DEADLINE", "WORKERS", "Offload"]

T = TypeVar("T")

#: Seconds a request's work may take before the client gets a 503.
DEADLINE = 10.0
#: Worker threads: more would only share the same cores (and the GIL).
WORKERS = 4
#: Requests that may wait for a worker, beyond those being worked on.
QUEUE = 64


class Offload:
    """A bounded pool of worker threads for the routes' CPU work.

    ``await offload(fn)`` runs ``fn()`` in a worker and returns its result (or
    raises what it raised). :class:`~fastapi.HTTPException` 503 when the work
    takes longer than ``deadline`` seconds or when ``workers + queue`` requests
    are already in hand.
    """

    def __init__(self, *, workers: int = WORKERS, queue: int = QUEUE,
                 deadline: float = DEADLINE) -> None:
        self.deadline = deadline
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="advisor")
        self._slots = threading.BoundedSemaphore(workers + queue)

    async def __call__(self, work: Callable[[], T]) -> T:
        if not self._slots.acquire(blocking=False):
            raise HTTPException(503, "the server is busy; try again",
                                headers={"Retry-After": "1"})
        try:
            future = self._pool.submit(work)
        except BaseException:
            self._slots.release()
            raise
        # The slot is given back when the work ends, not when the client stops
        # waiting: work past its deadline still holds a worker.
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.deadline)
        except TimeoutError:
            future.cancel()  # a request still queued never starts
            raise HTTPException(503, f"the request took longer than {self.deadline:g} s; "
                                "try again", headers={"Retry-After": "1"}) from None

    def close(self) -> None:
        """Stop the workers once their current work is done."""
        self._pool.shutdown(wait=False, cancel_futures=True)
