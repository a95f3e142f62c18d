"""Telegram-free answering: knowledge base, matching and replies (text in, a reply out)."""
