"""Reading the articles to import: files, directories and tar archives, safely.

Everything read is untrusted, so every read is bounded before it starts:

- Only regular files are read. A device (``/dev/zero``), a FIFO or a socket given
  as a path, or found below a directory, is reported and not opened for long: it
  is opened without blocking and checked on the open descriptor, so a path swapped
  for a FIFO cannot hang the import.
- A file or archive member larger than :data:`MAX_ARTICLE_BYTES` is not read.
- An archive is streamed (never unpacked to disk); at most :data:`MAX_MEMBERS`
  members and :data:`MAX_ARCHIVE_BYTES` bytes of members are read from one.
- Only regular-file members are read. Links, devices and FIFOs inside an archive
  are reported by name, never followed or skipped silently.
- A damaged or cut-off archive (corrupt compressed data, a member cut short, a
  compressed stream without its end) is an error naming the member where the
  damage is; the articles before it are still imported.
- Text is decoded from UTF-16 or UTF-8 with a byte order mark, else UTF-8, else
  Windows ANSI (cp1252), else Latin-1 (which maps every byte).
"""

from __future__ import annotations

import bz2
import io
import lzma
import os
import stat
import tarfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from advisor.archive.model import ImportProblem

__all__ = ["ARCHIVES", "ARTICLE_SUFFIXES", "MAX_ARCHIVE_BYTES", "MAX_ARTICLE_BYTES",
           "MAX_MEMBERS", "decode_article", "read_sources"]

ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2")
ARTICLE_SUFFIXES = (".txt", ".md")
#: Far larger than any article; a bigger file or member is not read.
MAX_ARTICLE_BYTES = 4 << 20
#: Members read from one archive: the whole KB archive has about 57,000 articles
#: (and a few thousand directories); an archive with far more is not an archive
#: of articles, and reading its headers alone would take minutes.
MAX_MEMBERS = 100_000
#: Bytes of members read from one archive (the KB archive holds about 250 MB).
MAX_ARCHIVE_BYTES = 2 << 30
#: Problems listed per archive; the rest are counted in one line.
MAX_PROBLEMS = 200
#: Compressed data read after the end of the tar data, to find a cut-off stream.
_MAX_TRAILER = 16 << 20
_PROGRESS_EVERY = 250
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))

Progress = Callable[[int, float], None]


def decode_article(data: bytes) -> str:
    """Article bytes as text: UTF-16 or UTF-8 after a byte order mark (which is
    dropped), else UTF-8, else cp1252, else Latin-1 (which maps every byte)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_sources(paths: Iterable[Path | str], problems: list[ImportProblem],
                 progress: Progress | None = None, *,
                 damaged: list[ImportProblem] | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(name, text)`` for each article in ``paths``: files, directories (every
    ``.txt`` and ``.md`` file below them, symbolic links not followed) and tar
    archives (``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.xz``, ``.txz``, ``.tar.bz2``).
    What cannot be read is added to ``problems``; a damaged archive is also added
    to ``damaged``, if given, so the caller can fail the import."""
    plan: list[tuple[Path, int]] = []
    for given in map(Path, paths):
        for path in _files(given, problems):
            try:
                plan.append((path, os.stat(path).st_size))
            except OSError as error:
                problems.append(ImportProblem(str(path), error.strerror or str(error)))
    total, done, count = max(sum(size for _, size in plan), 1), 0, 0
    for path, size in plan:
        if path.name.lower().endswith(ARCHIVES):
            for name, data, offset in _read_archive(path, problems, damaged):
                yield name, decode_article(data)
                count += 1
                if progress and count % _PROGRESS_EVERY == 0:
                    progress(count, min((done + offset) / total, 1.0))
        else:
            content = _read_file(path, problems)
            if content is not None:
                yield str(path), decode_article(content)
                count += 1
        done += size
        if progress and count % _PROGRESS_EVERY == 0:
            progress(count, min(done / total, 1.0))


def _files(given: Path, problems: list[ImportProblem]) -> list[Path]:
    """The files to read for one given path: itself, or the articles below a directory."""
    try:
        info = os.stat(given)
    except (OSError, ValueError) as error:
        problems.append(ImportProblem(str(given), getattr(error, "strerror", None)
                                      or str(error)))
        return []
    if not stat.S_ISDIR(info.st_mode):
        return [given]
    found: list[Path] = []
    for root, dirs, names in os.walk(given, onerror=lambda e: problems.append(
            ImportProblem(str(e.filename), e.strerror or str(e)))):
        dirs.sort()
        for name in sorted(names):
            if name.lower().endswith(ARTICLE_SUFFIXES):
                path = Path(root, name)
                if not path.is_symlink():
                    found.append(path)
    return found


