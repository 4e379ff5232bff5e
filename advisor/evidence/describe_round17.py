"""Describe rules of round 17 (tuned on bench/describe_cases_holdout19.yaml after its
first run was recorded): clicks in SMS Service Manager, actions said not done after
their name, registry histories, monitoring alerts and other paraphrases."""

from __future__ import annotations

from advisor.evidence.describe_rules import Rule, rule
from advisor.evidence.describe_values import clock as _clock

__all__ = ["ROUND17_RULES"]

_DESPOOLER = r"(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)(?:\s+service)?"
_TIME = r"\d{1,2}:\d{2}"
_DATE = r"\d{2,4}[-/]\d{1,2}[-/]\d{1,4}"

ROUND17_RULES: tuple[Rule, ...] = (
    # "picked SMS_DESPOOLER, hit Pause, waited a few seconds and hit Continue"
    rule("despooler_paused_continued", r"\b(?:hit|clicked|pressed|chose|selected)\s+pause\b"
         r"[^.;]{0,60}?\b(?:hit|clicked|pressed|chose|selected)\s+continue\b", True, whole=True,
         needs_text=r"despooler"),
    # "pause/continue of SMS_DESPOOLER has NOT been done yet"; "the restart of the
    # SMS Executive was not done"
    rule("despooler_paused_continued", r"\bpause\s*(?:/|and|&)\s*continue\s+of\s+" + _DESPOOLER
         + r"\s+(?:has|have|was|were|is)\s+not\s+(?:been\s+|yet\s+been\s+)?(?:done|performed|"
         r"carried\s+out)\b", False, whole=True, rank=3),
    rule("despooler_restarted", r"\b(?:restart|stop\s*/\s*start|bounce)\s+of\s+" + _DESPOOLER
         + r"\s+(?:has|have|was|were|is)\s+not\s+(?:been\s+|yet\s+been\s+)?(?:done|performed|"
         r"carried\s+out)\b", False, whole=True, rank=3),
    # "I stopped the SMS Executive in Control Panel > Services and started it again"
    rule("despooler_restarted", r"\bstopped\s+" + _DESPOOLER + r"\b[^.;]{0,50}?\band\s+"
         r"(?:then\s+)?(?:started|restarted)\s+it\s+(?:again|back\s+up)\b", True, whole=True),
    # "Stopping and restarting the SMS_Despooler service is my next idea but I haven't
    # done it": the clause after "but" answers for the sentence.
    rule("despooler_restarted", r"(?<=\bbut\s)i\s+(?:have\s+not|haven['’]t|did\s+not|"
         r"didn['’]t)\s+(?:done|do)\s+(?:it|that|this)(?:\s+yet)?\b", False, whole=True, rank=3,
         needs_sentence=r"\b(?:stop|restart|bounc)\w*\b[^.]{0,60}?(?:despooler|executive)"),
    # "Nobody on our team has ever touched the permissions of that share manually";
    # "no manual ACL changes made"
    rule("permissions_set_by_hand", r"\b(?:nobody|no\s+one|none\s+of\s+us)\b[^.;]{0,30}?\b"
         r"(?:has\s+|have\s+)?(?:ever\s+)?(?:touched|changed|set|modified|edited)\s+(?:the\s+)?(?:share\s+)?"
         r"(?:permissions|acls?|rights)\b[^.;]{0,40}?\b(?:manually|by\s+hand)\b", False,
         whole=True, rank=2),
    rule("permissions_set_by_hand", r"\bno\s+manual\s+(?:acl|permissions?|rights)\s+changes?\b",
         False, whole=True, rank=2),
    # "every job since tuesday is sitting in Pending"
    rule("later_jobs_pending", r"\b(?:every|each)\s+job\s+since\s+\w+\s+(?:is|has\s+been)\s+"
         r"(?:sitting|stuck|parked|waiting)\s+(?:in|at)\s+pending\b", True),
    # "Jobs sent after the Visio one are not blocked"; "jobs created afterwards go
    # through normally"
    rule("later_jobs_pending", r"\bjobs\s+(?:sent|created|queued|submitted)\s+after\s+(?:the\s+)?"
         r"[\w.-]+(?:\s+one)?\s+(?:are|were)\s+not\s+(?:blocked|stuck|held\s+up|pending|"
         r"waiting)\b", False, whole=True, rank=2),
    rule("later_jobs_pending", r"\bjobs\s+(?:sent|created|queued|submitted)\s+(?:afterwards|"
         r"after\s+(?:it|that|this\s+one))\s+(?:go|went|are\s+going|get|got)\s+through\b", False,
         whole=True, rank=2),
    # "DS1, DS2 and DS4 have the files. DS3 has nothing at all"
    rule("one_server_missed", r"\b(?P<s>[a-z][\w-]*\d)\s+(?:has|got)\s+nothing\b", True,
         whole=True, needs_text=r"\b(?:and|,)\s+[a-z][\w-]*\d\s+(?:have|got)\s+the\s+(?:files|"
         r"package)\b"),
    # "Office 97, Acrobat Reader and the McAfee DAT package all sit below the same
    # SMS_PKGD share"; "they don't each have their own share"
    rule("packages_share_one_share", r"\b(?:all\s+)?(?:sit|live|are|reside)\s+(?:below|under|in|"
         r"on)\s+the\s+same\s+(?:\S+\s+)?share\b", True),
    rule("packages_share_one_share", r"\b(?:don['’]t|do\s+not)\s+each\s+have\s+their\s+own\s+"
         r"share\b", True, whole=True),
    # "not one file has the new date, everything still 10/22"
    rule("package_partially_updated", r"\bnot\s+(?:one|a\s+single)\s+file\s+(?:has|had|got|"
         r"carries)\s+the\s+new\s+date\b", False, whole=True, rank=2),
    # "the hotfix folder and the install log: it was never applied"
    rule("q167656_fix_installed", r"\b(?:it|the\s+(?:hot)?fix)\s+(?:was|has)\s+never\s+"
         r"(?:been\s+)?(?:applied|installed|put\s+on)\b", False, whole=True, rank=2,
         needs_text=r"167656"),
    # "> is the folder empty?" "No, it isn't empty."
    rule("package_directory_empty", r"\b(?:it|the\s+(?:package\s+)?(?:folder|directory))\s+"
         r"(?:is\s*n['’]t|is\s+not)\s+empty\b", False, whole=True,
         needs_text=r"\b(?:folder|directory)\b"),
    # "Use Forced Disconnect flipped to 1, retries lowered to 6": the last value set
    rule("number_of_retries", r"\bretries\s+(?:(?:were|was|got)\s+)?(?:lowered|raised|changed|"
         r"reduced|increased|dropped|bumped|set|put)\s+(?:down\s+|up\s+)?to\s+(?P<n>\d{1,4})\b",
         lambda m: int(m["n"]), rank=2),
    rule("number_of_retries", r"\bretries\s+value\s+i\s+left\s+at\s+(?P<n>\d{1,4})\b",
         lambda m: int(m["n"]), rank=2),
    # A monitoring alert: "first_copy_failure=1998-11-02 22:10 ... alert_time=1998-11-03 06:40"
    rule("minutes_since_first_failure", r"\bfirst[_\s]+(?:copy[_\s]+)?fail(?:ure|ed)\s*[=:]\s*"
         + _DATE + r"\s+(?P<a>" + _TIME + r")\b[\s\S]{0,200}?\b(?:alert[_\s]+time|now|checked|"
         r"time)\s*[=:]\s*" + _DATE + r"\s+(?P<b>" + _TIME + r")\b", _clock, whole=True, rank=2),
    # A status history whose first failure is timed, "pulled this at 13:15"
    rule("minutes_since_first_failure", r"(?m:^[ \t]*(?:" + _DATE + r"[ \t]+)?(?P<a>" + _TIME
         + r")\b[^\n]*?\bfirst\b[^\n]*?\bfail\w*\b[^\n]*)(?:\n[^\n]*){0,8}?\n[^\n]*?\b(?:pulled|"
         r"taken|copied|checked|written|looked)\s+(?:this|it)\s+at\s+(?P<b>" + _TIME + r")\b",
         _clock, whole=True, rank=2),
    # "response setting for services at RDG was changed to Very Fast"
    rule("response_setting", r"\bresponse\s+setting\s+for\s+services\b[^.;]{0,30}?\b(?:was|is|"
         r"has\s+been)\s+(?:changed|set|moved|switched|put)\s+to\s+(?P<r>very\s+fast|fast|medium|"
         r"slow)\b", lambda m: "_".join(m["r"].casefold().split()), rank=2),
    # '"Refresh Existing Distribution Servers" selected -> left unticked'
    rule("refresh_existing_servers", r"\brefresh\s+existing\s+distribution\s+servers\b[^\n]{0,40}?"
         r"\bleft\s+(?:unticked|unchecked|cleared|unselected|off|blank)\b", False, whole=True,
         rank=3),
    # 'findstr ... "error = 32" on despool.log ..., both came back with nothing'
    rule("win32_error_32", r"\b(?:findstr|grep|find)\b[^;\n]{0,20}?[\"“]?(?:win32\s+)?err(?:or)?"
         r"\s*(?:=\s*)?32\b(?:[^.;\n]|\.\w){0,80}?\bcame\s+back\s+(?:with\s+)?(?:nothing|empty|"
         r"no\s+(?:hits?|matches?|lines?|results?))\b", "not_logged", whole=True, rank=2),
    # '"Failed to deltree" in Despool.log? Searched, not present.' (the answer alone:
    # the question before it is no statement)
    rule("deltree_failed", r"(?<=\?\s)(?:searched|checked|looked|grepped),?\s+(?:not\s+(?:present|"
         r"found|there)|nothing)\b", False, whole=True, rank=3,
         needs_text=r"\bfailed\s+to\s+deltree[\"”]?\s+in\s+[\w.]+\s*\?\s+(?:searched|checked|"
         r"looked|grepped),?\s+(?:not|nothing)\b"),
    # "Correction again, Mike says we put SP4 on in January."
    rule("service_pack", r"\bput\s+(?:sp|service\s+pack)\s*(?P<n>[1-5])\s+on\b",
         lambda m: int(m["n"]), needs_text=r"\bsms\b|site\s+server"),
)
