"""``python -m bot`` is the same as the ``wbv-bot`` command."""

import sys

from bot.cli import main

sys.exit(main())
