"""Facts proposed from a description in a user's words (advisor.evidence.description)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.evidence import Proposal, propose_facts, query_terms
from advisor.facts import VOCABULARY, Facts


def facts(text: str) -> dict[str, object]:
    return {p.fact: p.value for p in propose_facts(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # the platform of the distribution server
    ("our NetWare distribution server", {"server_platform": "netware"}),
    ("packages go to a Novell box", {"server_platform": "netware"}),
    ("the NW server never gets the package", {"server_platform": "netware"}),
    ("the NT server never gets the package", {"server_platform": "windows_nt"}),
    ("everything runs on Windows NT 4.0", {"server_platform": "windows_nt"}),
    # a distribution server's platform outranks one that is merely named
    ("site server on Windows NT, the distribution server runs NetWare",
     {"server_platform": "netware"}),
    # SMS versions, only with SMS around them
    ("we have SMS 2.0", {"sms_version": "2.0"}),
    ("still on SMS 2", {"sms_version": "2.0"}),
    ("query words: sms20", {"sms_version": "2.0"}),
    ("Systems Management Server version 1.2", {"sms_version": "1.2"}),
    ("SMS 1.1 site", {"sms_version": "1.1"}),
    ("version 2.0 of our package", {}),
    ("we run SMS 2003", {}),
    ("we upgraded from SMS 1.2 to 2.0", {"sms_version": "2.0"}),
    ("one site has SMS 1.2, the other SMS 2.0", {}),
    # files in use
    ("a file is open", {"file_in_use": True}),
    ("the file was locked", {"file_in_use": True}),
    ("one program is in use on the share", {"file_in_use": True}),
    ("users have files open in the package directory", {"file_in_use": True}),
    # error 32 has a fact of its own; it only suggests that a file is open
    ("the log says Win32 error 32", {}),
    ("no files are open", {"file_in_use": False}),
    ("nobody has a file open", {"file_in_use": False}),
    ("users do not have files open", {"file_in_use": False}),
    ("none of the files is in use", {"file_in_use": False}),
    ("no file is open but another one is locked", {}),  # they disagree
    # what the distribution does
    ("it keeps retrying", {"distribution_retrying": True}),
    ("the job is stuck in retry", {"distribution_retrying": True}),
    ("it is not retrying", {"distribution_retrying": False}),
    ("Number Of Retries Before Forced Disconnection is 10", {"number_of_retries": 10}),
    ("the job failed", {"distribution_failed": True}),
    ("the distribution has not failed", {"distribution_failed": False}),
    ("the despooler failed to open the instruction file", {}),
    ("the package is partially updated", {"package_partially_updated": True}),
    ("some files were updated and others not", {"package_partially_updated": True}),
    # job types
    ("a Run Command On Workstation job", {"job_type": "run_command_on_workstation"}),
    ("Share Package on Server", {"job_type": "share_package_on_server"}),
    ("the Remove Package From Server job", {"job_type": "remove_package_from_server"}),
    ("it is a system job", {"job_type": "system"}),
    # registry values and settings
    ("forced disconnect is on", {"use_forced_disconnect": 1}),
    ("forced disconnect is enabled", {"use_forced_disconnect": 1}),
    ("Use Forced Disconnect is set to 1", {"use_forced_disconnect": 1}),
    ("we enabled forced disconnect", {"use_forced_disconnect": 1}),
    ("forced disconnect is off", {"use_forced_disconnect": 0}),
    ("forced disconnect is not enabled", {"use_forced_disconnect": 0}),
    ("forced disconnect is not available on NetWare", {"server_platform": "netware"}),
    ("response is fast", {"response_setting": "fast"}),
    ("the Response setting is Very Fast", {"response_setting": "very_fast"}),
    ("Forced Disconnection Delay In Minutes is 15", {"forced_disconnection_delay": 15}),
    ("it has been retrying for 3 hours",
     {"distribution_retrying": True, "minutes_since_first_failure": 180}),
    ("the value is set on the target site", {"value_on_target_site": True}),
    ("I paused and continued the despooler", {"despooler_paused_continued": True}),
    # status sequences: the last state counts, the earlier ones are over
    ("the status went from Pending to Failed and then to Retrying",
     {"distribution_failed": False, "distribution_retrying": True}),
    ("it moved from Retrying to Complete", {"distribution_retrying": False}),
    ("the job was retrying earlier, but now it says failed",
     {"distribution_retrying": False, "distribution_failed": True}),
    ("Job failed. Before that it was in retrying",
     {"distribution_failed": True, "distribution_retrying": False}),
    ("the despooler gave up retrying", {"distribution_retrying": False}),
    ("it is no longer retrying", {"distribution_retrying": False}),
    # negations and paraphrases of a file in use
    ("nothing is open on the share", {"file_in_use": False}),
    ("nobody is logged on to the distribution server", {"file_in_use": False}),
    ("people were running setup straight from the distribution share", {"file_in_use": True}),
    ("the executable was in use by 12 people", {"file_in_use": True}),
    ("a user was using the program when the copy started", {"file_in_use": True}),
    ("we ran a report on the open files list of the server", {}),
    # pause and continue
    ("I never paused the SMS_Despooler after the change", {"despooler_paused_continued": False}),
    ("we have not done the pause/continue", {"despooler_paused_continued": False}),
    ("I paused SMS_Despooler and later continued it", {"despooler_paused_continued": True}),
    # registry values that are not there
    ("there is no such entry as Forced Disconnection Delay In Minutes",
     {"forced_disconnection_delay": None}),
    ("the key has no Number Of Retries Before Forced Disconnection value",
     {"number_of_retries": None}),
    ("Use Forced Disconnect does not exist on that server", {"use_forced_disconnect": None}),
    ("Use Forced Disconnect just isn't there", {"use_forced_disconnect": None}),
    # numbers in words
    ("Use Forced Disconnect is zero", {"use_forced_disconnect": 0}),
    ("Number Of Retries Before Forced Disconnection is thirty-two", {"number_of_retries": 32}),
    ("the delay is fifteen minutes", {"forced_disconnection_delay": 15}),
    ("retries before forced disconnection = 4", {"number_of_retries": 4}),
    # the site the value is on
    ("the value was set at the sending site only", {"value_on_target_site": False}),
    ("both sites have the Use Forced Disconnect value at 1",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("SMS 1.2 runs on the target site server", {"sms_version": "1.2"}),
    # amounts of time
    ("it has been failing for two and a half hours",
     {"distribution_failed": True, "minutes_since_first_failure": 150}),
    ("the first failure was a week and two days ago", {"minutes_since_first_failure": 12960}),
    ("it first failed half an hour ago", {"minutes_since_first_failure": 30}),
    ("the server was rebooted forty minutes ago", {}),
    # service packs, of SMS only
    ("we run SMS 1.2 SP3", {"sms_version": "1.2", "service_pack": 3}),
    ("Systems Management Server 1.2 with no service pack",
     {"sms_version": "1.2", "service_pack": 0}),
    ("the distribution servers have Windows NT 4.0 SP3", {"server_platform": "windows_nt"}),
    ("the site server runs Windows NT 4.0", {}),
    # typos and a negated platform
    ("the recieving site has Use Forced Disconect = 1",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("the pakages keep retying", {"distribution_retrying": True}),
    ("the dist servers arent netware, all nt 4.0", {"server_platform": "windows_nt"}),
    # facts of single rule packs
    ("the job shows complete but one of the servers never received the package",
     {"one_server_missed": True}),
    ("the package share is empty now", {"package_directory_empty": True}),
    ("the package directory is not empty", {"package_directory_empty": False}),
    ("we have no Mac clients", {"macintosh_clients": False}),
    ("Win32 Error = 32 while copying the package files", {"win32_error_32": "package_file"}),
    ("error 32 on the instruction file", {"win32_error_32": "instruction_file"}),
    ("Event ID 109 shows up; the disk has plenty of free space",
     {"event_109_logged": True, "disk_space_sufficient": True}),
    ("the SMS Executive was restarted while the job kept retrying",
     {"despooler_restarted": True, "distribution_retrying": True}),
    ("we customized the share permissions by hand", {"permissions_set_by_hand": True}),
    ("users can't access the package share any more", {"users_cannot_run_package": True}),
    ("Refresh Existing Distribution Servers was not ticked", {"refresh_existing_servers": False}),
    ("all our packages use the same share", {"packages_share_one_share": True}),
    ("the retry count goes 50, 48, 46", {"retry_count_drops_by_two": True}),
    # sequences: the state or value now is the last one
    ("status: Pending -> Failed -> Retrying",
     {"distribution_failed": False, "distribution_retrying": True}),
    ("it was failing on Monday and now it is retrying",
     {"distribution_failed": False, "distribution_retrying": True}),
    ("the job failed after retrying all weekend",
     {"distribution_failed": True, "distribution_retrying": False}),
    ("Use Forced Disconnect was 0, but we set it to 1 this morning",
     {"use_forced_disconnect": 1}),
    ("we raised the Number of Retries Before Forced Disconnection from 4 to 10",
     {"number_of_retries": 10}),
    ("Response was moved from Fast to Slow", {"response_setting": "slow"}),
    ("retry count is now 40, then 38, then 36", {"retry_count_drops_by_two": True}),
    # registry exports and terse settings
    ('"Forced Disconnection Delay In Minutes"=dword:0000001e',
     {"forced_disconnection_delay": 30}),
    ("UseForced: ignore; Use Forced Disconnect=0 on every site", {"use_forced_disconnect": 0}),
    ("forced disconnect 1, retries 4, delay 20", {"use_forced_disconnect": 1,
                                                  "number_of_retries": 4,
                                                  "forced_disconnection_delay": 20}),
    # versions and service packs said another way
    ("the distribution servers run NT, and SMS itself is 2.0 SP1",
     {"server_platform": "windows_nt", "sms_version": "2.0", "service_pack": 1}),
    ("SMS 1.2 without any service packs", {"sms_version": "1.2", "service_pack": 0}),
    ("we just put SP3 on the SMS site", {"service_pack": 3}),
    # pack facts in other words
    ("the Q167656 fix was installed last month", {"q167656_fix_installed": True}),
    ("we never applied the Q167656 hotfix", {"q167656_fix_installed": False}),
    ("I looked for error 32 in despool.log and it is not in there",
     {"win32_error_32": "not_logged"}),
    ("the volume on the dist server is completely full", {"disk_space_sufficient": False}),
    ("Event 109 says there is not enough disk space", {"event_109_logged": True}),
    ("a few Macs run the package too", {"macintosh_clients": True}),
    ("every file in the package folder has been replaced now",
     {"package_partially_updated": False}),
    ("half of the files are new, the rest are still old",
     {"package_partially_updated": True}),
    ("the job says complete, yet BRANCH2 never got anything", {"one_server_missed": True}),
    ("nobody's even logged on to the server", {"file_in_use": False}),
    # registry values as regedit and forms show them
    ("Use Forced Disconnect     REG_DWORD    0x1", {"use_forced_disconnect": 1}),
    ("Number Of Retries Before Forced Disconnection: 8", {"number_of_retries": 8}),
    ("Forced Disconnection Delay In Minutes = 0x14 on the child site",
     {"forced_disconnection_delay": 20, "value_on_target_site": True}),
    ("Forced Disconnection Delay In Minutes: we set it to 5, then 15, and finally 25",
     {"forced_disconnection_delay": 25}),
    ("slow response setting on that site", {"response_setting": "slow"}),
    ("SMS 1.10 with SP 1", {"sms_version": "1.1", "service_pack": 1}),
    ("it started failing 2d ago", {"minutes_since_first_failure": 2880}),
    ("first failure was 1d 2h ago", {"minutes_since_first_failure": 1560}),
    # a log pasted line by line
    ("despool.log:\n  Reading instruction file 0000ABCD.INS\n  Win32 Error = 32",
     {"win32_error_32": "instruction_file"}),
    ("despool.log:\n  Copying X:\\PKG\\APP.DLL\n  Win32 Error = 32",
     {"win32_error_32": "package_file"}),
    ("retry count is now 60\nretry count is now 58\nretry count is now 56",
     {"retry_count_drops_by_two": True}),
    ("the retry count drops by one each time", {"retry_count_drops_by_two": False}),
    # pack facts, both ways
    ("Status: Complete.\nBut DIST9 never got any files.", {"one_server_missed": True}),
    ("every one of the dist servers got the package", {}),
    ("later jobs go through without trouble", {"later_jobs_pending": False}),
    ("users could still launch it from the share", {"users_cannot_run_package": False}),
    ("users get 'access denied' when they open the share", {"users_cannot_run_package": True}),
    ("the package dir isn't empty", {"package_directory_empty": False}),
    ("this package uses its own share", {"packages_share_one_share": False}),
    ("the share is also used by two other packages", {"packages_share_one_share": True}),
    ("nobody changed the permissions by hand", {"permissions_set_by_hand": False}),
    ("the Q167656 fix is not installed", {"q167656_fix_installed": False}),
    ("E: has loads of free space", {"disk_space_sufficient": True}),
    ("the SMS_Despooler hasn't been restarted since the job started",
     {"despooler_restarted": False}),
    # clock times and weekdays
    ("the first copy failed at 10:30 and it's 12:00 now",
     {"minutes_since_first_failure": 90}),
    ("first failure logged at 23:00 last night, it is now 01:30",
     {"minutes_since_first_failure": 150}),
    ("first copy failed Friday at 08:00, it's now Monday 08:00",
     {"minutes_since_first_failure": 4320}),
    # terse settings and other ways of naming things
    ("resp=slow, retries=6, delay=10", {"response_setting": "slow", "number_of_retries": 6,
                                        "forced_disconnection_delay": 10}),
    ("the response at the branch is Medium", {"response_setting": "medium"}),
    ("Use Forced Disconnect : REG_DWORD : 0x0", {"use_forced_disconnect": 0}),
    ("we upgraded to 2.0 last month", {"sms_version": "2.0"}),
    ("the site is 1.2 sp4", {"sms_version": "1.2", "service_pack": 4}),
    ("SMS 2.0 on the site server, no SMS service packs", {"sms_version": "2.0",
                                                          "service_pack": 0}),
    ("our NW 4.11 server", {"server_platform": "netware"}),
    ("the distribution server is a NetWare box", {"server_platform": "netware"}),
    ("someone had the workbook open from the package folder", {"file_in_use": True}),
    ("zero open files on the server", {"file_in_use": False}),
    ("searched despool.log for error 32 - 0 hits", {"win32_error_32": "not_logged"}),
    ("the jobs we created after that one are still pending", {"later_jobs_pending": True}),
    ("no 109s in the event log", {"event_109_logged": False}),
    ("there's 3 GB free on that volume", {"disk_space_sufficient": True}),
    ("the package folder is bare", {"package_directory_empty": True}),
    ("Job type = System", {"job_type": "system"}),
    # round four: bare versions, abbreviations, habits, histories, restarts
    ("we run 1.2 SP3", {"sms_version": "1.2", "service_pack": 3}),
    ("NT 4.0 SP6 on every server", {"server_platform": "windows_nt"}),
    ("UFD=1 on the receiving site server", {"use_forced_disconnect": 1,
                                            "value_on_target_site": True}),
    ("the clerks work with the app off that share all day", {"file_in_use": True}),
    ("Mac users are holding the files", {"file_in_use": True, "macintosh_clients": True}),
    ("checked just now: 0 connections on the server", {"file_in_use": False}),
    ("upgraded the site from SMS 1.1 to 2.0", {"sms_version": "2.0"}),
    ("we have not yet applied any service packs", {"service_pack": 0}),
    ("I set Use Forced Disconnect to 1, then later changed it back to 0",
     {"use_forced_disconnect": 0}),
    ('net stop "SMS_EXECUTIVE" then net start', {"despooler_restarted": True}),
    ("nobody has paused, continued or restarted anything",
     {"despooler_paused_continued": False, "despooler_restarted": False}),
    ("the despooler updated some of the files and gave up", {"package_partially_updated": True}),
    ("not one file changed on the server", {"package_partially_updated": False}),
    ("no deltree errors in the log", {"deltree_failed": False}),
    ("Event ID: 109 in the log", {"event_109_logged": True}),
    ("the volume is 98% full", {"disk_space_sufficient": False}),
    ("all the jobs after it are sitting at Pending", {"later_jobs_pending": True}),
    # round five: whatever someone holds open, change records, counted settings
    ("two clerks had it open this morning", {"file_in_use": True}),
    ("I had the despool log open all day", {}),
    ("the .DLL is locked by a user", {"file_in_use": True}),
    ("no one is connected to that server", {"file_in_use": False}),
    ("Use Forced Disconnect: 0 -> 1", {"use_forced_disconnect": 1}),
    ("Number Of Retries Before Forced Disconnection: 12 -> 4", {"number_of_retries": 4}),
    ("eight retries before forcing, a two-minute delay", {"number_of_retries": 8,
                                                        "forced_disconnection_delay": 2}),
    ('"Forced Disconnection Delay In Minutes" = 7', {"forced_disconnection_delay": 7}),
    # no value is no value "on" the receiving site (as a value of 0 is not)
    ("UFD absent on the receiving site", {"use_forced_disconnect": None}),
    ("Response was at Slow, then Medium, then went to Fast", {"response_setting": "fast"}),
    ("our SMS is version 1.2 with the SP3", {"sms_version": "1.2", "service_pack": 3}),
    ("we're on 2.0, no service pack yet", {"sms_version": "2.0", "service_pack": 0}),
    ("restarting the SMS Executive clears it", {"despooler_restarted": True}),
    ("the share holds 4 packages", {"packages_share_one_share": True}),
    ("every DP got the package", {"one_server_missed": False}),
    ("jobs created afterwards aren't stuck", {"later_jobs_pending": False}),
    ("the Q167656 patch went onto the server in June", {"q167656_fix_installed": True}),
    ("'Access denied' when starting the program", {"users_cannot_run_package": True}),
    ("the drive is down to 5 MB free", {"disk_space_sufficient": False}),
    ("an NT DP", {"server_platform": "windows_nt"}),
    # round six
    ("paused/continued it in Service Manager", {"despooler_paused_continued": True}),
    ("we have not restarted anything yet", {"despooler_restarted": False}),
    ("retry count is now 60 (job A0001)\nretry count is now 58 (job A0001)\n"
     "retry count is now 56 (job A0001)", {"retry_count_drops_by_two": True}),
    ("they get access denied on the share", {"users_cannot_run_package": True}),
    ("they can still start it from the share", {"users_cannot_run_package": False}),
    ("the Q167656 hotfix isn't installed", {"q167656_fix_installed": False}),
    ("Response was Fast, then we changed it to Slow", {"response_setting": "slow"}),
    ("Number Of Retries Before Forced Disconnection used to be 10, we lowered it to 2",
     {"number_of_retries": 2}),
    ("grepped despool.log for deltree, nothing", {"deltree_failed": False}),
    ("files locked on the NetWare DP", {"file_in_use": True, "server_platform": "netware"}),
    ("the log shows Failed to deltree", {"deltree_failed": True}),
    ("all jobs after that one stay pending", {"later_jobs_pending": True}),
    # round seven: a value named and given further on, histories, sizes compared
    ("I put the 'Use Forced Disconnect' value to 1 last week", {"use_forced_disconnect": 1}),
    ("Number Of Retries Before Forced Disconnection reads 7 here", {"number_of_retries": 7}),
    ("Number Of Retries Before Forced Disconnection was 9, I cut it to 5 and then to 3",
     {"number_of_retries": 3}),
    ("the disconnection delay: we took it from 10 down to 2 minutes",
     {"forced_disconnection_delay": 2}),
    ("Forced Disconnection Delay In Minutes is not 5, it's 15",
     {"forced_disconnection_delay": 15}),
    ("I removed Use Forced Disconnect (it had been 1 for ages)", {}),
    ("Use Forced Disconnect on the child site's server is 1",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("Use Forced Disconnect = 1, but only on the sending site",
     {"value_on_target_site": False}),
    ("UFD is 0 on the receiving site", {"use_forced_disconnect": 0}),
    ("Number Of Retries Before Forced Disconnection and Forced Disconnection Delay In Minutes "
     "are both missing", {"number_of_retries": None, "forced_disconnection_delay": None}),
    ("UFD 1, 8 retries, 3 min delay", {"use_forced_disconnect": 1, "number_of_retries": 8,
                                       "forced_disconnection_delay": 3}),
    ("F: has 900 MB free and the package is 2 GB", {"disk_space_sufficient": False}),
    ("only 3.5 GB free for a 700 MB package", {"disk_space_sufficient": True}),
    ("the package is 40 MB and the drive has 1 GB free", {"disk_space_sufficient": True}),
    ("there's no event 109 in the application log", {"event_109_logged": False}),
    ("I stopped and started SMS_Despooler", {}),
    ("they want forced disconnect turned on", {}),
    ("a restart of the executive is scheduled for tonight", {}),
    ("users open the app straight from the package share all day", {"file_in_use": True}),
    ("someone had a file locked on the share", {"file_in_use": True}),
    ("I closed all open files in Server Manager", {"file_in_use": False}),
    ("5 retries so far and still stuck", {"distribution_retrying": True}),
    ("it went Pending -> Retrying (two days) -> Failed",
     {"distribution_retrying": False, "distribution_failed": True}),
    ("roughly half the files are the new build", {"package_partially_updated": True}),
    ("all the files now have the new dates", {"package_partially_updated": False}),
    ("the folder SMS_PKGX is now completely empty", {"package_directory_empty": True}),
    ("the directory still has the old files", {"package_directory_empty": False}),
    ('"Refresh existing distribution servers" not ticked', {"refresh_existing_servers": False}),
    ("the job said Complete; all four of them have it, servers included",
     {"one_server_missed": False}),
    ("we have not applied the Q167656 despooler fix", {"q167656_fix_installed": False}),
    ("we applied the Q167656 despooler hotfix", {"q167656_fix_installed": True}),
    ("nobody changed the ACLs on that share by hand", {"permissions_set_by_hand": False}),
    ("every job we created since (three of them) sits at Pending",
     {"later_jobs_pending": True}),
    ("first failure at 22:40; it is 01:10 now", {"minutes_since_first_failure": 150}),
    ("cannot start Payroll from the P: drive, access is denied",
     {"users_cannot_run_package": True}),
    ("the NW 4.11 file server", {"server_platform": "netware"}),
    # hedged: nothing
    ("is a file open?", {}),
    ("I am not sure whether it keeps retrying", {}),
    ("maybe the job failed", {}),
    ("check if forced disconnect is enabled", {}),
    # round 8 (holdout9): layout, answers, questions, plans, corrections, sites
    ("  SMS service pack ........ 1\n  Use Forced Disconnect ..... <not present>",
     {"service_pack": 1, "use_forced_disconnect": None}),
    ("[x] Macintosh clients on the package share: none\n[ ] SMS_DESPOOLER paused/continued: NO",
     {"macintosh_clients": False, "despooler_paused_continued": False}),
    ("Use Forced Disconnect on C01 site server: 0", {"use_forced_disconnect": 0}),
    ("Is the job retrying?", {}),
    ("Is the job retrying? Yes, since Monday.", {"distribution_retrying": True}),
    ("[10:01] kim: did u pause/continue SMS_DESPOOLER?\n[10:02] dave: nope",
     {"despooler_paused_continued": False}),
    ("Why is the job still retrying?", {"distribution_retrying": True}),
    ("Is that why the job is retrying?", {"distribution_retrying": True}),
    ("Plan for Saturday:\n1. Set Use Forced Disconnect to 1\n\nNothing done yet.", {}),
    ("We run SMS 1.2 SP3.\nEDIT: sorry, got the version wrong - it's SMS 2.0 SP1.",
     {"sms_version": "2.0", "service_pack": 1}),
    ("UFD = 1 on the sending site A01, UFD = 0 on the receiving site B02.",
     {"use_forced_disconnect": 0}),
    ("Use Forced Disconnect set to 1 on Monday. Backout: Use Forced Disconnect set back to 0.",
     {"use_forced_disconnect": 0}),
    ("Despool.log: CopyFile failed, Win32 Error = 32 on a package file",
     {"win32_error_32": "package_file"}),
    ("the job went Pending, then Retrying, and is now Failed after a week of retries",
     {"distribution_failed": True, "distribution_retrying": False}),
    ("  06/01 10:15  Active\n  06/01 10:40  Retrying\n  06/08 10:41  Failed",
     {"distribution_failed": True, "distribution_retrying": False}),
    ("none of the students could run the package from the share",
     {"users_cannot_run_package": True}),
    ("The packages each have their own share.", {"packages_share_one_share": False}),
    # round 9 (holdout10)
    ("Rebooting the server does not clear a locked file.", {}),
    ("the copy to DS-C failed on the first try and the retry instruction vanished", {}),
    ("The copy to one server failed and the job shows failed for that server",
     {"distribution_failed": True}),
    # an either-or question names both; the answer names one
    ("[09:03] <sara> nt or netware dp?\n[09:03] <kev> nt4", {"server_platform": "windows_nt"}),
    ("Site S01, SMS 1.1 (no SP installed).", {"sms_version": "1.1", "service_pack": 0}),
    ("- Response (site properties, Services): Fast", {"response_setting": "fast"}),
    ("users on the 2nd floor get \"Access is denied\" when they start Notes",
     {"users_cannot_run_package": True}),
    ("the room has been empty all week, nobody is on the share server", {}),
    ("Our Response setting is Fast - no wait, sorry, Karl changed it to Slow.",
     {"response_setting": "slow"}),
    ("Delay: 5 when we set it up, then 10, and since yesterday 20. Use Forced Disconnect is 1.",
     {"forced_disconnection_delay": 20, "use_forced_disconnect": 1}),
    ("Central runs SMS 2.0 SP2, but the child site, which is the one receiving this package, "
     "is still SMS 1.2 with Service Pack 4.", {"sms_version": "1.2", "service_pack": 4}),
    ("told them to look for AV software holding files", {}),
    ("it's probably a locked file", {}),
    # Round 10: a paragraph that says it is not real, a sentence that says it is
    # not so yet; files open by someone named or held by a program.
    ("Homework question: a site runs SMS 2.0 with Response set to Slow and 12 "
     "retries. (A made-up scenario.)", {}),
    ("We run SMS 1.2.\n\nHomework for the course: the server is NetWare.",
     {"sms_version": "1.2"}),
    ("All our sites are SMS 2.0. Hypothetically, the file servers could move to "
     "NetWare 5.", {"sms_version": "2.0"}),
    ("Plan for May (not done yet!): set Number Of Retries Before Forced "
     "Disconnection to 4.", {}),
    ("PAYRUN.EXE open by the payroll clerks all day", {"file_in_use": True}),
    ("PRICES.MDB is held open by the back-office POS application", {"file_in_use": True}),
    ("I had the Precedents.xls file open from the S: drive all afternoon",
     {"file_in_use": True}),
    ("ufd 0x0, retries 0xc, delay 0x5, resp fast", {
        "use_forced_disconnect": 0, "number_of_retries": 12,
        "forced_disconnection_delay": 5, "response_setting": "fast"}),
    ("Forced Disconnection Delay In Minutes left alone, the value isn't in the registry "
     "at all.", {"forced_disconnection_delay": None}),
    ("We never created Number Of Retries Before Forced Disconnection, so that one's not "
     "in the registry and should default to 12.", {"number_of_retries": None}),
    ("Number Of Retries Before Forced Disconnection is not in the export.",
     {"number_of_retries": None}),
    ("Use Forced Disconnect 1 on Leeds, which is the receiving site.",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ('I get "Access is denied" when I double-click PayCalc on my S: drive',
     {"users_cannot_run_package": True}),
    ("users lost access to the package share and still cannot run the program from it",
     {"users_cannot_run_package": True}),
    ("they can all start the program from the share", {"users_cannot_run_package": False}),
    ("the directory of package is now totaly empty", {"package_directory_empty": True}),
    ("I looked at the package share myself. Nothing was deleted, every file is still "
     "there.", {"package_directory_empty": False}),
    ("the package directory is full again, all files back",
     {"package_directory_empty": False}),
    ("every single file in the package directory now carries the new date",
     {"package_partially_updated": False}),
    ("The job was stuck on Retrying. I stopped SMS_Despooler and started it again.",
     {"distribution_retrying": True, "despooler_restarted": True}),
    ("Our design studio Macs don't touch that server at all.", {"macintosh_clients": False}),
    ("We may also move the Response to Fast.", {}),
    # A message before the first heading is the poster's; "Reply from" is another's.
    ("Subject: update stuck\n\nHi all, we run SMS 1.2 and the distribution server FS1 "
     "is a Novell NetWare 3.12 box that never gets the new build of the package.\n\n"
     "Reply from gk:\nForced disconnect only works on Windows NT distribution servers.",
     {"sms_version": "1.2", "server_platform": "netware"}),
    ("The three jobs we sent after it all went through, none of them stayed pending.",
     {"later_jobs_pending": False}),
    ("So no server was missed this time.", {"one_server_missed": False}),
    ("Job say it is complete. On SRV-KA is all ok, but SRV-KB has not get the package.",
     {"one_server_missed": True}),
    ("the job is not marked failed", {"distribution_failed": False}),
    ("Nobody is running Solitaire though.", {"file_in_use": False}),
    # Round 11: what someone will do or is thinking of; "it's SP2, not SP1".
    ("I will restart the SMS Executive tonight at 23:00 after the backup finishes.", {}),
    ("Next week Raj will turn on forced delivery (Use Forced Disconnect to 1).", {}),
    ("We're thinking about lowering Number Of Retries Before Forced Disconnection to 3.", {}),
    ("We run SMS 1.2 SP1. EDIT: checked Help > About on the site server, it's SP2, not SP1.",
     {"sms_version": "1.2", "service_pack": 2}),
    ("Response setting for services at our site: it was Slow until last Thursday, then we "
     "changed it to Very Fast.", {"response_setting": "very_fast"}),
    ('"Refresh Existing Distribution Servers" was left unchecked.',
     {"refresh_existing_servers": False}),
    ("So it isn't a locked file, is it?", {}),
    ("Users have files open, right?", {}),
    ('I grepped Despool.log for "Error = 32" over the last three weeks: not a single hit.',
     {"win32_error_32": "not_logged"}),
    ("forced delivery is on, value is 1 on our site server", {"use_forced_disconnect": 1}),
    ("Subject: update\n\nOur distribution server for the warehouse runs SMS 2.0 and keeps "
     "failing to get the package, the users have the scanner app open all day.\n\n"
     "Reply (same poster, an hour later):\nAlso, Response is set to Fast.",
     {"sms_version": "2.0", "file_in_use": True, "response_setting": "fast"}),
    ("UFD=1, retries value absent, delay value absent", {
        "use_forced_disconnect": 1, "number_of_retries": None,
        "forced_disconnection_delay": None}),
    ("i looked at the package dir on NTSRV09. its NOT empty.",
     {"package_directory_empty": False}),
    ("The job was stuck on Retrying, so I stopped and started it, the despooler I mean.",
     {"distribution_retrying": True, "despooler_restarted": True}),
    ("We did not stop or restart the SMS Executive at any point.",
     {"despooler_restarted": False}),
    ("Sales staff can't start Goldmine from G: since the refresh",
     {"users_cannot_run_package": True}),
    ("we had given the Sales_Users group Change rights on that directory by hand",
     {"permissions_set_by_hand": True}),
    # Sites named by code: a value set only on the one that sends is not the target's,
    # and says it is not on the target site.
    ("Our setup: central site CTR (SMS 2.0 SP1) sends packages to the child site KIEV, "
     "which runs SMS 2.0 SP2. Use Forced Disconnect = 1 is set only on CTR.",
     {"sms_version": "2.0", "service_pack": 2, "value_on_target_site": False}),
    ("The package goes from CHI to PHX. Use Forced Disconnect = 1 is set only on CHI.",
     {"value_on_target_site": False}),
    ("CTR sends the packages and WAR (server WARSRV) receives them. I put Use Forced "
     "Disconnect = 1 on CTRSRV only.", {"value_on_target_site": False}),
    ("Site SOU receives the package from HQ. Set Use Forced Disconnect = 1 on SOUSRV01, the "
     "SOU site server.", {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("Central site CTR sends packages to KIEV. Use Forced Disconnect = 1 is set on KIEV.",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("I never set anything on the S02 site server in Leeds, which is the one receiving the "
     "package.", {"value_on_target_site": False}),
    # Round 12: what is only thought about or planned; reg.exe finding no value; files
    # some new and some old; said not to be so.
    ("A theoretical one: what happens if the retries were 5 and the delay 20?", {}),
    ("To do in May, nothing configured yet: set Use Forced Disconnect to 1.", {}),
    ('C:\\>reg query "\\\\S1\\HKLM\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler" '
     '/v "Forced Disconnection Delay In Minutes"\nError:  The system was unable to find the '
     "specified registry key or value.", {"forced_disconnection_delay": None}),
    ("Retries before forced disconnection: doesn't exist.", {"number_of_retries": None}),
    ("Still retrying, so I stopped the SMS Executive from the Services applet and started "
     "it again.", {"distribution_retrying": True, "despooler_restarted": True}),
    ("The accountants keep their ledgers from that share open all afternoon.",
     {"file_in_use": True}),
    ("The package folder was found completely empty on Monday.",
     {"package_directory_empty": True}),
    ("SETUP.EXE has the new date but the help files still show the old dates.",
     {"package_partially_updated": True}),
    ("It copied 4 of the 20 files, then gave up.", {"package_partially_updated": True}),
    ("Checked against the source: every file matches.",
     {"package_partially_updated": False, "package_directory_empty": False}),
    ("All three servers got the package this time.", {"one_server_missed": False}),
    ("When we double-click the icon we get an Access Denied message.",
     {"users_cannot_run_package": True}),
    ("Event log is clean, no 109 since the upgrade.", {"event_109_logged": False}),
    ("We have no Macs at this site.", {"macintosh_clients": False}),
    ("Response of the services is putted on Medium.", {"response_setting": "medium"}),
    ("The copy to \\\\FS03 (NT 4.0) keeps retrying.",
     {"server_platform": "windows_nt", "distribution_retrying": True}),
    ("The jobs queued behind it stay pending.", {"later_jobs_pending": True}),
    # Round 13: proposals; checklist answers after a dash or a row of dots; times with
    # am/pm; more ways of saying what is so and what is not.
    ("We intend to set Use Forced Disconnect to 1 on all branches in June.", {}),
    ("We would also lower the delay to 5.", {}),
    ('[x] Searched Despool.log for "Failed to deltree" - none',
     {"deltree_failed": False}),
    ("Refresh existing distribution servers ..... not checked",
     {"refresh_existing_servers": False}),
    ("First failure was at 8:15 this morning and it's 2:45 pm now.",
     {"minutes_since_first_failure": 390}),
    ("None of the three forced disconnect values are in there.", {
        "use_forced_disconnect": None, "number_of_retries": None,
        "forced_disconnection_delay": None}),
    ("Forced Disconnection Delay In Minutes still hasn't been created.",
     {"forced_disconnection_delay": None}),
    ("Use Forced Disconnect was already 1 on that server.", {"use_forced_disconnect": 1}),
    ("The job is stuck in Retrying; we stopped and started SMS_Executive at noon.",
     {"distribution_retrying": True, "despooler_restarted": True}),
    ("Yes, we got a 109 from the despooler again.", {"event_109_logged": True}),
    ("Every package gets its own share here.", {"packages_share_one_share": False}),
    ("Our APPS share holds four packages.", {"packages_share_one_share": True}),
    ("After the forced disconnect the clerks could no longer launch PAYROLL from the share.",
     {"users_cannot_run_package": True}),
    ("Not one file in the package directory has changed.",
     {"package_partially_updated": False}),
    ("Not failed, it's retrying.", {"distribution_failed": False,
                                   "distribution_retrying": True}),
    ("We run SMS 1.2, it's not SP4, it's SP3.", {"sms_version": "1.2", "service_pack": 3}),
    ("Site is 1.2 with SP1.", {"sms_version": "1.2", "service_pack": 1}),
    ("We don't have a single Mac here.", {"macintosh_clients": False}),
    ("The operators had two files open on \\\\OPS1 all night.", {"file_in_use": True}),
    ("Free space is plenty on that drive.", {"disk_space_sufficient": True}),
    ("Only the other two servers got the package.", {"one_server_missed": True}),
    ("Every job created after it is Pending.", {"later_jobs_pending": True}),
    ("Use Forced Disconnect = 1 on the MKE site server, MKE being the receiving site.",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("We stopped the despooler and started it again instead of doing the pause/continue "
     "thing.", {"despooler_restarted": True, "despooler_paused_continued": False}),
    ("Subject: plan\n\nNothing is to be changed before the audit: retries would be 4.", {}),
    # A chat log's question, answered on the next line.
    ("[10:01] <ana> the job is still retrying\n[10:02] <bo> did you restart the despooler?\n"
     "[10:02] <ana> no, not yet", {"distribution_retrying": True, "despooler_restarted": False}),
    # A listing headed by the receiving site's server.
    ("Export from BR2SRV, the site that receives the package from HQ:\n\nREGEDIT4\n\n"
     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler]\n"
     '"Use Forced Disconnect"=dword:00000001',
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    ("Export from BR2SRV, the site that receives the package from HQ:\n\nREGEDIT4\n\n"
     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler]\n"
     '"Use Forced Disconnect"=dword:00000000', {"use_forced_disconnect": 0}),
    # A value in words, or under a heading, naming by its code the receiving site.
    ("LON sends the package, PAR is the one receiving it. On PAR's site server Use Forced "
     "Disconnect is 2.", {"use_forced_disconnect": 2, "value_on_target_site": True}),
    ("The package goes from CTR to MIA. regedt32 on MIA's site server:\n\n"
     "  Use Forced Disconnect : REG_DWORD : 0x1",
     {"use_forced_disconnect": 1, "value_on_target_site": True}),
    # Round 14: a wiki page, a theory question, what follows a hedged clause's colon;
    # more ways of saying what is so and what is not.
    ("How to check a stuck package. Last edited by kim.\nIf a server shows Retrying, look "
     "for open files. See also [[Event 109]].", {}),
    ("Quick theory question: with Use Forced Disconnect at 1, do Mac users get kicked off?",
     {}),
    ("We intend to turn it on next month: Use Forced Disconnect = 1.", {}),
    ("Site is SMS 1.1 (SP1 I think).", {"sms_version": "1.1"}),
    ("Suppose the Response were Slow.", {}),
    ("Oops, I meant SMS 1.2. We're on SP4, not SP3.", {"sms_version": "1.2",
                                                       "service_pack": 4}),
    ("open files in server mgr = zero", {"file_in_use": False}),
    ("Posted by: kees\nOur DP is a NetWare 4.11 server.\n\nReply by: rhodes\nIt only ever "
     "works for NT distribution servers.", {"server_platform": "netware"}),
    ("I deleted the Forced Disconnection Delay In Minutes value altogether.",
     {"forced_disconnection_delay": None}),
    ("That is the whole key: there is no delay value in it. Use Forced Disconnect is 1.",
     {"forced_disconnection_delay": None, "use_forced_disconnect": 1}),
    ("Job details:\n  [ ] Refresh existing distribution servers",
     {"refresh_existing_servers": False}),
    ("Application log: not a single 109 this week.", {"event_109_logged": False}),
    ("The job is retrying, and nobody has stopped or started the SMS Executive.",
     {"distribution_retrying": True, "despooler_restarted": False}),
    ("Directory empty? No, the old files are all still there.",
     {"package_directory_empty": False}),
    ("Everything we created after it went through normally.", {"later_jobs_pending": False}),
    ("nope, its own share, nothing else lives there", {"packages_share_one_share": False}),
    ("Visio lives on the same SMS_APPS share as Office.", {"packages_share_one_share": True}),
    ("The DP has loads of room for the package.", {"disk_space_sufficient": True}),
    ("Three files got replaced and the other nine didn't.",
     {"package_partially_updated": True}),
    ("Each of the four servers got the package.", {"one_server_missed": False}),
    ("The job says Complete, but DS3 never received the package.",
     {"one_server_missed": True}),
    ("CEN sends the package to LYO.\n\nHKEY_LOCAL_MACHINE on LYOSMS (site LYO, receives it)\n"
     "  Use Forced Disconnect : REG_DWORD : 0x2",
     {"use_forced_disconnect": 2, "value_on_target_site": True}),
    # Round 15: terse notes, a purpose that is no doubt, timelines, named receiving sites.
    ("UFD = 1 on OSL (rcv side!)\nretries b4 FD = 3\npause/cont. despooler - done",
     {"use_forced_disconnect": 1, "value_on_target_site": True, "number_of_retries": 3,
      "despooler_paused_continued": True}),
    ("The job is stuck retrying, so I stopped and started the SMS_Despooler service to see "
     "if it would pick up.", {"distribution_retrying": True, "despooler_restarted": True}),
    ("It went to Failed at 02:10 after a week of retries.",
     {"distribution_failed": True, "distribution_retrying": False}),
    ("The copy failed once, and after that the retry instruction was gone.", {}),
    ("Still retrying; I did net stop / net start on the SMS Executive twice.",
     {"distribution_retrying": True, "despooler_restarted": True}),
    ('"Number Of Retries Before Forced Disconnection" says 0x0000000c', {"number_of_retries": 12}),
    ("A clerk was working in Excel directly from the share.", {"file_in_use": True}),
    ("Not one person had anything open in that directory.", {"file_in_use": False}),
    ("Looked for Event 109 in the log - there isn't one.", {"event_109_logged": False}),
    ("We did not customize any ACLs by hand.", {"permissions_set_by_hand": False}),
    ("Title: Apply Q167656 hotfix on LON01\nStatus: Implemented 06/14",
     {"q167656_fix_installed": True}),
    ("Response was Slow, then Fast. It's still on Fast.", {"response_setting": "fast"}),
    ("07:45  first copy to DP2 fails\n09:00  called the branch\n13:15  now, job Retrying",
     {"minutes_since_first_failure": 330, "distribution_retrying": True}),
    ("At 00:15 I set Use Forced Disconnect on GLASS01 (GLA site server; GLA is the receiving "
     "site) to 1.", {"use_forced_disconnect": 1, "value_on_target_site": True}),
    # Round 16.
    ("Tom: did u pause & continue the despooler after the reg change??\nMe: no not yet",
     {"despooler_paused_continued": False}),
    ("I put SMS_DESPOOLER on pause and then clicked Continue.",
     {"despooler_paused_continued": True}),
    ("Since the update none of us can open Timesheet, it just says Access is denied.",
     {"users_cannot_run_package": True}),
    ("This site runs SMS 1.2 at Service Pack 3.", {"sms_version": "1.2", "service_pack": 3}),
    ("Retries lowered again, from 6 to 4, on our site server.", {"number_of_retries": 4}),
    ("Hotfix Q167656 is installed on the site server.", {"q167656_fix_installed": True}),
    ("First failure in the job status: 08:15.\nNow 11:45, still retrying.",
     {"minutes_since_first_failure": 210, "distribution_retrying": True}),
    ("Response on site MKT = Fast.", {"response_setting": "fast"}),
    ("FS9 = NT 3.51, SP5 of NT", {"server_platform": "windows_nt"}),
    ("Share/NTFS permissions: defaults only, nothing set by hand",
     {"permissions_set_by_hand": False}),
    ("Settings on WNSRV (site WN, which receives the package from our parent PAR):\n"
     '"Use Forced Disconnect" = 2', {"use_forced_disconnect": 2, "value_on_target_site": True}),
    # Round 17.
    ("In Service Manager I selected SMS_DESPOOLER, clicked Pause, counted to ten, clicked "
     "Continue.", {"despooler_paused_continued": True}),
    ("Open item: pause and continue of the SMS_Despooler has not been done yet.",
     {"despooler_paused_continued": False}),
    ("Restart of the SMS Executive was not done, waiting for approval.",
     {"despooler_restarted": False}),
    ("I stopped the SMS Executive from the Services applet and started it again.",
     {"despooler_restarted": True}),
    ("Bouncing the SMS Executive is the next step but I haven't done it yet.",
     {"despooler_restarted": False}),
    ("Nobody here has ever changed the share permissions by hand.",
     {"permissions_set_by_hand": False}),
    ("ACLs: no manual ACL changes, SMS defaults.", {"permissions_set_by_hand": False}),
    ("Every job since Monday is stuck in Pending.", {"later_jobs_pending": True}),
    ("Jobs sent after the Office one are not stuck.", {"later_jobs_pending": False}),
    ("Jobs created afterwards go through fine.", {"later_jobs_pending": False}),
    ("SRV1 and SRV2 have the files, SRV3 has nothing.", {"one_server_missed": True}),
    ("Word, Excel and Visio all live under the same SMS_PKGC share.",
     {"packages_share_one_share": True}),
    ("Checked the folder: not a single file has the new date.",
     {"package_partially_updated": False}),
    ("Q167656: looked at the hotfix log, the fix was never applied.",
     {"q167656_fix_installed": False}),
    ("Is the package directory empty? No, it is not empty.",
     {"package_directory_empty": False}),
    ("Number Of Retries Before Forced Disconnection was 10; in June the retries were lowered "
     "to 3.", {"number_of_retries": 3}),
    ("ALERT dp=DP7 state=Retrying first_failure=1999-01-04 23:50 alert_time=1999-01-05 00:20",
     {"distribution_retrying": True, "minutes_since_first_failure": 30}),
    ("Despool.log: forced disconnection of users at 02:30.", {}),
    ("The response setting for services at LON was set to Slow last week.",
     {"response_setting": "slow"}),
    ('[ ] "Refresh Existing Distribution Servers" -> left unchecked',
     {"refresh_existing_servers": False}),
    ('grep "Error = 32" despool.log came back empty', {"win32_error_32": "not_logged"}),
    ('- "Failed to deltree" in Despool.log? Checked, not found.', {"deltree_failed": False}),
    ("SMS 1.2 SP2 on the site server. Correction: we put SP3 on last week.",
     {"sms_version": "1.2", "service_pack": 3}),
    ("After maybe forty retries the job status was Failed.", {"distribution_failed": True}),
    ("Nobody has restarted anything yet.", {"despooler_restarted": False}),
    # Round 18.
    ("Which response setting do you run? Ours is Medium, always was.",
     {"response_setting": "medium"}),
    ("state=Retrying response_setting=Fast", {"distribution_retrying": True,
                                              "response_setting": "fast"}),
    ("HANDOVER - 07:10\n- first copy to DP3 failed at 23:10 (despool.log)",
     {"minutes_since_first_failure": 480}),
    ("10:00  first copy attempt failed\n10:20  Retrying\n12:00  this note written",
     {"minutes_since_first_failure": 120, "distribution_retrying": True}),
    ("First copy failure logged 05/30 22:00, it is now 05/31 01:00.",
     {"minutes_since_first_failure": 180}),
    ("First copy failure logged 12/31 23:00, it is now 01/01 00:30.",
     {"minutes_since_first_failure": 90}),
    ("Package directory \\\\DP1\\SMS_PKGA\\ABC00012: empty", {"package_directory_empty": True}),
    ("The package directory isn't empty, the old files are there.",
     {"package_directory_empty": False}),
    ("Neither the SMS Executive nor SMS_Despooler has been restarted.",
     {"despooler_restarted": False}),
    ("SMS_Despooler itself was not stopped or restarted.", {"despooler_restarted": False}),
    ("Despooler restarted? Yes, stopped and started the SMS Executive at 09:00.",
     {"despooler_restarted": True}),
    ("Paused and continued SMS_DESPOOLER? Not yet.", {"despooler_paused_continued": False}),
    ("Paused and continued SMS_DESPOOLER?", {}),
    ('Searched despool.log for "Win32 Error": no hits.', {"win32_error_32": "not_logged"}),
    ("We run SMS 1.2, no service pack installed yet.", {"sms_version": "1.2",
                                                        "service_pack": 0}),
    ("Users can still run the program from the share without any problems.",
     {"users_cannot_run_package": False}),
    ("History of Use Forced Disconnect on the site server:\n  Mon  0 -> 1\n  Wed  1 -> 0\n",
     {"use_forced_disconnect": 0}),
    ("Number Of Retries Before Forced Disconnection: 50. Sorry, typo: the retries value is 5.",
     {"number_of_retries": 5}),
    ("Worked example, not our real settings: 12 retries and a 5 minute delay.", {}),
    ("Central site CTR sends the package to the child site VAL. On CTR's site server Use "
     "Forced Disconnect is 1. On VAL's site server there is no Use Forced Disconnect value.",
     {"use_forced_disconnect": None, "value_on_target_site": False}),
    # Round 19.
    ("The distribution server NTDP4 is NT too, I think; no wait, the distribution server "
     "NTDP4 is also NT.", {"server_platform": "windows_nt"}),
    ("ok, paused it, counted to five, clicked continue on SMS_DESPOOLER",
     {"despooler_paused_continued": True}),
    ("I restarted the entire SMS Executive after the job failed.",
     {"despooler_restarted": True, "distribution_failed": True}),
    ("Only 80 MB free on D:, the package simply won't fit.", {"disk_space_sufficient": False}),
    ("All three distribution servers got the package.", {"one_server_missed": False}),
    ("Job is Complete, yet \\\\DP9\\APPS doesn't even exist.", {"one_server_missed": True}),
    ("[ ] Forced Disconnection Delay In Minutes - not present either",
     {"forced_disconnection_delay": None}),
    ("Here the retries value was never created.", {"number_of_retries": None}),
    ("Use Forced Disconnect = 1 was added on PRI, the primary that sends the job. The "
     "secondary site SEC2 has no such value.",
     {"use_forced_disconnect": None, "value_on_target_site": False}),
    ("The Q167656 fix (new smsinst.dll) is not installed.", {"q167656_fix_installed": False}),
    ("\\\\APPSRV\\WORD97 is completely empty.", {"package_directory_empty": True}),
    ("Someone added a deny entry for Temps on the share by hand.",
     {"permissions_set_by_hand": True}),
    ("ACCOUNTS.MDB was open on three PCs.", {"file_in_use": True}),
    ("We run SMS 1.2, SP1 I believe - no wait, it's SP3.", {"sms_version": "1.2",
                                                           "service_pack": 3}),
    ("Use Forced Disconnect was set to 1 and the delay to 8 on Tuesday.",
     {"use_forced_disconnect": 1, "forced_disconnection_delay": 8}),
    ("Number Of Retries Before Forced Disconnection: 9 -> 4 -> 7. Current value: 7.",
     {"number_of_retries": 7}),
    ("Central site HQ sends to the child site RIO. Use Forced Disconnect is 1 on HQ only; on "
     "RIO it is 0.", {"use_forced_disconnect": 0, "value_on_target_site": False}),
    ("No Macintosh clients in our company.", {"macintosh_clients": False}),
    ("<boss> so it failed?\n<tech> no, not failed, it is retrying",
     {"distribution_failed": False, "distribution_retrying": True}),
    ("TEMPLATE for incidents\nMacintosh clients? [ ] yes  [ ] no\nSMS version: ____", {}),
    # Round 20.
    ("<kim> and the response setting on the site?\n<raj> Medium.", {"response_setting": "medium"}),
    ("Response is configured Very Fast on our site.", {"response_setting": "very_fast"}),
    ('I cannot open it any more, it says "Access is denied".',
     {"users_cannot_run_package": True}),
    ("Two of them have the package; DS7 doesn't.", {"one_server_missed": True}),
    ('Last month I added "Sales - Change" on the share.', {"permissions_set_by_hand": True}),
    ("The Q167656 Despooler hotfix has not been installed.", {"q167656_fix_installed": False}),
    ("The Q167656 Despooler hotfix is installed on the site server.",
     {"q167656_fix_installed": True}),
    ("README.TXT and SETUP.EXE have the new date, but the DLLs are still from March.",
     {"package_partially_updated": True}),
    ("Checked the event log for event 109 in the last day -> 0 matches.",
     {"event_109_logged": False}),
    ("Steps:\n 1. Pause and continue SMS_DESPOOLER.\n 2. Check that the job is Retrying.", {}),
    ("Pause/continue of SMS_DESPOOLER is booked for Friday night.", {}),
    ("The package server giving us grief is a NetWare 3.12 box.", {"server_platform": "netware"}),
    ("Use Forced Disconnect, LONSRV (site server) ..... 0x1", {"use_forced_disconnect": 1}),
    ("Quick question, no problem yet: would forced disconnect work on a NetWare server?", {}),
    ("Three Macs in design, but they don't use that server.", {"macintosh_clients": False}),
    # round 21: a service pack after the version as admins type it, and none after it
    ("We have SMS 1.2 w/ SP3 at our one site.", {"sms_version": "1.2", "service_pack": 3}),
    ("We run SMS 2.0 without service pack.", {"sms_version": "2.0", "service_pack": 0}),
    ("We run SMS 1.2 with SQL Server 6.5 SP4, and SMS itself has no service pack applied.",
     {"sms_version": "1.2", "service_pack": 0}),
    ("SMS 1.2 with SQL Server 6.5, no service pack", {"sms_version": "1.2"}),
    # a value's history whose lines say it is absent, with no number at all (it raised
    # IndexError on holdout28's first run)
    ("Registry. Use Forced Disconnect: absent. The other two values:\n   absent too.",
     {"use_forced_disconnect": None}),
    ("Use Forced Disconnect history:\n  Tue 02 Mar   0 -> 1\n  Wed 03 Mar   deleted, absent "
     "since\n", {"use_forced_disconnect": None}),
])
def test_proposals(text: str, expected: dict[str, object]) -> None:
    assert facts(text) == expected


def test_the_whole_story() -> None:
    text = ("SMS 2.0 site. Our NetWare distribution server never gets updated because a "
            "user keeps a file open; the job keeps retrying and forced disconnect is set "
            "to 1, Response is Fast.")
    assert facts(text) == {
        "sms_version": "2.0", "server_platform": "netware", "file_in_use": True,
        "distribution_retrying": True, "use_forced_disconnect": 1,
        "response_setting": "fast"}
    proposals = propose_facts(text)
    assert [p.start for p in proposals] == sorted(p.start for p in proposals)
    words = {p.fact: p.words for p in proposals}
    assert words["server_platform"] == "NetWare distribution server"
    assert words["file_in_use"] == "keeps a file open"
    assert words["use_forced_disconnect"] == "forced disconnect is set to 1"


def test_negation_far_away_does_not_flip_the_statement() -> None:
    # "not" belongs to the first clause; the platform and the open file are stated.
    assert facts("the package does not arrive on our NetWare server because a user "
                 "has a file open") == {"server_platform": "netware", "file_in_use": True}


def test_words_are_exact_slices_of_the_text() -> None:
    text = "Users HAVE Files Open on the NW Server (Win32 Error = 32)."
    proposals = propose_facts(text)
    assert proposals
    for proposal in proposals:
        assert text[proposal.start:proposal.end] == proposal.words
    assert proposals[0].to_json() == {"fact": "file_in_use", "value": True,
                                      "words": "HAVE Files Open", "start": 6, "end": 21}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "SMS 2.0", "NetWare", "NT server", "no", "not", "a file is open", "retrying", "failed",
    "forced disconnect is", "on", "off", "1", "response is", "fast", "?", ",", ".", "and",
    "because", "maybe", "users have files open", "partially updated", "system job", "x",
]), max_size=14).map(" ".join))
def test_every_proposal_is_a_valid_fact(text: str) -> None:
    proposals = propose_facts(text)
    assert len({p.fact for p in proposals}) == len(proposals)
    for proposal in proposals:
        assert isinstance(proposal, Proposal)
        assert proposal.fact in VOCABULARY
        assert text[proposal.start:proposal.end] == proposal.words
    Facts.parse({p.fact: p.value for p in proposals})  # raises if any value is invalid


def _labelled_lines() -> list[str]:
    import yaml

    lines: set[str] = set()
    for path in sorted((Path(__file__).parent.parent / "bench").glob("describe_cases*.yaml")):
        for case in yaml.safe_load(path.read_text("utf-8"))["cases"]:
            lines.update(line for line in case["text"].split("\n") if line.strip())
    return sorted(lines)


_LINES = _labelled_lines()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LINES), st.integers(0, 200), st.booleans()),
                min_size=1, max_size=6))
def test_lines_of_real_descriptions_cut_and_mixed_are_read_without_error(
        parts: list[tuple[str, int, bool]]) -> None:
    # Rules are written for whole texts; a layout cut short or lines from two
    # texts side by side once raised IndexError (a history with its states cut off).
    text = "\n".join(line[cut:] if tail else line[:cut] or line for line, cut, tail in parts)
    for proposal in propose_facts(text):
        assert text[proposal.start:proposal.end] == proposal.words


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    for proposal in propose_facts(text):
        assert text[proposal.start:proposal.end] == proposal.words


@pytest.mark.parametrize(("text", "terms"), [
    ('Despooler "WIN32 ERROR = 32" (SMS 2.0)',
     ["despooler", "win32", "error", "32", "sms", "2 0"]),
    ("the user's file AND the server's NOT file", ["user", "file", "server"]),
    ("re-install -x *star* col:on", ["re install", "x", "star", "col"]),
    ("", []),
    ("the of and", []),
])
def test_query_terms(text: str, terms: list[str]) -> None:
    assert query_terms(text) == terms
