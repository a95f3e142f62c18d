"""The entry point of the ``wbv-bot`` command and ``python -m bot``, kept free of heavy imports.

``systemctl reload`` sends SIGHUP, whose default action ends a process. ``wbv-bot run`` handles it
(reload the knowledge base) once it runs, and ignores it while it loads; this module ignores it even
before that, while Python imports the bot (most of a second), so a reload right after a start never
kills the bot.
"""

from __future__ import annotations

import signal
import sys


def main() -> int:
    if sys.argv[1:2] == ["run"]:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    from bot.cli import main as cli_main  # the heavy imports (numpy, rapidfuzz, PyYAML) come now

    return cli_main()
