"""Reading a JSON object of facts from untrusted text, safely.

:func:`load_facts_json` refuses what :func:`json.loads` would let through or
crash on: a key given twice (the last one would silently win), nesting deeper
than any facts object needs (a ``RecursionError`` deep inside the decoder), and
input too large to be facts. Every error is a :class:`~advisor.errors.FactsError`
naming the key or the problem, with long values clipped.
"""

from __future__ import annotations

import json
from typing import Any

from advisor.errors import FactError, FactsError

__all__ = ["MAX_DEPTH", "MAX_INPUT", "clip", "load_facts_json"]

#: A facts object is flat; anything nested deeper than this is not facts.
MAX_DEPTH = 32
#: Bytes of JSON text accepted (facts fit in well under a kilobyte).
MAX_INPUT = 1 << 20
_CLIP = 60


def clip(value: object, limit: int = _CLIP) -> str:
    """``repr(value)`` cut to about ``limit`` characters, saying how long it was."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, list | dict | tuple) and len(value) > 8:
        return f"{type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit + 20 else f"{text[:limit]}... ({len(text)} characters)"


def load_facts_json(text: str) -> Any:
    """Decode ``text`` as JSON, refusing duplicate keys and deep nesting.

    Raises :class:`~advisor.errors.FactsError` (field ``facts``, or the
    duplicated key) with a short message.
    """
    if len(text) > MAX_INPUT:
        raise FactsError([FactError("facts", f"the input is too large ({len(text)} "
                                             f"characters; at most {MAX_INPUT})")])
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise FactsError([FactError(
            "facts", f"the input nests more than {MAX_DEPTH} levels deep: facts are a flat "
                     "object of names and values")])
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except FactsError:
        raise
    except json.JSONDecodeError as exc:
        raise FactsError([FactError(
            "facts", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from None
    except (RecursionError, ValueError) as exc:
        raise FactsError([FactError("facts", f"not valid JSON: {clip(str(exc))}")]) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            # The last one would silently win: a NetWare case could get the
            # registry fix. Refuse, naming the key.
            shown = key if len(key) <= _CLIP else key[:_CLIP] + "..."
            raise FactsError([FactError(shown, "is given more than once: give each fact "
                                               "once")])
        out[key] = value
    return out


def _depth(text: str) -> int:
    # Brackets outside strings, counted without decoding: cheap, and it never
    # recurses, whatever the input.
    deepest = depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest
