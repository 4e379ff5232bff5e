"""The ``advisor`` command line. Its reference is its ``--help`` (and each
command's); :data:`EPILOG` has the examples and the exit statuses."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from advisor._version import __version__
from advisor.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, advisor_for
from advisor.cli.kb import add_kb_commands
from advisor.errors import (
    AdvisorError,
    FactsError,
    KnowledgeError,
    OverwriteError,
    UsageError,
    WriteError,
)
from advisor.files import parse_json, read_limited

if TYPE_CHECKING:
    from advisor.api import Advisor

# The knowledge, the evaluators, the prompt and the server are imported where a
# command needs them: `advisor kb search` reads only the article store, and a
# search typed at a shell should answer at once.

__all__ = ["main"]

#: Largest facts document read, in bytes: a facts object is a few hundred bytes.
MAX_INPUT = 1 << 20
#: Deepest nesting of a facts document (as the HTTP API allows).
MAX_DEPTH = 32


DESCRIPTION = """\
Troubleshoot SMS 1.x/2.0 software distribution from the Knowledge Base.

Without a command, advisor starts the interactive troubleshooting session: one
question at a time, Tab completes the answers, `help` lists the commands there.
Each session is saved after every answer, in a file of its own; --resume
continues the latest (or the one named). With standard input not a terminal it
reads one answer or command per line and prints the advice (batch mode, which
saves nothing)."""

EPILOG = """\
examples:
  advisor                                  the interactive session
  advisor --resume                         continue the latest saved session
  printf '2.0\\nshare\\nyes\\nnetware\\nno\\nno\\nno\\n' | advisor
                                           batch mode: one answer per line
  echo '{"sms_version": "2.0", "server_platform": "netware", "file_in_use": true}' \\
      | advisor advise                     one-shot advice (--json for programs)
  advisor advise --facts case.json --reg fix.reg --report case.md
  advisor kb search "netware server never updated, a user keeps a file open"
  advisor kb show Q202063
  advisor sessions                         the saved sessions
  advisor serve --workers 2                the HTTP API (docs at /docs)

exit status:
  0  done: advice given, articles found, a fix written
  1  nothing found or no fix applies (a search with no hits, no saved session,
     --reg where no registry change applies), or a broken knowledge base
  2  bad input: an unknown fact or value, unreadable JSON, a missing file, bad usage"""


class _Usage(UsageError):
    """Bad input: exit with status 2."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


