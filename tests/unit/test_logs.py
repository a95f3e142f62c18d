"""Logging: an uncaught error goes through the redacting handler, so its traceback shows no secret."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.logs import REDACTED

SECRET = "123456789:AAHsecretsecretsecretsecretsecret00"

RAISE = {
    "main": "raise RuntimeError(f'rejected: {SECRET}')",
    "thread": (
        "import threading\n"
        "def fail(): raise RuntimeError(f'rejected: {SECRET}')\n"
        "t = threading.Thread(target=fail); t.start(); t.join()"
    ),
    "unraisable": (
        "class Leaky:\n"
        "    def __del__(self): raise RuntimeError(f'rejected: {SECRET}')\n"
        "Leaky()"
    ),
    "task": (
        "import asyncio\n"
        "async def fail(): raise RuntimeError(f'rejected: {SECRET}')\n"
        "async def main():\n"
        "    asyncio.get_running_loop().create_task(fail()); await asyncio.sleep(0)\n"
        "asyncio.run(main())"
    ),
}


@pytest.mark.parametrize("where", RAISE)
def test_an_uncaught_error_is_logged_with_its_secrets_redacted(where: str) -> None:
    script = f"from bot.logs import configure_logging\nSECRET = {SECRET!r}\nconfigure_logging([SECRET])\n"
    result = subprocess.run(
        [sys.executable, "-c", script + RAISE[where]], capture_output=True, text=True, timeout=60
    )
    assert "RuntimeError: rejected: " + REDACTED in result.stderr, result.stderr
    assert SECRET not in result.stderr + result.stdout
