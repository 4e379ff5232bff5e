"""Describe rules of round 20 (tuned on bench/describe_cases_holdout22.yaml after its
first run was recorded): chat answers on the next line, checklists with dotted
leaders, non-native phrasings and other paraphrases."""

from __future__ import annotations

from advisor.evidence.describe_registry import UFD as _UFD
from advisor.evidence.describe_rules import Rule, rule
from advisor.evidence.describe_values import dword as _dword
from advisor.evidence.describe_values import setting as _setting

__all__ = ["ROUND20_RULES"]

_SPEED = r"(?P<r>very\s+fast|fast|medium|slow)"
# The start of a chat line after the one asking: "[09:03] <mira> ", "Priyanka: "
_NEXT_LINE = r"(?<=\?\n)(?:\[[^\]\n]{1,20}\]\s*)?(?:<[\w.\-]{1,20}>\s*|[\w.\-]{1,20}:\s*)?"


ROUND20_RULES: tuple[Rule, ...] = (
    # "<dpatel> what's your response setting btw" / "<mira> Very Fast."
    rule("response_setting", _NEXT_LINE + _SPEED + r"\b", _setting, rank=2,
         needs_text=r"\bresponse\s+setting\b[^\n]*\?\n(?:\[[^\]\n]{1,20}\]\s*)?(?:<[\w.\-]{1,20}>"
         r"\s*|[\w.\-]{1,20}:\s*)?(?:very\s+fast|fast|medium|slow)\b"),
    # "Response is configured Slow"
    rule("response_setting", r"\bresponse\s+(?:is\s+)?(?:configured|set)\s+(?:to\s+|as\s+)?"
         + _SPEED + r"\b", _setting, rank=2),
    # "I cannot start it any more ... I get 'Access is denied'"
    rule("users_cannot_run_package", r"\b(?:cannot|can['’]t|can\s+not)\s+(?:start|open|run|launch)"
         r"\s+it\s+any\s*more\b", True, whole=True, needs_text=r"\baccess\s+(?:is\s+)?denied\b"),
    # "Three of them have the package; WSTDS3 doesn't"
    rule("one_server_missed", r"\b(?:two|three|four|five|six|\d+)\s+of\s+them\s+have\s+(?:the\s+)?"
         r"(?:package|files)\s*[;,]\s*[A-Z][\w-]*\s+(?:doesn['’]t|does\s+not|didn['’]t)\b", True,
         whole=True),
    # 'last year I added "Drafting - Change" on the share'
    rule("permissions_set_by_hand", r"\badded\s+[\"“][^\"”\n]{1,40}[\"”]\s+on\s+the\s+(?:share|"
         r"folder|directory|ntfs)\b", True),
    # "Did you ever put your own permissions on that folder?"
    rule("permissions_set_by_hand", r"\bput\s+(?:your|our|my|their|his|her)\s+own\s+(?:permissions|"
         r"acls?|rights)\s+on\b", True),
    # "the Q167656 Despooler fix has not been installed"; "the Q167656 Despooler hotfix
    # is installed on the site server"
    rule("q167656_fix_installed", r"\bq?167656\s+(?:\w+\s+)?(?:hot)?fix\s+(?:is|was|has|had)\s+"
         r"(?:not\s+)?(?:been\s+)?(?:installed|applied)\b", True, rank=2),
    # "all sit under the one share SMS_APPS"
    rule("packages_share_one_share", r"\b(?:all\s+)?(?:sit|live|are|reside)\s+(?:below|under|in|"
         r"on)\s+the\s+one\s+share\b", True),
    # "WINWORD.EXE and EXCEL.EXE carry the new date ..., but POWERPNT.EXE ... are still 07/10/98"
    rule("package_partially_updated", r"\b(?:have|has|carry|carries|show|shows)\s+the\s+new\s+date"
         r"\b[^.]{0,100}?\bbut\b[^.]{0,150}?\bstill\b", True, whole=True),
    # "PAR (sender) and LYO (receiver) each have Use Forced Disconnect = 1"
    rule("value_on_target_site", r"\beach\s+have\s+(?:use\s+forced\s+disconnect|ufd)\s*(?:=|set\s+"
         r"to)\s*(?:0x0*)?[1-9]", True, whole=True,
         needs_sentence=r"\b(?:receiver|receiving|target)\b"),
    # "there's literally nobody here with anything open"
    rule("file_in_use", r"\bnobody\s+(?:here\s+|there\s+)?with\s+anything\s+open\b", False,
         whole=True, rank=2),
    # "scanned for SMS_DESPOOLER event 109 in the last 24 h -> 0 matches"
    rule("event_109_logged", r"\bevent\s+109\b[^\n]{0,60}?(?:->|:|=)\s*(?:0|no|zero)\s+(?:matches|"
         r"hits|entries|events)\b", False, whole=True, rank=3),
    # '[ ] "Failed to deltree" entries in Despool.log: none found'
    rule("deltree_failed", r"\bfailed\s+to\s+deltree[\"”]?\s+(?:entries|lines|messages)\b"
         r"[^\n:]{0,30}:\s*(?:none|no|not)\b", False, whole=True, rank=3),
    # "Jobs created after the stuck job PKG0045 processed normally: yes"
    rule("later_jobs_pending", r"\bjobs\s+(?:created|sent|queued)\s+after\b[^\n]{0,60}?"
         r"\bprocessed\s+normally\b", False),
    # 'searched despool.log for "Win32 Error = 32", there is no such line'
    rule("win32_error_32", r"\b(?:searched|grepped|checked)\b(?:[^.\n]|\.\w){0,80}?\bfor\s+[\"“]"
         r"(?:win32\s+)?error\s*=?\s*32[\"”]\s*,?\s*there\s+(?:is|was)\s+no\s+such\s+(?:line|entry)\b",
         "not_logged", whole=True, rank=2),
    # "nope, neither. nothing restarted since the change"
    rule("despooler_restarted", r"\bnothing\s+(?:got\s+)?restarted\b", False, whole=True),
    # "The distribution point giving us trouble is a NetWare 4.11 server"
    rule("server_platform", r"\b(?:distribution|package)\s+(?:point|server)\b[^.;]{0,30}?\bis\s+an?"
         r"\s+(?:novell\s+)?netware\b", "netware", rank=2),
    # "The DS is an NT 3.51 box"
    rule("server_platform", r"\b(?:the\s+)?ds\s+is\s+an?\s+(?:windows\s+)?nt\b", "windows_nt",
         rank=2),
    # A non-native writer: "The users are opening always the files of the package";
    # "I make pause and after continue of SMS_DESPOOLER"
    rule("file_in_use", r"\busers\s+are\s+(?:always\s+)?opening\s+(?:always\s+)?the\s+files\b",
         True),
    rule("despooler_paused_continued", r"\bmake\s+(?:a\s+)?pause\s+and\s+(?:after|then)\s+"
         r"(?:a\s+)?continue\b", True, needs_text=r"despooler"),
    # "Use Forced Disconnect, ABQSRV (ABQ site server) ... 0x1"
    rule("use_forced_disconnect", _UFD + r"[^\n.]{0,40}?\.{3,}\s*0x(?P<x>[0-9a-f]{1,8})\b", _dword,
         rank=2),
    # "Use Forced Disconnect is there, 0x1."
    rule("use_forced_disconnect", _UFD + r"\s+is\s+there\s*,\s*0x(?P<x>[0-9a-f]{1,8})\b", _dword,
         rank=2),
    # "single SMS 1.2 site (MER), SP2"
    rule("service_pack", r"\bsms\s+(?:1\.10|1\.[012]|2\.0)\s+site\s*(?:\([A-Z0-9]{2,8}\))?\s*,\s*"
         r"sp\s*(?P<n>[0-5])\b", lambda m: int(m["n"])),
    # "NTAPP3 pkg dir EMPTY after refresh"
    rule("package_directory_empty", r"\b(?:pkg|package)\s+(?:dir|directory|folder)\s+(?:is\s+)?"
         r"(?:now\s+)?empty\b", True),
    # "We have two Macs in marketing but they don't use that server at all."
    rule("macintosh_clients", r"\bmac(?:intosh)?(?:e?s)?\b[^.]{0,40}?\bbut\s+they\s+(?:don['’]t|"
         r"do\s+not)\s+use\s+(?:that|this|the)\s+(?:server|share|package)\b", False, whole=True,
         rank=3),
)
