"""The command line: ``wbv-bot ask | chat | check | eval``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.config import ConfigError, Settings
from bot.console import chat, render_plain
from bot.engine import AnswerEngine, Outcome, Reply
from bot.evaluation import evaluate, format_report, load_labelled
from bot.loader import KnowledgeBaseError, load_knowledge_base, resolve_knowledge_dir
from bot.quality import quality_warnings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def reply_as_json(reply: Reply) -> dict:
    """The ``ask --json`` contract: exactly these keys."""
    return {
        "question": reply.question,
        "matched": reply.matched,
        "id": reply.entry_id if reply.outcome is not Outcome.FALLBACK else None,
        "score": round(reply.score, 1),
        "answer": reply.text,
        "suggestions": [{"id": link.id, "title": link.title} for link in reply.suggestions],
        "lang": reply.lang,
    }


def _load_engine(args: argparse.Namespace) -> AnswerEngine:
    return AnswerEngine(load_knowledge_base(resolve_knowledge_dir(args.knowledge)))


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _load_engine(args)
    questions = (
        (line.rstrip("\r\n") for line in sys.stdin) if args.question == ["-"] else [" ".join(args.question)]
    )
    for number, question in enumerate(questions):
        reply = engine.answer(question, args.lang)
        if args.json:
            print(json.dumps(reply_as_json(reply), ensure_ascii=False), flush=True)
        else:
            print(("\n" if number else "") + render_plain(reply), flush=True)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    chat(_load_engine(args), sys.stdin, print, args.lang)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    directory = resolve_knowledge_dir(args.knowledge)
    print(f"Checking {directory} …")
    engine = AnswerEngine(load_knowledge_base(directory))
    kb = engine.kb
    print(f"No errors: {len(kb.entries)} entries, {len(kb.synonyms)} synonym groups, version {kb.version}.")
    warnings = quality_warnings(engine)
    if warnings:
        print(f"{len(warnings)} warning(s):")
        for warning in warnings:
            print(f"  {warning}")
    else:
        print("No warnings.")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    engine = _load_engine(args)
    print(format_report(evaluate(engine, load_labelled(args.file))))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot (long polling, or webhook with --webhook / WBV_MODE=webhook)."""
    try:
        settings = Settings()
        token = settings.token()
        webhook = args.webhook or settings.wbv_mode == "webhook"
        if webhook:
            settings.require_webhook_url()
    except ConfigError as exc:
        print(f"wbv-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:
        fields = ", ".join(str(error["loc"][0]).upper() for error in exc.errors())
        print(f"wbv-bot: invalid setting(s): {fields}", file=sys.stderr)
        return EXIT_USAGE

    from bot.logs import configure_logging
    from bot.storage import Database, LanguagePreferences
    from bot.telegram.app import serve
    from bot.telegram.handlers import BotServices

    secrets = [token] + (
        [settings.wbv_webhook_secret.get_secret_value()] if settings.wbv_webhook_secret else []
    )
    configure_logging(secrets)
    engine = AnswerEngine(
        load_knowledge_base(resolve_knowledge_dir(args.knowledge or settings.wbv_knowledge_dir))
    )
    database = Database(settings.wbv_data_dir)
    services = BotServices(engine, LanguagePreferences(database), settings.admin_ids)
    try:
        asyncio.run(serve(settings, services, token, webhook))
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
    ask.add_argument("question", nargs="+", help="the question, or - to read one per line from stdin")
    ask.set_defaults(handler=cmd_ask)

    chat_cmd = commands.add_parser("chat", parents=[common, language], help="interactive console chat")
    chat_cmd.set_defaults(handler=cmd_chat)

    check = commands.add_parser("check", parents=[common], help="validate the knowledge base")
    check.set_defaults(handler=cmd_check)

    run = commands.add_parser("run", parents=[common], help="run the Telegram bot")
    run.add_argument("--webhook", action="store_true", help="webhook mode instead of long polling")
    run.set_defaults(handler=cmd_run)

    eval_cmd = commands.add_parser("eval", parents=[common], help="run a labelled question set")
    eval_cmd.add_argument("file", help="YAML list of {q: question, expect: id | [ids] | null}")
    eval_cmd.set_defaults(handler=cmd_eval)
    return parser


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
    except (OSError, ValueError) as exc:
        print(f"wbv-bot: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        return EXIT_OK
