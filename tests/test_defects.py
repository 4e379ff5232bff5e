"""One scenario per defect of issue 10's review (its "Why" list, 1 to 8): each
failed on the knowledge and advice before knowledge v2, and passes now."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from advisor import Advisor
from advisor.output import render_advice

NT20 = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
        "job_type": "share_package_on_server"}
NT20_ON = {**NT20, "use_forced_disconnect": 1}


def rows(advice: Any) -> dict[str, str]:
    return {s.article: s.note for s in advice.status}


def ids(advice: Any) -> set[str]:
    return {a.id for a in advice.actions}


# 1. Status rows per cited article, not per rule.
def test_1_every_cited_article_has_its_status_row(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20, "use_forced_disconnect": 0})
    notes = rows(advice)
    # The diagnosis cites Q202063, unfixed in 2.0: its row is there, next to Q128458's.
    assert "Q202063" in notes and "no fix is available" in notes["Q202063"]
    assert "your SMS 2.0 has the fix" in notes["Q128458"]
    # Q128458's own diagnoses (here: wrong site) come with its row.
    wrong = advisor.advise({**NT20_ON, "value_on_target_site": False})
    assert "Q128458" in rows(wrong)


def test_1_status_reads_the_service_pack(advisor: Advisor) -> None:
    advice = advisor.advise({"sms_version": "1.2", "service_pack": 2,
                             "server_platform": "windows_nt", "file_in_use": True,
                             "use_forced_disconnect": 0})
    assert "Fixed in SMS 1.2 SP4: your SMS 1.2 SP2 does not have it" in rows(advice)["Q182414"]
    fixed = advisor.advise({"sms_version": "1.2", "service_pack": 4,
                            "package_directory_empty": True})
    assert all(d.id != "Q184489" for d in fixed.diagnoses)


# 2. NetWare: the workaround is the registry value, which does nothing there.
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_2_netware_status_never_says_use_the_workaround(advisor: Advisor, version: str) -> None:
    note = rows(advisor.advise({"sms_version": version, "server_platform": "netware",
                                "file_in_use": True}))["Q202063"]
    assert "does not work on Novell NetWare" in note
    assert "use the workaround" not in note.casefold()


def test_2_q202063_is_about_1_2_and_2_0_only(advisor: Advisor) -> None:
    note = rows(advisor.advise({"sms_version": "1.1", "server_platform": "netware",
                                "file_in_use": True}))["Q202063"]
    assert note.startswith("This article is about SMS 1.2 and SMS 2.0, not your SMS 1.1")


# 3. Forced delivery on but failed; overdue; impossible waits; companion values.
def test_3_failed_with_forced_delivery_on_is_not_confirmed_forcing(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20_ON, "distribution_failed": True})
    assert "forced_delivery_on" not in {d.id for d in advice.diagnoses}
    assert "forced_delivery_failed" in {d.id for d in advice.confirmed()}
    assert "wait_for_forced_delivery" not in ids(advice)


def test_3_no_wait_once_overdue(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20_ON, "response_setting": "fast",
                             "minutes_since_first_failure": "2d"})
    assert "wait_for_forced_delivery" not in ids(advice)
    assert "forced_delivery_overdue" in ids(advice)
    assert not [a for a in advice.actions if a.kind == "wait"]


@pytest.mark.parametrize("extra", [
    {"response_setting": "slow", "number_of_retries": 100},
    {"number_of_retries": 4294967295},
    {"response_setting": "slow", "number_of_retries": 99},
    {"forced_disconnection_delay": 4294967295},
])
def test_3_no_wait_beyond_the_give_up_point(advisor: Advisor, extra: dict[str, Any]) -> None:
    advice = advisor.advise({**NT20_ON, "value_on_target_site": True,
                             "despooler_paused_continued": True, **extra})
    assert not [a for a in advice.actions if a.kind == "wait"]
    # The companion registry values are offered instead.
    registry = {a.registry.value for a in advice.actions if a.registry and a.kind == "registry"}
    assert registry & {"Number Of Retries Before Forced Disconnection",
                       "Forced Disconnection Delay In Minutes"}


def test_3_retries_at_the_give_up_point_are_a_diagnosis(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20_ON, "number_of_retries": 100,
                             "value_on_target_site": True, "despooler_paused_continued": True})
    assert "retries_beyond_give_up" in {d.id for d in advice.confirmed()}
    (step,) = [a for a in advice.actions if a.id == "set_number_of_retries"]
    assert step.registry is not None and step.registry.data == 12


# 4. No two actions that contradict each other; every claim backed.
def test_4_failed_case_has_no_contradicting_steps(advisor: Advisor) -> None:
    advice = advisor.advise({"sms_version": "1.1", "server_platform": "windows_nt",
                             "file_in_use": True, "distribution_failed": True})
    texts = " ".join(a.summary for a in advice.actions)
    assert "next retry" not in texts
    assert "does not retry a distribution it has marked failed" not in texts
    assert "resend_package" in ids(advice)
    failed_on = advisor.advise({**NT20_ON, "distribution_failed": True})
    assert not {"wait_for_forced_delivery", "resend_package"} <= ids(failed_on)


# 5. Remove Package / System jobs; partial update in 1.2/2.0; unknown version.
@pytest.mark.parametrize("job", ["remove_package_from_server", "system"])
def test_5_remove_and_system_jobs_are_not_told_to_resend(advisor: Advisor, job: str) -> None:
    for version in ("1.1", "2.0"):
        advice = advisor.advise({"sms_version": version, "server_platform": "windows_nt",
                                 "file_in_use": True, "distribution_failed": True,
                                 "job_type": job})
        assert "resend_package" not in ids(advice)


def test_5_partial_update_warning_in_every_version(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20, "use_forced_disconnect": 0,
                             "package_partially_updated": True})
    assert "warn_partial_package" in ids(advice)


@pytest.mark.parametrize("facts", [{"file_in_use": True},
                                   {"file_in_use": True, "sms_version": "2.0"},
                                   {"file_in_use": True, "server_platform": "netware"}])
def test_5_close_the_files_whatever_is_unknown(advisor: Advisor, facts: dict[str, Any]) -> None:
    assert "close_open_files" in ids(advisor.advise(facts))


# 6. Confirmed only when nothing unknown can block; the registry warning; side effects.
def test_6_confirmed_only_when_no_unknown_fact_can_block(advisor: Advisor) -> None:
    open_checks = advisor.advise(NT20_ON)
    (on,) = [d for d in open_checks.diagnoses if d.id == "forced_delivery_on"]
    assert on.certainty == "possible"
    assert {"value_on_target_site", "despooler_paused_continued"} <= set(on.pending)
    checked = advisor.advise({**NT20_ON, "value_on_target_site": True,
                              "despooler_paused_continued": True, "distribution_failed": False,
                              "number_of_retries": 12})
    assert "forced_delivery_on" in {d.id for d in checked.confirmed()}
    assert all(not step.assumed for step in checked.trace if step.rule == "forced-delivery-on")


def test_6_registry_steps_carry_the_registry_editor_warning(advisor: Advisor) -> None:
    advice = advisor.advise({**NT20, "use_forced_disconnect": 0})
    (step,) = [a for a in advice.actions if a.kind == "registry"]
    assert step.warning and "registry" in step.warning.casefold()
    text = render_advice(advice)
    assert text.index("WARNING") < text.index("Use Forced Disconnect (REG_DWORD)")


def test_6_side_effects_of_forced_disconnect(advisor: Advisor) -> None:
    sp2 = {"sms_version": "1.2", "service_pack": 2, "server_platform": "windows_nt",
           "file_in_use": True, "use_forced_disconnect": 0, "job_type": "share_package_on_server"}
    assert {"set_use_forced_disconnect", "warn_rights_reset"} <= ids(advisor.advise(sp2))
    hotfix = advisor.advise({**sp2, "q167656_fix_installed": True})
    assert "avoid_forced_disconnect" in ids(hotfix)
    assert "set_use_forced_disconnect" not in ids(hotfix)
    assert "wait_for_forced_delivery" not in ids(advisor.advise(
        {**sp2, "use_forced_disconnect": 1, "q167656_fix_installed": True}))


# 8. JSON input at the command line.
def _advise_cli(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", "advise", "--json"], input=text,
                          capture_output=True, text=True, timeout=120, check=False)


def test_8_duplicate_keys_exit_2_naming_the_key() -> None:
    done = _advise_cli('{"server_platform": "windows_nt", "file_in_use": true, '
                       '"server_platform": "netware"}')
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["errors"][0]["fact"] == "server_platform"


def test_8_deep_nesting_exits_2_cleanly() -> None:
    done = _advise_cli("[" * 200_000 + "]" * 200_000)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "nested" in done.stderr


def test_8_long_values_are_clipped_in_messages() -> None:
    done = _advise_cli(json.dumps({"sms_version": "x" * 900_000}))
    assert done.returncode == 2
    assert len(done.stdout) + len(done.stderr) < 4000


def test_8_one_duration_syntax(advisor: Advisor) -> None:
    from advisor.facts import VOCABULARY

    spec = VOCABULARY["minutes_since_first_failure"]
    # What `advisor facts` suggests is valid JSON input too.
    assert "3h" in " ".join(spec.answers())
    a = advisor.advise({**NT20_ON, "minutes_since_first_failure": "3h"})
    b = advisor.advise({**NT20_ON, "minutes_since_first_failure": 180})
    assert a.facts["minutes_since_first_failure"] == 180 and a.conclusions() == b.conclusions()


# 7. `why` names, for each possible answer, what it would add or remove.
def test_7_why_names_the_effect_of_every_answer(advisor: Advisor) -> None:
    s = advisor.session()
    for fact, value in NT20.items():
        s.answer(fact, value)
    outcomes = {o.label: o for o in s.outcomes("use_forced_disconnect")}
    assert set(outcomes) == {"absent", "1"}  # the two classes the rules tell apart
    absent, on = outcomes["absent"], outcomes["1"]
    assert "Forced delivery is off at the target site" in absent.confirms
    assert any(step.startswith("On the site server of the target site")
               for step in absent.adds_steps)
    assert any(step.startswith("Forced delivery will happen") for step in on.adds_steps)
    assert any(step.startswith("Look at Use Forced Disconnect") for step in on.removes_steps)
    assert all(o.confirms or o.rules_out or o.adds_steps or o.removes_steps
               for o in outcomes.values())
