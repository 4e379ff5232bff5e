"""Loading the knowledge base: the bundled articles and packs, and every way a
pack can be wrong, each reported with its file, line and rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor import Advisor, KnowledgeError, RulePackError
from advisor.knowledge import bundled_dirs, load_knowledge


def test_bundled_articles_are_parsed() -> None:
    k = load_knowledge()
    q202063, q128458 = k.articles["Q202063"], k.articles["Q128458"]
    assert q202063.title == "SMS: Forced Disconnect Not Available on NW Distribution Servers"
    assert q202063.versions == ("1.2", "2.0") and q202063.platform == "winnt"
    assert (q202063.issue_type, q202063.solution_type) == ("kbbug", "kbnofix")
    assert [s.title for s in q202063.sections if s.level == 1] == [
        "SYMPTOMS", "WORKAROUND", "STATUS", "MORE INFORMATION"]
    assert "Q128458" in q202063.references
    assert "kbOSNovell" in q202063.keywords
    # Q128458's SYMPTOM is underlined with dashes, and it has no issue type line.
    assert q128458.sections[0].title == "SYMPTOM" and q128458.sections[0].level == 1
    assert q128458.section("MORE INFORMATION/Calculating the Forced Delivery Time")
    assert q128458.issue_type is None and q128458.versions == ("1.1",)


def test_bundled_articles_are_our_own_words() -> None:
    # The seed article must not be copied: no line of it longer than a few
    # words appears in our kb/ text (beyond headers, labels and the key path).
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "Q202063.txt"
    if not seed.exists():
        pytest.skip("the shared seed article is not here")
    ours = (bundled_dirs()[0] / "Q202063.txt").read_text()
    prose = [line.strip() for line in seed.read_text().splitlines()
             if len(line.split()) >= 6 and ":" not in line[:20] and not line.endswith(":")
             and "Q128458" not in line and "query words" not in line
             and not line.strip().startswith("- Microsoft")]
    assert len(prose) > 15
    copied = [line for line in prose if line in ours]
    assert not copied


def test_rules_resolve(advisor: Advisor) -> None:
    k = advisor.knowledge
    assert {r.article for r in k.rules} == {"Q202063", "Q128458"}
    assert len({r.id for r in k.rules}) == len(k.rules)
    assert set(k.statuses) == {"Q202063", "Q128458"}
    action = k.actions["set_use_forced_disconnect"]
    assert action.registry is not None
    assert (action.registry.hive, action.registry.key, action.registry.value,
            action.registry.data) == ("HKEY_LOCAL_MACHINE",
                                      r"SOFTWARE\Microsoft\SMS\Components\SMS_Despooler",
                                      "Use Forced Disconnect", 1)


def break_pack(rules: Path, name: str, old: str, new: str) -> Path:
    path = rules / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def load_error(kb: Path, rules: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb, rules)
    return caught.value


def line_of(path: Path, needle: str) -> int:
    """The last line holding ``needle`` (a duplicate is reported where it repeats)."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    assert found, needle
    return found[-1]


