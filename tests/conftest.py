from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# The tests never read or write the user's own data directory (saved sessions,
# the article store): a store left there by another advisor version, or a
# session a person saved, must not change what a test sees. Each test process
# has its own, removed when it exits.
os.environ["ADVISOR_HOME"] = tempfile.mkdtemp(prefix="advisor-test-home-")

from collections.abc import Iterator
from pathlib import Path

import httpx
import pgkit
import pytest
from asgikit import in_process_client
from serverkit import Server, running_server

from advisor import Advisor
from advisor.http import create_app

atexit.register(shutil.rmtree, os.environ["ADVISOR_HOME"], True)

ROOT = Path(__file__).resolve().parents[1]
#: The shared folder beside the repository (corpus, domain notes); may be absent.
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def advisor() -> Iterator[Advisor]:
    """One advisor on the bundled knowledge, shared by the whole run."""
    adv = Advisor()
    yield adv
    adv.close()


@pytest.fixture(scope="session")
def python_advisor() -> Iterator[Advisor]:
    """A second advisor, on the pure-Python evaluator, with caches of its own."""
    adv = Advisor(evaluator="python")
    yield adv
    adv.close()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the bundled kb/ and rules/ (for tests that break them)."""
    kb, rules = tmp_path / "kb", tmp_path / "rules"
    shutil.copytree(ROOT / "kb", kb)
    shutil.copytree(ROOT / "rules", rules)
    return kb, rules


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgkit.PgServer]:
    """A PostgreSQL server for the run (skips when none can be started)."""
    server = pgkit.start()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def session_db(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    """Where a server keeps its sessions: a SQLite file, or a fresh PostgreSQL
    database; every test that uses it runs with both."""
    if request.param == "sqlite":
        return tmp_path_factory.mktemp("db") / "sessions.sqlite3"
    server: pgkit.PgServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, session_db: str | Path
           ) -> Iterator[Server]:
    """The real server in a subprocess, for what needs real sockets or processes."""
    base = tmp_path_factory.mktemp("server")
    with running_server(session_db, base / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def app_client(advisor: Advisor, session_db: str | Path) -> Iterator[httpx.Client]:
    with in_process_client(create_app(advisor, db_path=session_db)) as c:
        yield c


@pytest.fixture
def client(app_client: httpx.Client) -> httpx.Client:
    """The HTTP API in this process (no sockets: quick), on each session store."""
    return app_client
