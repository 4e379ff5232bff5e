"""Words of a description read before its statements: common typos, numbers
written out, and amounts of time ("an hour and a half", "a day and four hours").

:func:`normalise` rewrites the text the rules read (``pakage`` → ``package``,
``twenty-five`` → ``25``) and keeps a map back to the user's own characters, so
that every proposal still quotes the user's exact words.
"""

from __future__ import annotations

import re

__all__ = ["DURATION", "NUM", "minutes_in", "normalise", "number"]

#: Misspellings users make of the words the rules look for.
_TYPOS = {
    "disconect": "disconnect", "disconet": "disconnect", "disconnet": "disconnect",
    "disconection": "disconnection", "reciving": "receiving", "recieving": "receiving",
    "recieves": "receives", "recives": "receives", "pakage": "package", "packge": "package",
    "pacakge": "package", "pakages": "packages", "packges": "packages",
    "retying": "retrying", "retryng": "retrying", "retring": "retrying", "retyring": "retrying",
    "faild": "failed", "forcd": "forced", "opne": "open", "usres": "users", "wkstn": "workstation",
    "falied": "failed", "netwear": "netware", "novel": "novell",
    "despooller": "despooler", "despoller": "despooler",
    "arent": "aren't", "isnt": "isn't", "wasnt": "wasn't", "werent": "weren't",
    "didnt": "didn't", "doesnt": "doesn't", "dont": "don't", "havent": "haven't",
    "hasnt": "hasn't", "hadnt": "hadn't", "cant": "can't", "couldnt": "couldn't",
    "servicepack": "service pack", "retriing": "retrying", "opn": "open",
}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SMALL = {word: n for n, word in enumerate(_UNITS + _TEENS)}
# Numbers from eleven up are written as digits for the rules; "one" to "ten" stay
# words ("one of the files"), and the rules that take a number accept them.
_COMPOUND = re.compile(
    r"\b(?:(?P<t>" + "|".join(_TENS) + r")(?:[-\s](?P<u>" + "|".join(_UNITS[1:]) + r"))?|"
    r"(?P<teen>" + "|".join(_TEENS[1:]) + r"))\b", re.IGNORECASE)
_TYPO = re.compile(r"\b(?:" + "|".join(_TYPOS) + r")\b", re.IGNORECASE)
# Layout of checklists and script output: a dotted leader between a name and its
# value ("Response ........ Fast") reads as "Response: Fast", and a tick box at a
# line's start ("[x] ", "[ ] ") as nothing (an ellipsis of three dots stays).
# A ticked box goes (what follows is said to be so, or is an answered check); an
# empty one stays for the rules that read it ("[ ] Refresh existing ...").
_LAYOUT = re.compile(r"[ \t]*(?:\.[ \t]?){4,}[ \t]*(?=\S)|(?m:^[ \t]*\[[xX*✓]\][ \t]*)")

#: A number, in digits or words ("a" and "an" count as one).
NUM = r"(?:\d{1,5}|an?|" + "|".join(w for w in _SMALL if len(w) > 2) + ")"
# "3h" and "1d" only as written, right after their digits.
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|(?<=\d)[hd]\b)"
_PART = rf"{NUM}(?:\s+and\s+a\s+half)?\s*{_UNIT}(?:\s+and\s+a\s+half)?"
#: An amount of time: "90 minutes", "an hour and a half", "a day and four hours".
DURATION = (rf"(?:half\s+an\s+hour|{_PART}(?:(?:\s*(?:,\s*and|,|and)\s*|\s+)(?!a\s+half)"
            rf"{_PART})*)")
_PIECE = re.compile(rf"(?P<n>{NUM})(?P<g>\s+and\s+a\s+half)?\s*(?P<u>{_UNIT})"
                    r"(?P<h>\s+and\s+a\s+half)?", re.IGNORECASE)


def number(word: str) -> int:
    """The number ``word`` stands for: digits, or a word from "a" to "ten"."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word in {"a", "an"} else _SMALL[word]


def minutes_in(words: str) -> int:
    """The minutes of an amount of time matched by :data:`DURATION`."""
    if re.fullmatch(r"half\s+an\s+hour", words, re.IGNORECASE):
        return 30
    total = 0
    for piece in _PIECE.finditer(words):
        unit = piece["u"].lower()
        scale = (10080 if unit.startswith("w") else 1440 if unit.startswith("d")
                 else 60 if unit.startswith("h") else 1)
        total += number(piece["n"]) * scale + (scale // 2 if piece["h"] or piece["g"] else 0)
    return total


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` with typos corrected and numbers from eleven up in digits, and for
    each character of it (and its end) the index of the user's character it
    stands for."""
    edits: list[tuple[int, int, str]] = [
        (match.start(), match.end(), ": " if "." in match.group() else "")
        for match in _LAYOUT.finditer(text)]
    for match in _TYPO.finditer(text):
        edits.append((match.start(), match.end(), _TYPOS[match.group().lower()]))
    for match in _COMPOUND.finditer(text):
        if match["teen"]:
            value = _SMALL[match["teen"].lower()]
        else:
            value = _TENS[match["t"].lower()] + (_SMALL[match["u"].lower()] if match["u"] else 0)
        edits.append((match.start(), match.end(), str(value)))
    edits.sort()
    out: list[str] = []
    where: list[int] = []
    done = 0
    for start, end, new in edits:
        if start < done:
            continue
        out.append(text[done:start])
        where.extend(range(done, start))
        out.append(new)
        where.extend([start] * len(new))
        done = end
    out.append(text[done:])
    where.extend(range(done, len(text) + 1))
    return "".join(out), where
