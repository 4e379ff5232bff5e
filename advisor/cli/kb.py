"""The ``advisor kb`` commands: import, search, show and list Knowledge Base articles.

``advisor kb import PATH...`` reads article files, directories and ``.tar.xz``/
``.tar.gz`` archives into the local store; ``advisor kb search "free text"`` finds the
articles that match a description; ``advisor kb show ID`` prints one; ``advisor kb
list`` lists them. Every command takes ``--db PATH`` (default: see
:func:`advisor.archive.store.default_db_path`). Usage errors (an unknown id, a search with
no words, a path that does not exist) exit with status 2. An import reports each
unreadable file on standard error and goes on; it exits with 1 only when nothing at
all could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from advisor.archive import (
    ArchiveStatus,
    ImportProblem,
    ImportSummary,
    KBStore,
    SearchHit,
    default_db_path,
)
from advisor.errors import ArticleNotFoundError, KBQueryError, UsageError

if TYPE_CHECKING:
    from advisor.archive.sources import decode_article, read_sources
    from advisor.articles import Article

__all__ = ["Progress", "add_kb_commands", "decode_article", "import_paths", "read_sources",
           "summary_line"]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def __getattr__(name: str) -> Any:
    # The readers of files and archives (tarfile, lzma, bz2) load when an import
    # needs them, not for every search (some 8 ms of a command's start).
    if name in ("decode_article", "read_sources"):
        from advisor.archive import sources

        return getattr(sources, name)
    raise AttributeError(f"module 'advisor.cli.kb' has no attribute {name!r}")


class Progress:
    """A progress line on a terminal: ``progress(articles_read, fraction_done)``,
    with the rate (articles, or ``unit``, a second) and the time left at that rate.

    It draws nothing unless ``stream`` is a terminal, and only once the import has
    run for half a second, so short imports stay quiet.
    """

    def __init__(self, stream: TextIO, *, width: int = 30, unit: str = "articles",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.width, self.unit, self.clock = stream, width, unit, clock
        self.active = stream.isatty()
        self.started = self.drawn = clock()
        self.shown = False

    def line(self, count: int, fraction: float, now: float) -> str:
        """The progress line for ``count`` articles and ``fraction`` of the input at
        time ``now`` (of the clock)."""
        elapsed = max(now - self.started, 1e-9)
        filled = int(self.width * min(max(fraction, 0.0), 1.0))
        rate = count / elapsed
        left = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        eta = "--:--" if left is None else f"{int(left) // 60:02d}:{int(left) % 60:02d}"
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%}  "
                f"{count:,} {self.unit}  {rate:,.0f}/s  ETA {eta}")

    def __call__(self, count: int, fraction: float) -> None:
        now = self.clock()
        if not self.active or now - self.started < 0.5 or now - self.drawn < 0.1:
            return
        self.drawn, self.shown = now, True
        self.stream.write("\r" + self.line(count, fraction, now))
        self.stream.flush()

    def finish(self) -> None:
        """Clear the bar."""
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()


def import_paths(store: KBStore, paths: Iterable[Path | str], *,
                 progress: Progress | None = None,
                 damaged: list[ImportProblem] | None = None,
                 keep_lists: bool | None = None) -> ImportSummary:
    """Import every article in ``paths`` (see :func:`read_sources`) into ``store``;
    the problems of reading and of parsing are both in the summary, and a damaged
    archive is also added to ``damaged``."""
    from advisor.archive import read_sources

    problems: list[ImportProblem] = []
    summary = store.import_articles(read_sources(paths, problems, progress,
                                                 damaged=damaged), keep_lists=keep_lists)
    summary.problems[:0] = problems
    return summary


def summary_line(summary: ImportSummary) -> str:
    """An import's summary as one line of text."""
    total = summary.new + summary.updated + summary.unchanged
    text = (f"imported {total:,} articles: {summary.new:,} new, {summary.updated:,} "
            f"updated, {summary.unchanged:,} unchanged")
    if summary.kept_bundled:
        text += f", {summary.kept_bundled:,} kept as bundled"
    if summary.duplicates:
        text += f", {summary.duplicates:,} duplicate ids skipped"
    return text + f"; {len(summary.problems):,} skipped as unreadable"


