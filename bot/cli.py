"""The command line: ``wbv-bot ask | chat | check | eval | gaps | overlay export | stats | health | run``."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.console import chat, render_plain
from bot.core.conversation import Conversation
from bot.core.engine import AnswerEngine, Outcome, Reply
from bot.core.loader import KnowledgeBase, KnowledgeBaseError
from bot.core.models import Lang
from bot.core.problems import Problem
from bot.curation.storage import Database, StorageError

# The settings (bot.config) and what only one command uses are imported inside the commands, so
# that `ask --knowledge DIR`, the command scripts call most, starts without them.
if TYPE_CHECKING:
    from bot.config import Settings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NEW_CONVERSATION = "---"  # with ask --conversation: this line starts a new conversation


def reply_as_json(reply: Reply) -> dict:
    """The ``ask --json`` contract: exactly these keys."""
    return {
        "question": reply.question,
        "matched": reply.matched,
        "id": reply.candidate if reply.outcome is not Outcome.FALLBACK else None,
        "score": round(reply.score, 1),
        "answer": reply.text,
        "suggestions": [{"id": link.id, "title": link.title} for link in reply.suggestions],
        "lang": reply.lang,
    }


def _settings(args: argparse.Namespace) -> Settings:
    """The settings; ``--knowledge`` and ``--data`` take precedence over the environment and .env."""
    from bot.config import load_settings  # the settings: only for the commands that need one

    return load_settings(
        wbv_knowledge_dir=getattr(args, "knowledge", None), wbv_data_dir=getattr(args, "data", None)
    )


def _knowledge_dir(args: argparse.Namespace) -> Path:
    """``--knowledge`` as given, which overrides every setting; else the setting (environment, .env)."""
    return Path(args.knowledge) if args.knowledge else _settings(args).wbv_knowledge_dir


def _load_engine(args: argparse.Namespace) -> AnswerEngine:
    return AnswerEngine.from_directory(_knowledge_dir(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """One question, or one per line of standard input (``-``), each printed as soon as it is answered."""
    from_stdin = args.question == ["-"]
    if args.conversation and not from_stdin:
        args.usage_error("--conversation needs - (the conversation is read from standard input)")
    engine = _load_engine(args)
    questions = (line.rstrip("\r\n") for line in sys.stdin) if from_stdin else [" ".join(args.question)]
    for number, reply in enumerate(_replies(engine, questions, args.lang, args.conversation)):
        if args.json:
            print(json.dumps(reply_as_json(reply), ensure_ascii=False), flush=True)
        else:
            print(("\n" if number else "") + render_plain(reply), flush=True)
    return EXIT_OK


def _replies(
    engine: AnswerEngine, questions: Iterable[str], lang: Lang | None, in_conversation: bool
) -> Iterator[Reply]:
    """Each question's reply. In one conversation each is answered in the context the previous replies
    left, as in a private chat but with no time limit (a script may be slow); a line ``---`` starts a new
    conversation and gets no reply. Otherwise every question stands alone, ``---`` included."""
    conversation: Conversation | None = None
    for question in questions:
        if in_conversation and question == NEW_CONVERSATION:
            conversation = None
            continue
        reply = engine.answer(question, lang, conversation)
        if in_conversation:
            conversation = Conversation.after(reply, conversation)
        yield reply


def cmd_chat(args: argparse.Namespace) -> int:
    chat(_load_engine(args), sys.stdin, print, args.lang)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from bot.core.required_ids import missing_required_ids  # imported by the command that uses it
    from bot.curation.quality import quality_warnings

    directory = _knowledge_dir(args)
    print(f"Checking {directory} …")
    engine = AnswerEngine.from_directory(directory)
    kb = engine.kb
    missing = missing_required_ids(kb)
    if missing:
        raise KnowledgeBaseError(missing)
    print(f"No errors: {len(kb.entries)} entries, {len(kb.synonyms)} synonym groups, version {kb.version}.")
    overlay_problems = _check_overlay(args, kb)
    warnings = quality_warnings(engine)
    if warnings:
        print(f"{len(warnings)} warning(s):")
        for warning in warnings:
            print(f"  {warning}")
    else:
        print("No warnings.")
    return EXIT_ERRORS if overlay_problems else EXIT_OK


def _check_overlay(args: argparse.Namespace, kb: KnowledgeBase) -> list[Problem]:
    """The overlay of phrasings accepted in Telegram, if the data directory has one: what would be left
    out of it (the bot answers without those phrasings, so they are reported as errors to fix)."""
    from bot.curation.overlay import OverlayFile

    file = OverlayFile(_settings(args).wbv_data_dir)
    if not file.path.exists():
        return []
    overlay, problems = file.read()
    problems += overlay.applied_to(kb)[1]
    count = sum(len(questions) for questions in overlay.phrasings.values())
    print(f"Overlay {file.path}: {count} phrasing(s), {len(problems)} problem(s).")
    for problem in problems:
        print(f"  {problem}")
    return problems


def cmd_overlay_export(args: argparse.Namespace) -> int:
    """Fold the phrasings accepted in Telegram into the knowledge files (see bot/curation/export.py)."""
    from bot.core.loader import load_knowledge_base
    from bot.curation.export import export_overlay
    from bot.curation.overlay import OverlayFile

    settings = _settings(args)
    file = OverlayFile(settings.wbv_data_dir)
    overlay, problems = file.read()
    if problems:
        raise KnowledgeBaseError(problems)
    kb = load_knowledge_base(settings.wbv_knowledge_dir)
    result = export_overlay(overlay, kb, settings.wbv_knowledge_dir)
    print(f"Added {result.added} phrasing(s) to {', '.join(result.files) or 'no file'}; "
          f"{result.skipped} were there already.")  # fmt: skip
    if result.missing:
        print(f"Not exported, no such entry: {', '.join(result.missing)}.")
    print("Run `wbv-bot check`, then commit the knowledge files. The bot skips phrasings knowledge/ "
          f"already has, so {file.path} may be deleted once the new knowledge base is deployed.")  # fmt: skip
    return EXIT_ERRORS if result.missing else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Each file's figures, then the tuning and the held-out files together; held-out misses are only
    counted, never listed, and a held-out question that a tuning file also asks is left out (the engine
    was tuned on it). Labels that name nothing in the knowledge base are errors."""
    from bot.curation.evaluation import evaluate, format_report, load_labelled, unknown_labels, unseen

    engine = _load_engine(args)
    unknown: list[str] = []
    tuning: list = []
    for heading, files, questions in (
        ("Tuning", args.files, True),
        ("Held-out (never looked at while tuning)", args.heldout or [], False),
    ):
        items = []
        for file in files:
            loaded = load_labelled(file)
            unknown += [f"{file}: {label}" for label in unknown_labels(engine.kb, loaded)]
            kept = loaded if questions else unseen(loaded, tuning)
            left_out = f" ({len(loaded) - len(kept)} questions a tuning file asks too: left out)"
            title = f"== {file}{left_out if len(kept) < len(loaded) else ''}"
            print(format_report(evaluate(engine, kept), title, questions) + "\n")
            items += kept
        if questions:
            tuning = items
        if len(files) > 1:
            heading = f"== {heading}: all {len(files)} files"
            print(format_report(evaluate(engine, items), heading, questions) + "\n")
    for label in unknown:
        print(f"Label names nothing in the knowledge base: {label}", file=sys.stderr)
    return EXIT_ERRORS if unknown else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot (long polling, or webhook with --webhook / WBV_MODE=webhook)."""
    settings = _settings(args)
    token = settings.token()
    webhook = args.webhook or settings.wbv_mode == "webhook"
    if webhook:
        settings.require_webhook_url()
    from bot.tg.app import run_bot  # only `run` needs the Telegram stack

    run_bot(settings, token, webhook)
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace) -> int:
    """Questions the bot could not answer, grouped, most frequent first."""
    from bot.curation.gaps import GapLog, group_gaps  # only `gaps` uses them
    from bot.curation.gaps_report import format_gaps, write_gaps_csv

    settings = _settings(args)
    engine = AnswerEngine.from_directory(settings.wbv_knowledge_dir)
    database = Database(settings.wbv_data_dir, create=False)  # a mistyped --data is an error, not "no gaps"
    try:
        since = datetime.now(UTC) - timedelta(days=args.days) if args.days else args.since
        groups = group_gaps(GapLog(database, settings.wbv_retention_days).gaps(since), engine)
    finally:
        database.close()
    rechecked = {g.representative: engine.answer(g.representative) for g in groups} if args.recheck else {}
    if args.csv:
        write_gaps_csv(groups, rechecked, sys.stdout)
    else:
        print(format_gaps(groups, rechecked))
    return EXIT_OK


def cmd_health(args: argparse.Namespace) -> int:
    """Ask the running bot's /healthz (webhook port in webhook mode, else WBV_HEALTH_PORT)."""
    import urllib.error  # only `health` makes HTTP requests
    import urllib.request

    from bot.config import ConfigError

    settings = _settings(args)
    port = settings.wbv_webhook_port if settings.wbv_mode == "webhook" else settings.wbv_health_port
    if port is None:
        raise ConfigError("set WBV_HEALTH_PORT (polling mode) so the bot serves /healthz")
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            print(response.read().decode())
            return EXIT_OK
    except urllib.error.HTTPError as exc:
        print(exc.read().decode(), file=sys.stderr)
    except OSError as exc:
        print(f"wbv-bot: {url} not reachable: {exc}", file=sys.stderr)
    return EXIT_ERRORS


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.curation.usage import UsageStats, format_figures  # only `stats` uses them

    database = Database(_settings(args).wbv_data_dir, create=False)
    try:
        print(format_figures(UsageStats(database).figures(args.days)))
    finally:
        database.close()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge base directory (default: $WBV_KNOWLEDGE_DIR, else the shipped knowledge/)",
    )
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=["de", "en"], help="reply language (default: detected)")

    parser = argparse.ArgumentParser(
        prog="wbv-bot", description="WBV-Bot: answers questions about the Werkstattgespräch."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", parents=[common, language], help="answer one question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="with -: the lines are one conversation, so follow-ups refer to earlier answers as in a "
        "private chat (no time limit); a line --- starts a new one and prints nothing. Only with -",
    )
    ask.add_argument("question", nargs="+", help="the question, or - to read one per line from stdin")
    ask.set_defaults(handler=cmd_ask, usage_error=ask.error)

    chat_cmd = commands.add_parser("chat", parents=[common, language], help="interactive console chat")
    chat_cmd.set_defaults(handler=cmd_chat)

    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR", help="data directory (default: $WBV_DATA_DIR, else ./data)")

    check = commands.add_parser(
        "check", parents=[common, data], help="validate the knowledge base (and the data directory's overlay)"
    )
    check.set_defaults(handler=cmd_check)

    overlay = commands.add_parser("overlay", help="the phrasings curators accepted in Telegram")
    overlay_commands = overlay.add_subparsers(dest="overlay_command", required=True, metavar="ACTION")
    export = overlay_commands.add_parser(
        "export", parents=[common, data], help="write them into the knowledge files (comments kept)"
    )
    export.set_defaults(handler=cmd_overlay_export)

    gaps = commands.add_parser("gaps", parents=[common, data], help="questions the bot could not answer")
    period = gaps.add_mutually_exclusive_group()
    period.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only questions since this day")
    period.add_argument("--days", type=int, metavar="N", help="only questions of the last N days")
    gaps.add_argument("--csv", action="store_true", help="CSV for a spreadsheet")
    gaps.add_argument("--recheck", action="store_true", help="show which ones the current knowledge answers")
    gaps.set_defaults(handler=cmd_gaps)

    stats = commands.add_parser("stats", parents=[data], help="usage figures per day")
    stats.add_argument("--days", type=int, default=7, metavar="N", help="the last N days (default 7)")
    stats.set_defaults(handler=cmd_stats)

    health = commands.add_parser("health", help="check the running bot's /healthz (exit 0 if healthy)")
    health.add_argument("--timeout", type=float, default=5.0, help="seconds to wait (default 5)")
    health.set_defaults(handler=cmd_health)

    run = commands.add_parser("run", parents=[common], help="run the Telegram bot")
    run.add_argument("--webhook", action="store_true", help="webhook mode instead of long polling")
    run.set_defaults(handler=cmd_run)

    eval_cmd = commands.add_parser("eval", parents=[common], help="run a labelled question set")
    eval_cmd.add_argument(
        "files", nargs="+", metavar="FILE", help="labelled questions and dialogues (see evaluation.py)"
    )
    eval_cmd.add_argument("--heldout", nargs="+", metavar="FILE", help="held-out files, reported apart")
    eval_cmd.set_defaults(handler=cmd_eval)
    return parser


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KnowledgeBaseError as exc:
        print(f"The knowledge base has {len(exc.problems)} error(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_ERRORS
    except _usage_errors() as exc:
        print(f"wbv-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader has gone (`wbv-bot ask … | head -1`): stop quietly
        _discard_stdout()
        return EXIT_OK
    except sqlite3.Error as exc:
        print(f"wbv-bot: database error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except (OSError, ValueError) as exc:
        print(f"wbv-bot: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        return EXIT_OK


def _usage_errors() -> tuple[type[Exception], ...]:
    """ConfigError and StorageError. An ``except`` evaluates this only when an exception reaches it, so
    the settings module is not imported for a command that never read a setting."""
    from bot.config import ConfigError

    return ConfigError, StorageError


def _discard_stdout() -> None:
    """Point standard output at devnull, so that Python's flush at exit does not fail on the broken pipe
    once more (as the documentation of the signal module recommends, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (tests) or already gone
        pass
