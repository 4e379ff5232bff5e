"""The scenario table: facts in, expected advice out.

Every combination of SMS version x distribution server platform x file in use x
Use Forced Disconnect (absent, 0, 1, another non-zero number, unknown) x job
type (unknown and the four types) is run through ``advise`` and checked against
the one row of the decision table below that covers it. A row names what must
be concluded: confirmed and possible diagnoses, the exact set of actions, the
articles whose fix status is shown and the exact set of open questions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest

from advisor import Advisor

UNKNOWN: Any = object()  # the fact is left out
ANY = "any"

VERSIONS = ["1.0", "1.1", "1.2", "2.0"]
PLATFORMS = ["windows_nt", "netware"]
IN_USE = [True, False]
UFD = [None, 0, 1, 7, UNKNOWN]
JOBS = [UNKNOWN, "run_command_on_workstation", "share_package_on_server",
        "remove_package_from_server", "system"]

V1X, V12 = ("1.0", "1.1"), ("1.2", "2.0")
OFF, ON = (None, 0), (1, 7)
COVERED_JOBS = ("run_command_on_workstation", "share_package_on_server")
EXCLUDED_JOBS = ("remove_package_from_server", "system")

WAIT_INPUTS = {"response_setting", "number_of_retries", "forced_disconnection_delay",
               "minutes_since_first_failure"}
FORCED_ON_OPEN = {"value_on_target_site", "despooler_paused_continued",
                  "distribution_failed", "distribution_retrying"} | WAIT_INPUTS


@dataclass(frozen=True)
class Row:
    version: Any
    platform: Any
    in_use: Any
    ufd: Any
    job: Any
    covered: bool
    confirmed: frozenset[str] = frozenset()
    possible: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    status: frozenset[str] = frozenset()
    asks: frozenset[str] = field(default_factory=frozenset)

    def covers(self, scenario: tuple[Any, ...]) -> bool:
        return all(want == ANY or (got in want if isinstance(want, tuple) else got is want
                                   if want is UNKNOWN else got == want)
                   for want, got in zip((self.version, self.platform, self.in_use, self.ufd,
                                         self.job), scenario, strict=True))


def row(version: Any, platform: Any, in_use: Any, ufd: Any, job: Any, *, covered: bool = True,
        confirmed: set[str] | None = None, possible: set[str] | None = None,
        actions: set[str] | None = None, status: set[str] | None = None,
        asks: set[str] | None = None) -> Row:
    return Row(version, platform, in_use, ufd, job, covered, frozenset(confirmed or ()),
               frozenset(possible or ()), frozenset(actions or ()), frozenset(status or ()),
               frozenset(asks or ()))


TABLE = [
    # No file held open: neither article explains the problem. Say so, ask nothing.
    row(ANY, ANY, False, ANY, ANY, covered=False),
    # NetWare: never the registry fix, never an upgrade, in any version.
    row(V1X, "netware", True, ANY, ANY,
        confirmed={"sms1x_stops_at_locked_file", "netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status={"Q202063"},
        asks={"distribution_failed", "package_partially_updated"}),
    row(V12, "netware", True, ANY, ANY,
        confirmed={"netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status={"Q202063"},
        asks={"distribution_failed"}),
    # SMS 1.0/1.1 on Windows NT: upgrade to 1.2 for forced delivery, unless the job
    # type is one forced delivery never covers.
    row(V1X, "windows_nt", True, ANY, COVERED_JOBS,
        confirmed={"sms1x_stops_at_locked_file"},
        actions={"close_open_files", "upgrade_to_1_2"}, status={"Q128458"},
        asks={"distribution_failed", "package_partially_updated"}),
    row(V1X, "windows_nt", True, ANY, UNKNOWN,
        confirmed={"sms1x_stops_at_locked_file"},
        actions={"close_open_files", "upgrade_to_1_2"}, status={"Q128458"},
        asks={"distribution_failed", "package_partially_updated", "job_type"}),
    row(V1X, "windows_nt", True, ANY, EXCLUDED_JOBS,
        confirmed={"sms1x_stops_at_locked_file"}, actions={"close_open_files"},
        asks={"distribution_failed", "package_partially_updated"}),
    # SMS 1.2/2.0 on Windows NT, a job type forced delivery does not cover.
    row(V12, "windows_nt", True, ANY, EXCLUDED_JOBS,
        confirmed={"job_type_not_covered"}, actions={"close_open_files"},
        asks={"distribution_failed"}),
    # Forced delivery off (value absent or 0): the registry fix and its follow-up.
    row(V12, "windows_nt", True, OFF, COVERED_JOBS,
        confirmed={"forced_delivery_off"},
        actions={"set_use_forced_disconnect", "pause_continue_despooler", "close_open_files"},
        status={"Q128458"}, asks={"distribution_failed"}),
    row(V12, "windows_nt", True, OFF, UNKNOWN,
        confirmed={"forced_delivery_off"}, possible={"job_type_not_covered"},
        actions={"set_use_forced_disconnect", "pause_continue_despooler", "close_open_files"},
        status={"Q128458"}, asks={"distribution_failed", "job_type"}),
    # Forced delivery already on: not the same fix again, but Q128458's checks and
    # the time until forced delivery.
    row(V12, "windows_nt", True, ON, COVERED_JOBS,
        confirmed={"forced_delivery_on"},
        possible={"forced_delivery_wrong_site", "despooler_not_reloaded"},
        actions={"wait_for_forced_delivery", "check_target_site", "check_despooler_reloaded"},
        status={"Q128458"}, asks=FORCED_ON_OPEN),
    row(V12, "windows_nt", True, ON, UNKNOWN,
        confirmed={"forced_delivery_on"},
        possible={"forced_delivery_wrong_site", "despooler_not_reloaded",
                  "job_type_not_covered"},
        actions={"wait_for_forced_delivery", "check_target_site", "check_despooler_reloaded",
                 "check_job_type"},
        status={"Q128458"}, asks=FORCED_ON_OPEN | {"job_type"}),
    # The value not known: look at it first; on or off are both possible.
    row(V12, "windows_nt", True, UNKNOWN, COVERED_JOBS,
        possible={"forced_delivery_off", "forced_delivery_on", "forced_delivery_wrong_site",
                  "despooler_not_reloaded"},
        actions={"check_use_forced_disconnect"},
        asks=FORCED_ON_OPEN | {"use_forced_disconnect"}),
    row(V12, "windows_nt", True, UNKNOWN, UNKNOWN,
        possible={"forced_delivery_off", "forced_delivery_on", "forced_delivery_wrong_site",
                  "despooler_not_reloaded", "job_type_not_covered"},
        actions={"check_use_forced_disconnect"},
        asks=FORCED_ON_OPEN | {"use_forced_disconnect", "job_type"}),
]

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
    assert advice.covered is expected.covered
    assert {d.id for d in advice.diagnoses if d.certainty == "confirmed"} == expected.confirmed
    assert {d.id for d in advice.diagnoses if d.certainty == "possible"} == expected.possible
    assert {a.id for a in advice.actions} == expected.actions
    assert {s.article for s in advice.status} == expected.status
    assert {q.fact for q in advice.questions} == expected.asks
    assert advice.complete is (not expected.asks)


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


@pytest.mark.parametrize(("facts", "confirmed", "actions_in", "actions_out"), [
    # The distribution failed: after the files are closed, send it again.
    ({"sms_version": "1.1", "server_platform": "windows_nt", "file_in_use": True,
      "distribution_failed": True}, {"sms1x_stops_at_locked_file"},
     {"resend_package", "upgrade_to_1_2"}, set()),
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
    ({**NT20_ON, "value_on_target_site": True, "despooler_paused_continued": True,
      "distribution_retrying": True}, {"forced_delivery_on"},
     {"wait_for_forced_delivery"}, {"check_target_site", "check_despooler_reloaded",
                                    "check_job_type"}),
    # Failed although forced delivery is on: no waiting, send again.
    ({**NT20_ON, "distribution_failed": True}, {"forced_delivery_on"},
     {"resend_package"}, {"wait_for_forced_delivery"}),
    # Not retrying and not failed: nothing left to wait for.
    ({**NT20_ON, "distribution_retrying": False, "distribution_failed": False},
     {"forced_delivery_on"}, set(), {"wait_for_forced_delivery", "resend_package"}),
    # No idea whether a file is open, but the distribution fails: find out.
    ({"distribution_failed": True}, set(), {"check_open_files"}, set()),
    ({"distribution_retrying": True, "sms_version": "2.0"}, set(), {"check_open_files"}, set()),
])
def test_symptom_scenarios(advisor: Advisor, facts: dict[str, Any], confirmed: set[str],
                           actions_in: set[str], actions_out: set[str]) -> None:
    advice = advisor.advise(facts)
    assert {d.id for d in advice.confirmed()} == confirmed
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


def test_forced_delivery_time_range_and_overdue(advisor: Advisor) -> None:
    advice = _advise(advisor, **NT20_ON, minutes_since_first_failure=10_000)
    (wait,) = [a for a in advice.actions if a.kind == "wait"]
    assert wait.computed is not None
    # Response unknown: from Very Fast (24) to Slow (720) minutes per retry.
    assert (wait.computed.minutes_min, wait.computed.minutes_max) == (317, 9365)
    assert wait.computed.overdue is True
    assert "should already have happened" in wait.computed.text


def test_status_for_your_version(advisor: Advisor) -> None:
    old = _advise(advisor, sms_version="1.1", server_platform="windows_nt", file_in_use=True)
    (status,) = old.status
    assert (status.article, status.confirmed_in, status.fixed_in, status.solution) == (
        "Q128458", ("1.1",), "1.2", "fixed")
    assert status.fixed_in_your_version is False
    new = _advise(advisor, sms_version="2.0", server_platform="windows_nt", file_in_use=True,
                  use_forced_disconnect=0)
    assert new.status[0].fixed_in_your_version is True
    nw = _advise(advisor, sms_version="2.0", server_platform="netware", file_in_use=True)
    (status,) = nw.status
    assert (status.article, status.confirmed_in, status.fixed_in, status.solution) == (
        "Q202063", ("2.0",), None, "no_fix")


def test_every_step_cites_article_sections(advisor: Advisor) -> None:
    for scenario in SCENARIOS:
        advice = advisor.advise(facts_of(scenario))
        for item in [*advice.diagnoses, *advice.actions]:
            assert item.citations, item.id
            for c in item.citations:
                assert advisor.knowledge.articles[c.article].section(c.section) is not None
        for step in advice.trace:
            assert advisor.knowledge.articles[step.article].section(step.section) is not None
