"""``advisor serve``: the command-line side of the HTTP API.

The web framework (:mod:`advisor.http`) and uvicorn are imported only when
``serve`` runs, so that every other command starts without loading them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

__all__ = ["add_serve_command", "serve_options"]


def add_serve_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
                      ) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``advisor`` command line's subcommands."""
    p = subparsers.add_parser("serve", help="serve the HTTP API",
                              description="Serve the advisor's HTTP API (docs at /docs).")
    serve_options(p)
    p.set_defaults(run=_serve)
    return p


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def serve_options(p: argparse.ArgumentParser) -> None:
    """The options of ``advisor serve``."""
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    p.add_argument("--db", metavar="PATH", type=Path,
                   help="session database (default: sessions.sqlite3 in the data directory)")
    # SUPPRESS: `advisor --kb DIR serve` must not lose DIR to this default.
    p.add_argument("--kb", metavar="DIR", default=argparse.SUPPRESS,
                   help="articles directory (default: bundled)")
    p.add_argument("--rules", metavar="DIR", default=argparse.SUPPRESS,
                   help="rule packs directory (default: bundled)")
    p.add_argument("--kb-db", metavar="PATH", type=Path,
                   help="article store for describe and search (default: the one "
                        "`advisor kb` uses)")
    p.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"],
                   help="server log level (default: info)")
    p.add_argument("--no-access-log", action="store_true", help="do not log each request")
    p.add_argument("--read-timeout", metavar="SECONDS", type=_seconds, default=10.0,
                   help="close a connection whose request has not arrived whole within "
                   "SECONDS (default: 10)")
    p.add_argument("--max-connections", metavar="N", type=_count, default=200,
                   help="connections open at once; more are closed (default: 200)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 to 3600): {text!r}")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"not a number of connections: {text!r}")
    return int(text)


def _serve(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    # The web framework loads only here.
    import uvicorn

    from advisor.api import Advisor
    from advisor.http import create_app
    from advisor.http.limits import server_options

    with Advisor(getattr(args, "kb", None), getattr(args, "rules", None),
                 evaluator=getattr(args, "evaluator", None)) as advisor:
        app = create_app(advisor, db_path=args.db, kb_db=args.kb_db)
        server = uvicorn.Server(uvicorn.Config(
            app, host=args.host, port=args.port, log_level=args.log_level,
            access_log=not args.no_access_log, server_header=False,
            **server_options(read_timeout=args.read_timeout,
                             max_connections=args.max_connections)))
        try:
            server.run()
        except SystemExit as exc:  # uvicorn exits when it cannot start; it logged why
            return int(exc.code) if isinstance(exc.code, int) else 1
    return 0
