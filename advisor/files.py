"""Where the advisor keeps its files, and writing them so a crash loses nothing.

Files live in ``$ADVISOR_HOME`` if set, else ``$XDG_DATA_HOME/advisor``, else
``~/.local/share/advisor``. :func:`write_atomic` writes a whole file or nothing:
a killed process leaves the previous version in place, never half a file.

It writes only regular files. A directory, a device (``/dev/full``), a FIFO or a
symbolic link to one of them is refused with :class:`~advisor.errors.WriteError`,
and so is a missing directory (it is never created unless asked for) and an
existing file unless ``overwrite`` is given. A file replaced keeps its permission
bits; a symbolic link to a regular file is followed, so the link stays a link.
A file with other hard links is refused: replacing it would quietly detach the
other names from the new content, and writing it in place would give up the
all-or-nothing guarantee, so the user chooses another name instead.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from advisor.errors import OverwriteError, WriteError

__all__ = ["MAX_JSON", "MAX_JSON_DEPTH", "data_dir", "parse_json", "read_json",
           "read_limited", "remove_stale_temps", "write_atomic", "write_json"]

#: Largest JSON file read back (a stored session is a few kilobytes).
MAX_JSON = 16 << 20
#: Deepest nesting read back; a stored session is 3 deep.
MAX_JSON_DEPTH = 64
#: A temporary file older than this (seconds) belongs to a writer that died.
_STALE_AFTER = 60.0
_TEMP_SUFFIX = ".tmp"
_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def data_dir() -> Path:
    """The advisor's data directory (created on demand by the writers).
    ``XDG_DATA_HOME`` counts only when it is an absolute path, as the XDG base
    directory specification says."""
    if os.environ.get("ADVISOR_HOME"):
        return Path(os.environ["ADVISOR_HOME"])
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "advisor"


def _target(path: Path, overwrite: bool) -> tuple[Path, os.stat_result | None]:
    """The file to replace (a symbolic link followed) and its status, or ``None``
    when it does not exist yet; :class:`WriteError` for anything but a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path, None
    except (OSError, ValueError) as exc:
        raise WriteError(f"cannot write it: {getattr(exc, 'strerror', None) or exc}",
                         path=path) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            raise WriteError("this is a symbolic link to nothing; not written through it",
                             path=path) from None
        path = Path(os.path.realpath(path))
    if stat.S_ISDIR(info.st_mode):
        raise WriteError("this is a directory; give a file name", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise WriteError("this is not a regular file (a device, a FIFO or a socket); "
                         "only regular files are written", path=path)
    if info.st_nlink > 1:
        raise WriteError(f"the file has {info.st_nlink} hard links; replacing it would "
                         "break them, so it is not written: give another name", path=path)
    if not overwrite:
        raise OverwriteError("the file exists; not overwritten", path=path)
    return path, info


def write_atomic(path: Path | str, data: bytes, *, overwrite: bool = False,
                 parents: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, fsync, rename).

    Raises :class:`~advisor.errors.OverwriteError` when the file exists and
    ``overwrite`` is false, and :class:`~advisor.errors.WriteError` when ``path``
    is not a regular file, its directory does not exist (unless ``parents``) or
    the write fails. A new file gets the usual permissions (the umask applies); a
    replaced one keeps its own.
    """
    path = Path(path)
    target, existing = _target(path, overwrite)
    directory = target.parent
    if parents:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create its directory: {exc.strerror or exc}",
                             path=path) from None
    elif not directory.is_dir():
        raise WriteError(f"the directory {directory} does not exist; create it first",
                         path=path)
    tmp = directory / f".{target.name}.{os.urandom(6).hex()}{_TEMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o666)
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {exc.strerror or exc}",
                         path=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(f"cannot write it: {exc.strerror or exc}", path=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temps(path: Path | str, *, older_than: float = _STALE_AFTER) -> list[Path]:
    """Delete the temporary files a killed :func:`write_atomic` of ``path`` left
    beside it (``.NAME.*``, regular files older than ``older_than`` seconds, so
    a write in progress elsewhere is left alone). Returns the files removed."""
    path = Path(path)
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{_glob_escape(path.name)}.*"))
    except OSError:
        return removed
    for candidate in candidates:
        try:
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write_json(path: Path | str, value: Any, *, overwrite: bool = False,
               parents: bool = False) -> None:
    """Write ``value`` as JSON to ``path``, atomically (as :func:`write_atomic`)."""
    write_atomic(path, (json.dumps(value, indent=1) + "\n").encode("utf-8"),
                 overwrite=overwrite, parents=parents)


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` + 1 of them (so a
    caller can tell a file that is too large). ``ValueError`` naming the path for
    anything but a regular file: a FIFO would block and a device never end."""
    name = os.fspath(path)
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"{name}: this is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{name}: not a regular file (a device, a FIFO or a socket)")
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def read_json(path: Path | str) -> Any:
    """Read a JSON file (UTF-8, a byte order mark allowed); raises ``OSError`` or
    ``ValueError`` with the path named, never with the file's content, for a file
    that is not a regular file, too large, too deeply nested or not JSON."""
    name = os.fspath(path)
    raw = read_limited(path, MAX_JSON)
    if len(raw) > MAX_JSON:
        raise ValueError(f"{name}: larger than {MAX_JSON} bytes")
    return parse_json(raw, name)


def parse_json(raw: bytes, name: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Decode JSON bytes (UTF-8, a byte order mark is dropped): ``ValueError``
    naming ``name`` (and the line) for text that is not JSON, nested deeper than
    ``max_depth``, or with a number too long or out of range."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    depth = _depth(text)
    if depth > max_depth:
        raise ValueError(f"{name}: JSON nested {depth} deep; at most {max_depth} is read")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}: not valid JSON: {exc.msg} at line {exc.lineno} "
                         f"column {exc.colno}") from None
    except RecursionError:
        raise ValueError(f"{name}: JSON nested too deeply") from None
    except ValueError as exc:  # an integer with more digits than Python converts
        raise ValueError(f"{name}: a number in it cannot be read ({_short(exc)})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _short(exc: Exception) -> str:
    return str(exc).split(";")[0][:80]


def _depth(text: str) -> int:
    """How deep brackets nest in ``text`` (outside strings): checked before decoding,
    so that a hostile file costs one linear pass and no recursion."""
    deepest = depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest
