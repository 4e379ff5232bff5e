"""The statements of the Despooler's registry values and where they were set: Use
Forced Disconnect, Number Of Retries Before Forced Disconnection, Forced
Disconnection Delay In Minutes, the site's Response setting, and whether the values
are on the site that receives the package. Read as
:mod:`advisor.evidence.describe_rules` reads the rest of the shared vocabulary."""

from __future__ import annotations

from advisor.evidence.describe_rules import Rule, rule
from advisor.evidence.describe_values import count as _count
from advisor.evidence.describe_values import dword as _dword
from advisor.evidence.describe_values import flip as _flip
from advisor.evidence.describe_values import last as _last
from advisor.evidence.describe_values import last_setting as _last_setting
from advisor.evidence.describe_values import last_to as _last_to
from advisor.evidence.describe_values import setting as _setting
from advisor.evidence.describe_values import switch as _switch
from advisor.evidence.describe_words import NUM

__all__ = ["DELAY", "REGISTRY_RULES", "RETRIES", "UFD"]

_N = rf"(?P<n>\d{{1,9}}|{NUM})"
#: A DWORD's data as regedit exports it ("=dword:0000000a") or shows it
#: ("REG_DWORD 0x0000000a"), or written in hex ("= 0x1e").
_DWORD = (r"[\"”]?(?:\s*=\s*dword:|\s*:?\s*REG_DWORD\s*:?\s*0x|"
          r"(?:\s*[:=]\s*|\s+(?:is\s+|says\s+)?)0x)"
          r"(?P<x>[0-9a-f]{1,8})\b")
#: What comes between a value's name and its new value: "from 12 to", "was 1 but I
#: set it back to", "changed from Slow to".
_CHANGED_TO = (r"(?:\s+(?:setting|value))?\s+(?:(?:is\s+|was\s+)?(?:changed\s+|lowered\s+|"
               r"raised\s+|dropped\s+|moved\s+)?from\s+\S+\s+to\s+|(?:was|is|"
         r"used\s+to\s+be)\s+\S+\s*,?\s+"
               r"(?:but|and|so|until)\s+(?:then\s+)?(?:i|we|someone|he|she|they)\s+(?:\w+\s+)?"
               r"(?:set|changed|put|turned|switched|lowered|raised|dropped|bumped)\s+it\s+"
               r"(?:back\s+)?(?:down\s+|up\s+)?to\s+)")
_ON_OFF = (r"(?P<s>on(?!\s+(?:the|a|an|our|their|this|that|both|all|each|every|site|server)\b"
           r"|\s+\S+\s+(?:site|server|primary)\b|\s+\w+['’]s\b)|"
           r"off|enabled|disabled|0x[0-9a-f]{1,8}|\d{1,10}(?!:\d)|true|false|zero|one)\b")
#: After a value put back: no later change in the same sentence ("... and yesterday to 1").
_NO_LATER = r"(?![^.;\n]{0,80}?\bto\s+(?:\d|on\b|off\b))"
_ABSENT = (r"[\"”]?(?:\s+(?:absent|missing)\b|(?:\s+(?:value|entry))?\s+(?:simply\s+|just\s+|"
         r"really\s+|"
           r"definitely\s+)?"
           r"(?:is|was)\s*(?:n['’]t|\s+not)\s+(?:there|present|set|defined)(?:\s+at\s+all)?|"
           r"(?:\s+(?:value|entry))?\s+(?:is|was)\s+(?:absent|missing)|"
           r"(?:\s+(?:value|entry))?\s+(?:does\s*n['’]t|does\s+not)\s+exist|"
           # a listing's or checklist's answer: "Use Forced Disconnect: <not present>"
           r"\s*[:=]\s*[<(\[]?(?:not\s+(?:present|there|set|found|defined)|absent|missing|"
           r"n/a|no\s+such\s+value|does\s*n['’]t\s+exist|does\s+not\s+exist|never\s+created)"
           r"\b[>)\]]?|[ \t]+<(?:not\s+present|absent|missing)>)")
_NO = (r"\bno\s+(?:such\s+)?(?:(?:value|entry)\s+(?:as\s+|called\s+|named\s+)?)?(?:the\s+)?"
       r"(?:\"|“|'|‘)?")
