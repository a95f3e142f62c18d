"""``wbv-bot overlay export``: fold the overlay's phrasings into the ``knowledge/`` files.

The curated files in git stay the source of truth, so the export must change nothing but the added
questions: comments, order, quoting and line breaks stay as the curators wrote them. ruamel.yaml reads
each file as a round trip (it knows the line of every item); the new questions are then inserted as
lines of their own below the entry's last question, with that question's indentation, and the rest of
the file is left byte for byte. (Dumping the whole file with ruamel.yaml would re-wrap the long flow
lists of menus.yaml and synonyms.yaml.) A question that is already in the entry is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.core.loader import KnowledgeBase
from bot.curation.overlay import Overlay


@dataclass(frozen=True)
class ExportResult:
    added: int  # questions written into knowledge files
    skipped: int  # questions the files already had
    missing: tuple[str, ...]  # entry ids the knowledge base does not have
    files: tuple[str, ...]  # the files changed


def export_overlay(overlay: Overlay, kb: KnowledgeBase, directory: Path) -> ExportResult:
    """Write ``overlay``'s questions into the files of ``kb`` (loaded from ``directory``)."""
    added = skipped = 0
    missing: list[str] = []
    by_file: dict[str, dict[str, tuple[str, ...]]] = {}
    for entry_id, questions in overlay.phrasings.items():
        if entry_id not in kb.entries:
            missing.append(entry_id)
            continue
        new = tuple(q for q in questions if q not in kb.entries[entry_id].questions)
        skipped += len(questions) - len(new)
        if new:
            by_file.setdefault(kb.entry_files[entry_id], {})[entry_id] = new
    for name, additions in by_file.items():
        path = directory / name
        path.write_text(_with_questions(path.read_text(encoding="utf-8"), additions), encoding="utf-8")
        added += sum(len(questions) for questions in additions.values())
    return ExportResult(added, skipped, tuple(missing), tuple(sorted(by_file)))


def _with_questions(text: str, additions: dict[str, tuple[str, ...]]) -> str:
    """``text`` with each entry's new questions inserted below its last question."""
    document = YAML(typ="rt").load(text)
    lines = text.splitlines(keepends=True)
    inserts: list[tuple[int, list[str]]] = []
    for entry in document.get("entries") or []:
        if not isinstance(entry, CommentedMap) or entry.get("id") not in additions:
            continue
        questions = entry["questions"]
        if not isinstance(questions, CommentedSeq) or questions.fa.flow_style():
            raise ValueError(f"entry {entry['id']}: questions must be a block list (one '- ' line each)")
        last = len(questions) - 1
        row, column = questions.lc.item(last)  # 0-based line and column of the last question's value
        dash = lines[row].rindex("-", 0, column)
        indent = lines[row][:dash]
        after = _end_of_item(lines, row)
        inserts.append((after, [f"{indent}- {_scalar(q)}\n" for q in additions[entry["id"]]]))
    for after, new_lines in sorted(inserts, reverse=True):
        if not lines[after - 1].endswith("\n"):  # the file's last line had no line break
            lines[after - 1] += "\n"
        lines[after:after] = new_lines
    return "".join(lines)


def _end_of_item(lines: list[str], row: int) -> int:
    """The line after a list item that starts at ``row`` (a long question may continue on more lines,
    indented deeper than its dash)."""
    dash_column = len(lines[row]) - len(lines[row].lstrip())
    end = row + 1
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > dash_column:
        end += 1
    return end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _scalar(question: str) -> str:
    """The question as YAML: plain where YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"- {question}") == [question]:
            return question
    except yaml.YAMLError:
        pass
    return json.dumps(question, ensure_ascii=False)
