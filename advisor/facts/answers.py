"""Answers as people type them, read into fact values.

``yes``/``no``, a choice by its value, its label or a clear abbreviation
(``nt``, ``novell``, ``2`` for SMS 2.0, ``share`` for Share Package On Server),
numbers in decimal or as regedit shows them (``0x00000001``, ``dword:00000001``),
``absent`` for a registry value that is not there, and durations (``90``,
``3h``, ``1d 4h``, ``2:30``). ``unknown`` (or ``?``, ``skip``, ``don't know``)
skips a question. Anything else raises :class:`AnswerError` saying what the
question takes.
"""

from __future__ import annotations

import re
from typing import Final

from advisor.errors import AnswerError
from advisor.facts.model import FactSpec, FactValue

__all__ = ["SKIP", "Skip", "answer_hint", "parse_answer"]


class Skip:
    """The answer "unknown": the question is skipped."""

    _instance: Skip | None = None

    def __new__(cls) -> Skip:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SKIP"


SKIP: Final = Skip()


_SKIP_WORDS = {"unknown", "?", "skip", "dont know", "don't know", "do not know", "not sure",
               "n/a", "na", "idk", "no idea", "pass"}
_YES = {"yes", "y", "true", "t", "1", "on", "yep", "yeah", "sure", "correct", "right"}
_NO = {"no", "n", "false", "f", "0", "off", "nope", "not", "wrong"}
_ABSENT = {"absent", "none", "missing", "no value", "not there", "not set", "null",
           "does not exist", "doesn't exist", "not present", "empty"}
# Words people use for a choice, beyond its value and label.
_ALIASES: dict[str, dict[str, str]] = {
    "server_platform": {"nt": "windows_nt", "winnt": "windows_nt", "windows": "windows_nt",
                        "nt server": "windows_nt", "windows nt server": "windows_nt",
                        "nw": "netware", "novell": "netware", "nw server": "netware"},
    "job_type": {"rcow": "run_command_on_workstation", "run": "run_command_on_workstation",
                 "run command": "run_command_on_workstation",
                 "spos": "share_package_on_server", "share": "share_package_on_server",
                 "share package": "share_package_on_server",
                 "rpfs": "remove_package_from_server", "remove": "remove_package_from_server",
                 "remove package": "remove_package_from_server"},
    "response_setting": {"vf": "very_fast", "veryfast": "very_fast"},
}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)\b")
_UNITS = {"d": 1440, "h": 60, "m": 1}


def _norm(text: str) -> str:
    return " ".join(text.strip().casefold().replace("’", "'").split())


#: Longest typed answer read, in characters.
MAX_ANSWER = 200


def parse_answer(spec: FactSpec, text: str) -> FactValue | Skip:
    """Read ``text`` as an answer to the question about ``spec``.

    Returns the value, or :data:`SKIP` for "unknown". Raises
    :class:`AnswerError` when the text is not an answer to this question.
    """
    if len(text) > MAX_ANSWER:
        # Refused before any pattern runs: no answer is this long, and the
        # patterns' work grows with the text.
        raise AnswerError(f"that is {len(text):,} characters; an answer is a word or a "
                          f"number: {answer_hint(spec)}")
    said = _norm(text)
    if not said:
        raise AnswerError(f"please answer: {answer_hint(spec)}")
    if said in _SKIP_WORDS:
        return SKIP
    if spec.kind == "bool":
        if said in _YES:
            return True
        if said in _NO:
            return False
        raise AnswerError(f"{text.strip()!r} is not yes or no: {answer_hint(spec)}")
    if spec.kind == "choice":
        return _choice(spec, said, text)
    return _number(spec, said, text)


def answer_hint(spec: FactSpec) -> str:
    """The answers the question takes, in one line."""
    if spec.kind == "bool":
        options = "yes or no"
    elif spec.kind == "choice":
        options = ", ".join(spec.choices)
    elif spec.unit == "minutes" and not spec.nullable:
        options = "a time such as 90, 3h or 1d 4h"
    else:
        options = "a number" + (f" or {spec.null_label}" if spec.nullable else "")
    return f"answer {options} (or unknown)"


def _choice(spec: FactSpec, said: str, text: str) -> str:
    choices = spec.choices
    labels = {_norm(spec.label(c)): c for c in choices}
    table = {**{_norm(c): c for c in choices}, **labels,
             **{_norm(c.replace("_", " ")): c for c in choices},
             **_ALIASES.get(spec.name, {})}
    if spec.name == "sms_version":
        said = re.sub(r"^(sms|version|v)\s*", "", said)
        if re.fullmatch(r"\d", said):
            said += ".0"
        said = re.sub(r"^(\d)\.(\d)0$", r"\1.\2", said)  # 1.10 and 2.00, as old forms write them
    if said in table:
        return table[said]
    starts = {c for key, c in table.items() if key.startswith(said) and len(said) >= 2}
    if len(starts) == 1:
        return starts.pop()
    what = "could be " + " or ".join(sorted(starts)) if starts else "is not one of them"
    raise AnswerError(f"{text.strip()!r} {what}: {answer_hint(spec)}")


def _number(spec: FactSpec, said: str, text: str) -> int | None:
    if said in _ABSENT:
        if spec.nullable:
            return None
        raise AnswerError(f"{spec.name} cannot be absent: {answer_hint(spec)}")
    value = _to_int(said)
    if value is None and spec.unit == "minutes" and not spec.nullable:
        value = _duration(said)
    if value is None:
        raise AnswerError(f"{text.strip()!r} is not a number: {answer_hint(spec)}")
    if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum):
        raise AnswerError(f"{value} is out of range ({spec.minimum} to {spec.maximum})")
    return value


def _to_int(said: str) -> int | None:
    # Regedit shows a DWORD as "0x00000001 (1)"; a .reg file writes "dword:00000001".
    said = re.sub(r"\s*\(\d+\)$", "", said).replace(",", "").replace("_", "")
    if said.startswith("dword:"):
        digits = said.removeprefix("dword:")
        return int(digits, 16) if re.fullmatch(r"[0-9a-f]{1,8}", digits) else None
    if re.fullmatch(r"0x[0-9a-f]{1,8}", said):
        return int(said, 16)
    if re.fullmatch(r"\d{1,12}", said):
        return int(said)
    return None


def _duration(said: str) -> int | None:
    clock = re.fullmatch(r"(\d{1,6}):([0-5]\d)", said)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    said = said.replace(" and ", " ").replace(",", " ")
    total, end = 0.0, 0
    for match in _DURATION.finditer(said):
        if said[end:match.start()].strip():
            return None
        total += float(match[1]) * _UNITS[match[2][0]]
        end = match.end()
    if end == 0 or said[end:].strip():
        return None
    return round(total)
