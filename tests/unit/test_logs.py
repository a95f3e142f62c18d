"""Logging: an uncaught error goes through the redacting handler, so its traceback shows no secret."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import Clock

from bot.logs import REDACTED, CountedReport

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


def test_a_counted_report_logs_the_first_event_then_at_most_once_per_interval_with_the_count() -> None:
    clock = Clock()
    report = CountedReport(60.0, clock)
    assert report.count() == 1  # the first event is reported at once
    assert [report.count() for _ in range(3)] == [None, None, None]
    assert report.unreported == 3
    clock.now += 59.9
    assert report.count() is None
    clock.now += 0.1
    assert report.count() == 5 and report.unreported == 0  # everything since the last report
