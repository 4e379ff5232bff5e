"""Search v2 of the archive: query reading, exact BM25 pruning, products and ids, the
store's layout and import (text kept once, a killed import), and fix status."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kbtexts import article

from advisor.archive import KBStore, article_status, has_fix
from advisor.archive.model import ArchiveStatus
from advisor.archive.rank import grouped, ranked
from advisor.archive.scorelists import ScoreLists
from advisor.archive.terms import parse_query, product_keys, resolve_product
from advisor.articles import parse_article
from advisor.cli.kb import import_paths
from advisor.knowledge import bundled_dirs

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = Path(__file__).parent / "fixtures" / "kbstore"


# --- reading a query --------------------------------------------------------------

@pytest.mark.parametrize(("text", "ids", "phrases", "products", "versions"), [
    ("Q202063", (202063,), (), (), ()),
    ("q202063", (202063,), (), (), ()),
    ("202063", (202063,), (), (), ()),
    ("see kb 163379 sender", (163379,), ("sender",), (), ()),
    ("error 35754 at logon", (), ("error", "35754", "logon"), (), ()),  # not an id
    ("it won't copy", (), ("copy",), (), ()),
    ("it wont copy, cant open", (), ("copy", "cannot", "open"), (), ()),
    ("answer Y/N to the prompt", (), ("answer", "y n", "prompt"), (), ()),
    ("fatal exception 0E at 0157:BFF9A25B", (),
     ("fatal", "exception", "0e", "0157 bff9a25b"), (), ()),
    ("SMS 1.2 despooler", (), ("sms", "1 2", "despooler"), ("sms",), ("1.2",)),
    ("our netware box", (), ("netware", "nw", "novell", "box"), (), ()),
    ("Windows NT 4.0 server", (), ("windows", "nt", "4 0", "server"), ("winnt",), ("4.0",)),
    # A product abbreviation run together with its version, as titles write them.
    ("iis4 custom errors", (), ("iis4", "iis 4", "custom", "errors"), ("iis",), ("4.0",)),
    ("vb5 crashes", (), ("vb5", "vb 5", "visual basic 5", "crashes", "access violation"),
     ("vb",), ("5.0",)),
    ("fp97 clip art", (), ("fp97", "fp 97", "frontpage 97", "clip", "art"), (), ()),
    ("after nt4 sp3", (), ("nt4", "nt 4", "sp3", "sp 3", "service pack 3"), ("winnt",),
     ("4.0",)),
    ("win32 error ole2", (), ("win32", "error", "ole2"), (), ()),  # not a product's
])
def test_parse_query(text: str, ids: tuple[int, ...], phrases: tuple[str, ...],
                     products: tuple[str, ...], versions: tuple[str, ...]) -> None:
    query = parse_query(text)
    assert (query.ids, query.phrases, query.products, query.versions) == (
        ids, phrases, products, versions)


def test_only_filler_is_no_query() -> None:
    assert not parse_query("the and of it, is it?")


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_is_a_safe_query(text: str) -> None:
    # Whatever the user types, the phrases are plain words: never FTS5 syntax.
    for phrase in parse_query(text).phrases:
        assert phrase and all(part.isalnum() for part in phrase.split(" "))


@pytest.mark.parametrize(("name", "key"), [
    ("sms", "sms"), ("SMS", "sms"), ("Systems Management Server", "sms"),
    ("Microsoft Systems Management Server", "sms"), ("nt", "winnt"), ("Windows NT", "winnt"),
    ("win95", "win95"), ("Exchange", "exchange"), ("sql", "sql"), ("banana", None),
])
def test_resolve_product(name: str, key: str | None) -> None:
    assert resolve_product(name) == key


def test_product_keys_of_articles() -> None:
    assert product_keys("Microsoft Systems Management Server") == ("sms",)
    assert "winnt" in product_keys("Windows for Workgroups and Windows NT Networking Issues")
    assert product_keys(None) == ()


# --- exact pruning --------------------------------------------------------------

WORDS = ["file", "server", "open", "netware", "despooler", "share", "retry", "locked",
         "package", "user", "client", "copy"]
WEIGHTS = [10.0, 1.0]


@given(docs=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=3),
                               st.lists(st.sampled_from(WORDS), max_size=30)),
                     min_size=1, max_size=60),
       query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6, unique=True),
       limit=st.integers(1, 8))
@settings(max_examples=120, deadline=None)
def test_pruned_ranking_is_exactly_bm25(docs: list[tuple[list[str], list[str]]],
                                        query: list[str], limit: int) -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='')")
        db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                       [(i + 1, " ".join(a), " ".join(b)) for i, (a, b) in enumerate(docs)])
        phrases = [f'"{word}"' for word in query]
        # Pruning starts from a single row so that every query goes through its rounds.
        got = ranked(db, "t", phrases, WEIGHTS, limit, total=len(docs), first=1)
        want = db.execute("SELECT rowid, -bm25(t, 10.0, 1.0) AS s FROM t WHERE t MATCH ? "
                          "ORDER BY s DESC LIMIT ?", (" OR ".join(phrases), limit)).fetchall()
    assert_same_ranking(got, want)


def assert_same_ranking(got: list[tuple[int, float]], want: list[tuple[int, float]]) -> None:
    assert [score for _, score in got] == pytest.approx([score for _, score in want])
    # Rows with equal scores may come in either order; the sets of scores agree.
    assert {r for r, s in got if s > want[-1][1] + 1e-9} == {
        r for r, s in want if s > want[-1][1] + 1e-9} if want else got == []


@given(docs=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=3),
                               st.lists(st.sampled_from(WORDS), max_size=30)),
                     min_size=1, max_size=80),
       queries=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6, unique=True),
                        min_size=1, max_size=4),
       limit=st.integers(1, 8), budget=st.integers(1, 200))
@settings(max_examples=150, deadline=None)
def test_score_lists_rank_exactly_as_bm25(docs: list[tuple[list[str], list[str]]],
                                          queries: list[list[str]], limit: int,
                                          budget: int) -> None:
    # Lists built, reused and evicted (a small budget): the same ranking each time.
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='')")
        db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                       [(3 * i + 7, " ".join(a), " ".join(b)) for i, (a, b) in enumerate(docs)])
        lists = ScoreLists(db, "t", WEIGHTS, budget=budget)
        for query in [*queries, *queries]:
            phrases = [f'"{word}"' for word in query]
            want = db.execute("SELECT rowid, -bm25(t, 10.0, 1.0) AS s FROM t WHERE t MATCH ? "
                              "ORDER BY s DESC LIMIT ?", (" OR ".join(phrases), limit)).fetchall()
            assert_same_ranking(lists.ranked([[p] for p in phrases], limit), want)


@given(docs=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=3),
                               st.lists(st.sampled_from(WORDS), max_size=30)),
                     min_size=1, max_size=60),
       groups=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True),
                       min_size=1, max_size=4),
       limit=st.integers(1, 8))
@settings(max_examples=120, deadline=None)
def test_a_group_of_synonyms_adds_its_best_member(docs: list[tuple[list[str], list[str]]],
                                                  groups: list[list[str]], limit: int) -> None:
    # Both ways of ranking (FTS5, pruned; score lists) give the scores worked out
    # by hand from each phrase's own bm25 part.
    seen: set[str] = set()
    groups = [[w for w in g if not (w in seen or seen.add(w))] for g in groups]
    groups = [[f'"{w}"' for w in g] for g in groups if g]
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='')")
        db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                       [(i + 1, " ".join(a), " ".join(b)) for i, (a, b) in enumerate(docs)])
        parts = {phrase: dict(db.execute("SELECT rowid, -bm25(t, 10.0, 1.0) FROM t "
                                         "WHERE t MATCH ?", (phrase,)))
                 for group in groups for phrase in group}
        scores = {row: sum(max(parts[p].get(row, 0.0) for p in g) for g in groups)
                  for row in range(1, len(docs) + 1)}
        want = sorted(((r, v) for r, v in scores.items() if v > 0), key=lambda rv: -rv[1])
        want = want[:limit]
        assert_same_ranking(grouped(db, "t", groups, WEIGHTS, limit, total=len(docs)), want)
        assert_same_ranking(ScoreLists(db, "t", WEIGHTS).ranked(groups, limit), want)


def test_score_lists_are_reused_within_the_budget_and_forgotten_on_clear() -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='')")
        db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                       [(1, "file", "server share"), (2, "server", "file file"),
                        (3, "share", "user")])
        lists = ScoreLists(db, "t", WEIGHTS, budget=4)
        with mock.patch.object(lists, "_build", wraps=lists._build) as build:
            first = lists.ranked([['"file"'], ['"server"']], 3)
            assert build.call_count == 2
            assert lists.ranked([['"server"'], ['"file"']], 3) == first
            assert build.call_count == 2  # nothing read again
        lists.ranked([['"user"']], 3)  # 2 + 2 + 1 rows: over the budget of 4, the least
        # recently used list goes
        assert '"user"' in lists and '"file"' in lists and '"server"' not in lists
        lists.clear()
        assert '"user"' not in lists


# --- the store -----------------------------------------------------------------

@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = {
        300001: article(300001, "Exchange MTA Stops When the Queue Is Full",
                        "The message transfer agent stops.", product="Microsoft Exchange",
                        versions="winnt:5.5"),
        300002: article(300002, "SMS: Package Folder Empty After Refresh",
                        "The package directory on the distribution server is empty after "
                        "a refresh while a user has a file open.",
                        product="Microsoft Systems Management Server", versions="winnt:1.2",
                        status="Microsoft has confirmed this to be a problem in Systems "
                        "Management Server version 1.2. This problem was corrected in the "
                        "latest U.S. service pack for Systems Management Server version 1.2.",
                        trailer="Issue type        : kbbug\nSolution Type     : kbfix"),
        300003: article(300003, "Print Queue Stops on Windows NT 4.0",
                        "The spooler stops when the queue is full.", versions="winnt:4.0"),
    }
    for number, text in texts.items():
        (folder / f"Q{number}.txt").write_text(text)
    return folder


def test_ids_products_and_versions(tmp_path: Path, corpus: Path) -> None:
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [corpus])
        assert store.search("Q300003")[0].id == "Q300003"
        assert store.search("kb 300003 exchange mta")[0].id == "Q300003"  # the id comes first
        assert [h.id for h in store.search("queue stops", product="exchange")] == ["Q300001"]
        assert store.search("queue stops exchange")[0].id == "Q300001"
        assert store.search("queue stops nt 4.0")[0].id == "Q300003"
        listed = store.list_articles(product="sms")
        assert {"Q128458", "Q202063", "Q300002"} <= {a.id for a in listed}
        assert {a.product for a in listed} == {"Microsoft Systems Management Server"}
        hit = store.search("folder empty after refresh")[0]
        assert (hit.id, hit.product) == ("Q300002", "Microsoft Systems Management Server")
        assert hit.status is not None and hit.status.fixed_in_kind == "latest_service_pack"
        assert "folder" in hit.matched
        assert store.search("folder empty after refresh", matched=False)[0].matched == ()
        assert store.matched_words("folder empty after refresh", ["q300002", "Q999999"]) == {
            "q300002": hit.matched, "Q999999": ()}


def test_later_searches_rank_from_score_lists_as_the_first_did(tmp_path: Path,
                                                                corpus: Path) -> None:
    texts = ["queue stops", "package folder empty refresh", "server file open nt 4.0",
             "despooler netware forced disconnect"]
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [corpus])
    firsts = []
    for text in texts:  # each in a store of its own: its first search, ranked by FTS5
        with KBStore(tmp_path / "kb.sqlite3") as store:
            firsts.append([(h.id, round(h.score, 9)) for h in store.search(text)])
    with KBStore(tmp_path / "kb.sqlite3") as store:
        store.search("warm up")
        for text, first in zip(texts, firsts, strict=True):
            assert [(h.id, round(h.score, 9)) for h in store.search(text)] == first
        assert '"queue"' in store._lists  # the later searches did use lists


def test_an_import_by_another_process_is_seen_by_a_searching_store(tmp_path: Path,
                                                                   corpus: Path) -> None:
    db = tmp_path / "kb.sqlite3"
    with KBStore(db) as serving:
        import_paths(serving, [corpus])
        for _ in range(2):  # score lists built and used
            assert serving.search("spooler queue")[0].id == "Q300003"
        more = tmp_path / "more"
        more.mkdir()
        (more / "Q300009.txt").write_text(article(
            300009, "Spooler Queue Spooler Queue", "The spooler queue spooler queue."))
        subprocess.run([sys.executable, "-m", "advisor", "kb", "import", "--db", str(db),
                        str(more)], check=True, capture_output=True, timeout=120)
        assert serving.search("spooler queue")[0].id == "Q300009"
        # A hit's text, kept for its matched words, is read again once it changed.
        assert "spooler" in serving.search("spooler Q300003")[0].matched
        (more / "Q300003.txt").write_text(article(300003, "Print Queue Stops on Windows NT 4.0",
                                                 "The printer driver stops the queue."))
        subprocess.run([sys.executable, "-m", "advisor", "kb", "import", "--db", str(db),
                        str(more)], check=True, capture_output=True, timeout=120)
        hit = serving.search("printer spooler Q300003")[0]
        assert hit.id == "Q300003" and "printer" in hit.matched and "spooler" not in hit.matched
        # Embeddings written elsewhere change the file, not the index: lists are kept.
        kept = dict(serving._lists._lists)
        with KBStore(db) as other:
            other.save_vectors([(300009, bytes(768))])
        serving.search("spooler queue")
        assert kept.keys() <= serving._lists._lists.keys()  # nothing was forgotten


def test_text_is_kept_once(tmp_path: Path, corpus: Path) -> None:
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [corpus])
        assert store.get("Q300002").title == "SMS: Package Folder Empty After Refresh"
    with closing(sqlite3.connect(tmp_path / "kb.sqlite3")) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "articles_fts_content" not in tables  # the index is contentless


def test_reimport_of_a_changed_article_replaces_its_index(tmp_path: Path,
                                                           corpus: Path) -> None:
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [corpus])
        path = corpus / "Q300001.txt"
        path.write_text(path.read_text().replace("message transfer agent", "gateway"))
        summary = import_paths(store, [corpus])
        assert (summary.updated, summary.unchanged) == (1, 2)
        assert store.search("gateway")[0].id == "Q300001"
        assert all(h.id != "Q300001" for h in store.search("transfer agent"))


def test_a_killed_import_leaves_a_usable_store(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    count = 4000
    for number in range(400000, 400000 + count):
        (folder / f"Q{number}.txt").write_text(article(
            number, f"Invented problem {number}", f"Word{number % 97} happens on a server."))
    db = tmp_path / "kb.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "kb", "import", "--db", str(db),
                             str(folder)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with closing(sqlite3.connect(db, timeout=1)) as watch:
                done = watch.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if done > 1000:
            break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    with KBStore(db) as store:  # usable: opens, searches
        before = len(store)
        assert store.search("invented problem")
        summary = import_paths(store, [folder])
        bundled = len(list(bundled_dirs()[0].glob("*.txt")))
        assert len(store) == count + bundled  # and the bundled articles
        assert summary.unchanged == before - bundled
        assert summary.new == count - summary.unchanged


# --- fix status -----------------------------------------------------------------

def status_of(status: str, trailer: str = "") -> ArchiveStatus:
    return article_status(parse_article(article(100001, "Example", "Symptom text.",
                                                status=status, trailer=trailer)))


@pytest.mark.parametrize(("status", "trailer", "solution", "fixed_in", "kind"), [
    ("Microsoft has confirmed this to be a problem in Windows NT version 4.0. This "
     "problem was corrected in Windows NT 4.0 Service Pack 3.", "", "fixed",
     "Windows NT 4.0 Service Pack 3", "service_pack"),
    ("Microsoft has confirmed this to be a problem in Systems Management Server version "
     "1.2. This problem has been corrected in the latest U.S. service pack for Systems "
     "Management Server version 1.2.", "", "fixed",
     "latest Systems Management Server 1.2 service pack", "latest_service_pack"),
    ("Microsoft has confirmed this to be a problem in Microsoft Mail for Windows versions "
     "3.0 and 3.0b. The problem was fixed in version 3.2.", "", "fixed",
     "Mail for Windows 3.2", "version"),
    ("Microsoft has confirmed this to be a problem in Exchange Server version 5.5 and is "
     "fixed in Service Pack 2.", "", "fixed", "Exchange Server 5.5 Service Pack 2",
     "service_pack"),
    ("This problem no longer occurs in Windows 98.", "", "fixed", "Windows 98",
     "later_version"),
    ("A supported fix is now available; contact Microsoft Technical Support.", "", "fixed",
     None, "hotfix"),
    ("This behavior is by design.", "", "by_design", None, None),
    ("Microsoft is researching this problem and will post new information here.", "",
     "pending", None, None),
    ("Microsoft has confirmed this to be a problem in Windows NT version 4.0.", "", "no_fix",
     None, None),
    ("Microsoft has confirmed this to be a problem in Windows NT version 4.0.",
     "Solution Type     : kbfix", "fixed", None, None),
    ("Microsoft has confirmed this to be a problem in Windows NT version 4.0.",
     "Solution Type     : kbpending", "pending", None, None),
    # the text decides over a trailer that disagrees
    ("This problem was first corrected in Windows NT Server 4.0 Service Pack 6.",
     "Solution Type     : kbnofix", "fixed", "Windows NT Server 4.0 Service Pack 6",
     "service_pack"),
    ("", "Solution Type     : kbnofix", "no_fix", None, None),
    ("", "", "unknown", None, None),
    # releases written product last, abbreviated, or as what a tool ships with
    ("The problem was corrected in version 2.5 of Microsoft Widget Mail for Windows.", "",
     "fixed", "Widget Mail for Windows 2.5", "version"),
    # (the version is the one release the article's PROD/VER names: 4.0)
    ("The bug has been fixed in Service Pack 2 for Visual Basic.", "", "fixed",
     "Visual Basic 4.0 Service Pack 2", "service_pack"),
    ("This was resolved in the checker that ships with Visual SourceSafe 6.0.", "", "fixed",
     "Visual SourceSafe 6.0", "version"),
    ("The problem was corrected in MDAC 2.5.", "", "fixed", "Data Access Components 2.5",
     "version"),
    ("The problem was corrected in Word 97 SR-2.", "", "fixed",
     "Word 97 Service Release 2", "service_pack"),
    ("This was corrected in the latest Exchange Server for Windows NT, 5.5 U.S. Service "
     "Pack.", "", "fixed", "latest Exchange Server 5.5 service pack", "latest_service_pack"),
])
def test_article_status(status: str, trailer: str, solution: str, fixed_in: str | None,
                        kind: str | None) -> None:
    found = status_of(status, trailer)
    assert (found.solution, found.fixed_in, found.fixed_in_kind) == (solution, fixed_in, kind)


@pytest.mark.parametrize(("fixed_in", "kind", "version", "has"), [
    ("Windows NT 4.0 Service Pack 3", "service_pack", "4.0", False),
    ("Windows NT 4.0 Service Pack 3", "service_pack", "4.0 SP3", True),
    ("Windows NT 4.0 Service Pack 3", "service_pack", "4.0 Service Pack 6a", True),
    ("Windows NT 4.0 Service Pack 3", "service_pack", "3.51", False),
    ("Windows NT 4.0 Service Pack 3", "service_pack", "5.0", True),
    ("latest SMS 1.2 service pack", "latest_service_pack", "1.2", None),
    ("latest SMS 1.2 service pack", "latest_service_pack", "1.1", False),
    ("latest SMS 1.2 service pack", "latest_service_pack", "2.0", True),
    ("SMS 1.2", "version", "1.1", False),
    ("SMS 1.2", "version", "2.0", True),
    ("SMS 1.2", "version", "banana", None),
])
def test_has_fix(fixed_in: str, kind: str, version: str, has: bool | None) -> None:
    status = ArchiveStatus("fixed", fixed_in=fixed_in, fixed_in_kind=kind)  # type: ignore[arg-type]
    assert has_fix(status, version) is has


def test_no_fix_means_no_answer() -> None:
    assert has_fix(ArchiveStatus("no_fix"), "2.0") is None


def test_q184489_in_the_corpus() -> None:
    path = Path("/tmp/corpus/txt/184/Q184489.TXT")
    shared = ROOT.parent / "shared" / "corpus" / "kbarchive-txt.tar.xz"
    if not path.is_file():
        pytest.skip("the unpacked corpus is not at /tmp/corpus/txt" +
                    ("" if shared.is_file() else " (nor ../shared)"))
    from advisor.articles import read_article

    status = article_status(read_article(path))
    assert status.solution == "fixed"
    assert status.confirmed_in == ("Systems Management Server 1.2",)
    assert status.fixed_in == "latest Systems Management Server 1.2 service pack"
    assert status.fixed_in_kind == "latest_service_pack"


def test_store_with_an_old_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.executescript("CREATE TABLE articles (x); PRAGMA user_version = 1;")
    with pytest.raises(Exception, match="schema 1"):
        KBStore(path)


def test_a_schema_2_store_gains_its_index_and_keeps_its_articles(tmp_path: Path) -> None:
    # Schema 3 only adds an index: a store made by the previous version is
    # upgraded where it lies, not refused.
    path = tmp_path / "kb.sqlite3"
    with KBStore(path) as store:
        before = [hit.id for hit in store.search("netware file open")]
    with closing(sqlite3.connect(path)) as db:
        db.executescript("DROP INDEX articles_origin; PRAGMA user_version = 2;")
    with KBStore(path) as store:
        assert [hit.id for hit in store.search("netware file open")] == before
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = "
                          "'articles_origin'").fetchone()[0] == 1


def test_fixture_articles_import(tmp_path: Path) -> None:
    with KBStore(tmp_path / "kb.sqlite3") as store:
        summary = import_paths(store, [ARTICLES])
        assert summary.new == 3
        assert store.status("Q900202").solution == "no_fix"
