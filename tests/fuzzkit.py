"""Fuzz targets shared by tests/test_fuzz.py (hypothesis, small counts) and
bench/fuzz_bench.py (seeded random inputs, large counts).

Each ``check_*`` feeds one input to one entry point and asserts what every input
must get: a result or an error of the advisor's own tree that names the field or
the file, within :data:`DEADLINE` seconds, and never a traceback (any other
exception escapes the check and fails it).
"""

from __future__ import annotations

import asyncio
import atexit
import io
import json
import random
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from advisor import Advisor, FactsError, Session, SessionError
from advisor.archive import ImportProblem, read_sources
from advisor.cli import main
from advisor.errors import EvidenceError
from advisor.evidence import parse_evidence
from advisor.facts import VOCABULARY
from advisor.files import parse_json

#: Seconds any one input may take: far above the slowest real input, so it
#: only catches a hang or a blow-up.
DEADLINE = 5.0
FIXTURES = Path(__file__).parent / "fixtures" / "evidence"
NAMES = [*VOCABULARY, "sms_verison", "file_in_us", "", "\ud800", "x" * 300]

_ADVISOR: Advisor | None = None


def advisor() -> Advisor:
    global _ADVISOR
    if _ADVISOR is None:
        _ADVISOR = Advisor()
    return _ADVISOR


def timed(check: Callable[[], None]) -> None:
    started = time.monotonic()
    check()
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE, f"took {elapsed:.1f} s"


# --- the checks --------------------------------------------------------------------------

def check_facts(value: object) -> None:
    """The Python API: advice, or a FactsError naming each field."""
    def run() -> None:
        try:
            advisor().advise(value)  # type: ignore[arg-type]
        except FactsError as exc:
            assert exc.errors and all(isinstance(e.fact, str) and e.message for e in exc.errors)
    timed(run)


def check_cli(raw: bytes) -> None:
    """``advisor advise --json`` with ``raw`` on standard input: exit 0, or exit 2
    with a message naming standard input or a field."""
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape")
    out, err = io.StringIO(), io.StringIO()

    def run() -> None:
        code = main(["advise", "--json"], stdout=out, stderr=err, stdin=stdin)
        assert code in (0, 1, 2), (code, err.getvalue())  # 1: nothing found (documented)
        if code == 2:
            message = err.getvalue()
            assert message.startswith("advisor: ")
            assert "standard input" in message or "invalid facts: " in message, message
            assert json.loads(out.getvalue())["error"]["message"]
    timed(run)


_APP: Any = None


def _app() -> Any:
    global _APP
    if _APP is None:
        from advisor.http import create_app
        home = Path(tempfile.mkdtemp(prefix="advisor-fuzz-"))
        atexit.register(shutil.rmtree, home, True)
        _APP = create_app(advisor(), db_path=home / "s.sqlite3", kb_db=home / "kb.sqlite3")
    return _APP


def check_http(raw: bytes, path: str = "/v1/advice") -> None:
    """A body posted to the HTTP API: never a 500, and a 422 names its field."""
    app = _app()  # built once, outside the deadline: it opens the stores

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path, content=raw,
                                     headers={"content-type": "application/json"})

    def run() -> None:
        reply = asyncio.run(post())
        assert reply.status_code in (200, 201, 404, 409, 413, 422), (reply.status_code,
                                                                     reply.text)
        if reply.status_code == 422:
            detail = reply.json()["detail"]
            assert detail and all(d["loc"] and d["msg"] for d in detail)
    timed(run)


def check_evidence(data: bytes, name: str = "upload.reg") -> None:
    """An evidence file: findings, or an EvidenceError naming the file (and line)."""
    def run() -> None:
        try:
            parse_evidence(data, name)
        except EvidenceError as exc:
            assert exc.path is not None and str(exc.path) == name
            assert exc.line is None or exc.line >= 1
    timed(run)


