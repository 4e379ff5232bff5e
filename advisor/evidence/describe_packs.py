"""Statements of the facts that single rule packs declare (rules/Q*.yaml
``facts:``), read the same way as those of :mod:`advisor.evidence.describe_rules`."""

from __future__ import annotations

import itertools
import re

from advisor.evidence.describe_rules import NOTHING, Rule, rule
from advisor.facts import FactValue

__all__ = ["PACK_RULES"]


def _counts_now(match: re.Match[str]) -> FactValue:
    # Only the counts logged, not the job numbers on the same lines.
    counts = re.findall(r"retry\s+count\s+is\s+now\s+(\d+)", match.group(), re.IGNORECASE)
    steps = {int(a) - int(b) for a, b in itertools.pairwise(counts)}
    return True if steps == {2} else False if steps == {1} else NOTHING


def _drops_by_two(match: re.Match[str]) -> FactValue:
    counts = [int(n) for n in re.findall(r"\d+", match["seq"])]
    steps = {a - b for a, b in itertools.pairwise(counts)}
    return True if steps == {2} else False if steps == {1} else NOTHING


_JOBS_AFTER = (r"\b(?:every|all|each|the\s+other|later|newer)\s+(?:\w+\s+)?jobs?\b"
               r"(?:\s+(?:we|i)\s+(?:create|created|send|sent|make|made))?"
               r"(?:\s+(?:created|sent|made|submitted|queued|that\s+came))?(?:\s+after\s+"
               r"(?:that|this|it|job\s+\S+|the\s+\w+\s+one)(?:\s+one)?)?\s+(?:just\s+)?(?:is|are|"
         r"stays?|remains?|sits?|sit|stay|"
               r"remain)\s+(?:all\s+)?(?:still\s+)?(?:stuck\s+)?(?:sitting\s+|staying\s+|"
         r"waiting\s+)?"
               r"(?:in\s+|at\s+)?pending\b")
_ERROR_32 = r"\b(?:win32\s+)?err(?:or)?\s*(?:=\s*)?32\b"
_SPACE = (r"(?:\b(?:drive|disk|volume|server|partition|dp)|\b[c-z]:(?:\s+on\s+\S+)?)\s+"
          r"(?:still\s+)?(?:has|had|"
         r"shows?)"
          r"\s+(?:plenty\s+of\s+|lots\s+of\s+|tons\s+of\s+|loads\s+of\s+|a\s+lot\s+of\s+|"
         r"enough\s+)?(?:\d+(?:[.,]\d+)?\s*(?:[gmk]b|gigs?|megs?)"
          r"\s+)?(?:of\s+)?(?:free|disk\s+space|space)\b|(?<!not )\b(?:plenty\s+of|enough)\s+"
          r"(?:free\s+)?(?:disk\s+)?space\b")
# "not enough disk space" is what Event 109 says, true or not: it is read from
# what the drive has or is ("2 GB free", "completely full").

