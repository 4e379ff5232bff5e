"""``advisor kb import`` under hostile input (issue 9): devices, FIFOs, cut-off and
corrupt archives, link members, duplicate ids, UTF-16 articles and archives of
very many members. Each ends within a generous deadline with the problem named."""

from __future__ import annotations

import io
import os
import tarfile
import time
from pathlib import Path

import pytest

import advisor.archive.sources as sources
from advisor.archive import ImportProblem, KBStore, read_sources
from advisor.cli import main


def article(number: int, title: str = "Despooler fails") -> bytes:
    return (f"DOCUMENT:Q{number}  01-JAN-1999  [sms]\nTITLE   :{title} {number}\n"
            "PRODUCT :Microsoft Systems Management Server\n\nSYMPTOMS\n========\n\n"
            f"The despooler fails on server {number}.\n").encode()


def add(tar: tarfile.TarFile, name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE,
        link: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, len(data)
    tar.addfile(info, io.BytesIO(data) if data else None)


def archive(path: Path, count: int = 40, mode: str = "w:xz") -> Path:
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        for n in range(count):
            add(tar, f"txt/Q{200000 + n}.TXT", article(200000 + n))
    return path


def kb_import(*paths: Path, db: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import sys
    saved = sys.stderr
    sys.stderr = err  # run_import reports problems on sys.stderr
    try:
        code = main(["kb", "import", *map(str, paths), "--db", str(db)], stdout=out,
                    stderr=err, stdin=io.StringIO())
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_devices_and_fifos_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    for path in (Path("/dev/zero"), Path("/dev/urandom"), fifo):
        code, _, err = kb_import(path, db=tmp_path / "kb.sqlite3")
        assert code == 1 and f"{path}: not a regular file" in err
    assert time.monotonic() - started < 30


def test_every_cut_of_an_archive_is_an_error_naming_where(tmp_path: Path) -> None:
    whole = archive(tmp_path / "kb.tar.xz").read_bytes()
    for mode, suffix in (("w:gz", ".tar.gz"), ("w:bz2", ".tar.bz2")):
        other = archive(tmp_path / f"kb{suffix}", mode=mode).read_bytes()
        cut = tmp_path / f"cut{suffix}"
        cut.write_bytes(other[:len(other) - 20])
        damaged: list[ImportProblem] = []
        list(read_sources([cut], [], damaged=damaged))
        assert damaged, suffix
    for point in range(1, 20):
        cut = tmp_path / f"cut{point}.tar.xz"
        cut.write_bytes(whole[:len(whole) * point // 20])
        problems: list[ImportProblem] = []
        damaged = []
        names = [name for name, _ in read_sources([cut], problems, damaged=damaged)]
        assert len(names) <= 40  # a cut in the padding loses no article, but is still one
        assert [d.source.startswith(str(cut)) for d in damaged] == [True], point
        assert "damaged archive" in damaged[0].reason
    code, _, err = kb_import(tmp_path / "cut10.tar.xz", db=tmp_path / "kb.sqlite3")
    assert code == 1 and "error:" in err and "damaged archive" in err


def test_corrupt_compressed_data_is_an_error(tmp_path: Path) -> None:
    data = bytearray(archive(tmp_path / "kb.tar.xz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "bad.tar.xz").write_bytes(bytes(data))
    damaged: list[ImportProblem] = []
    list(read_sources([tmp_path / "bad.tar.xz"], [], damaged=damaged))
    assert damaged and "damaged archive" in damaged[0].reason


def test_links_devices_and_fifos_in_an_archive_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        add(tar, "txt/Q200001.TXT", article(200001))
        add(tar, "txt/shadow.txt", kind=tarfile.SYMTYPE, link="/etc/shadow")
        add(tar, "txt/hard.txt", kind=tarfile.LNKTYPE, link="txt/Q200001.TXT")
        add(tar, "txt/zero.txt", kind=tarfile.CHRTYPE)
        add(tar, "txt/pipe.txt", kind=tarfile.FIFOTYPE)
    problems: list[ImportProblem] = []
    names = [name for name, _ in read_sources([path], problems)]
    assert names == [f"{path}:txt/Q200001.TXT"]
    reasons = {p.source.rsplit(":", 1)[1]: p.reason for p in problems}
    assert reasons["txt/shadow.txt"].startswith("a symbolic link")
    assert reasons["txt/hard.txt"].startswith("a hard link")
    assert reasons["txt/zero.txt"].startswith("a device")
    assert reasons["txt/pipe.txt"].startswith("a FIFO")


def test_duplicate_ids_with_different_content_name_both(tmp_path: Path) -> None:
    path = tmp_path / "dup.tar"
    with tarfile.open(path, "w") as tar:
        add(tar, "a/Q200001.TXT", article(200001))
        add(tar, "b/Q200001.TXT", article(200001, title="Another text"))
    with KBStore(tmp_path / "kb.sqlite3") as store:
        summary = store.import_articles(read_sources([path], []))
    assert summary.duplicates == 1
    [problem] = summary.problems
    assert problem.source == f"{path}:b/Q200001.TXT"
    assert "Q200001" in problem.reason and f"{path}:a/Q200001.TXT" in problem.reason


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8"])
def test_articles_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}
    path = tmp_path / "Q200077.TXT"
    path.write_bytes(bom[encoding] + article(200077).decode().encode(encoding))
    with KBStore(tmp_path / "kb.sqlite3") as store:
        summary = store.import_articles(read_sources([path], []))
        assert summary.new == 1 and store.get("Q200077").title == "Despooler fails 200077"


def test_an_archive_of_very_many_members_is_refused_quickly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.tar.xz"
    with tarfile.open(path, "w:xz") as tar:
        for n in range(12_000):
            add(tar, f"t/{n}.txt")
    started = time.monotonic()
    problems: list[ImportProblem] = []
    damaged: list[ImportProblem] = []
    assert list(read_sources([path], problems, damaged=damaged)) == []
    # Linear reading: tarfile's own stream decompression took minutes for this shape.
    assert time.monotonic() - started < 30
    assert len(problems) <= sources.MAX_PROBLEMS + 1 and not damaged
    assert problems[-1].reason.startswith("11,800 more members")
    monkeypatch.setattr(sources, "MAX_MEMBERS", 1_000)
    damaged = []
    list(read_sources([path], [], damaged=damaged))
    assert "more than 1,000 members" in damaged[0].reason
