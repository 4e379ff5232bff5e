"""One duration syntax for every way in: JSON, the prompt and HTTP.

A duration is whole minutes. It may be written as a number of minutes (``90``),
with units (``90m``, ``3h``, ``1d 4h``, ``1.5h``, ``2 days``) or as hours and
minutes (``2:30``). :func:`parse_duration` reads all of them.
"""

from __future__ import annotations

import re

__all__ = ["DURATION_EXAMPLES", "parse_duration"]

#: How the syntax is shown to people (every one of them is valid input anywhere).
DURATION_EXAMPLES = "90, 3h, 1d 4h"

_PART = re.compile(r"(\d{1,9}(?:\.\d{1,4})?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)\b")
_UNITS = {"d": 1440, "h": 60, "m": 1}


def parse_duration(text: str) -> int | None:
    """The minutes ``text`` stands for, or ``None`` when it is not a duration.

    >>> parse_duration("1d 4h"), parse_duration("90"), parse_duration("2:30")
    (1680, 90, 150)
    """
    said = " ".join(text.strip().casefold().split())
    if len(said) > 64:
        return None
    if re.fullmatch(r"\d{1,12}", said):
        return int(said)
    clock = re.fullmatch(r"(\d{1,6}):([0-5]\d)", said)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    said = said.replace(" and ", " ").replace(",", " ")
    total, end = 0.0, 0
    for match in _PART.finditer(said):
        if said[end:match.start()].strip():
            return None
        total += float(match[1]) * _UNITS[match[2][0]]
        end = match.end()
    if end == 0 or said[end:].strip():
        return None
    return round(total)
