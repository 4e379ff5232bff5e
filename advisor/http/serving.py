"""Running the HTTP API: one process, or ``workers`` processes sharing one
listening socket (the rule engine holds the GIL, so one process uses one core).

Every accepted connection gets ``TCP_NODELAY``. When uvicorn binds the socket
itself (as it does for several workers) it creates it without naming the
protocol, so asyncio's own "set TCP_NODELAY on TCP transports" test fails and
each small response waits ~40 ms for the client's delayed ACK (Nagle's
algorithm). The protocol classes here set it on every connection, whoever bound
the socket. The fast HTTP parser (httptools) and event loop (uvloop) are used
where they are installed.

Worker processes are started afresh (spawned), so they build the application
from :func:`app_from_env`, with the settings the parent put in the environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from advisor.http.nodelay import set_nodelay

__all__ = ["ENV", "ServeSettings", "app_from_env", "limited_protocol", "serve", "set_nodelay",
           "uvicorn_options", "worker_protocol"]

#: The environment variable that carries the settings to the worker processes.
ENV = "ADVISOR_SERVE_SETTINGS"


def worker_protocol() -> str:
    """The HTTP protocol of each of several workers, by its importable name (they
    are spawned): httptools' where installed, else h11's; either with TCP_NODELAY,
    the read deadline and the connection cap."""
    base = _limited_base()
    return f"{base.__module__}:{base.__qualname__}"


@dataclass(frozen=True)
class ServeSettings:
    """What the application is built from, in every worker."""

    kb: str | None = None
    rules: str | None = None
    db: str | None = None
    kb_db: str | None = None
    session_idle: float | None = None
    read_timeout: float = 10.0
    max_connections: int = 200

    def to_env(self) -> str:
        """The settings as the environment carries them."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeSettings:
        """The settings the parent process left in the environment."""
        raw = os.environ.get(ENV)
        return cls(**json.loads(raw)) if raw else cls()

    def create_app(self, advisor: Any = None) -> FastAPI:
        """The application these settings describe (on ``advisor`` if given)."""
        from advisor.api import Advisor
        from advisor.http.app import create_app

        if advisor is None:
            advisor = Advisor(self.kb, self.rules)
        return create_app(advisor, db_path=self.db, session_idle=self.session_idle,
                          kb_db=Path(self.kb_db) if self.kb_db else None)


def app_from_env() -> FastAPI:
    """The application factory of each worker process."""
    _exit_with_parent()
    return ServeSettings.from_env().create_app()


def _exit_with_parent() -> None:
    # A worker whose supervisor is killed outright (kill -9: no chance to stop
    # its workers) would go on serving, orphaned, on the port it shares. Linux
    # can send it SIGTERM when its parent goes, which uvicorn takes as "shut down".
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent went before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def limited_protocol(settings: ServeSettings) -> type[asyncio.Protocol]:
    """The protocol one server process serves with: httptools' where installed,
    else h11's; with TCP_NODELAY, and the read deadline and connection cap of
    ``settings``."""
    base = _limited_base()
    return type(base.__name__, (base,), {"read_timeout": settings.read_timeout,
                                         "max_connections": settings.max_connections})


def _limited_base() -> type[asyncio.Protocol]:
    # The one place that chooses between the two parsers.
    try:
        from advisor.http.fastproto import WorkerHttpTools
    except ImportError:
        from advisor.http.limits import WorkerH11
        return WorkerH11
    return WorkerHttpTools


def uvicorn_options(settings: ServeSettings, *, host: str, port: int, workers: int = 1,
                    log_level: str = "info", access_log: bool = True) -> dict[str, Any]:
    """uvicorn's keyword arguments for serving ``settings`` in ``workers``
    processes (the application itself aside). With several workers, the settings
    and limits go into the environment, for the spawned workers to read."""
    from advisor.http.limits import LIMITS_ENV, server_options

    limits = server_options(read_timeout=settings.read_timeout,
                            max_connections=settings.max_connections)
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": log_level, "access_log": access_log,
        "server_header": False, "ws": "none", "lifespan": "on", **limits}
    if workers == 1:
        options["http"] = limited_protocol(settings)
    else:
        # Spawned workers take the protocol by its importable name, with the
        # limits set from the environment when they import it.
        options["http"] = worker_protocol()
        os.environ[ENV] = settings.to_env()
        os.environ[LIMITS_ENV] = json.dumps({"read_timeout": settings.read_timeout,
                                             "max_connections": settings.max_connections})
        options.update(factory=True, workers=workers)
    return options


def serve(settings: ServeSettings, *, host: str, port: int, workers: int = 1,
          log_level: str = "info", access_log: bool = True, advisor: Any = None) -> int:
    """Serve until stopped; returns the exit status. The settings are checked
    (the session store opened) before any worker starts, so a bad ``--db`` is
    reported once, at once. Raises what :func:`create_app` raises."""
    import uvicorn

    app = settings.create_app(advisor)  # checks the settings; serves in one process
    options = uvicorn_options(settings, host=host, port=port, workers=workers,
                              log_level=log_level, access_log=access_log)
    target: Any = app if workers == 1 else f"{__name__}:app_from_env"
    try:
        uvicorn.run(target, **options)
    except SystemExit as exc:  # uvicorn exits when it cannot start; it logged why
        return int(exc.code) if isinstance(exc.code, int) else 1
    return 0
