"""Benchmark the KB store on the Microsoft KB archive (56,989 articles).

    python bench/kb_bench.py [--archive PATH] [--keep DB]

Imports the archive straight from ../shared/corpus/kbarchive-txt.tar.xz into a new
store, then prints, in one run: import time, how many articles have an id, a title
and a section, search latency (p50/p99) over the relevance queries of
bench/kb_queries.yaml and over queries made of article titles, and relevance (mean
reciprocal rank and recall@5 of the article each query should find). It exits 0
with a message when the archive is absent.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.archive import KBStore  # noqa: E402
from advisor.cli.kb import import_paths, summary_line  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "corpus" / "kbarchive-txt.tar.xz"
QUERIES = ROOT / "bench" / "kb_queries.yaml"
TITLE_QUERIES = 300
TARGETS = {"import_s": 60.0, "sections": 0.995, "p50_ms": 10.0, "p99_ms": 50.0,
           "mrr": 0.7, "recall5": 0.85}


def number(ident: str) -> int:
    # The archive numbers some articles with five digits; compare numbers, not text.
    return int(ident[1:])


def timed_searches(store: KBStore, texts: list[str], repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            store.search(text, limit=10)
            times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def relevance(store: KBStore, queries: list[dict[str, Any]]) -> dict[str, Any]:
    ranks: list[int | None] = []
    for query in queries:
        found = [number(hit.id) for hit in store.search(query["text"], limit=10)]
        wanted = number(query["expect"])
        ranks.append(found.index(wanted) + 1 if wanted in found else None)
    return {"ranks": ranks,
            "mrr": statistics.fmean(1 / r if r else 0.0 for r in ranks),
            "recall1": sum(r == 1 for r in ranks) / len(ranks),
            "recall5": sum(bool(r and r <= 5) for r in ranks) / len(ranks)}


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--keep", type=Path, help="build the store at this path and keep it")
    args = parser.parse_args()
    if not args.archive.is_file():
        print(f"kb_bench: skipped: the KB archive is not at {args.archive}")
        return 0
    queries = yaml.safe_load(QUERIES.read_text())["queries"]
    with tempfile.TemporaryDirectory() as scratch:
        db = args.keep or Path(scratch) / "kb.sqlite3"
        start = time.perf_counter()
        with KBStore(db) as store:
            summary = import_paths(store, [args.archive])
            import_s = time.perf_counter() - start
            report(store, db, summary_line(summary), import_s, queries)
    return 0


def report(store: KBStore, db: Path, summary: str, import_s: float,
           queries: list[dict[str, Any]]) -> None:
    with closing(sqlite3.connect(db)) as con:
        total, titled, sectioned = con.execute(
            "SELECT count(*), sum(id != '' AND title != ''), "
            "sum(json_array_length(article, '$.sections') > 0) FROM articles").fetchone()
    print(f"import      {summary}")
    print(f"            {import_s:.1f} s from the .tar.xz (target <= {TARGETS['import_s']:.0f} s: "
          f"{verdict(import_s <= TARGETS['import_s'])}); store {db.stat().st_size / 1e6:.0f} MB")
    print(f"articles    {total:,} in the store; {titled / total:.2%} with id and title; "
          f"{sectioned / total:.2%} with a section ({verdict(titled == total)}, "
          f"{verdict(sectioned / total >= TARGETS['sections'])})")

    texts = [q["text"] for q in queries]
    with closing(sqlite3.connect(db)) as con:
        titles = [row[0] for row in con.execute("SELECT title FROM articles ORDER BY number")]
    sample = random.Random(20020611).sample(titles, TITLE_QUERIES)
    timed_searches(store, texts + sample)  # warm the page cache, as a running service is
    described = timed_searches(store, texts, repeat=3)
    titled_q = timed_searches(store, sample)
    both = described + titled_q
    p50, p99 = percentile(both, 0.50), percentile(both, 0.99)
    print(f"search      {len(both)} searches: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"(targets {TARGETS['p50_ms']:.0f}/{TARGETS['p99_ms']:.0f} ms: "
          f"{verdict(p50 <= TARGETS['p50_ms'] and p99 <= TARGETS['p99_ms'])})")
    print(f"            descriptions: p50 {percentile(described, 0.5):.1f} ms, p99 "
          f"{percentile(described, 0.99):.1f} ms; titles: p50 {percentile(titled_q, 0.5):.1f}"
          f" ms, p99 {percentile(titled_q, 0.99):.1f} ms")

    result = relevance(store, queries)
    sms = [q for q in queries if q["topic"] == "sms-distribution"]
    sms_result = relevance(store, sms)
    met = result["mrr"] >= TARGETS["mrr"] and result["recall5"] >= TARGETS["recall5"]
    print(f"relevance   {len(queries)} queries: MRR {result['mrr']:.3f}, recall@1 "
          f"{result['recall1']:.3f}, recall@5 {result['recall5']:.3f} (targets "
          f"{TARGETS['mrr']}/{TARGETS['recall5']}: {verdict(met)})")
    print(f"            {len(sms)} SMS distribution queries: MRR {sms_result['mrr']:.3f}, "
          f"recall@5 {sms_result['recall5']:.3f}")
    for query, rank in zip(queries, result["ranks"], strict=True):
        if rank != 1:
            print(f"            {query['expect']} at rank {rank or '>10'}: {query['text'][:60]}")

    # The same ranking without pruning, to show what pruning costs and saves.
    pruned_docs = store._docs
    store._docs = {}
    plain = relevance(store, queries)
    plain_times = timed_searches(store, texts)
    store._docs = pruned_docs
    print(f"unpruned    BM25 over every matching article: MRR {plain['mrr']:.3f}, recall@5 "
          f"{plain['recall5']:.3f}, descriptions p50 {percentile(plain_times, 0.5):.1f} ms, "
          f"p99 {percentile(plain_times, 0.99):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
