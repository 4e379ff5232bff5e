"""``python -m advisor``: the same as the ``advisor`` command."""

from advisor.cli import entry_point

entry_point()
