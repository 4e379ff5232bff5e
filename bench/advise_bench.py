"""Benchmark: advise() with each evaluator against the bare evaluators'
inference and a hand-written decision function, on the same facts, in one run.

    python bench/advise_bench.py [--rounds 5]

Prints p50 and p99 per call for each, and the ratios. The target is advise()
<= 1.5 x the bare engine (p50), the engine being the Rete evaluator where
durable-rules imports. advise() keeps the parts of an advice it has built
(they are immutable); "advise() cold" empties those caches before every call,
for the cost on facts never seen before. Timings are interleaved in rounds so
that machine noise hits all alike.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from advisor import Advisor
from advisor.advice.cache import LRU
from advisor.facts import Facts
from advisor.inference import EVALUATORS, choose_evaluator, rete_available

COVERED = ("run_command_on_workstation", "share_package_on_server")


def hand_written(f: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The same decisions as the rule packs, as plain if/else (diagnoses, actions)."""
    diagnoses: set[str] = set()
    actions: set[str] = set()
    if f.get("file_in_use") is not True:
        return diagnoses, actions
    version, platform, job = f.get("sms_version"), f.get("server_platform"), f.get("job_type")
    excluded = job in ("remove_package_from_server", "system")
    if f.get("distribution_failed") is True:
        actions.add("resend_package")
    if platform == "netware":
        diagnoses.add("netware_no_forced_disconnect")
        actions |= {"close_open_files", "use_nt_distribution_server"}
    if version in ("1.0", "1.1"):
        diagnoses.add("sms1x_stops_at_locked_file")
        actions.add("close_open_files")
        if f.get("package_partially_updated") is True:
            actions.add("warn_partial_package")
        if platform == "windows_nt" and not excluded:
            actions.add("upgrade_to_1_2")
    elif version in ("1.2", "2.0") and platform == "windows_nt":
        if excluded:
            diagnoses.add("job_type_not_covered")
            actions.add("close_open_files")
            return diagnoses, actions
        if "use_forced_disconnect" not in f:
            actions.add("check_use_forced_disconnect")
        elif f["use_forced_disconnect"] in (0, None):
            diagnoses.add("forced_delivery_off")
            actions |= {"set_use_forced_disconnect", "pause_continue_despooler",
                        "close_open_files"}
        else:
            target, reloaded = f.get("value_on_target_site"), f.get("despooler_paused_continued")
            if target is None:
                actions.add("check_target_site")
            if job is None:
                actions.add("check_job_type")
            if reloaded is None:
                actions.add("check_despooler_reloaded")
            if target is False:
                diagnoses.add("forced_delivery_wrong_site")
                actions |= {"set_use_forced_disconnect", "pause_continue_despooler",
                            "close_open_files"}
            if reloaded is False:
                diagnoses.add("despooler_not_reloaded")
                actions.add("pause_continue_despooler")
            if target is not False and reloaded is not False:
                diagnoses.add("forced_delivery_on")
                if f.get("distribution_failed") is not True and \
                        f.get("distribution_retrying") is not False:
                    actions.add("wait_for_forced_delivery")
    return diagnoses, actions


def scenarios() -> list[dict[str, Any]]:
    names = ("sms_version", "server_platform", "file_in_use", "use_forced_disconnect",
             "job_type")
    missing = object()
    domains = [("1.0", "1.1", "1.2", "2.0"), ("windows_nt", "netware"), (True,),
               (None, 0, 1, missing), (missing, *COVERED, "system")]
    rng = random.Random(7)
    out = []
    for values in itertools.product(*domains):
        facts = {n: v for n, v in zip(names, values, strict=True) if v is not missing}
        for extra in ("distribution_failed", "distribution_retrying", "value_on_target_site",
                      "despooler_paused_continued"):
            if rng.random() < 0.5:
                facts[extra] = rng.random() < 0.5
        out.append(facts)
    return out


