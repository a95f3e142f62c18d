"""The live knowledge base: one holder owns the engine the bot answers from and replaces it safely.

A new knowledge base is loaded and indexed next to the running one, then swapped in with a single
assignment, so every question is answered entirely from the old or entirely from the new one. A broken
edit never replaces the working knowledge base: the error is logged with file, entry and field, and the
result says whether this broken version is new, so that the admins are told once per broken version.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.engine import AnswerEngine
from bot.core.loader import (
    KnowledgeBase,
    KnowledgeBaseError,
    content_version,
    knowledge_files,
    load_knowledge_base,
)
from bot.core.problems import Problem
from bot.curation.overlay import Overlay, OverlayFile

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
    """Holds the current :class:`AnswerEngine` of ``directory``; readers take ``engine`` once per question.

    With an ``overlay`` file, the engine answers from the knowledge base plus the phrasings curators
    accepted in Telegram (:mod:`bot.curation.overlay`); problems in the overlay leave out the phrasings
    concerned (``overlay_problems``) and never the rest.
    """

    def __init__(
        self,
        engine: AnswerEngine,
        directory: Path,
        fingerprint: tuple | None = None,
        overlay: OverlayFile | None = None,
    ) -> None:
        """``engine``: of the knowledge base without the overlay; ``fingerprint``: of the files as they
        were before it was loaded (default: now)."""
        self.directory = directory
        self.overlay_file = overlay
        self.overlay_problems: list[Problem] = []
        self._base = engine.kb
        self._overlay = Overlay()
        self.engine = self._with_overlay(engine.kb, engine) if overlay is not None else engine
        self._reported: set[str] = set()
        self._fingerprint = self._current_fingerprint() if fingerprint is None else fingerprint
        self._lock = asyncio.Lock()

    @classmethod
    def load(cls, directory: Path, overlay: OverlayFile | None = None) -> LiveKnowledge:
        """Load ``directory``; raises :class:`KnowledgeBaseError` when it cannot be used.

        The files are looked at before loading, so that an edit made while they load (seconds for a
        large base; a SIGHUP meanwhile is ignored) is picked up by the watch.
        """
        fingerprint = cls._fingerprint_of(directory, overlay)
        return cls(AnswerEngine.from_directory(directory), directory, fingerprint, overlay)

    def _with_overlay(self, base: KnowledgeBase, plain: AnswerEngine | None = None) -> AnswerEngine:
        """An engine of ``base`` plus the overlay as the file has it now (read, applied, problems kept);
        ``plain``, an engine of ``base`` already built, serves when the overlay adds nothing."""
        assert self.overlay_file is not None
        self._overlay, problems = self.overlay_file.read()
        kb, applied = self._overlay.applied_to(base)
        self.overlay_problems = problems + applied
        for problem in self.overlay_problems:
            log.warning("Overlay left out: %s", problem)
        return plain if plain is not None and kb is base else AnswerEngine(kb)

    async def add_phrasing(self, entry_id: str, question: str) -> bool:
        """Make ``question`` a phrasing of ``entry_id`` now and in the overlay file; False if it cannot
        be (no overlay file, no such entry, or the phrasing is invalid)."""
        return await self._change_overlay(lambda overlay: overlay.with_phrasing(entry_id, question))

    def added_phrasing(self, entry_id: str, wanted: Callable[[str], bool]) -> str | None:
        """The first phrasing the overlay adds to ``entry_id`` for which ``wanted`` is true."""
        return next((q for q in self._overlay.phrasings.get(entry_id, ()) if wanted(q)), None)

    async def remove_phrasing(self, entry_id: str, question: str) -> bool:
        """Undo :meth:`add_phrasing`."""
        return await self._change_overlay(lambda overlay: overlay.without_phrasing(entry_id, question))

    async def _change_overlay(self, change: Callable[[Overlay], Overlay]) -> bool:
        if self.overlay_file is None:
            return False
        async with self._lock:
            overlay = change(self._overlay)
            kb, problems = overlay.applied_to(self._base)
            if problems:
                return False
            engine = await asyncio.to_thread(AnswerEngine, kb)
            await asyncio.to_thread(self.overlay_file.write, overlay)
            self._overlay, self.engine = overlay, engine
            self._fingerprint = self._current_fingerprint()  # the bot's own write is no edit to reload
            return True

    async def reload(self, reason: str) -> ReloadResult:
        async with self._lock:
            self._fingerprint = self._current_fingerprint()
            try:
                base = await asyncio.to_thread(load_knowledge_base, self.directory)
            except KnowledgeBaseError as exc:
                return self._refuse(exc, reason)
            if self.overlay_file is not None:
                engine = await asyncio.to_thread(self._with_overlay, base)
            else:
                engine = await asyncio.to_thread(AnswerEngine, base)
            old = self.engine.version
            self._base = base
            if engine.version == old:
                return ReloadResult(True, f"knowledge base unchanged (version {old})")
            self.engine = engine
            message = (
                f"knowledge base reloaded ({reason}): version {old} -> {engine.version}, "
                f"{engine.entry_count} entries"
            )
            log.info(message)
            return ReloadResult(True, message + self._overlay_note())

    def _overlay_note(self) -> str:
        if not self.overlay_problems:
            return ""
        problems = self.overlay_problems[:MAX_REPORTED_PROBLEMS]
        shown = "\n- ".join(_shortened(str(problem)) for problem in problems)
        return f"\nLeft out of the overlay ({len(self.overlay_problems)}):\n- {shown}"

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
        return self._fingerprint_of(self.directory, self.overlay_file)

    @staticmethod
    def _fingerprint_of(directory: Path, overlay: OverlayFile | None = None) -> tuple:
        """Names, types, sizes and modification times: cheap to read every few seconds, and never
        blocking (nothing is opened, so a FIFO or a device among the files cannot hold it up)."""
        try:
            paths = knowledge_files(directory)
        except KnowledgeBaseError as exc:  # the directory deleted, replaced by a symlink loop, …
            return (str(exc),)
        if overlay is not None and overlay.path.exists():
            paths.append(overlay.path)
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
