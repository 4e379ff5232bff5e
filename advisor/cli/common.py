"""What the command line's commands share: exit statuses and the advisor an
invocation asks for."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.api import Advisor

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "advisor_for"]

#: Exit statuses: done; nothing found or no fix applies; bad input.
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def advisor_for(args: argparse.Namespace) -> Advisor:
    """The advisor on the knowledge and evaluator ``--kb``, ``--rules`` and
    ``--evaluator`` name (the bundled knowledge and the default evaluator)."""
    # Imported here: `advisor kb` never loads the knowledge, and starts faster.
    from advisor.api import Advisor

    return Advisor(getattr(args, "kb", None), getattr(args, "rules", None),
                   evaluator=getattr(args, "evaluator", None))
