"""Where the advisor keeps its files, and writing them so a crash loses nothing.

Files live in ``$ADVISOR_HOME`` if set, else ``$XDG_DATA_HOME/advisor``, else
``~/.local/share/advisor``. :func:`write_atomic` writes a whole file or nothing:
a killed process leaves the previous version in place, never half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["data_dir", "read_json", "write_atomic", "write_json"]

#: Largest JSON file read back (a stored session is a few kilobytes).
MAX_JSON = 16 << 20


def data_dir() -> Path:
    """The advisor's data directory (created on demand by the writers).
    ``XDG_DATA_HOME`` counts only when it is an absolute path, as the XDG base
    directory specification says."""
    if os.environ.get("ADVISOR_HOME"):
        return Path(os.environ["ADVISOR_HOME"])
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "advisor"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path``, atomically."""
    write_atomic(path, (json.dumps(value, indent=1) + "\n").encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON file; raises ``OSError`` or ``ValueError`` with the path named."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_JSON + 1)
    if len(raw) > MAX_JSON:
        raise ValueError(f"{path}: larger than {MAX_JSON} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a JSON file ({exc})") from None
