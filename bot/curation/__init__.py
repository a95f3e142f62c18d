"""Beside the answering core: storage, unanswered questions, usage, evaluation, quality, live reload."""
