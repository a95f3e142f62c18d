"""Loading and validating the knowledge base directory.

Every problem is reported with the file, the line where possible, the entry id and the field, so a
curator can find it. Loading either returns a complete, valid :class:`KnowledgeBase` or raises
:class:`KnowledgeBaseError` listing every problem found, never a half-loaded base.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.facts import Facts, FactsCollector
from bot.core.models import MENU_PREFIX, Entry, KnowledgeFile, Menu, SynonymGroup
from bot.core.problems import KnowledgeBaseError, Problem

MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: entries in file order, synonym groups, menus, and a content hash."""

    entries: dict[str, Entry]
    synonyms: list[SynonymGroup]
    version: str
    entry_files: dict[str, str] = field(default_factory=dict)
    menus: dict[str, Menu] = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)


def load_knowledge_base(directory: str | os.PathLike[str]) -> KnowledgeBase:
    """Load and validate every ``*.yaml``/``*.yml`` file in ``directory``."""
    directory = Path(directory)
    problems: list[Problem] = []
    paths = knowledge_files(directory)
    if not paths:
        raise KnowledgeBaseError([Problem(str(directory), "no .yaml files in the knowledge directory")])

    digest = _Digest()
    entries: dict[str, Entry] = {}
    entry_files: dict[str, str] = {}
    entry_lines: dict[str, int | None] = {}
    synonyms: list[SynonymGroup] = []
    menus: dict[str, tuple[Menu, str]] = {}
    facts = FactsCollector()
    unreadable = False
    for path in paths:
        raw = _read_text(path, problems)
        if raw is None:
            unreadable = True
            continue
        digest.add(path.name, raw.encode())
        parsed = _parse_file(path, raw, problems)
        if parsed is None:
            unreadable = True
            continue
        file_entries, top = parsed
        synonyms.extend(top.synonyms)
        facts.add(path.name, top, problems)
        for menu in top.menus:
            if menu.id in menus:
                problems.append(
                    Problem(
                        path.name,
                        f"duplicate menu id: already defined in {menus[menu.id][1]}",
                        field=f"menus.{menu.id}",
                    )
                )
            menus[menu.id] = (menu, path.name)
        for entry, line in file_entries:
            if entry.id in entries:
                problems.append(
                    Problem(
                        path.name,
                        f"duplicate id: already defined in {entry_files[entry.id]}"
                        + (f" line {entry_lines[entry.id]}" if entry_lines[entry.id] else ""),
                        line,
                        entry.id,
                        "id",
                    )
                )
                continue
            entries[entry.id] = entry
            entry_files[entry.id] = path.name
            entry_lines[entry.id] = line

    for entry in entries.values():
        for related_id in entry.related:
            if related_id not in entries:
                problems.append(
                    Problem(
                        entry_files[entry.id],
                        f"related id '{related_id}' does not exist",
                        entry_lines[entry.id],
                        entry.id,
                        "related",
                    )
                )
            elif related_id == entry.id:
                problems.append(
                    Problem(
                        entry_files[entry.id],
                        "an entry cannot be related to itself",
                        entry_lines[entry.id],
                        entry.id,
                        "related",
                    )
                )
    for menu, file in menus.values():
        for item in menu.items:
            target = item.removeprefix(MENU_PREFIX)
            known = menus if item.startswith(MENU_PREFIX) else entries
            if target not in known:
                kind = "menu" if item.startswith(MENU_PREFIX) else "entry"
                problems.append(
                    Problem(file, f"menu item '{item}': no such {kind}", field=f"menus.{menu.id}.items")
                )
    # references into a file that did not load would only repeat its problem many times over
    built_facts = Facts() if unreadable else facts.build(set(entries), problems)
    if not entries and not problems:
        problems.append(Problem(str(directory), "the knowledge base has no entries"))
    if problems:
        raise KnowledgeBaseError(problems)
    return KnowledgeBase(
        entries,
        synonyms,
        digest.version(),
        entry_files,
        {menu_id: menu for menu_id, (menu, _) in menus.items()},
        built_facts,
    )


def knowledge_files(directory: Path) -> list[Path]:
    """The YAML files of a knowledge base, in load order (hidden editor files are skipped).

    Raises :class:`KnowledgeBaseError` when the directory cannot be listed: deleted, not a directory,
    a symlink loop, no permission.
    """
    try:
        return sorted(
            p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        )
    except OSError as exc:
        raise KnowledgeBaseError([Problem(str(directory), _directory_problem(exc))]) from None


def _directory_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "knowledge directory not found"
    if isinstance(exc, NotADirectoryError):
        return "the knowledge directory is not a directory"
    return f"cannot read the knowledge directory: {exc.strerror or exc}"


def content_version(directory: str | os.PathLike[str]) -> str:
    """The version a knowledge base directory would load as, even when it does not load."""
    digest = _Digest()
    try:
        paths = knowledge_files(Path(directory))
    except KnowledgeBaseError as exc:  # a missing directory is a version too, so admins hear of it once
        digest.add("", str(exc).encode())
        return digest.version()
    for path in paths:
        try:
            digest.add(path.name, _read_capped(path)[0])
        except OSError as exc:
            digest.add(path.name, str(exc).encode())
    return digest.version()


