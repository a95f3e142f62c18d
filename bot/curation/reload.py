"""The live knowledge base: one holder owns the engine the bot answers from and replaces it safely.

A new knowledge base is loaded and indexed next to the running one, then swapped in with a single
assignment, so every question is answered entirely from the old or entirely from the new one. A broken
edit never replaces the working knowledge base: the error is logged with file, entry and field, and the
result says whether this broken version is new, so that the admins are told once per broken version.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.core.engine import AnswerEngine
from bot.core.loader import KnowledgeBaseError, content_version, knowledge_files

log = logging.getLogger(__name__)

MAX_REPORTED_PROBLEMS = 200  # in the admins' message (sent in several parts); the log has them all
MAX_REPORTED_PROBLEM_CHARS = 500  # one problem in that message (a 1 MB id would be 250 messages)


@dataclass(frozen=True)
class ReloadResult:
    """How a reload ended; ``newly_broken`` is true the first time a broken version is seen."""

    ok: bool
    message: str
    newly_broken: bool = False


class LiveKnowledge:
    """Holds the current :class:`AnswerEngine` of ``directory``; readers take ``engine`` once per question."""

    def __init__(self, engine: AnswerEngine, directory: Path, fingerprint: tuple | None = None) -> None:
        """``fingerprint``: of the files as they were before ``engine`` was loaded (default: now)."""
        self.engine = engine
        self.directory = directory
        self._reported: set[str] = set()
        self._fingerprint = self._current_fingerprint() if fingerprint is None else fingerprint
        self._lock = asyncio.Lock()

    @classmethod
    def load(cls, directory: Path) -> LiveKnowledge:
        """Load ``directory``; raises :class:`KnowledgeBaseError` when it cannot be used.

        The files are looked at before loading, so that an edit made while they load (seconds for a
        large base; a SIGHUP meanwhile is ignored) is picked up by the watch.
        """
        fingerprint = cls._fingerprint_of(directory)
        return cls(AnswerEngine.from_directory(directory), directory, fingerprint)

    async def reload(self, reason: str) -> ReloadResult:
        async with self._lock:
            self._fingerprint = self._current_fingerprint()
            try:
                engine = await asyncio.to_thread(AnswerEngine.from_directory, self.directory)
            except KnowledgeBaseError as exc:
                return self._refuse(exc, reason)
            old = self.engine.version
            if engine.version == old:
                return ReloadResult(True, f"knowledge base unchanged (version {old})")
            self.engine = engine
            message = (
                f"knowledge base reloaded ({reason}): version {old} -> {engine.version}, "
                f"{engine.entry_count} entries"
            )
            log.info(message)
            return ReloadResult(True, message)

    async def reload_if_changed(self) -> ReloadResult | None:
        """Reload when the files changed since the last look (cheap enough to call every few seconds)."""
        if self._current_fingerprint() == self._fingerprint:
            return None
        return await self.reload("files changed")

    def _refuse(self, exc: KnowledgeBaseError, reason: str) -> ReloadResult:
        broken = content_version(self.directory)
        kept = self.engine.version
        problems = [str(problem) for problem in exc.problems]
        log.error(
            "Knowledge base version %s has %d error(s) (%s); still answering from version %s:\n  %s",
            broken, len(problems), reason, kept, "\n  ".join(problems),
        )  # fmt: skip
        shown = [_shortened(problem) for problem in problems[:MAX_REPORTED_PROBLEMS]]
        more = len(problems) - len(shown)
        message = (
            f"The knowledge base edit (version {broken}) has {len(problems)} error(s); the bot keeps "
            f"answering from version {kept}.\n- "
            + "\n- ".join(shown)
            + (f"\n… and {more} more" if more else "")
        )
        newly_broken = broken not in self._reported
        self._reported.add(broken)
        return ReloadResult(False, message, newly_broken)

    def _current_fingerprint(self) -> tuple:
        return self._fingerprint_of(self.directory)

    @staticmethod
    def _fingerprint_of(directory: Path) -> tuple:
        """Names, types, sizes and modification times: cheap to read every few seconds, and never
        blocking (nothing is opened, so a FIFO or a device among the files cannot hold it up)."""
        try:
            paths = knowledge_files(directory)
        except KnowledgeBaseError as exc:  # the directory deleted, replaced by a symlink loop, …
            return (str(exc),)
        entries = []
        for path in paths:
            try:
                stat = path.stat()
                entries.append((path.name, stat.st_mode, stat.st_size, stat.st_mtime_ns))
            except OSError as exc:
                entries.append((path.name, str(exc)))
        return tuple(entries)


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_REPORTED_PROBLEM_CHARS else text[: MAX_REPORTED_PROBLEM_CHARS - 1] + "…"