PACK_RULES: tuple[Rule, ...] = (
    # Q153576: the job says complete but one server never got the package.
    rule("one_server_missed", r"\b(?:never|did\s*n['’]?t|did\s+not)\s+(?:got|get|receive[d]?)\s+"
         r"(?:anything|it|the\s+package|a\s+(?:single\s+)?(?:file|thing)|any\s+(?:of\s+the\s+)?"
         r"files?)\b|\bhas\s+no\s+copy\b", True, whole=True,
         needs_text=r"\b(?:says|shows?|is|was|marked|status\s*:)\s+(?:as\s+)?complete[ds]?\b"),
    rule("one_server_missed", r"\b(?:every|each)\s+(?:dp|distribution\s+(?:point|server)|server)\s+"
         r"(?:did\s+)?(?:get|got|received)\b|\bnone\s+left\s+out\b", False, whole=True),
    rule("one_server_missed", r"\bnone\s+(?:of\s+them\s+)?(?:were\s+|was\s+)?(?:missed|skipped)\b|"
         r"\ball\s+"
         r"(?:\w+\s+)?(?:of\s+the\s+)?(?:distribution\s+|dist\s+)?servers\s+(?:did\s+)?(?:get|got|"
         r"received)\s+"
         r"(?:the\s+package|it)\b", False, whole=True),
    rule("one_server_missed", r"\bone\s+(?:of\s+the\s+(?:\w+\s+)?)?(?:distribution\s+)?(?:servers?"
         r"|points?)\s+(?:never\s+(?:got|received)|did\s*n['’]?t\s+(?:get|receive)|did\s+not\s+"
         r"(?:get|receive)|was\s+(?:skipped|missed)|missed)\b", True, whole=True,
         needs_sentence=r"\bcomplete[ds]?\b|\bsuccess|\bfinished\b|\bdone\b"),
    # Q153637: the log's "Failed to deltree".
    rule("deltree_failed", r"\bno\s+[\"“]?(?:failed\s+to\s+)?deltree[\"”]?\s+(?:errors?|lines?|"
         r"messages?)\b", False, whole=True),
    rule("deltree_failed", r"\bfail(?:ed|s|ure)?\s+to\s+deltree\b|\bdeltree\s+(?:failed|fails|"
         r"failure)\b", True),
    # Q161043: the jobs after a bad instruction all stay Pending.
    rule("later_jobs_pending", _JOBS_AFTER, True),
    rule("later_jobs_pending", r"\b(?:everything|all|every\s+job|jobs?)\s+(?:queued|sent|"
         r"created)\s+"
         r"(?:after|behind)\s+(?:it|this|that)\b[^.;?]{0,30}?\bpending\b|\b\d+\s+jobs\s+behind\s+"
         r"it\b[^.;]{0,20}?\bpending\b", True),
    rule("later_jobs_pending", r"\b(?:every|all|each)\s+(?:\w+\s+)?jobs?\s+(?:we|i)\s+(?:have\s+|"
         r"had\s+)?(?:created|sent|made|submitted)\b[^.;]{0,40}?\b(?:sits?|stays?|is|are|remains?)\s+"
         r"(?:still\s+)?(?:at|in|on)\s+pending\b", True, whole=True),
    rule("later_jobs_pending", r"\bjobs?\s+(?:that\s+)?(?:we|i)?\s*(?:created|sent|made)\s+after\b"
         r"[^.;]{0,40}?\b(?:run|ran|go|went|going|complete|completed|finish|finished)\s+"
         r"(?:through\s+)?(?:fine|normally|ok)\b|"
         r"\bnothing\s+(?:\w+\s+)?(?:waits|stuck|sits|waiting|sitting)\s+(?:at|on|in)\s+pending\b",
         False, whole=True),
    rule("later_jobs_pending", r"\bjobs?\s+(?:that\s+)?(?:i|we)\s+"
         r"(?:created|sent|made|submitted|queued)\s+"
         r"after\s+(?:that|this|it)(?:\s+one)?(?:\s*\([^()\n]{0,60}\))?\s+(?:are|is|stay|sit|"
         r"remain)\s+(?:all\s+)?(?:still\s+)?"
         r"(?:stuck\s+)?(?:in\s+|at\s+)?pending\b", True),
    rule("later_jobs_pending", r"\b(?:newer|later|other|new|the\s+next)\s+jobs\s+"
         r"(?:go|get|went|got|"
         r"are\s+going)\s+through\b|\bjobs\s+after\s+(?:this|that|it)(?:\s+one)?\s+go\s+through\b|"
         r"\bjobs\s+(?:created|sent|made)\s+(?:afterwards|after\s+(?:it|that|"
         r"this))\s+(?:are\s*n['’]t|"
         r"are\s+not)\s+stuck\b|\bjobs\s+(?:i|we)\s+(?:sent|created|made)\s+after\s+(?:this|that|"
         r"it)"
         r"(?:\s+one)?\s+(?:all\s+)?went\s+through\b", False, whole=True),
    # Q167656: permissions set by hand on the package's share or files.
    rule("permissions_set_by_hand", r"\b(?:nobody|no\s+one|never)\s+(?:\w+\s+)?(?:edited|changed|"
         r"touched|set)\s+(?:them|(?:the\s+)?(?:permissions|acls?))\b[^.;]{0,40}?\b(?:manually|"
         r"by\s+hand)\b", False, whole=True),
    # Nobody touched them; they are SMS's own ("whatever the SMS Administrator puts
    # there", "what SMS sets", "the defaults").
    rule("permissions_set_by_hand", r"\b(?:nobody|no\s+one)\s+(?:has\s+|had\s+)?(?:ever\s+)?"
         r"(?:touched|changed|edited|modified)\s+(?:the\s+)?(?:share\s+|ntfs\s+)?"
         r"(?:permissions|acls?)\b|\bpermissions\b[^.;]{0,40}?\b(?:are|is|they['’]re)\s+(?:just\s+)?"
         r"(?:whatever\s+(?:the\s+)?sms\b|what\s+sms\s+(?:sets|set|gives|makes|creates)\b)|"
         r"\bpermissions\b[^.;]{0,40}?\b(?:are|is)\s+(?:still\s+)?(?:the\s+)?(?:sms\s+)?defaults?\b",
         False, whole=True),
    rule("permissions_set_by_hand", r"\b(?:gave|granted|removed|added|"
         r"set)\b[^.;]{0,80}?\b(?:by\s+hand|"
         r"manually)\b", True,
         needs_sentence=r"\b(?:permissions?|rights|ntfs|change|read|full\s+control|acls?)\b"),
    rule("permissions_set_by_hand", r"\bhand-?set\b[^.;]{0,20}?\bpermissions\b|"
         r"\b(?:given|gave|granted|set|added|assigned)\b[^.;]{0,50}?"
         r"\bpermissions?\b[^.;]{0,40}?\b(?:myself|ourselves|by\s+hand|manually)\b|"
         r"\bpermissions\b[^.;]{0,40}?\bby\s+hand\b|\b(?:set|changed|"
         r"gave|assigned|added|customi[sz]ed|edited)\s+(?:\w+\s+){0,3}?(?:ntfs\s+|"
         r"share\s+)?permissions\s+(?:by\s+hand|manually)\b|\b(?:custom|special|"
         r"manual)\s+(?:ntfs\s+|"
         r"share\s+)?permissions\b", True),
    # Q173995: several packages below one share.
    rule("packages_share_one_share", r"\bshare\b[^.;]{0,40}?\bholds\s+(?:\d+|several|many|multiple|"
         r"all\s+(?:our|the))\s+(?:\w+\s+)?packages\b", True),
    rule("packages_share_one_share", r"\bshare\s+is\s+(?:also\s+)?used\s+by\s+(?:\w+\s+){0,2}?"
         r"other\s+packages\b|\bother\s+packages\s+(?:use|share|live\s+on|sit\s+on)\s+(?:the\s+)?"
         r"same\s+share\b", True),
    rule("packages_share_one_share", r"\b(?:packages|they|apps|applications)\s+(?:each\s+|all\s+)?"
         r"(?:have|get|use)\s+(?:each\s+)?their\s+own\s+(?:separate\s+)?shares?\b|\beach\s+"
         r"(?:package|app|application)\s+(?:has|gets|uses)\s+(?:a|its)\s+own\s+share\b", False,
         whole=True),
    rule("packages_share_one_share", r"\b(?:has|gets|uses)\s+(?:a|its)\s+(?:share|"
         r"directory)\s+of\s+"
         r"its\s+own\b|\b(?:has|gets|uses)\s+its\s+own\s+share\b", False, whole=True),
    rule("packages_share_one_share", r"\b(?:all|several|many|\d+)\s+(?:of\s+)?(?:our\s+)?"
         r"(?:shared\s+)?(?:apps|applications|packages|programs)\s+(?:\w+\s+)?(?:live|sit|are|reside)\s+(?:all\s+)?"
         r"(?:under|on|in)\s+(?:one|a\s+single|the\s+same)\s+share\b", True),
    rule("packages_share_one_share", r"\b(?:same|one|a\s+single)\s+(?:\S+\s+)?(?:distribution\s+)?"
         r"share\b", True, needs_sentence=r"\b(?:packages|others|other\s+package)\b",
         unless=r"\bone\s+share\s+(?:per|for\s+each)\b"),
    # Q182414: users are refused the package share after the update.
    rule("users_cannot_run_package", r"\busers\s+(?:cannot|can['’]t|can\s+not|could\s*n['’]t|"
         r"could\s+not|are\s+unable\s+to|are\s+not\s+able\s+to)\s+(?:run|start|open|access|get\s+"
         r"to|use|launch)\s+(?:the\s+)?(?:program|package|app|application|share|files?|setup)\b|"
         r"\busers\s+(?:(?:on|in|at|from)\s+(?:the\s+)?[\w-]+(?:\s+\w+)?\s+)?(?:get|got|see|"
         r"are\s+getting)\s+(?:an?\s+)?[\"“'‘]?access\s+(?:is\s+)?denied",
         True,
         whole=True),
    rule("users_cannot_run_package", r"\b(?:cannot|can['’]t|could\s*n['’]t|unable\s+to)\s+"
         r"(?:start|run|launch|open)\s+(?:\S+\s+){0,3}?(?:from|off)\s+(?:the\s+)?(?:\S+\s+)?(?:share|"
         r"drive|server|package)\b", True, whole=True,
         needs_sentence=r"access\s+(?:is\s+)?denied|\bpermissions?\b|\bsince\b"),
    rule("users_cannot_run_package", r"\bnone\s+of\s+the\s+users\s+(?:report|have|had|see)\s+"
         r"(?:any\s+)?(?:problems?|trouble|issues?|errors?)\s+(?:starting|running|launching|"
         r"opening)\b", False, whole=True),
    rule("users_cannot_run_package", r"[\"“'‘]?access\s+(?:is\s+)?denied[\"”'’]?\s+when\s+"
         r"(?:starting|"
         r"running|opening|launching)\b", True),
    rule("users_cannot_run_package", r"\busers\s+(?:can|could)\s+(?:still\s+)?(?:run|start|open|"
         r"launch|access|use)\b", False, whole=True,
         unless=r"\bnot\b|n['’]t\b|\bnobody\b|\bno\s+one\b"),
    # Q184489: the package directory left empty.
    rule("package_directory_empty", r"\b(?:package\s+)?(?:directory|folder|dir)\s+is\s+full\b",
         False,
         whole=True),
    rule("package_directory_empty", r"\b(?:package\s+)?(?:directory|folder|share|dir)\b[^.;]{0,50}?"
         r"\b(?:is|was)\s+(?:\w+\s+)?bare\b|\b(?:package\s+)?(?:directory|folder|share|"
         r"dir)\b(?:(?!\b(?:room|office|building|floor|queue|inbox)\b)[^.;:]){0,50}?"
         r"\b(?:is|was|are|were|got|has\s+been|left|isn['’]t|wasn['’]t|is\s+not)\s+(?:\w+\s+)?"
         r"empty\b|\bempty\s+(?:package\s+)?"
         r"(?:directory|folder)\b", True),
    rule("macintosh_clients", r"\b(?:macintosh|mac)\s+(?:users?|clients?|workstations?|machines?|"
         r"designers|"
         r"people|folks|staff|"
         r"computers?)\b|\bmacs\b|\bmacintoshes\b", True),
    # Q167656: the fix for permissions reset on a package's share.
    rule("q167656_fix_installed", r"\bq?167656\s+(?:fix|hotfix|"
         r"patch)\b[^.;]{0,60}?\b(?:went\s+on(?:to)?|"
         r"(?:was\s+)?(?:applied|installed))\b|\b(?:have|has)\s+(?:the\s+)?q?167656\s+(?:fix|hotfix|"
         r"patch)\b|"
         r"\bincludes?\s+the\s+q?167656\b", True),
    rule("q167656_fix_installed", r"\b(?:applied|installed|put(?!\s+off)|added)\s+(?:the\s+)?"
         r"q?167656\s+(?:\w+\s+)?(?:fix|hotfix|patch)\b|\bq?167656\s+(?:fix|hotfix|patch)\s+(?:is|was|has\s+"
         r"been)\s+(?:already\s+|definitely\s+)?(?:not\s+)?(?:applied|installed|on|in)\b", True),
    # Q184512: the job sent with "Refresh Existing Distribution Servers".
    rule("refresh_existing_servers", r"\brefresh\s+existing\s+(?:distribution\s+|dist\s+)?servers\b"
         r"(?:(?:\s+(?:option|box|check\s*box))?\s+(?:was|is|were)(?:\s+not|n['’]t)?\s+(?:ticked|"
         r"checked|selected|on|enabled|set)\b)?", True),
    rule("refresh_existing_servers", r"\brefresh\s+existing\s+(?:distribution\s+)?servers\b[\"”']?"
         r"(?:\s+(?:option|box|check\s*box))?\s+(?:was|is)\s+(?:left\s+)?(?:unticked|unchecked|"
         r"cleared|off)\b",
         False, whole=True, rank=2),
    rule("refresh_existing_servers", r"\brefresh\s+existing\s+(?:distribution\s+)?servers\b[\"”']?"
         r"(?:\s+(?:option|box|check\s*box))?\s+(?:(?:was|is|were)\s+)?(?:not|n['’]t)\s+(?:ticked|"
         r"checked|selected|enabled|set|on)\b", False, whole=True, rank=2),
    # Q191360: the retry count goes down by two.
    rule("retry_count_drops_by_two", r"\bretry\s+count\b[^.;]{0,60}?\b(?:goes|go|drops?|dropping|"
         r"falls?|decreases?|decrements?|counts?)\s+(?:down\s+)?by\s+(?:two|2)\b|\b(?:drops?|goes"
         r"\s+down|decreases?|falls?|decrements?)\s+(?:by\s+)?(?:two|2)\s+(?:at\s+a\s+time|each\s+"
         r"time|every\s+time|per\s+retry)\b", True),
    rule("retry_count_drops_by_two",
         r"(?P<seq>(?:\bretry\s+count\s+is\s+now\s+\d{1,3}\b\D{0,40}?){3,})",
         _drops_by_two, whole=True),
    rule("retry_count_drops_by_two", r"\b(?:goes\s+down|drops?|decreases?|falls?|counts?\s+down)\s+"
         r"(?:by\s+)?(?:one|1)\s+(?:at\s+a\s+time|each\s+time|every\s+time|per\s+retry)\b", False,
         whole=True),
    rule("retry_count_drops_by_two", r"\bretry\s+count\b(?:[^.;]|\.\w){0,60}?"
         r"(?P<seq>\b\d{1,3}(?:[\"”']?"
         r"\s*,?\s*(?:then\s+)?\d{1,3}){2,}\b)", _drops_by_two, whole=True),
    # Q193766: Event 109 while the disk has room.
    rule("event_109_logged", r"\bevent\s*(?:id\s*)?(?:[=:]\s*)?109\b", True),
    # Event Viewer saved as text: "4/23/99,2:11:09 AM,SMS,Error,None,109,N/A,..."
    rule("event_109_logged", r"(?m:^[^\n]*\bsms,\s*(?:error|warning),[^\n,]*,\s*109\s*,)", True,
         whole=True),
    rule("event_109_logged", r"\bno\s+(?:event\s*)?109s\b|\bno\s+109\s+events\b|"
         r"\bno\s+(?:event\s*(?:id\s*)?)?109\s+(?:in|anywhere)\b|\bevent\s*(?:id\s*)?109\s+"
         r"(?:is|was)\s*(?:n['’]t|\s+not)\s+(?:in|there)\b", False, whole=True, rank=2),
    rule("disk_space_sufficient",
         r"\bthere['’]?s\s+\d+(?:[.,]\d+)?\s*(?:[gmk]b|gigs?|megs?)\s+free\b|"
         r"\bthere\s+is\s+\d+(?:[.,]\d+)?\s*(?:[gmk]b|gigs?|megs?)\s+free\b", True,
         unless=r"\bevent\b|\bsays\b|\breports?\b|\bclaims?\b|\bcomplains?\b"),
    rule("disk_space_sufficient", _SPACE, True,
         unless=r"\bevent\b|\bsays\b|\breports?\b|\bclaims?\b|\bcomplains?\b"),
    rule("disk_space_sufficient", r"\b(?:drive|disk|volume|partition)\b[^.;]{0,50}?\b(?:is|was)\s+"
         r"(?:completely\s+|totally\s+|really\s+|actually\s+|genuinely\s+|truly\s+)?full\b|"
         r"\b(?:is|was)\s+(?:completely\s+|"
         r"totally\s+|really\s+)?out\s+of\s+(?:disk\s+)?(?:space|room)\b|\b(?:drive|disk|"
         r"volume)\s+is\s+down"
         r"\s+to\s+\d+\s*[mk]b\b|\b(?:is|was)\s+(?:9\d|"
         r"100)\s*%\s+full\b",
         False, whole=True,
         unless=r"\bevent\b|\bsays\b|\breports?\b|\bclaims?\b|\bcomplains?\b"),
    rule("win32_error_32", _ERROR_32, "instruction_file",
         needs_sentence=r"\.ins\b|\binstruction\s+files?\b"),
    # A log pasted line by line: the file named on the line before.
    rule("win32_error_32", r"(?:\.ins\b|\binstruction\s+file\b)[^;]{0,160}?" + _ERROR_32,
         "instruction_file", whole=True),
    rule("win32_error_32", r"\bcopying\b(?:(?!\.ins\b)[^;]){0,160}?" + _ERROR_32, "package_file",
         whole=True),
    rule("win32_error_32", r"\b(?:grepped|searched|looked|checked)\b[^;]{0,40}?\bfor\s+[\"“]?"
         + _ERROR_32
         + r"[\"”]?[^.;]{0,10}?\b(?:nothing|(?:no|zero|0)\s+(?:hits?|matches?)|not\s+found)\b",
         "not_logged", whole=True, rank=2),
    # "nothing about Win32 Error = 32 in Despool.log", 'no "Win32 Error = 32" anywhere'
    rule("win32_error_32", r"\b(?:nothing|no\s+mention|no\s+trace)\s+(?:about|of)\s+[\"“]?"
         + _ERROR_32
         + r"|\bno\s+[\"“]" + _ERROR_32, "not_logged", whole=True, rank=2),
    # findstr /i "Win32 Error = 32" despool.log returned nothing
    rule("win32_error_32", r"\b(?:findstr|grep|find)\b[^;\n]{0,20}?[\"“]?" + _ERROR_32
         + r"[\"”]?[^.;\n]{0,40}?\b(?:returned|returns|gave|gives|found|finds|shows?|printed)\s+"
         r"(?:nothing|no\s+(?:hits?|matches?|lines?|results?))\b", "not_logged", whole=True,
         rank=2),
    rule("win32_error_32", _ERROR_32 + r"(?:[^.;]|\.\w){0,40}?(?:\bis\s*n['’]t|\bis\s+not|"
         r"\bnot)\s+(?:in\s+there|there|in\s+(?:the\s+)?log|logged)\b|\bno\s+(?:sign\s+of\s+"
         r")?(?:win32\s+)?"
         r"error\s*(?:=\s*)?32\b", "not_logged", whole=True, rank=2),
    rule("win32_error_32", _ERROR_32, "package_file",
         needs_sentence=r"\bpackage\s+files?\b|\bcopying\b|\bcopies\b|\bcopy\b|\.exe\b|"
         r"\bsetup\.exe\b",
         unless_sentence=r"\.ins\b|\binstruction\s+files?\b"),
    # Round six (holdout7): other ways of saying what is said above.
    rule("retry_count_drops_by_two", r"(?:\bretry\s+count\s+is\s+now\s+\d{1,3}\b"
         r"(?:(?!\bretry\s+count\b)[\s\S]){0,80}?){2,}\bretry\s+count\s+is\s+now\s+\d{1,3}\b",
         _counts_now, whole=True),
    rule("users_cannot_run_package", r"\b(?:they|people|everyone|users)\s+(?:get|got|receive|"
         r"received|see)\s+"
         r"(?:an?\s+)?[\"“'‘]?access\s+(?:is\s+)?denied\b|\b(?:nobody|"
         r"no\s+one)\b[^.;]{0,30}?\bcan\s+"
         r"(?:start|run|open|launch|execute)\b|\busers\s+cannot\s+execute\b", True, whole=True),
    # Other names for the users: "my whole team gets Access denied", "none of the
    # students could run the package".
    rule("users_cannot_run_package", r"\b(?:students|staff|employees|(?:my|our|the)\s+(?:whole\s+)?"
         r"(?:team|department|office|staff)|clients|everybody|all\s+users)\s+(?:\w+\s+)?(?:get|"
         r"gets|got|receive|received|see|sees)\s+(?:an?\s+)?[\"“'‘]?access\s+(?:is\s+)?denied\b|"
         r"\bnone\s+of\s+(?:the|my|our)\s+(?:users|students|staff|people|team|clients)\s+(?:could|"
         r"can)\s+(?:\w+\s+)?(?:run|start|open|launch|execute|use)\b", True, whole=True),
    rule("users_cannot_run_package", r"\b(?:they|people|everyone)\s+(?:can|"
         r"could)\s+(?:still\s+|all\s+|now\s+)?(?:run|"
         r"start|open|launch|access|use)\b", False, whole=True,
         unless=r"\bnot\b|n['’]t\b|\bnobody\b|\bno\s+one\b"),
    rule("q167656_fix_installed", r"\b(?:has|have)\s+the\s+q?167656\s+(?:\w+\s+)?(?:fix|hotfix|"
         r"patch)\s+"
         r"(?:applied|installed)\b", True),
    rule("q167656_fix_installed", r"\bq?167656\s+(?:\w+\s+)?(?:fix|hotfix|patch)\s+(?:is\s*n['’]t|"
         r"is\s+not|"
         r"was\s*n['’]t|was\s+not)\s+(?:on|installed|applied|present|there)\b|"
         r"\b(?:have|has|had)\s*(?:n['’]t|\s+not)\s+(?:yet\s+)?(?:put|applied|installed)\s+"
         r"(?:the\s+)?q?167656\s+(?:\w+\s+)?(?:fix|hotfix|patch)\b", False, whole=True),
    rule("permissions_set_by_hand", r"\b(?:nobody|no\s+one)\s+has\s+(?:ever\s+)?(?:hand-edited|"
         r"hand-set|"
         r"edited|changed)\s+(?:the\s+)?permissions\b", False, whole=True),
    rule("one_server_missed", r"\b(?:never|did\s*n['’]?t|did\s+not)\s+(?:got|get|"
         r"receive[d]?)\s+the\s+"
         r"package\b", True, whole=True, needs_text=r"\bwent\s+to\s+complete\b"),
    rule("one_server_missed", r"\ball\s+(?:\w+\s+)?(?:of\s+them\s+)?(?:have|got|received)\s+"
         r"it\b", False, whole=True, needs_sentence=r"\bservers?\b|\bdps?\b"),
    rule("one_server_missed", r"\bthe\s+package\s+is\s+on\s+all\s+of\s+them\b|"
         r"\bon\s+all\s+(?:of\s+)?"
         r"(?:the\s+)?(?:\w+\s+)?(?:distribution\s+)?(?:servers|dps)\b", False, whole=True),
    rule("deltree_failed", r"\b(?:grepped|searched|looked|"
         r"checked)\b[^;]{0,40}?\bfor\s+[\"“]?(?:failed\s+"
         r"to\s+)?deltree[\"”]?[^.;]{0,10}?\b(?:nothing|(?:no|zero|0)\s+(?:hits?|matches?))",
         False, whole=True),
    rule("package_directory_empty", r"\bpackage\b[^.;]{0,12}?\b(?:is|was)\s+(?:\w+\s+)?empty\b|"
         r"\b(?:sms_pkg\w*|directory|folder|share|dir)\b[^.;]{0,40}?\b(?:is|was)\s+(?:now\s+)?"
         r"(?:completely|totally|entirely)\s+empty\b", True),
    rule("package_directory_empty", r"\b(?:directory|folder|dir|share)\b[^.;]{0,30}?\bstill\s+"
         r"(?:has|holds|contains)\s+(?:the\s+|all\s+the\s+|all\s+)?(?:its\s+|old\s+)(?:ones|files|"
         r"versions?)\b|\bold\s+files\s+are\s+still\s+in\s+it\b",
         False, whole=True),
    rule("later_jobs_pending", r"\b(?:every|all)\s+(?:\w+\s+)?jobs?\s+(?:created|sent|"
         r"made)\s+since\s+"
         r"then\s+(?:is|are)\s+(?:still\s+)?(?:stuck\s+)?(?:in\s+)?pending\b", True),
)
