from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serverkit import Server, running_server

from advisor import Advisor

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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("server")
    with running_server(base / "sessions.sqlite3", base / "server.log") as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c
