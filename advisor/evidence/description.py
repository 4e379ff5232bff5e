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
from dataclasses import dataclass

from advisor.evidence.describe_general import GENERAL_RULES
from advisor.evidence.describe_packs import PACK_RULES
from advisor.evidence.describe_registry import REGISTRY_RULES
from advisor.evidence.describe_round10 import ROUND10_RULES
from advisor.evidence.describe_round12 import ROUND12_RULES
from advisor.evidence.describe_round15 import ROUND15_RULES
from advisor.evidence.describe_round17 import ROUND17_RULES
from advisor.evidence.describe_round20 import ROUND20_RULES
from advisor.evidence.describe_round21 import ROUND21_RULES
from advisor.evidence.describe_rules import CORE_RULES, NOTHING, Rule
from advisor.evidence.describe_sites import Candidate as _Candidate
from advisor.evidence.describe_sites import by_site
from advisor.evidence.describe_view import View
from advisor.evidence.describe_words import normalise
from advisor.evidence.learned import guesses, read, unlikely
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


# ("no wait, ..." corrects the writer, see _CORRECTION, and negates nothing)
_NEGATION = re.compile(r"\b(?:no(?!,?\s+wait\b)|not|never|nobody|none|neither|nor|without|cannot|"
                       r"nothing)\b|"
                       r"n[’']t\b|"
                       r"\bno\s+one\b", re.IGNORECASE)
# A wish or a plan ("they want forced disconnect turned on", "a restart is
# scheduled for tonight") is not the state either.
# "to see if it would pick up" is a purpose, not a doubt.
_HEDGE = re.compile(r"\b(?:(?<!see\s)whether|(?<!see\s)if(?!\s+(?:that|it|this)\s+(?:matters|"
                    # "SP4, if that matters" adds a fact, it doubts none
                    r"helps|is\s+(?:relevant|important|any\s+use)|makes\s+(?:a|any)\s+"
                    r"difference)\b)|unless|"
                    # "after maybe fifty tries" is a rough count, not a doubt
                    r"(?:maybe|perhaps)(?!\s+(?:\d|about\b|around\b|a\s+(?:few|couple|dozen)\b|"
                    r"half\b|(?:ten|twenty|thirty|forty|fifty|sixty)\b))|possibly|might|"
                    r"unsure|wonder|"
                    r"suspect|wants?|wanted|scheduled|planned|plan\s+to|going\s+to|probably|"
                    r"likely|presumably|guess|suggested|advised|recommend(?:ed)?)\b|\b(?:we|i|they)\s+may\b|"
                    # what someone will do ("I will restart it tonight", "Raj will
                    # turn on forced delivery"), is thinking of doing
                    r"\b(?:i|we|he|she|they)(?:\s+will|['’]ll)\s+(?!not\b)|\bwill\s+(?:turn|set|"
                    r"restart|pause|stop|change|create|add|lower|raise|put|enable|disable|try)\b|"
                    r"\bthinking\s+(?:about|of)\b|"
                    # what is proposed: "we intend to enable forced delivery", "we would
                    # also move the response setting to Fast", "rollback plan: ..."
                    r"\bintend(?:s|ed)?\s+to\b|\bsuppos(?:e|ing)\b|\bi\s+think\b|\bi\s+believe\b|"
                    r"\bdon['’]t\s+quote\s+me\b|\b(?:we|i|they)\s+would\s+(?:also\s+)?(?!have\b|"
                    r"be\b)\w+|\brollback\s+plan\b|"
                    r"\b(?:told|asked)\s+(?:them|him|her|the\s+\w+)\s+to\b|"
                    r"\bwould\s+like\b|\bnot\s+sure\b|\b(?:my|our|the)\s+next\s+(?:idea|step|plan|move)\b|"
                    # "n/a" answers nothing (but is a field of an Event Viewer line)
                    r"(?<!,)\bn/a\b(?!,)|\?",
                    re.IGNORECASE)
