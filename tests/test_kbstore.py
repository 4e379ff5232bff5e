"""The KB store (advisor.archive.store) and the ``advisor kb`` commands (advisor.cli.kb),
on small invented articles in tests/fixtures/kbstore and tests/fixtures/articles."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.archive import ImportProblem, KBStore, default_db_path
from advisor.articles import read_article
from advisor.cli import main
from advisor.cli.kb import Progress, import_paths, read_sources
from advisor.errors import ArticleNotFoundError, KBQueryError, KBStoreError
from advisor.knowledge import bundled_dirs

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "kbstore"
PARSER_ARTICLES = FIXTURES / "articles"
FIXTURE_IDS = {"Q900201", "Q900202", "Q900203"}

#: The bundled articles, always in the store.
BUNDLED = {p.stem for p in (Path(__file__).resolve().parents[1] / "kb").glob("*.txt")}


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KBStore]:
    with KBStore(tmp_path / "kb.sqlite3") as opened:
        yield opened


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run an ``advisor kb`` command through the real command line."""
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue() + capsys.readouterr().err


class Watcher:
    """A second connection to a store: its ``PRAGMA data_version`` changes when
    another connection commits a change to the file."""

    def __init__(self, path: Path | str) -> None:
        self.db = sqlite3.connect(path)
        self.start = self.version()

    def version(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        try:
            return self.version() != self.start
        finally:
            self.db.close()


# --- where the store lives ------------------------------------------------------

def test_default_path_honours_xdg_data_home(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.delenv("ADVISOR_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "advisor" / "kb.sqlite3"


@pytest.mark.parametrize("xdg", [None, "", "relative/dir"])
def test_default_path_falls_back_to_local_share(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path, xdg: str | None) -> None:
    monkeypatch.delenv("ADVISOR_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_db_path() == tmp_path / ".local" / "share" / "advisor" / "kb.sqlite3"


def test_default_store_is_created_in_the_data_directory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ADVISOR_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    code, out, _ = run(["kb", "list"], capsys)
    assert code == 0 and "Q202063" in out
    assert (tmp_path / "advisor" / "kb.sqlite3").is_file()


# --- bundled articles -----------------------------------------------------------

def test_new_store_holds_the_bundled_articles_exactly(store: KBStore) -> None:
    for path in bundled_dirs()[0].glob("*.txt"):
        assert store.get(path.stem) == read_article(path)
    assert len(store) == len(list(bundled_dirs()[0].glob("*.txt")))


def test_reopening_does_not_rewrite_the_bundled_articles(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    KBStore(path).close()
    watcher = Watcher(path)
    KBStore(path).close()
    assert not watcher.changed()


def test_bundled_article_wins_over_an_imported_one(store: KBStore, tmp_path: Path) -> None:
    rival = tmp_path / "Q202063.txt"
    rival.write_text("DOCUMENT:Q202063  01-JAN-2002  [sms]\nTITLE   :An impostor\n\n"
                     "SYMPTOMS\n========\n\nNothing.\n")
    summary = import_paths(store, [rival])
    assert summary.kept_bundled == 1 and summary.new == 0
    assert store.get("Q202063").title != "An impostor"


# --- importing ------------------------------------------------------------------

def test_import_directory_reports_a_malformed_file_and_goes_on(store: KBStore) -> None:
    summary = import_paths(store, [ARTICLES])
    assert (summary.new, summary.updated, summary.unchanged) == (3, 0, 0)
    [problem] = summary.problems
    assert problem.source.endswith("notes.md") and "no article id" in problem.reason
    for ident in FIXTURE_IDS:
        path = next(ARTICLES.rglob(f"{ident}.*"))
        assert store.get(ident) == read_article(path)  # every field survives the store


def test_import_again_is_idempotent_and_writes_nothing(store: KBStore) -> None:
    watcher = Watcher(store.path)
    import_paths(store, [ARTICLES])
    assert watcher.changed()  # the first import did write
    watcher = Watcher(store.path)
    summary = import_paths(store, [ARTICLES])
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 3)
    assert not watcher.changed()
    assert len(store) == len(BUNDLED) + 3


def test_changed_article_is_updated_in_the_index_too(store: KBStore, tmp_path: Path) -> None:
    copy = tmp_path / "Q900201.txt"
    shutil.copy(ARTICLES / "Q900201.txt", copy)
    import_paths(store, [copy])
    copy.write_text(copy.read_text().replace("Print Spooler Stops", "Zebra Spooler Halts"))
    summary = import_paths(store, [copy])
    assert (summary.new, summary.updated) == (0, 1)
    assert store.get("Q900201").title.startswith("Zebra Spooler Halts")
    assert [hit.id for hit in store.search("zebra")] == ["Q900201"]
    assert store.search("thousands documents queue")[0].title.startswith("Zebra")


def test_same_id_twice_in_one_import_keeps_the_first(store: KBStore, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("DOCUMENT:Q900299  01-JAN-2000\nTITLE   :First\n")
    second.write_text("DOCUMENT:Q900299  01-JAN-2000\nTITLE   :Second\n")
    summary = import_paths(store, [first, second])
    assert (summary.new, summary.duplicates) == (1, 1)
    assert store.get("Q900299").title == "First"
    again = import_paths(store, [first, second])
    assert (again.updated, again.unchanged, again.duplicates) == (0, 1, 1)


@pytest.mark.parametrize("compression", ["gz", "xz"])
def test_import_streams_a_tar_archive(store: KBStore, tmp_path: Path, compression: str) -> None:
    archive = tmp_path / f"kb.tar.{compression}"
    with tarfile.open(archive, "w:gz" if compression == "gz" else "w:xz") as tar:
        tar.add(ARTICLES, arcname="txt")
    summary = import_paths(store, [archive])
    assert (summary.new, len(summary.problems)) == (3, 1)
    assert summary.problems[0].source == f"{archive}:txt/more/notes.md"
    # Streamed: nothing was unpacked beside the archive and the store.
    assert {p.name for p in tmp_path.iterdir()} == {archive.name, "kb.sqlite3",
                                                    "kb.sqlite3-shm", "kb.sqlite3-wal"}
    assert store.get("Q900203").product == "Microsoft Exchange"


def test_damaged_archive_is_reported_and_the_import_goes_on(store: KBStore,
                                                            tmp_path: Path) -> None:
    archive = tmp_path / "kb.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(ARTICLES, arcname="txt")
    damaged = tmp_path / "damaged.tar.xz"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    fatal: list[ImportProblem] = []
    summary = import_paths(store, [damaged, PARSER_ARTICLES / "classic_sections.txt"],
                           damaged=fatal)
    assert any(p.source.startswith(str(damaged)) and "damaged archive" in p.reason
               for p in summary.problems)
    assert [p.source.startswith(str(damaged)) for p in fatal] == [True]
    assert store.get("Q900101").title == "SMS: Inventory Agent Skips Drives Mapped After Logon"


def test_read_sources_names_unreadable_paths(tmp_path: Path) -> None:
    problems: list[ImportProblem] = []
    assert list(read_sources([tmp_path / "absent.txt"], problems)) == []
    assert problems[0].source == str(tmp_path / "absent.txt")


# --- search ---------------------------------------------------------------------

def test_search_ranks_the_matching_article_first(store: KBStore) -> None:
    import_paths(store, [ARTICLES, PARSER_ARTICLES])
    hits = store.search("permissions on the package share are lost every time "
                        "we send it again")
    # The fixture written for this query, and the bundled Q167656 (the real
    # article on it) lead.
    assert {h.id for h in hits[:2]} == {"Q900202", "Q167656"}
    (hit,) = [h for h in hits if h.id == "Q900202"]
    assert hit.versions == ("1.2", "2.0")
    assert (hit.issue_type, hit.solution_type) == ("kbbug", "kbnofix")
    assert {"permissions", "package", "share"} <= set(hit.matched)
    assert store.search("NetWare server, a user keeps a file open")[0].id == "Q202063"


def test_title_and_symptoms_outweigh_the_rest(store: KBStore, tmp_path: Path) -> None:
    body = tmp_path / "Q900290.txt"
    body.write_text("DOCUMENT:Q900290  01-JAN-2000\nTITLE   :Unrelated Heading\n\n"
                    "MORE INFORMATION\n================\n\nThe zeppelin is mentioned here.\n")
    titled = tmp_path / "Q900291.txt"
    titled.write_text("DOCUMENT:Q900291  01-JAN-2000\nTITLE   :Zeppelin Trouble\n\n"
                      "MORE INFORMATION\n================\n\nNothing else to say here.\n")
    import_paths(store, [body, titled])
    assert [hit.id for hit in store.search("zeppelin")] == ["Q900291", "Q900290"]


def test_search_limit(store: KBStore) -> None:
    import_paths(store, [ARTICLES])
    assert len(store.search("invented article store tests", limit=2)) == 2


@pytest.mark.parametrize("text", [
    '"unbalanced quote', "(parenthesis", "NOT", "a AND b OR c", "-minus *star",
    "col:on", "NEAR(a b)", "^caret {braces}", "'; DROP TABLE articles; --", "2.0",
    "ümlaut naïve", "spooler)))", 'queue" OR "x',
])
def test_user_text_never_breaks_the_query(store: KBStore, text: str) -> None:
    import_paths(store, [ARTICLES])
    try:
        hits = store.search(text)
    except KBQueryError:
        return
    assert all(hit.id for hit in hits)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_safe_to_search(text: str) -> None:
    with KBStore(":memory:") as memory, contextlib.suppress(KBQueryError):
        memory.search(text)


def test_search_without_words_is_a_query_error(store: KBStore) -> None:
    with pytest.raises(KBQueryError):
        store.search('the "and" of (it) -- *')


# --- get and list ---------------------------------------------------------------

@pytest.mark.parametrize("ident", ["Q900201", "q900201", " 900201 "])
def test_get_accepts_id_forms(store: KBStore, ident: str) -> None:
    import_paths(store, [ARTICLES])
    assert store.get(ident).id == "Q900201"


@pytest.mark.parametrize("ident", ["Q999999", "banana", ""])
def test_get_unknown_id(store: KBStore, ident: str) -> None:
    with pytest.raises(ArticleNotFoundError, match="no article"):
        store.get(ident)


def test_list_filters(store: KBStore) -> None:
    import_paths(store, [ARTICLES])
    assert [a.id for a in store.list_articles()] == sorted(FIXTURE_IDS | BUNDLED)
    # Q147819 is filed under Windows NT, as the original is.
    assert [a.id for a in store.list_articles(product="windows nt")] == ["Q147819", "Q900201"]
    sms = store.list_articles(keyword="KBDESPOOLER")
    assert [a.id for a in sms] == sorted(
        (BUNDLED - {"Q153576", "Q173995"}) | {"Q900202"})
    assert [a.id for a in store.list_articles(keyword="kb100%special_keyword")] == ["Q900203"]
    assert store.list_articles(keyword="kb100") == []  # % and _ are not wildcards
    assert len(store.list_articles(limit=2)) == 2


def test_not_a_store(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(KBStoreError, match=r"garbage\.sqlite3"):
        KBStore(garbage)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(KBStoreError, match="not a KB store"):
        KBStore(other)


# --- the commands ---------------------------------------------------------------

def test_cli_import_search_show_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kb.sqlite3")
    code, out, err = run(["kb", "import", "--db", db, str(ARTICLES)], capsys)
    assert code == 0
    assert out.strip() == ("imported 3 articles: 3 new, 0 updated, 0 unchanged; "
                           "1 skipped as unreadable")
    assert "notes.md" in err and "no article id" in err

    code, out, _ = run(["kb", "search", "--db", db, "spooler", "queue", "thousands"], capsys)
    assert code == 0
    first = out.splitlines()[:2]
    assert first[0] == "Q900201  Print Spooler Stops When the Queue Holds Thousands of Jobs"
    assert "versions 4.0" in first[1] and "kbbug / kbworkaround" in first[1]
    assert "matched:" in first[1] and "spooler" in first[1]

    code, out, _ = run(["kb", "search", "--db", db, "--json", "--limit", "1", "queue"], capsys)
    data = json.loads(out)
    assert data["terms"] == ["queue"] and len(data["results"]) == 1
    assert set(data["results"][0]) >= {"id", "title", "versions", "issue_type",
                                       "solution_type", "matched", "score"}

    code, out, _ = run(["kb", "show", "--db", db, "--json", "Q900202"], capsys)
    shown = json.loads(out)
    assert shown.pop("status")["solution"] == "no_fix"
    assert shown == read_article(ARTICLES / "Q900202.txt").model_dump(mode="json")
    code, out, _ = run(["kb", "show", "--db", db, "--json", "--version", "1.1", "Q128458"],
                       capsys)
    status = json.loads(out)["status"]
    assert (status["solution"], status["fixed_in_your_version"]) == ("fixed", False)
    code, out, _ = run(["kb", "show", "--db", db, "q900202"], capsys)
    assert out.startswith("Q900202  SMS: Package Share Permissions Reset After Redistribution")
    assert "SYMPTOMS\n========\n\nAn invented article" in out

    code, out, _ = run(["kb", "list", "--db", db, "--product", "exchange"], capsys)
    assert out == ("Q900203  XADM: Offline Address Book Generation Stops at a Hidden "
                   "Recipient  [5.5]\n")


@pytest.mark.parametrize("argv", [["show", "Q999999"], ["search", "(and) the *"],
                                  ["import", "/no/such/file.txt"]])
def test_cli_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 argv: list[str]) -> None:
    code, _, err = run(["kb", *argv[:1], "--db", str(tmp_path / "kb.sqlite3"), *argv[1:]],
                       capsys)
    assert code == 2
    assert err.startswith("advisor: ") and ("Q999999" in err or "nothing to search" in err
                                            or "/no/such/file.txt" in err)


def test_cli_show_unknown_id_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["kb", "show", "--json", "--db", str(tmp_path / "kb"), "Q1"], capsys)
    assert code == 2 and "Q1" in json.loads(out)["error"]["message"]


def test_progress_bar_only_on_a_terminal() -> None:
    clock = iter([0.0, 0.2, 1.0, 1.05, 2.0])
    terminal = Tty()
    bar = Progress(terminal, clock=lambda: next(clock))
    bar(50, 0.1)  # too early: short imports show no bar
    bar(100, 0.25)
    bar(200, 0.3)  # too soon after the last drawing
    bar(400, 0.5)
    bar.finish()
    drawn = terminal.getvalue().split("\r")
    assert [line for line in drawn if "%" in line] == [
        "[#######.......................]  25%  100 articles  100/s  ETA 00:03",
        "[###############...............]  50%  400 articles  200/s  ETA 00:02"]
    piped = io.StringIO()
    quiet = Progress(piped, clock=iter([0.0, 9.0]).__next__)
    quiet(100, 0.5)
    quiet.finish()
    assert piped.getvalue() == ""


def test_a_bundled_article_has_the_status_its_advice_shows() -> None:
    # The archive and the advice must not disagree about the articles the packs
    # cite: the store takes a bundled article's status from its pack.
    from advisor import Advisor
    from advisor.archive import has_fix

    knowledge = Advisor(evaluator="python").knowledge
    kb_dir, _ = bundled_dirs()
    with KBStore(":memory:") as store:
        for path in sorted(kb_dir.glob("*.txt")):
            pack = knowledge.statuses[path.stem]
            got = store.status(path.stem)
            assert got.source == "pack"
            assert got.solution == (pack.solution if pack.solution in {
                "fixed", "no_fix", "pending"} else "unknown"), path.stem
            assert [c.split()[-1] for c in got.confirmed_in] == [
                v.split()[-1] for v in pack.confirmed_in], path.stem
        # The article says "the latest service pack"; its pack knows it was SP3.
        sp3 = store.status("Q161043")
        assert sp3.fixed_in_kind == "latest_service_pack" and "Service Pack 3" in str(
            sp3.fixed_in)
        assert (has_fix(sp3, "1.2 SP2"), has_fix(sp3, "1.2 SP3"), has_fix(sp3, "2.0")) == (
            False, True, True)


def _open_store(path: str) -> int:
    with KBStore(path) as store:
        return len(store)


def test_processes_making_the_same_new_store_at_once_all_get_it(tmp_path: Path) -> None:
    # Two server workers answer their first describe at the same time: both open
    # the new store; one creates it, the other waits and uses it.
    import multiprocessing

    bundled = len(list(bundled_dirs()[0].glob("*.txt")))
    context = multiprocessing.get_context("fork")
    for attempt in range(4):
        path = str(tmp_path / f"kb{attempt}.sqlite3")
        with context.Pool(4) as pool:
            assert pool.map(_open_store, [path] * 8) == [bundled] * 8
