"""Describe rules of rounds 12 to 14 (tuned on bench/describe_cases_holdout13.yaml to
holdout16.yaml, each after its first run was recorded):
paraphrases of what the other rule tables read, and statements that something is
not so."""

from __future__ import annotations

from advisor.evidence.describe_registry import DELAY as _DELAY
from advisor.evidence.describe_registry import RETRIES as _RETRIES
from advisor.evidence.describe_registry import UFD as _UFD
from advisor.evidence.describe_rules import Rule, rule
from advisor.evidence.describe_values import setting as _setting

__all__ = ["ROUND12_RULES"]

# A restart counts while a job is stuck, as in the first restart rules.
_STUCK = r"\bretr(?:y|ying|ies)\b|\bstuck\b|\bpending\b"

ROUND12_RULES: tuple[Rule, ...] = (
    # Round 12 (holdout13). reg.exe asked for a value that is not there:
    # 'reg query ... /v "Use Forced Disconnect"' then 'Error: The system was unable to
    # find the specified registry key or value.'
    *(rule(fact, r"/v\s+[\"“]?" + name[2:] + r"[\"”]?[ \t]*\r?\n[ \t]*error:\s+the\s+system\s+was"
           r"\s+unable\s+to\s+find\s+the\s+specified\s+registry\s+key\s+or\s+value\b", None,
           whole=True, rank=2)
      for fact, name in (("use_forced_disconnect", r"\b(?:use\s+)?forced?\s+disconnect(?!ion)"),
                         ("number_of_retries", _RETRIES), ("forced_disconnection_delay", _DELAY))),
    # "stopped SMS_Despooler in control panel services and started it again"
    rule("despooler_restarted", r"\bstopped\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)"
         r"(?:\s+service)?(?:\s+[\w-]+){1,5}?\s+and\s+(?:then\s+)?(?:re)?started\s+it\b", True,
         needs_text=_STUCK),
    # "they keep the font suitcases from that share open in QuarkXPress all day"
    rule("file_in_use", r"\b(?:keep|keeps|kept|have|has|had|leave|leaves|left)\s+"
         r"(?:the\s+|their\s+|a\s+)?(?:[\w.-]+\s+){1,4}?(?:from|on|off)\s+(?:that|the|this|"
         r"our)\s+(?:package\s+)?"
         r"(?:share|server|directory|folder|drive)\s+open\b", True),
    # "the package directory ... was found completely empty"
    rule("package_directory_empty", r"\b(?:directory|folder|dir)\b[^.;]{0,60}?\b(?:is|was)\s+"
         r"(?:found|left|now\s+found)\s+(?:completely|totally|entirely|totaly|"
         r"completly)?\s*empty\b",
         True),
    # Some files new, some old: "AcroRd32.exe and the plug-ins have today's date, but the
    # fonts folder and README still carry the old dates"; "copied the first 12 of the 30
    # files"; "the other 18 files still had last year's versions".
    rule("package_partially_updated", r"\b(?:today['’]s|the\s+new|new|current)\s+(?:dates?|"
         r"versions?|timestamps?)\b[^.;]{0,40}?\bbut\b[^.;]{0,60}?\b(?:still\s+)?(?:carry|carries|"
         r"have|has|show|shows|had|bear|bears)\s+(?:the\s+)?(?:old|older|previous)\s+(?:dates?|"
         r"versions?|timestamps?)\b", True, whole=True),
    rule("package_partially_updated", r"\bcopied\s+(?:only\s+)?(?:the\s+first\s+)?\d+\s+of\s+"
         r"(?:the\s+)?\d+\s+files\b|\b(?:the\s+)?(?:other|remaining)\s+(?:\d+\s+)?files\s+"
         r"(?:still\s+)?"
         r"(?:had|have|carry|carried|showed|were|are)\s+(?:still\s+)?(?:the\s+)?(?:old|older|"
         r"previous|last\s+\w+['’]s)\b", True, whole=True),
    # "compared the package directory with the source: every file matches"; "every one
    # of them has the package, same files as the source".
    *(rule(fact, r"\b(?:every|each)\s+file\b[^.;]{0,40}?\b(?:now\s+)?(?:matches|matched)\b|"
           r"\ball\s+(?:the\s+)?files\s+match(?:ed)?\b|\bsame\s+files\s+as\s+the\s+source\b",
           False, whole=True,
           needs_text=r"\bsource\b")
      for fact in ("package_partially_updated", "package_directory_empty")),
    rule("one_server_missed", r"\b(?:every|each)\s+one\s+of\s+them\s+has\s+the\s+package\b|"
         r"\beach\s+of\s+(?:the\s+)?(?:two|three|four|five|six|\d+|them)\s+(?:servers\s+)?"
         r"(?:got|has|"
         r"have|received)\s+the\s+package\b|\ball\s+"
         r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+|of\s+them)\s+(?:servers\s+)?"
         r"(?:\([^()\n]{0,40}\)\s+)?(?:have|"
         r"got|received)\s+the\s+(?:full\s+|whole\s+|complete\s+)?package\b", False, whole=True),
    # "when I click the Great Plains icon I get an access denied box"
    rule("users_cannot_run_package", r"\bwhen\s+(?:i|we|they|users|people|he|she)\s+"
         r"(?:try\s+to\s+)?(?:double-?click|click|start|run|open|launch)\b[^.;]{0,60}?\b(?:get|"
         r"gets|see|sees|got|says|said|shows|"
         r"saw)\s+(?:just\s+)?(?:an?\s+)?[\"“']?access\s+(?:is\s+)?denied\b", True, whole=True),
    # "the application log is clean, no 109 and no other SMS event"
    rule("event_109_logged", r"\bno\s+(?:event\s+)?(?:id\s+)?109\b(?!\s*(?:users|clients|servers|"
         r"files|jobs)\b)", False, whole=True, rank=2, needs_text=r"\bevent|\blog\b"),
    # "we have not any Macintosh"
    rule("macintosh_clients", r"\b(?:have|has)\s+(?:not|no)\s+(?:any\s+)?(?:macintosh|macs?|apple)"
         r"(?:es|s)?\b", False, whole=True, rank=2),
    # "The Response for the services is putted on "Slow""
    rule("response_setting", r"\bresponse\b[^.;]{0,40}?\b(?:is|was)\s+(?:putted|put|set)\s+"
         r"(?:on|to|at)\s+[\"“']?(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=2),
    # "\\NTOLD2 (NT 3.51)"
    rule("server_platform", r"\\\\[\w$-]+\s*\((?:windows\s+)?nt\s+(?:server\s+)?\d", "windows_nt",
         rank=2),
    # "the 6 jobs queued behind the broken one are still all Pending"
    rule("later_jobs_pending", r"\bjobs\s+(?:queued\s+|waiting\s+|stuck\s+|lined\s+up\s+)?behind\b"
         r"[^.;]{0,40}?\b(?:are|were|is|stay|stayed|sit|remain|remained)\s+(?:still\s+)?(?:all\s+)?"
         r"pending\b", True),
    # 'Use Forced Disconnect is putted on both sites (sender and receiver)'
    rule("value_on_target_site", r"\bon\s+both\s+sites\b", True, rank=2,
         needs_sentence=_UFD + r"[^.;]{0,40}?\b(?:is|was)\s+(?:putted|put|set)\b"),
    # Round 13 (holdout14 and holdout15). "None of the three forced disconnect values
    # are in there"; "The delay value still hasn't been created".
    *(rule(fact, r"\bnone\s+of\s+the\s+(?:three\s+)?(?:forced[\s-]+(?:disconnect(?:ion)?|"
           r"delivery)\s+)?(?:registry\s+)?values\s+(?:are|is|were|was)\s+(?:in\s+there|there|"
           r"present|set|in\s+the\s+(?:key|registry|export))\b", None, whole=True, rank=2)
      for fact in ("use_forced_disconnect", "number_of_retries", "forced_disconnection_delay")),
    *(rule(fact, name + r"[\"”]?[^.;?\n]{0,30}?\b(?:value\s+)?(?:still\s+)?(?:has\s*n['’]t|"
           r"has\s+not|had\s*n['’]t|was\s*n['’]t|was\s+not|never)\s+(?:been\s+|ever\s+been\s+)?"
           r"created\b", None, whole=True, rank=2)
      for fact, name in (("number_of_retries", _RETRIES), ("forced_disconnection_delay", _DELAY))),
    # "Use Forced Disconnect was already 1 there"
    rule("use_forced_disconnect", _UFD + r"[\"”]?\s+(?:was|is)\s+already\s+(?:set\s+to\s+)?"
         r"(?P<n>[01])\b(?!\s*(?:minutes?|mins?|days?|hours?|%))", lambda m: int(m["n"])),
    # "23:40 stopped and started SMS_EXECUTIVE"; "I haven't stopped or started any
    # SMS service either".
    rule("despooler_restarted", r"\bstopped\s+and\s+(?:re)?started\s+(?:the\s+)?(?:sms[_\s]?)?"
         r"(?:despooler|executive)\b", True, needs_text=_STUCK),
    rule("despooler_restarted", r"\b(?:have\s*n['’]t|haven['’]t|have\s+not|has\s*n['’]t|hasn['’]t|"
         r"has\s+not)\s+(?:stopped|restarted)(?:\s+or\s+(?:re)?started)?\s+(?:any\s+|the\s+)?"
         r"(?:sms[_\s]?)?(?:despooler|executive|services?)\b", False, whole=True, rank=2,
         needs_text=_STUCK),
    # "got a 109 from the despooler"
    rule("event_109_logged", r"\b(?:got|get|getting|gets|saw|see|seeing|have|had)\s+(?:a|an|the|"
         r"another)\s+(?:event\s+)?(?:id\s+)?109\b", True),
    # Two packages on one share: "holds both the Solitaire and the FreeCell packages",
    # "Office 97 and Project 98 both live under the SMS_APPS share"; "every package gets
    # its own SMS_PKGx share".
    rule("packages_share_one_share", r"\b(?:holds|hosts|contains|carries)\s+both\s+(?:the\s+)?"
         r"[\w .-]{1,30}?\s+and\s+(?:the\s+)?[\w .-]{1,30}?\s+packages\b|\bboth\s+(?:live|sit|are)"
         r"\s+(?:under|on|in)\s+(?:the\s+)?[\w$-]+\s+share\b", True),
    rule("packages_share_one_share", r"\bevery\s+package\s+(?:gets|has)\s+its\s+own\s+(?:\S+\s+)?"
         r"share\b", False, whole=True, rank=2),
    # "Sales can no longer launch CRM from the share"; "the doctors couldn't launch the
    # app at all" (after rights were reset).
    rule("users_cannot_run_package", r"\b(?:can\s+no\s+longer|could\s+no\s+longer|no\s+longer\s+"
         r"able\s+to|still\s+(?:cannot|can['’]t))\s+(?:start|launch|run|open)\s+[\w.-]+"
         r"(?:\s+from\s+the\s+share)?\b", True, whole=True,
         needs_text=r"\brights\b|\bpermissions?\b|\bforced\s+disconnect|\bshare\b"),
    rule("users_cannot_run_package", r"\b(?:could\s*n['’]t|could\s+not|cannot|can['’]t)\s+"
         r"(?:launch|start|run|open)\s+the\s+(?:app|application|program)\b", True, whole=True,
         needs_text=r"\brights\b|\bpermissions?\b|\bforced\s+disconnect"),
    rule("users_cannot_run_package", r"\busers\s+(?:can\s+)?(?:open|run|start|launch)\s+(?:the\s+)?"
         r"[\w.-]+\s+from\s+the\s+share\s+without\s+(?:any\s+)?(?:issues?|problems?|trouble|"
         r"errors?)"
         r"\b", False, whole=True, unless_sentence=r"\bold\b"),
    # "ACROREAD.EXE carries today's date, PLUGINS.DLL and everything after it still have
    # last month's"; "copied about a third of the package".
    rule("package_partially_updated", r"\bstill\s+(?:have|has|carry|carries|show|shows|had)\s+"
         r"(?:the\s+)?(?:old|older|previous|last\s+(?:month|week|year)['’]s)\b", True, whole=True,
         needs_sentence=r"\btoday['’]s\b|\bnew\s+(?:date|version)s?\b"),
    rule("package_partially_updated", r"\bcopied\s+(?:about\s+|only\s+|roughly\s+)?"
         r"(?:a\s+third|half|"
         r"a\s+quarter|two\s+thirds|part|some)\s+of\s+the\s+(?:package|files)\b", True, whole=True),
    # "we don't have a single Mac"
    rule("macintosh_clients", r"\b(?:don['’]t|do\s+not)\s+have\s+(?:a\s+single|any|one)\s+"
         r"mac(?:intosh)?s?\b", False, whole=True, rank=3),
    # "nothing got deleted"
    rule("package_directory_empty", r"\bnothing\s+(?:got|was|has\s+been)\s+deleted\b", False,
         whole=True, needs_text=r"\bpackage\b|\bfolder\b|\bdirectory\b"),
    # "not failed, its retrying"; "Failed? no - still Retrying"
    rule("distribution_failed", r"\bnot\s+failed\b[,.;]?\s+(?:it['’]?s|its|it\s+is)\s+(?:still\s+)?"
         r"retrying\b|\bfailed\s*\?\s*no\b", False, whole=True, rank=3),
    # "it's not SP4, it's SP3"
    rule("service_pack", r"\bnot\s+(?:service\s+pack|sp)\s*[1-5]\s*[,;]\s*(?:it['’]s|it\s+is|but|we"
         r"['’]re\s+on)\s+(?:service\s+pack|sp)\s*(?P<n>[1-5])\b", lambda m: int(m["n"]),
         whole=True, rank=3, needs_text=r"\bsms\b|site\s+server"),
    # "had catalog files open on \\PUBNT1"; "users still had 123W.EXE running from it"
    rule("file_in_use", r"\b(?:had|have|has)\s+(?:the\s+|their\s+|some\s+)?"
         r"(?:[\w-]+\s+){0,2}?files?"
         r"\s+open\s+(?:on|from|off)\b", True),
    rule("file_in_use", r"\b(?:had|have|has)\s+[\w-]+\.(?:exe|dll|mdb|doc|xls|hlp)\s+(?:running|"
         r"open|loaded)(?:\s+(?:from|off|on)\b|\s+when\s+the\s+job\s+ran\b)", True),
    # "Free space is plenty"
    rule("disk_space_sufficient", r"\bfree\s+space\s+is\s+(?:plenty|ample|fine|ok|enough|"
         r"sufficient)\b", True, whole=True),
    # "Pause, waited until it showed Paused, then Continue"; "paused SMS_DESPOOLER and
    # hit continue"; "instead of doing the pause/continue thing".
    rule("despooler_paused_continued", r"\bpause\b[^.;]{0,60}?\bthen\s+(?:hit\s+|clicked\s+)?"
         r"continue\b|\bpaused\s+(?:the\s+)?(?:sms_)?despooler\s+and\s+(?:then\s+)?(?:hit|clicked|"
         r"pressed|did)\s+continue\b", True, needs_text=r"despooler"),
    rule("despooler_paused_continued", r"\binstead\s+of\s+(?:doing\s+)?(?:the\s+|a\s+)?pause\s*"
         r"(?:/|and|&)\s*continue\b", False, whole=True, rank=3),
    # "site is 1.2 with SP2"; "never had a service pack put on it"; "we've since gone
    # to SP3".
    rule("service_pack", r"\b(?:1\.10|1\.[012]|2\.0)\s+(?:with|plus|\+|and)\s+(?:service\s+pack|sp)"
         r"\s*(?P<n>[1-5])\b", lambda m: int(m["n"])),
    rule("service_pack", r"\bnever\s+had\s+(?:a|any)\s+service\s+packs?\b", 0, whole=True,
         needs_text=r"\bsms\b"),
    rule("service_pack", r"\bsince\s+(?:gone|moved|upgraded)\s+to\s+(?:service\s+pack|sp)\s*"
         r"(?P<n>[1-5])\b", lambda m: int(m["n"]), rank=3, needs_text=r"\bsms\b"),
    # "only the other three servers has it"
    rule("one_server_missed", r"\bonly\s+the\s+other\s+(?:two|three|four|five|\d+)\s+"
         r"(?:servers?\s+)?"
         r"(?:has|have|got)\s+(?:it|the\s+package)\b", True),
    # "some user was having the file open"; "Users open MSACCESS.EXE from it all day".
    rule("file_in_use", r"\b(?:was|were)\s+having\s+(?:the\s+|a\s+|some\s+)?files?\s+open\b", True),
    rule("file_in_use", r"\b(?:users|people|staff|clerks)\s+(?:open|run|use)\s+[\w-]+\.(?:exe|mdb|"
         r"xls|doc|dll)\s+(?:from|off|on)\s+(?:it|there|the\s+share|that\s+share)\b", True),
    # Jobs after the stuck one: "every job created after it ... is Pending"; "the jobs
    # we sent after the stuck one ... all went through to Complete".
    rule("later_jobs_pending", r"\bevery\s+job\s+(?:created|sent|queued)\s+after\b[^.;]{0,60}?\b"
         r"(?:is|are|stays?|sits?)\s+(?:still\s+)?(?:in\s+)?pending\b|\beverything\s+(?:sent|"
         r"queued|"
         r"created)\b[^.;]{0,60}?\b(?:is|are)\s+(?:sitting|stuck|still|waiting)?\s*"
         r"(?:in\s+)?pending\b",
         True),
    rule("later_jobs_pending", r"\b(?:jobs|ones)\s+(?:we\s+)?(?:sent|queued|created)\s+after\b"
         r"[^.;]{0,60}?\ball\s+(?:\w+\s+of\s+them\s+)?(?:went\s+through|completed|finished)\b",
         False,
         whole=True),
    # "Not one file in ... has changed"; "hasn't managed to copy any of the 3.2 files"
    rule("package_partially_updated", r"\bnot\s+(?:one|a\s+single)\s+file\b[^.;]{0,60}?\bhas\s+"
         r"(?:changed|been\s+updated|been\s+replaced)\b|\bhas\s*n['’]t\s+(?:managed\s+to\s+)?"
         r"cop(?:y|ied)\s+any\s+of\s+the\b", False, whole=True),
    # "WPWIN.EXE and everything after it are still the old version"; "~1/3 of files new,
    # rest old"
    rule("package_partially_updated", r"\b(?:are|is)\s+still\s+(?:the\s+)?(?:old|previous)\s+"
         r"(?:versions?|ones?|files?)\b", True, whole=True, needs_sentence=r"\bnew\b"),
    rule("package_partially_updated", r"\b\d/\d\s+of\s+(?:the\s+)?files\s+(?:are\s+)?new\b", True,
         whole=True),
    # "holds five packages side by side"
    rule("packages_share_one_share", r"\b(?:holds|hosts|contains|has)\s+(?:two|three|four|five|six|"
         r"several|many|\d+)\s+packages\b", True, needs_text=r"\bshare\b"),
    # "Leeds being the target site"; "OSL-SS (target site OSL)"; "on both the parent
    # (CHI) and the child (MKE)".
    rule("value_on_target_site", r"\b[\w-]+\s+being\s+the\s+(?:target|receiving|destination)\s+"
         r"site\b|\((?:the\s+)?(?:target|receiving|destination)\s+site(?:\s+[\w-]+)?\)|"
         r"\bon\s+both\s+"
         r"the\s+(?:parent|sending|central)\b[^.;]{0,30}?\band\s+the\s+(?:child|receiving|"
         r"target)\b",
         True, needs_sentence=_UFD + r"|\bretries\b"),
    # "the retries/delay values, neither of them exists in the registry"
    *(rule(fact, r"\bretries\b[^.;]{0,20}?\bdelay\b[^.;]{0,40}?\bneither\b[^.;]{0,20}?\b(?:exists?|"
           r"there|present)\b", None, whole=True, rank=2)
      for fact in ("number_of_retries", "forced_disconnection_delay")),
    # '"Failed to deltree" in despool.log - no, there's no such line'
    rule("deltree_failed", r"\bfailed\s+to\s+deltree\b[\"”]?[^\n]{0,40}?"
         r"(?:[-–:]\s*no\b|\bno\s+such\s+"
         r"line\b|\bnot\s+(?:there|found|present)\b|\bthere\s+(?:is|are|was|were)\s+none\b)", False,
         whole=True, rank=3),
    # "We applied the hotfix from Q167656"; "we never applied any hotfixes"
    rule("q167656_fix_installed", r"\b(?:applied|installed|put\s+on|added)\s+the\s+(?:hot)?fix\s+"
         r"(?:from|in|of)\s+q?167656\b", True),
    rule("q167656_fix_installed", r"\bnever\s+(?:applied|installed)\s+any\s+hot\s*fix(?:es)?\b",
         False, whole=True, needs_text=r"167656"),
    # "looking for error 32 and there isn't any"
    rule("win32_error_32", r"\blooking\s+for\s+(?:win32\s+)?error\s*=?\s*32\b"
         r"[^.;]{0,30}?\b(?:there\s+"
         r"is\s*n['’]t\s+any|there\s+are\s+none|found\s+none|nothing)\b", "not_logged", whole=True,
         rank=2),
    # "Response stays on Slow"
    rule("response_setting", r"\bresponse\s+(?:stays|remains|stayed|remained|is\s+still)\s+"
         r"(?:on|at)\s+"
         r"(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=2),
    # A registry listing whose heading says its server is the receiving site's:
    # "Export from PRI01, the primary that receives the package from CEN:", "on
    # SYD-SS1 (site SYD receives the package from the parent site ASP)", with Use
    # Forced Disconnect on (non-zero) in it.
    rule("value_on_target_site", r"(?im:^[^\n]{0,40}\b(?:export(?:ed)?|regedt32|regedit|"
         r"reg\s+query|listing)\b[^\n]{0,100}?\b(?:receives|receiving|gets|"
         r"is\s+getting)\s+the\s+package\b)",
         True, whole=True,
         needs_text=r"forced\s+disconnect[\"”]?(?:\s*=\s*dword:0*[1-9a-f]|\s*:\s*reg_dword\s*:\s*"
                    r"0x0*[1-9a-f]|\s+reg_dword\s+0x0*[1-9a-f])"),
    # Round 14 (holdout16). A value deleted: "I deleted the Forced Disconnection Delay
    # In Minutes value altogether"; "there is no delay value in it".
    *(rule(fact, r"\b(?:deleted|removed)\s+(?:the\s+)?[\"“]?" + name[2:] + r"\b", None, whole=True,
           rank=2)
      for fact, name in (("number_of_retries", _RETRIES), ("forced_disconnection_delay", _DELAY))),
    # (Use Forced Disconnect only as a value: "removed Use Forced Disconnect" may be the
    # feature turned off.)
    rule("use_forced_disconnect", r"\b(?:deleted|removed)\s+(?:the\s+)?[\"“]?(?:use\s+)?forced?\s+"
         r"disconnect[\"”]?\s+value\b", None, whole=True, rank=2),
    rule("forced_disconnection_delay", r"\bno\s+(?:forced\s+disconnection\s+)?delay\s+value"
         r"\b", None,
         whole=True, needs_text=_UFD),
    rule("number_of_retries", r"\bno\s+retr(?:y|ies)\s+value\b", None, whole=True,
         needs_text=_UFD),
    # "[ ] Refresh existing distribution servers" in a job's details; "the "refresh
    # existing distrubution servers" box ticked".
    rule("refresh_existing_servers", r"(?m:^[ \t]*\[[ \t]?\][ \t]*refresh\s+existing\b)", False,
         whole=True, rank=3),
    rule("refresh_existing_servers", r"\brefresh\s+existing\s+distr\w*\s+servers[\"”']?\s+"
         r"(?:box\s+|"
         r"option\s+)?(?:ticked|checked|selected|enabled)\b", True, whole=True,
         unless_sentence=r"\bwithout\b|\bnot\b|n['’]t\b"),
    # "not a single 109"
    rule("event_109_logged", r"\bnot\s+(?:a\s+single|one)\s+(?:event\s+)?109\b", False, whole=True,
         rank=2),
    # "nobody has stopped/started SMS_Despooler or the Executive"
    rule("despooler_restarted", r"\b(?:nobody|no\s+one)\s+has\s+(?:stopped|restarted)(?:\s*/\s*"
         r"(?:re)?started|\s+or\s+(?:re)?started)?\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|"
         r"executive)\b",
         False, whole=True, rank=2),
    # "the old files are all still there"
    rule("package_directory_empty", r"\bold\s+files\s+are\s+(?:all\s+)?still\s+there\b|"
         r"\bstill\s+has"
         r"\s+all\s+(?:of\s+)?its\s+(?:old\s+)?files\b", False, whole=True),
    # "Everything we created after it ... went through normally"
    rule("later_jobs_pending", r"\b(?:everything|all\s+(?:the\s+)?jobs?)\s+(?:we\s+)?(?:sent|"
         r"queued|"
         r"created)\s+after\b[^.;]{0,60}?\b(?:went\s+through|completed|finished|ran)\b", False,
         whole=True),
    # "nope, its own share, nothing else lives there"
    rule("packages_share_one_share", r"\b(?:has\s+)?(?:its|it['’]s)\s+own\s+share\b|"
         r"\bnothing\s+else\s+"
         r"(?:lives|is|sits)\s+(?:there|in\s+there|on\s+it|under\s+it|in\s+it)\b", False,
         whole=True, rank=2),
    # "The Visio package lives on the same SMS_APPS share as Office"
    rule("packages_share_one_share", r"\b(?:lives?|sits?|is|are)\s+on\s+the\s+same\s+"
         r"(?:\S+\s+)?share"
         r"\s+as\b", True),
    # "the DP has loads of room, the package would fit ten times over"
    rule("disk_space_sufficient", r"\b(?:loads|plenty|lots)\s+of\s+(?:room|space)\b|"
         r"\bwould\s+fit\s+"
         r"(?:\w+\s+times\s+over|easily)\b", True, whole=True,
         needs_text=r"\bpackage\b|\bdp\b|\bdistribution\b"),
    # "four files got replaced and the other eleven didn't"
    rule("package_partially_updated", r"\b\w+\s+files\s+(?:got|were)\s+(?:replaced|updated|"
         r"copied)\s+"
         r"and\s+the\s+other\s+\w+\s+(?:didn['’]t|did\s+not|were\s*n['’]t|weren['’]t)\b", True,
         whole=True),
    # "PAYDS3 never received the package" (the job said Complete)
    rule("one_server_missed", r"\bnever\s+(?:received|got)\s+(?:the\s+package|anything)\b", True,
         whole=True,
         needs_text=r"\bcomplete\b"),
    # "we're on SP4, not SP3"
    rule("service_pack", r"\bwe['’]re\s+on\s+(?:service\s+pack|sp)\s*(?P<n>[1-5])\s*,?\s+not\s+"
         r"(?:service\s+pack|sp)\s*[1-5]\b", lambda m: int(m["n"]), whole=True, rank=3,
         needs_text=r"\bsms\b|site\s+server"),
)
