"""The bot as a user starts it: ``wbv-bot run`` as a subprocess, configured by environment variables."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI, make_user
from helpers import TOKEN

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
