"""Our kb/ articles are written in our own words: no sentence of the archive's
originals may turn up in them.

The originals are test data (the shared KB archive, never part of the
repository). The test reads them from an unpacked copy at /tmp/corpus/txt, or
pulls just the articles it needs out of ../shared/corpus/kbarchive-txt.tar.xz,
and skips when neither is there.
"""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest

from advisor.knowledge import bundled_dirs

UNPACKED = Path("/tmp/corpus/txt")
SHARED = Path(__file__).resolve().parents[2] / "shared"
ARCHIVE = SHARED / "corpus" / "kbarchive-txt.tar.xz"
SEED = SHARED / "seeds" / "Q202063.txt"
#: Shorter lines are headings, labels and fragments too common to prove copying.
MIN_CHARS = 40
_APPLIES_TO_END = re.compile(r"-{70,}\s*")
#: Lines that state facts which must stay exact: registry paths, formulas and
#: value definitions ("y = ..."), log lines, and titles of referenced articles.
_EXACT_FACT = re.compile(r"\\|=|^Q\d{5,6}\b")


def _ours() -> dict[str, str]:
    return {path.stem: path.read_text() for path in sorted(bundled_dirs()[0].glob("*.txt"))}


def _originals(ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    if UNPACKED.is_dir():
        for ident in ids:
            path = UNPACKED / ident[1:4] / f"{ident}.TXT"
            if path.is_file():
                found[ident] = path.read_text(encoding="latin-1")
    elif ARCHIVE.is_file():
        wanted = {f"txt/{ident[1:4]}/{ident}.TXT": ident for ident in ids}
        with tarfile.open(ARCHIVE) as archive:
            for member in archive:
                name = wanted.get(member.name)
                stream = archive.extractfile(member) if name else None
                if name and stream is not None:
                    found[name] = stream.read().decode("latin-1")
    if not found and SEED.is_file():
        found["Q202063"] = SEED.read_text(encoding="latin-1")
    return found


def prose_lines(text: str) -> list[str]:
    """The body lines of an original worth comparing: after the applies-to block,
    before the query words, whitespace normalised, long enough to be a sentence."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if _APPLIES_TO_END.fullmatch(line)]
    start = rules[1] + 1 if len(rules) >= 2 else 0
    kept: list[str] = []
    for line in lines[start:]:
        if line.startswith("Additional query words"):
            break
        normal = " ".join(line.split())
        if len(normal) > MIN_CHARS and not _EXACT_FACT.search(normal):
            kept.append(normal)
    return kept


def test_prose_lines_finds_the_body_and_drops_exact_facts() -> None:
    rule = "-" * 79
    original = ("TITLE   :A title long enough to be over forty characters in all\n"
                f"{rule}\n applies to\n{rule}\n"
                "This sentence is long enough to count as prose for the check.\n"
                "   HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler\n"
                "   y = Number Of Retries Before Forced Disconnection\n"
                "Additional query words: a line after the body that is long enough\n")
    assert prose_lines(original) == [
        "This sentence is long enough to count as prose for the check."]


def test_every_kb_article_is_in_our_own_words() -> None:
    ours = _ours()
    originals = _originals(sorted(ours))
    if not originals:
        pytest.skip("neither the KB corpus nor the shared seed article is here")
    copied: list[str] = []
    compared = 0
    for ident, original in originals.items():
        text = " ".join(ours[ident].split())
        lines = prose_lines(original)
        compared += len(lines)
        copied += [f"{ident}: {line}" for line in lines if line in text]
    assert compared > 10 * len(originals)
    assert not copied, "\n".join(copied)
