"""Start-up: each command imports only what it uses (checked in a fresh interpreter, as test_layers does).

`wbv-bot ask --knowledge DIR` needs neither the settings (bot.config) nor Telegram nor aiohttp, and
`wbv-bot run` imports aiohttp only when it serves the webhook or /healthz.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import ROOT

from bot.config import SHIPPED_KNOWLEDGE_DIR

HEAVY = ("telegram", "bot.config", "aiohttp")

# `python -m bot ask …`, then the heavy modules that ended up imported, on the last line
ASK_AND_LIST_IMPORTS = textwrap.dedent(
    """
    import runpy, sys
    sys.argv = ["wbv-bot", *sys.argv[1:]]
    try:
        runpy.run_module("bot", run_name="__main__")
    except SystemExit as exc:
        assert not exc.code, exc.code
    print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)) or "-")
    """
).format(heavy=HEAVY)

# what `wbv-bot run` does before it starts the application, then its HTTP server without and with a port
BUILD_LIKE_RUN = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import msgspec
    from bot.config import Settings
    from bot.curation.reload import LiveKnowledge
    from bot.curation.storage import open_exclusively
    from bot.tg.app import build_application, http_server
    from bot.tg.context import BotServices
    from bot.tg.retries import RetryingLimiter

    settings = Settings(wbv_data_dir=Path(sys.argv[1]))
    instance, database = open_exclusively(settings.wbv_data_dir)
    services = BotServices.create(LiveKnowledge.load(settings.wbv_knowledge_dir), database, settings)
    application = build_application(settings, services, "123456:" + "A" * 35, RetryingLimiter())
    seen = {"telegram": "telegram" in sys.modules, "built": "aiohttp" in sys.modules}
    seen["no server"] = http_server(settings, services, application, False, "") is None
    seen["still"] = "aiohttp" in sys.modules
    with_port = msgspec.structs.replace(settings, wbv_health_port=8099)
    seen["server"] = type(http_server(with_port, services, application, False, "")).__name__
    seen["with port"] = "aiohttp" in sys.modules
    print(json.dumps(seen))
    """
)


def test_ask_with_knowledge_imports_neither_settings_nor_telegram_nor_aiohttp(tmp_path: Path) -> None:
    args = ["ask", "--knowledge", str(SHIPPED_KNOWLEDGE_DIR), "--json", "Wer ist Marc Brandt?"]
    result = subprocess.run(
        [sys.executable, "-c", ASK_AND_LIST_IMPORTS, *args],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    *answer, imported = result.stdout.strip().splitlines()
    assert json.loads(answer[0])["id"] == "marc_brandt"
    assert imported == "-"


def test_ask_without_knowledge_reads_the_setting(tmp_path: Path) -> None:
    """The same wrapper shows that the check above can see the settings being imported."""
    result = subprocess.run(
        [sys.executable, "-c", ASK_AND_LIST_IMPORTS, "ask", "--json", "Wer ist Marc Brandt?"],
        cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "", "WBV_KNOWLEDGE_DIR": str(SHIPPED_KNOWLEDGE_DIR)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    *answer, imported = result.stdout.strip().splitlines()
    assert json.loads(answer[0])["id"] == "marc_brandt"
    assert imported == "bot.config"


def test_run_imports_aiohttp_only_for_a_server(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", BUILD_LIKE_RUN, str(tmp_path / "data")],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "telegram": True,
        "built": False,
        "no server": True,
        "still": False,
        "server": "HttpServer",
        "with port": True,
    }