def _kb_parser() -> argparse.ArgumentParser:
    # `advisor kb ...`: the same kb commands, without importing the rest.
    parser = argparse.ArgumentParser(
        prog="advisor", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_kb_commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


def _parser() -> argparse.ArgumentParser:
    from advisor.cli.about import run_doctor, run_facts, run_rules
    from advisor.cli.serve import add_serve_command
    from advisor.cli.sessions import add_sessions_command

    parser = argparse.ArgumentParser(
        prog="advisor", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the version and the rule evaluator in use, and exit")
    parser.add_argument("--resume", nargs="?", const=True, default=False, metavar="ID",
                        help="continue the latest saved interactive session, or the one "
                        "with this ID (see advisor sessions)")
    _knowledge_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                title="commands (none: the interactive session)")

    p = sub.add_parser("advise", help="advice for a JSON object of facts",
                       description="Read a JSON object of facts (from --facts FILE or "
                       "standard input; UTF-8, a byte order mark is accepted and dropped, "
                       "as the HTTP API does) and print the advice.")
    p.add_argument("--json", action="store_true", help="print the advice as JSON")
    p.add_argument("--facts", metavar="FILE", help="read the facts from FILE (default: stdin)")
    p.add_argument("--evidence", metavar="FILE", nargs="+", default=[],
                   help="fill facts from .reg exports of the SMS_Despooler key and from "
                   "Despooler logs; facts you give win")
    p.add_argument("--reg", metavar="FILE",
                   help="write the advice's registry fix to FILE (.reg, REGEDIT4); "
                   "never applied by the advisor")
    p.add_argument("--report", metavar="FILE", help="write a Markdown report to FILE")
    p.add_argument("--force", action="store_true",
                   help="overwrite the --reg and --report files if they exist (only "
                   "regular files are ever written)")
    _knowledge_options(p)
    p.set_defaults(run=_advise)

    p = sub.add_parser("facts", help="list the facts the advisor knows about",
                       description="Every fact, its question and its allowed answers, "
                       "written as JSON values (true/false, \"2.0\", null).")
    p.add_argument("--json", action="store_true", help="print the vocabulary as JSON")
    _knowledge_options(p)
    p.set_defaults(run=run_facts)

    add_kb_commands(sub)
    add_serve_command(sub)
    add_sessions_command(sub)

    p = sub.add_parser("doctor", help="which rule evaluator runs here and why; a self-check",
                       description="Say which rule evaluator is used and why, whether the "
                       "Rete engine (durable-rules) can run here, and check that the "
                       "evaluators give the same advice.")
    _knowledge_options(p)
    p.set_defaults(run=run_doctor)

    p = sub.add_parser("rules", help="check, verify and test the knowledge base",
                       description="advisor rules check|verify|test: check loads the articles "
                       "and rule packs and reports each problem with file and line; verify "
                       "proves the packs' invariants over the fact space; test runs the "
                       "packs' own scenario tests.")
    p.add_argument("action", nargs="?", choices=["check", "verify", "test"],
                   help="check: validate and summarise; verify: prove the packs' never "
                   "constraints and conflicts, status rows, reachability and subsumption; "
                   "test: run the packs' own scenario tests, with coverage")
    _knowledge_options(p)
    p.set_defaults(run=run_rules)
    return parser


def _knowledge_options(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Given before or after the command: a subcommand's default must not
    # overwrite a value given before it, hence SUPPRESS below the top.
    from advisor.inference import ENVIRONMENT, EVALUATORS

    default = None if top else argparse.SUPPRESS
    p.add_argument("--kb", metavar="DIR", default=default,
                   help="articles directory (default: bundled)")
    p.add_argument("--rules", metavar="DIR", default=default,
                   help="rule packs directory (default: bundled)")
    p.add_argument("--evaluator", choices=EVALUATORS, default=default,
                   help=f"the rule evaluator (default: ${ENVIRONMENT}, else rete where "
                   "durable-rules imports, else python)")


class _Version(argparse.Action):
    """``--version``: the version, the Python, and the evaluator with its reason."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from advisor.inference import choose_evaluator

        try:
            choice = choose_evaluator(getattr(namespace, "evaluator", None))
            evaluator = f"{choice.name} evaluator, {choice.reason}"
        except UsageError as exc:
            evaluator = f"no evaluator: {exc}"
        import platform  # only here: every command would pay for it

        sys.stdout.write(f"advisor {__version__} (Python {platform.python_version()}; "
                         f"{evaluator})\n")
        parser.exit()


def _advisor(args: argparse.Namespace) -> Advisor:
    return advisor_for(args)


def _read_facts(path: str | None, stdin: TextIO) -> object:
    from advisor.facts import load_facts_json

    name = path or "standard input"
    if path is None:
        if stdin.isatty():
            raise _Usage("give the facts as a JSON object with --facts FILE or on "
                         "standard input")
        buffer = getattr(stdin, "buffer", None)
        try:
            raw = buffer.read(MAX_INPUT + 1) if buffer is not None else \
                stdin.read(MAX_INPUT + 1).encode("utf-8", "surrogateescape")
        except (OSError, UnicodeDecodeError) as exc:
            raise _Usage(f"{name}: cannot read: {exc}") from None
    else:
        try:
            raw = read_limited(path, MAX_INPUT)
        except OSError as exc:
            raise _Usage(f"{name}: cannot read: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise _Usage(str(exc)) from None
    if len(raw) > MAX_INPUT:
        raise _Usage(f"{name}: larger than {MAX_INPUT} bytes")
    try:
        data = parse_json(raw, name, max_depth=MAX_DEPTH)
    except ValueError as exc:
        raise _Usage(str(exc)) from None
    try:
        # The same text again, now refusing a key given twice (the last one
        # would silently win: a NetWare case could get the registry fix).
        load_facts_json(raw.decode("utf-8-sig"))
    except FactsError as exc:
        shown = "; ".join(e.message if e.fact == "facts" else str(e) for e in exc.errors)
        raise _Usage(f"{name}: {shown}", [{"fact": e.fact, "message": e.message,
                                           "hint": e.hint} for e in exc.errors]) from None
    return data


def _advise(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from advisor.errors import EvidenceError
    from advisor.evidence import Evidence, read_evidence
    from advisor.facts import VOCABULARY
    from advisor.files import write_atomic
    from advisor.output import NoRegistryFix, registry_export, render_advice, render_report
    from advisor.session import Answer

    if args.evidence and args.facts is None and stdin.isatty():
        data: object = {}  # the evidence alone
    else:
        data = _read_facts(args.facts, stdin)
    advisor = _advisor(args)
    model = advisor.knowledge.facts
    try:
        given = model.parse(data)
    except FactsError as exc:
        raise _Usage(f"invalid facts: {exc}",
                     [{"fact": e.fact, "message": e.message, "hint": e.hint}
                      for e in exc.errors]) from None
    evidence = Evidence()
    if args.evidence:
        try:
            evidence = read_evidence(args.evidence)
        except EvidenceError as exc:
            raise _Usage(str(exc)) from None
    found = evidence.deciding()
    facts = model.parse({**evidence.facts(), **given.known()})
    advice = advisor.advise(facts)
    sources = [Answer(f, i.value, source="evidence", detail=f"{i.path}:{i.line}")
               for f, i in found.items() if not given.is_known(f)]
    sources += [Answer(f, v, source="answer") for f, v in given.known().items()]
    reg_reasons: list[str] = []
    reg_commands: list[str] = []
    if args.reg:
        export = registry_export(advisor.knowledge, advice)
        if isinstance(export, NoRegistryFix):
            reg_reasons = list(export.reasons)
        else:
            write_atomic(Path(args.reg), export.encoded(), overwrite=args.force)
            reg_commands = list(export.commands)
    if args.report:
        report = render_report(advisor.knowledge, advice, answers=sources,
                               reg_file=args.reg if reg_commands else None)
        write_atomic(Path(args.report), report.encode("utf-8"), overwrite=args.force)
    if args.json:
        document: dict[str, object] = advice.model_dump(mode="json")
        if args.evidence:
            document["evidence"] = evidence.to_json()
        if args.reg or args.report:
            document["artifacts"] = {
                "reg": args.reg if reg_commands else None, "reg_commands": reg_commands,
                "reg_reasons": reg_reasons, "report": args.report}
        out.write(json.dumps(document, indent=2) + "\n")
        return _advise_status(advice.covered, args.reg, reg_commands)
    for fact, item in found.items():
        used = "" if not given.is_known(fact) else (
            " (also given)" if given.known()[fact] == item.value else
            " (overridden by the facts given)")
        out.write(f"From evidence: {fact} = {VOCABULARY[fact].label(item.value)} "
                  f"({item.path}:{item.line}){used}\n")
    for note in evidence.notes:
        out.write(f"Evidence note: {note}\n")
    out.write(render_advice(advice))
    if reg_reasons:
        out.write("No registry fix written: " + " ".join(reg_reasons) + "\n")
    elif reg_commands:
        out.write(f"Registry fix written to {args.reg} (review it before importing). "
                  "The same change as a command line:\n")
        out.writelines(f"    {c}\n" for c in reg_commands)
    if args.report:
        out.write(f"Report written to {args.report}.\n")
    return _advise_status(advice.covered, args.reg, reg_commands)


def _advise_status(covered: bool, reg: str | None, reg_commands: list[str]) -> int:
    # 1: nothing found (no article explains the facts) or no fix applies for --reg.
    return EXIT_FAILURE if not covered or (reg and not reg_commands) else EXIT_OK


def _session(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """No command: the troubleshooting session (batch mode when stdin is not a
    terminal)."""
    from advisor.repl import run_batch, run_interactive

    advisor = _advisor(args)
    if stdin.isatty():
        return run_interactive(advisor, resume=args.resume, out=out)
    return run_batch(advisor, stdin, out, resume=args.resume)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out, err, inp = stdout or sys.stdout, stderr or sys.stderr, stdin or sys.stdin
    words = list(sys.argv[1:] if argv is None else argv)
    parser = _kb_parser() if words[:1] == ["kb"] else _parser()
    try:
        # argparse writes help and usage errors to sys.stdout/stderr: send them
        # where this call was told to write.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = getattr(args, "run", _session)
    try:
        return run(args, out, inp)
    except (_Usage, UsageError, WriteError) as exc:
        message = str(exc)
        if isinstance(exc, OverwriteError):
            message += " (give --force to overwrite it)"
        if getattr(args, "json", False):
            errors = exc.errors if isinstance(exc, _Usage) else []
            out.write(json.dumps({"error": {"message": message, "errors": errors}},
                                 indent=2) + "\n")
        err.write(f"advisor: {message}\n")
        return EXIT_USAGE
    except KnowledgeError as exc:
        err.write(f"advisor: knowledge base error:\n{exc}\n")
        return EXIT_FAILURE
    except AdvisorError as exc:
        err.write(f"advisor: {exc}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        err.write("advisor: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_FAILURE


def entry_point() -> None:
    """Console script entry: ``advisor``."""
    sys.exit(main())
