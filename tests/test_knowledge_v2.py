"""Knowledge as data: the vocabulary declared in the knowledge files, packs that
bring their own facts, the packs' own tests, and ``advisor rules verify``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from advisor import Advisor, Facts, FactsError, RulePackError
from advisor.advice.packtests import run_pack_tests
from advisor.advice.verify import verify
from advisor.cli import main
from advisor.facts import VOCABULARY
from advisor.knowledge import load_knowledge

ARTICLE = """DOCUMENT:Q999999  01-JAN-2001  [sms]
TITLE   :A Test Article About Badges
PRODUCT :Microsoft Systems Management Server
PROD/VER:winnt:2.0
OPER/SYS:
KEYWORDS:kbtest

======================================================================
-------------------------------------------------------------------------------
The information in this article applies to:

 - Microsoft Systems Management Server version 2.0
-------------------------------------------------------------------------------

SYMPTOMS
========

A red badge means trouble in this made-up article.

STATUS
======

Made up for a test.

======================================================================
Keywords          : kbtest
Technology        : kbSMS200
Version           : winnt:2.0

=============================================================================
"""

PACK = """article: Q999999
facts:
  - name: badge_colour
    type: choice
    values: {red: Red badge, blue: Blue badge}
    question: What colour is the badge?
    help: Look at the badge.
status: {section: STATUS, confirmed_in: ["2.0"], solution: pending}
diagnoses:
  - id: red_badge
    title: The badge is red
    explanation: A red badge means trouble.
    cites: [SYMPTOMS]
rules:
  - id: red-badge
    cites: SYMPTOMS
    when: {badge_colour: red}
    diagnosis: red_badge
tests:
  - name: red means trouble
    facts: {badge_colour: red}
    expect: {confirmed: [red_badge], status: {Q999999: "no fix yet"}}
