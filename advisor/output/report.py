"""A Markdown report of one troubleshooting case, to file or hand over.

It holds the facts with their sources (an answer, an evidence file and line, an
article default), the questions and answers in order, the advice, the fix
status, the fix artifacts (or why there is none) and every article section cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from advisor._version import __version__
from advisor.advice import Advice, AdviceCitation
from advisor.facts import VOCABULARY, FactValue
from advisor.knowledge import Knowledge
from advisor.output.registry_fix import NoRegistryFix, registry_export
from advisor.session import Answer

__all__ = ["render_report"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# What can open markup in the middle of a line (emphasis, code, links, images,
# raw HTML, table cells, strike-through), escaped in a client's text. The rest of
# Markdown's marks only count at the start of a line, and this text never starts one.
_MARKUP = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~"},
                         "<": "&lt;", ">": "&gt;", "&": "&amp;"})
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x00-\x1f\x7f\u0085\u2028\u2029]+")


def _text(text: object) -> str:
    """Text a client supplied (a file name, the words of a description, a detail)
    made inert: on one line, with HTML and every Markdown mark escaped, so that it
    reads as itself and cannot open a link (``javascript:``), a tag or a table cell."""
    return _LINE_BREAKS.sub(" ", str(text)).translate(_MARKUP)


def _label(fact: str, value: FactValue) -> str:
    return VOCABULARY[fact].label(value)


def _cites(citations: Sequence[AdviceCitation]) -> str:
    return "; ".join(f"{c.article} {c.section}" for c in citations)


def render_report(knowledge: Knowledge, advice: Advice, *, answers: Sequence[Answer] = (),
                  reg_file: str | None = None, session_id: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """The report as Markdown. ``answers`` is the session's log (for sources and
    the questions asked); ``reg_file`` names the exported registry fix, if any."""
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    out = ["# Troubleshooting report: SMS package distribution", "",
           f"Written {when} by advisor {__version__}"
           + (f", session `{session_id}`." if session_id else "."), ""]
    out += _facts(advice, answers) + _questions(answers) + _advice(advice)
    out += _artifacts(knowledge, advice, reg_file) + _why_not(advice) + _citations(knowledge,
                                                                                 advice)
    return "\n".join(out).rstrip() + "\n"


def _facts(advice: Advice, answers: Sequence[Answer]) -> list[str]:
    latest = {a.fact: a for a in answers}
    out = ["## Facts", "", "| Fact | Value | Source |", "|---|---|---|"]
    for fact, value in advice.facts.items():
        entry = latest.get(fact)
        source: str = "given" if entry is None else entry.source
        if entry is not None and entry.detail:
            source += f": {_text(entry.detail)}"
        out.append(f"| `{fact}` | {_text(_label(fact, value))} | {source} |")
    for action in advice.actions:
        if action.computed is None:
            continue
        for item in action.computed.inputs:
            if item.source != "given":
                out.append(f"| `{item.fact}` | {_cell(item.text)} | article default |")
    skipped = [f for f, a in latest.items() if a.skipped]
    if skipped:
        out += ["", "Not known (skipped): " + ", ".join(f"`{f}`" for f in skipped) + "."]
    return out + [""]


def _questions(answers: Sequence[Answer]) -> list[str]:
    asked = [a for a in answers if a.source == "answer"]
    if not asked:
        return []
    out = ["## Questions and answers", ""]
    for number, entry in enumerate(asked, 1):
        reply = "unknown" if entry.skipped else _label(entry.fact, entry.value)
        out.append(f"{number}. {VOCABULARY[entry.fact].question} **{_text(reply)}**")
    return out + [""]


def _advice(advice: Advice) -> list[str]:
    out = ["## Diagnosis", ""]
    if not advice.covered:
        out += ["Not covered: no article in the knowledge base explains these facts.", ""]
    for d in advice.diagnoses:
        out.append(f"- **{d.title}** ({d.certainty}). {d.explanation} "
                   f"*See {_cites(d.citations)}.*")
        if d.pending:
            out.append(f"  Would be confirmed by: {', '.join(d.pending)}.")
    out += ["", "## What to do", ""]
    if not advice.actions:
        out.append("No step: see the diagnosis.")
    for number, a in enumerate(advice.actions, 1):
        out.append(f"{number}. **[{a.kind}]** {a.summary}")
        if a.registry is not None:
            r = a.registry
            data = r.data if r.data is not None else "(look at the current data)"
            out.append(f"   - `{r.hive}\\{r.key}`, value `{r.value}` ({r.type}), data `{data}`")
        if a.target_version:
            out.append(f"   - Target version: SMS {a.target_version}")
        if a.detail:
            out.append(f"   - {a.detail}")
        if a.computed is not None:
            out.append(f"   - {a.computed.text}")
        out.append(f"   - *See {_cites(a.citations)}.*")
    out += ["", "## Fix status", ""]
    if not advice.status:
        out.append("No article's fix status applies yet.")
    out += [f"- {s.article} *{s.title}*: {s.note} (see {s.article} {s.section})"
            for s in advice.status]
    if advice.questions:
        out += ["", "## Still open", "",
                "Answers to these could still change the advice:", ""]
        out += [f"- `{q.fact}`: {q.question}" for q in advice.questions]
    return out + [""]


def _artifacts(knowledge: Knowledge, advice: Advice, reg_file: str | None) -> list[str]:
    out = ["## Fix artifacts", ""]
    export = registry_export(knowledge, advice)
    if isinstance(export, NoRegistryFix):
        return out + ["No registry change is exported. " + " ".join(export.reasons), ""]
    if reg_file:
        out.append(f"- Registry fix written to {_text(reg_file)} (REGEDIT4; review it, then "
                   "import it with regedit on the target site's site server).")
    out.append("- The same change as a command line (run it yourself, where it applies):")
    out += ["", *[f"      {c}" for c in export.commands]]
    return out + [""]


def _why_not(advice: Advice) -> list[str]:
    if not advice.why_not:
        return []
    out = ["## Why not", ""]
    for w in advice.why_not:
        reasons = "; ".join(f.text for f in w.failed)
        unknown = f" Not known: {', '.join(w.unknown)}." if w.unknown else ""
        out.append(f"- **{w.title}** ({w.rule}, {w.article} {w.section}): {reasons}.{unknown}")
    return out + [""]


def _citations(knowledge: Knowledge, advice: Advice) -> list[str]:
    cited: dict[tuple[str, str], None] = {}
    lists = [d.citations for d in advice.diagnoses] + [a.citations for a in advice.actions]
    for citations in lists:
        for c in citations:
            cited[(c.article, c.section)] = None
    for step in advice.trace:
        cited[(step.article, step.section)] = None
    if not cited:
        return []
    out = ["## Citations", "", "| Article | Title | Section |", "|---|---|---|"]
    for article, section in sorted(cited):
        title = knowledge.articles[article].title if article in knowledge.articles else ""
        out.append(f"| {article} | {_cell(title)} | {_cell(section)} |")
    return out + [""]
