"""The statements :func:`advisor.evidence.propose_facts` looks for: one
:class:`Rule` per way of saying a fact of the shared vocabulary (rules/facts.yaml).
The facts of single rule packs are in :mod:`advisor.evidence.describe_packs`."""

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
    dword as _dword,
)
from advisor.evidence.describe_values import (
    flip as _flip,
)
from advisor.evidence.describe_values import (
    last as _last,
)
from advisor.evidence.describe_values import (
    minutes as _minutes,
)
from advisor.evidence.describe_values import (
    switch as _switch,
)
from advisor.evidence.describe_values import (
    version as _version,
)
from advisor.evidence.describe_words import DURATION, NUM
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


_N = rf"(?P<n>\d{{1,9}}|{NUM})"
#: A DWORD's data as regedit exports it ("=dword:0000000a") or shows it
#: ("REG_DWORD 0x0000000a"), or written in hex ("= 0x1e").
_DWORD = (r"(?:[\"”]?\s*=\s*dword:|\s*:?\s*REG_DWORD\s*:?\s*0x|(?:\s*[:=]\s*|\s+(?:is\s+)?)0x)"
          r"(?P<x>[0-9a-f]{1,8})\b")
#: What comes between a value's name and its new value: "from 12 to", "was 1 but I
#: set it back to", "changed from Slow to".
_CHANGED_TO = (r"(?:\s+(?:setting|value))?\s+(?:(?:is\s+|was\s+)?(?:changed\s+|lowered\s+|"
               r"raised\s+|dropped\s+|moved\s+)?from\s+\S+\s+to\s+|(?:was|is|used\s+to\s+be)\s+\S+\s*,?\s+"
               r"(?:but|and|so|until)\s+(?:then\s+)?(?:i|we|someone|he|she|they)\s+(?:\w+\s+)?"
               r"(?:set|changed|put|turned|switched|lowered|raised|dropped|bumped)\s+it\s+"
               r"(?:back\s+)?(?:down\s+|up\s+)?to\s+)")
_DUR = rf"\b(?P<d>{DURATION})"
_FILE = (r"(?:files?|programs?|documents?|executables?|\.exe|anything|something|apps?|"
         r"spreadsheets?|workbooks?|databases?|"
         r"applications?)")
_ON_OFF = r"(?P<s>on|off|enabled|disabled|0x[0-9a-f]{1,8}|\d{1,10}|true|false|zero|one)\b"
_SHARE = (r"(?:the|that|this|our|a)\s+(?:\S+\s+)??(?:distribution\s+(?:point|server|share)|"
          r"package\s+(?:server|share|directory|folder)|share|server)")
_ABSENT = (r"(?:(?:\s+(?:value|entry))?\s+(?:simply\s+|just\s+|really\s+|definitely\s+)?"
           r"(?:is|was)\s*(?:n['’]t|\s+not)\s+(?:there|present|set|defined)(?:\s+at\s+all)?|"
           r"(?:\s+(?:value|entry))?\s+(?:is|was)\s+(?:absent|missing)|"
           r"(?:\s+(?:value|entry))?\s+(?:does\s*n['’]t|does\s+not)\s+exist)")
_NO = (r"\bno\s+(?:such\s+)?(?:(?:value|entry)\s+(?:as\s+|called\s+|named\s+)?)?(?:the\s+)?"
       r"(?:\"|“)?")
_UFD = r"(?<!before )\b(?:use\s+)?forced?\s+disconnect(?!ion)"
_RETRIES = (r"\b(?:(?:number\s+of\s+)?retries\s+before\s+(?:the\s+)?forced?\s+disconnect(?:ion)?"
            r"|number\s+of\s+retries)")
_DELAY = r"\b(?:forced\s+)?disconnection\s+delay(?:\s+in\s+minutes)?"
_SET_TO = (r"(?:\s*:\s*|\s*=\s*|\s+(?:value\s+)?(?:is\s+|=\s*|:\s*)?)(?:now\s+)?(?:set\s+|"
           r"lowered\s+|raised\s+)?(?:to\s+)?")
