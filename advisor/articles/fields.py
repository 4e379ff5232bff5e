"""Readers for the small values inside a KB article: ids, dates, ``PROD/VER``, keywords.

These are the field-level helpers of :mod:`advisor.articles.parser`; they know nothing about
where a value sits in an article. Each returns ``None`` (or an empty tuple) for a
value it cannot read, and leaves reporting that to the caller.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

__all__ = [
    "dedupe",
    "normalise_id",
    "parse_date",
    "parse_prod_ver",
    "split_header_keywords",
    "words",
]

_ID = re.compile(r"[Qq]?(\d{1,6})")
_DATE_MON = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_DATE_NUM = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}
# A header KEYWORDS token that swallowed the next one: split before every inner "kb".
_INNER_KB = re.compile(r"(?<=.)(?=kb)")
_WORD_SEPARATORS = re.compile(r"[\s,;]+")
_BARE_VERSION_SEPARATORS = re.compile(r"[\s|]+")


def normalise_id(token: str) -> str | None:
    """Return the id (``Q`` and five or six digits, as the archive numbers
    them), or ``None``."""
    match = _ID.fullmatch(token.strip())
    return f"Q{match.group(1)}" if match else None


def parse_date(value: str) -> dt.date | None:
    """Read ``02-FEB-2002`` (the DOCUMENT form) or ``01-30-1996`` (the PSS form).

    Returns ``None`` when the text is neither or names a day that does not exist.
    """
    text = value.strip()
    try:
        if match := _DATE_MON.fullmatch(text):
            month = _MONTHS.get(match.group(2).upper())
            if month is None:
                return None
            return dt.date(int(match.group(3)), month, int(match.group(1)))
        if match := _DATE_NUM.fullmatch(text):
            return dt.date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None
    return None


def dedupe(items: Iterable[str]) -> tuple[str, ...]:
    """Return the items in first-seen order, without repeats or empty strings."""
    return tuple(dict.fromkeys(item for item in items if item))


def words(value: str) -> tuple[str, ...]:
    """Split a keyword-like value on spaces, commas and semicolons."""
    return dedupe(_WORD_SEPARATORS.split(value))


def split_header_keywords(value: str) -> tuple[str, ...]:
    """Split a header ``KEYWORDS`` value into tokens.

    The header sometimes runs two tokens together (``smsdespoolerkbbuglist``), so
    every inner ``kb`` starts a new token.
    """
    tokens: list[str] = []
    for token in value.split():
        if "kb" in token[1:]:
            tokens.extend(_INNER_KB.split(token))
        else:
            tokens.append(token)
    return dedupe(tokens)


def parse_prod_ver(value: str) -> tuple[str | None, tuple[str, ...]]:
    """Split a ``PROD/VER`` value into (platform, versions).

    ``winnt:1.2,2.0`` gives ``("winnt", ("1.2", "2.0"))``; ``:1.2 SP1,1.2 SP2`` (no
    platform) gives ``(None, ("1.2 SP1", "1.2 SP2"))``; a bare ``1.10`` gives
    ``(None, ("1.10",))``. Several ``platform:versions`` groups joined by ``;`` give
    the platforms joined by ``"; "`` and all their versions in order.
    """
    platforms: list[str] = []
    versions: list[str] = []
    for group in value.split(";"):
        platform, colon, listed = group.partition(":")
        if colon:
            platforms.append(platform.strip())
            versions.extend(item.strip() for item in listed.split(","))
        elif "," in group:
            versions.extend(item.strip() for item in group.split(","))
        else:
            versions.extend(_BARE_VERSION_SEPARATORS.split(group))
    named = dedupe(platforms)
    return ("; ".join(named) if named else None), dedupe(versions)
