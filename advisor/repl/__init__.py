"""The interactive troubleshooting prompt: a pure command layer
(:class:`Conversation`), the prompt-toolkit shell over it, and the saved
sessions (one file each)."""

from advisor.repl.conversation import Conversation, Reply
from advisor.repl.prompt import autosave_path, run_batch, run_interactive
from advisor.repl.saved import (
    SavedSession,
    delete_saved,
    find_saved,
    list_saved,
    sessions_dir,
)

__all__ = ["Conversation", "Reply", "SavedSession", "autosave_path", "delete_saved",
           "find_saved", "list_saved", "run_batch", "run_interactive", "sessions_dir"]
