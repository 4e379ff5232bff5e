"""The interactive troubleshooting prompt: a pure command layer
(:class:`Conversation`) and the prompt-toolkit shell over it."""

from advisor.repl.conversation import Conversation, Reply
from advisor.repl.prompt import autosave_path, run_batch, run_interactive

__all__ = ["Conversation", "Reply", "autosave_path", "run_batch", "run_interactive"]
