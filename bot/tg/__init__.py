"""The Telegram adapter over the answering core (named so that it never shadows the ``telegram`` package)."""
