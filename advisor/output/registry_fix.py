"""Fix artifacts: the advice's registry changes as a reviewable ``.reg`` file and
as ``reg add`` command lines. The advisor writes them; it never runs them.

Only the registry steps the advice actually gives are exported. When there is
none, :func:`registry_export` returns a :class:`NoRegistryFix` that says why,
from the rules that would have given one (for example: the distribution server
runs NetWare, or SMS is 1.1). That is a normal outcome, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.advice import Advice, AdviceAction, check_rule, concluding
from advisor.facts import FactValue
from advisor.knowledge import Knowledge
from advisor.output.reg_writer import RegValue, encode_reg, fix_header, reg_add_command, render_reg

__all__ = ["NoRegistryFix", "RegExport", "registry_export"]


@dataclass(frozen=True)
class NoRegistryFix:
    """The advice has no registry change to export; ``reasons`` say why."""

    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return "no registry change applies: " + " ".join(self.reasons)


@dataclass(frozen=True)
class RegExport:
    """The registry changes of one advice: ``text`` is the ``.reg`` file
    (REGEDIT4, CRLF), ``commands`` the equivalent ``reg add`` lines."""

    actions: tuple[AdviceAction, ...]
    values: tuple[RegValue, ...]
    text: str
    commands: tuple[str, ...]

    def encoded(self) -> bytes:
        """The ``.reg`` file's bytes (ANSI, as Windows NT 4.0's regedit reads)."""
        return encode_reg(self.text)


def registry_export(knowledge: Knowledge, advice: Advice) -> RegExport | NoRegistryFix:
    """The ``.reg`` file and ``reg add`` commands for ``advice``'s registry steps,
    or a :class:`NoRegistryFix` with the reasons when the advice has none."""
    actions = tuple(a for a in advice.actions if a.kind == "registry" and a.registry)
    if not actions:
        return NoRegistryFix(tuple(_reasons(knowledge, advice)))
    values: list[RegValue] = []
    header: list[str] = []
    for action in actions:
        values.append(RegValue.from_registry(action.registry))
        follow = [f.summary for f in advice.actions if f.id in action.follow_up]
        if not follow:
            follow = [knowledge.actions[i].summary for i in action.follow_up]
        header += fix_header([(c.article, c.section) for c in action.citations],
                             applies_to=action.applies_to or "", follow_up=" ".join(follow),
                             notes=[action.detail] if action.detail else [])
    text = render_reg(values, header_lines=header)
    return RegExport(actions, tuple(values), text, tuple(reg_add_command(v) for v in values))


def _reasons(knowledge: Knowledge, advice: Advice) -> list[str]:
    known: Mapping[str, FactValue] = advice.facts
    rules = [r for ident, rs in concluding(knowledge)[1].items() for r in rs
             if knowledge.actions[ident].kind == "registry"]
    if not rules:
        return ["The knowledge base has no registry fix."]
    reasons = []
    for rule in dict.fromkeys(rules):
        check = check_rule(rule, known)
        where = f"{rule.id} ({rule.citation.article} {rule.citation.section})"
        if check.misses:
            reasons.append(f"The registry fix of {where} does not apply: "
                           + "; ".join(m.text() for m in check.misses) + ".")
        elif check.unknown:
            reasons.append(f"The registry fix of {where} depends on what is not known "
                           "yet: " + ", ".join(check.unknown) + ".")
    return reasons or ["No rule gives a registry fix for these facts."]
