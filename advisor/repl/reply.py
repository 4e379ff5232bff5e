"""What the conversation says back to a typed line."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Reply", "plural"]


@dataclass(frozen=True)
class Reply:
    """What to show after a line; ``done`` when the user asked to leave,
    ``error`` when the line could not be acted on."""

    text: str
    done: bool = False
    error: bool = False


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 answer``, ``2 answers``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
