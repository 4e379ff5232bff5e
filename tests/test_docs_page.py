"""The docs page, rendered by headless Chromium with no network: Swagger UI
loads from the server itself and shows the operations. The screenshot is kept
in the test's directory (and its path printed) for a person to look at.

Skips when Chromium is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from serverkit import running_server

CHROMIUM = next((p for p in (shutil.which(n) for n in (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) if p), None)
WAIT = 120

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def chromium(url: str, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}",
         # No network beyond this machine: every other host fails to resolve.
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--window-size=1280,1600", "--virtual-time-budget=15000", *mode, url],
        capture_output=True, text=True, timeout=WAIT, check=False)


def test_the_docs_page_shows_the_operations_offline(tmp_path: Path) -> None:
    with running_server(tmp_path / "sessions.sqlite3", tmp_path / "server.log") as server:
        url = f"{server.url}/docs"
        dom = chromium(url, tmp_path / "profile-dom", "--dump-dom")
        shot = tmp_path / "docs.png"
        taken = chromium(url, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    # Swagger UI ran (from the server's own files) and drew every operation.
    for operation in ("/v1/advice", "/v1/sessions/{session_id}/answers", "/v1/reg",
                      "/v1/kb/search", "/healthz"):
        assert operation in html, operation
    assert html.count('class="opblock ') >= 14
    assert "cdn." not in html and "Failed to load API definition" not in html
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    print(f"docs page screenshot: {shot}")
