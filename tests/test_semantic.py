"""Meaning search (advisor.archive.semantic, the advisor[semantic] extra). Skipped
when the extra is not installed, unless ``ADVISOR_REQUIRE_SEMANTIC`` is set (as CI
does in its venv with the extra): then they fail instead. The error it gives
without the extra is tested either way."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from kbtexts import article

from advisor.archive import KBStore, semantic
from advisor.cli import main
from advisor.cli.kb import import_paths

TEXTS = {
    500001: ("Package Directory Deleted on the Distribution Server",
             "After a refresh the package directory on the distribution server has "
             "been deleted and holds no files."),
    500002: ("Printer Prints Blank Pages", "Every page comes out of the printer blank."),
    500003: ("Mail Client Cannot Log On", "The mail client reports a logon failure."),
    # Below 100000: its id has five digits (Q99001), and is found by meaning alone.
    99001: ("Workstation Clock Drifts After Standby",
            "The time of day on the workstation is wrong when it wakes from standby."),
}
QUERY = "the folder on the server is empty now"


@pytest.fixture(scope="module")
def extra() -> None:
    """The extra is installed (else skip, or fail under ADVISOR_REQUIRE_SEMANTIC)."""
    if semantic.available():
        return
    reason = "the advisor[semantic] extra is not installed"
    if os.environ.get("ADVISOR_REQUIRE_SEMANTIC"):
        pytest.fail(f"{reason}, and ADVISOR_REQUIRE_SEMANTIC is set")
    pytest.skip(reason)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number, (title, body) in TEXTS.items():
        (folder / f"Q{number}.txt").write_text(article(number, title, body))
    return folder


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def test_without_embeddings_or_extra_it_says_what_is_missing(tmp_path: Path) -> None:
    # No embeddings (and, without the extra, no model either): a clear error.
    with KBStore(tmp_path / "kb.sqlite3") as store:
        if not semantic.available():
            with pytest.raises(semantic.SemanticError, match="semantic"):
                semantic.embed_store(store)
        with pytest.raises(semantic.SemanticError, match=r"embeddings|semantic"):
            semantic.meaning_ranking(store, "anything")


def test_import_semantic_without_the_extra_fails_before_importing(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    db = tmp_path / "kb.sqlite3"
    code, out, err = run(["kb", "import", "--semantic", "--db", str(db), str(corpus)])
    assert code == 1 and out == ""
    assert "advisor[semantic]" in err and "torch==2.13.0" in err
    with KBStore(db) as store:
        assert "Q500001" not in {hit.id for hit in store.list_articles()}


@pytest.mark.usefixtures("extra")
def test_meaning_finds_what_words_do_not(tmp_path: Path, corpus: Path) -> None:
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [corpus])
        assert semantic.embed_store(store) == len(store)  # the bundled articles too
        assert semantic.embed_store(store) == 0  # nothing left to embed
        best = semantic.meaning_ranking(store, QUERY, 1)
        assert best[0][0] == 500001
        # Words alone rank it low ("server" is in most of these articles); the
        # fusion lifts it to the top five (words weigh more than meaning, and three
        # articles match words of the query), beside the bundled Q184489, which is
        # about the same thing (a package directory left empty).
        words = [hit.id for hit in store.search(QUERY, limit=100)]
        assert words.index("Q500001") >= 5
        hits = semantic.hybrid_search(store, QUERY, limit=5)
        ids = [hit.id for hit in hits]
        assert "Q500001" in ids and "Q184489" in ids
        assert ids.index("Q500001") < words.index("Q500001")
        # Each hit's score is its fused value, best first.
        assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
        assert all(0 < hit.score <= 1 for hit in hits)
        # The words matched, worked out for the hits returned, are those a word
        # search shows for them.
        by_words = {hit.id: hit.matched for hit in store.search(QUERY, limit=100)}
        assert all(hit.matched == by_words[hit.id] for hit in hits)
        assert any(hit.matched for hit in hits)
        assert semantic.hybrid_search(store, "Q500003 printer", limit=1)[0].id == "Q500003"
        only = semantic.hybrid_search(store, "empty folder", limit=5, product="exchange")
        assert only == []
        # An article no word of the query is in, found by meaning, under its own id.
        clock = semantic.hybrid_search(store, "the PC shows the wrong hour after sleeping",
                                       limit=5)
        ids = [hit.id for hit in clock]
        assert "Q99001" in ids and len(ids) == len(set(ids))


@pytest.mark.usefixtures("extra")
def test_command_line_embeds_and_searches_by_meaning(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "kb.sqlite3")
    code, out, err = run(["kb", "search", "--semantic", "--db", db, QUERY])
    assert code == 1 and "no embeddings" in err and "kb import --semantic" in err
    code, out, err = run(["kb", "import", "--semantic", "--db", db, str(corpus)])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"imported {len(TEXTS)} articles")
    assert lines[1].startswith("computed ") and "sentence embeddings" in lines[1]
    # Again: the articles and their embeddings are all there already.
    code, out, err = run(["kb", "import", "--semantic", "--db", db, str(corpus)])
    assert code == 0, err
    assert out.splitlines()[1].startswith("computed 0 sentence embeddings")
    code, out, err = run(["kb", "search", "--semantic", "--json", "--limit", "5", "--db", db,
                          QUERY])
    assert code == 0, err
    assert "Q500001" in [hit["id"] for hit in json.loads(out)["results"]]
    code, out, err = run(["kb", "search", "--semantic", "--db", db, QUERY])
    assert code == 0 and "Package Directory Deleted" in out
    code, out, _ = run(["kb", "search", "--help"])
    assert "--semantic" in out


@pytest.mark.parametrize(("pool", "scaled"), [
    ([], {}),
    # fewer than POOL: the best is 1 and 0 is 0, so a lone weak hit still counts whole
    ([(1, 4.0), (2, 1.0)], {1: 1.0, 2: 0.25}),
    ([(7, 0.3)], {7: 1.0}),
    # a full pool: its last is 0, so far-apart scores stay far apart
    ([(n, 100.0 - n) for n in range(semantic.POOL)],
     {n: (semantic.POOL - 1 - n) / (semantic.POOL - 1) for n in range(semantic.POOL)}),
    # cosines below 0 in a short pool scale from the lowest
    ([(1, 0.5), (2, -0.5)], {1: 1.0, 2: 0.0}),
])
def test_scores_are_scaled_over_their_pool(pool: list[tuple[int, float]],
                                           scaled: dict[int, float]) -> None:
    # No model needed: the combination of the two rankings' scores, as hybrid_search uses.
    assert semantic._scaled(pool) == pytest.approx(scaled)
