"""The architecture holds: nothing outside the Telegram adapter (``bot.tg``) needs python-telegram-bot."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import ROOT

# Runs in a fresh interpreter, so no module is imported yet: a meta-path hook refuses python-telegram-bot
# (and aiohttp, which only the adapter's HTTP server uses), then every module outside bot.tg is imported.
IMPORT_ALL_BUT_THE_ADAPTER = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import importlib.abc

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in ("telegram", "aiohttp"):
                raise ImportError(f"{name} must not be imported outside bot.tg")
            return None

    sys.meta_path.insert(0, Refuse())
    import bot
    names = [m.name for m in pkgutil.walk_packages(bot.__path__, "bot.")]
    names = [n for n in names if n != "bot.__main__" and not (n == "bot.tg" or n.startswith("bot.tg."))]
    for name in names:
        importlib.import_module(name)
    print(len(names), "modules:", " ".join(sorted(names)))
    """
)


def test_every_module_outside_the_adapter_imports_without_telegram() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_BUT_THE_ADAPTER], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for module in ("bot.cli", "bot.console", "bot.config", "bot.core.engine", "bot.curation.reload"):
        assert f" {module}" in result.stdout


def test_the_guard_catches_a_module_that_imports_telegram(tmp_path: Path) -> None:
    """The same hook, shown to work: it refuses the adapter itself."""
    script = IMPORT_ALL_BUT_THE_ADAPTER.replace('n == "bot.tg" or n.startswith("bot.tg.")', "False")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "must not be imported outside bot.tg" in result.stderr
