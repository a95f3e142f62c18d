"""The Telegram adapter: a thin layer over the answer engine."""
