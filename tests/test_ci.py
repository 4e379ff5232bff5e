""".ci/run runs exactly the README's test command (on Python 3.11), then the suite
on Python 3.13, and fails when pytest collected nothing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Install the test dependencies and run the tests:\n\n    (.+)\n", readme)
    assert match, "README lost its test command"
    command = match.group(1)
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(command + " ||") or line == command for line in lines), command


def test_ci_treats_no_tests_as_failure(tmp_path: Path) -> None:
    # The helper .ci/run uses on pytest's status, run on its own: 5 (no tests
    # collected) and 1 fail, 0 passes.
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    helper = script[script.index("check_pytest() {"):script.index("\n}\n") + 3]
    for status, ok in ((0, True), (1, False), (5, False)):
        done = subprocess.run(["bash", "-c", helper + f"check_pytest {status} test"],
                              capture_output=True, text=True, timeout=30, check=False)
        assert (done.returncode == 0) is ok, (status, done.stderr)
        if status == 5:
            assert "collected no tests" in done.stderr


def test_ci_tests_the_semantic_extra_with_the_cpu_torch_first() -> None:
    # torch==2.13.0 (the CPU build) goes in before the extra, which would otherwise
    # pull a CUDA build; the semantic tests must fail there rather than skip.
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    torch = script.index(".venv-semantic/bin/pip install 'torch==2.13.0'")
    extra = script.index(".venv-semantic/bin/pip install '.[test,semantic]'")
    assert torch < extra
    assert "ADVISOR_REQUIRE_SEMANTIC=1 .venv-semantic/bin/python -m pytest" in script
    assert "export ADVISOR_REQUIRE_SEMANTIC" not in script  # the plain runs still skip
    assert script.index('check_pytest "$rc" "Python 3.11 with advisor[semantic]"') < (
        script.index('echo "== Python 3.13"'))
