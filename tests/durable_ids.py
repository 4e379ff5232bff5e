"""durable-rules 2.0.28's fact identity, re-implemented to search for collisions.

The engine names a fact (one without an ``id`` field) by a 64-bit FNV-1 hash of
its properties, sorted by the 32-bit FNV-1 hash of their names, written as
``"$%020llu"``, of which it keeps the first 20 characters (the id property's
length is 20: the last digit is dropped); its session index then keeps only the
32-bit FNV-1 hash of that text (``calculateId`` and ``storeMessage`` in
``src/rules/state.c``, ``handleMessageCore`` in ``events.c``). Two facts
of one session with the same 32-bit value: the second is "already observed".
C's ``char`` is signed, so bytes from 128 on are sign-extended before the xor.
Flat facts with str and int values only, as the Rete adapter writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

_M32, _M64 = 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF
_P32, _P64 = 16777619, 1099511628211


def fnv32(data: bytes) -> int:
    h = 0x811C9DC5
    for c in data:
        h = ((h ^ (c | 0xFFFFFF00 if c >= 128 else c)) * _P32) & _M32
    return h


def _raw(value: object) -> bytes:
    text = json.dumps(value).encode()
    return text[1:-1] if isinstance(value, str) else text


def _step(h: int, name: str, raw: bytes) -> int:
    h = ((h ^ fnv32(name.encode())) * _P64) & _M64
    for c in raw:
        h = ((h ^ (c | 0xFFFFFFFFFFFFFF00 if c >= 128 else c)) * _P64) & _M64
    return h


def fact_id(fact: Mapping[str, object]) -> int:
    """The 32-bit index hash the engine gives ``fact``."""
    h = 0xCBF29CE484222325
    for name in sorted(fact, key=lambda n: fnv32(n.encode())):
        h = _step(h, name, _raw(fact[name]))
    return fnv32((b"$%020d" % h)[:20])


def ids_by_number(fixed: Mapping[str, object], slot: str,
                  numbers: Iterable[int]) -> dict[int, int]:
    """``{fact_id: n}`` for the facts ``{**fixed, slot: n}``: the search loop,
    with the hash of the properties before ``slot`` computed once."""
    order = sorted([*fixed, slot], key=lambda n: fnv32(n.encode()))
    at = order.index(slot)
    prefix = 0xCBF29CE484222325
    for name in order[:at]:
        prefix = _step(prefix, name, _raw(fixed[name]))
    rest = [(name, _raw(fixed[name])) for name in order[at + 1:]]
    out: dict[int, int] = {}
    for n in numbers:
        h = _step(prefix, slot, str(n).encode())
        for name, raw in rest:
            h = _step(h, name, raw)
        out[fnv32((b"$%020d" % h)[:20])] = n
    return out
