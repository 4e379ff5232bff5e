"""Broader readings of statements that the phrase rules of
:mod:`advisor.evidence.describe_registry` and :mod:`advisor.evidence.describe_packs`
spell out one wording at a time: a registry value named and then given a number
further on in its sentence, a history of values, the free space on a drive set
against the size of the package.

Most of these rank below the phrase rules (``rank=0``): they speak only when no
phrase rule read the fact. A history ranks above them, as its last value is the
value now."""

from __future__ import annotations

import re
from collections.abc import Callable

from advisor.evidence.describe_registry import DELAY as _DELAY
from advisor.evidence.describe_registry import RETRIES as _RETRIES
from advisor.evidence.describe_registry import UFD as _UFD
from advisor.evidence.describe_rules import NOTHING, Rule, rule
from advisor.evidence.describe_values import setting as _setting
from advisor.evidence.describe_words import number
from advisor.facts import FactValue

__all__ = ["GENERAL_RULES"]

_NAMES = rf"(?:{_UFD}|{_RETRIES}|{_DELAY}|\bresponse\b)"
# What follows a value's name up to the end of its sentence, or to the next value
# named ("UFD is 1, but Number Of Retries is not there": the 1 is UFD's).
_REST = rf"(?P<rest>(?:(?!{_NAMES})[^.;!?\n]|\.\d){{0,150}})"
_NUMBER = r"(?:0x[0-9a-f]{1,8}\b|\d{1,9}\b|one|two|three|four|five|six|seven|eight|nine|ten)"
# A number given as the value: after "to", "=", "is", "data", "at the default"...
# and not a size, a time of day, a duration or a version.
_GIVEN = re.compile(
    r"(?:\bto|=|:|\bis|['’]s|\bat|\bof|\bfrom|\bdata|\bvalue|\bshows?|\bwas|\breads|\bREG_DWORD|dword:|"
    r"\bthen|\bnow|\bfinally|\blater|\bsince\s+(?:yesterday|today|\w+day|last\s+\w+))"
    r"\s*(?:the\s+)?(?:default\s+(?:of\s+)?|data\s+|value\s+)?"
    rf"[\"'(]?(?P<n>{_NUMBER})(?![.:,]\d)"
    r"(?!\s*(?:[gmk]b|gigs?|megs?|%|hours?|hrs?|h\b|days?|d\b|seconds?|secs?|servers?|users?|"
    r"jobs?|files?|sites?|times)\b)", re.IGNORECASE)
# A sentence that deletes the value, or finds it absent, gives no number for it
# ("I deleted it (it was 1 since March)").
_GONE = (r"\b(?:deleted|removed|deleting|removing)\b|\b(?:absent|missing)\b|"
         r"\bis\s*n['’]t\s+there\b|\bnot\s+there\b")
_HISTORY = re.compile(r"\b(?:lowered|raised|changed|took|dropped|bumped|moved|reduced|increased|"
                      r"then|later|finally|now)\b", re.IGNORECASE)


