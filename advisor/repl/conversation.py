"""The conversation: typed lines in, replies out, over a :class:`Session`.

This is everything the interactive prompt does except the terminal itself: it
knows the current question, reads answers, runs the commands (``help`` lists
them) and renders replies as text. The REPL (:mod:`advisor.repl.prompt`) only reads
lines, shows replies (wrapped and coloured) and saves the session, so batch mode
and tests drive this class directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.archive import KBStore, triage
from advisor.articles import ARTICLE_ID, Article
from advisor.errors import AdvisorError, AnswerError
from advisor.evidence import Proposal
from advisor.facts import VOCABULARY, answer_hint, parse_answer
from advisor.output import render_advice, render_trace
from advisor.repl.filecmds import FileCommands
from advisor.repl.reply import Reply, plural
from advisor.session import Question, Session
from advisor.suggestions import closest

__all__ = ["COMMANDS", "KEYS", "Conversation", "Reply", "plural", "render_article"]

COMMANDS = {
    "describe": "describe TEXT: tell the problem in your own words; matching articles "
                "and the facts it states are shown",
    "why": "why this question: which diagnoses and articles it decides between",
    "why-not": "the diagnoses that almost matched, and what stood in the way",
    "how": "how the current advice was reached, rule by rule",
    "back": "take back the last answer",
    "change": "change FACT [VALUE]: revise an earlier answer",
    "show": "show ID: print an article (Q202063...) from the knowledge base or the store",
    "facts": "what is known so far, and where each fact came from",
    "advice": "show the advice now",
    "restart": "forget every answer and start again",
    "evidence": "evidence FILE...: fill facts from a .reg export or a Despooler log",
    "export": "export reg FILE: write the registry fix as a .reg file (never applied)",
    "report": "report FILE: write a Markdown report of this case",
    "save": "save FILE: save this session to a file",
    "load": "load FILE: continue a session saved to a file",
    "help": "this list",
    "quit": "leave (the session is kept; `advisor --resume` continues it)",
}
#: The keys of the prompt, for ``help``.
KEYS = {
    "Tab": "complete an answer, a command, a fact name after change, or a file name",
    "Up/Down": "earlier lines (kept across runs)",
    "Ctrl-R": "search earlier lines",
    "Ctrl-C": "cancel the line being typed",
    "Ctrl-D": "leave (the same as quit)",
}
_ALIASES = {"exit": "quit", "undo": "back", "?": "help", "bye": "quit", "q": "quit"}


class Conversation(FileCommands):
    """Reads lines for one :class:`Session` and answers them."""

    def __init__(self, session: Session, *,
                 on_replace: Callable[[Session], None] | None = None,
                 store: Path | None = None, saving: bool = True) -> None:
        self.session = session
        self.saving = saving  # whether the prompt saves the session (not in batch mode)
        self._asking: str | None = None  # a fact picked with `change FACT`
        self._on_replace = on_replace
        self._store_path = store
        self._store: KBStore | None = None
        self._pending: list[Proposal] = []  # facts read from a description, to confirm
        self._overwrite: tuple[Path, Callable[[], Reply]] | None = None  # to confirm


    def close(self) -> None:
        """Close the article store, if a description opened it."""
        if self._store is not None:
            self._store.close()
            self._store = None

    # What to show ----------------------------------------------------------

    def greeting(self) -> str:
        """The first words, and the first question."""
        articles = ", ".join(sorted(self.session.advisor.knowledge.articles))
        return ("Troubleshooting SMS package distribution (articles " + articles + ").\n"
                "Describe the problem in your own words, or answer the questions; type\n"
                "unknown to skip a question, help for the commands.\n"
                "\n" + self.situation())

    def current(self) -> Question | None:
        """The question being asked, if any."""
        if self._asking is not None:
            return self.session.question(self._asking)
        return self.session.next_question()

    def prompt(self) -> str:
        """The prompt text: the fact being asked about, or ``advisor``."""
        if self._overwrite is not None:
            return "overwrite> "
        if self._pending:
            return "confirm> "
        question = self.current()
        return f"{question.fact}> " if question else "advisor> "

    def completions(self) -> list[str]:
        """What Tab can complete here: the question's answers, then commands."""
        question = self.current()
        words: list[str] = []
        if self._pending or self._overwrite:
            return ["yes", "no", *COMMANDS]
        if question is not None:
            spec = VOCABULARY[question.fact]
            words += list(spec.choices) if spec.kind == "choice" else []
            words += ["yes", "no"] if spec.kind == "bool" else []
            words += [spec.null_label] if spec.nullable and spec.null_label else []
            words.append("unknown")
        return words + list(COMMANDS)

    def toolbar(self) -> str:
        """One line of progress: answers given, questions left, candidates."""
        advice = self.session.advice()
        answered = len(self.session.current())
        confirmed = sum(d.certainty == "confirmed" for d in advice.diagnoses)
        possible = len(advice.diagnoses) - confirmed
        state = ("advice final" if advice.complete
                 else plural(len(advice.questions), "open question"))
        return (f" {answered} answered | {state} | candidate diagnoses: {confirmed} confirmed, "
                f"{possible} possible ")

    def situation(self) -> str:
        """The current question, or the advice when no answer can change it."""
        question = self.current()
        if question is None:
            return ("No further answer can change this advice.\n\n"
                    + render_advice(self.session.advice())
                    + "\nType change FACT to revise an answer, back to undo one, or quit.")
        number = len(self.session.current()) + 1
        return f"[{number}] {question.text}\n    {answer_hint(VOCABULARY[question.fact])}"

    # Reading a line --------------------------------------------------------

    def handle(self, line: str) -> Reply:
        """Act on one typed line and say what happened (never raises for input)."""
        text = line.strip()
        if self._overwrite is not None:
            return self._confirm_overwrite(text)
        word, _, rest = text.partition(" ")
        if word.casefold() == "kb" and rest.split()[:1] in (["show"], ["search"]):
            # `kb show ID` is the shell command's spelling: the same here.
            sub, _, rest = rest.strip().partition(" ")
            word = "show" if sub == "show" else "describe"
        command = _ALIASES.get(word.casefold(), word.casefold())
        try:
            if self._overwrite is not None and command not in COMMANDS:
                return self._confirm_overwrite(text)
            self._overwrite = None
            if command in COMMANDS:
                run: Callable[[str], Reply] = getattr(self, f"_cmd_{command.replace('-', '_')}")
                return run(rest.strip())
            return self._answer(text)
        except (AdvisorError, AnswerError, OSError, ValueError) as exc:
            return self._error(str(exc))

    def _error(self, message: str) -> Reply:
        """The error, then the question being asked: never the whole advice again."""
        return Reply(f"{message}\n{self._again()}", error=True)

    def _again(self) -> str:
        question = self.current()
        if question is None:
            return "(No question is open: type advice to see the advice, help for commands.)"
        return f"    {question.text}\n    {answer_hint(VOCABULARY[question.fact])}"

    def _answer(self, text: str) -> Reply:
        if self._pending:
            return self._confirm(text)
        question = self.current()
        if question is None:
            if not text:
                return Reply("")
            return Reply(f"{text!r} is not a command; help lists them.", error=True)
        try:
            value = parse_answer(VOCABULARY[question.fact], text)
        except AnswerError as exc:
            if not self.session.answers and len(text.split()) >= 3:
                # Words instead of an answer to the first question: a description.
                return self._cmd_describe(text)
            return self._error(str(exc))
        self.session.answer(question.fact, value)
        self._asking = None
        return Reply(self.situation())

    # Commands --------------------------------------------------------------

    def _cmd_describe(self, text: str) -> Reply:
        if not text.strip():
            return Reply("Say what the problem is: describe TEXT.")
        if self._store is None:
            self._store = KBStore(self._store_path)
        found = triage(self.session.advisor.knowledge, self._store, text,
                       answered=set(self.session.current()))
        lines = []
        if found.candidates:
            lines.append("Articles that match:")
            for hit in found.candidates:
                ruled = "  (rules: the questions follow)" if hit.id in found.ruled else ""
                lines.append(f"  {hit.id}  {hit.title}{ruled}")
        for article in found.briefs:
            lines.append(f"\n{article.id} {article.title}")
            for title, excerpt in article.sections.items():
                lines.append(f"  {title}: {excerpt}")
        if not found.candidates and not found.proposals:
            lines.append("Nothing in that description matches an article or states a fact: "
                         "name the product, the version, or what you see.")
        if not found.has_rules and found.candidates:
            lines.append("\nNo rules cover these articles: the advisor can only show them. "
                         "`kb show ID` prints one in full.")
        self._pending = found.proposals
        if self._pending:
            lines.append("\nYour description says:")
            for p in self._pending:
                shown = VOCABULARY[p.fact].label(p.value)
                lines.append(f'  {p.fact} = {shown}   (from "{p.words}")')
            lines.append("Take these as answers? yes or no (change any later with change FACT).")
            return Reply("\n".join(lines))
        return Reply("\n".join([*lines, "", self.situation()]))

    def _confirm(self, text: str) -> Reply:
        said = text.strip().casefold()
        if said in ("y", "yes", "ok", "sure"):
            for p in self._pending:
                self.session.answer(p.fact, p.value, source="description",
                                    detail=f'"{p.words}"')
            taken = len(self._pending)
            self._pending = []
            return Reply(f"Took {plural(taken, 'fact')} from your description.\n\n"
                         + self.situation())
        if said in ("n", "no"):
            self._pending = []
            return Reply("Left them out.\n\n" + self.situation())
        return Reply("Answer yes to take the facts read from your description, or no.")

    def _cmd_help(self, _: str) -> Reply:
        lines = ["Commands:"]
        lines += [f"  {name:<8} {text}" for name, text in COMMANDS.items()]
        lines.append("  unknown  skip the question (it is not asked again)")
        lines.append("Keys:")
        lines += [f"  {key:<8} {text}" for key, text in KEYS.items()]
        return Reply("\n".join(lines))

    def farewell(self) -> str:
        """What is said on leaving."""
        if not self.saving:
            return "Bye."
        if not self.session.answers:
            return "Bye. Nothing was answered, so nothing was saved."
        return (f"Bye. The session is saved ({plural(len(self.session.current()), 'answer')}); "
                "`advisor --resume` continues it.")

    def _cmd_quit(self, _: str) -> Reply:
        return Reply(self.farewell(), done=True)

    def _cmd_show(self, rest: str) -> Reply:
        ident = rest.strip().upper()
        if not ident:
            return Reply("Say which article: show ID (such as show Q202063).", error=True)
        if not ARTICLE_ID.fullmatch(ident):
            return Reply(f"{rest.strip()!r} is not an article id (Q and six digits, such as "
                         "Q202063).", error=True)
        article = self.session.advisor.knowledge.articles.get(ident)
        if article is None:
            if self._store is None:
                self._store = KBStore(self._store_path)
            article = self._store.get(ident)  # ArticleNotFoundError names the id
        return Reply(render_article(article))

    def _cmd_why(self, _: str) -> Reply:
        question = self.current()
        if question is None:
            return Reply("No question is open: no answer could change the advice.")
        lines = [f"Asking about {question.fact} because the answer decides between:"]
        lines += [f"  - {title}" for title in question.decides_titles] or [
            "  - the steps to take"]
        if question.articles:
            lines.append(f"  (articles {', '.join(question.articles)})")
        for outcome in self.session.outcomes(question.fact):
            lines.append(f"  If {outcome.label}: {outcome.text()}")
        return Reply("\n".join(lines))

    def _cmd_why_not(self, _: str) -> Reply:
        advice = self.session.advice()
        if not advice.why_not:
            return Reply("Nothing almost matched: every other diagnosis misses by more "
                         "than two conditions.")
        lines = ["Almost matched:"]
        for w in advice.why_not:
            lines.append(f"  - {w.title} ({w.article} {w.section})")
            lines += [f"      {f.text}" for f in w.failed]
            if w.unknown:
                lines.append(f"      not known: {', '.join(w.unknown)}")
        return Reply("\n".join(lines))

    def _cmd_how(self, _: str) -> Reply:
        advice = self.session.advice()
        if not advice.trace:
            return Reply("No rule has fired yet: the advice so far is only what is possible.")
        return Reply("How the advice was reached:\n" + "\n".join(render_trace(advice)))

    def _cmd_back(self, _: str) -> Reply:
        entry = self.session.undo()
        self._asking = None
        shown = "unknown" if entry.skipped else VOCABULARY[entry.fact].label(entry.value)
        return Reply(f"Took back {entry.fact} = {shown}.\n\n{self.situation()}")

    def _cmd_change(self, rest: str) -> Reply:
        name, _, value = rest.partition(" ")
        if not name:
            answered = ", ".join(self.session.current()) or "none yet"
            return Reply(f"Say which fact: change FACT [VALUE]. Answered: {answered}.")
        if name not in VOCABULARY:
            close = closest(name, VOCABULARY)
            hint_text = f" Did you mean {close}?" if close else ""
            return Reply(f"There is no fact {name!r}.{hint_text}")
        if value.strip():
            spec = VOCABULARY[name]
            before = self.session.current().get(name)
            parsed = parse_answer(spec, value)
            self.session.answer(name, parsed)
            self._asking = None
            now = "unknown" if self.session.current()[name].skipped else spec.label(
                self.session.current()[name].value)
            if before is None:
                said = f"Set {name} to {now}."
            else:
                was = "unknown" if before.skipped else spec.label(before.value)
                said = f"Changed {name} from {was} to {now}."
            return Reply(f"{said}\n\n{self.situation()}")
        self._asking = name
        return Reply(self.situation())

    def _cmd_facts(self, _: str) -> Reply:
        answers = self.session.current()
        if not answers:
            return Reply("Nothing is known yet.")
        used = {f for step in self.session.advice().trace for f in step.facts}
        lines = ["Known so far:"]
        width = max(len(f) for f in answers)
        for fact, entry in answers.items():
            shown = "unknown" if entry.skipped else VOCABULARY[fact].label(entry.value)
            source = entry.source + (f", {entry.detail}" if entry.detail else "")
            note = "" if entry.skipped or fact in used else "  (not used by the advice now)"
            lines.append(f"  {fact:<{width}}  {shown}  [{source}]{note}")
        return Reply("\n".join(lines))

    def _cmd_advice(self, _: str) -> Reply:
        return Reply(render_advice(self.session.advice()))

    def _cmd_restart(self, _: str) -> Reply:
        self.session.restart()
        self._asking = None
        return Reply("Starting again.\n\n" + self.situation())


def render_article(article: Article) -> str:
    """An article as text: its id, title, header fields and every section."""
    lines = [f"{article.id}  {article.title}"]
    for label, value in (("Product", article.product), ("Versions", ", ".join(article.versions)),
                         ("Issue type", article.issue_type),
                         ("Solution type", article.solution_type)):
        if value:
            lines.append(f"  {label}: {value}")
    for section in article.sections:
        lines += ["", section.title + ":" if section.level == 1 else f"  {section.title}:"]
        lines += [f"  {line}" if line else "" for line in section.text.split("\n")]
    return "\n".join(lines)
