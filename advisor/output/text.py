"""Advice as text for a person: diagnosis, steps, fix status, citations and what
is still open. The command line and the interactive session both use it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from advisor.advice import Advice, AdviceAction, AdviceCitation
from advisor.facts import VOCABULARY

__all__ = ["render_advice", "render_citations", "render_trace"]

WIDTH = 78


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent]


def render_citations(citations: Iterable[AdviceCitation]) -> str:
    """``"Q202063 WORKAROUND; Q128458 MORE INFORMATION/Setting forced delivery"``."""
    return "; ".join(f"{c.article} {c.section}" for c in citations)


def _action(number: int, action: AdviceAction) -> list[str]:
    lines = _wrap(f"[{action.kind}] {action.summary}", "       ", f"  {number}. ")
    if action.registry is not None:
        r = action.registry
        lines.append(f"       Key:   {r.hive}\\{r.key}")
        lines.append(f"       Value: {r.value} ({r.type})")
        lines.append("       Data:  " + (str(r.data) if r.data is not None else
                                          "(look at the current data)"))
    if action.target_version:
        lines.append(f"       Target version: SMS {action.target_version}")
    if action.detail:
        lines += _wrap(action.detail, "       ")
    if action.computed is not None:
        lines += _wrap(action.computed.text, "       ")
        lines += [f"         - {i.text}" for i in action.computed.inputs]
    lines += _wrap(f"See {render_citations(action.citations)}.", "       ")
    return lines


def render_trace(advice: Advice) -> list[str]:
    """How the advice was reached: each rule that fired, its article section and
    the facts it used."""
    if not advice.trace:
        return ["  No rule fired."]
    lines: list[str] = []
    for step in advice.trace:
        used = ", ".join(f"{k}={VOCABULARY[k].label(v)}" for k, v in step.facts.items())
        concluded = [x for x in [step.diagnosis, *step.actions] if x]
        lines += _wrap(f"{step.rule} ({step.article} {step.section}): {used or 'no facts'}"
                       + (f" -> {', '.join(concluded)}" if concluded else ""), "      ", "  - ")
        lines += [f"      assumed: {a}" for a in step.assumed]
    return lines


def render_advice(advice: Advice, *, trace: bool = True) -> str:
    """The whole advice as text."""
    lines: list[str] = []
    if not advice.covered:
        lines.append("Not covered: no article in the knowledge base explains these facts.")
        lines += _wrap("The articles here are about package files held open on a "
                       "distribution server while SMS copies a package. The advisor does "
                       "not guess beyond them.", "  ")
    if advice.diagnoses:
        lines.append("Diagnosis")
        for d in advice.diagnoses:
            mark = "confirmed" if d.certainty == "confirmed" else "possible"
            lines += _wrap(d.title + f" [{mark}]", "    ", "  * ")
            lines += _wrap(d.explanation, "    ")
            if d.pending:
                lines.append(f"    Would be confirmed by: {', '.join(d.pending)}")
            lines += _wrap(f"See {render_citations(d.citations)}.", "    ")
    if advice.actions:
        lines.append("What to do")
        for number, action in enumerate(advice.actions, 1):
            lines += _action(number, action)
    if advice.status:
        lines.append("Fix status")
        for s in advice.status:
            lines += _wrap(f"{s.article} {s.title}: {s.note} (see {s.article} {s.section})",
                           "    ", "  * ")
    if advice.questions:
        lines.append("Answers that could still change this advice")
        for q in advice.questions:
            lines += _wrap(f"{q.fact}: {q.question}", "    ", "  - ")
    elif advice.covered:
        lines.append("No further answer could change this advice.")
    if trace and advice.trace:
        lines.append("How this was reached")
        lines += render_trace(advice)
    return "\n".join(lines) + "\n"
