"""``advisor facts`` and ``advisor rules check|verify|test``: the vocabulary and
the knowledge base's own checks, from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from advisor.api import Advisor
from advisor.errors import UsageError
from advisor.facts import VOCABULARY, FactSpec

__all__ = ["run_facts", "run_rules"]

EXIT_OK, EXIT_FAILURE = 0, 1


def run_facts(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from advisor.knowledge import load_knowledge

    kb, rules = getattr(args, "kb", None), getattr(args, "rules", None)
    vocabulary = VOCABULARY if kb is None and rules is None else load_knowledge(
        Path(kb) if kb else None, Path(rules) if rules else None).vocabulary
    if args.json:
        out.write(json.dumps([s.to_json() for s in vocabulary.values()], indent=2) + "\n")
        return EXIT_OK
    for spec in vocabulary.values():
        source = f" [{spec.article}]" if spec.article else ""
        out.write(f"{spec.name} ({_json_answers(spec)}){source}\n")
        out.write(f"    {spec.question}\n")
    return EXIT_OK


def _json_answers(spec: FactSpec) -> str:
    # As the JSON input spells them: "2.0", true, false, null.
    if spec.kind == "choice":
        shown = [json.dumps(c) for c in spec.choices]
    elif spec.kind == "bool":
        shown = ["true", "false"]
    else:
        low = spec.minimum if spec.minimum is not None else 0
        high = f"..{spec.maximum}" if spec.maximum is not None else "..."
        shown = [f"integer {low}{high}" + (f" {spec.unit}" if spec.unit else "")]
    if spec.nullable:
        shown.append(f"null ({spec.null_label or 'unknown'})")
    return " | ".join(shown)


def run_rules(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    if args.action is None:
        raise UsageError("say what to do with the rules: advisor rules check (validate "
                         "the articles and rule packs), verify (prove their invariants) "
                         "or test (run their scenario tests)")
    from advisor.advice.packtests import run_pack_tests
    from advisor.advice.verify import verify

    advisor = Advisor(args.kb, args.rules)
    knowledge = advisor.knowledge
    if args.action == "verify":
        findings = verify(knowledge, advisor.advise)
        out.writelines(f"{f}\n" for f in findings)
        out.write(f"{'FAILED' if findings else 'ok'}: {len(findings)} problems; "
                  f"{len(knowledge.never)} never constraints, {len(knowledge.conflicts)} "
                  f"conflicts, {len(knowledge.rules)} rules checked\n")
        return EXIT_FAILURE if findings else EXIT_OK
    if args.action == "test":
        report = run_pack_tests(knowledge, advisor.advise)
        out.writelines(f"{f}\n" for f in report.failures)
        unfired = sorted(report.rules_total - report.rules_fired)
        if unfired:
            out.write(f"rules no test fires: {', '.join(unfired)}\n")
        out.write(f"{'FAILED' if report.failures else 'ok'}: {report.summary()}\n")
        return EXIT_FAILURE if report.failures else EXIT_OK
    out.write(f"ok: {len(knowledge.articles)} articles, {len(knowledge.rules)} rules, "
              f"{len(knowledge.diagnoses)} diagnoses, {len(knowledge.actions)} actions, "
              f"{len(knowledge.vocabulary)} facts\n")
    return EXIT_OK
