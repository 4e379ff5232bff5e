"""schemathesis fuzzes the real server (a subprocess) from the app's OpenAPI schema:
valid and invalid input for every operation, then chains of calls along the
schema's links (create a session, answer, undo, look at it). Every check
schemathesis has must pass, which includes: no 5xx, ever."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from serverkit import Server, running_server

from advisor.http import create_app

#: Examples per operation: enough to find what a schema invites, quick to run.
EXAMPLES = 60


async def _openapi() -> dict[str, Any]:
    # The schema comes from the application itself, so collection needs no server.
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(db_path=Path(tmp) / "unused.sqlite3")
        async with app.router.lifespan_context(app):
            return app.openapi()


OPENAPI = asyncio.run(_openapi())
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.config.generation.update(max_examples=EXAMPLES)


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("fuzz")
    with running_server(base / "sessions.sqlite3", base / "server.log") as server:
        yield server


def test_the_server_serves_the_fuzzed_schema(fuzz_server: Server) -> None:
    assert httpx.get(f"{fuzz_server.url}/openapi.json").json() == OPENAPI


@schema.parametrize()
def test_operation(case: schemathesis.Case[Any], fuzz_server: Server) -> None:
    case.call_and_validate(base_url=fuzz_server.url)


def test_sequences_of_calls(fuzz_server: Server) -> None:
    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"base_url": fuzz_server.url}

    Machine.run(settings=hypothesis.settings(
        max_examples=EXAMPLES // 2, stateful_step_count=8, deadline=None,
        database=None, suppress_health_check=list(hypothesis.HealthCheck)))
