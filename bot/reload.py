"""Live reload of the knowledge base that never takes the bot down.

A new knowledge base is loaded and indexed next to the running one, then swapped in with a single
assignment, so every question is answered entirely from the old or entirely from the new one. A broken
edit never replaces the working knowledge base: the error is logged with file, entry and field, and the
admins are told once per broken version.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.engine import AnswerEngine
from bot.loader import KnowledgeBaseError, content_version, knowledge_files, load_knowledge_base

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 3.0
MAX_REPORTED_PROBLEMS = 10


class HasEngine(Protocol):
    engine: AnswerEngine


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    version: str
    message: str


class KnowledgeReloader:
    """Reloads ``holder.engine`` from ``directory`` on demand or when its files change."""

    def __init__(
        self,
        holder: HasEngine,
        directory: Path,
        notify_admins: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.holder = holder
        self.directory = directory
        self.notify_admins = notify_admins
        self._reported: set[str] = set()
        self._fingerprint = self._current_fingerprint()
        self._lock = asyncio.Lock()

    async def reload(self, reason: str) -> ReloadResult:
        async with self._lock:
            self._fingerprint = self._current_fingerprint()
            try:
                engine = await asyncio.to_thread(_build_engine, self.directory)
            except KnowledgeBaseError as exc:
                return await self._refuse(exc, reason)
            old = self.holder.engine.kb.version
            if engine.kb.version == old:
                return ReloadResult(True, old, f"knowledge base unchanged (version {old})")
            self.holder.engine = engine
            message = (
                f"knowledge base reloaded ({reason}): version {old} -> {engine.kb.version}, "
                f"{len(engine.kb.entries)} entries"
            )
            log.info(message)
            return ReloadResult(True, engine.kb.version, message)

    async def _refuse(self, exc: KnowledgeBaseError, reason: str) -> ReloadResult:
        broken = content_version(self.directory)
        kept = self.holder.engine.kb.version
        problems = [str(problem) for problem in exc.problems]
        log.error(
            "Knowledge base version %s has %d error(s) (%s); still answering from version %s:\n  %s",
            broken, len(problems), reason, kept, "\n  ".join(problems),
        )  # fmt: skip
        shown = problems[:MAX_REPORTED_PROBLEMS]
        more = len(problems) - len(shown)
        message = (
            f"The knowledge base edit (version {broken}) has {len(problems)} error(s); the bot keeps "
            f"answering from version {kept}.\n- "
            + "\n- ".join(shown)
            + (f"\n… and {more} more" if more else "")
        )
        if broken not in self._reported and self.notify_admins is not None:
            self._reported.add(broken)
            await self.notify_admins(message)
        return ReloadResult(False, kept, message)

    async def watch(self, stop: asyncio.Event, interval: float = DEFAULT_INTERVAL) -> None:
        """Reload whenever the files change, until ``stop`` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
            if not stop.is_set() and self._current_fingerprint() != self._fingerprint:
                try:
                    await self.reload("files changed")
                except Exception:
                    log.exception("Reloading the knowledge base failed unexpectedly")

    def _current_fingerprint(self) -> tuple:
        """Names, sizes and modification times: cheap to read every few seconds."""
        try:
            entries = []
            for path in knowledge_files(self.directory):
                try:
                    stat = path.stat()
                    entries.append((path.name, stat.st_size, stat.st_mtime_ns))
                except OSError as exc:
                    entries.append((path.name, str(exc)))
            return tuple(entries)
        except OSError as exc:
            return (str(exc),)


def _build_engine(directory: Path) -> AnswerEngine:
    return AnswerEngine(load_knowledge_base(directory))
