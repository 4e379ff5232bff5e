"""Meaning search (advisor.archive.semantic, the advisor[semantic] extra). Skipped
when the extra is not installed; the error it gives then is tested either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtexts import article

from advisor.archive import KBStore, semantic
from advisor.cli.kb import import_paths


def test_without_embeddings_or_extra_it_says_what_is_missing(tmp_path: Path) -> None:
    # No embeddings (and, without the extra, no model either): a clear error.
    with KBStore(tmp_path / "kb.sqlite3") as store:
        if not semantic.available():
            with pytest.raises(semantic.SemanticError, match="semantic"):
                semantic.embed_store(store)
        with pytest.raises(semantic.SemanticError, match=r"embeddings|semantic"):
            semantic.meaning_ranking(store, "anything")


needs_extra = pytest.mark.skipif(not semantic.available(),
                                 reason="the advisor[semantic] extra is not installed")


@needs_extra
def test_meaning_finds_what_words_do_not(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = {
        500001: ("Package Directory Deleted on the Distribution Server",
                 "After a refresh the package directory on the distribution server has "
                 "been deleted and holds no files."),
        500002: ("Printer Prints Blank Pages", "Every page comes out of the printer blank."),
        500003: ("Mail Client Cannot Log On", "The mail client reports a logon failure."),
    }
    for number, (title, body) in texts.items():
        (folder / f"Q{number}.txt").write_text(article(number, title, body))
    with KBStore(tmp_path / "kb.sqlite3") as store:
        import_paths(store, [folder])
        assert semantic.embed_store(store) == len(store)
        assert semantic.embed_store(store) == 0  # nothing left to embed
        best = semantic.meaning_ranking(store, "the folder on the server is empty now", 1)
        assert best[0][0] == 500001
        hits = semantic.hybrid_search(store, "the folder on the server is empty now", limit=3)
        assert hits[0].id == "Q500001"
        assert semantic.hybrid_search(store, "Q500003 printer", limit=1)[0].id == "Q500003"
        only = semantic.hybrid_search(store, "empty folder", limit=5, product="exchange")
        assert only == []
