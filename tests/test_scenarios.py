"""The scenario table: facts in, expected advice out.

Every combination of SMS version x distribution server platform x file in use x
Use Forced Disconnect (absent, 0, 1, another non-zero number, unknown) x job
type (unknown and the four types) is run through ``advise`` and checked against
the one row of the decision table below that covers it. A row names what must
be concluded from the two seed articles' rules (the Despooler family's facts are
left unknown, so their diagnoses are at most possible): confirmed and possible
core diagnoses, the exact set of actions, the articles with a status row (every
article a confirmed diagnosis or an action cites) and the core facts asked about.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from scenario_table import (
    CORE_DIAGNOSES,
    CORE_FACTS,
    IN_USE,
    JOBS,
    ON,
    PLATFORMS,
    TABLE,
    UFD,
    UNKNOWN,
    V1X,
    VERSIONS,
)

from advisor import Advisor

SCENARIOS = list(itertools.product(VERSIONS, PLATFORMS, IN_USE, UFD, JOBS))


def facts_of(scenario: tuple[Any, ...]) -> dict[str, Any]:
    names = ("sms_version", "server_platform", "file_in_use", "use_forced_disconnect",
             "job_type")
    return {n: v for n, v in zip(names, scenario, strict=True) if v is not UNKNOWN}


def scenario_id(scenario: tuple[Any, ...]) -> str:
    return "-".join("?" if v is UNKNOWN else str(v) for v in scenario)


def test_every_scenario_has_exactly_one_row() -> None:
    for scenario in SCENARIOS:
        rows = [r for r in TABLE if r.covers(scenario)]
        assert len(rows) == 1, (scenario_id(scenario), rows)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_id)
def test_scenario(advisor: Advisor, scenario: tuple[Any, ...]) -> None:
    (expected,) = [r for r in TABLE if r.covers(scenario)]
    advice = advisor.advise(facts_of(scenario))
    confirmed = {d.id for d in advice.diagnoses if d.certainty == "confirmed"}
    possible = {d.id for d in advice.diagnoses if d.certainty == "possible"}
    assert confirmed == expected.confirmed
    assert possible & CORE_DIAGNOSES == expected.possible
    assert {a.id for a in advice.actions} == expected.actions
    assert {s.article for s in advice.status} == expected.status
    asked = {q.fact for q in advice.questions}
    # Q140374 (1.1 and 1.2: a restarted Despooler) and Q147819 (1.1) also ask
    # whether the job keeps retrying; the family's own facts are not checked here.
    family = {"distribution_retrying"} if scenario[0] in ("1.1", "1.2") else set()
    # Q182414 (1.2 on Windows NT) asks for the value behind a forced disconnect.
    if scenario[:2] == ("1.2", "windows_nt") and scenario[3] is UNKNOWN:
        family.add("use_forced_disconnect")
    assert asked & CORE_FACTS == expected.asks | family
    if confirmed:
        assert advice.covered


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_id)
def test_registry_fix_only_where_it_applies(advisor: Advisor, scenario: tuple[Any, ...]) -> None:
    version, platform, in_use, ufd, _job = scenario
    advice = advisor.advise(facts_of(scenario))
    registry = [a for a in advice.actions if a.kind == "registry"]
    upgrades = [a for a in advice.actions if a.kind == "upgrade"]
    if platform == "netware" or version in V1X or not in_use:
        assert not registry
    if ufd in ON:
        # Already on: never the same fix again without a new reason.
        assert not registry
    if upgrades:
        assert version in V1X and platform == "windows_nt"
        assert [a.target_version for a in upgrades] == ["1.2"]


def _advise(advisor: Advisor, **facts: Any) -> Any:
    return advisor.advise(facts)


NT20_ON = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
           "use_forced_disconnect": 1, "job_type": "share_package_on_server"}
#: Everything the forced delivery checks need, known and fine.
CHECKED = {"value_on_target_site": True, "despooler_paused_continued": True,
           "distribution_failed": False, "distribution_retrying": True,
           "number_of_retries": 12}


@pytest.mark.parametrize(("facts", "confirmed", "actions_in", "actions_out"), [
    # The distribution failed: after the files are closed, send it again.
    ({"sms_version": "1.1", "server_platform": "windows_nt", "file_in_use": True,
      "distribution_failed": True, "job_type": "run_command_on_workstation"},
     {"sms1x_stops_at_locked_file"}, {"resend_package", "upgrade_to_1_2"}, set()),
    # A partial update in 1.x: warn that the directory mixes old and new files.
    ({"sms_version": "1.0", "server_platform": "netware", "file_in_use": True,
      "package_partially_updated": True}, {"sms1x_stops_at_locked_file",
                                           "netware_no_forced_disconnect"},
     {"warn_partial_package"}, {"upgrade_to_1_2"}),
    # Set on the sending site only: set it on the target site, then reload.
    ({**NT20_ON, "value_on_target_site": False}, {"forced_delivery_wrong_site"},
     {"set_use_forced_disconnect", "pause_continue_despooler"}, {"wait_for_forced_delivery"}),
    # Changed but never reloaded: pause and continue SMS_DESPOOLER.
    ({**NT20_ON, "despooler_paused_continued": False}, {"despooler_not_reloaded"},
     {"pause_continue_despooler"}, {"wait_for_forced_delivery", "set_use_forced_disconnect"}),
    # Everything checked and still retrying: wait for forced delivery.
    ({**NT20_ON, **CHECKED}, {"forced_delivery_on"},
     {"wait_for_forced_delivery"}, {"check_target_site", "check_despooler_reloaded",
                                    "check_job_type"}),
    # Failed although forced delivery is on: no waiting, send again.
    ({**NT20_ON, "distribution_failed": True}, {"forced_delivery_failed"},
     {"resend_package"}, {"wait_for_forced_delivery"}),
    # Not retrying and not failed: nothing left to wait for.
    ({**NT20_ON, **CHECKED, "distribution_retrying": False}, {"forced_delivery_on"},
     set(), {"wait_for_forced_delivery", "resend_package"}),
    # No idea whether a file is open, but the distribution fails: find out.
    ({"distribution_failed": True}, set(), {"check_open_files"}, set()),
    ({"distribution_retrying": True, "sms_version": "2.0"}, set(), {"check_open_files"}, set()),
])
def test_symptom_scenarios(advisor: Advisor, facts: dict[str, Any], confirmed: set[str],
                           actions_in: set[str], actions_out: set[str]) -> None:
    advice = advisor.advise(facts)
    assert {d.id for d in advice.confirmed()} & CORE_DIAGNOSES == confirmed
    ids = {a.id for a in advice.actions}
    assert actions_in <= ids
    assert not (actions_out & ids)


def test_forced_delivery_time_worked_example(advisor: Advisor) -> None:
    # Q128458's example: Fast response, 10 retries, 5 minutes -> 22 h 5 min.
    advice = _advise(advisor, **NT20_ON, response_setting="fast", number_of_retries=10,
                     forced_disconnection_delay=5)
    (wait,) = [a for a in advice.actions if a.kind == "wait"]
    assert wait.computed is not None
    assert (wait.computed.minutes_min, wait.computed.minutes_max) == (1325, 1325)
    assert "22 h 5 min" in wait.computed.text


def test_forced_delivery_time_defaults_and_remaining(advisor: Advisor) -> None:
    advice = _advise(advisor, **NT20_ON, response_setting="very_fast", number_of_retries=None,
                     minutes_since_first_failure=300)
    (wait,) = [a for a in advice.actions if a.kind == "wait"]
    computed = wait.computed
    assert computed is not None
    # 24 x (12 + 1) + 5 with both defaults: absent retries, unknown delay.
    assert computed.minutes_min == computed.minutes_max == 317
    sources = {i.fact: i.source for i in computed.inputs}
    assert sources == {"response_setting": "given", "number_of_retries": "absent",
                       "forced_disconnection_delay": "unknown"}
    assert (computed.remaining_min, computed.remaining_max, computed.overdue) == (17, 17, False)


def test_forced_delivery_time_range(advisor: Advisor) -> None:
    advice = _advise(advisor, **NT20_ON, minutes_since_first_failure=300)
    (wait,) = [a for a in advice.actions if a.kind == "wait"]
    assert wait.computed is not None
    # Response unknown: from Very Fast (24) to Slow (720) minutes per retry.
    assert (wait.computed.minutes_min, wait.computed.minutes_max) == (317, 9365)
    assert wait.computed.overdue is False
    assert (wait.computed.remaining_min, wait.computed.remaining_max) == (17, 9065)


def test_status_for_your_version(advisor: Advisor) -> None:
    old = _advise(advisor, sms_version="1.1", server_platform="windows_nt", file_in_use=True)
    rows = {s.article: s for s in old.status}
    status = rows["Q128458"]
    assert (status.confirmed_in, status.fixed_in, status.solution) == (("1.1",), "1.2", "fixed")
    assert status.fixed_in_your_version is False
    new = _advise(advisor, sms_version="2.0", server_platform="windows_nt", file_in_use=True,
                  use_forced_disconnect=0)
    assert {s.article: s for s in new.status}["Q128458"].fixed_in_your_version is True
    nw = _advise(advisor, sms_version="2.0", server_platform="netware", file_in_use=True)
    status = {s.article: s for s in nw.status}["Q202063"]
    assert (status.confirmed_in, status.fixed_in, status.solution) == (("2.0",), None, "no_fix")


def test_every_step_cites_article_sections(advisor: Advisor) -> None:
    for scenario in SCENARIOS:
        advice = advisor.advise(facts_of(scenario))
        for item in [*advice.diagnoses, *advice.actions]:
            assert item.citations, item.id
            for c in item.citations:
                assert advisor.knowledge.articles[c.article].section(c.section) is not None
        for step in advice.trace:
            assert advisor.knowledge.articles[step.article].section(step.section) is not None