def measure(fn: Callable[[Any], object], inputs: list[Any]) -> list[int]:
    times = []
    clock = time.perf_counter_ns
    for item in inputs:
        start = clock()
        fn(item)
        times.append(clock() - start)
    return times


def pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000


def clear_caches(advisor: Advisor) -> None:
    """Empty every cache of advice parts the advisor keeps (whatever their shape)."""
    for part in (advisor._builder, advisor._planner):
        for value in vars(part).values():
            if isinstance(value, LRU | dict):
                value.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    names = [n for n in EVALUATORS if n == "python" or rete_available()[0]]
    advisors = {n: Advisor(evaluator=n) for n in names}
    cases = scenarios()
    known = [Facts.parse(f).known() for f in cases]

    # The hand-written function must decide what the packs decide, or the
    # comparison means nothing; and the evaluators must agree.
    for facts in cases:
        advices = [a.advise(facts) for a in advisors.values()]
        want = hand_written(facts)
        for advice in advices:
            got = ({d.id for d in advice.confirmed()}, {a.id for a in advice.actions})
            assert got == want, (facts, got, want)
        assert len({json.dumps(a.model_dump(mode="json")) for a in advices}) == 1, facts

    results: dict[str, list[int]] = {"hand-written": []}
    for name in names:
        for what in ("advise()", "advise() cold", "bare"):
            results[f"{what} {name}"] = []

    for _ in range(2):  # warm up
        for advisor in advisors.values():
            measure(advisor.advise, cases)
            measure(advisor._evaluator.infer, known)
    for n in range(args.rounds):
        order = list(range(len(cases)))
        random.Random(n).shuffle(order)
        batch = [cases[i] for i in order]
        batch_known = [known[i] for i in order]
        for name, advisor in advisors.items():
            def cold(facts: dict[str, Any], advisor: Advisor = advisor) -> object:
                # The same call with every cache of advice parts emptied
                # first: the cost for facts never seen before.
                clear_caches(advisor)
                return advisor.advise(facts)

            results[f"advise() cold {name}"] += measure(cold, batch)
            measure(advisor.advise, batch)  # fill the caches again before the warm run
            results[f"advise() {name}"] += measure(advisor.advise, batch)
            # The bare inference: the evaluator call advise() makes.
            results[f"bare {name}"] += measure(advisor._evaluator.infer, batch_known)
        results["hand-written"] += measure(hand_written, batch)

    print(f"{len(cases)} scenarios x {args.rounds} rounds, times per call in microseconds")
    print(f"{'':20} {'p50':>9} {'p99':>9} {'mean':>9}")
    for name, times in results.items():
        print(f"{name:20} {pct(times, .5):9.1f} {pct(times, .99):9.1f} "
              f"{statistics.fmean(times) / 1000:9.1f}")

    def ratio(a: str, b: str, q: float = .5) -> float:
        return pct(results[a], q) / pct(results[b], q)

    engine = "bare rete" if "rete" in advisors else "bare python"
    for name in names:
        print(f"advise() {name} / {engine}: p50 {ratio(f'advise() {name}', engine):.2f}x, "
              f"p99 {ratio(f'advise() {name}', engine, .99):.2f}x; cold p50 "
              f"{ratio(f'advise() cold {name}', engine):.2f}x")
        if f"bare {name}" != engine:
            print(f"advise() {name} / bare {name}: p50 "
                  f"{ratio(f'advise() {name}', f'bare {name}'):.2f}x")
    if "rete" in advisors:
        print(f"bare python / bare rete: p50 {ratio('bare python', 'bare rete'):.2f}x")
    print(f"{engine} / hand-written: p50 {ratio(engine, 'hand-written'):.0f}x")
    default = choose_evaluator().name
    met = ratio(f"advise() {default}", engine) <= 1.5
    print(f"target (advise() with the default evaluator, {default}, <= 1.5 x {engine}): "
          + ("met" if met else "MISSED"))


if __name__ == "__main__":
    main()
