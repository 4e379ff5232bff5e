"""Benchmark: the evaluators at scale, on synthetic rule packs.

    python bench/scale_bench.py [--sizes 100,1000,4000,10000] [--inferences 30]
    python bench/scale_bench.py --rss [--calls 100000]

For each pack size: build time, per-inference p50 and p99 (each inference
starts from nothing: new facts, a new session for the Rete engine), and the
RSS the build added, for the Rete adapter and the Python evaluator (clipspy is
not compared: it is not a dependency, and no CLIPS translation of the rules is
written); the ratios are against the Python evaluator in the same run, and the
Rete adapter's first inferences are checked against it.
``--rss`` instead makes ``--calls`` advise() calls with varied facts per
evaluator and prints the RSS growth after a warm-up (the target: at most 5 MB).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import synthetic

from advisor import Advisor
from advisor.facts import VOCABULARY
from advisor.inference import Evaluator, PythonEvaluator, rete_available


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(fn: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    out = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def scale(sizes: list[int], inferences: int) -> None:
    available, why = rete_available()
    print(f"Rete adapter: {'available' if available else 'not available: ' + why}")
    print(f"{'rules':>6} {'evaluator':>9} {'shards':>6} {'build s':>8} {'p50 ms':>9} "
          f"{'p99 ms':>9} {'RSS MB':>7} {'p50 vs python':>13}")
    for size in sizes:
        rules = synthetic.rules(size, seed=size)
        rng = random.Random(size)
        cases = [synthetic.facts(rng) for _ in range(inferences)]
        rows: list[tuple[str, Evaluator, float, float, list[float]]] = []
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        python = PythonEvaluator(rules)
        build = time.perf_counter() - start
        times = timed(python.infer, cases)
        rows.append(("python", python, build, rss_mb() - before, times))
        if available:
            from advisor.inference.rete import ReteEvaluator
            gc.collect()
            before = rss_mb()
            start = time.perf_counter()
            rete = ReteEvaluator(rules)
            build = time.perf_counter() - start
            for facts in cases[:5]:
                assert rete.infer(facts) == python.infer(facts), facts
            times = timed(rete.infer, cases)
            rows.append(("rete", rete, build, rss_mb() - before, times))
        base = pct(rows[0][4], .5)
        for name, ev, build, grown, times in rows:
            shards = getattr(ev, "shards", 1)
            print(f"{size:>6} {name:>9} {shards:>6} {build:>8.2f} {pct(times, .5) * 1e3:>9.2f} "
                  f"{pct(times, .99) * 1e3:>9.2f} {grown:>7.0f} {pct(times, .5) / base:>12.1f}x")
        for _, ev, *_ in rows:
            ev.close()


def rss(calls: int) -> None:
    rng = random.Random(1)
    names = [n for n in VOCABULARY if VOCABULARY[n].kind == "int"]
    for evaluator in ("python", "rete"):
        if evaluator == "rete" and not rete_available()[0]:
            continue
        advisor = Advisor(evaluator=evaluator)

        def varied(_: int) -> dict[str, Any]:
            facts = synthetic.facts(rng, thresholds=10)
            for name in names:  # numbers the caches have never seen
                if rng.random() < 0.5:
                    spec = VOCABULARY[name]
                    facts[name] = rng.randrange(spec.minimum or 0, (spec.maximum or 10**6) + 1)
            return facts

        for i in range(min(20_000, calls // 5)):  # warm-up: caches fill to their bounds
            advisor.advise(varied(i))
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        for i in range(calls):
            advisor.advise(varied(i))
        gc.collect()
        grown = rss_mb() - before
        print(f"{evaluator:>7}: {calls} advise() calls with varied facts in "
              f"{time.perf_counter() - start:.1f} s, RSS {before:.1f} -> {before + grown:.1f} MB "
              f"({grown:+.1f} MB; target <= +5 MB: {'met' if grown <= 5 else 'MISSED'})")
        advisor.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,4000,10000")
    parser.add_argument("--inferences", type=int, default=30)
    parser.add_argument("--rss", action="store_true")
    parser.add_argument("--calls", type=int, default=100_000)
    args = parser.parse_args()
    if args.rss:
        rss(args.calls)
    else:
        scale([int(s) for s in args.sizes.split(",")], args.inferences)


if __name__ == "__main__":
    main()
