"""``python -m bot`` is the same as the ``wbv-bot`` command."""

import sys

from bot.launch import main

sys.exit(main())
