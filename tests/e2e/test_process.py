"""The bot as a user starts it: ``wbv-bot run`` as a subprocess, configured by environment variables."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI, make_user
from helpers import TOKEN, free_port

from bot.cli import main
from bot.config import SHIPPED_KNOWLEDGE_DIR


def clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WBV_"))}


def bot_environment(api: FakeBotAPI, data_dir: Path) -> dict[str, str]:
    env = clean_environment()
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, WBV_DATA_DIR=str(data_dir))
    return env


async def start_cli(*args: str, cwd: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


@contextlib.asynccontextmanager
async def bot_process(
    api: FakeBotAPI, cwd: Path, env: dict[str, str]
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``wbv-bot run`` polling ``api``; killed afterwards if the test did not stop it."""
    process = await start_cli("run", cwd=cwd, env=env)
    try:
        await api.wait_until(lambda: bool(api.calls_to("getUpdates")), timeout=30)
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop(process: asyncio.subprocess.Process, signum: int) -> str:
    """Send ``signum`` and wait for the end; returns everything the process printed."""
    process.send_signal(signum)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    return (stdout + stderr).decode()


async def test_run_answers_and_stops_gracefully_on_sigint(api: FakeBotAPI, tmp_path: Path) -> None:
    async with bot_process(api, tmp_path, bot_environment(api, tmp_path / "data")) as process:
        anna = make_user("Anna", language_code="de")
        api.send_text(anna, None, "Wer ist Frank Schmidt?")
        await api.wait_for_messages(1, timeout=10)

        # an answer in flight when the signal arrives is still delivered
        api.delay_next("sendMessage", seconds=1.0, when="before")
        api.send_text(anna, None, "Wer ist Monika Luger?")
        await api.wait_until(lambda: len(api.calls_to("sendMessage")) == 2, timeout=10)
        log = await stop(process, signal.SIGINT)
    assert process.returncode == 0, log
    assert [m.plain_text.split("\n")[0] for m in api.sent_messages] == [
        "Frank Schmidt (WBV Mittelhessen)",
        "Monika Luger (ZUKUNFTmobil)",
    ]
    assert "WBV-Bot is running (polling)" in log
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log
    assert "Wer ist" not in log  # message text is not logged


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "TELEGRAM_BOT_TOKEN is not set"),
        ("not-a-token", "TELEGRAM_BOT_TOKEN is malformed"),
        ("123:short", "TELEGRAM_BOT_TOKEN is malformed"),
    ],
)
def test_missing_or_malformed_token_is_one_clear_line_and_exit_2(
    token: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert token not in err or not token


def test_webhook_mode_needs_a_public_url(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("WBV_WEBHOOK_URL", raising=False)
    assert main(["run", "--webhook"]) == 2
    err = capsys.readouterr().err
    assert "WBV_WEBHOOK_URL is required" in err and TOKEN not in err


def test_token_can_come_from_a_dotenv_file(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=not-a-token\nWBV_MODE=webhook\n", encoding="utf-8")
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN is malformed" in capsys.readouterr().err


async def test_sighup_reloads_the_knowledge_base_of_a_running_bot(api: FakeBotAPI, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    env = bot_environment(api, tmp_path / "data")
    env.update(WBV_KNOWLEDGE_DIR=str(kb), WBV_RELOAD_INTERVAL="3600")  # only the signal may reload
    async with bot_process(api, tmp_path, env) as process:
        people = kb / "people.yaml"
        people.write_text(
            people.read_text(encoding="utf-8").replace(
                "Monika Luger kommt laut", "Monika Luger (neu) kommt laut"
            ),
            encoding="utf-8",
        )
        process.send_signal(signal.SIGHUP)
        anna = make_user("Anna", language_code="de")
        deadline = asyncio.get_running_loop().time() + 20
        while "(neu)" not in (api.sent_messages[-1].plain_text if api.sent_messages else ""):
            assert asyncio.get_running_loop().time() < deadline, "the reload did not happen"
            api.send_text(anna, None, "Wer ist Monika Luger?")
            await api.wait_for_messages(len(api.sent_messages) + 1, timeout=10)
        log = await stop(process, signal.SIGTERM)
    assert process.returncode == 0
    assert "knowledge base reloaded (SIGHUP)" in log


async def run_cli(*args: str, cwd: Path, env: dict[str, str]) -> str:
    process = await start_cli(*args, cwd=cwd, env=env)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    return stdout.decode()


async def test_run_check_and_gaps_honour_the_same_dotenv(api: FakeBotAPI, tmp_path: Path) -> None:
    """Knowledge and data directories set only in .env reach ``run``, ``check`` and ``gaps`` alike."""
    kb, data = tmp_path / "edited-kb", tmp_path / "env-data"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    people = kb / "people.yaml"
    edited = people.read_text(encoding="utf-8").replace("Luger kommt laut", "Luger (aus .env) kommt laut")
    people.write_text(edited, encoding="utf-8")
    (tmp_path / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nTELEGRAM_API_BASE_URL={api.base_url}\n"
        f"WBV_KNOWLEDGE_DIR={kb}\nWBV_DATA_DIR={data}\n",
        encoding="utf-8",
    )
    env = clean_environment()
    async with bot_process(api, tmp_path, env) as process:
        anna = make_user("Anna", language_code="de")
        api.send_text(anna, None, "Wer ist Monika Luger?")
        api.send_text(anna, None, "Wie wird das Wetter morgen?")
        await api.wait_for_messages(2, timeout=10)
        await stop(process, signal.SIGTERM)
    assert "Monika Luger (aus .env) kommt" in api.sent_messages[0].plain_text
    check = await run_cli("check", cwd=tmp_path, env=env)
    assert check.startswith(f"Checking {kb} …")
    gaps = await run_cli("gaps", cwd=tmp_path, env=env)
    assert "wie wird das wetter morgen" in gaps


@pytest.mark.parametrize(
    ("token", "api_path"),
    [("987654321:AAHrevokedrevokedrevokedrevoked42", "/bot"), (TOKEN, "/wrong/bot")],
    ids=["401-revoked-token", "404-wrong-base-url"],
)
async def test_a_token_telegram_rejects_is_one_line_without_the_token_and_exit_2(
    api: FakeBotAPI, tmp_path: Path, token: str, api_path: str
) -> None:
    env = bot_environment(api, tmp_path / "data")
    env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=api.base_url.replace("/bot", api_path, 1))
    process = await start_cli("run", cwd=tmp_path, env=env)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    printed = (stdout + stderr).decode()
    assert process.returncode == 2, printed
    assert printed.count("\n") == 1 and printed.startswith("wbv-bot: Telegram rejected the token"), printed
    assert token not in printed and token.split(":")[1] not in printed


async def test_a_second_bot_on_the_same_data_directory_exits_2_naming_the_first(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    env = bot_environment(api, tmp_path / "data")
    async with bot_process(api, tmp_path, env) as first:
        second = await start_cli("run", cwd=tmp_path, env=env)
        stdout, stderr = await asyncio.wait_for(second.communicate(), timeout=60)
        printed = (stdout + stderr).decode()
        assert first.returncode is None  # the first one runs on
        await stop(first, signal.SIGTERM)
    assert second.returncode == 2, printed
    assert printed.count("\n") == 1 and f"another WBV-Bot (pid {first.pid}) is already running" in printed
    assert str(tmp_path / "data" / "wbv-bot.lock") in printed
    polls = len(api.calls_to("getUpdates"))
    third = await start_cli("run", cwd=tmp_path, env=env)  # the lock went with the first one
    await api.wait_until(lambda: len(api.calls_to("getUpdates")) > polls, timeout=30)
    log = await stop(third, signal.SIGTERM)
    assert third.returncode == 0, log


# `systemctl reload` (SIGHUP) while the knowledge base loads: run as `wbv-bot run`, with the load sending it.
SIGHUP_WHILE_LOADING = """
import os, signal, sys
from bot.curation.reload import LiveKnowledge

load = LiveKnowledge.load.__func__


def load_after_a_sighup(cls, directory, *more):
    os.kill(os.getpid(), signal.SIGHUP)
    return load(cls, directory, *more)


LiveKnowledge.load = classmethod(load_after_a_sighup)
from bot.cli import main

sys.exit(main(["run"]))
"""


async def test_a_sighup_during_start_up_does_not_kill_the_bot(api: FakeBotAPI, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SIGHUP_WHILE_LOADING, cwd=Path(__file__).parents[2],
        env=bot_environment(api, tmp_path / "data"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await api.wait_until(
            lambda: bool(api.calls_to("getUpdates")) or process.returncode is not None, timeout=30
        )
        assert process.returncode is None, "the bot died of the SIGHUP"
        api.send_text(make_user("Anna", language_code="de"), None, "Wer ist Frank Schmidt?")
        [answer] = await api.wait_for_messages(1, timeout=10)
        log = await stop(process, signal.SIGTERM)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert answer.plain_text.startswith("Frank Schmidt (WBV Mittelhessen)")
    assert process.returncode == 0, log


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize(
    ("outage", "method"),
    [("unreachable", "getMe"), ("server_errors", "getMe"), ("server_errors", "deleteWebhook")],
    ids=["unreachable", "getMe-fails", "polling-bootstrap-fails"],
)
async def test_a_stop_signal_ends_a_start_up_that_waits_for_the_bot_api(
    api: FakeBotAPI, tmp_path: Path, signum: int, outage: str, method: str
) -> None:
    env = bot_environment(api, tmp_path / "data")
    if outage == "unreachable":
        env.update(TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    else:
        api.fail_next(method, times=10_000, status=502)
    process = await start_cli("run", cwd=tmp_path, env=env)
    try:
        printed = b""
        while f"Bot API error on {method}".encode() not in printed:  # start-up is retrying it
            line = await asyncio.wait_for(process.stderr.readline(), timeout=30)
            assert line, printed.decode()
            printed += line
        # the stop must not wait for the retries (which would go on for a minute and a half)
        stdout, stderr = await asyncio.wait_for(_signalled(process, signum), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    printed += stdout + stderr
    assert process.returncode == 0, printed.decode()
    assert printed.decode().count("Stopped during start-up") == 1
    assert "Traceback" not in printed.decode() and "did not end cleanly" not in printed.decode()
    assert not api.calls_to("getUpdates")  # start-up went no further


async def _signalled(process: asyncio.subprocess.Process, signum: int) -> tuple[bytes, bytes]:
    process.send_signal(signum)
    return await process.communicate()


async def test_a_stop_during_an_outage_does_not_wait_for_the_retries(api: FakeBotAPI, tmp_path: Path) -> None:
    """A question being answered when the Bot API fails and SIGTERM comes: the retries end soon, well
    before systemd's TimeoutStopSec (30 s) would kill the bot."""
    async with bot_process(api, tmp_path, bot_environment(api, tmp_path / "data")) as process:
        api.fail_next("sendMessage", times=10_000, status=502)
        api.send_text(make_user("Anna", language_code="de"), None, "Wer ist Frank Schmidt?")
        await api.wait_until(lambda: len(api.calls_to("sendMessage")) >= 2, timeout=10)  # retrying
        log = await stop(process, signal.SIGTERM)  # waits 30 s at most; the retries alone would take 90
    assert process.returncode == 0, log
    assert "Stopped" in log


async def test_sigterm_with_a_backlog_sends_for_the_drain_time_then_says_what_was_not_sent(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    env = bot_environment(api, tmp_path / "data") | {"WBV_STOP_DRAIN_SECONDS": "2"}
    questions = ["Wer ist Frank Schmidt?", "Wer ist Monika Luger?", "Wer ist Marc Brandt?"] * 4
    async with bot_process(api, tmp_path, env) as process:
        anna = make_user("Anna", language_code="de")
        for question in questions:  # one a second: the last leaves eleven seconds after the first
            api.send_text(anna, None, question)
        await api.wait_for_messages(1, timeout=10)
        log = await stop(process, signal.SIGTERM)
    assert process.returncode == 0, log
    [unsent] = [int(n) for n in re.findall(r"Stopped with (\d+) answer\(s\) not sent", log)]
    sent = [m.plain_text.split(" (")[0] for m in api.sent_messages]
    assert 2 <= len(sent) < len(questions)  # the drain went on sending, then gave up
    assert len(sent) + unsent == len(questions)  # every answer sent or counted, none twice
    assert sent == [q.removeprefix("Wer ist ").removesuffix("?") for q in questions[: len(sent)]]


# `wbv-bot run` with a limiter that gives up after two retries instead of after a minute and a half
GIVING_UP_SOON = """
import sys
import bot.tg.app as app


class GivingUpSoon(app.RetryingLimiter):
    def __init__(self):
        super().__init__(max_retries=2, backoff=0.01)


app.RetryingLimiter = GivingUpSoon
from bot.cli import main

sys.exit(main(["run"]))
"""


async def test_a_start_up_that_gives_up_on_the_bot_api_is_one_line_and_exit_1(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    env = bot_environment(api, tmp_path / "data")
    env.update(TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", GIVING_UP_SOON, cwd=Path(__file__).parents[2], env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    printed = (stdout + stderr).decode()
    assert process.returncode == 1, printed  # systemd's Restart=on-failure tries again
    assert "Traceback" not in printed and TOKEN.split(":")[1] not in printed
    assert printed.splitlines()[-1] == (
        "wbv-bot: the Bot API could not be reached at start-up: getMe failed after 2 retries"
    )


async def test_a_webhook_telegram_refuses_is_one_line_and_exit_2(api: FakeBotAPI, tmp_path: Path) -> None:
    env = bot_environment(api, tmp_path / "data")
    env.update(WBV_MODE="webhook", WBV_WEBHOOK_URL="https://bot.example.org")
    env.update(WBV_WEBHOOK_PORT=str(free_port()))
    api.fail_next("setWebhook", status=400, description="Bad Request: bad webhook: Failed to resolve host")
    process = await start_cli("run", cwd=tmp_path, env=env)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    printed = (stdout + stderr).decode()
    assert process.returncode == 2, printed
    last = printed.strip().splitlines()[-1]  # after the log lines of the start-up so far
    assert last.startswith("wbv-bot: Telegram refused a start-up request (Bad webhook"), printed
    assert "Traceback" not in printed and "still running" not in printed


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("WBV_WEBHOOK_SECRET", "not secret!", "WBV_WEBHOOK_SECRET: may only use A-Z"),
        ("WBV_WEBHOOK_URL", "bot.example.org", "WBV_WEBHOOK_URL: must be the bot's public address"),
        ("WBV_HEALTH_PORT", "80800", "WBV_HEALTH_PORT"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    setting: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv(setting, value)
    assert main(["run", "--webhook"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert value not in err or setting != "WBV_WEBHOOK_SECRET"


def test_the_command_ignores_sighup_before_the_bot_is_even_imported(tmp_path: Path) -> None:
    """`wbv-bot run` starts in bot.launch, which ignores SIGHUP before the heavy imports begin."""
    script = (
        "import signal, sys\n"
        "sys.argv = ['wbv-bot', 'run']\n"
        "import bot.cli\n"
        "bot.cli.main = lambda: print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN) or 0\n"
        "from bot.launch import main\n"
        "sys.exit(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr
    assert "bot.launch:main" in (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
