"""The ``advisor`` command line (its reference is ``advisor --help``)."""

from advisor.cli.main import entry_point, main

__all__ = ["entry_point", "main"]
