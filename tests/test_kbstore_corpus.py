"""Import the whole Microsoft KB archive (56,989 articles) into a store and search it.

The archive is test data only, never part of the repository. The test streams
../shared/corpus/kbarchive-txt.tar.xz when it is there, else reads an unpacked copy at
/tmp/corpus/txt, and skips when neither exists. The import parses every article, so it
is also the parser's robustness check on real text: none may be refused, and nearly all
must come out with sections.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from advisor.archive import ImportSummary, KBStore
from advisor.cli.kb import import_paths

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "kbarchive-txt.tar.xz"
UNPACKED = Path("/tmp/corpus/txt")
CORPUS_ARTICLES = 56_989
#: Every bundled article (kb/) is a real one, so the archive has each of them too.
BUNDLED = len(list((ROOT / "kb").glob("*.txt")))
NETWARE = "NetWare distribution server never gets updated because a user keeps a file open"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KBStore,
                                                                         ImportSummary]]:
    source = ARCHIVE if ARCHIVE.is_file() else UNPACKED if UNPACKED.is_dir() else None
    if source is None:
        pytest.skip("KB corpus not found (neither the shared archive nor /tmp/corpus/txt)")
    with KBStore(tmp_path_factory.mktemp("kbstore") / "kb.sqlite3") as store:
        yield store, import_paths(store, [source])


def test_every_article_is_imported_with_id_title_and_sections(
        imported: tuple[KBStore, ImportSummary]) -> None:
    store, summary = imported
    assert summary.problems == []
    # Every bundled article is in the archive too, and the bundled ones are kept.
    assert (summary.new, summary.kept_bundled) == (CORPUS_ARTICLES - BUNDLED, BUNDLED)
    assert len(store) == CORPUS_ARTICLES
    with closing(sqlite3.connect(store.path)) as db:
        blank = db.execute("SELECT count(*) FROM articles WHERE id = '' OR title = ''")
        assert blank.fetchone()[0] == 0
        # Each article is kept once, as compressed JSON.
        with_sections = sum(bool(json.loads(zlib.decompress(blob))["sections"])
                            for (blob,) in db.execute("SELECT article FROM articles"))
        assert with_sections / CORPUS_ARTICLES >= 0.995


def test_ids_products_and_status_on_the_archive(
        imported: tuple[KBStore, ImportSummary]) -> None:
    store, _ = imported
    for text in ("Q202063", "q202063", "202063"):
        assert store.search(text)[0].id == "Q202063"
    assert len(store.list_articles(product="sms")) > 2000
    assert {hit.product for hit in store.search("despooler", product="sms")} == {
        "Microsoft Systems Management Server"}
    # An archive article's status is read from its text...
    status = store.status("Q198710")
    assert (status.solution, status.confirmed_in, status.fixed_in_kind, status.source) == (
        "fixed", ("Systems Management Server 2.0",), "service_pack", "text")
    # ...a bundled one's is its rule pack's, labelled as its text says.
    status = store.status("Q184489")
    assert (status.solution, status.confirmed_in, status.fixed_in_kind, status.source) == (
        "fixed", ("Systems Management Server 1.2",), "latest_service_pack", "pack")


def test_netware_description_finds_q202063_first(
        imported: tuple[KBStore, ImportSummary]) -> None:
    store, _ = imported
    assert store.search(NETWARE)[0].id == "Q202063"


def test_relevance_of_the_benchmark_queries(imported: tuple[KBStore, ImportSummary]) -> None:
    store, _ = imported
    queries = yaml.safe_load((ROOT / "bench" / "kb_queries.yaml").read_text())["queries"]
    ranks = []
    for query in queries:
        # By number: the archive's five-digit ids may be padded to six by the parser.
        numbers = [int(hit.id[1:]) for hit in store.search(query["text"], limit=10)]
        wanted = int(query["expect"][1:])
        ranks.append(numbers.index(wanted) + 1 if wanted in numbers else None)
    mrr = sum(1 / rank for rank in ranks if rank) / len(ranks)
    recall5 = sum(1 for rank in ranks if rank and rank <= 5) / len(ranks)
    assert mrr >= 0.7 and recall5 >= 0.85, (mrr, recall5)


def test_importing_again_changes_nothing(imported: tuple[KBStore, ImportSummary]) -> None:
    store, _ = imported
    source = ARCHIVE if ARCHIVE.is_file() else UNPACKED
    summary = import_paths(store, [source])
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, CORPUS_ARTICLES - BUNDLED)
