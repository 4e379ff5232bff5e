"""Parse the whole Microsoft KB archive (56,989 articles) to check robustness.

The archive is test data only and never part of the repository. The test uses an
unpacked copy at /tmp/corpus/txt, or unpacks ../shared/corpus/kbarchive-txt.tar.xz
once per session; it skips when neither is there.
"""

from __future__ import annotations

import tarfile
from collections import Counter
from pathlib import Path

import pytest

from advisor.articles import read_article
from advisor.errors import ArticleFormatError

UNPACKED = Path("/tmp/corpus/txt")
ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kbarchive-txt.tar.xz"
MIN_WITH_SECTIONS = 0.995


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if UNPACKED.is_dir():
        root = UNPACKED
    elif ARCHIVE.is_file():
        target = tmp_path_factory.mktemp("kbcorpus")
        with tarfile.open(ARCHIVE) as archive:
            # "data" refuses links and paths outside the target; it also keeps newer
            # Pythons from warning about the default filter.
            archive.extractall(target, filter="data")
        root = target / "txt"
    else:
        pytest.skip("KB corpus not found (neither /tmp/corpus/txt nor the shared archive)")
    files = sorted(root.glob("*/*.[Tt][Xx][Tt]"))
    if not files:
        pytest.skip(f"KB corpus at {root} holds no articles")
    return files


@pytest.mark.slow
def test_every_corpus_article_parses(corpus_files: list[Path]) -> None:
    rejected: list[str] = []
    with_sections = 0
    issues: Counter[str] = Counter()
    for path in corpus_files:
        try:
            article = read_article(path)
        except ArticleFormatError as error:
            rejected.append(str(error))
            continue
        assert article.id
        assert article.title
        with_sections += bool(article.sections)
        issues.update(issue.message for issue in article.issues)
    total = len(corpus_files)
    assert not rejected, f"{len(rejected)} of {total} rejected, e.g. {rejected[:5]}"
    share = with_sections / total
    assert share >= MIN_WITH_SECTIONS, (
        f"only {share:.2%} have a section; most common issues: {issues.most_common(10)}")
