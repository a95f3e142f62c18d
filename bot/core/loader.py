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
from typing import Any, Generic, TypeVar

import yaml
from rapidfuzz import fuzz, process

from bot.core.facts import Facts, FactsCollector
from bot.core.models import MENU_PREFIX, Entry, KnowledgeFile, Localized, Menu, SynonymGroup
from bot.core.problems import KnowledgeBaseError, Problem
from bot.core.texts import REQUIRED_TEXTS, Texts, text_problems
from bot.core.validation import Invalid, convert
from bot.core.yaml_errors import explain_yaml_error

MAX_FILE_BYTES = 1024 * 1024
SHIPPED_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent.parent / "knowledge"
TEXTS_FILE = "texts.yaml"  # the bot's own texts; a knowledge folder without any uses the shipped ones


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: entries in file order, synonym groups, menus, and a content hash."""

    entries: dict[str, Entry]
    synonyms: list[SynonymGroup]
    version: str
    entry_files: dict[str, str] = field(default_factory=dict)
    menus: dict[str, Menu] = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)
    texts: Texts = field(default_factory=lambda: Texts({}))


def load_knowledge_base(directory: str | os.PathLike[str]) -> KnowledgeBase:
    """Load and validate every ``*.yaml``/``*.yml`` file in ``directory``."""
    directory = Path(directory)
    problems: list[Problem] = []
    paths = knowledge_files(directory)
    if not paths:
        raise KnowledgeBaseError([Problem(str(directory), "no .yaml files in the knowledge directory")])

    digest = _Digest()
    entries: dict[str, _Placed[Entry]] = {}
    synonyms: list[SynonymGroup] = []
    menus: dict[str, _Placed[Menu]] = {}
    facts = FactsCollector()
    texts: dict[str, Localized] = {}
    failed: list[str] = []
    for path in paths:
        raw = _read_text(path, problems)
        if raw is None:
            failed.append(path.name)
            continue
        digest.add(path.name, raw.encode())
        parsed = _parse_file(path, raw, problems)
        if parsed is None:
            failed.append(path.name)
            continue
        file_entries, file_menus, top = parsed
        synonyms.extend(top.synonyms)
        facts.add(path.name, top, problems)
        _add_texts(path.name, top, texts, problems)
        for menu in file_menus:
            if menu.item.id in menus:
                problems.append(
                    Problem(
                        path.name,
                        f"duplicate menu id: already defined in {menus[menu.item.id].file}",
                        field=f"menus.{menu.item.id}",
                    )
                )
            menus[menu.item.id] = menu
        for placed in file_entries:
            entry = placed.item
            if entry.id in entries:
                first = entries[entry.id]
                problems.append(
                    Problem(
                        path.name,
                        f"duplicate id: already defined in {first.file}"
                        + (f" line {first.line}" if first.line else ""),
                        placed.line,
                        entry.id,
                        "id",
                    )
                )
                continue
            entries[entry.id] = placed

    across_files: list[Problem] = []  # what may come from a file that did not load: held back then
    _check_related(entries, problems, across_files)
    _check_menu_items(menus, entries, across_files)
    built_facts = facts.build(set(entries), across_files, set(menus))
    built_texts = _texts(texts, directory, failed, problems)
    problems.extend(_unless_files_failed(across_files, failed))
    if not entries and not problems:
        problems.append(Problem(str(directory), "the knowledge base has no entries"))
    if problems:
        raise KnowledgeBaseError(problems)
    return KnowledgeBase(
        {entry_id: placed.item for entry_id, placed in entries.items()},
        synonyms,
        digest.version(),
        {entry_id: placed.file for entry_id, placed in entries.items()},
        {menu_id: placed.item for menu_id, placed in menus.items()},
        built_facts,
        built_texts,
    )


def _add_texts(file: str, top: KnowledgeFile, texts: dict[str, Localized], problems: list[Problem]) -> None:
    for key, text in top.texts.items():
        if key in texts:
            problems.append(Problem(file, f"the text '{key}' is written twice", field=f"texts.{key}"))
        texts[key] = text


def _texts(texts: dict[str, Localized], directory: Path, failed: list[str], problems: list[Problem]) -> Texts:
    """The knowledge base's texts, checked against what the bot needs; the shipped ones if it has none
    (a file that did not load may have held them: then nothing is checked, its own problem is enough)."""
    if failed:
        return Texts(texts)
    if texts:
        problems.extend(text_problems(texts, REQUIRED_TEXTS, TEXTS_FILE))
        return Texts(texts)
    if directory.resolve() == SHIPPED_KNOWLEDGE_DIR:
        problems.append(Problem(TEXTS_FILE, "the bot's own texts are missing"))
        return Texts({})
    shipped: list[Problem] = []
    path = SHIPPED_KNOWLEDGE_DIR / TEXTS_FILE
    parsed = _parse_file(path, path.read_text(encoding="utf-8"), shipped)
    if parsed is None:
        raise KnowledgeBaseError(shipped)
    return Texts(parsed[-1].texts)


_Item = TypeVar("_Item", Entry, Menu)


@dataclass(frozen=True)
class _Placed(Generic[_Item]):
    """An entry or a menu with where it is written: its file, its line, and the line of each id it names
    (an entry's ``related``, a menu's ``items``), so that a wrong id is reported where it is written."""

    item: _Item
    file: str
    line: int | None
    reference_lines: tuple[int | None, ...]


def _check_related(
    entries: dict[str, _Placed[Entry]], problems: list[Problem], dangling: list[Problem]
) -> None:
    """Report an entry related to itself in ``problems``, a related id that does not exist in ``dangling``."""
    for placed in entries.values():
        entry = placed.item
        for related_id, line in zip(entry.related, placed.reference_lines, strict=True):
            if related_id not in entries:
                message = f"related id '{related_id}' does not exist" + _did_you_mean(related_id, entries)
                dangling.append(Problem(placed.file, message, line, entry.id, "related"))
            elif related_id == entry.id:
                problems.append(
                    Problem(placed.file, "an entry cannot be related to itself", line, entry.id, "related")
                )


def _check_menu_items(
    menus: dict[str, _Placed[Menu]], entries: dict[str, _Placed[Entry]], dangling: list[Problem]
) -> None:
    """Report a menu item naming an entry or ``menu:<id>`` that does not exist in ``dangling``."""
    for placed in menus.values():
        for item, line in zip(placed.item.items, placed.reference_lines, strict=True):
            is_menu = item.startswith(MENU_PREFIX)
            kind, known, prefix = ("menu", menus, MENU_PREFIX) if is_menu else ("entry", entries, "")
            target = item.removeprefix(prefix)
            if target not in known:
                message = f"menu item '{item}': no such {kind}" + _did_you_mean(target, known, prefix)
                dangling.append(Problem(placed.file, message, line, field=f"menus.{placed.item.id}.items"))


def _did_you_mean(wrong: str, known: dict[str, Any], prefix: str = "") -> str:
    """The closest of the ``known`` ids as "; did you mean 'x'?", for a typo; "" when none is close."""
    match = process.extractOne(wrong, known.keys(), scorer=fuzz.ratio, score_cutoff=80)
    return f"; did you mean '{prefix}{match[0]}'?" if match else ""


def _unless_files_failed(across_files: list[Problem], failed: list[str]) -> list[Problem]:
    """The problems found across files, or else, when files did not load, one note for each of them.

    An id that does not exist may be defined in a file that did not load, and reporting it would repeat
    that file's one mistake once for every reference into it.
    """
    if not failed or not across_files:
        return across_files
    note = "fix this file first: references between files (related, menu items, facts) were not checked"
    return [Problem(name, note) for name in failed]


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
) -> tuple[list[_Placed[Entry]], list[_Placed[Menu]], KnowledgeFile] | None:
    """Parse one file into its entries, its menus and the rest; append its problems and return None when
    any were found."""
    parsed = _parse_yaml(path, raw, problems)
    if parsed is None:
        return None
    node, data = parsed
    if data is None:
        return [], [], KnowledgeFile()
    if not isinstance(data, dict):
        problems.append(
            Problem(path.name, "the file must be a mapping with 'entries:', 'synonyms:' or 'menus:'", 1)
        )
        return None
    lines = _LineMap(node)
    before = len(problems)
    try:
        top = convert(data, KnowledgeFile)
    except Invalid as exc:
        for loc, message in exc.mismatches:
            problems.append(Problem(path.name, message, lines.line(loc), None, _field_path(loc)))
        return None

    entries: list[_Placed[Entry]] = []
    for index, raw_entry in enumerate(top.entries):
        entry_id = raw_entry.get("id") if isinstance(raw_entry.get("id"), str) else None
        try:
            entry = convert(raw_entry, Entry)
        except Invalid as exc:
            for loc, message in exc.mismatches:
                problems.append(
                    Problem(
                        path.name,
                        message,
                        lines.line(("entries", index, *loc)),
                        entry_id or f"#{index + 1}",
                        _field_path(loc),
                    )
                )
        else:
            entries.append(_place(entry, path.name, lines, ("entries", index), "related", entry.related))
    if len(problems) > before:
        return None
    menus = [
        _place(menu, path.name, lines, ("menus", i), "items", menu.items) for i, menu in enumerate(top.menus)
    ]
    return entries, menus, top


def _place(
    item: _Item, file: str, lines: _LineMap, loc: tuple[Any, ...], field: str, references: list[str]
) -> _Placed[_Item]:
    """``item``, found at ``loc``, with its line and the lines of the ids it names in ``field``."""
    return _Placed(
        item, file, lines.line(loc), tuple(lines.line((*loc, field, k)) for k in range(len(references)))
    )


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """A YAML file read as knowledge files are (size cap, no anchors or aliases, the same syntax errors):
    its data, and the problems that kept it from being read (then the data is None)."""
    problems: list[Problem] = []
    raw = _read_text(path, problems)
    parsed = None if raw is None else _parse_yaml(path, raw, problems)
    return (parsed[1] if parsed is not None else None), problems


def _parse_yaml(path: Path, raw: str, problems: list[Problem]) -> tuple[yaml.Node | None, Any] | None:
    """The node tree and the data of ``raw``; None (with the problem appended) when it is no valid YAML."""
    try:
        _refuse_anchors_and_aliases(raw)
        loader = _Loader(raw)  # the pure-Python one checks for control characters here already
        try:
            node = loader.get_single_node()
            return node, (loader.construct_document(node) if node is not None else None)
        finally:
            loader.dispose()
    except _AliasRefused as exc:
        problems.append(Problem(path.name, "YAML anchors and aliases are not allowed", exc.line))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, *explain_yaml_error(exc, raw, _Loader)))
    return None


class _AliasRefused(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases are not allowed")
        self.line = line


def _loader_class(base: type) -> type:
    """The loader for knowledge files: ``base`` (a safe loader) that keeps node marks for the lines."""
    return type("_Loader", (base,), {"__doc__": f"{base.__name__} for knowledge files"})


# libyaml's C parser when PyYAML was built with it (3× faster on a large base, 10× on the labelled
# questions), else the pure-Python one; both give the same nodes, marks, values and errors
SAFE_LOADER: type = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
_Loader = _loader_class(SAFE_LOADER)


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


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


class _LineMap:
    """Finds the 1-based line of a value in the YAML node tree, given its location (keys and indexes)."""

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
