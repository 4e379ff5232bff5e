"""Static checks: the package type-checks under mypy --strict and is ruff clean.
They run as tests so that the README's one test command checks everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.mark.slow
def test_mypy_strict() -> None:
    done = run("mypy", "--strict", "advisor")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff() -> None:
    if shutil.which("ruff") is None and run("ruff", "--version").returncode != 0:
        pytest.fail("ruff is not installed: install the test extras")
    done = run("ruff", "check", "advisor", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_modules_stay_small() -> None:
    # One module per concept; past ~400 lines a module is asking to be split.
    big = {p.name: n for p in (ROOT / "advisor").glob("*.py")
           if (n := len(p.read_text().splitlines())) > 450}
    assert not big, big
