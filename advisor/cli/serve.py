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
    p = subparsers.add_parser(
        "serve", help="serve the HTTP API",
        description="Serve the advisor's HTTP API. Its reference is the OpenAPI schema at "
        "/openapi.json, shown (offline too) by the docs page at /docs.",
        epilog="examples:\n"
        "  advisor serve                                  127.0.0.1:8000, one process\n"
        "  advisor serve --host 0.0.0.0 --workers 2       all addresses, two processes\n"
        "  advisor serve --db 'postgresql://advisor@db.example/advisor' --workers 4\n"
        "                                                 sessions shared by several hosts",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    serve_options(p)
    p.set_defaults(run=_serve)
    return p


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"not a number of workers (1 to 64): {text!r}")
    return int(text)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(text: str) -> float:
    number, unit = (text[:-1], text[-1]) if text[-1:] in _UNITS else (text, "s")
    try:
        seconds = float(number) * _UNITS[unit]
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"not a time (such as 3600, 90m, 12h, 7d): {text!r}")
    return seconds


def serve_options(p: argparse.ArgumentParser) -> None:
    """The options of ``advisor serve``."""
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    p.add_argument("--db", metavar="PATH|URL",
                   help="where sessions are kept: a SQLite file (default: sessions.sqlite3 "
                   "in the data directory), or a postgresql:// URL so that several hosts "
                   "share them (needs advisor[postgres])")
    p.add_argument("--workers", type=_workers, default=1, metavar="N",
                   help="serve from N processes sharing the port (default: 1; the rule "
                   "engine holds the GIL, so one process uses one core)")
    p.add_argument("--session-idle", type=_duration, default=_duration("7d"),
                   metavar="TIME", help="a session not changed for TIME expires and is "
                   "purged: seconds, or with s, m, h or d (default: 7d)")
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
    from advisor.api import Advisor
    from advisor.http.serving import ServeSettings, serve

    settings = ServeSettings(
        kb=getattr(args, "kb", None), rules=getattr(args, "rules", None), db=args.db,
        kb_db=str(args.kb_db) if args.kb_db else None, session_idle=args.session_idle,
        read_timeout=args.read_timeout, max_connections=args.max_connections)
    with Advisor(settings.kb, settings.rules,
                 evaluator=getattr(args, "evaluator", None)) as advisor:
        return serve(settings, host=args.host, port=args.port, workers=args.workers,
                     log_level=args.log_level, access_log=not args.no_access_log,
                     advisor=advisor)