# After a colon, the clause goes on on the same line (not "Status:\n...").
_COLON_GOES_ON = re.compile(r"[ \t]*[^\s]")
# A statement with a question tagged on asks: "So it isn't a locked file, is it?"
_TAG = re.compile(r",\s*(?:(?:is|are|was|were|does|do|did|has|have|can|could)(?:n['’]t)?\s+"
                  r"(?:it|they|there|he|she|we|you|that)|right|no)\s*\?\s*$", re.IGNORECASE)
# A negated remedy governs its verb, not the state named after it.
_REMEDY = re.compile(r"\b(?:clears?|fix(?:es)?|solves?|helps?|releases?|unlocks?|frees?|removes?|"
                     r"cures?|resolves?|breaks?)\b", re.IGNORECASE)

# "it went from Pending to Retrying and then to Failed": the state it is in now
# is the last one named, and the earlier ones are over; so are a state it "was in
# yesterday" before the one it "is in now", and one it was in "before that".
_STATE = r"(?:retrying|retry|retries|failed|failing|failure|pending|complete[d]?|successful)"
_STATES = {"retrying": "distribution_retrying", "retry": "distribution_retrying",
           "retries": "distribution_retrying",
           "failed": "distribution_failed", "failing": "distribution_failed",
           "failure": "distribution_failed"}
_STATE_WORD = re.compile(rf"\b{_STATE}\b", re.IGNORECASE)
_SEQUENCES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"\b(?:went|goes|go|changed|changes|moved|turned|switched)\s+from\s+{_STATE}"
    rf"(?:\s*,?\s*(?:and\s+)?(?:then\s+)?(?:back\s+)?to\s+{_STATE}\b)+",
    # "Pending -> Retrying -> Failed"
    rf"\b{_STATE}(?:\s*\([^()\n]{{0,40}}\))?(?:\s*(?:->|=>|→|>|-->)\s*{_STATE}\b"
    rf"(?:\s*\([^()\n]{{0,40}}\))?)+",
    # "it failed last night ... and now it's retrying"
    rf"\b{_STATE}\b[^.;?\n]{{0,80}}?\bnow\s+(?:it['’]?s\s+|its\s+|it\s+is\s+|they['’]re\s+|"
    rf"(?:is|are)\s+)?(?:[^\W\d_]+\s+)?{_STATE}\b",
    # a status history, one time-stamped state a line
    r"(?m:^[ \t]*\d[\d/.:\-]*(?:[ \t]+\d[\d/.:\-]*)*[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?"
    r"[ \t]*$)(?:\n(?m:^[ \t]*\d[\d/.:\-]*(?:[ \t]+\d[\d/.:\-]*)*[ \t]+[^\W\d_]+"
    r"(?:[ \t]+[^\W\d_]+)?[ \t]*$))+",
    rf"\bwas\s+(?:marked\s+(?:as\s+)?|in\s+)?{_STATE}\s+(?:yesterday|earlier|before|at\s+first|"
    rf"initially|originally|last\s+\w+)\b[^.;]{{0,80}}?\b(?:is|shows?|says)\s+(?:now\s+)?"
    rf"(?:marked\s+(?:as\s+)?|in\s+)?{_STATE}\b",
))
# "failed after retrying for a week": the state after "after" came first.
_AFTER = re.compile(rf"\b(?P<now>{_STATE})\s+(?:[^\s,;.]+\s+){{0,3}}?after\s+(?:\w+\s+){{0,4}}"
                    rf"(?P<past>{_STATE})\b", re.IGNORECASE)
_BEFORE_THAT = re.compile(rf"\bbefore\s+that\b[^.;]{{0,40}}?\b(?:in\s+)?(?P<s>{_STATE})\b",
                          re.IGNORECASE)

# A yes/no answer given on the statement's own line after a colon or "=".
# The separator may be a dash or a row of dots: "[x] Despool.log searched for
# "Failed to deltree" - none", "Refresh existing distribution servers . not checked".
_ANSWER = re.compile(r"[^\n:=.;?]{0,60}?(?:[:=?]|[ \t]+[-–—]|[ \t]*\.{2,}|[ \t]+\.)[ \t.]*"
                     r"(?:(?P<yes>yes|y|true|selected|checked|ticked|"
                     r"enabled)|no|n|none|false|unchecked|not\s+(?:selected|checked|ticked|"
                     r"enabled|set|present|found|logged|there|seen)|disabled|nothing|"
                     r"none\s+(?:found|seen|logged)|zero)[ \t]*(?:$|[.,;(]|\s-)",
                     re.IGNORECASE | re.MULTILINE)
