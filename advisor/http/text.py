"""Client text that JSON allows but UTF-8 cannot carry: lone surrogates.

JSON's ``"\\ud800"`` decodes to a string no UTF-8 text, database or reply can
hold. :func:`unusable` finds one in a decoded body (and a body nested too deep),
naming where; :func:`scrub` makes any reply that echoes client input encodable.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["scrub", "unusable"]

_SURROGATES = re.compile("[\ud800-\udfff]")


def unusable(value: object, max_depth: int) -> tuple[str, tuple[str | int, ...]] | None:
    """Why a decoded body cannot be used, and where: nested too deep, or a string
    (or key) with a lone surrogate (``"\\ud800"``), which JSON allows but no
    UTF-8 text, database or reply can hold."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, str):
            if not _is_text(item):
                return "a string holds a lone surrogate (\\ud800-\\udfff), not text", loc
            continue
        if isinstance(item, dict):
            for key in item:
                if not _is_text(key):
                    return "a name holds a lone surrogate (\\ud800-\\udfff), not text", loc
            children: list[tuple[object, tuple[str | int, ...]]] = [
                (child, (*loc, key)) for key, child in item.items()]
        elif isinstance(item, list):
            children = [(child, (*loc, index)) for index, child in enumerate(item)]
        else:
            continue
        if len(loc) >= max_depth:
            return f"JSON nested more than {max_depth} deep", ()
        stack.extend(children)
    return None


def _is_text(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scrub(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD, so
    that a reply echoing a client's input can always be encoded."""
    if isinstance(value, str):
        return value if _is_text(value) else _SURROGATES.sub("\ufffd", value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value
