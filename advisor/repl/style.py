"""Fitting the prompt's replies to the terminal: wrapping to its width, and
colour for headings, certainty and warnings.

Colour is used only on a terminal, and never when ``NO_COLOR`` is set (to
anything but the empty string, as https://no-color.org says) or ``TERM`` is
``dumb``.
"""

from __future__ import annotations

import os
import re
import textwrap
from typing import TextIO

__all__ = ["Painter", "use_colour", "wrap"]

_BULLET = re.compile(r"^(\s*)((?:[-*]|\d+\.|\[\d+\]|If [^:]{1,40}:)\s+)?")
_HEADINGS = frozenset({"Diagnosis", "Diagnoses", "What to do", "Fix status", "Why not",
                       "Answers that could still change this advice",
                       "How this was reached", "Commands:", "Keys:", "Known so far:",
                       "Almost matched:", "Articles that match:", "=== Advice ==="})
_CERTAINTY = re.compile(r"\[(confirmed|possible)\]")
_WARNING = re.compile(r"^(Warning|Cannot|Nothing exported|No saved session|"
                      r"\(could not|There is no|Say )")


def wrap(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` wrapped at spaces; a
    continuation lines up under the text after the line's indent and bullet."""
    width = max(width, 20)
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        match = _BULLET.match(line)
        lead = match.group(1) if match else ""
        bullet = (match.group(2) or "") if match else ""
        hang = " " * (len(lead) + len(bullet))
        if len(hang) > width // 2:
            hang = lead[: width // 4]
        out.extend(textwrap.wrap(line, width, subsequent_indent=hang,
                                 break_long_words=True, break_on_hyphens=False,
                                 drop_whitespace=True) or [""])
    return "\n".join(out)


def use_colour(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``."""
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Painter:
    """Adds ANSI colour to reply text (or does nothing when ``enabled`` is false)."""

    RESET = "\x1b[0m"
    BOLD = "\x1b[1m"
    GREEN = "\x1b[32m"
    YELLOW = "\x1b[33m"
    RED = "\x1b[31m"

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def paint(self, text: str, *, error: bool = False) -> str:
        """``text`` with its headings bold, certainty green (confirmed) or yellow
        (possible), and warnings and errors (``error``: the first line) red."""
        if not self.enabled:
            return text
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if (error and index == 0) or _WARNING.match(line):
                lines[index] = f"{self.RED}{line}{self.RESET}"
            elif line.strip() in _HEADINGS or (line and not line[0].isspace()
                                                and line.endswith(":") and len(line) < 60):
                lines[index] = f"{self.BOLD}{line}{self.RESET}"
            else:
                lines[index] = _CERTAINTY.sub(self._certainty, line)
        return "\n".join(lines)

    def _certainty(self, match: re.Match[str]) -> str:
        colour = self.GREEN if match.group(1) == "confirmed" else self.YELLOW
        return f"{colour}{match.group(0)}{self.RESET}"
