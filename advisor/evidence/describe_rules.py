"""The statements :func:`advisor.evidence.propose_facts` looks for: one
:class:`Rule` per way of saying a fact of the shared vocabulary (rules/facts.yaml).
The Despooler's registry values are in :mod:`advisor.evidence.describe_registry`,
the facts of single rule packs in :mod:`advisor.evidence.describe_packs`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from advisor.evidence.describe_values import (
    DAY as _DAY,
)
from advisor.evidence.describe_values import (
    DAY2 as _DAY2,
)
from advisor.evidence.describe_values import (
    NOTHING,
)
from advisor.evidence.describe_values import (
    clock as _clock,
)
from advisor.evidence.describe_values import (
    count as _count,
)
from advisor.evidence.describe_values import (
    minutes as _minutes,
)
from advisor.evidence.describe_values import (
    version as _version,
)
from advisor.evidence.describe_words import DURATION
from advisor.facts import FactValue

__all__ = ["CORE_RULES", "NOTHING", "Rule", "rule"]



@dataclass(frozen=True)
class Rule:
    """One way of stating ``fact``: a ``pattern`` and the ``value`` a match states."""

    fact: str
    pattern: re.Pattern[str]
    value: Callable[[re.Match[str]], FactValue]
    #: Outranks a disagreeing statement of lower rank (a distribution server's
    #: platform over a platform merely named).
    rank: int = 1
    #: What a negated statement means (None: the opposite for a yes/no fact,
    #: nothing for any other).
    negated: Callable[[re.Match[str]], FactValue] | None = None
    #: The pattern holds its own negation ("nobody had anything open" read as a
    #: whole, "isn't there at all"): a negation around it changes nothing.
    whole: bool = False
    #: Words the match's clause must hold (the value "on the target site" only
    #: when the clause speaks of a value), and words that rule the match out.
    needs: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    #: The same, for the whole sentence.
    needs_sentence: re.Pattern[str] | None = None
    unless_sentence: re.Pattern[str] | None = None
    #: Words the whole description must hold ("Job status: Complete." in one
    #: sentence, "SRV4 never got anything" in the next).
    needs_text: re.Pattern[str] | None = None


def _re(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def rule(fact: str, pattern: str, value: FactValue | Callable[[re.Match[str]], FactValue],
         *, rank: int = 1, negated: Callable[[re.Match[str]], FactValue] | None = None,
         whole: bool = False, needs: str | None = None, unless: str | None = None,
         needs_sentence: str | None = None, unless_sentence: str | None = None,
         needs_text: str | None = None) -> Rule:
    """A :class:`Rule`; ``value`` is a constant or reads the match."""
    get = value if callable(value) else (lambda _match, v=value: v)
    return Rule(fact, re.compile(pattern, re.IGNORECASE), get, rank, negated, whole,
                _re(needs), _re(unless), _re(needs_sentence), _re(unless_sentence),
                _re(needs_text))


_DUR = rf"\b(?P<d>{DURATION})"
_FILE = (r"(?:files?|programs?|documents?|executables?|\.exe|\.dll|dlls?|anything|something|apps?|"
         r"spreadsheets?|workbooks?|databases?|programmes?|"
         r"applications?)")
_SHARE = (r"(?:the|that|this|our|a)\s+(?:\S+\s+)??(?:distribution\s+(?:point|server|share)|"
          r"package\s+(?:server|share|directory|folder)|share|server)")
_SERVER = r"(?:(?:distribution|package|dist)\s+(?:point|server|share)s?|dps?\b)"
_NETWARE = r"(?:novell\s+netware|netware|novell)"
_FINE = r"\bwithout\s+(?:any\s+)?(?:problems?|issues?|errors?)\b|\bsuccessfully\b|\bfine\b"
# A platform named in a sentence about the site server alone is not the
# distribution server's.
_SITE_SERVER_ONLY = r"^(?!.*\b(?:distribution|package|dist)\b).*\bsite\s+server\b"

CORE_RULES = (
    rule("server_platform", rf"\b(?:novell\s+)?(?:netware|novell|nw)\s+{_SERVER}|"
         rf"\b{_SERVER}\s+(?:is|are|runs?|running|on)\s+(?:all\s+)?(?:an?\s+)?(?:novell\s+)?netware\b",
         "netware", rank=2, unless=_FINE),
    rule("server_platform", rf"\b{_NETWARE}(?:\s+servers?)?\b|\bnw\s+(?:\d[\d.]*\s+)?"
         r"(?:file\s+)?(?:server|box|volume)s?\b",
         "netware", unless_sentence=_SITE_SERVER_ONLY),
    rule("server_platform", r"\b(?:novell|netware|nw)\s+ones\b", "netware", rank=2, unless=_FINE),
    rule("server_platform", rf"\b(?:windows\s+)?nt\s+(?:4(?:\.0)?\s+|3\.51\s+)?{_SERVER}|"
         rf"\b{_SERVER}"
         r"\s+(?:is|are|runs?|running|on)\s+(?:all\s+)?(?:windows\s+)?nt\b", "windows_nt", rank=2,
         unless=_FINE),
    rule("server_platform", r"\bwindows\s+nt\b|\bwinnt\b|\bnt\s+(?:4(?:\.0)?\s+|"
         r"3\.51\s+)?(?:file\s+)?"
         r"(?:servers?|"
         r"box(?:es)?|machines?|shares?)\b|\bservers?\s+(?:is|"
         r"are)\s+(?:all\s+)?(?:windows\s+)?nt\b|"
         r"\bnt\s*4(?:\.0)?\b", "windows_nt",
         unless_sentence=_SITE_SERVER_ONLY),
    rule("sms_version", r"\b(?:sms|systems\s+management\s+server)\s*(?:version\s*:?\s*|"
         r"v)?(?P<v>1\.10|1\.[012]|2\.0|2)(?!\.?\d)", _version),
    rule("sms_version", r"\bsms(?P<v>1[012]|20)\b", lambda m: f"{m['v'][0]}.{m['v'][1]}"),
    rule("sms_version", r"\b(?:sms|systems\s+management\s+server)\s+(?:itself\s+|here\s+)?(?:is|=|"
         r":)\s+(?:at\s+|on\s+)?(?:version\s+)?(?P<v>1\.[012]|2\.0)(?!\.?\d)", _version),
    rule("sms_version", r"\bversion\s+(?P<v>1\.[012]|2\.0)\s+of\s+(?:sms|systems\s+"
         r"management\s+server)\b", _version),
    rule("sms_version", r"\bstill\s+(?:on\s+|at\s+)?(?P<v>1\.[012])(?!\.?\d)", _version, rank=2),
    rule("sms_version", r"(?<!nt )(?<!windows )(?<![\d.])\b(?P<v>1\.10|1\.[012]|2\.0)\s*,?\s*\(?\s*"
         r"(?:sp|service\s+pack)\s*[0-5]\b", _version),
    rule("sms_version", r"\bupgraded\s+(?:it\s+|the\s+site\s+|us\s+)?to\s+(?:sms\s*)?"
         r"(?P<v>1\.[12]|2\.0)(?!\.?\d)", _version, rank=2),
    rule("sms_version", r"\bsites?\s+(?:is|are)\s+(?:on\s+|at\s+|all\s+)?(?:sms\s*)?"
         r"(?P<v>1\.10|1\.[012]|2\.0)(?!\.?\d)", _version),
    rule("sms_version", r"\b(?:upgraded?|moved|went)\s+(?:the\s+site\s+|"
         r"it\s+)?(?:from\s+)?(?:sms\s*)?1\.[012]\s+to\s+"
         r"(?:sms\s*)?(?P<v>1\.[12]|2\.0|2)(?!\.?\d)", _version, rank=2),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)(?:\s+itself)?(?:\s+is\s+|\s*)"
         r"(?:version\s*)?(?:1\.10|1\.[012]|2\.0|2)?,?\s*\(?\s*(?:with\s+(?:the\s+)?|"
         r"\+\s*)?(?:service\s+pack|sp)\s*(?P<n>[0-5])\b", _count),
    rule("service_pack", r"\bsites?\s+(?:is|are)\s+(?:on\s+|at\s+|all\s+)?(?:sms\s*)?"
         r"(?:1\.10|1\.[012]|2\.0)\s*,?\s*(?:service\s+pack|sp)\s*(?P<n>[0-5])\b", _count),
    rule("service_pack", r"(?<!nt )(?<!windows )(?<![\d.])\b(?:1\.10|1\.[012]|2\.0)\s*,?\s*\(?\s*"
         r"(?:sp|service\s+pack)\s*(?P<n>[0-5])\b", _count),
    rule("service_pack", r"\b(?:1\.10|1\.[012]|2\.0)\s*,\s+no\s+service\s+packs?\b", 0, whole=True),
    # A listing's field: "SMS service pack: 1"
    rule("service_pack", r"\bsms\s+(?:service\s+pack|sp)(?:\s+level)?\s*[:=]\s*(?P<n>[0-5])\b",
         _count),
    rule("sms_version", r"\b(?:we['’]re|we\s+are)\s+(?:on|at|running)\s+(?:sms\s*)?"
         r"(?P<v>1\.10|1\.[012]|2\.0)(?![.\d])", _version),
    rule("service_pack", r"\b(?:have\s*n['’]t|have\s+not|not|never)\s+(?:yet\s+)?(?:put|applied|"
         r"installed)\s+"
         r"any\s+service\s+packs?\b", 0, whole=True),
    rule("service_pack", r"\bno\s+sms\s+service\s+packs?\b|\bno\s+service\s+packs?\s+(?:for|on)\s+"
         r"sms\b", 0, whole=True),
    rule("service_pack", r"\b(?:service\s+pack|sp)\s*(?P<n>[0-5]|one|two|three|four|five)\s+(?:on|"
         r"to|for)\s+(?:the\s+|our\s+|an?\s+)?(?:sms|systems\s+management\s+server)\b",
         _count),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)\s*(?:1\.[012]|2\.0|2)\s*,?\s+"
         r"(?:rtm\s*,?\s+)?(?:no|without\s+any)\s+(?:service\s+packs?|sps?)\b", 0, whole=True),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)\s*(?:1\.[012]|2\.0|"
         r"2)?\s+(?:without\s+(?:any\s+)?|with\s+no\s+)(?:service\s+packs?|sps?)\b", 0, whole=True),
    # "opened NOTEPAD.EXE from \\LABDS1\SMS_PKGD to lock it"
    rule("file_in_use", r"\b(?:opened|opening)\s+\S+\.(?:exe|dll|mdb|doc|xls|hlp|txt|ini|dat)\s+"
         r"(?:from|off|on)\s+(?:the\s+)?(?:\\\\\S+|share|server|package|distribution)", True),
    rule("file_in_use", rf"\b(?:{_FILE}|it|one|something)(?:\s+(?:in|on|from)\s+the\s+"
         r"(?:package|share|directory|folder|server))?\s+(?:is|are|was|were|being|stays?|"
         r"remains?)\s+(?:still\s+)?(?:not\s+)?(?:open(?:ed)?|locked|in\s+use)\b|"
         rf"(?<!checked the )(?<!check the )(?<!at the )(?<!list of )(?<!any )"
         rf"\b(?:open|locked)\s+{_FILE}\b"
         r"(?!\s+(?:list|dialog|window|view|report|tab)\b)|"
         rf"\b{_FILE}\s+(?:still\s+)?in\s+use\b|"
         r"\b(?:users?|people|somebody|someone)\s+(?:\w+\s+)?(?:has|have|had|keeps?|"
         r"kept)\s+it\s+open\b|"
         r"\b(?:has|have|had)\s+(?:one|some|any)\s+of\s+(?:them|the\s+(?:\S+\s+)?files)\s+open\b|"
         r"\b(?:had|has|have)\s+(?:a|the|some)\s+files?\s+locked\b|"
         r"\b(?:somebody|someone|a\s+user|users|people)\s+(?:was|were|is|are)\s+still\s+in\s+"
         r"(?:the\s+)?(?:app|application|program|files?)\b|"
         r"\b(?:has|have|had|keeps?|kept|keeping|holds?|held|holding|leaves?|left)\s+"
         rf"(?:\w+\s+){{0,3}}?{_FILE}\s+open(?:ed)?\b|"
         r"\b(?:were|are|was|is)\s+in\s+(?:\w+\s+)?(?:off|from)\s+(?:that|the|this)\s+share\b|"
         r"\b(?:are|were)\s+(?:definitely\s+|still\s+)?in\s+the\s+files\b|"
         r"\b(?:holding|hold|holds)\s+(?:the\s+|those\s+)?files\b|"
         r"\b(?:is|are|was|were|stays?|remain(?:s|ed)?)\s+(?:still\s+)?connected\b|"
         r"\blocks?\s+on\s+(?:any\s+of\s+)?(?:the\s+)?(?:package\s+)?files?\b|"
         r"\b(?:had|has|have|kept|keeps?)\s+(?:\w+\s+){0,2}?open\s+"
         rf"(?:from|on|in)\s+{_SHARE}\b|"
         r"\bin\s+use\s+by\s+(?:\d+|\w+)\s+(?:users|people|clients|workstations)\b", True),
    rule("file_in_use", r"\b(?:running|runs|ran|using|uses|used|opened|opens|open)\s+"
         r"(?:\S+\s+){0,3}?"
         rf"(?:straight\s+|directly\s+|right\s+)?(?:from|off)\s+(?:{_SHARE}\b|(?:that|the|this)\s+"
         r"(?:package\s+)?(?:directory|folder)\b)", True),
    # "says Service Pack 3" (the About box, a version listing)
    rule("service_pack", r"\b(?:says|shows|reads|reports)\s+(?:service\s+pack|sp)\s*(?P<n>[1-5])\b",
         _count, needs_sentence=r"\bsms\b"),
    rule("file_in_use", r"\b(?:somebody|someone|anybody|anyone|a\s+user|users|"
         r"people)\s+(?:\w+\s+){0,4}?(?:using|running|uses|used)\s+(?:the|a|an|that|this|our)\s+"
         r"(?:\w+\s+)?(?:program|app|application|file|executable)s?\b", True),
    rule("file_in_use", r"\b(?:everyone|everybody|all\s+(?:the\s+)?(?:users|clients))\s+(?:had\s+|"
         r"has\s+|have\s+)?(?:logged|signed)\s+(?:off|out)\b|\b(?:nobody|no\s+one|"
         r"no\s+users?)(?:['’]s|\s+(?:was|were|is|are|has\s+been|"
         r"had\s+been))\s+(?:even\s+)?(?:(?:logged|signed)\s+(?:on|in)|connected)\b|\b(?:nothing|"
         r"no\s+files?)\s+(?:was|were|is|are)\s+(?:still\s+)?(?:open|locked|in\s+use)\b",
         False, whole=True),
    # "had it open", "had WINZIP.HLP open": anything a person holds open, but not a
    # log, a ticket or a window someone has open.
    rule("file_in_use", r"\b(?:has|have|had|keeps?|kept|keeping)\s+(?!(?:the\s+|a\s+|an\s+)?(?:log|"
         r"regedit|event\s+viewer|ticket|case|window|dialog|console|"
         r"call)\b)(?:\S+\s+){0,3}?open(?:ed)?\b|"
         rf"\b{_FILE}\s+(?:is\s+|was\s+)?locked\s+by\b", True,
         unless=r"\b(?:i|we)\s+(?:have|had|kept|keep)\b"),
    rule("file_in_use", r"\b(?:zero|no|0)\s+open\s+files\b|\bnone\s+connected\b|"
         r"\bclosed\s+(?:all\s+)?(?:the\s+)?open\s+files\b|\bkicked\s+everyone\s+off\b|"
         r"\b(?:0|zero|no)\s+(?:open\s+)?(?:sessions|connections)\b", False, whole=True, rank=2),
    rule("file_in_use", r"\b(?:users?|people|staff|they|workers|clients|clerks|employees|everyone|"
         r"everybody|folks|teams?|crowd)\b[^.;]{0,30}?\b(?:w"
         r"orking|work|"
         r"runs?|running|launch(?:es|ing)?|use|using)\s+(?:with\s+)?(?:the\s+|their\s+|our\s+)?"
         r"(?:\S+\s+){0,3}?(?:from|off)\s+(?:the|that|this|our)\s+(?:\S+\s+)?(?:share|server|dp|"
         r"volume|"
         r"distribution\s+(?:point|server))\b", True,
         needs_sentence=r"\b(?:every\s+day|all\s+day|daily|always|at\s+the\s+time|right\s+now|"
         r"still|while|constantly|the\s+whole\s+(?:day|week)|overnight|when\s+(?:the\s+)?job|"
         r"during)\b", unless=r"\b(?:can|could|able)\b"),
    rule("distribution_retrying", r"\bretrying\b|\b(?:in|into)\s+(?:a\s+|the\s+)?retry\b|"
         r"\bretry\s+(?:state|mode|cycle|loop|status)\b|(?<!number of )(?<!\d )\bretries\b"
         r"(?!\s+(?:before|b4|value|is|=|set|and\s+delay|left|lowered|raised|changed|(?:were|was)\s+"
         r"(?:lowered|raised|changed|set|reduced|increased))\b|[-]|\s*[:=]?\s*\d|"
         r"\s+(?:at|to)\s+\d|\s+around\s+\d|\s*/\s*delay)|"
         r"\b(?:keeps?|kept)\s+(?:on\s+)?(?:trying|retrying)\b|\b\d+\s+retries\s+(?:so\s+far|"
         r"already|and\s+counting)\b", True),
    rule("distribution_retrying", r"\b(?:did|does|do|has|have|had)(?:\s+not|n['’]t)\s+"
         r"(?:\w+\s+)?retr(?:y|ied)\b|\b(?:stopped|quit|ceased|gave\s+up)\s+retrying\b|"
         r"\bno\s+longer\s+retrying\b", False, whole=True, rank=2),
    # "the first failure" dates the failures; it does not say the job failed.
    # A file operation that failed ("CopyFile failed", "a copy failure") is not the job.
    rule("distribution_failed", r"(?<!first )(?<!first copy )(?<!first attempt )(?<!copy )"
         r"(?<!copyfile )(?<!copying )(?<!deltree )(?<!open )(?<!delete )"
         r"\bfail(?:s|ed|ing|ure|ures)?\b(?!\s+(?:to|over)\b)", True,
         unless_sentence=r"\b(?:first|started|began)\b(?:\s+\S+){0,6}?\s+fail\w*\b[^.;]*(?:\bago\b|"
         r"\b(?:at|on|since)\s+\S+|\byesterday\b|\blast\s+night\b|\bthis\s+morning\b|"
         r"\b\d{1,2}:\d{2}\b)|\b(?:first\s+(?:copy|attempt|try)|copy|copying)\b(?:(?!\bjob\b)[^.;,]){0,40}?"
         r"\bfail(?:s|ed|ure)?\b(?![^.;]*\bjob\b)"),
    rule("package_partially_updated", r"\bpart(?:ial)?ly\s+(?:updated|copied|refreshed)\b|"
         r"\b(?:copied|updated|refreshed)\s+part(?:ial)?ly\b|\bsome\s+(?:of\s+the\s+)?files\s+"
         r"(?:carry|have|show|bear)\s+the\s+new\s+dates?\b|"
         r"\bhalf\s+(?:updated|copied)\b|\bsome\s+(?:of\s+the\s+)?files\s+(?:were\s+|are\s+|"
         r"got\s+)?(?:updated|copied|new|replaced)\b|\bmix(?:ture)?\s+of\s+old\s+and\s+new\b|"
         r"\bhalf\s+of\s+the\s+files\b|\bhalf-updated\b|\bupdated\s+(?:most|some|half|"
         r"part)\s+of\s+the\s+files\b|"
         r"\bsome\s+of\s+the\s+package\s+files\s+(?:were|got|have\s+been)\s+(?:refreshed|updated|"
         r"replaced|copied)\b|\bsome\b[^.;]{0,60}?\b(?:are|were)\s+new\b[^.;]{0,40}?"
         r"\bsome\b[^.;]{0,30}?\bold\b|\b(?:only\s+)?(?:part|some|a\s+few)\s+of\s+the\s+files\s+"
         r"(?:got|were|was|have\s+been|has\s+been)\s+(?:refreshed|updated|copied|replaced)\b|"
         r"\bstill\s+(?:has|have|shows?)\s+(?:the\s+old|last\s+\w+['’]s)\s+dates?\b[^.;]{0,40}?"
         r"\brest\s+(?:are|is)\s+new\b|\b(?:the\s+)?rest\s+(?:are|is)\s+(?:still\s+)?(?:from\s+)?"
         r"(?:the\s+)?old\b|\b(?:a\s+third|a\s+quarter|two\s+thirds|half|most|some|a\s+few|"
         r"part)\s+of"
         r"\s+the\s+files\b[^.;]{0,60}?\b(?:are|were|is|have|has|got)\s+(?:the\s+)?(?:new|updated|"
         r"replaced|today['’]s\s+date)\b", True),
    rule("package_partially_updated", r"\bnone\s+of\s+(?:them|the\s+files)\s+(?:got|were|was|"
         r"have\s+"
         r"been)\s+(?:updated|replaced|copied|refreshed)\b|"
         r"\bnone\s+of\s+the\s+files\b[^.;]{0,40}?\b(?:were|was|"
         r"got|have\s+been|has\s+been)\s+(?:replaced|updated|copied|overwritten)\b|\bnothing\s+"
         r"(?:got|was|has\s+been)\s+(?:copied|updated|replaced|overwritten)\b|\b(?:folder|"
         r"directory)\b[^.;]{0,40}?\buntouched\b|\bnot\s+(?:a\s+single|one)\s+file\b[^.;]{0,40}?"
         r"\b(?:was|got|has\s+been)\s+(?:overwritten|replaced|updated|copied)\b|"
         r"\bnot\s+(?:a\s+single|"
         r"one)\s+file\b[^.;]{0,30}?\bchanged\b|"
         r"\ball\s+(?:the\s+)?files\s+(?:are\s+)?(?:current|up\s+to\s+date)\b|"
         r"\b(?:every\s+one\s+of\s+them|"
         r"all\s+of\s+them)\s+(?:is|are)\s+still\s+(?:the\s+)?old\b|"
         r"\b(?:every|each)\s+file\b[^.;]{0,50}?\b(?:is|was|has\s+been|"
         r"got)\s+(?:now\s+)?(?:the\s+)?"
         r"(?:new|updated|replaced|current|up\s+to\s+date)\b|"
         r"\ball\s+(?:of\s+)?the\s+files\b[^.;]{0,40}?\b(?:are|were|have\s+"
         r"been|got)\s+(?:now\s+)?(?:the\s+)?(?:new|updated|replaced)\b", False, whole=True),
    rule("job_type", r"\brun\s+command\s+on\s+workstations?\b", "run_command_on_workstation"),
    rule("job_type", r"\bshare\s+package\s+(?:on\s+server\b|jobs?\b)", "share_package_on_server"),
    rule("job_type", r"\bremove\s+(?:package|pkg)\s+from\s+server\b|"
         r"\bremove\s+(?:package\s+)?jobs?\b|"
         r"\brpfs\b", "remove_package_from_server"),
    rule("job_type", r"\brcow\b", "run_command_on_workstation"),
    rule("job_type", r"\bspos\b", "share_package_on_server"),
    rule("job_type", r"\bsystem\s+jobs?\b|\bjob\s+type\s*[=:]\s*system\b", "system"),
    rule("job_type", r"\bshare\s+jobs?\b", "share_package_on_server"),
    rule("minutes_since_first_failure", r"\b(?:failing|failed|retrying|stuck)\b(?:\s+\S+){0,4}?"
         rf"\s+for\s+(?:about\s+|around\s+|over\s+)?(?:the\s+(?:last|past)\s+)?{_DUR}\b",
         _minutes),
    rule("minutes_since_first_failure", r"\bfail\w*\b[^.;]{0,40}?"
         rf"{_DUR}\s+ago\b", _minutes),
    rule("minutes_since_first_failure", rf"{_DUR}\s+since\s+the\s+first\s+fail", _minutes),
    # "first failure at 08:15 today ... it's 13:45 now", "failed Monday at 09:00 ... now
    # Wednesday 09:00"
    rule("minutes_since_first_failure", rf"\bfirst\b[^.;]{{0,60}}?\bfail\w*\b[^;]{{0,60}}?"
         rf"(?:{_DAY}\s+)?(?:at\s+)?(?P<a>\d{{1,2}}:\d{{2}})\b(?:\s*(?P<pa>[ap])\.?m\b\.?)?"
         rf"[^\n]{{0,60}}?\b(?:it['’]?s|it\s+is|now)\s+(?:now\s+)?(?:{_DAY2}\s+)?"
         rf"(?P<b>\d{{1,2}}:\d{{2}})\b(?:\s*(?P<pb>[ap])\.?m\b\.?)?", _clock),
    rule("minutes_since_first_failure", r"\b(?:started|began|start)\s+(?:retrying|failing|"
         rf"to\s+fail|to\s+retry)\s+(?:about\s+|around\s+|some\s+)?{_DUR}\s+ago\b", _minutes),
    rule("despooler_paused_continued", r"\bpaused?\s*(?:and|\+|&)\s*(?:then\s+)?(?:continued?|"
         r"resumed?)\b|"
         r"\bpause\s*/\s*continue\b|"
         r"\bpaused\s+(?:the\s+)?(?:sms_)?despooler\b[^.;]{0,60}?\b(?:then\s+)?(?:continued|"
         r"resumed)\b", True),
    rule("despooler_paused_continued", r"(?:\bnever|\bnot|n['’]t)\s+(?:\w+\s+)?paused(?:\s*/\s*"
         r"continued|\s+(?:and|or)\s+continued)?\s+(?:the\s+)?(?:sms_)?despooler\b", False,
         whole=True),
    rule("despooler_restarted", r"\brestarting\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|"
         r"executive)\b|"
         r"\bnet\s+stop\s+[\"“]?sms_(?:executive|despooler)\b|\b(?:sms_)?"
         r"(?:despooler|executive)\s+(?:was\s+)?stopped,?\s+(?:and\s+)?then\s+started\b", True),
    rule("despooler_restarted", r"\bnothing\s+(?:has\s+been|was)\s+restarted\b|\b(?:nobody|"
         r"no\s+one)\s+"
         r"has\s+(?:paused|continued|restarted)(?:,?\s+(?:or\s+)?(?:paused|continued|"
         r"restarted))*\s+"
         r"anything\b", False, whole=True),
    # Only when pausing or continuing is among what nobody has done.
    rule("despooler_paused_continued", r"\b(?:nobody|no\s+one)\s+has\s+"
         r"(?=[\w,\s]{0,40}?\b(?:paused|continued)\b)(?:paused|continued|restarted)"
         r"(?:,?\s+(?:or\s+)?(?:paused|continued|restarted))*\s+anything\b", False, whole=True),
    rule("despooler_restarted", r"\b(?:restart(?:ed)?|stopped\s+and\s+(?:re)?started|"
         r"stopping\s+and\s+"
         r"(?:re)?starting|bounced|"
         r"(?:re)?cycled)\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)\b|"
         r"\b(?:sms_)?(?:despooler|"
         r"executive)\s+(?:was|wasn['’]t|has|hasn['’]t|had|hadn['’]t|got)(?:\s+not)?(?:\s+been)?\s+"
         r"restarted\b", True,
         needs_text=r"\bretr(?:y|ying|ies)\b|\bsince\s+the\s+(?:job|distribution)\b|\bstuck\b|"
         r"\bfail(?:ed|ure)\b|\bjust\s+now\b"),
    # Round six (holdout7): other ways of saying what is said above.
    rule("despooler_paused_continued", r"\bpaused\s*/\s*continued\b", True),
    rule("despooler_restarted", r"\b(?:did\s+not|didn['’]t|have\s*n['’]t|have\s+not|"
         r"not)\s+restart(?:ed)?\s+"
         r"anything\b", False, whole=True),
    rule("service_pack", r"\b(?:put|installed|applied)\s+(?:service\s+pack|"
         r"sp)\s*(?P<n>[1-5])\s+on\s+"
         r"(?:the|our)\s+(?:(?:1\.[012]|2\.0)\s+)?site(?:\s+server)?\b", _count,
         needs_text=r"\bsms\b"),
    rule("sms_version", r"\b(?:our|the)\s+(?P<v>1\.[012]|2\.0)\s+(?:site|site\s+server|primary)\b",
         _version, needs_text=r"\bsms\b|despool"),
    # "SMS 1.2 shop, Service Pack 3 went on last spring"
    rule("service_pack", r"\b(?:service\s+pack|sp)\s*(?P<n>[1-5])\s+(?:went\s+on|was\s+"
         r"(?:installed|"
         r"applied)|got\s+(?:installed|applied))\b", _count,
         needs_sentence=r"\bsms\b|\b(?:1\.[012]|2\.0)\b"),
    rule("service_pack", r"\b(?:sms\s*)?(?:1\.[012]|2\.0)\s*\(\s*(?:no|without)\s+"
         r"(?:sps?|service\s+"
         r"packs?)\b", 0, whole=True),
    rule("sms_version", r"\bstill\s+(?:on\s+|at\s+)?sms\s*(?P<v>1\.10|1\.[012]|2\.0)(?![.\d])",
         _version,
         rank=2),
    rule("file_in_use", r"\bfiles\s+locked\b(?!\s+by\s+(?:the\s+)?(?:despooler|sms))", True),
    rule("job_type", r"\bjob\s+type\s+(?:shows\s+as|is)\s*[\"“]?system\b", "system"),
    rule("package_partially_updated", r"\bfiles\s+are\s+a\s+mix\b|"
         r"\bsome\s+new(?:\s+versions?)?\s*,\s+"
         r"some\s+old\b", True),
    rule("package_partially_updated", r"\bnot\s+a\s+single\s+file\b[^.;]{0,40}?\bgot\s+the\s+new\s+"
         r"version\b", False, whole=True),
)
