"""The scenario table shared by tests/test_scenarios.py and tests/test_repl.py:
one row per family of fact combinations, with what the advice must conclude
from the two seed articles' rules (see tests/test_scenarios.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

#: The diagnoses and facts of the two seed articles' rules: what the table checks.
CORE_DIAGNOSES = {"sms1x_stops_at_locked_file", "netware_no_forced_disconnect",
                  "forced_delivery_off", "forced_delivery_on", "forced_delivery_failed",
                  "retries_beyond_give_up", "forced_delivery_wrong_site",
                  "job_type_not_covered", "despooler_not_reloaded"}
CORE_FACTS = {"sms_version", "server_platform", "file_in_use", "distribution_failed",
              "distribution_retrying", "package_partially_updated", "use_forced_disconnect",
              "job_type", "value_on_target_site", "despooler_paused_continued",
              "response_setting", "number_of_retries", "forced_disconnection_delay",
              "minutes_since_first_failure"}
WAIT_INPUTS = {"response_setting", "number_of_retries", "forced_disconnection_delay",
               "minutes_since_first_failure"}
FORCED_ON_OPEN = {"value_on_target_site", "despooler_paused_continued",
                  "distribution_failed", "distribution_retrying"} | WAIT_INPUTS
SEEDS = {"Q128458", "Q202063"}
FORCED_ON_POSSIBLE = {"forced_delivery_on", "forced_delivery_failed", "retries_beyond_give_up",
                      "forced_delivery_wrong_site", "despooler_not_reloaded"}


@dataclass(frozen=True)
class Row:
    version: Any
    platform: Any
    in_use: Any
    ufd: Any
    job: Any
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


def row(version: Any, platform: Any, in_use: Any, ufd: Any, job: Any, *,
        confirmed: set[str] | None = None, possible: set[str] | None = None,
        actions: set[str] | None = None, status: set[str] | None = None,
        asks: set[str] | None = None) -> Row:
    return Row(version, platform, in_use, ufd, job, frozenset(confirmed or ()),
               frozenset(possible or ()), frozenset(actions or ()), frozenset(status or ()),
               frozenset(asks or ()))


PARTIAL = {"package_partially_updated"}
TABLE = [
    # No file held open: neither seed article explains the problem. (Q153637
    # and Q173995 still ask about the job type: Remove Package jobs.)
    row(ANY, ANY, False, ANY, UNKNOWN, asks={"job_type"}),
    row(ANY, ANY, False, ANY, COVERED_JOBS + EXCLUDED_JOBS),
    # NetWare: never the registry fix, never an upgrade for forced delivery.
    row(V1X, "netware", True, ANY, COVERED_JOBS,
        confirmed={"sms1x_stops_at_locked_file", "netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS,
        asks={"distribution_failed"} | PARTIAL),
    row(V1X, "netware", True, ANY, UNKNOWN,
        confirmed={"sms1x_stops_at_locked_file", "netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS,
        asks={"distribution_failed", "job_type"} | PARTIAL),
    row(V1X, "netware", True, ANY, EXCLUDED_JOBS,
        confirmed={"sms1x_stops_at_locked_file", "netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS, asks=PARTIAL),
    row(V12, "netware", True, ANY, COVERED_JOBS,
        confirmed={"netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS,
        asks={"distribution_failed"} | PARTIAL),
    row(V12, "netware", True, ANY, UNKNOWN,
        confirmed={"netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS,
        asks={"distribution_failed", "job_type"} | PARTIAL),
    row(V12, "netware", True, ANY, EXCLUDED_JOBS,
        confirmed={"netware_no_forced_disconnect"},
        actions={"close_open_files", "use_nt_distribution_server"}, status=SEEDS, asks=PARTIAL),
    # SMS 1.0/1.1 on Windows NT: upgrade to 1.2 for forced delivery, unless the job
    # type is one forced delivery never covers.
    row(V1X, "windows_nt", True, ANY, COVERED_JOBS,
        confirmed={"sms1x_stops_at_locked_file"},
        actions={"close_open_files", "upgrade_to_1_2"}, status=SEEDS,
        asks={"distribution_failed"} | PARTIAL),
    row(V1X, "windows_nt", True, ANY, UNKNOWN,
        confirmed={"sms1x_stops_at_locked_file"},
        actions={"close_open_files", "upgrade_to_1_2"}, status=SEEDS,
        asks={"distribution_failed", "job_type"} | PARTIAL),
    row(V1X, "windows_nt", True, ANY, EXCLUDED_JOBS,
        confirmed={"sms1x_stops_at_locked_file"}, actions={"close_open_files"},
        status=SEEDS, asks=PARTIAL),
    # SMS 1.2/2.0 on Windows NT, a job type forced delivery does not cover.
    row(V12, "windows_nt", True, ANY, EXCLUDED_JOBS,
        confirmed={"job_type_not_covered"}, actions={"close_open_files"}, status=SEEDS,
        asks=PARTIAL),
    # Forced delivery off (value absent or 0): the registry fix and its follow-up.
    row(V12, "windows_nt", True, OFF, COVERED_JOBS,
        confirmed={"forced_delivery_off"},
        actions={"set_use_forced_disconnect", "pause_continue_despooler", "close_open_files"},
        status=SEEDS, asks={"distribution_failed"} | PARTIAL),
    # The job type unknown: it could still be one forced delivery never covers,
    # so "forced delivery is off" is possible, not confirmed.
    row(V12, "windows_nt", True, OFF, UNKNOWN,
        possible={"forced_delivery_off", "job_type_not_covered"},
        actions={"set_use_forced_disconnect", "pause_continue_despooler", "close_open_files"},
        status=SEEDS, asks={"distribution_failed", "job_type"} | PARTIAL),
    # Forced delivery already on: not the same fix again, but Q128458's checks and
    # the time until forced delivery; nothing confirmed while a check is open.
    row(V12, "windows_nt", True, ON, COVERED_JOBS,
        possible=FORCED_ON_POSSIBLE,
        actions={"wait_for_forced_delivery", "check_target_site", "check_despooler_reloaded",
                 "close_open_files"},
        status=SEEDS, asks=FORCED_ON_OPEN | PARTIAL),
    row(V12, "windows_nt", True, ON, UNKNOWN,
        possible=FORCED_ON_POSSIBLE | {"job_type_not_covered"},
        actions={"wait_for_forced_delivery", "check_target_site", "check_despooler_reloaded",
                 "check_job_type", "close_open_files"},
        status=SEEDS, asks=FORCED_ON_OPEN | {"job_type"} | PARTIAL),
    # The value not known: look at it first; on or off are both possible.
    row(V12, "windows_nt", True, UNKNOWN, COVERED_JOBS,
        possible={"forced_delivery_off"} | FORCED_ON_POSSIBLE,
        actions={"check_use_forced_disconnect", "close_open_files"},
        asks=FORCED_ON_OPEN | {"use_forced_disconnect"} | PARTIAL, status=SEEDS),
    row(V12, "windows_nt", True, UNKNOWN, UNKNOWN,
        possible={"forced_delivery_off", "job_type_not_covered"} | FORCED_ON_POSSIBLE,
        actions={"check_use_forced_disconnect", "close_open_files"},
        asks=FORCED_ON_OPEN | {"use_forced_disconnect", "job_type"} | PARTIAL, status=SEEDS),
]
