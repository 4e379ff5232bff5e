"""Misspelt query words (advisor.archive.spelling), on a store of invented articles
whose word counts are known."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.archive import KBStore
from advisor.archive.spelling import MIN_ROWS, RARE, edits
from advisor.cli import main
from advisor.cli.kb import import_paths


def damerau(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook table."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


LETTERS = "abcz"


def words_up_to(length: int) -> list[str]:
    found = [""]
    for _ in range(length):
        found += [w + c for w in found if len(w) == max(map(len, found)) for c in LETTERS]
    return found


ALL_SHORT = words_up_to(5)


@given(st.text(alphabet=LETTERS, min_size=1, max_size=4))
def test_edits_are_exactly_the_words_one_edit_away(word: str) -> None:
    found = {w for w in edits(word) if set(w) <= set(LETTERS)}
    assert found == {w for w in ALL_SHORT if damerau(word, w) == 1}


@pytest.mark.parametrize(("typo", "meant"), [
    ("inventroy", "inventory"), ("forver", "forever"), ("poilcy", "policy"),
    ("attribtues", "attributes"), ("charcters", "characters")])
def test_edits_of_typos_reach_the_word_meant(typo: str, meant: str) -> None:
    assert meant in edits(typo) and typo in edits(meant)


def article(number: int, title: str, body: str) -> str:
    return (f"DOCUMENT:Q{number}  01-JAN-2000\nTITLE   :{title}\n\n"
            f"SYMPTOMS\n========\n\n{body}\n")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KBStore]:
    folder = tmp_path / "articles"
    folder.mkdir()
    # "inventory" and "pack" in MIN_ROWS + 10 articles, "package" in MIN_ROWS (and
    # the bundled ones); "inventorx" (a name one edit from "inventory") in one;
    # "zeppelin" in RARE + 1.
    for n in range(MIN_ROWS + 10):
        package = "the package" if n < MIN_ROWS else "it"
        (folder / f"Q{910000 + n}.txt").write_text(article(
            910000 + n, f"Hardware Inventory Note {n}",
            f"The inventory agent runs nightly and sends {package} from the service pack, "
            "with capacity to spare."))
    (folder / "Q919990.txt").write_text(article(
        919990, "Inventorx Agent Stops on Widgets", "The inventorx tool stops on a widget."))
    for n in range(RARE + 1):
        (folder / f"Q{919000 + n}.txt").write_text(article(
            919000 + n, f"Zeppelin Case {n}", "A zeppelin note."))
    with KBStore(tmp_path / "kb.sqlite3") as opened:
        import_paths(opened, [folder])
        yield opened


def test_a_typo_also_searches_for_the_word_meant(store: KBStore) -> None:
    hits = store.search("inventroy agent nightly")
    assert hits and "Inventory" in hits[0].title
    assert "inventory" in hits[0].matched  # the word meant is a word the hit matched
    assert "inventory" in store.matched_words("inventroy", [hits[0].id])[hits[0].id]


def test_a_rare_word_spelt_right_keeps_its_article_first(store: KBStore) -> None:
    # "inventorx" is one edit from "inventory", which is in many more articles:
    # searched for too, but the article that has the word typed still leads.
    assert store.corrections("inventorx") == {"inventorx": "inventory"}
    assert store.search("inventorx stops")[0].id == "Q919990"


@pytest.mark.parametrize(("text", "fixes"), [
    ("the inventroy agent", {"inventroy": "inventory"}),  # two letters swapped
    ("invntory", {"invntory": "inventory"}),  # one left out
    ("inventorry", {"inventorry": "inventory"}),  # one too many
    ("inventary and zeppelin", {"inventary": "inventory"}),
    # "packe" (one letter changed) reads as "pack", in more articles; but a letter
    # left out is the likelier slip.
    ("packge", {"packge": "package"}),
])
def test_corrections(store: KBStore, text: str, fixes: dict[str, str]) -> None:
    assert store.corrections(text) == fixes


@pytest.mark.parametrize("text", [
    "inv",  # too short: too many words are one edit from it
    "zeppelinn",  # "zeppelin" is in too few articles to be the word meant
    "zeppelin",  # in more than RARE articles: a word of the archive
    "inventory",  # spelt right
    "invent0ry",  # not only letters: codes and numbers are kept as typed
    "qqqqqqqqq",  # nothing near it
    # "capacator" (one letter changed) reads as "capac", the stem of "capacity",
    # far shorter than "capacitor": no word, the stemmer's doing.
    "capacitor",
])
def test_no_correction(store: KBStore, text: str) -> None:
    assert store.corrections(text) == {}


def test_a_correction_needs_enough_articles(store: KBStore,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.archive.spelling as spelling

    monkeypatch.setattr(spelling, "MIN_ROWS", MIN_ROWS + 11)
    store._spelling.forget()
    assert store.corrections("inventroy") == {}


def test_an_import_forgets_the_corrections(store: KBStore, tmp_path: Path) -> None:
    typo = "widgts"
    assert store.corrections(typo) == {}
    more = tmp_path / "more"
    more.mkdir()
    for n in range(MIN_ROWS):
        (more / f"Q{920000 + n}.txt").write_text(article(920000 + n, f"Widgets {n}", "x"))
    import_paths(store, [more])
    assert store.corrections(typo) == {typo: "widgets"}


def test_cli_says_what_it_also_searched_for(store: KBStore,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(store.path)
    out = io.StringIO()
    assert main(["kb", "search", "--db", db, "inventroy", "agent"], stdout=out,
                stderr=io.StringIO(), stdin=io.StringIO()) == 0
    first = out.getvalue().splitlines()[0]
    assert first == "also searched for 'inventory' (for 'inventroy')"
    out = io.StringIO()
    main(["kb", "search", "--db", db, "--json", "inventroy"], stdout=out,
         stderr=io.StringIO(), stdin=io.StringIO())
    data = json.loads(out.getvalue())
    assert data["corrections"] == {"inventroy": "inventory"} and data["results"]


def test_a_long_text_of_rare_words_compares_only_a_few(store: KBStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.archive.spelling as spelling

    compared: list[str] = []
    real = spelling.Spelling._correct

    def counting(self: spelling.Spelling, word: str, *rest: object) -> str | None:
        compared.append(word)
        return real(self, word, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(spelling.Spelling, "_correct", counting)
    words = [f"zqx{chr(97 + i)}{chr(97 + j)}word" for i in range(20) for j in range(20)]
    assert store.corrections(" ".join(words) + " inventroy") == {}
    assert len(compared) == spelling.MOST
    # The words left uncompared are not remembered as having no correction.
    assert store.corrections("inventroy") == {"inventroy": "inventory"}


@settings(max_examples=40, deadline=5000,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_gets_corrections_without_error(store: KBStore, text: str) -> None:
    fixes = store.corrections(text)
    assert all(typed != meant and meant.isalpha() for typed, meant in fixes.items())


def test_the_http_search_names_its_corrections_in_a_header(store: KBStore,
                                                            tmp_path: Path) -> None:
    from advisor.http import create_app
    from tests.asgikit import in_process_client

    app = create_app(db_path=tmp_path / "sessions.sqlite3", kb_db=store.path)
    with in_process_client(app) as client:
        typo = client.get("/v1/kb/search", params={"q": "inventroy agent"})
        right = client.get("/v1/kb/search", params={"q": "inventory agent"})
        documented = client.get("/openapi.json").json()["paths"]["/v1/kb/search"]["get"]
    assert typo.status_code == 200 and "Inventory" in typo.json()[0]["title"]
    assert json.loads(typo.headers["Advisor-Corrections"]) == {"inventroy": "inventory"}
    assert "Advisor-Corrections" not in right.headers
    assert "Advisor-Corrections" in documented["responses"]["200"]["headers"]
