"""Parsing articles for the store, on every core.

:func:`parse_items` turns ``(name, text, digest)`` items into :class:`Parsed`
rows (or :class:`ImportProblem` for an item that is not an article). A large
import is parsed by a pool of worker processes, one per core, which also build
everything the store writes (the index columns, the fix status, the compressed
article), so the importing process only reads files and writes rows.
"""

from __future__ import annotations

import itertools
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.archive.model import ArchiveStatus, ImportProblem
from advisor.archive.terms import index_columns, product_keys
from advisor.errors import ArticleFormatError

if TYPE_CHECKING:
    from advisor.articles import Article

__all__ = ["Parsed", "article_data", "decompress", "parse_items", "parsed_row"]

#: Fewer items than this are parsed in this process: a pool costs more to start.
POOL_FROM = 400
_CHUNK = 64
# Fast compression: the import's time matters more than a few megabytes.
_LEVEL = 1


class Parsed(NamedTuple):
    """One article ready to be written: its ``articles`` row (without the origin,
    source and hash the store adds) and its index columns."""

    number: int
    id: str
    row: tuple[object, ...]
    columns: tuple[str, ...]


def decompress(blob: bytes) -> Article:
    """The article the store kept as ``blob``."""
    # pydantic is imported only when an article is wanted whole: a search needs none.
    from advisor.articles import Article

    return Article.model_validate_json(zlib.decompress(blob))


def article_data(blob: bytes) -> dict[str, Any]:
    """The JSON of the article the store kept as ``blob``, unvalidated."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return data


def parsed_row(article: Article, status: ArchiveStatus | None = None) -> Parsed:
    """Everything the store writes for ``article``; its fix status read from its
    text unless ``status`` is given."""
    from advisor.archive.status import article_status

    number = int(article.id[1:])
    keys = product_keys(article.product)
    keywords = " ".join(keyword.casefold() for keyword in article.keywords)
    text = article.model_dump_json()
    row = (number, article.id, article.title, article.product, f" {' '.join(keys)} ",
           "\n".join(article.versions), f" {keywords} ", article.issue_type,
           article.solution_type, json.dumps((status or article_status(article)).to_json()),
           zlib.compress(text.encode(), _LEVEL))
    return Parsed(number, article.id, row, index_columns(json.loads(text)))


def _parse(item: tuple[str, str, bytes]) -> tuple[str, bytes, Parsed | ImportProblem]:
    from advisor.articles import parse_article

    name, text, digest = item
    try:
        return name, digest, parsed_row(parse_article(text, path=name))
    except ArticleFormatError as error:
        return name, digest, ImportProblem(name, error.message)


def parse_items(items: Iterable[tuple[str, str, bytes]], *, workers: int | None = None
                ) -> Iterator[tuple[str, bytes, Parsed | ImportProblem]]:
    """Parse ``(name, text, digest)`` items, in their order, yielding ``(name,
    digest, Parsed or ImportProblem)``. From :data:`POOL_FROM` items on, ``workers``
    processes (default: one per core) share the work."""
    stream = iter(items)
    head = list(itertools.islice(stream, POOL_FROM))
    count = workers or os.cpu_count() or 1
    if len(head) < POOL_FROM or count < 2:
        yield from map(_parse, itertools.chain(head, stream))
        return
    import multiprocessing  # only an import needs it, and it costs a command's start

    methods = multiprocessing.get_all_start_methods()
    # fork starts in milliseconds and needs no re-import; spawn where there is none.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(count) as pool:
        yield from pool.imap(_parse, itertools.chain(head, stream), chunksize=_CHUNK)
