"""Score lists kept in the store at import: loaded instead of built, exactly FTS5's
ranking, never used once the index changed, the same when built by processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from contextlib import closing
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kbtexts import article

from advisor.archive import KBStore, keptlists
from advisor.archive.keptlists import Tokens, keep_lists
from advisor.archive.scorelists import ScoreLists
from advisor.cli.kb import import_paths

TOKENIZER = "porter unicode61 remove_diacritics 2"
# Inflected forms, so that a query's word and the kept list's token differ.
WORDS = ["file", "files", "server", "servers", "opened", "open", "netware", "despooler",
         "sharing", "share", "retries", "retry", "locked", "package", "packages", "copy"]
WEIGHTS = [10.0, 1.0]
BM25 = "SELECT rowid, -bm25(t, 10.0, 1.0) AS s FROM t WHERE t MATCH ? ORDER BY s DESC LIMIT ?"


def table(path: Path, docs: list[tuple[list[str], list[str]]]) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, content='', "
               f"tokenize='{TOKENIZER}')")
    db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                   [(2 * i + 5, " ".join(a), " ".join(b)) for i, (a, b) in enumerate(docs)])
    return db


def same_ranking(got: list[tuple[int, float]], want: list[tuple[int, float]]) -> bool:
    # Rows of equal score may come in either order.
    return sorted(s for _, s in got) == sorted(s for _, s in want) and (
        not want or {r for r, s in got if s > want[-1][1]} == {r for r, s in want
                                                              if s > want[-1][1]})


@given(docs=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=3),
                               st.lists(st.sampled_from(WORDS), max_size=20)),
                     min_size=1, max_size=40),
       queries=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True),
                        min_size=1, max_size=3),
       least=st.integers(1, 6), limit=st.integers(1, 6))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_kept_lists_rank_exactly_as_bm25(tmp_path: Path, docs: list[tuple[list[str],
                                                                           list[str]]],
                                         queries: list[list[str]], least: int,
                                         limit: int) -> None:
    path = tmp_path / "t.sqlite3"
    path.unlink(missing_ok=True)
    with closing(table(path, docs)) as db:
        keep_lists(db, path, "t", WEIGHTS, TOKENIZER, columns=("title",), least=least,
                   workers=1)
        lists = ScoreLists(db, "t", WEIGHTS, tokens=Tokens(db, TOKENIZER))
        for query in queries:
            phrases = [f'"{word}"' for word in query] + [f'title : "{query[0]}"']
            want = db.execute(BM25, (" OR ".join(phrases), limit)).fetchall()
            assert same_ranking(lists.ranked([[p] for p in phrases], limit), want)


def test_lists_of_a_changed_index_are_not_used(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    with closing(table(path, [(["file"], ["server file"]), (["share"], ["file open"])])) as db:
        assert keep_lists(db, path, "t", WEIGHTS, TOKENIZER, least=1, workers=1) == 4
        lists = ScoreLists(db, "t", WEIGHTS, tokens=Tokens(db, TOKENIZER))
        with mock.patch.object(lists, "_build", wraps=lists._build) as build:
            lists.ranked([['"files"']], 2)
            assert build.call_count == 0  # "files" is the kept list of "file"
        db.execute("INSERT INTO t(rowid, title, body) VALUES (99, 'file file', 'file')")
        lists.clear()
        with mock.patch.object(lists, "_build", wraps=lists._build) as build:
            got = lists.ranked([['"file"']], 3)
            assert build.call_count == 1
        assert same_ranking(got, db.execute(BM25, ('"file"', 3)).fetchall())
        assert lists.keep(path, least=1) == 4  # built again, for the index as it is
        assert lists.keep(path, least=1) == 0  # and not again while it holds


def test_lists_kept_under_other_weights_are_not_used(tmp_path: Path) -> None:
    # A release that weighs the columns otherwise must not add up the old parts.
    path = tmp_path / "t.sqlite3"
    with closing(table(path, [(["file"], ["server file"]), (["share"], ["file open"])])) as db:
        keep_lists(db, path, "t", WEIGHTS, TOKENIZER, least=1, workers=1)
        other = [3.0, 1.0]
        lists = ScoreLists(db, "t", other, tokens=Tokens(db, TOKENIZER))
        with mock.patch.object(lists, "_build", wraps=lists._build) as build:
            got = lists.ranked([['"file"']], 2)
            assert build.call_count == 1
        want = db.execute("SELECT rowid, -bm25(t, 3.0, 1.0) AS s FROM t WHERE t MATCH ? "
                          "ORDER BY s DESC LIMIT ?", ('"file"', 2)).fetchall()
        assert same_ranking(got, want)
        assert lists.keep(path, least=1) == 4  # kept anew, under the weights in use


def test_processes_build_the_same_lists(tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(80)]
    docs = [([words[i % 80]], [words[(i * 7) % 80], words[(i * 3) % 80], "common"])
            for i in range(400)]
    path = tmp_path / "t.sqlite3"
    with closing(table(path, docs)) as db:
        keep_lists(db, path, "t", WEIGHTS, TOKENIZER, least=2, workers=1)
        alone = db.execute("SELECT * FROM kept_lists ORDER BY phrase").fetchall()
        with mock.patch.object(multiprocessing, "get_context",
                               wraps=multiprocessing.get_context) as pool:
            keep_lists(db, path, "t", WEIGHTS, TOKENIZER, least=2, workers=2)
            assert pool.call_count == 1  # processes built them
        assert db.execute("SELECT * FROM kept_lists ORDER BY phrase").fetchall() == alone


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(300001, 300031):
        (folder / f"Q{number}.txt").write_text(article(
            number, f"Spooler Queue Stops {number % 7}",
            f"The print spooler stops when the queue holds {number % 5} jobs."))
    return folder


def test_an_import_keeps_lists_that_later_searches_load(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "kb.sqlite3"
    with mock.patch.object(keptlists, "KEPT_FROM", 10), KBStore(db) as store:
        import_paths(store, [corpus])
        assert not store._lists.kept_before()  # only when asked for
        import_paths(store, [corpus], keep_lists=True)
        assert store._lists.kept_before()
    with KBStore(db) as store:
        first = [(h.id, h.score) for h in store.search("spooler queue stops")]
        with mock.patch.object(store._lists, "_build", wraps=store._lists._build) as build:
            again = [(h.id, h.score) for h in store.search("spooler queue stops")]
            assert build.call_count == 0
        assert again == first  # ranked from kept lists as FTS5 ranked it
        assert "spooler" in store.search("spooler")[0].matched


def test_once_kept_every_import_keeps_them_again(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "kb.sqlite3"
    with mock.patch.object(keptlists, "KEPT_FROM", 10):
        with KBStore(db) as store:
            import_paths(store, [corpus])
            assert store.keep_score_lists() > 0
            assert store.keep_score_lists() == 0  # they hold
        (corpus / "Q300099.txt").write_text(article(300099, "Spooler Queue Spooler",
                                                    "The spooler stops the queue."))
        with KBStore(db) as store:
            import_paths(store, [corpus])
            assert store._lists._kept is not None and store._lists._kept.valid()
            assert store.search("spooler queue")[0].id == "Q300099"
            assert store.search("spooler queue")[0].id == "Q300099"  # from the lists