# A number negated where it stands ("is not 1", "isn't set to 5") is no value.
_NOT_BEFORE = re.compile(r"(?:\bnot|n['’]t|\bnever)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _given(rest: str) -> list[int]:
    values = []
    for found in _GIVEN.finditer(rest):
        if _NOT_BEFORE.search(rest, 0, found.start("n")):
            continue
        text = found["n"].lower()
        values.append(int(text, 16) if text.startswith("0x") else number(text))
    return values


def _last_given(match: re.Match[str]) -> FactValue:
    values = _given(match["rest"])
    return values[-1] if values else NOTHING


def _history(match: re.Match[str]) -> FactValue:
    # Two values or more, and words of change between them: the value now is the last.
    values = _given(match["rest"])
    return values[-1] if len(values) > 1 and _HISTORY.search(match["rest"]) else NOTHING


def _switch(read: Callable[[re.Match[str]], FactValue]) -> Callable[[re.Match[str]], FactValue]:
    # Use Forced Disconnect is on or off: a value other than 0 or 1 is no reading of it.
    def value(match: re.Match[str]) -> FactValue:
        found = read(match)
        return found if found in (0, 1) else NOTHING
    return value


_UNIT = {"k": 1, "m": 1024, "g": 1024 * 1024}
_SIZE = r"(?P<{0}>\d+(?:[.,]\d+)?)\s*(?P<{0}u>[gmk]b|gigs?|megs?)\b"


def _kilobytes(amount: str, unit: str) -> float:
    return float(amount.replace(",", ".")) * _UNIT[unit[0].lower()]


def _room(match: re.Match[str]) -> FactValue:
    free, size = _kilobytes(match["f"], match["fu"]), _kilobytes(match["s"], match["su"])
    return True if free > size else False if free < size else NOTHING


_FREE = r"\s+(?:of\s+)?(?:free|available|left|spare)\b"
_PACKAGE = r"\b(?:package|pkg|it|source)\b"

GENERAL_RULES: tuple[Rule, ...] = (
    # Each value named and given further on: the last number given, or, over a
    # history, the value now.
    *(rule(fact, name + _REST, _switch(read) if switch else read, rank=rank, whole=True,
           unless_sentence=_GONE)
      for fact, name, switch in (("use_forced_disconnect", _UFD, True),
                                 ("number_of_retries", _RETRIES, False),
                                 ("forced_disconnection_delay", _DELAY, False))
      for read, rank in ((_last_given, 0), (_history, 2))),
    # Bare names a sentence about the Despooler's values allows: "5 retries, 5 min
    # delay", "put the retries at 3", "the delay I took from 5 down to 1".
    rule("number_of_retries", r"\b(?P<n>\d{1,3})\s+retries\b(?!\s+(?:so\s+far|left|later))",
         lambda m: int(m["n"]), rank=0,
         needs_sentence=r"forced?\s+disconnect|\bufd\b|\bdelay\b|\bregistry\b"),
    rule("forced_disconnection_delay", r"\b(?P<n>\d{1,3})[-\s]?(?:min|mins|minutes?)\s+"
         r"(?:warning\s+)?delay\b", lambda m: int(m["n"]), rank=0),
    rule("number_of_retries", r"\bretries\s*[:=]?\s*(?P<n>\d{1,3})\b(?!\s*(?:minutes?|mins?|times|"
         r"so\s+far|left|later))", lambda m: int(m["n"]), rank=0,
         needs_text=r"forced?\s+disconnect|\bufd\b"),
    rule("number_of_retries", r"\b(?:put|set|left|kept|leave|changed)\s+(?:the\s+)?retries\s+"
         r"(?:at|to)\s+(?P<n>\d{1,3})\b", lambda m: int(m["n"]), rank=0),
    rule("forced_disconnection_delay", r"\b(?:put|set|left|kept|leave|changed)\s+(?:the\s+)?"
         + _DELAY.removeprefix(r"\b") + r"\s+(?:at|to)\s+(?P<n>\d{1,3})\b",
         lambda m: int(m["n"]), rank=0),
    rule("forced_disconnection_delay", r"\bdelay\b" + _REST, _history, rank=2, whole=True,
         needs_sentence=r"forced?\s+disconnect|\bretries\b|\bminutes?\b|\bregistry\b"),
    rule("forced_disconnection_delay", r"\bdelay\b" + _REST, _last_given, rank=0, whole=True,
         needs_text=r"forced?\s+disconnect|\bufd\b"),
    rule("response_setting", r"\bresponse\b(?:[^.;]){0,30}?(?:\b(?:is|was|shows?|says|stands)|"
         r"\s*[=:])\s*"
         r"(?:set\s+to\s+|now\s+|on\s+|at\s+)?(?P<r>very\s+fast|fast|medium|slow)\b",
         _setting, rank=0),
    # Two values absent in one breath.
    rule("number_of_retries", _RETRIES + r"[\"”']?(?:\s+value)?\s+and\s+(?:the\s+)?[\"“']?"
         + _DELAY.removeprefix(r"\b") + r"[\"”']?(?:\s+values?)?\s*,?\s+(?:both\s+)?(?:are|were)"
         r"\s+(?:both\s+)?(?:not\s+(?:there|present|set|defined|existing)|absent|missing)\b",
         None, whole=True, rank=2),
    rule("forced_disconnection_delay", _RETRIES + r"[\"”']?(?:\s+value)?\s+and\s+(?:the\s+)?"
         r"[\"“']?" + _DELAY.removeprefix(r"\b") + r"[\"”']?(?:\s+values?)?\s*,?\s+(?:both\s+)?"
         r"(?:are|were)\s+(?:both\s+)?(?:not\s+(?:there|present|set|defined|existing)|absent|"
         r"missing)\b", None, whole=True, rank=2),
    # "absent ... we created it with data 1"
    rule("use_forced_disconnect", _UFD + r"[^;]{0,150}?\b(?:created|added|made)\s+it\s+(?:with\s+"
         r"(?:the\s+)?(?:data|value)\s+(?:of\s+)?|as\s+)(?P<n>[01])\b", lambda m: int(m["n"]),
         rank=3, whole=True),
    # "about half the files are the new build", "all files now have the new dates"
    rule("package_partially_updated", r"\bhalf\s+(?:of\s+)?the\s+files\b[^.;]{0,60}?\b(?:are|"
         r"were|have|has|carry|show|bear)\s+(?:the\s+)?new\b", True),
    rule("package_partially_updated", r"\b(?:a\s+third|a\s+quarter|half|some|most|two\s+thirds)"
         r"\s+of\s+"
         r"the\s+files\s+(?:are|were)\s+(?:there\s+)?with\s+(?:today['’]s|the\s+new)\s+dates?\b",
         True),
    rule("package_partially_updated", r"\bhalf\s+(?:of\s+)?the\s+(?:directory|folder|files)\s+"
         r"(?:has|"
         r"have|is|are)\s+(?:the\s+)?new\b[^.;]{0,40}?\bhalf\b[^.;]{0,30}?\bold\b", True),
    rule("number_of_retries", _RETRIES + r"[\"”]?\s+(?:value\s+)?is\s+(?:there|present|set)"
         r"(?:\s+though)?,?\s+(?:with\s+(?:data\s+)?)?0x(?P<x>[0-9a-f]{1,8})\b",
         lambda m: int(m["x"], 16), rank=1),
    rule("response_setting", r"\bresp(?:onse)?\s*[=:]\s*(?P<r>very\s*fast|fast|medium|slow)\b",
         lambda m: "very_fast" if m["r"].lower().startswith("very") else m["r"].lower(), rank=0),
    # "... is at the default; we never created that value"
    *(rule(fact, name + r"[^.]{0,60}?\b(?:we|i)\s+(?:have\s+)?never\s+(?:created|added|made)\s+"
           r"(?:that|the|this|it)(?:\s+value)?\b", None, whole=True, rank=2)
      for fact, name in (("use_forced_disconnect", _UFD), ("number_of_retries", _RETRIES),
                         ("forced_disconnection_delay", _DELAY))),
    rule("service_pack", r"\bno\s+service\s+packs?\s+at\s+all\b", 0, whole=True,
         needs_text=r"\bsms\s*(?:1\.[012]|2\.0)\b"),
    rule("package_partially_updated", r"\bhalf\s+old,?\s+(?:and\s+)?half\s+new\b|\bhalf\s+new,?\s+"
         r"(?:and\s+)?half\s+old\b", True),
    rule("package_partially_updated", r"\ball\s+(?:the\s+)?files\s+(?:in\s+\S+\s+)?(?:now\s+)?"
         r"(?:have|carry|show|bear)\s+(?:the\s+new|today['’]s)\s+dates?\b|\bevery\s+(?:single\s+)?"
         r"(?:one\s+of\s+them|file)\s+(?:was|got|has\s+been)\s+(?:updated|replaced|refreshed)\b",
         False, whole=True),
    # "some with the new date, some with the old one"
    rule("package_partially_updated", r"\bsome\s+(?:with|have|carry|show)\s+the\s+new\s+dates?"
         r"\s*,?\s+(?:and\s+)?some\s+(?:with|have|carry|show)\s+the\s+old\b", True, whole=True),
    # "1.8 GB free on E: and the package is 60 MB", "45 MB free, package 180 MB",
    # "2.1 GB free for a 90 MB package"
    rule("disk_space_sufficient", _SIZE.format("f") + _FREE + r"(?:[^.;]|\.\s+(?=\w)){0,60}?"
         + _PACKAGE + r"[^.;\d]{0,25}?" + _SIZE.format("s"), _room, rank=2, whole=True),
    rule("disk_space_sufficient", _SIZE.format("f") + _FREE + r"\s+for\s+(?:a|the|an)\s+"
         + _SIZE.format("s") + r"\s+(?:package|pkg)\b", _room, rank=2, whole=True),
    rule("disk_space_sufficient", _PACKAGE + r"[^.;\d]{0,25}?" + _SIZE.format("s")
         + r"[^.;]{0,60}?" + _SIZE.format("f") + _FREE, _room, rank=2, whole=True),
)