"""


def _with_pack(kb: Path, rules: Path, pack: str = PACK) -> None:
    (kb / "Q999999.txt").write_text(ARTICLE)
    (rules / "Q999999.yaml").write_text(pack)


def test_a_pack_with_a_new_fact_needs_no_python(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    _with_pack(kb, rules)
    advisor = Advisor(kb, rules)
    spec = advisor.knowledge.vocabulary["badge_colour"]
    assert (spec.kind, spec.choices, spec.article) == ("choice", ("red", "blue"), "Q999999")
    advice = advisor.advise({"badge_colour": "red"})
    assert [d.id for d in advice.confirmed()] == ["red_badge"]
    assert "Q999999" in {s.article for s in advice.status}
    with pytest.raises(FactsError, match="badge_colour"):
        advisor.advise({"badge_colour": "green"})
    # The bundled model and vocabulary are unchanged.
    assert "badge_colour" not in VOCABULARY
    with pytest.raises(FactsError, match="unknown fact"):
        Facts.parse({"badge_colour": "red"})
    assert run_pack_tests(advisor.knowledge, advisor.advise).ok
    out = io.StringIO()
    assert main(["facts", "--kb", str(kb), "--rules", str(rules)], stdout=out) == 0
    assert 'badge_colour ("red" | "blue") [Q999999]' in out.getvalue()
    advisor.close()


def test_the_bundled_knowledge_uses_the_public_model() -> None:
    knowledge = load_knowledge()
    assert knowledge.facts is Facts and knowledge.vocabulary is VOCABULARY
    assert {"service_pack", "macintosh_clients", "package_directory_empty",
            "users_cannot_run_package", "event_109_logged", "win32_error_32",
            "later_jobs_pending", "packages_share_one_share", "deltree_failed",
            "retry_count_drops_by_two", "q167656_fix_installed"} <= set(VOCABULARY)
    assert VOCABULARY["win32_error_32"].choices == ("package_file", "instruction_file",
                                                    "not_logged")


@pytest.mark.parametrize(("pack", "message"), [
    (PACK.replace("name: badge_colour", "name: file_in_use"),
     "fact 'file_in_use' is already declared in facts.yaml"),
    (PACK.replace("    values: {red: Red badge, blue: Blue badge}\n", ""),
     "values go with type: choice"),
    (PACK.replace("    type: choice\n", "    type: colour\n"), "type"),
])
def test_bad_fact_declarations_name_file_and_line(knowledge_copy: tuple[Path, Path],
                                                  pack: str, message: str) -> None:
    kb, rules = knowledge_copy
    _with_pack(kb, rules, pack)
    with pytest.raises(RulePackError) as caught:
        load_knowledge(kb, rules)
    assert message in str(caught.value)
    assert any(p.path == rules / "Q999999.yaml" and p.line in (3, 4)
               for p in caught.value.problems)


def test_the_packs_own_tests_pass(advisor: Advisor) -> None:
    report = run_pack_tests(advisor.knowledge, advisor.advise)
    assert report.ok, "\n".join(report.failures)
    assert report.tests >= 20
    # Every family article's pack has tests, and they reach its rules.
    assert {t.article for t in advisor.knowledge.tests} >= {
        "Q182414", "Q184489", "Q140374", "Q191360", "Q153637", "Q167656", "Q193766",
        "Q153576", "Q147819", "Q161043", "Q184512", "Q173995"}
    assert len(report.rules_fired) > len(report.rules_total) // 2


def test_a_failing_pack_test_is_reported_with_file_and_line(
        knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    _with_pack(kb, rules, PACK.replace("{confirmed: [red_badge],", "{no_diagnoses: [red_badge],"))
    advisor = Advisor(kb, rules)
    report = run_pack_tests(advisor.knowledge, advisor.advise)
    assert report.failures == (f"{rules / 'Q999999.yaml'}:20: red means trouble: "
                               "diagnoses present: red_badge",)
    advisor.close()


def test_verify_finds_nothing_in_the_bundled_packs(advisor: Advisor) -> None:
    findings = verify(advisor.knowledge, advisor.advise, samples=400)
    assert not findings, "\n".join(map(str, findings))


def test_verify_reports_a_broken_invariant_with_file_line_and_rule(
        knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    path = rules / "Q202063.yaml"
    path.write_text(path.read_text().replace(
        "never:\n", "never:\n  - id: injected\n    cites: SYMPTOMS\n"
        "    when: {server_platform: netware}\n    actions: [use_nt_distribution_server]\n", 1))
    advisor = Advisor(kb, rules)
    findings = verify(advisor.knowledge, advisor.advise, samples=50)
    rule = [f for f in findings if f.rule == "netware-no-forced-disconnect"]
    assert rule and rule[0].path == str(path) and "constraint 'injected'" in rule[0].message
    advisor.close()


def test_verify_reports_a_subsumed_rule(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    path = rules / "Q202063.yaml"
    extra = """
  - id: netware-twice
    cites: MORE INFORMATION
    when: {server_platform: netware, file_in_use: true, sms_version: "2.0"}
    actions: [use_nt_distribution_server]
"""
    path.write_text(path.read_text().replace("\nnever:\n", extra + "\nnever:\n", 1))
    advisor = Advisor(kb, rules)
    found = [f for f in verify(advisor.knowledge, advisor.advise, samples=0)
             if f.rule == "netware-twice"]
    assert found and found[0].message.startswith(
        "is subsumed by rule 'netware-no-forced-disconnect'")
    assert found[0].path == str(path)
    advisor.close()


def test_rules_commands_exit_status() -> None:
    out = io.StringIO()
    assert main(["rules", "test"], stdout=out) == 0
    assert out.getvalue().startswith("ok:") or "\nok:" in out.getvalue()


def test_q140403_version_conflict_is_a_note_not_a_rule(advisor: Advisor) -> None:
    advice = advisor.advise({"sms_version": "1.1", "server_platform": "windows_nt",
                             "file_in_use": True})
    (row,) = [s for s in advice.status if s.article == "Q128458"]
    assert any("Q140403" in note and "1.2" in note for note in row.notes)
    assert not [r for r in advisor.knowledge.rules if "Q140403" in r.id]
