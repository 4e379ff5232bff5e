"""Values read from the matches of :mod:`advisor.evidence.describe_rules`: a
version, a switch's data, a count, hex DWORD data, the last of a history, an
amount of time and the time between two clock readings."""

from __future__ import annotations

import datetime
import re

from advisor.evidence.describe_words import minutes_in, number
from advisor.facts import FactValue

__all__ = ["DAY", "DAY2", "NOTHING", "clock", "count", "dated", "dword", "flip", "last",
           "last_setting", "last_to", "minutes", "nothing", "setting", "switch", "version"]

#: Marks "propose nothing" (no fact takes this value).
NOTHING: FactValue = "\0"


def version(match: re.Match[str]) -> FactValue:
    """The SMS version of the match's ``v`` group ("2" is "2.0", "1.10" is "1.1")."""
    number_ = match.group("v")
    if number_ == "1.10":  # how SMS 1.1 is often written
        return "1.1"
    return f"{number_}.0" if "." not in number_ else number_


def switch(match: re.Match[str]) -> FactValue:
    """The data of Use Forced Disconnect in the ``s`` group: a number, or on/off words."""
    word = match.group("s").lower()
    if word[:1].isdigit():
        return int(word, 16 if word.startswith("0x") else 10)  # the DWORD data itself
    if word in {"zero", "one"}:
        return number(word)
    return 0 if word in {"off", "disabled", "false"} else 1


def flip(match: re.Match[str]) -> FactValue:
    """A negated switch: "not enabled" is 0; "not off" says no number."""
    # "not enabled" is off; "not off" does not say which non-zero number it is.
    return 0 if switch(match) == 1 else NOTHING


def dword(match: re.Match[str]) -> FactValue:
    """The hex DWORD data of the ``x`` group."""
    return int(match["x"], 16)


def last(match: re.Match[str]) -> FactValue:
    """The last number of the ``seq`` group (the value now, after a history)."""
    return int(re.findall(r"\d+", match["seq"])[-1])


def last_to(match: re.Match[str]) -> FactValue:
    """The number after the last "to" of the match ("set to 1 ... back to 0 ... to 1")."""
    return int(re.findall(r"\bto\s+(\d+)", match.group(), re.IGNORECASE)[-1])


def last_setting(match: re.Match[str]) -> FactValue:
    """The last Response setting named in the match ("at Medium, then Slow")."""
    named = re.findall(r"very\s+fast|fast|medium|slow", match.group(), re.IGNORECASE)
    return "_".join(named[-1].lower().split())


def setting(match: re.Match[str]) -> FactValue:
    """The Response setting of the ``r`` group ("Very Fast", "very_fast": ``very_fast``)."""
    return "_".join(re.split(r"[\s_]+", match["r"].casefold().strip()))


def count(match: re.Match[str]) -> FactValue:
    """The number of the ``n`` group, in digits or words."""
    return number(match["n"])


def minutes(match: re.Match[str]) -> FactValue:
    """The minutes of the amount of time in the ``d`` group."""
    return minutes_in(match["d"])


_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A weekday named, as the group ``da`` (:data:`DAY`) or ``db`` (:data:`DAY2`).
DAY = r"(?P<da>" + "|".join(_WEEK) + r")"
DAY2 = r"(?P<db>" + "|".join(_WEEK) + r")"


def _minute(text: str, half: str | None = None) -> int:
    """The minute of the day of a clock time ("16:30"; ``half`` a or p for am/pm)."""
    hours, minutes = text.split(":")
    # "4:30 pm" is 16:30, "12:10 am" 00:10
    shift = 12 if half and half.lower() == "p" and int(hours) < 12 else (
        -12 if half and half.lower() == "a" and int(hours) == 12 else 0)
    return (int(hours) + shift) * 60 + int(minutes)


def clock(match: re.Match[str]) -> FactValue:
    """The minutes from the clock time ``a`` to the later ``b``; the optional groups
    ``pa``/``pb`` (a or p, for am/pm) and ``da``/``db`` (weekdays) refine them."""
    # From one clock time to a later one: the next day when it is earlier, or as
    # many days later as the weekdays named say.
    groups = match.groupdict()
    first, now = _minute(match["a"], groups.get("pa")), _minute(match["b"], groups.get("pb"))
    if first >= 1440 or now >= 1440:
        return NOTHING
    days = 0
    if (day_a := groups.get("da")) and (day_b := groups.get("db")):
        days = (_WEEK.index(day_b.lower()) - _WEEK.index(day_a.lower())) % 7
    return days * 1440 + (now - first) if days else (now - first) % 1440


def _date(text: str) -> datetime.date | None:
    """A month/day ("04/11"), or day/month when month/day cannot be, in a year
    without 29 February."""
    first, second = (int(part) for part in text.split("/"))
    for month, day in ((first, second), (second, first)):
        try:
            return datetime.date(2001, month, day)
        except ValueError:
            continue
    return None


def dated(match: re.Match[str]) -> FactValue:
    """As :func:`clock`, with the days of ``da``/``db`` written as month/day
    ("04/11 08:00" to "04/12 10:30")."""
    start, end = _date(match["da"]), _date(match["db"])
    first, now = _minute(match["a"]), _minute(match["b"])
    if start is None or end is None or first >= 1440 or now >= 1440:
        return NOTHING
    total = (end - start).days % 365 * 1440 + now - first
    return total if total >= 0 else NOTHING


def nothing(_match: re.Match[str]) -> FactValue:
    """A negated statement that says nothing ("not restarted" is no restart fact)."""
    return NOTHING
