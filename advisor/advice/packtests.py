"""``advisor rules test``: the scenario tests kept inside the packs.

Each pack may carry ``tests:``: facts in, expectations out (diagnoses confirmed
or possible, actions given or not, words of a status note, questions asked).
:func:`run_pack_tests` runs them all through the advice and reports each
failure with its file and line, and the coverage they give: the rules that
fired and the article sections cited, out of all there are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from advisor.advice.model import Advice
from advisor.facts import FactValue
from advisor.knowledge import Knowledge
from advisor.knowledge.model import PackTest

__all__ = ["PackTestReport", "check_expectations", "run_pack_tests"]

Advise = Callable[[Mapping[str, FactValue]], Advice]


@dataclass(frozen=True)
class PackTestReport:
    """What the pack tests found: the failures (``file:line: test: problem``),
    how many tests ran, and their coverage of rules and cited sections."""

    failures: tuple[str, ...]
    tests: int
    rules_fired: frozenset[str]
    rules_total: frozenset[str]
    sections_cited: frozenset[str]
    sections_total: frozenset[str]

    @property
    def ok(self) -> bool:
        """True when every test passed."""
        return not self.failures

    def summary(self) -> str:
        """One line per figure, for people."""
        return (f"{self.tests} tests, {len(self.failures)} failed; rules fired "
                f"{len(self.rules_fired)}/{len(self.rules_total)}, article sections cited "
                f"{len(self.sections_cited)}/{len(self.sections_total)}")


def check_expectations(test: PackTest, advice: Advice) -> list[str]:
    """What ``advice`` gets wrong against ``test``'s expectations (empty: passed)."""
    e = test.expect
    problems: list[str] = []
    confirmed = {d.id for d in advice.diagnoses if d.certainty == "confirmed"}
    possible = {d.id for d in advice.diagnoses if d.certainty == "possible"}
    actions = {a.id for a in advice.actions}
    asked = {q.fact for q in advice.questions}
    notes = {s.article: s.note for s in advice.status}

    def need(label: str, wanted: list[str], got: set[str], present: bool) -> None:
        wrong = [w for w in wanted if (w in got) != present]
        if wrong:
            problems.append(f"{label} {'missing' if present else 'present'}: "
                            f"{', '.join(wrong)}")

    if e.covered is not None and advice.covered != e.covered:
        problems.append(f"covered is {advice.covered}, expected {e.covered}")
    need("confirmed diagnoses", e.confirmed, confirmed, True)
    need("possible diagnoses", e.possible, possible, True)
    need("diagnoses", e.no_diagnoses, confirmed | possible, False)
    need("actions", e.actions, actions, True)
    need("actions", e.no_actions, actions, False)
    need("questions", e.asks, asked, True)
    need("questions", e.no_asks, asked, False)
    need("status rows", e.no_status, set(notes), False)
    for article, words in e.status.items():
        if article not in notes:
            problems.append(f"no status row for {article}")
        elif words.casefold() not in notes[article].casefold():
            problems.append(f"status of {article} is {notes[article]!r}, without {words!r}")
    return problems


def run_pack_tests(knowledge: Knowledge, advise: Advise) -> PackTestReport:
    """Run every pack test of ``knowledge`` through ``advise``."""
    failures: list[str] = []
    fired: set[str] = set()
    cited: set[str] = set()
    for test in knowledge.tests:
        advice = advise(test.facts)
        fired.update(step.rule for step in advice.trace)
        for d in advice.diagnoses:
            cited.update(f"{c.article}:{c.section}" for c in d.citations)
        for a in advice.actions:
            cited.update(f"{c.article}:{c.section}" for c in a.citations)
        failures += [f"{test.source}:{test.line or 1}: {test.name}: {p}"
                     for p in check_expectations(test, advice)]
    sections = {f"{c.article}:{c.section}" for d in knowledge.diagnoses.values()
                for c in d.citations}
    sections |= {f"{c.article}:{c.section}" for a in knowledge.actions.values()
                 for c in a.citations}
    return PackTestReport(tuple(failures), len(knowledge.tests), frozenset(fired),
                          frozenset(r.id for r in knowledge.rules), frozenset(cited),
                          frozenset(sections))
