"""The one source of every "did you mean" the advisor offers.

:func:`closest` finds the nearest known name to what was typed; :func:`did_you_mean`
words it. Both bound their work: what was typed is cut to :data:`MAX_TYPED`
characters before it is compared, so a hostile name costs no more than a typo.

>>> closest("sms_verison", ["sms_version", "server_platform"])
'sms_version'
>>> did_you_mean("netwre", ["windows_nt", "netware"])
"did you mean 'netware'?"
>>> did_you_mean("zzz", ["windows_nt", "netware"]) is None
True
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

__all__ = ["MAX_TYPED", "closest", "did_you_mean"]

#: Longest text compared; longer input is cut first (no real name is longer).
MAX_TYPED = 64
#: How alike two names must be (difflib's ratio) to be offered.
DEFAULT_CUTOFF = 0.6


def closest(typed: str, choices: Iterable[str], *, cutoff: float = DEFAULT_CUTOFF) -> str | None:
    """The choice nearest to ``typed``, or ``None`` when none is near enough."""
    return _closest(str(typed)[:MAX_TYPED], tuple(choices), cutoff)


def did_you_mean(typed: str, choices: Iterable[str], *,
                 cutoff: float = DEFAULT_CUTOFF) -> str | None:
    """``"did you mean 'x'?"`` for the nearest choice, or ``None``."""
    match = closest(typed, choices, cutoff=cutoff)
    return f"did you mean {match!r}?" if match is not None else None


@functools.lru_cache(maxsize=4096)
def _closest(typed: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    found = difflib.get_close_matches(typed, choices, n=1, cutoff=cutoff)
    return found[0] if found else None