def add_kb_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kb`` and its subcommands (``import``, ``search``, ``show``, ``list``)."""
    kb = subparsers.add_parser("kb", help="import, search and read Knowledge Base articles",
                               description="Import, search and read Knowledge Base "
                               "articles in a local store.")
    kb.set_defaults(run=lambda args, out, stdin: _help(kb, out))
    sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND")

    p = sub.add_parser("import", help="import article files, directories or tar archives",
                       description="Import articles from files, directories (every .txt "
                       "and .md below them) and .tar.xz/.tar.gz archives (read as they "
                       "are). Unchanged articles are skipped; unreadable ones are reported.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="an article file, a directory of them, or a .tar.xz/.tar.gz archive")
    p.add_argument("--semantic", action="store_true",
                   help="also compute the sentence embeddings of meaning search for "
                   "every article that has none (needs the advisor[semantic] extra; a "
                   "one-off of minutes for a whole archive, with a progress line; the "
                   "articles already imported are skipped, so importing the same PATH "
                   "again with --semantic embeds an existing store)")
    p.add_argument("--keep-lists", action="store_true",
                   help="also work out the score lists of the commonest words and keep "
                   "them in the store, for a search service (advisor serve) to load "
                   "rather than build on the searches that first meet them (some 10 s "
                   "for a whole archive); once a store has them, every import keeps "
                   "them again")
    _db_option(p)
    p.set_defaults(run=run_import)

    p = sub.add_parser("search", help="find the articles that match a description",
                       description="Find the articles that best match a description in "
                       "your own words (any text: punctuation is ignored). A word in "
                       "hardly any article that is one slip from a common one "
                       "(inventroy) is searched for as both, and the output says so.")
    p.add_argument("text", nargs="+", metavar="TEXT",
                   help="the problem in your own words (several words need no quotes); "
                   "exit status 1 when nothing matches")
    p.add_argument("--limit", type=_positive, default=10, metavar="N",
                   help="at most N results (default 10)")
    p.add_argument("--product", metavar="NAME", help="only this product's articles: a "
                   "name or alias such as sms, nt, win95, exchange")
    p.add_argument("--semantic", action="store_true",
                   help="also rank by meaning, fused with the word ranking (needs the "
                   "advisor[semantic] extra and the embeddings of `kb import --semantic`)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    _db_option(p)
    p.set_defaults(run=run_search)

    p = sub.add_parser("show", help="print one article")
    p.add_argument("id", metavar="ID", help="the article id, such as Q202063")
    p.add_argument("--version", dest="product_version", metavar="VERSION",
                   help="your product version (such as 1.2 or '1.2 SP3'): say whether "
                   "it has the fix")
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    _db_option(p)
    p.set_defaults(run=run_show)

    p = sub.add_parser("list", help="list the articles in the store")
    p.add_argument("--product", metavar="NAME", help="only this product's articles: a "
                   "name or alias (sms, nt, exchange), else any product containing NAME")
    p.add_argument("--keyword", metavar="WORD", help="only articles with keyword WORD")
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    _db_option(p)
    p.set_defaults(run=run_list)


def run_import(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """``advisor kb import PATH...``"""
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        return _usage(args, out, f"no such file or directory: {', '.join(missing)}")
    if args.semantic:
        from advisor.archive import semantic

        semantic.require()  # before the import, not after it
    progress = Progress(sys.stderr)
    damaged: list[ImportProblem] = []
    embedded: str | None = None
    with KBStore(args.db) as store:
        try:
            summary = import_paths(store, args.paths, progress=progress, damaged=damaged,
                                   keep_lists=True if args.keep_lists else None)
        finally:
            progress.finish()
        if args.semantic:
            progress = Progress(sys.stderr, unit="embeddings")
            started = time.monotonic()
            try:
                count = semantic.embed_store(store, progress=progress)
            finally:
                progress.finish()
            embedded = (f"computed {count:,} sentence embeddings in "
                        f"{time.monotonic() - started:.1f} s")
    for problem in summary.problems:
        sys.stderr.write(f"advisor: skipped {problem}\n")
    out.write(summary_line(summary) + "\n")
    if embedded is not None:
        out.write(embedded + "\n")
    # A damaged archive fails the import even though the articles before the
    # damage were imported: a script must not take a cut-off download for the whole.
    for problem in damaged:
        sys.stderr.write(f"advisor: error: {problem}\n")
    nothing = summary.new + summary.updated + summary.unchanged + summary.kept_bundled == 0
    return EXIT_FAILURE if damaged or (nothing and summary.problems) else EXIT_OK


def run_search(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """``advisor kb search TEXT...``"""
    text = " ".join(args.text)
    with KBStore(args.db) as store:
        try:
            if args.semantic:
                from advisor.archive.semantic import hybrid_search

                hits = hybrid_search(store, text, limit=args.limit, product=args.product)
            else:
                hits = store.search(text, limit=args.limit, product=args.product)
        except KBQueryError as error:
            return _usage(args, out, str(error))
        fixes = store.corrections(text)
    if args.json:
        from advisor.archive.terms import parse_query

        _json(out, {"query": text, "terms": list(parse_query(text).phrases),
                    "corrections": fixes, "results": [hit.to_json() for hit in hits]})
        return EXIT_OK if hits else EXIT_FAILURE
    if fixes:
        out.write("also searched for " + ", ".join(
            f"{meant!r} (for {typed!r})" for typed, meant in fixes.items()) + "\n")
    if not hits:
        out.write("no matching articles\n")
    for hit in hits:
        out.write(_hit_text(hit))
    return EXIT_OK if hits else EXIT_FAILURE


def run_show(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """``advisor kb show ID``"""
    with KBStore(args.db) as store:
        try:
            article = store.get(args.id)
            status = store.status(args.id)
        except ArticleNotFoundError as error:
            return _usage(args, out, str(error))
    verdict = status_for_version(status, args.product_version)
    if args.json:
        document = article.model_dump(mode="json")
        document["status"] = {**status.to_json(), **verdict}
        _json(out, document)
    else:
        out.write(_article_text(article, status, verdict))
    return EXIT_OK


def status_for_version(status: ArchiveStatus, version: str | None) -> dict[str, Any]:
    """``your_version`` and ``fixed_in_your_version`` (true, false, or null when the
    article does not say) for ``version``, the way the advice's status says them."""
    if version is None:
        return {}
    from advisor.archive import has_fix

    return {"your_version": version, "fixed_in_your_version": has_fix(status, version)}


def run_list(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """``advisor kb list``"""
    with KBStore(args.db) as store:
        articles = store.list_articles(product=args.product, keyword=args.keyword,
                                       limit=args.limit)
    if args.json:
        _json(out, [article.to_json() for article in articles])
        return EXIT_OK
    for article in articles:
        versions = f"  [{', '.join(article.versions)}]" if article.versions else ""
        out.write(f"{article.id}  {article.title}{versions}\n")
    return EXIT_OK


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=Path, default=None,
                        help=f"the store file (default: {default_db_path()})")


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return number


def _help(parser: argparse.ArgumentParser, out: TextIO) -> int:
    parser.print_help(out)
    return EXIT_USAGE


def _usage(args: argparse.Namespace, out: TextIO, message: str) -> int:
    # The command line turns this into exit status 2, with a JSON error under --json.
    raise UsageError(message)


def _json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _hit_text(hit: SearchHit) -> str:
    details = [hit.product or "no product",
               f"versions {', '.join(hit.versions)}" if hit.versions else "no versions",
               f"{hit.issue_type or '-'} / {hit.solution_type or '-'}"]
    if hit.status is not None:
        details.append(status_words(hit.status))
    if hit.matched:
        details.append(f"matched: {', '.join(hit.matched)}")
    return f"{hit.id}  {hit.title}\n{' ' * (len(hit.id) + 2)}{' | '.join(details)}\n"


def status_words(status: ArchiveStatus) -> str:
    """A fix status in a few words: "fixed in ...", "no fix", "by design"..."""
    if status.solution == "fixed":
        if status.fixed_in:
            return f"fixed in {status.fixed_in}"
        return "fixed (a hotfix from Microsoft)" if status.fixed_in_kind == "hotfix" else "fixed"
    return {"no_fix": "no fix", "pending": "fix pending", "by_design": "by design",
            "unknown": "fix status unknown"}[status.solution]


def _article_text(article: Article, status: ArchiveStatus, verdict: dict[str, Any]) -> str:
    lines = [f"{article.id}  {article.title}", ""]
    confirmed = "; ".join(status.confirmed_in)
    fix = status_words(status) + (f" (confirmed in {confirmed})" if confirmed else "")
    if verdict:
        has = verdict["fixed_in_your_version"]
        fix += (f"; your {verdict['your_version']}: "
                + {True: "has the fix", False: "does not have the fix",
                   None: "cannot tell from the article"}[has])
    for label, value in (("Date", article.date), ("Product", article.product),
                         ("Versions", ", ".join(article.versions)),
                         ("Keywords", " ".join(article.keywords)),
                         ("Issue type", article.issue_type),
                         ("Solution type", article.solution_type),
                         ("Fix status", fix),
                         ("References", " ".join(article.references))):
        if value:
            lines.append(f"{label + ':':15}{value}")
    for section in article.sections:
        rule = "=" if section.level == 1 else "-"
        lines += ["", section.title, rule * len(section.title), "", section.text]
    return "\n".join(lines) + "\n"
