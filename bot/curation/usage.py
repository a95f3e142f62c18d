"""Usage figures per day — counts only, nothing about who asked.

Counting happens in memory and is written to the database by :meth:`UsageStats.flush` (every few seconds
while the bot runs, when figures are read, and at shutdown), so a question costs no database write.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.core.engine import Reply
from bot.core.models import Lang
from bot.curation.storage import Database


@dataclass
class DayFigures:
    day: str
    questions: int = 0
    answers: int = 0
    suggestions: int = 0
    fallbacks: int = 0
    inline_queries: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)


class UsageStats:
    def __init__(
        self, database: Database, today: Callable[[], date] = lambda: datetime.now(UTC).date()
    ) -> None:
        self._database = database
        self._today = today
        self._pending: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def count_question(self, reply: Reply) -> None:
        """A free-text question and how it ended."""
        metrics = ["questions", f"outcome:{reply.outcome}", f"lang:{reply.lang}"]
        if reply.entry_id:
            metrics.append(f"entry:{reply.entry_id}")
        self._add(metrics)

    def count_entry_shown(self, entry_id: str) -> None:
        """An answer shown through a button, a command or a deep link."""
        self._add([f"entry:{entry_id}"])

    def count_inline_query(self, lang: Lang) -> None:
        self._add(["inline", f"lang:{lang}"])

    def _add(self, metrics: list[str]) -> None:
        day = self._today().isoformat()
        with self._lock:
            self._pending.update((day, metric) for metric in metrics)

    def flush(self) -> None:
        """Write the counts gathered since the last flush, in one transaction.

        When the write fails the counts are kept for the next flush, and the error is raised.
        """
        with self._lock:
            pending, self._pending = self._pending, Counter()
        if not pending:
            return
        try:
            self._database.execute_many(
                "INSERT INTO usage_daily (day, metric, count) VALUES (?, ?, ?) "
                "ON CONFLICT(day, metric) DO UPDATE SET count = count + excluded.count",
                [(day, metric, count) for (day, metric), count in pending.items()],
            )
        except BaseException:
            with self._lock:
                self._pending.update(pending)
            raise

    def figures(self, days: int = 7) -> list[DayFigures]:
        """The last ``days`` days with any activity, newest first."""
        self.flush()
        first = (self._today() - timedelta(days=days - 1)).isoformat()
        rows = self._database.execute(
            "SELECT day, metric, count FROM usage_daily WHERE day >= ? ORDER BY day DESC", (first,)
        )
        result: dict[str, DayFigures] = {}
        for day, metric, count in rows:
            figures = result.setdefault(day, DayFigures(day))
            kind, _, key = metric.partition(":")
            if kind == "questions":
                figures.questions = count
            elif kind == "inline":
                figures.inline_queries = count
            elif kind == "outcome":
                attribute = {"answer": "answers", "suggest": "suggestions", "fallback": "fallbacks"}[key]
                setattr(figures, attribute, count)
            elif kind == "lang":
                figures.languages[key] = count
            elif kind == "entry":
                figures.entries[key] = count
        return list(result.values())


def format_figures(figures: list[DayFigures], top: int = 5) -> str:
    """A plain-text table for `wbv-bot stats` and /stats."""
    if not figures:
        return "No usage recorded in this period."
    lines = []
    for day in figures:
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(day.languages.items())) or "-"
        best = sorted(day.entries.items(), key=lambda item: (-item[1], item[0]))[:top]
        lines.append(
            f"{day.day}: {day.questions} questions (answered {day.answers}, suggestions {day.suggestions}, "
            f"fallback {day.fallbacks}), inline {day.inline_queries}, languages: {languages}"
        )
        if best:
            lines.append("  top entries: " + ", ".join(f"{entry} {n}" for entry, n in best))
    return "\n".join(lines)