class _Digest:
    """The content hash that names a knowledge base version."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()

    def add(self, name: str, content: bytes) -> None:
        self._sha.update(name.encode() + b"\0" + content + b"\0")

    def version(self) -> str:
        return self._sha.hexdigest()[:12]


class _NotRegularFile(OSError):
    """A FIFO, device, directory or socket where a knowledge file should be."""


def _read_capped(path: Path) -> tuple[bytes, int]:
    """At most ``MAX_FILE_BYTES + 1`` bytes of a regular file (links followed), and its size.

    Anything but a regular file raises :class:`_NotRegularFile` without being read, so a FIFO cannot
    block and ``/dev/zero`` cannot fill the memory; the cap holds for the bytes actually read.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):  # checked before opening: opening a device may act
        raise _NotRegularFile(f"{path.name}: not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)  # and again on what was opened, in case it was replaced meanwhile
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegularFile(f"{path.name}: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), max(info.st_size, size)
    finally:
        os.close(fd)


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        data, size = _read_capped(path)
    except _NotRegularFile:
        problems.append(Problem(path.name, "not a regular file (a knowledge file must be a plain file)"))
        return None
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot read file: {exc.strerror or exc}"))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(path.name, f"file too large ({size} bytes; at most {MAX_FILE_BYTES})"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(path.name, "file is not UTF-8 text (save it as UTF-8)", line))
        return None


def _parse_file(
    path: Path, raw: str, problems: list[Problem]
) -> tuple[list[tuple[Entry, int | None]], KnowledgeFile] | None:
    """Parse one file; append its problems and return None when any were found."""
    try:
        _refuse_anchors_and_aliases(raw)
        loader = _Loader(raw)  # the pure-Python one checks for control characters here already
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _AliasRefused as exc:
        problems.append(Problem(path.name, "YAML anchors and aliases are not allowed", exc.line))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(Problem(path.name, f"YAML syntax error: {exc.problem or exc}", line))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"YAML syntax error: {exc}"))
        return None

    if data is None:
        return [], KnowledgeFile()
    if not isinstance(data, dict):
        problems.append(
            Problem(path.name, "the file must be a mapping with 'entries:', 'synonyms:' or 'menus:'", 1)
        )
        return None
    lines = _LineMap(node)
    before = len(problems)
    try:
        top = KnowledgeFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            problems.append(Problem(path.name, _describe(error), lines.line(loc), None, _field_path(loc)))
        return None

    entries: list[tuple[Entry, int | None]] = []
    for index, raw_entry in enumerate(top.entries):
        entry_id = raw_entry.get("id") if isinstance(raw_entry.get("id"), str) else None
        try:
            entries.append((Entry.model_validate(raw_entry), lines.line(("entries", index))))
        except ValidationError as exc:
            for error in exc.errors():
                loc = error["loc"]
                problems.append(
                    Problem(
                        path.name,
                        _describe(error),
                        lines.line(("entries", index, *loc)),
                        entry_id or f"#{index + 1}",
                        _field_path(loc),
                    )
                )
    if len(problems) > before:
        return None
    return entries, top


class _AliasRefused(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases are not allowed")
        self.line = line


def _loader_class(base: type) -> type:
    """The loader for knowledge files: ``base`` (a safe loader) that keeps node marks for the lines."""
    return type("_Loader", (base,), {"__doc__": f"{base.__name__} for knowledge files"})


# libyaml's C parser when PyYAML was built with it (3× faster on a large base), else the pure-Python one;
# both give the same nodes, marks, values and errors
_Loader = _loader_class(yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader)


def _refuse_anchors_and_aliases(raw: str) -> None:
    """Raise :class:`_AliasRefused` at the first anchor (``&a``) or alias (``*a``) of ``raw``.

    Curated files do not need them, and aliases let a small file expand into a huge document (a 1 MB
    file of aliases would hold gigabytes once validated and indexed). The C composer neither calls a
    Python ``compose_node`` nor keeps anchors on its nodes, so the events are scanned, in document order
    like the composer (a syntax error before the first anchor is reported as such). Neither can occur
    without a ``&`` or ``*`` in the text, so most files are not scanned at all.
    """
    if "&" not in raw and "*" not in raw:
        return
    for event in yaml.parse(raw, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasRefused(event.start_mark.line + 1)


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing field"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "string_type" and isinstance(error.get("input"), bool | int | float):
        return (
            f"expected text but YAML read {error['input']!r}; put the text in quotes "
            "(YAML reads yes/no/on/off as true/false and bare numbers as numbers)"
        )
    if kind == "string_pattern_mismatch":
        return "ids may only use a-z, 0-9 and _ (at most 40 characters)"
    return str(error["msg"])


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


class _LineMap:
    """Finds the 1-based line of a value in the YAML node tree, given a pydantic error location."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root

    def line(self, loc: tuple[Any, ...]) -> int | None:
        node = self.root
        best = node.start_mark.line + 1
        for part in loc:
            child = self._child(node, part)
            if child is None:
                break
            node = child
            best = node.start_mark.line + 1
        return best

    @staticmethod
    def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    return value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            return node.value[part]
        return None
