"""Phrasings curators accepted in Telegram, kept beside the read-only knowledge base until exported.

In production ``knowledge/`` is read-only (systemd ``ProtectSystem=strict``, a read-only compose mount),
so a phrasing added from the gaps inbox goes to ``overlay.yaml`` in the data directory: a mapping from
entry id to the added questions, nothing else (never who asked). The overlay is applied to the loaded
knowledge base with the knowledge base's own validation (of a question); what does not fit (an entry
that no longer exists, an invalid question, a broken file) is reported and left out, and never stops the
bot. ``wbv-bot overlay export`` folds the overlay into the ``knowledge/`` files (:mod:`bot.curation.export`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import msgspec
import yaml

from bot.core.loader import KnowledgeBase, read_yaml
from bot.core.models import NonEmptyText
from bot.core.problems import Problem
from bot.core.validation import Invalid, convert

OVERLAY_NAME = "overlay.yaml"
HEADER = (
    "# Phrasings accepted in Telegram (/luecken), by entry id. The bot writes this file; fold it into\n"
    "# knowledge/ with `wbv-bot overlay export`. It holds phrasings only: never who asked.\n"
)


@dataclass(frozen=True)
class Overlay:
    """Added questions by entry id, in the order they were added."""

    phrasings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.phrasings.values())

    def with_phrasing(self, entry_id: str, question: str) -> Overlay:
        questions = self.phrasings.get(entry_id, ())
        if question in questions:
            return self
        return Overlay({**self.phrasings, entry_id: (*questions, question)})

    def without_phrasing(self, entry_id: str, question: str) -> Overlay:
        questions = tuple(q for q in self.phrasings.get(entry_id, ()) if q != question)
        phrasings = {**self.phrasings, entry_id: questions}
        return Overlay({key: value for key, value in phrasings.items() if value})

    def digest(self) -> str:
        return hashlib.sha256(yaml.safe_dump(self.phrasings).encode()).hexdigest()[:8]

    def applied_to(self, kb: KnowledgeBase, file: str = OVERLAY_NAME) -> tuple[KnowledgeBase, list[Problem]]:
        """``kb`` with the phrasings added; those that do not fit are left out and reported."""
        problems: list[Problem] = []
        entries = dict(kb.entries)
        for entry_id, questions in self.phrasings.items():
            entry = entries.get(entry_id)
            if entry is None:
                problems.append(Problem(file, "no such entry in the knowledge base", None, entry_id))
                continue
            new = [q for q in questions if q not in entry.questions]
            try:
                added = convert(new, list[NonEmptyText])
            except Invalid as exc:
                message = f"invalid question: {exc.mismatches[0].message}"
                problems.append(Problem(file, message, None, entry_id))
            else:
                entries[entry_id] = msgspec.structs.replace(entry, questions=[*entry.questions, *added])
        if not self:
            return kb, problems
        return replace(kb, entries=entries, version=f"{kb.version}+{self.digest()}"), problems


class OverlayFile:
    """``overlay.yaml`` in the data directory: read it (never failing) and write it atomically."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / OVERLAY_NAME

    def read(self) -> tuple[Overlay, list[Problem]]:
        """The overlay (empty when there is none) and the problems that kept parts of it out."""
        if not self.path.exists():
            return Overlay(), []
        data, problems = read_yaml(self.path)
        if problems:
            return Overlay(), problems
        if data is None:
            return Overlay(), []
        if not isinstance(data, dict) or not isinstance(data.get("phrasings", {}), dict):
            return Overlay(), [Problem(OVERLAY_NAME, "expected 'phrasings:' with entry ids and questions", 1)]
        phrasings: dict[str, tuple[str, ...]] = {}
        for entry_id, questions in (data.get("phrasings") or {}).items():
            if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
                problems.append(Problem(OVERLAY_NAME, "expected a list of questions", None, str(entry_id)))
                continue
            phrasings[str(entry_id)] = tuple(questions)
        return Overlay(phrasings), problems

    def write(self, overlay: Overlay) -> None:
        """Replace the file in one step, so a crash or a full disk leaves the old one intact."""
        body = yaml.safe_dump(
            {"phrasings": {key: list(value) for key, value in overlay.phrasings.items()}},
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".overlay-", suffix=".yaml")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(HEADER + body)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