def _read_file(path: Path, problems: list[ImportProblem]) -> bytes | None:
    """The bytes of one article file, or ``None`` with a problem recorded."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        problems.append(ImportProblem(str(path), error.strerror or str(error)))
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                problems.append(ImportProblem(str(path), _not_regular(info.st_mode)))
                return None
            if info.st_size > MAX_ARTICLE_BYTES:
                problems.append(ImportProblem(str(path), _too_large(info.st_size)))
                return None
            data = handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as error:
            problems.append(ImportProblem(str(path), error.strerror or str(error)))
            return None
    if len(data) > MAX_ARTICLE_BYTES:  # it grew after fstat()
        problems.append(ImportProblem(str(path), _too_large(len(data))))
        return None
    return data


def _not_regular(mode: int) -> str:
    kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device")
    return f"not a regular file ({kind}); only regular files are read"


def _too_large(size: int) -> str:
    return f"too large for an article ({size:,} bytes; at most {MAX_ARTICLE_BYTES:,})"


def _member_kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return "a symbolic link"
    if member.islnk():
        return "a hard link"
    if member.ischr() or member.isblk():
        return "a device"
    if member.isfifo():
        return "a FIFO"
    return "not a regular file"


def _read_archive(path: Path, problems: list[ImportProblem],
                  damaged: list[ImportProblem] | None) -> Iterator[tuple[str, bytes, int]]:
    """Stream the article members of a tar archive as ``(name, bytes, compressed bytes
    read so far)``; a damaged archive is read up to the damage, which is reported."""
    listed = 0
    unlisted = 0

    def problem(item: ImportProblem, *, fatal: bool = False) -> None:
        nonlocal listed, unlisted
        if fatal and damaged is not None:
            damaged.append(item)
        if fatal or listed < MAX_PROBLEMS:
            problems.append(item)
            listed += 1
        else:
            unlisted += 1

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        problem(ImportProblem(str(path), error.strerror or str(error)))
        return
    with os.fdopen(fd, "rb") as raw:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problem(ImportProblem(str(path), _not_regular(info.st_mode)))
            return
        member: tarfile.TarInfo | None = None
        reading: str | None = None  # the member whose data is being read
        members = read = 0
        stream = _Decompressing(raw)
        try:
            with tarfile.open(fileobj=stream, mode="r|") as archive:
                while (member := archive.next()) is not None:
                    # A streamed archive keeps every header it read; drop them so
                    # that memory stays flat however many members there are.
                    archive.members.clear()  # type: ignore[attr-defined]
                    members += 1
                    if members > MAX_MEMBERS:
                        problem(ImportProblem(str(path), f"more than {MAX_MEMBERS:,} members: "
                                              "not an archive of articles; the rest was not "
                                              "read"), fatal=True)
                        return
                    name = f"{path}:{member.name}"
                    if member.isdir():
                        continue
                    if not member.isfile():
                        problem(ImportProblem(name, f"{_member_kind(member)}, not an article "
                                              "file: not read"))
                        continue
                    if not member.name.lower().endswith(ARTICLE_SUFFIXES):
                        continue
                    if member.size > MAX_ARTICLE_BYTES:
                        problem(ImportProblem(name, _too_large(member.size)))
                        continue
                    if member.size == 0:
                        problem(ImportProblem(name, "empty: not an article"))
                        continue
                    read += member.size
                    if read > MAX_ARCHIVE_BYTES:
                        problem(ImportProblem(str(path), f"more than {MAX_ARCHIVE_BYTES:,} "
                                              "bytes of articles; the rest was not read"),
                                fatal=True)
                        return
                    handle = archive.extractfile(member)
                    if handle is not None:
                        reading = member.name
                        data = handle.read(member.size)
                        reading = None
                        yield name, data, raw.tell()
                member = None
                stream.drain(_MAX_TRAILER)
        # Corrupt compressed data raises lzma.LZMAError, zlib.error or EOFError, none
        # of them an OSError or TarError; any of them ends this archive, not the import.
        except Exception as error:  # noqa: BLE001
            what = str(error) or type(error).__name__
            if reading is not None:
                item = ImportProblem(f"{path}:{reading}", f"damaged archive, in this "
                                     f"member: {what}")
            elif member is not None:
                item = ImportProblem(str(path), f"damaged archive, after member "
                                     f"{member.name}: {what}")
            else:
                item = ImportProblem(str(path), f"damaged archive: {what}")
            problem(item, fatal=True)
        finally:
            if unlisted:
                problems.append(ImportProblem(str(path), f"{unlisted:,} more members not "
                                              "read (not listed)"))


class _Decompressing(io.RawIOBase):
    """The tar data of an archive file, decompressed as it is read (xz, gzip, bzip2
    or none, told by the first bytes).

    tarfile can decompress a stream itself, but it copies its whole buffer of
    decompressed data on every 512-byte read; an archive that compresses well
    (300,000 empty members in 674 KB) then takes minutes. Here every read asks the
    decompressor for at most the bytes wanted. A compressed stream that ends
    before its end marker raises ``EOFError``: the file is cut off.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        head = raw.read(6)
        self.head = head
        if head.startswith(b"\xfd7zXZ\x00"):
            self.codec: Any = lzma.LZMADecompressor()
        elif head.startswith(b"\x1f\x8b"):
            self.codec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif head.startswith(b"BZh"):
            self.codec = bz2.BZ2Decompressor()
        else:
            self.codec = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wanted = len(buffer)
        data = self._read(wanted)
        buffer[:len(data)] = data
        return len(data)

    def _read(self, wanted: int) -> bytes:
        if self.codec is None:
            if self.head:
                data, self.head = self.head[:wanted], self.head[wanted:]
                return data
            return self.raw.read(wanted)
        while not self.codec.eof:
            if isinstance(self.codec, lzma.LZMADecompressor | bz2.BZ2Decompressor):
                fresh = self._input() if self.codec.needs_input else b""
                out = self.codec.decompress(fresh, wanted)
            else:
                fresh = self.codec.unconsumed_tail or self._input()
                out = self.codec.decompress(fresh, wanted)
            if out:
                return bytes(out)
        return b""

    def _input(self) -> bytes:
        if self.head:
            data, self.head = self.head, b""
            return data
        data = self.raw.read(1 << 16)
        if not data:
            raise EOFError("the compressed data ends before its end marker: the file is "
                           "cut off")
        return data

    def drain(self, limit: int) -> None:
        """Read what follows the tar data, up to ``limit`` bytes: tar stops at its
        end marker, so a stream cut after it would otherwise go unnoticed."""
        while limit > 0:
            data = self._read(min(limit, 1 << 16))
            if not data:
                return
            limit -= len(data)