_UFD = r"(?<!before )\b(?:(?:use\s+)?forced?\s+disconnect(?!ion)|ufd\b)"
_RETRIES = (r"\b(?:(?:number\s+of\s+)?retries\s+before\s+(?:the\s+)?forced?\s+disconnect(?:ion)?"
            r"|number\s+of\s+retries)")
_DELAY = r"\b(?:forced\s+)?disconnection\s+delay(?:\s+in\s+minutes)?"
#: The three values' names, as the other readers name them too.
UFD, RETRIES, DELAY = _UFD, _RETRIES, _DELAY
_SET_TO = (r"[\"”]?(?:\s*:\s*|\s*=\s*|\s+(?:value\s+)?(?:is\s+|=\s*|:\s*)?)(?:now\s+)?(?:set\s+|"
           r"lowered\s+|raised\s+)?(?:to\s+)?")
#: A clause that speaks of a registry value (for the site it was set on).
_VALUE_TALK = (r"forced?\s+disconnect|\bvalues?\b|\bregistry\b|\bset\b|\bsetting\b|\bentry\b|"
               r"\bdata\b|\bretries\b|\bdelay\b|\bis\s+(?:0x[0-9a-f]+|\d+|on|off)\b|\bufd\b|=\s*\d|"
               r"forced\s+delivery")