@pytest.mark.parametrize(("name", "old", "new", "needle", "message"), [
    ("Q202063.yaml", "      server_platform: netware\n", "      server_platfrom: netware\n",
     "server_platfrom", r"rule 'netware-no-forced-disconnect': when: unknown fact "
     r"'server_platfrom' \(did you mean 'server_platform'\?\)"),
    ("Q202063.yaml", "      server_platform: netware\n", "      server_platform: novell\n",
     "novell", r"rule 'netware-no-forced-disconnect': when.server_platform: 'novell' is not"),
    ("Q128458.yaml", '      sms_version: ["1.0", "1.1"]\n      file_in_use: true\n',
     '      sms_version: [1.0, "1.1"]\n      file_in_use: true\n', "[1.0,",
     r"did you mean the string \"1.0\"\? quote it"),
    ("Q202063.yaml", "    cites: WORKAROUND\n", "    cites: WORKAROUNDS\n", "WORKAROUNDS",
     r"rule 'forced-delivery-off': Q202063 has no section 'WORKAROUNDS' "
     r"\(did you mean 'WORKAROUND'\?\)"),
    ("Q202063.yaml", '"Q128458:MORE INFORMATION/Setting forced delivery"',
     '"Q999999:MORE INFORMATION"', "Q999999", r"cites Q999999, which is not in"),
    ("Q202063.yaml", "    diagnosis: forced_delivery_off\n",
     "    diagnosis: forced_delivery_of\n", "diagnosis: forced_delivery_of",
     r"rule 'forced-delivery-off': no diagnosis 'forced_delivery_of' "
     r"\(did you mean 'forced_delivery_off'\?\)"),
    ("Q202063.yaml", "  - id: failed-check-open-files\n", "  - id: netware-no-forced-disconnect\n",
     "id: netware-no-forced-disconnect", r"rule 'netware-no-forced-disconnect' is declared twice"),
    ("Q128458.yaml", "      use_forced_disconnect: {unknown: true}\n    unless:\n",
     "      use_forced_disconnect: {unknown: true}\n    unless:\n"
     "      response_setting: {unknown: true}\n", "response_setting: {unknown",
     r"belongs in when"),
    ("Q128458.yaml",
     "      use_forced_disconnect: {not: [0, null]}\n      value_on_target_site: false",
     "      use_forced_disconnect: {nit: [0, null]}\n      value_on_target_site: false",
     "{nit:", r"unknown operator 'nit'"),
    ("Q128458.yaml", "    kind: upgrade\n", "    kind: upgrad\n", "kind: upgrad",
     r"action 'upgrade_to_1_2': actions.0.kind: Input should be"),
    ("Q128458.yaml", "    actions: [check_job_type]\n", "    actions: [check_target_site]\n",
     "id: check_job_type",
     r"'check_job_type' is declared but no rule concludes it"),
    ("Q128458.yaml", "    elapsed_fact: minutes_since_first_failure\n",
     "    elapsed_fact: server_platform\n", "elapsed_fact",
     r"elapsed_fact must be a number fact"),
    ("Q128458.yaml", "slow: 720}", "glacial: 720}", "glacial",
     r"table 'retry_interval' must have one row for each value of response_setting"),
])
def test_pack_errors_name_file_line_and_rule(knowledge_copy: tuple[Path, Path], name: str,
                                             old: str, new: str, needle: str,
                                             message: str) -> None:
    kb, rules = knowledge_copy
    path = break_pack(rules, name, old, new)
    error = load_error(kb, rules)
    assert isinstance(error, RulePackError)
    text = str(error)
    assert re.search(message, text), text
    expected = f"{path}:{line_of(path, needle)}:"
    assert any(str(p).startswith(expected) for p in error.problems), (expected, text)


def test_yaml_syntax_and_duplicate_keys(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    path = break_pack(rules, "Q202063.yaml", "  - id: close_open_files\n",
                      "  - id: close_open_files\n    id: again\n")
    error = load_error(kb, rules)
    assert f"{path}:{line_of(path, 'id: again')}: duplicate key 'id'" in str(error)
    path.write_text("article: Q202063\nrules: [\n")
    assert f"{path}:3: YAML syntax" in str(load_error(kb, rules))


def test_every_problem_is_reported_not_just_the_first(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    break_pack(rules, "Q202063.yaml", "      server_platform: netware\n",
               "      server_platfrom: netware\n")
    break_pack(rules, "Q128458.yaml", "    cites: STATUS\n    when:", "    cites: STATU\n    when:")
    error = load_error(kb, rules)
    assert isinstance(error, RulePackError)
    assert len(error.problems) == 2
    assert {p.path.name for p in error.problems if p.path} == {"Q202063.yaml", "Q128458.yaml"}


def test_pack_file_named_for_its_article(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    (rules / "Q202063.yaml").rename(rules / "netware.yaml")
    assert "must be named Q202063.yaml" in str(load_error(kb, rules))


def test_pack_for_missing_article(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    (kb / "Q202063.txt").unlink()
    error = str(load_error(kb, rules))
    assert "article Q202063 is not in kb/" in error


def test_broken_article_names_its_file(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    (kb / "Q202063.txt").write_text("just some words\n")
    error = load_error(kb, rules)
    assert str(error.path).endswith("Q202063.txt")


def test_empty_rules_directory(tmp_path: Path, knowledge_copy: tuple[Path, Path]) -> None:
    kb, _ = knowledge_copy
    assert "no rule packs" in str(load_error(kb, tmp_path))


def test_advisor_on_custom_directories(knowledge_copy: tuple[Path, Path]) -> None:
    kb, rules = knowledge_copy
    # A pack edited by its author takes effect: NetWare now also needs SMS 2.0.
    break_pack(rules, "Q202063.yaml", "    when:\n      server_platform: netware\n",
               '    when:\n      sms_version: "2.0"\n      server_platform: netware\n')
    with Advisor(kb, rules) as adv:
        advice = adv.advise({"server_platform": "netware", "file_in_use": True})
        assert "sms_version" in {q.fact for q in advice.questions}
        assert not advice.confirmed()