# A writer correcting themselves: "EDIT: sorry, got the version wrong", "correction".
_CORRECTION = re.compile(r"(?:^|\n)[ \t]*(?:edit|update|correction)\s*:|\bcorrection\b|\btypo\b|"
                         r"\bno\s+wait\b|\bwait,?\s+no\b|\bactually\s+no\b|"
                         r"\bsorry,?\s+(?:i\s+)?(?:got|had|gave|was|meant|mixed|misread)\b|"
                         r"\b(?:i\s+was|that\s+was)\s+wrong\b|\bmy\s+mistake\b|"
                         r"\bscratch\s+that\b|\boops\b", re.IGNORECASE)
#: How far a correction raises the rank of what follows it: above any rule's.
_CORRECTED = 100

def _sequences(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern in _SEQUENCES:
        for match in pattern.finditer(text):
            states = [_STATES.get(w.lower()) for w in _STATE_WORD.findall(match.group())]
            if not states:
                continue  # a history's layout with a state cut off ("10:20  Ac")
            now = states[-1]
            for fact in sorted({s for s in states[:-1] if s and s != now}):
                found.append((3, fact, False, match.start(), match.end()))
            if now:
                found.append((3, now, True, match.start(), match.end()))
    for match in _AFTER.finditer(text):
        now, past = _STATES.get(match["now"].lower()), _STATES.get(match["past"].lower())
        if now and past and now != past:
            found.append((3, now, True, match.start(), match.end()))
            found.append((3, past, False, match.start(), match.end()))
    for match in _BEFORE_THAT.finditer(text):
        past = _STATES.get(match["s"].lower())
        if past:
            found.append((3, past, False, match.start(), match.end()))
    return found


#: Longest description read, in characters; the rest is not looked at. A
#: description is a few sentences, and every pattern's work grows with the text.
MAX_DESCRIPTION = 4000
_RULES = (CORE_RULES + REGISTRY_RULES + PACK_RULES + ROUND10_RULES + ROUND12_RULES
          + ROUND15_RULES + ROUND17_RULES + ROUND20_RULES + ROUND21_RULES
          + GENERAL_RULES)


def propose_facts(text: str, *, learned: bool = True) -> list[Proposal]:
    """The facts ``text`` suggests, at most one per fact, in the order of the text.

    Each :class:`Proposal` names a fact of the vocabulary, a value it allows and the
    words it was read from. Nothing is proposed for a fact the text leaves in doubt.
    Only the first :data:`MAX_DESCRIPTION` characters are read. The rules read the
    text first; a learned model (see :mod:`advisor.evidence.learned`) may propose a
    value for a yes/no or choice fact they found nothing for, and leave in doubt a
    value they read that it finds most unlikely; ``learned=False`` keeps to what the
    rules read.
    """
    original = text[:MAX_DESCRIPTION]
    # The rules read the text with typos mended; ``where`` leads back to the
    # user's characters.
    text, where = normalise(original)
    view = View(text)
    found: dict[str, list[_Candidate]] = {}
    for candidate in _sequences(text):
        found.setdefault(candidate[1], []).append(candidate)
    doubted: set[str] = set()  # facts the rules read hedged, planned or asked
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            if _doubted(match, view):
                doubted.add(rule.fact)
                continue
            value = _read(rule, match, view)
            if value != NOTHING:
                found.setdefault(rule.fact, []).append(
                    (rule.rank, rule.fact, value, match.start(), match.end()))
    corrections = [m.start() for m in _CORRECTION.finditer(text)]
    if corrections:
        # What the writer says after correcting themselves outranks what came before.
        found = {fact: [(rank + _CORRECTED * bisect.bisect_right(corrections, start), fact,
                         value, start, end) for rank, fact, value, start, end in candidates]
                 for fact, candidates in found.items()}
    values: dict[str, _Candidate] = {}
    for fact, candidates in found.items():
        top = max(c[0] for c in candidates)
        best = [c for c in candidates if c[0] == top]
        if len({repr(c[2]) for c in best}) == 1:
            values[fact] = min(best, key=lambda c: c[3])
    by_site(values, found, view)
    if learned:
        readings = read(text)
        # What the model finds most unlikely stays in doubt; it speaks itself only
        # where the rules found nothing at all, not even a hedged statement.
        for fact in unlikely(readings, {fact: c[2] for fact, c in values.items()}):
            del values[fact]
        for fact, value, start, end in guesses(readings, {*found, *doubted}):
            values[fact] = (0, fact, value, start, end)
    chosen = []
    for _, fact, value, start, end in values.values():
        start, end = where[start], where[end]
        chosen.append(Proposal(fact, value, original[start:end], start, end))
    return sorted(chosen, key=lambda p: p.start)


def _doubted(match: re.Match[str], view: View) -> bool:
    """Whether the words of ``match`` are hedged, planned, another's, or asked
    and not answered: the writer leaves the fact in doubt."""
    text = view.text
    start, end = view.clause(match.start(), match.end())
    # A parenthesis, or what follows a colon on the same line, says more of the
    # clause before it: "will turn it on (UFD to 1)", "we intend to enable forced
    # delivery next month: Use Forced Disconnect = 1, ...".
    outer = view.clause(start - 1, start - 1)[0] if start and (
        text[start - 1] == "(" or (text[start - 1] == ":" and
                                   _COLON_GOES_ON.match(text, start))) else start
    if _HEDGE.search(text, outer, end) or view.planned(match.start()) or \
            view.others(match.start()):
        return True
    if _TAG.search(view.sentence(match.start(), match.end())):
        return True  # "so it isn't a locked file, is it?" asks
    asked, answer = view.question(match.start(), match.end())
    return asked and answer is None


def _read(rule: Rule, match: re.Match[str], view: View) -> FactValue:
    """The value a match the writer does not leave in doubt (see :func:`_doubted`)
    states, or ``NOTHING`` when the rule's conditions fail or a negation takes it
    away."""
    text = view.text
    start, end = view.clause(match.start(), match.end())
    asked, answer = view.question(match.start(), match.end())
    if (rule.needs and not rule.needs.search(text, start, end)) or \
            (rule.unless and rule.unless.search(text, start, end)):
        return NOTHING
    if rule.needs_text and not rule.needs_text.search(text):
        return NOTHING
    if rule.needs_sentence or rule.unless_sentence:
        sentence = view.sentence(match.start(), match.end())
        if (rule.needs_sentence and not rule.needs_sentence.search(sentence)) or \
                (rule.unless_sentence and rule.unless_sentence.search(sentence)):
            return NOTHING
    boolean = VOCABULARY[rule.fact].kind == "bool"
    if asked and answer is False:  # "did you restart it?" "nope"
        return not rule.value(match) if boolean else NOTHING
    if rule.whole:
        return rule.value(match)
    # A checklist's or form's answer after the name: "Macintosh clients: none".
    if boolean and (given := _ANSWER.match(text, match.end())):
        value = rule.value(match)
        return value if given["yes"] else not value
    # A negation counts when it governs the statement: inside it or a few words
    # before it ("no files are open", "users do not have files open", "not NetWare").
    reach = 4 if boolean else 2
    first = bisect.bisect_left(view.word_starts, start)
    last = bisect.bisect_left(view.word_starts, match.start())
    words = [start, *view.word_starts[max(first, last - reach):last]]
    negation = _NEGATION.search(text, words[-reach:][0], match.end())
    if not negation:
        return rule.value(match)
    if _REMEDY.search(text, negation.end(), match.start()):
        return NOTHING  # "a restart does not clear a locked file" says nothing of this one
    if rule.negated:
        return rule.negated(match)
    return not rule.value(match) if boolean else NOTHING


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
