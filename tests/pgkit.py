"""A throw-away PostgreSQL server for the tests, started by the tests themselves.

It runs from a temporary directory on a unix socket only (no TCP), with trust
authentication and no fsync, as the ``postgres`` user when the tests run as
root (the server refuses to run as root). ``ADVISOR_TEST_PG`` (a
``postgresql://`` URL of a server to use instead) skips the start. When no
server can be had the PostgreSQL tests skip, unless ``ADVISOR_REQUIRE_POSTGRES``
is set (CI sets it), when they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

START_TIMEOUT = 60


@dataclass
class PgServer:
    """A running server: ``url(db)`` names a database on it."""

    base: str  # a URL whose path is replaced by the database name
    directory: Path | None = None  # ours to stop and delete, or None
    command: list[str] | None = None

    def url(self, database: str) -> str:
        parts = urlsplit(self.base)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if self.directory is None or self.command is None:
            return
        subprocess.run([*self.command, _pg_bin("pg_ctl"), "-D", str(self.directory / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, check=False,
                       timeout=START_TIMEOUT)
        shutil.rmtree(self.directory, ignore_errors=True)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else (shutil.which(name) or name)


def unavailable(reason: str) -> None:
    """Skip (or, where PostgreSQL is required, fail) for want of a server."""
    if os.environ.get("ADVISOR_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL is required here but: {reason}")
    pytest.skip(f"no PostgreSQL server: {reason}")


def start() -> PgServer:
    """A server for this test run (see the module's docstring)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("the psycopg driver is not installed (pip install 'advisor[postgres]')")
    given = os.environ.get("ADVISOR_TEST_PG")
    if given:
        return PgServer(given)
    initdb = _pg_bin("initdb")
    if not os.path.exists(initdb) and shutil.which(initdb) is None:
        unavailable("no initdb (the PostgreSQL server binaries are not installed)")
    command: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no postgres user to run the server")
        command = ["runuser", "-u", "postgres", "--"]
    # Short: a unix socket's path must be under 108 bytes.
    directory = Path(tempfile.mkdtemp(prefix="advpg", dir="/tmp"))
    if owner is not None:
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    directory.chmod(0o700)
    server = PgServer(f"postgresql://postgres@/postgres?host={directory}", directory, command)
    steps = [
        [*command, initdb, "-D", str(directory / "data"), "-A", "trust", "-U", "postgres",
         "--no-sync", "-E", "UTF8", "--locale=C"],
        [*command, _pg_bin("pg_ctl"), "-D", str(directory / "data"), "-l",
         str(directory / "log"), "-w", "-t", str(START_TIMEOUT), "-o",
         f"-k {directory} -c listen_addresses='' -c fsync=off", "start"],
    ]
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, check=False,
                                  timeout=START_TIMEOUT + 10)
        except (OSError, subprocess.TimeoutExpired) as exc:
            server.stop()
            unavailable(f"{step[len(command)]}: {exc}")
        if done.returncode != 0:
            log = (directory / "log").read_text(errors="replace") if (
                directory / "log").exists() else ""
            server.stop()
            unavailable(f"{Path(step[len(command)]).name} failed: "
                        f"{(done.stderr or done.stdout).strip()[-300:]} {log[-300:]}")
    return server
