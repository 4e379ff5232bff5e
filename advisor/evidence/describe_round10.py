"""Describe rules of rounds 10 and 11 (tuned on bench/describe_cases_holdout11.yaml and
holdout12.yaml, each after its first run was recorded): paraphrases
of what the other rule tables read, and statements that something is not so."""

from __future__ import annotations

from advisor.evidence.describe_registry import DELAY as _DELAY
from advisor.evidence.describe_registry import RETRIES as _RETRIES
from advisor.evidence.describe_rules import Rule, rule
from advisor.evidence.describe_values import setting as _setting

__all__ = ["ROUND10_RULES"]

ROUND10_RULES: tuple[Rule, ...] = (
    # "PAYRUN.EXE open by the payroll clerks", "held open by the POS application",
    # "I had the Precedents.xls file open from the S: drive".
    rule("file_in_use", r"\b(?:held\s+|kept\s+)?open\s+by\s+(?:a|an|the|some|several|two|"
         r"three|\d+|our)?\s*(?:[\w-]+\s+){0,3}?(?:users?|clerks?|staff|people|person|someone|"
         r"somebody|applications?|apps?|programs?|processes|process)\b", True),
    rule("file_in_use", r"\b(?:i|we)\s+had\s+(?:the\s+|that\s+|our\s+)?[\w-]+\.(?:exe|dll|"
         r"mdb|doc|xls|hlp|txt|ini|dat|dot|xlt|pdf)\s+(?:file\s+)?open\b", True),
    # Terse notes: "ufd 0x0, retries 0xc, delay 0x5, resp fast".
    rule("number_of_retries", r"\bretries\s*[:=]?\s*0x(?P<x>[0-9a-f]{1,8})\b",
         lambda m: int(m["x"], 16), needs_text=r"\bufd\b|forced?\s+disconnect"),
    rule("forced_disconnection_delay", r"\bdelay\s*[:=]?\s*0x(?P<x>[0-9a-f]{1,8})\b",
         lambda m: int(m["x"], 16), needs_text=r"\bufd\b|forced?\s+disconnect"),
    rule("response_setting", r"\bresp\s*[:=]?\s*(?P<r>very[\s_-]?fast|fast|medium|slow)\b",
         lambda m: "very_fast" if m["r"].casefold().startswith("very") else m["r"].casefold(),
         needs_text=r"\bufd\b|forced?\s+disconnect|\bsms\b|\bsp\s*\d|\bjob\b"),
    # A value named, then said to be absent in a clause of its own: "Number Of Retries
    # ... is not in the export, the value doesn't exist", "... left alone, the value
    # isn't in the registry at all", "never created ..., so that one's not in the registry".
    *(rule(fact, name + r"[\"”]?[^.;?\n]{0,40}?,\s+(?:so\s+)?(?:the\s+value|that\s+one|it)"
           r"(?:['’]s|\s+is|\s+was)\s*(?:n['’]t|\s+not)\s+(?:in\s+the\s+(?:registry|export|key)|"
           r"there)\b|" + name + r"[\"”]?\s+(?:is|was)\s*(?:n['’]t|\s+not)\s+in\s+the\s+"
           r"(?:registry|export|key|listing)\b", None, whole=True, rank=2)
      for fact, name in (("number_of_retries", _RETRIES),
                         ("forced_disconnection_delay", _DELAY))),
    # "I get "Access is denied" when I double-click PayCalc"; "lost access to the share
    # and cannot run the program from it".
    rule("users_cannot_run_package", r"[\"“'‘]?access\s+(?:is\s+)?denied[\"”'’]?\s+when\s+"
         r"(?:i|we|they|he|she|users|people)\s+(?:try\s+to\s+)?(?:double-?click|click|start|run|"
         r"open|launch)\b", True),
    rule("users_cannot_run_package", r"\b(?:cannot|can['’]t|could\s*n['’]t|unable\s+to)\s+(?:run|"
         r"start|launch|open)\s+the\s+(?:program|app|application)\s+from\s+it\b", True,
         whole=True, needs_sentence=r"\baccess\b|\bpermissions?\b"),
    # "the directory of package is now totaly empty"; "nothing was deleted, every
    # file is still there"; "the package directory is full again, all files back".
    rule("package_directory_empty", r"\b(?:directory|folder|dir)\b[^.;]{0,40}?\b(?:is|was)\s+"
         r"(?:now\s+)?(?:totaly|totally|completly|compleately|completely|entirely|literally|"
         r"absolutely)\s+empty\b",
         True),
    rule("package_directory_empty", r"\bnothing\s+was\s+deleted\b[^.;]{0,10}?\bevery\s+"
         r"(?:single\s+)?file\s+is\s+still\s+there\b|\b(?:directory|folder|dir)\b[^.;]{0,40}?"
         r"\bis\s+full\s+again\b|\ball\s+(?:the\s+)?files\s+(?:are\s+)?back\b", False,
         whole=True, needs_text=r"\bpackage\b|\bdirectory\b|\bshare\b|\bsms_pkg"),
    # "every single file in the package directory now carries the new date", "all
    # files in the package directory were the new ones".
    rule("package_partially_updated", r"\b(?:every\s+(?:single\s+)?file|all\s+(?:the\s+)?files)"
         r"\s+in\s+the\s+(?:package\s+)?(?:directory|folder|share)\s+(?:now\s+)?(?:carries|"
         r"carry|has|have|shows?|bears?|were|are)\s+(?:the\s+new\s+(?:ones|dates?|versions?)|"
         r"today['’]s\s+date)\b", False, whole=True),
    # "I stopped SMS_Despooler and started it again"
    rule("despooler_restarted", r"\bstopped\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)"
         r"(?:\s+service)?\s+and\s+(?:then\s+)?(?:re)?started\s+it(?:\s+again|\s+back\s+up)?\b",
         True),
    # "Our design studio Macs don't touch that server at all"
    rule("macintosh_clients", r"\bmacs?\b[^.;]{0,20}?\b(?:don['’]t|do\s+not|never)\s+(?:touch|use|"
         r"connect\s+to|access|go\s+near)\s+(?:that|the|this)\s+(?:\w+\s+)?server\b", False,
         whole=True, rank=2),
    # Said not to be so: "none of them stayed pending", "no server was missed", "not
    # marked failed", "nobody is running Solitaire", "SRV-KB has not get the package".
    rule("later_jobs_pending", r"\bnone\s+of\s+them\s+(?:stayed|stuck|got\s+stuck|are|were|is|was)"
         r"\s+(?:\w+\s+)?(?:in\s+)?pending\b", False, whole=True,
         needs_sentence=r"\b(?:after|later|since|behind)\b"),
    rule("one_server_missed", r"\bno\s+(?:distribution\s+)?server\s+(?:was|got)\s+"
         r"(?:\w+ly\s+)?(?:missed|"
         r"skipped|left\s+out)\b", False, whole=True),
    rule("one_server_missed", r"\b(?:has|have)\s+not\s+(?:get|got|gotten|received)\s+the\s+"
         r"package\b", True, whole=True, needs_text=r"\bservers\b|\bcomplete\b"),
    rule("distribution_failed", r"\bnot\s+marked\s+(?:as\s+)?failed\b|\bnowhere\b[^.;]{0,40}?"
         r"\bsays?\s+[\"“']?failed\b", False, whole=True),
    rule("file_in_use", r"\b(?:nobody|no\s+one)\s+(?:is|was)\s+(?:running|using|opening)\b",
         False, whole=True),
    # "Use Forced Disconnect 1 on Leeds, which is the receiving site"; "so it's on at
    # both sites".
    rule("value_on_target_site", r"\b(?:on|at)\s+[\w-]+,?\s+(?:which|that)\s+is\s+(?:also\s+)?"
         r"the\s+(?:receiving|target|destination)\s+site\b", True,
         needs_sentence=r"forced?\s+disconnect|\bufd\b"),
    rule("value_on_target_site", r"\b(?:it['’]?s|it\s+is|it\s+was|they['’]re|is|was)\s+"
         r"(?:set\s+|switched\s+|turned\s+)?on\s+(?:at|on)\s+both\s+sites\b", True, rank=2,
         needs_text=r"forced?\s+disconnect|\bufd\b"),
    # Round 11 (holdout12): "it's SP2, not SP1" (a correction); the Response "was Slow
    # until last Thursday, then we changed it to Very Fast".
    rule("service_pack", r"\b(?:it['’]s|it\s+is|is)\s+(?:service\s+pack|sp)\s*(?P<n>[1-5])\s*,?\s+"
         r"not\s+(?:service\s+pack|sp)\s*[1-5]\b", lambda m: int(m["n"]), whole=True, rank=2,
         needs_text=r"\bsms\b|site\s+server"),
    rule("response_setting", r"\bresponse\b[^.;]{0,100}?\b(?:changed|set|moved|switched|put|"
         r"turned)\s+it\s+to\s+(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=2),
    # 'grepped Despool.log for "Error = 32" over the last three weeks: not a single hit'
    rule("win32_error_32", r"\b(?:grepped|searched|looked|checked)\b[^;]{0,60}?\bfor\s+[\"“]?"
         r"(?:win32\s+)?error\s*=?\s*32[\"”]?[^.;]{0,50}?\b(?:nothing|not\s+(?:a\s+|one\s+)?(?:single\s+)?"
         r"(?:hit|match|line)|(?:no|zero|0)\s+(?:hits?|matches?)|not\s+found)\b", "not_logged",
         whole=True, rank=2),
    # "forced delivery is on, value is 1 on our site server"
    rule("use_forced_disconnect", r"\bforced\s+(?:delivery|disconnect)\s+is\s+on,?\s+(?:the\s+)?"
         r"value\s+is\s+(?P<n>[01])\b", lambda m: int(m["n"])),
    # Terse: "retries value absent, delay value absent"
    rule("number_of_retries", r"\bretries\s+(?:value\s+|entry\s+)?(?:absent|missing|not\s+"
         r"present)\b", None, whole=True, needs_text=r"\bufd\b|forced?\s+disconnect"),
    rule("forced_disconnection_delay", r"\bdelay\s+(?:value\s+|entry\s+)?(?:absent|missing|"
         r"not\s+present)\b", None, whole=True, needs_text=r"\bufd\b|forced?\s+disconnect"),
    # "its NOT empty, all the files are still there"
    rule("package_directory_empty", r"\b(?:it['’]?s|it\s+is|is)\s+not\s+empty\b", False,
         whole=True, needs_text=r"\b(?:package\s+)?(?:dir|directory|folder)\b"),
    # "stopped and started it in the Services"; "did not stop or restart the SMS Executive"
    rule("despooler_restarted", r"\bstopped\s+and\s+(?:re)?started\s+it\b", True,
         needs_sentence=r"\bdespooler\b|\bexecutive\b",
         needs_text=r"\bretr(?:y|ying|ies)\b|\bstuck\b"),
    rule("despooler_restarted", r"\b(?:did\s+not|didn['’]t|never)\s+(?:stop|restart)(?:\s+or\s+"
         r"(?:re)?start)?\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)\b", False,
         whole=True, rank=2),
    # "Sales staff can't start Goldmine from G:"; "we had given the Sales_Users group
    # Change rights on that directory by hand"
    rule("users_cannot_run_package", r"\b(?:staff|users|people|employees|clerks)\s+(?:can['’]t|"
         r"cannot|could\s*n['’]t)\s+(?:start|run|open|launch)\s+[\w.-]+\s+(?:from|off)\b", True,
         whole=True),
    rule("permissions_set_by_hand", r"\b(?:had\s+|have\s+)?given\s+(?:the\s+)?[\w-]+\s+"
         r"(?:group\s+)?(?:\w+\s+){0,2}?(?:rights|permissions|access|change|full\s+control)\b"
         r"[^.;]{0,40}?\bby\s+hand\b",
         True, whole=True),
    # "I never set anything on the S02 site server in Leeds, which is the one
    # receiving the package"; "On the B02 site server (receiving site for all HQ
    # jobs) set ... Use Forced Disconnect = 1".
    rule("value_on_target_site", r"(?:\bnever|\bnot|n['’]t)\s+(?:\w+\s+)?(?:set|touched|changed|"
         r"edited)\s+(?:anything|it|the\s+values?)\s+(?:on|at)\s+(?:the\s+)?[\w-]+\s+site(?:\s+"
         r"server)?(?:\s+in\s+\w+)?,?\s+(?:which|that)\s+is\s+the\s+(?:one|site)\s+(?:receiving|"
         r"that\s+receives)\b", False, whole=True, rank=2),
    rule("value_on_target_site", r"\bsite\s+server\s+\((?:the\s+)?(?:receiving|target|destination)"
         r"\s+site\b", True, needs_text=r"\bufd\b|forced?\s+disconnect"),
)