REGISTRY_RULES: tuple[Rule, ...] = (
    rule("value_on_target_site", r"\b(?:export\w*|pasted|copied|regedit|"
         r"regedt32)\b[^.;]{0,80}?\b(?:child|"
         r"receiving|target|destination)\s+site\b", True, whole=True,
         needs_text=r"dword:|REG_DWORD|forced\s+disconnect"),
    rule("value_on_target_site", r"\b(?:on|at)\s+(?:the\s+|our\s+)?central\s+site\b|\b(?:on|at)\s+"
         r"(?:the\s+)?central\s+only\b|\bon\s+central\b", False, needs=_VALUE_TALK),
    # "Number Of Retries Before Forced Disconnection" is another value.
    rule("use_forced_disconnect", r"(?<!before )\b(?:(?:use\s+)?forced?\s+disconnect(?:ion)?|ufd)"
         r"[\"”]?(?:\s+|(?=\s*[=:]))(?:value\s+)?(?:with\s+(?:the\s+)?(?:data|value)\s+(?:of\s+)?)?"
         r"(?:is\s+|was\s+|=\s*|:\s*|at\s+|stands?\s+(?:on|at)\s+)?(?:not\s+)?"
         r"(?:(?:set|turned|switched)\s+)?(?:to\s+)?" + _ON_OFF, _switch, negated=_flip),
    # "... set back to 0": a value put back is the value now, whatever came before.
    *(rule(fact, name + r"[\"”]?[^.;\n]{0,30}?\b(?:set|changed|put|turned|switched|reverted|"
           r"rolled|dropped|lowered|raised)\s+(?:it\s+)?back\s+(?:down\s+|up\s+)?to\s+"
           + value + _NO_LATER, read, rank=3)
      for fact, name, value, read in (
          ("use_forced_disconnect", _UFD, _ON_OFF, _switch),
          ("number_of_retries", _RETRIES, r"(?P<n>\d{1,5})\b", _count),
          ("forced_disconnection_delay", _DELAY, r"(?P<n>\d{1,5})\b", _count))),
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
    rule("use_forced_disconnect", _UFD + r"[^;]{0,150}?\b(?:changed|set|put|turned|"
         r"switched)\s+it\s+"
         r"back\s+to\s+" + _ON_OFF + _NO_LATER, _switch, rank=3, whole=True),
    rule("use_forced_disconnect", _UFD + r"[^.;]{0,60}?\bthen\s+(?:deleted|"
         r"removed)\s+(?:the\s+value|"
         r"it)\b", None, rank=3, whole=True),
    rule("number_of_retries", _RETRIES + _CHANGED_TO + _N + r"\b", _count, rank=2),
    rule("forced_disconnection_delay", _DELAY + _CHANGED_TO + _N + r"\b", _count, rank=2),
    rule("response_setting", r"\bresponse\b[^.;]{0,30}?\b(?:at|on|to)\s+(?:very\s+fast|fast|medium|"
         r"slow)\b(?:[^.;]{0,60}?\b(?:then|went\s+to|moved\s+to|to)\s+(?:very\s+fast|fast|medium|"
         r"slow)\b)+", _last_setting, rank=2),
    rule("response_setting",
         r"\bresponse\b" + _CHANGED_TO + r"(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=2),
    rule("use_forced_disconnect", _UFD + r"\b[^.;]{0,20}?\bits\s+(?:data|value)\s+(?:was|is)\s+"
         + _ON_OFF, _switch),
    rule("use_forced_disconnect", r"\bgiv(?:e|es|ing|en|ing)\s+(?:the\s+)?(?:use\s+)?forced?\s+"
         r"disconnect\s+(?:value\s+)?(?:the\s+)?(?:value|data)\s+(?:of\s+)?" + _ON_OFF, _switch),
    rule("use_forced_disconnect", r"\bno\s+(?:use\s+)?forced?\s+disconnect\s+(?:entry|value)\b|"
         + _NO + r"use\s+forced\s+disconnect\b(?!\s+(?:is|was|=))", None, whole=True),
    rule("number_of_retries", _RETRIES + _ABSENT, None, whole=True),
    rule("number_of_retries", _NO + _RETRIES.removeprefix(r"\b"), None, whole=True),
    rule("forced_disconnection_delay", _DELAY + _ABSENT, None, whole=True),
    rule("number_of_retries", r"\bthe\s+retries\s+(?:value|entry|setting)" + _ABSENT, None,
         whole=True, needs_text=r"forced?\s+disconnect|\bufd\b"),
    # reg.exe asked for a value that is not there
    *(rule(fact, r"\breg(?:\.exe)?\s+query\s+\"?[^\"\n]*\\" + name.removeprefix(r"\b")
           + r"[^\n]*(?:\n[ \t]*){1,3}error:?\s+the\s+system\s+was\s+unable\s+to\s+find\b",
           None, whole=True, rank=2)
      for fact, name in (("use_forced_disconnect", r"use\s+forced\s+disconnect\b"),
                         ("number_of_retries", _RETRIES), ("forced_disconnection_delay", _DELAY))),
    rule("forced_disconnection_delay", _NO + _DELAY.removeprefix(r"\b"), None, whole=True),
    rule("forced_disconnection_delay", r"\b(?:absent|missing),?\s+and\s+so\s+is\s+(?:the\s+)?"
         + _DELAY.removeprefix(r"\b"), None, whole=True),
    rule("number_of_retries", rf"\b{_N}\s+retries\s+before\s+(?:forcing|forced|disconnect)",
         _count),
    rule("forced_disconnection_delay", rf"\b{_N}[-\s]minutes?\s+(?:warning\s+)?delay\b", _count),
    # a change record: "Use Forced Disconnect: 0 -> 1"
    rule("use_forced_disconnect", _UFD + r"\s*[:=]?\s*\S+\s*(?:->|→|=>)\s*" + _ON_OFF, _switch,
         rank=3),
    rule("number_of_retries", _RETRIES + r"\s*[:=]?\s*\S+\s*(?:->|→|=>)\s*" + _N + r"\b", _count,
         rank=3),
    rule("forced_disconnection_delay", _DELAY + r"\s*[:=]?\s*\S+\s*(?:->|→|=>)\s*" + _N + r"\b",
         _count, rank=3),
    rule("use_forced_disconnect", r"\buse\s+forced\s+disconnect[\"”]?\s*:?\s*REG_DWORD\s*:?\s*"
         r"(?P<s>\d{1,10})\b", _switch, rank=2),
    rule("number_of_retries", r"\bretries(?:\s*[=:]\s*|\s+(?:value\s+)?(?:in\s+the\s+registry\s+)?"
         r"(?:is\s+|=\s*|:\s*)?)(?:set\s+)?"
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
         _setting),
    rule("response_setting", r"\bresp(?:onse)?(?:\s+setting)?(?:\s+(?:on|at|for)\s+(?:the\s+)?\w+|"
         r"\s+there)?(?:\s*[=:]\s*|\s+(?:is|was)\s+(?:set\s+to\s+)?)(?P<r>very\s+fast|fast|medium|"
         r"slow)\b", _setting),
    rule("response_setting", r"\b(?P<r>very\s+fast|fast|medium|slow)\s+response(?:\s+setting)?\b",
         _setting),
    rule("number_of_retries", _RETRIES + _SET_TO + rf"{_N}\b(?!\s*(?:minutes?|mins?)\b)", _count),
    rule("forced_disconnection_delay", _DELAY + _SET_TO + rf"{_N}\b", _count),
    rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:target|receiving|destination|child)\s+"
         r"site(?:'s)?(?:\s+site)?\s+server\b|\b(?:on|at)\s+the\s+(?:target|receiving|"
         r"destination|child)\s+site\b|\bof\s+the\s+(?:target|receiving|destination)\s+site\b|"
         r"\b(?:target|receiving|destination)\s+site(?:['’]s\s+(?:site\s+)?server)?\s+(?:has|"
         r"had)\b",
         True, needs=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:site|one|server)\s+(?:that\s+)?(?:actually\s+|really\s+)?"
         r"(?:receiv(?:es|ing)|gets|is\s+getting)\b(?:\s+(?:the\s+packages?|it))?|\b(?:at|"
         r"on)\s+the\s+receiving\s+end\b|\bsite\s+(?:that\s+)?(?:the\s+package\s+is|it\s+is|"
         r"it['’]s)\s+sent\s+to\b|\bsite\s+(?:that\s+)?the\s+packages?\s+(?:goes|go)\s+to\b",
         True, needs_text=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:sending|source)\s+site\b|"
         r"\bsite\s+that\s+sends\b|\bwhere\s+the\s+(?:jobs?|packages?)\s+(?:originate|come\s+from|"
         r"are\s+(?:created|sent\s+from))\b|\b(?:on|at)\s+the\s+(?:\w+\s+)?site(?:\s+server)?,?\s+"
         r"(?:which|that)\s+sends\b", False),
    rule("value_on_target_site", r"(?:\bnever|\bnot|n['’]t)\s+(?:\w+\s+)?(?:touched|changed|"
         r"edited|set)\s+(?:the\s+registry|anything|it|the\s+values?)\s+(?:on|at)\s+the\s+"
         r"(?:\w+\s+)?site\s+that\s+receives\b", False, whole=True, rank=2),
    rule("value_on_target_site", r"\bboth\s+(?:the\s+)?(?:sending|source|"
         r"primary)\s+and\s+(?:the\s+)?(?:receiving|target|destination|secondary)\s+sites?\b|"
         r"\bboth\s+sites\b",
         True, rank=2, needs_sentence=_VALUE_TALK),
    rule("value_on_target_site", r"\b(?:target|receiving|"
         r"destination)\s+site\b[^.;]{0,80}?\b(?:sett?ing|set|created|"
         r"added)\s+(?:the\s+)?(?:use\s+)?forced?\s+disconnect\b"
         r"[^.;]{0,20}?\bthere\b", True, whole=True, rank=2),
    # Round six (holdout7): other ways of saying what is said above.
    rule("response_setting", r"\bresponse\b[^.;]{0,60}?\b(?:changed|set|moved|switched|put|"
         r"turned)\s+it\s+"
         r"(?:back\s+)?to\s+(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=2),
    rule("use_forced_disconnect", _UFD + r"[^.;\n]{0,30}?\bset\s+to\s+\d\b(?:[^.;\n]{0,80}?\bto\s+"
         r"\d\b)+",
         _last_to, rank=4, whole=True),
    rule("use_forced_disconnect", _UFD + r"\b[^.;]{0,80}?\band\s+it\s+is\s*(?:n['’]t|"
         r"\s+not)\s+there\b",
         None, rank=2, whole=True),
    rule("number_of_retries", _RETRIES + r"\s+used\s+to\s+be\s+\d+\s*,?\s+(?:(?:and|but|"
         r"so)\s+)?(?:i|we)\s+"
         r"(?:lowered|raised|changed|set|dropped|bumped)\s+it\s+to\s+" + _N + r"\b", _count,
         rank=2),
    rule("value_on_target_site", r"\bexport\w*\s+from\s+the\s+\w+\s+site\s+server,?\s+i\.e\.\s+"
         r"the\s+site\s+"
         r"that\s+receives\b|\bboth\s+site\s+servers\b|\b(?:on|at)\s+the\s+(?:target|receiving|"
         r"destination)\s+"
         r"\w+['’]s\s+site\s+server\b", True, whole=True,
         needs_text=r"forced?\s+disconnect|dword:|REG_DWORD"),
)
