"""Read a problem described in a user's own words.

:func:`propose_facts` suggests facts (from :data:`advisor.facts.model.VOCABULARY`) that the
text states, each with the exact words that suggested it, for the user to confirm:

>>> [(p.fact, p.value, p.words) for p in propose_facts(
...     "SMS 2.0 here: our NetWare server never gets updated because a user keeps a "
...     "file open, and the job keeps retrying")]
... # doctest: +NORMALIZE_WHITESPACE
[('sms_version', '2.0', 'SMS 2.0'), ('server_platform', 'netware', 'NetWare server'),
 ('file_in_use', True, 'keeps a file open'), ('distribution_retrying', True, 'keeps retrying')]

It prefers saying nothing to saying something wrong: a statement that is negated
("no files are open", "not retrying") gives ``False`` for a yes/no fact and nothing
for any other fact; a hedged one ("whether", "maybe", a question) gives nothing; and
two statements that disagree about one fact give nothing for it.

:func:`query_terms` gives the words of a description that a search looks for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from advisor.facts import VOCABULARY, FactValue

__all__ = ["Proposal", "propose_facts", "query_terms"]


@dataclass(frozen=True)
class Proposal:
    """A fact the text suggests: ``fact`` is a name from the vocabulary, ``value`` a
    value it allows, and ``words`` the words of the text that suggested it, found at
    ``text[start:end]``."""

    fact: str
    value: FactValue
    words: str
    start: int
    end: int

    def to_json(self) -> dict[str, object]:
        """The proposal as a JSON object."""
        return {"fact": self.fact, "value": self.value, "words": self.words,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class _Rule:
    fact: str
    pattern: re.Pattern[str]
    value: Callable[[re.Match[str]], FactValue]
    #: Outranks a disagreeing statement of lower rank (a distribution server's
    #: platform over a platform merely named).
    rank: int = 1
    #: For a choice or number, what a negated statement means (None: nothing).
    negated: Callable[[re.Match[str]], FactValue] | None = None
    #: The pattern holds its own negation ("nobody had anything open" read as a
    #: whole, "isn't there at all"): a negation around it changes nothing.
    whole: bool = False


def _rule(fact: str, pattern: str, value: FactValue | Callable[[re.Match[str]], FactValue],
          *, rank: int = 1, negated: Callable[[re.Match[str]], FactValue] | None = None,
          whole: bool = False) -> _Rule:
    get = value if callable(value) else (lambda _match, v=value: v)
    return _Rule(fact, re.compile(pattern, re.IGNORECASE), get, rank, negated, whole)


def _version(match: re.Match[str]) -> FactValue:
    number = match.group("v")
    return f"{number}.0" if "." not in number else number


def _switch(match: re.Match[str]) -> FactValue:
    word = match.group("s").lower()
    if word[:1].isdigit():
        return int(word, 16 if word.startswith("0x") else 10)  # the DWORD data itself
    return 0 if word in {"off", "disabled", "false"} else 1


def _flip(match: re.Match[str]) -> FactValue:
    # "not enabled" is off; "not off" does not say which non-zero number it is.
    return 0 if _switch(match) == 1 else _NOTHING


_NUMBER_WORDS = {word: n for n, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve"])}
_NUMBER_WORDS.update(a=1, an=1, twenty=20, thirty=30, forty=40, fifty=50, sixty=60)
_NUM = r"(?P<n>\d{1,5}|a|an|" + "|".join(w for w in _NUMBER_WORDS if len(w) > 2) + ")"
_UNIT = r"(?P<u>minutes?|mins?|hours?|hrs?|days?|weeks?)"


def _minutes(match: re.Match[str]) -> FactValue:
    unit = match.group("u").lower()
    scale = (10080 if unit.startswith("w") else 1440 if unit.startswith("d")
             else 60 if unit.startswith("h") else 1)
    number = match.group("n").lower()
    return (int(number) if number.isdigit() else _NUMBER_WORDS[number]) * scale


_NOTHING: FactValue = "\0"  # marks "propose nothing" (no fact takes this value)
_FILE = r"(?:files?|programs?|documents?|executables?|\.exe|anything|something)"
_ON_OFF = r"(?P<s>on|off|enabled|disabled|0x[0-9a-f]{1,8}|\d{1,10}|true|false)\b"
_SHARE = (r"(?:the|that|this|our|a)\s+(?:distribution\s+(?:point|server|share)|package\s+"
          r"(?:server|share|directory|folder)|share|server)")
_ABSENT = (r"(?:(?:\s+(?:value|entry))?\s+(?:is|was)\s*(?:n['’]t|\s+not)\s+(?:there|present|"
           r"set|defined)(?:\s+at\s+all)?|(?:\s+(?:value|entry))?\s+(?:is|was)\s+(?:absent|"
           r"missing))")
_UFD = r"(?<!before )\b(?:use\s+)?forced?\s+disconnect(?!ion)"
_RETRIES = r"\bnumber\s+of\s+retries(?:\s+before\s+forced\s+disconnection)?"
_DELAY = r"\b(?:forced\s+)?disconnection\s+delay(?:\s+in\s+minutes)?"
_SERVER = r"(?:distribution|package|dist)\s+(?:point|server|share)s?"
_RULES = (
    _rule("server_platform", rf"\b(?:novell\s+)?(?:netware|novell|nw)\s+{_SERVER}|"
          rf"\b{_SERVER}\s+(?:is|runs|running|on)\s+(?:novell\s+)?netware\b", "netware", rank=2),
    _rule("server_platform", r"\b(?:novell\s+netware|netware|novell)(?:\s+servers?)?\b|"
          r"\bnw\s+(?:server|box|volume)s?\b", "netware"),
    _rule("server_platform", r"\b(?:novell|netware|nw)\s+ones\b", "netware", rank=2),
    _rule("server_platform", rf"\b(?:windows\s+)?nt\s+(?:4(?:\.0)?\s+)?{_SERVER}|\b{_SERVER}"
          r"\s+(?:is|runs|running|on)\s+windows\s+nt\b", "windows_nt", rank=2),
    _rule("server_platform", r"\bwindows\s+nt\b|\bwinnt\b|\bnt\s+(?:4(?:\.0)?\s+)?(?:server|"
          r"box|machine)s?\b", "windows_nt"),
    _rule("sms_version", r"\b(?:sms|systems\s+management\s+server)\s*(?:version\s*|v)?"
          r"(?P<v>1\.[012]|2\.0|2)(?!\.?\d)", _version),
    _rule("sms_version", r"\bsms(?P<v>1[012]|20)\b", lambda m: f"{m['v'][0]}.{m['v'][1]}"),
    _rule("sms_version", r"\bversion\s+(?P<v>1\.[012]|2\.0)\s+of\s+(?:sms|systems\s+"
          r"management\s+server)\b", _version),
    _rule("sms_version", r"\bstill\s+(?:on\s+|at\s+)?(?P<v>1\.[012])(?!\.?\d)", _version,
          rank=2),
    _rule("sms_version", r"\b(?:upgraded?|moved|went)\s+(?:from\s+)?sms\s*1\.[012]\s+to\s+"
          r"(?:sms\s*)?(?P<v>1\.[12]|2\.0|2)(?!\.?\d)", _version, rank=2),
    _rule("file_in_use", rf"\b(?:{_FILE}|it|one|something)\s+(?:is|are|was|were|being|stays?|"
          r"remains?)\s+(?:still\s+)?(?:not\s+)?(?:open(?:ed)?|locked|in\s+use)\b|"
          rf"\b(?:open|locked)\s+{_FILE}|\b{_FILE}\s+(?:still\s+)?in\s+use\b|"
          r"\b(?:has|have|had|keeps?|kept|keeping|holds?|held|holding|leaves?|left)\s+"
          rf"(?:\w+\s+){{0,2}}?{_FILE}\s+open\b|\bwin32\s+error\s*(?:=\s*)?32\b|"
          r"\berror\s+32\b|\bsharing\s+violation\b|\b(?:is|are|was|were|stays?|remain(?:s|ed)?)"
          r"\s+(?:still\s+)?connected\b|\blocks?\s+on\s+(?:any\s+of\s+)?(?:the\s+)?"
          r"(?:package\s+)?files?\b|\b(?:had|has|have|kept|keeps?)\s+(?:\w+\s+){0,2}?open\s+"
          rf"(?:from|on|in)\s+{_SHARE}\b", True),
    _rule("file_in_use", r"\b(?:running|runs|ran|using|uses|used|opened|opens)\s+(?:\S+\s+){0,3}?"
          rf"(?:straight\s+|directly\s+|right\s+)?(?:from|off)\s+{_SHARE}\b", True),
    _rule("file_in_use", r"\b(?:everyone|everybody|all\s+(?:the\s+)?(?:users|clients))\s+"
          r"(?:had\s+|has\s+|have\s+)?(?:logged|signed)\s+(?:off|out)\b", False, whole=True),
    _rule("distribution_retrying", r"\bretrying\b|\b(?:in|into)\s+(?:a\s+|the\s+)?retry\b|"
          r"\bretry\s+(?:state|mode|cycle|loop|status)\b|(?<!number of )\bretries\b"
          r"(?!\s+(?:before|value|is|=|set)\b)|"
          r"\b(?:keeps?|kept)\s+(?:on\s+)?(?:trying|retrying)\b", True),
    _rule("distribution_retrying", r"\b(?:did|does|do|has|have|had)(?:\s+not|n['’]t)\s+"
          r"(?:\w+\s+)?retr(?:y|ied)\b", False, whole=True),
    # "the first failure" dates the failures; it does not say the job failed.
    _rule("distribution_failed", r"(?<!first )(?<!first copy )(?<!first attempt )"
          r"\bfail(?:s|ed|ing|ure|ures)?\b(?!\s+(?:to|over)\b)", True),
    _rule("package_partially_updated", r"\bpart(?:ial)?ly\s+(?:updated|copied|refreshed)\b|"
          r"\bhalf\s+(?:updated|copied)\b|\bsome\s+(?:of\s+the\s+)?files\s+(?:were\s+|are\s+|"
          r"got\s+)?(?:updated|copied|new|replaced)\b|\bmix(?:ture)?\s+of\s+old\s+and\s+new\b|"
          r"\bhalf\s+of\s+the\s+files\b|\bsome\b[^.;]{0,60}?\b(?:are|were)\s+new\b[^.;]{0,40}?"
          r"\bsome\b[^.;]{0,30}?\bold\b", True),
    _rule("package_partially_updated", r"\bnone\s+of\s+the\s+files\b[^.;]{0,40}?\b(?:were|was|"
          r"got|have\s+been|has\s+been)\s+(?:replaced|updated|copied)\b|\bnothing\s+(?:got|was|"
          r"has\s+been)\s+(?:copied|updated|replaced)\b|\b(?:folder|directory)\b[^.;]{0,40}?"
          r"\buntouched\b", False, whole=True),
    _rule("job_type", r"\brun\s+command\s+on\s+workstation\b", "run_command_on_workstation"),
    _rule("job_type", r"\bshare\s+package\s+on\s+server\b", "share_package_on_server"),
    _rule("job_type", r"\bremove\s+package\s+from\s+server\b", "remove_package_from_server"),
    _rule("job_type", r"\bsystem\s+jobs?\b", "system"),
    # "Number Of Retries Before Forced Disconnection" is another value.
    _rule("use_forced_disconnect", r"(?<!before )\b(?:use\s+)?forced?\s+disconnect(?:ion)?\s+"
          r"(?:value\s+)?"
          r"(?:is\s+|was\s+|=\s*)?(?:not\s+)?(?:(?:set|turned|switched)\s+)?(?:to\s+)?"
          + _ON_OFF, _switch, negated=_flip),
    _rule("use_forced_disconnect", r"\b(?P<s>enabled|disabled)\s+(?:the\s+)?(?:use\s+)?"
          r"forced?\s+disconnect", _switch),
    _rule("use_forced_disconnect", r"\bturned\s+(?P<s>on|off)\s+(?:the\s+)?(?:use\s+)?"
          r"forced?\s+disconnect", _switch),
    _rule("use_forced_disconnect", r"\bset\s+(?:the\s+)?use\s+forced\s+disconnect\s+(?:value\s+)?"
          r"to\s+(?P<s>[01])\b", _switch),
    _rule("use_forced_disconnect", _UFD + _ABSENT, None, whole=True),
    _rule("use_forced_disconnect", r"\bno\s+(?:use\s+)?forced?\s+disconnect\s+(?:entry|value)\b",
          None, whole=True),
    _rule("number_of_retries", _RETRIES + _ABSENT, None, whole=True),
    _rule("forced_disconnection_delay", _DELAY + _ABSENT, None, whole=True),
    _rule("forced_disconnection_delay", r"\b(?:absent|missing),?\s+and\s+so\s+is\s+(?:the\s+)?"
          + _DELAY.removeprefix(r"\b"), None, whole=True),
    _rule("number_of_retries", r"\bretries\s+(?:value\s+)?(?:is\s+|=\s*)(?:set\s+)?(?:to\s+)?"
          r"(?P<n>\d{1,9})\b", lambda m: int(m["n"])),
    _rule("forced_disconnection_delay", r"\bdelay\s+(?:value\s+)?(?:is\s+|=\s*)(?:set\s+)?"
          r"(?:to\s+)?(?P<n>\d{1,9})\s*(?:minutes?|mins?)\b", lambda m: int(m["n"])),
    _rule("response_setting", r"\bresponse\s+(?:setting\s+)?(?:is\s+|was\s+|=\s*)?(?:set\s+)?"
          r"(?:to\s+)?(?P<r>very\s+fast|fast|medium|slow)\b",
          lambda m: "_".join(m["r"].lower().split())),
    _rule("number_of_retries", r"\bnumber\s+of\s+retries(?:\s+before\s+forced\s+disconnection)?"
          r"\s+(?:is\s+|=\s*)?(?:set\s+)?(?:to\s+)?(?P<n>\d{1,9})\b", lambda m: int(m["n"])),
    _rule("forced_disconnection_delay", r"\b(?:forced\s+)?disconnection\s+delay(?:\s+in\s+minutes)?"
          r"\s+(?:is\s+|=\s*)?(?:set\s+)?(?:to\s+)?(?P<n>\d{1,9})\b", lambda m: int(m["n"])),
    _rule("minutes_since_first_failure", r"\b(?:failing|failed|retrying|stuck)\s+(?:for\s+)"
          rf"(?:the\s+(?:last|past)\s+)?{_NUM}\s*{_UNIT}\b", _minutes),
    _rule("minutes_since_first_failure", rf"\bfail\w*\b[^.;]{{0,40}}?\b{_NUM}\s*{_UNIT}\s+ago\b",
          _minutes),
    _rule("minutes_since_first_failure", rf"\b{_NUM}\s*{_UNIT}\s+since\s+the\s+first\s+fail",
          _minutes),
    _rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:target|receiving|destination)\s+"
          r"site(?:'s)?(?:\s+site)?\s+server\b|\b(?:on|at)\s+the\s+(?:target|receiving|"
          r"destination)\s+site\b|\bof\s+the\s+(?:target|receiving|destination)\s+site\b|"
          r"\b(?:site|one|server)\s+(?:that\s+)?receiv(?:es|ing)\s+(?:the\s+package|it)\b", True),
    _rule("value_on_target_site", r"\b(?:on|at)\s+the\s+(?:sending|source)\s+site\b|"
          r"\bsite\s+that\s+sends\b", False),
    _rule("despooler_paused_continued", r"\bpaused\s+and\s+(?:then\s+)?(?:continued|resumed)\b|"
          r"\b(?:restarted|stopped\s+and\s+(?:re)?started|bounced|cycled)\s+(?:the\s+)?"
          r"(?:sms_)?despooler\b", True),
)

_CLAUSE_BREAK = re.compile(r"[.;:!?\n()]|,\s|\s-\s|\b(?:but|because|since|although|though|"
                           r"while|whereas|and|so|yet|however|when|after|until|as)\b",
                           re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|never|nobody|none|neither|nor|without|cannot|nothing)\b|"
                       r"n[’']t\b|"
                       r"\bno\s+one\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_HEDGE = re.compile(r"\b(?:whether|if|unless|maybe|perhaps|possibly|might|unsure|wonder|"
                    r"suspect)\b|\bnot\s+sure\b|\?", re.IGNORECASE)


# "it went from Retrying to Failed": the state it is in now is the last one named.
_STATES = {"retrying": "distribution_retrying", "retry": "distribution_retrying",
           "failed": "distribution_failed", "failure": "distribution_failed"}
_SEQUENCE = re.compile(r"\b(?:went|goes|go|changed|changes|moved|turned|switched)\s+from\s+"
                       r"(?P<a>retrying|retry|failed|failure)\s+(?:back\s+)?to\s+"
                       r"(?P<b>retrying|retry|failed|failure)\b", re.IGNORECASE)


def _sequences(text: str) -> list[tuple[int, Proposal]]:
    found = []
    for match in _SEQUENCE.finditer(text):
        before, now = _STATES[match["a"].lower()], _STATES[match["b"].lower()]
        if before != now:
            for fact, value in ((before, False), (now, True)):
                found.append((3, Proposal(fact, value, match.group(), match.start(),
                                          match.end())))
    return found


#: Longest description read, in characters; the rest is not looked at. A
#: description is a few sentences, and every pattern's work grows with the text.
MAX_DESCRIPTION = 4000


def propose_facts(text: str) -> list[Proposal]:
    """The facts ``text`` suggests, at most one per fact, in the order of the text.

    Each :class:`Proposal` names a fact of the vocabulary, a value it allows and the
    words it was read from. Nothing is proposed for a fact the text leaves in doubt.
    Only the first :data:`MAX_DESCRIPTION` characters are read.
    """
    text = text[:MAX_DESCRIPTION]
    # Clause breaks and word starts are found once, so that reading each match's
    # clause costs a lookup rather than a scan of the text before it.
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    break_starts = [start for start, _ in breaks]
    break_ends = [end for _, end in breaks]
    word_starts = [m.start() for m in _WORD.finditer(text)]
    found: dict[str, list[tuple[int, Proposal]]] = {}
    for rank, proposal in _sequences(text):
        found.setdefault(proposal.fact, []).append((rank, proposal))
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            value = _read(rule, match, text, breaks, break_starts, break_ends, word_starts)
            if value != _NOTHING:
                proposal = Proposal(rule.fact, value, match.group(), match.start(), match.end())
                found.setdefault(rule.fact, []).append((rule.rank, proposal))
    chosen = []
    for candidates in found.values():
        top = max(rank for rank, _ in candidates)
        best = [p for rank, p in candidates if rank == top]
        if len({repr(p.value) for p in best}) == 1:
            chosen.append(min(best, key=lambda p: p.start))
    return sorted(chosen, key=lambda p: p.start)


def _read(rule: _Rule, match: re.Match[str], text: str, breaks: list[tuple[int, int]],
          break_starts: list[int], break_ends: list[int], word_starts: list[int]
          ) -> FactValue:
    """The value a match states, or ``_NOTHING`` when it is hedged or negated away."""
    # The clause: from the end of the last break that ends before the match starts
    # to the start of the first break that starts at or after the match's end.
    before = bisect.bisect_right(break_ends, match.start())
    start = break_ends[before - 1] if before else 0
    after = bisect.bisect_left(break_starts, match.end())
    end = breaks[after][0] if after < len(breaks) else len(text)
    if _HEDGE.search(text, start, end):
        return _NOTHING
    if rule.whole:
        return rule.value(match)
    # A negation counts when it governs the statement: inside it or a few words
    # before it ("no files are open", "users do not have files open", "not NetWare").
    reach = 4 if VOCABULARY[rule.fact].kind == "bool" else 2
    first = bisect.bisect_left(word_starts, start)
    last = bisect.bisect_left(word_starts, match.start())
    words = [start, *word_starts[max(first, last - reach):last]]
    if not _NEGATION.search(text, words[-reach:][0], match.end()):
        return rule.value(match)
    if VOCABULARY[rule.fact].kind == "bool":
        return not rule.value(match)
    return rule.negated(match) if rule.negated else _NOTHING


_CONTRACTION = re.compile(r"(?<=\w)['’]\w{1,2}\b")
_TOKEN = re.compile(r"[^\W_]+(?:[.\-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_MAX_TERMS = 32
_STOPWORD_TEXT = """a about above after again against all also always am an and any are
as at be because been before being below between both but by came can cannot come comes
coming could did didn do does doesn doing don down during each else even ever every few
first for from further gave get gets getting give gives given got had has have having he
her here hers him his how however i if in into is isn it its itself just let lets like lot
lots look looks many me might more most much must my never no nor not now of off often on
once only or other our ours out over own right same seem seems several she should since so
some sometimes still such than that the their theirs them then there these they thing
things this those though through to too under until up upon us very via was wasn way we
were weren what when whenever where whether which while who whom why will with within
without won would you your yours"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def query_terms(text: str) -> list[str]:
    """The words of a description that a search looks for, lower case, each once.

    Punctuation and common English words are dropped, so any text is safe to search:
    quotes, parentheses, ``-``, ``*``, ``:`` and words such as ``AND`` are never read
    as query syntax. A dotted or hyphenated word (``2.0``, ``re-install``) becomes
    one phrase of its parts (``2 0``).
    """
    terms: dict[str, None] = {}
    for match in _TOKEN.finditer(_CONTRACTION.sub("", text)):
        parts = _PART.findall(match.group().casefold())
        if len(parts) > 1 or parts[0] not in _STOPWORDS:
            terms[" ".join(parts)] = None
    return list(terms)[:_MAX_TERMS]