_SERVER = r"(?:distribution|package|dist)\s+(?:point|server|share)s?"
_NETWARE = r"(?:novell\s+netware|netware|novell)"
#: A clause that speaks of a registry value (for the site it was set on).
_VALUE_TALK = (r"forced?\s+disconnect|\bvalues?\b|\bregistry\b|\bset\b|\bsetting\b|\bentry\b|"
               r"\bdata\b|\bretries\b|\bdelay\b|\bis\s+(?:0x[0-9a-f]+|\d+|on|off)\b")
_FINE = r"\bwithout\s+(?:any\s+)?(?:problems?|issues?|errors?)\b|\bsuccessfully\b|\bfine\b"
# A platform named in a sentence about the site server alone is not the
# distribution server's.
_SITE_SERVER_ONLY = r"^(?!.*\b(?:distribution|package|dist)\b).*\bsite\s+server\b"

CORE_RULES = (
    rule("server_platform", rf"\b(?:novell\s+)?(?:netware|novell|nw)\s+{_SERVER}|"
         rf"\b{_SERVER}\s+(?:is|are|runs?|running|on)\s+(?:all\s+)?(?:an?\s+)?(?:novell\s+)?"
         r"netware\b",
         "netware", rank=2, unless=_FINE),
    rule("server_platform", rf"\b{_NETWARE}(?:\s+servers?)?\b|\bnw\s+(?:\d[\d.]*\s+)?"
         r"(?:server|box|volume)s?\b",
         "netware", unless_sentence=_SITE_SERVER_ONLY),
    rule("server_platform", r"\b(?:novell|netware|nw)\s+ones\b", "netware", rank=2, unless=_FINE),
    rule("server_platform", rf"\b(?:windows\s+)?nt\s+(?:4(?:\.0)?\s+|3\.51\s+)?{_SERVER}|"
         rf"\b{_SERVER}"
         r"\s+(?:is|are|runs?|running|on)\s+(?:all\s+)?(?:windows\s+)?nt\b", "windows_nt", rank=2,
         unless=_FINE),
    rule("server_platform", r"\bwindows\s+nt\b|\bwinnt\b|\bnt\s+(?:4(?:\.0)?\s+)?(?:servers?|"
         r"box(?:es)?|machines?|shares?)\b|\bservers?\s+(?:is|are)\s+(?:all\s+)?(?:windows\s+)?nt\b|"
         r"\bnt\s*4(?:\.0)?\b", "windows_nt",
         unless_sentence=_SITE_SERVER_ONLY),
    rule("sms_version", r"\b(?:sms|systems\s+management\s+server)\s*(?:version\s*:?\s*|v)?"
         r"(?P<v>1\.10|1\.[012]|2\.0|2)(?!\.?\d)", _version),
    rule("sms_version", r"\bsms(?P<v>1[012]|20)\b", lambda m: f"{m['v'][0]}.{m['v'][1]}"),
    rule("sms_version", r"\b(?:sms|systems\s+management\s+server)\s+(?:itself\s+|here\s+)?"
         r"(?:is|=|:)\s+(?:at\s+|on\s+)?(?:version\s+)?(?P<v>1\.[012]|2\.0)(?!\.?\d)", _version),
    rule("sms_version", r"\bversion\s+(?P<v>1\.[012]|2\.0)\s+of\s+(?:sms|systems\s+"
         r"management\s+server)\b", _version),
    rule("sms_version", r"\bstill\s+(?:on\s+|at\s+)?(?P<v>1\.[012])(?!\.?\d)", _version, rank=2),
    rule("sms_version", r"\bupgraded\s+(?:it\s+|the\s+site\s+|us\s+)?to\s+(?:sms\s*)?"
         r"(?P<v>1\.[12]|2\.0)(?!\.?\d)", _version, rank=2),
    rule("sms_version", r"\bsites?\s+(?:is|are)\s+(?:on\s+|at\s+|all\s+)?(?:sms\s*)?"
         r"(?P<v>1\.10|1\.[012]|2\.0)(?!\.?\d)", _version),
    rule("sms_version", r"\b(?:upgraded?|moved|went)\s+(?:from\s+)?(?:sms\s*)?1\.[012]\s+to\s+"
         r"(?:sms\s*)?(?P<v>1\.[12]|2\.0|2)(?!\.?\d)", _version, rank=2),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)(?:\s+itself\s+is\s+|\s*)"
         r"(?:version\s*)?(?:1\.10|1\.[012]|2\.0|2)?,?\s*\(?\s*(?:with\s+|\+\s*)?(?:service\s+pack|"
         r"sp)\s*(?P<n>[0-5])\b", _count),
    rule("service_pack", r"\bsites?\s+(?:is|are)\s+(?:on\s+|at\s+|all\s+)?(?:sms\s*)?"
         r"(?:1\.10|1\.[012]|2\.0)\s*,?\s*(?:service\s+pack|sp)\s*(?P<n>[0-5])\b", _count),
    rule("service_pack", r"\bno\s+sms\s+service\s+packs?\b|\bno\s+service\s+packs?\s+(?:for|on)\s+"
         r"sms\b", 0, whole=True),
    rule("service_pack", r"\b(?:service\s+pack|sp)\s*(?P<n>[0-5]|one|two|three|four|five)\s+"
         r"(?:on|to|for)\s+(?:the\s+|our\s+|an?\s+)?(?:sms|systems\s+management\s+server)\b",
         _count),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)\s*(?:1\.[012]|2\.0|2)\s*,?\s+"
         r"(?:rtm\s*,?\s+)?(?:no|without\s+any)\s+(?:service\s+packs?|sps?)\b", 0, whole=True),
    rule("service_pack", r"\b(?:sms|systems\s+management\s+server)\s*(?:1\.[012]|2\.0|2)?\s+"
         r"(?:without\s+(?:any\s+)?|with\s+no\s+)(?:service\s+packs?|sps?)\b", 0, whole=True),
    rule("file_in_use", rf"\b(?:{_FILE}|it|one|something)(?:\s+(?:in|on|from)\s+the\s+"
         r"(?:package|share|directory|folder|server))?\s+(?:is|are|was|were|being|stays?|"
         r"remains?)\s+(?:still\s+)?(?:not\s+)?(?:open(?:ed)?|locked|in\s+use)\b|"
         rf"(?<!checked the )(?<!check the )(?<!at the )(?<!list of )\b(?:open|locked)\s+{_FILE}\b"
         r"(?!\s+(?:list|dialog|window|view|report|tab)\b)|"
         rf"\b{_FILE}\s+(?:still\s+)?in\s+use\b|"
         r"\b(?:users?|people|somebody|someone)\s+(?:\w+\s+)?(?:has|have|had|keeps?|kept)\s+it\s+open\b|"
         r"\b(?:has|have|had)\s+(?:one|some|any)\s+of\s+(?:them|the\s+files)\s+open\b|"
         r"\b(?:has|have|had|keeps?|kept|keeping|holds?|held|holding|leaves?|left)\s+"
         rf"(?:\w+\s+){{0,3}}?{_FILE}\s+open\b|\bsharing\s+violation\b|"
         r"\b(?:is|are|was|were|stays?|remain(?:s|ed)?)\s+(?:still\s+)?connected\b|"
         r"\blocks?\s+on\s+(?:any\s+of\s+)?(?:the\s+)?(?:package\s+)?files?\b|"
         r"\b(?:had|has|have|kept|keeps?)\s+(?:\w+\s+){0,2}?open\s+"
         rf"(?:from|on|in)\s+{_SHARE}\b|\bin\s+use\s+by\s+(?:\d+|\w+)\s+(?:users|people|"
         r"clients|workstations)\b", True),
    # Error 32 on the Despooler's own instruction file is no user's open file.
    rule("file_in_use", r"\bwin32\s+error\s*(?:=\s*)?32\b|\berror\s+(?:=\s*)?32\b", True,
         unless_sentence=r"\.ins\b|\binstruction\s+files?\b|\bnot\s+in\s+there\b|"
         r"\bnot\s+(?:in\s+the\s+log|logged)\b|\bno\s+(?:win32\s+)?error\b|\bnothing\b|"
         r"\bnot\s+that\s+one\b|\b(?:0|zero|no)\s+(?:hits|matches)\b"),
    rule("file_in_use", r"\b(?:running|runs|ran|using|uses|used|opened|opens)\s+(?:\S+\s+){0,3}?"
         rf"(?:straight\s+|directly\s+|right\s+)?(?:from|off)\s+{_SHARE}\b", True),
    rule("file_in_use", r"\b(?:somebody|someone|anybody|anyone|a\s+user|users|people)\s+"
         r"(?:\w+\s+){0,4}?(?:using|running|uses|used)\s+(?:the|a|an|that|this|our)\s+"
         r"(?:\w+\s+)?(?:program|app|application|file|executable)s?\b", True),
    rule("file_in_use", r"\b(?:everyone|everybody|all\s+(?:the\s+)?(?:users|clients))\s+"
         r"(?:had\s+|has\s+|have\s+)?(?:logged|signed)\s+(?:off|out)\b|\b(?:nobody|no\s+one|"
         r"no\s+users?)(?:['’]s|\s+(?:was|were|is|are|has\s+been|had\s+been))\s+(?:even\s+)?"
         r"(?:logged|signed)\s+(?:on|in)\b|\b(?:nothing|"
         r"no\s+files?)\s+(?:was|were|is|are)\s+(?:still\s+)?(?:open|locked|in\s+use)\b",
         False, whole=True),
    rule("file_in_use", r"\b(?:zero|no|0)\s+open\s+files\b|\bnone\s+connected\b|"
         r"\b(?:0|zero|no)\s+(?:open\s+)?sessions\b", False, whole=True, rank=2),
    rule("distribution_retrying", r"\bretrying\b|\b(?:in|into)\s+(?:a\s+|the\s+)?retry\b|"
         r"\bretry\s+(?:state|mode|cycle|loop|status)\b|(?<!number of )\bretries\b"
         r"(?!\s+(?:before|value|is|=|set)\b|\s*[:=]?\s*\d)|"
         r"\b(?:keeps?|kept)\s+(?:on\s+)?(?:trying|retrying)\b", True),
    rule("distribution_retrying", r"\b(?:did|does|do|has|have|had)(?:\s+not|n['’]t)\s+"
         r"(?:\w+\s+)?retr(?:y|ied)\b|\b(?:stopped|quit|ceased|gave\s+up)\s+retrying\b|"
         r"\bno\s+longer\s+retrying\b", False, whole=True, rank=2),
    # "the first failure" dates the failures; it does not say the job failed.
    rule("distribution_failed", r"(?<!first )(?<!first copy )(?<!first attempt )"
         r"\bfail(?:s|ed|ing|ure|ures)?\b(?!\s+(?:to|over)\b)", True,
         unless_sentence=r"\b(?:first|started|began)\b(?:\s+\S+){0,6}?\s+fail\w*\b[^.;]*(?:\bago\b|"
         r"\b(?:at|on|since)\s+\S+|\byesterday\b|\blast\s+night\b|\bthis\s+morning\b|"
         r"\b\d{1,2}:\d{2}\b)"),
    rule("package_partially_updated", r"\bpart(?:ial)?ly\s+(?:updated|copied|refreshed)\b|"
         r"\b(?:copied|updated|refreshed)\s+part(?:ial)?ly\b|\bsome\s+(?:of\s+the\s+)?files\s+"
         r"(?:carry|have|show|bear)\s+the\s+new\s+dates?\b|"
         r"\bhalf\s+(?:updated|copied)\b|\bsome\s+(?:of\s+the\s+)?files\s+(?:were\s+|are\s+|"
         r"got\s+)?(?:updated|copied|new|replaced)\b|\bmix(?:ture)?\s+of\s+old\s+and\s+new\b|"
         r"\bhalf\s+of\s+the\s+files\b|\bsome\b[^.;]{0,60}?\b(?:are|were)\s+new\b[^.;]{0,40}?"
         r"\bsome\b[^.;]{0,30}?\bold\b|\b(?:only\s+)?(?:part|some|a\s+few)\s+of\s+the\s+files\s+"
         r"(?:got|were|was|have\s+been|has\s+been)\s+(?:refreshed|updated|copied|replaced)\b|"
         r"\bstill\s+(?:has|have|shows?)\s+(?:the\s+old|last\s+\w+['’]s)\s+dates?\b[^.;]{0,40}?"
         r"\brest\s+(?:are|is)\s+new\b|\b(?:the\s+)?rest\s+(?:are|is)\s+(?:still\s+)?(?:from\s+)?"
         r"(?:the\s+)?old\b|\b(?:a\s+third|a\s+quarter|two\s+thirds|half|most|some|a\s+few|part)\s+of"
         r"\s+the\s+files\b[^.;]{0,60}?\b(?:are|were|is|have|has|got)\s+(?:the\s+)?(?:new|updated|"
         r"replaced|today['’]s\s+date)\b", True),
    rule("package_partially_updated", r"\bnone\s+of\s+the\s+files\b[^.;]{0,40}?\b(?:were|was|"
         r"got|have\s+been|has\s+been)\s+(?:replaced|updated|copied|overwritten)\b|\bnothing\s+"
         r"(?:got|was|has\s+been)\s+(?:copied|updated|replaced|overwritten)\b|\b(?:folder|"
         r"directory)\b[^.;]{0,40}?\buntouched\b|\bnot\s+(?:a\s+single|one)\s+file\b[^.;]{0,40}?"
         r"\b(?:was|got|has\s+been)\s+(?:overwritten|replaced|updated|copied)\b|"
         r"\b(?:every|each)\s+file\b[^.;]{0,50}?\b(?:is|was|has\s+been|got)\s+(?:now\s+)?(?:the\s+)?"
         r"(?:new|updated|replaced|current|up\s+to\s+date)\b|\ball\s+(?:of\s+)?the\s+files\b[^.;]{0,40}?\b(?:are|were|have\s+"
         r"been|got)\s+(?:now\s+)?(?:the\s+)?(?:new|updated|replaced)\b", False, whole=True),
    rule("job_type", r"\brun\s+command\s+on\s+workstation\b", "run_command_on_workstation"),
    rule("job_type", r"\bshare\s+package\s+(?:on\s+server\b|jobs?\b)", "share_package_on_server"),
    rule("job_type", r"\bremove\s+(?:package|pkg)\s+from\s+server\b|"
         r"\bremove\s+(?:package\s+)?jobs?\b|"
         r"\brpfs\b", "remove_package_from_server"),
    rule("job_type", r"\brcow\b", "run_command_on_workstation"),
    rule("job_type", r"\bspos\b", "share_package_on_server"),
    rule("job_type", r"\bsystem\s+jobs?\b|\bjob\s+type\s*[=:]\s*system\b", "system"),
    rule("job_type", r"\bshare\s+jobs?\b", "share_package_on_server"),
    # "Number Of Retries Before Forced Disconnection" is another value.
    rule("use_forced_disconnect", r"(?<!before )\b(?:use\s+)?forced?\s+disconnect(?:ion)?"
         r"(?:\s+|(?=\s*[=:]))(?:value\s+)?(?:with\s+(?:the\s+)?(?:data|value)\s+(?:of\s+)?)?"
         r"(?:is\s+|was\s+|=\s*|:\s*|at\s+)?(?:not\s+)?(?:(?:set|turned|switched)\s+)?(?:to\s+)?"
         + _ON_OFF, _switch, negated=_flip),
    rule("use_forced_disconnect", r"\b(?P<s>enabled|disabled)\s+(?:the\s+)?(?:use\s+)?"
         r"forced?\s+disconnect", _switch),
    rule("use_forced_disconnect", r"\bturned\s+(?P<s>on|off)\s+(?:the\s+)?(?:use\s+)?"
         r"forced?\s+disconnect", _switch),
    rule("use_forced_disconnect", r"\bset\s+(?:the\s+)?use\s+forced\s+disconnect\s+(?:value\s+)?"
         r"to\s+(?P<s>[01])\b", _switch),
    rule("use_forced_disconnect", _UFD + _ABSENT, None, whole=True),
    # A regedit export: "Use Forced Disconnect"=dword:00000001
    rule("use_forced_disconnect", r"\buse\s+forced\s+disconnect" + _DWORD, _dword, rank=2),
    rule("number_of_retries", r"\bretries\s+before\s+forced\s+disconnection" + _DWORD, _dword,
         rank=2),
    rule("forced_disconnection_delay", r"\bdisconnection\s+delay(?:\s+in\s+minutes)?" + _DWORD,
         _dword, rank=2),
    # "set it to 5, then 20, and finally 10": the last.
    rule("forced_disconnection_delay", _DELAY + r"[:\s]+(?:(?:i|we)\s+)?set\s+(?:it\s+)?to\s+"
         r"(?P<seq>\d+(?:\s*,?\s*(?:then|and|and\s+then|and\s+finally|finally)\s+(?:to\s+)?\d+)+)",
         _last, rank=2),
    rule("number_of_retries", r"\bneither\s+is\s+(?:the\s+)?" + _RETRIES.removeprefix(r"\b"), None,
         whole=True),
    rule("forced_disconnection_delay", r"\bneither\s+is\s+(?:the\s+)?" + _DELAY.removeprefix(r"\b"),
         None, whole=True),
    # The value now after a change: "was 1 but I set it back to 0", "from 12 to 3".
    rule("use_forced_disconnect", _UFD + _CHANGED_TO + _ON_OFF, _switch, rank=2),
    rule("number_of_retries", _RETRIES + _CHANGED_TO + _N + r"\b", _count, rank=2),
    rule("forced_disconnection_delay", _DELAY + _CHANGED_TO + _N + r"\b", _count, rank=2),
    rule("response_setting",
         r"\bresponse\b" + _CHANGED_TO + r"(?P<r>very\s+fast|fast|medium|slow)\b",
         lambda m: "_".join(m["r"].lower().split()), rank=2),
    rule("use_forced_disconnect", _UFD + r"\b[^.;]{0,20}?\bits\s+(?:data|value)\s+(?:was|is)\s+"
         + _ON_OFF, _switch),
    rule("use_forced_disconnect", r"\bgiv(?:e|es|ing|en|ing)\s+(?:the\s+)?(?:use\s+)?forced?\s+"
         r"disconnect\s+(?:value\s+)?(?:the\s+)?(?:value|data)\s+(?:of\s+)?" + _ON_OFF, _switch),
    rule("use_forced_disconnect", r"\bno\s+(?:use\s+)?forced?\s+disconnect\s+(?:entry|value)\b|"
         + _NO + r"use\s+forced\s+disconnect\b(?!\s+(?:is|was|=))", None, whole=True),
    rule("number_of_retries", _RETRIES + _ABSENT, None, whole=True),
    rule("number_of_retries", _NO + _RETRIES.removeprefix(r"\b"), None, whole=True),
    rule("forced_disconnection_delay", _DELAY + _ABSENT, None, whole=True),
    rule("forced_disconnection_delay", _NO + _DELAY.removeprefix(r"\b"), None, whole=True),
    rule("forced_disconnection_delay", r"\b(?:absent|missing),?\s+and\s+so\s+is\s+(?:the\s+)?"
         + _DELAY.removeprefix(r"\b"), None, whole=True),
    rule("number_of_retries", r"\bretries(?:\s*[=:]\s*|\s+(?:value\s+)?(?:is\s+|=\s*|:\s*)?)"
         r"(?:set\s+)?"
         r"(?:to\s+)?"
         rf"{_N}\b(?!\s*(?:minutes?|mins?|times|hours?)\b)", _count,
         needs_sentence=r"forced?\s+disconnect|\bdelay\b|\bregistry\b|\bvalues?\b|\bset\b|"
         r"\bdespooler\b"),
    rule("forced_disconnection_delay", r"\bdelay(?:\s*[=:]\s*|\s+(?:value\s+)?(?:is\s+|=\s*|:\s*)?)"
         r"(?:set\s+)?"
         rf"(?:to\s+)?{_N}(?:\s*(?:minutes?|mins?)\b|(?!\s*(?:hours?|days?|seconds?|secs?)\b)"
         r"(?=\s*(?:[,.;)]|and\b|$)))", _count),
    rule("response_setting", r"\bresponse(?:\s+setting)?(?:\s*:\s*|\s*=\s*|\s+(?:is\s+|was\s+)?)"
         r"(?:set\s+|left\s+|still\s+)?(?:to\s+|at\s+|on\s+)?(?P<r>very\s+fast|fast|medium|slow)\b",
         lambda m: "_".join(m["r"].lower().split())),
    rule("response_setting", r"\bresp(?:onse)?(?:\s+setting)?(?:\s+(?:on|at|for)\s+(?:the\s+)?\w+|"
         r"\s+there)?(?:\s*[=:]\s*|\s+(?:is|was)\s+(?:set\s+to\s+)?)(?P<r>very\s+fast|fast|medium|"
         r"slow)\b", lambda m: "_".join(m["r"].lower().split())),
    rule("response_setting", r"\b(?P<r>very\s+fast|fast|medium|slow)\s+response(?:\s+setting)?\b",
         lambda m: "_".join(m["r"].lower().split())),
    rule("number_of_retries", _RETRIES + _SET_TO + rf"{_N}\b(?!\s*(?:minutes?|mins?)\b)", _count),
    rule("forced_disconnection_delay", _DELAY + _SET_TO + rf"{_N}\b", _count),
    rule("minutes_since_first_failure", r"\b(?:failing|failed|retrying|stuck)\b(?:\s+\S+){0,4}?"
         rf"\s+for\s+(?:about\s+|around\s+|over\s+)?(?:the\s+(?:last|past)\s+)?{_DUR}\b",
         _minutes),
    rule("minutes_since_first_failure", r"\bfail\w*\b[^.;]{0,40}?"
         rf"{_DUR}\s+ago\b", _minutes),
    rule("minutes_since_first_failure", rf"{_DUR}\s+since\s+the\s+first\s+fail", _minutes),
    # "first failure at 08:15 today ... it's 13:45 now", "failed Monday at 09:00 ... now
    # Wednesday 09:00"
    rule("minutes_since_first_failure", rf"\bfirst\b[^.;]{{0,60}}?\bfail\w*\b[^;]{{0,40}}?"
         rf"(?:{_DAY}\s+)?(?:at\s+)?(?P<a>\d{{1,2}}:\d{{2}})\b[^;]{{0,60}}?\b(?:it['’]?s|it\s+is|now)"
         rf"\s+(?:now\s+)?(?:{_DAY2}\s+)?(?P<b>\d{{1,2}}:\d{{2}})\b", _clock),
    rule("minutes_since_first_failure", r"\b(?:started|began|start)\s+(?:retrying|failing|"
         rf"to\s+fail|to\s+retry)\s+(?:about\s+|around\s+|some\s+)?{_DUR}\s+ago\b", _minutes),
    rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:target|receiving|destination|child)\s+"
         r"site(?:'s)?(?:\s+site)?\s+server\b|\b(?:on|at)\s+the\s+(?:target|receiving|"
         r"destination|child)\s+site\b|\bof\s+the\s+(?:target|receiving|destination)\s+site\b|"
         r"\b(?:target|receiving|destination)\s+site(?:['’]s\s+(?:site\s+)?server)?\s+(?:has|had)\b",
         True, needs=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:site|one|server)\s+(?:that\s+)?(?:actually\s+|really\s+)?"
         r"(?:receiv(?:es|ing)|gets|is\s+getting)\b(?:\s+(?:the\s+packages?|it))?|\b(?:at|on)\s+the\s+receiving\s+end\b",
         True, needs_sentence=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:sending|source)\s+site\b|"
         r"\bsite\s+that\s+sends\b|\bwhere\s+the\s+(?:jobs?|packages?)\s+(?:originate|come\s+from|"
         r"are\s+(?:created|sent\s+from))\b|\b(?:on|at)\s+the\s+(?:\w+\s+)?site(?:\s+server)?,?\s+"
         r"(?:which|that)\s+sends\b", False),
    rule("value_on_target_site", r"(?:\bnever|\bnot|n['’]t)\s+(?:\w+\s+)?(?:touched|changed|"
         r"edited|set)\s+(?:the\s+registry|anything|it|the\s+values?)\s+(?:on|at)\s+the\s+"
         r"(?:\w+\s+)?site\s+that\s+receives\b", False, whole=True, rank=2),
    rule("value_on_target_site", r"\bboth\s+(?:the\s+)?(?:sending|source|primary)\s+and\s+"
         r"(?:the\s+)?(?:receiving|target|destination|secondary)\s+sites?\b|\bboth\s+sites\b",
         True, rank=2, needs_sentence=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:target|receiving|destination)\s+site\b[^.;]{0,80}?\b"
         r"(?:sett?ing|set|created|added)\s+(?:the\s+)?(?:use\s+)?forced?\s+disconnect\b"
         r"[^.;]{0,20}?\bthere\b", True, whole=True, rank=2),
    rule("despooler_paused_continued", r"\bpaused?\s*(?:and|\+|&)\s*(?:then\s+)?(?:continued?|"
         r"resumed?)\b|"
         r"\bpause\s*/\s*continue\b|\bpaused\s+(?:the\s+)?(?:sms_)?despooler\b[^.;]{0,60}?\b"
         r"(?:then\s+)?(?:continued|resumed)\b|"
         r"\b(?:restarted|stopped\s+and\s+(?:re)?started|bounced|cycled)\s+(?:the\s+)?"
         r"(?:sms_)?despooler\b", True),
    rule("despooler_paused_continued", r"(?:\bnever|\bnot|n['’]t)\s+(?:\w+\s+)?paused(?:\s*/\s*"
         r"continued|\s+(?:and|or)\s+continued)?\s+(?:the\s+)?(?:sms_)?despooler\b", False,
         whole=True),
    rule("despooler_restarted", r"\b(?:restarted|stopped\s+and\s+(?:re)?started|stopping\s+and\s+"
         r"(?:re)?starting|bounced|"
         r"(?:re)?cycled)\s+(?:the\s+)?(?:sms[_\s]?)?(?:despooler|executive)\b|\b(?:sms_)?(?:despooler|"
         r"executive)\s+(?:was|wasn['’]t|has|hasn['’]t|had|hadn['’]t|got)(?:\s+not)?(?:\s+been)?\s+"
         r"restarted\b", True,
         needs_text=r"\bretr(?:y|ying|ies)\b|\bsince\s+the\s+(?:job|distribution)\b|\bstuck\b"),
)
