"""Fuzz the advisor's inputs at scale and count tracebacks and hangs.

    .venv/bin/python bench/fuzz_bench.py [--total 100000] [--cli 2000] [--subprocess 50]
                                         [--seed 1]

Runs the checks of tests/fuzzkit.py over seeded random inputs: JSON facts through
the Python API, JSON bytes through ``advisor advise --json`` (the command line's
``main()`` in this process, with real standard input), JSON bodies through the HTTP
API (in process, ASGI), mutated evidence files, session files and archives. Every
input must end within the deadline with a result or a clean error naming the field
or file; anything else counts as a traceback (an exception escaped) or a hang
(over the deadline). ``--subprocess N`` also runs N inputs through the installed
``advisor`` executable, where a traceback would show on standard error.

Prints the inputs per target, tracebacks and hangs, and the first few failures.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import fuzzkit

# Shares of --total by target (the command line has its own count, --cli).
SHARES = {"facts": 0.40, "session": 0.18, "evidence": 0.30, "http": 0.06, "archive": 0.06}


def targets(rng: random.Random) -> dict[str, Callable[[], None]]:
    evidence = fuzzkit.evidence_seeds()
    archives = fuzzkit.archive_seeds()

    def facts() -> None:
        fuzzkit.check_facts(fuzzkit.json_value(rng))

    def session() -> None:
        fuzzkit.check_session(fuzzkit.json_bytes(rng))

    def evidence_file() -> None:
        name, data = rng.choice(evidence)
        for _ in range(rng.randrange(1, 4)):
            data = fuzzkit.mutate(data, rng)
        fuzzkit.check_evidence(data, name)

    def http() -> None:
        fuzzkit.check_http(fuzzkit.json_bytes(rng), rng.choice(["/v1/advice", "/v1/reg",
                                                                 "/v1/sessions"]))

    def archive() -> None:
        suffix, data = rng.choice(archives)
        fuzzkit.check_archive(fuzzkit.mutate(data, rng), suffix)

    def cli() -> None:
        fuzzkit.check_cli(fuzzkit.json_bytes(rng))

    return {"facts": facts, "session": session, "evidence": evidence_file, "http": http,
            "archive": archive, "cli": cli}


def run_subprocess(count: int, rng: random.Random) -> tuple[int, int, int]:
    """Inputs through the installed executable: (runs, tracebacks, hangs)."""
    exe = Path(sys.executable).with_name("advisor")
    tracebacks = hangs = 0
    for _ in range(count):
        raw = fuzzkit.json_bytes(rng)
        try:
            done = subprocess.run([str(exe), "advise", "--json"], input=raw,
                                  capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            hangs += 1
            continue
        if done.returncode not in (0, 2) or b"Traceback" in done.stderr:
            tracebacks += 1
    return count, tracebacks, hangs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total", type=int, default=100_000,
                        help="in-process inputs besides the command line's (default 100000)")
    parser.add_argument("--cli", type=int, default=2_000,
                        help="inputs through the command line's main() (default 2000)")
    parser.add_argument("--subprocess", type=int, default=50,
                        help="inputs through the advisor executable (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=[*SHARES, "cli"],
                        help="run only this target (its share of --total, or --cli)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    checks = targets(rng)
    counts = {name: int(args.total * share) for name, share in SHARES.items()}
    counts["cli"] = args.cli
    if args.only:
        counts = {args.only: counts[args.only]}
    failures: list[str] = []
    tracebacks = hangs = 0
    print(f"{'target':10} {'inputs':>8} {'tracebacks':>11} {'hangs':>6} {'seconds':>8}")
    for name, count in counts.items():
        started = time.monotonic()
        bad = slow = 0
        for _ in range(count):
            try:
                checks[name]()
            except AssertionError as exc:
                if str(exc).startswith("took "):  # fuzzkit.timed: over the deadline
                    slow += 1
                else:
                    bad += 1
                if len(failures) < 5:
                    failures.append(f"{name}: {traceback.format_exc(limit=3)}")
            except Exception:  # noqa: BLE001 - an escaped exception is what we count
                bad += 1
                if len(failures) < 5:
                    failures.append(f"{name}: {traceback.format_exc(limit=3)}")
        tracebacks += bad
        hangs += slow
        print(f"{name:10} {count:8,} {bad:11,} {slow:6,} {time.monotonic() - started:8.1f}",
              flush=True)
    runs, sub_bad, sub_hangs = run_subprocess(args.subprocess, rng)
    print(f"{'executable':10} {runs:8,} {sub_bad:11,} {sub_hangs:6,}")
    total = sum(counts.values())
    print(f"\nin process: {total:,} inputs ({counts.get('cli', 0):,} through the command "
          "line), "
          f"{tracebacks:,} tracebacks, {hangs:,} hangs; executable: {runs:,} inputs, "
          f"{sub_bad:,} tracebacks, {sub_hangs:,} hangs")
    for failure in failures:
        print("\n" + failure)
    return 0 if tracebacks + hangs + sub_bad + sub_hangs == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