def check_session(raw: bytes) -> None:
    """A stored session file: a session, or a ValueError/SessionError naming it."""
    def run() -> None:
        try:
            value = parse_json(raw, "session.json")
        except ValueError as exc:
            assert str(exc).startswith("session.json")
            return
        try:
            Session.from_json(advisor(), value).advice()
        except SessionError as exc:
            assert str(exc)
    timed(run)


def check_archive(data: bytes, suffix: str = ".tar.xz") -> None:
    """An archive to import: articles, or problems naming the archive; never raises."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"fuzz{suffix}")
        path.write_bytes(data)

        def run() -> None:
            problems: list[ImportProblem] = []
            for name, text in read_sources([path], problems):
                assert name.startswith(str(path)) and isinstance(text, str)
            assert all(p.source.startswith(str(path)) for p in problems)
        timed(run)


# --- seeds and mutations, for the bench ------------------------------------------------

def evidence_seeds() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(FIXTURES.iterdir()) if p.is_file()]


def archive_seeds() -> list[tuple[str, bytes]]:
    seeds = []
    text = (b"DOCUMENT:Q200001  01-JAN-1999  [sms]\nTITLE   :Despooler fails\n\n"
            b"SYMPTOMS\n========\n\nThe despooler fails.\n")
    for mode, suffix in (("w:xz", ".tar.xz"), ("w:gz", ".tar.gz"), ("w", ".tar")):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode=mode) as tar:  # type: ignore[call-overload]
            for n in range(3):
                info = tarfile.TarInfo(f"txt/Q20000{n}.TXT")
                info.size = len(text)
                tar.addfile(info, io.BytesIO(text))
        seeds.append((suffix, buffer.getvalue()))
    return seeds


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` changed in one of the ways files get damaged or crafted."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    choice = rng.randrange(7)
    at = rng.randrange(len(data))
    if choice == 0:
        return data[:at]  # cut off
    if choice == 1:
        flipped = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        return bytes(flipped)
    if choice == 2:
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 32))) + \
            data[at:]
    if choice == 3:
        end = min(len(data), at + rng.randrange(1, 200))
        return data[:at] + data[at:end] * rng.randrange(2, 50) + data[end:]  # repeats
    if choice == 4:
        filler = rng.choice([b" ", b"\t", b"[", b"\\", b"\"", b"status ", b"9", b"\x00"])
        return data[:at] + filler * rng.randrange(100, 5000) + data[at:]
    if choice == 5:
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]) + data
    return data[at:]


def json_value(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON-like value, leaning towards fact objects and hostile extremes."""
    kind = rng.randrange(10 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, -1, 1, 2**31, 2**32, 2**63, -(2**63), 10**30, 1.5, -0.0, 1e308])
    if kind == 2:
        return rng.choice(["2.0", "1.2", "netware", "windows_nt", "", "\ud800", "x" * 5000,
                           "fast", "very_fast", "1", "true", "\x00"])
    if kind == 3:
        return rng.randrange(-10, 100)
    if kind in (4, 5):
        spec = VOCABULARY[rng.choice(list(VOCABULARY))]
        return rng.choice(spec.choices) if spec.kind == "choice" else rng.randrange(0, 40)
    if kind in (6, 7, 8):
        return {rng.choice(NAMES): json_value(rng, depth + 1)
                for _ in range(rng.randrange(0, 8))}
    return [json_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]


def json_bytes(rng: random.Random) -> bytes:
    """Bytes for a JSON reader: a value encoded, sometimes mangled or extreme."""
    choice = rng.randrange(8)
    if choice == 0:
        depth = rng.choice([31, 33, 100, 5000])
        return b"[" * depth + b"]" * depth
    if choice == 1:
        return b'{"number_of_retries": ' + b"9" * rng.choice([10, 4300, 4301, 20000]) + b"}"
    if choice == 2:
        return ("{" + ",".join(f'"sms_versio{i}":1' for i in range(rng.randrange(60, 3000)))
                + "}").encode()
    text = json.dumps(json_value(rng), ensure_ascii=rng.random() < 0.5)
    data = text.encode("utf-8", "surrogatepass")
    return mutate(data, rng) if choice == 3 else data
