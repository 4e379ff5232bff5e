"""The built wheel carries kb/ and rules/ inside the package, not beside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_knowledge_inside_the_package(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=600,
        check=False)
    if "No module named 'hatchling'" in done.stderr + done.stdout:
        pytest.fail("hatchling is missing: install the test extras")
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("advisor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for article in (ROOT / "kb").glob("*.txt"):
        assert f"advisor/kb/{article.name}" in names
    for pack in (ROOT / "rules").glob("*.yaml"):
        assert f"advisor/rules/{pack.name}" in names
    top = {n.split("/")[0] for n in names}
    assert "kb" not in top and "rules" not in top
    assert not [n for n in names if n.startswith("tests/")]
