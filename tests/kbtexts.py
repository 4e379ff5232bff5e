"""Invented KB articles for the archive tests (a helper, not a test module)."""

from __future__ import annotations


def article(number: int, title: str, body: str, *, product: str = "Microsoft Windows NT",
            versions: str = "winnt:4.0", status: str = "", trailer: str = "") -> str:
    """The text of an invented article in the classic layout."""
    status_part = f"STATUS\n======\n\n{status}\n\n" if status else ""
    tail = f"{'=' * 70}\n{trailer}\n" if trailer else ""
    return (f"DOCUMENT:Q{number}  01-JAN-2000  [test]\nTITLE   :{title}\nPRODUCT :{product}\n"
            f"PROD/VER:{versions}\nOPER/SYS:\nKEYWORDS:kbtest\n\n{'=' * 70}\n\n"
            f"SYMPTOMS\n========\n\n{body}\n\n{status_part}{tail}")
