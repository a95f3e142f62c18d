"""Loading and validation: every problem is named with file, line, entry and field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, TESTS

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core import loader
from bot.core.loader import (
    MAX_FILE_BYTES,
    KnowledgeBaseError,
    content_version,
    knowledge_files,
    load_knowledge_base,
)

FIXTURE = TESTS / "fixtures" / "minimal"

GOOD_ENTRY = """\
entries:
  - id: good
    title: {de: Gut, en: Good}
    questions: ["Ist das gut?"]
    answer:
      de: Ja.
      en: Yes.
    source: Test
"""


def write_kb(directory: Path, **files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(directory)
    return [str(problem) for problem in caught.value.problems]


def test_minimal_fixture_loads_with_entries_synonyms_and_files() -> None:
    kb = load_knowledge_base(FIXTURE)
    assert list(kb.entries)[:2] == ["popup_store", "frank_schmidt"]
    assert kb.entries["frank_schmidt"].answer.get("en") == "He ran workshop 3."
    assert kb.synonyms[0].canonical == "Arbeitsagentur"
    assert kb.entry_files["ende"] == "entries.yaml"
    assert len(kb.version) == 12


def test_version_is_a_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(FIXTURE, copy)
    before = load_knowledge_base(copy).version
    assert load_knowledge_base(copy).version == before
    path = copy / "entries.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Um 16 Uhr.", "Um 16 Uhr!"), encoding="utf-8")
    assert load_knowledge_base(copy).version != before


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = GOOD_ENTRY.replace('questions: ["Ist das gut?"]', 'questions: ["Ist das gut?"')
    assert problems_of(write_kb(tmp_path, **{"broken.yaml": broken})) == [
        "broken.yaml:4: unclosed '[': the list that opens here is not closed, or two of its items have no "
        "',' between them; end it with ']' and separate its items with ', '"
    ]  # the line where the list opened, not line 5 where the parser noticed


def test_missing_field_is_located(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("    source: Test\n", "")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:2, entry 'good', field 'source': missing field"
    ]


def test_unknown_field_is_located(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("    source: Test\n", "    source: Test\n    anwser: typo\n")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:9, entry 'good', field 'anwser': unknown field"
    ]


def test_empty_answer_and_missing_language(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("      de: Ja.\n      en: Yes.\n", "      de: '  '\n")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:6, entry 'good', field 'answer.de': must not be empty",
        "a.yaml:6, entry 'good', field 'answer.en': missing field",
    ]


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace('questions: ["Ist das gut?"]', "questions: 42")
    [problem] = problems_of(write_kb(tmp_path, **{"a.yaml": text}))
    assert problem.startswith("a.yaml:4, entry 'good', field 'questions': ")
    assert "list" in problem


def test_yaml_booleans_and_numbers_get_a_quoting_hint(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("      de: Ja.\n      en: Yes.\n", "      de: 16\n      en: Yes\n")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:6, entry 'good', field 'answer.de': expected text but YAML read 16; put the text in quotes "
        "(YAML reads yes/no/on/off as true/false and bare numbers as numbers)",
        "a.yaml:7, entry 'good', field 'answer.en': expected text but YAML read True; put the text in quotes "
        "(YAML reads yes/no/on/off as true/false and bare numbers as numbers)",
    ]


def test_texts_are_stored_without_the_spaces_around_them(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("de: Ja.", "de: '  Ja. '").replace('["Ist das gut?"]', '[" Ist das gut?"]')
    entry = load_knowledge_base(write_kb(tmp_path, **{"a.yaml": text})).entries["good"]
    assert (entry.answer.de, entry.questions) == ("Ja.", ["Ist das gut?"])


def test_every_mistake_of_an_entry_is_reported_in_the_order_of_its_fields(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("    source: Test\n", "    quelle: Test\n").replace("en: Good", "en: ''")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text.replace("id: good", "id: Gut")})) == [
        "a.yaml:2, entry 'Gut', field 'id': ids may only use a-z, 0-9 and _ (at most 40 characters)",
        "a.yaml:3, entry 'Gut', field 'title.en': must not be empty",
        "a.yaml:2, entry 'Gut', field 'source': missing field",
        "a.yaml:8, entry 'Gut', field 'quelle': unknown field",
    ]


def test_a_wrong_key_of_a_mapping_is_located(tmp_path: Path) -> None:
    entity = (
        "entities:\n  - id: marc\n    type: person\n    name: {de: Marc, en: Marc}\n"
        "    summary: {de: S, en: S}\n    source: Q\n    facts:\n      Region: {de: A, en: B, source: Q}\n"
    )
    assert problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "b.yaml": entity})) == [
        "b.yaml:8, field 'entities[0].facts.Region.[key]': ids may only use a-z and _ (at most 30 characters)"
    ]


def test_bad_id_is_explained(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("id: good", "id: Gute Frage")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:2, entry 'Gute Frage', field 'id': ids may only use a-z, 0-9 and _ (at most 40 characters)"
    ]


def test_a_bad_menu_id_is_explained_with_the_menus_own_limit(tmp_path: Path) -> None:
    menus = (
        "menus:\n  - id: hauptmenue_mit_viel_zu_langem_namen\n    title: {de: Haupt, en: Main}\n"
        "    text: {de: Bitte waehlen, en: Please pick}\n    items: [good]\n"
    )
    problems = problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "menus.yaml": menus}))
    assert problems == [
        "menus.yaml:2, field 'menus[0].id': ids may only use a-z, 0-9 and _ (at most 20 characters)"
    ]


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    problems = problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "b.yaml": GOOD_ENTRY}))
    assert problems == ["b.yaml:2, entry 'good', field 'id': duplicate id: already defined in a.yaml line 2"]


def test_related_id_must_exist(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("    source: Test\n", "    related: [nowhere]\n    source: Test\n")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:8, entry 'good', field 'related': related id 'nowhere' does not exist"
    ]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    unknown_field = GOOD_ENTRY.replace("id: good", "id: other").replace("source:", "quelle:")
    files = {"a.yaml": GOOD_ENTRY.replace("    source: Test\n", ""), "b.yaml": unknown_field}
    problems = problems_of(write_kb(tmp_path, **files))
    assert [p.split(",")[0] for p in problems] == ["a.yaml:2", "b.yaml:2", "b.yaml:8"]


def test_not_utf8_file(tmp_path: Path) -> None:
    write_kb(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes(GOOD_ENTRY.replace("Gut", "Gr\xfc\xdfe").encode("latin-1"))
    assert problems_of(tmp_path) == ["latin1.yaml:3: file is not UTF-8 text (save it as UTF-8)"]


def test_file_too_large(tmp_path: Path) -> None:
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "huge.yaml": "# " + "x" * (10 * 1024 * 1024)})
    [problem] = problems_of(tmp_path)
    assert problem.startswith("huge.yaml: file too large (")


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlink_loop(tmp_path: Path) -> None:
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY})
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    [problem] = problems_of(tmp_path)
    assert problem.startswith("loop.yaml: cannot read file: ")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert problems_of(write_kb(tmp_path, **{"a.yaml": "- just\n- a list\n"})) == [
        "a.yaml:1: the file must be a mapping with 'entries:', 'synonyms:' or 'menus:'"
    ]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    problems = problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY + "entires: []\n"}))
    assert problems == ["a.yaml:9, field 'entires': unknown field"]


def test_missing_directory_and_empty_directory(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: knowledge directory not found"]
    assert problems_of(tmp_path) == [f"{tmp_path}: no .yaml files in the knowledge directory"]


def test_menu_items_must_exist(tmp_path: Path) -> None:
    menus = (
        "menus:\n  - id: main\n    title: {de: Menü, en: Menu}\n    text: {de: Wählen, en: Choose}\n"
        '    items: [good, nowhere, "menu:missing"]\n'
    )
    problems = problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "menus.yaml": menus}))
    assert problems == [
        "menus.yaml:5, field 'menus.main.items': menu item 'nowhere': no such entry",
        "menus.yaml:5, field 'menus.main.items': menu item 'menu:missing': no such menu",
    ]


def test_shipped_menus_are_loaded() -> None:
    kb = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    assert {"main", "workshops", "kontakte"} <= set(kb.menus)


# --- a wrong id is shown where it is written, with the id meant; one mistake gives one error ---------------

PERSON = GOOD_ENTRY.replace("id: good", "id: marc_brandt")
REFERRING = GOOD_ENTRY.replace("id: good", "id: workshop").replace(
    "    source: Test\n", "    related:\n      - marc_brandt\n      - marc_brant\n    source: Test\n"
)
MENU = (
    "menus:\n  - id: main\n    title: {de: Menü, en: Menu}\n    text: {de: Wählen, en: Choose}\n    items:\n"
)
NOT_CHECKED = "fix this file first: references between files (related, menu items, facts) were not checked"


def test_a_dangling_related_id_is_reported_at_its_line_with_the_closest_id(tmp_path: Path) -> None:
    assert problems_of(write_kb(tmp_path, **{"a.yaml": REFERRING, "people.yaml": PERSON})) == [
        "a.yaml:10, entry 'workshop', field 'related': related id 'marc_brant' does not exist; "
        "did you mean 'marc_brandt'?"
    ]


def test_an_entry_related_to_itself_is_reported_at_its_line(tmp_path: Path) -> None:
    text = REFERRING.replace("- marc_brant\n", "- workshop\n")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text, "people.yaml": PERSON})) == [
        "a.yaml:10, entry 'workshop', field 'related': an entry cannot be related to itself"
    ]


def test_a_dangling_menu_item_is_reported_at_its_line_with_the_closest_id(tmp_path: Path) -> None:
    menus = MENU + "      - marc_brant\n      - nowhere\n      - menu:mainn\n"
    assert problems_of(write_kb(tmp_path, **{"people.yaml": PERSON, "menus.yaml": menus})) == [
        "menus.yaml:6, field 'menus.main.items': menu item 'marc_brant': no such entry; "
        "did you mean 'marc_brandt'?",
        "menus.yaml:7, field 'menus.main.items': menu item 'nowhere': no such entry",
        "menus.yaml:8, field 'menus.main.items': menu item 'menu:mainn': no such menu; "
        "did you mean 'menu:main'?",
    ]


@pytest.mark.parametrize(
    ("broken", "its_problem"),
    [
        (PERSON.replace("      en: Yes.", "     en: Yes."), "people.yaml:7: wrong indentation: "),
        (
            PERSON.replace("    source: Test\n", ""),
            "people.yaml:2, entry 'marc_brandt', field 'source': missing",
        ),
        (PERSON.replace("Gut", "Gr\xfc\xdfe").encode("latin-1"), "people.yaml:3: file is not UTF-8 text"),
    ],
    ids=["syntax", "validation", "unreadable"],
)
def test_references_into_a_file_that_did_not_load_give_one_note_not_an_error_each(
    tmp_path: Path, broken: str | bytes, its_problem: str
) -> None:
    referring = REFERRING.replace("- marc_brant\n", "- marc_brandt\n")
    menus = MENU + "      - workshop\n      - marc_brandt\n"
    other = referring.replace("id: workshop", "id: other")
    write_kb(tmp_path, **{"a.yaml": referring, "b.yaml": other, "menus.yaml": menus})
    people = tmp_path / "people.yaml"
    people.write_bytes(broken) if isinstance(broken, bytes) else people.write_text(broken, encoding="utf-8")
    [problem, note] = problems_of(tmp_path)
    assert problem.startswith(its_problem)
    assert note == f"people.yaml: {NOT_CHECKED}"


def test_a_broken_file_nothing_refers_to_gives_its_problem_alone(tmp_path: Path) -> None:
    broken = PERSON.replace("      en: Yes.", "     en: Yes.")
    [problem] = problems_of(write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "people.yaml": broken}))
    assert problem.startswith("people.yaml:7: wrong indentation: ")


def test_one_wrong_indent_in_the_shipped_base_gives_one_error_and_one_note(tmp_path: Path) -> None:
    """people.yaml's entries are named by related ids, menus and facts all over the shipped base."""
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    people = kb / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert text.count("\n      en: All people\n") == 1
    people.write_text(text.replace("\n      en: All people\n", "\n     en: All people\n"), encoding="utf-8")
    assert problems_of(kb) == [
        "people.yaml:8: wrong indentation: this line does not line up with the lines above it; fields that "
        "belong together must start in the same column (count the spaces)",
        f"people.yaml: {NOT_CHECKED}",
    ]


def test_a_question_with_a_colon_gets_the_quoting_hint(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace('questions: ["Ist das gut?"]', "questions:\n      - Was heißt: WBV?")
    assert problems_of(write_kb(tmp_path, **{"a.yaml": text})) == [
        "a.yaml:5, entry 'good', field 'questions[0]': ': ' inside a text: YAML reads 'name: value' as a "
        'field, so put the text in quotes: "Was heißt: WBV?"'
    ]


# --- files that are not plain files, directories that are gone, YAML aliases (hardening) -------------------


def load_in_thread(directory: Path, unblock: Path | None = None) -> list[str]:
    """The problems of ``directory``, loaded in a thread so that a load blocking on a FIFO fails the test
    instead of hanging it (the FIFO ``unblock`` is then opened for writing, which lets the thread go)."""
    outcome: list[list[str]] = []
    thread = threading.Thread(target=lambda: outcome.append(problems_of(directory)), daemon=True)
    thread.start()
    thread.join(timeout=30)
    if thread.is_alive() and unblock is not None:
        os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=30)
        pytest.fail("loading blocked on the FIFO")
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY})
    os.mkfifo(tmp_path / "pipe.yaml")
    assert load_in_thread(tmp_path, unblock=tmp_path / "pipe.yaml") == [
        "pipe.yaml: not a regular file (a knowledge file must be a plain file)"
    ]
    versions: list[str] = []  # the version of the broken base is computed without reading the FIFO either
    thread = threading.Thread(target=lambda: versions.append(content_version(tmp_path)), daemon=True)
    thread.start()
    thread.join(timeout=30)
    if thread.is_alive():
        os.close(os.open(tmp_path / "pipe.yaml", os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("content_version blocked on the FIFO")
    assert len(versions[0]) == 12


# Run apart with its address space limited: reading the device into memory fails there, not the machine.
DEVICE_PROBLEMS = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from bot.core.loader import KnowledgeBaseError, content_version, load_knowledge_base
assert content_version(sys.argv[1]) == content_version(sys.argv[1])
try:
    load_knowledge_base(sys.argv[1])
except KnowledgeBaseError as exc:
    print(exc)
"""


@pytest.mark.skipif(not Path("/dev/zero").exists() or os.name != "posix", reason="/dev/zero")
def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY})
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-c", DEVICE_PROBLEMS, str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "zero.yaml: not a regular file (a knowledge file must be a plain file)\n"


def test_a_directory_named_like_a_yaml_file_is_refused(tmp_path: Path) -> None:
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY})
    (tmp_path / "old.yaml").mkdir()
    assert problems_of(tmp_path) == ["old.yaml: not a regular file (a knowledge file must be a plain file)"]


def test_the_size_cap_holds_for_the_bytes_read_not_the_size_reported(tmp_path: Path, monkeypatch) -> None:
    """A file whose size the file system reports as small (it grows while read, or lies) is still capped."""
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY, "huge.yaml": "# " + "x" * (2 * MAX_FILE_BYTES)})
    real_fstat, real_stat = os.fstat, os.stat

    def small(result: os.stat_result) -> os.stat_result:
        return os.stat_result((*result[:6], 10, *result[7:]))  # st_size = 10

    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: small(real_stat(path, *a, **k)))
    monkeypatch.setattr(Path, "stat", lambda self, **k: small(real_stat(self, **k)))
    [problem] = problems_of(tmp_path)
    assert problem.startswith("huge.yaml: file too large (")


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_missing_or_looping_directory_is_a_problem_not_an_os_error(tmp_path: Path) -> None:
    gone, loop = tmp_path / "gone", tmp_path / "loop"
    loop.symlink_to(loop)
    assert problems_of(gone) == [f"{gone}: knowledge directory not found"]
    [problem] = problems_of(loop)
    assert problem.startswith(f"{loop}: cannot read the knowledge directory: ")
    for directory in (gone, loop):
        with pytest.raises(KnowledgeBaseError):
            knowledge_files(directory)
        assert len(content_version(directory)) == 12  # a broken version like any other
    assert content_version(gone) != content_version(loop)


def test_yaml_anchors_and_aliases_are_refused_with_the_line(tmp_path: Path) -> None:
    aliased = GOOD_ENTRY.replace('questions: ["Ist das gut?"]', 'questions: &q ["Ist das gut?"]')
    aliased += "  - id: again\n    title: {de: Noch, en: Again}\n    questions: *q\n"
    aliased += "    answer: {de: Ja., en: Yes.}\n    source: Test\n"
    assert problems_of(write_kb(tmp_path, **{"a.yaml": aliased})) == [
        "a.yaml:4: YAML anchors and aliases are not allowed"
    ]
    write_kb(tmp_path, **{"a.yaml": GOOD_ENTRY + "synonyms:\n  - &s [a, b]\n  - *s\n"})
    assert problems_of(tmp_path) == ["a.yaml:10: YAML anchors and aliases are not allowed"]


# --- libyaml's C loader, and the pure-Python fallback with the same results ------------------------------

FAULTY_FILES = {
    "syntax.yaml": GOOD_ENTRY.replace('questions: ["Ist das gut?"]', 'questions: ["Ist das gut?"'),
    "anchor.yaml": GOOD_ENTRY.replace("questions: [", "questions: &q ["),  # an anchor alone, no alias
    "alias.yaml": GOOD_ENTRY.replace("id: good", "id: alias") + "synonyms:\n  - &s [a, b]\n  - *s\n",
    "types.yaml": GOOD_ENTRY.replace("id: good", "id: types").replace("de: Ja.", "de: 16").replace(
        "en: Yes.", "en: yes"
    ),
    "wrong.yaml": GOOD_ENTRY.replace("id: good", "id: wrong").replace('["Ist das gut?"]', "4"),
    "list.yaml": "- just\n- a list\n",
    "control.yaml": "entries: []\n# \x07\n",
    "star.yaml": GOOD_ENTRY.replace("id: good", "id: star").replace("Ja.", "'Teilnehmer*innen & Partner'"),
}


def test_libyaml_parses_the_knowledge_files_when_pyyaml_has_it() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    assert issubclass(loader._Loader, yaml.CSafeLoader)


def test_the_pure_python_fallback_reports_the_same_problems(tmp_path: Path, monkeypatch) -> None:
    write_kb(tmp_path, **FAULTY_FILES)
    preferred = problems_of(tmp_path)
    assert "alias.yaml:10: YAML anchors and aliases are not allowed" in preferred
    assert "anchor.yaml:4: YAML anchors and aliases are not allowed" in preferred
    assert not any(problem.startswith("star.yaml") for problem in preferred)  # * and & in text are fine
    monkeypatch.setattr(loader, "_Loader", loader._loader_class(yaml.SafeLoader))
    assert not issubclass(loader._Loader, getattr(yaml, "CParser", ()))
    # the parsers word their syntax errors differently, but the explanations are the same
    assert problems_of(tmp_path) == preferred


def test_the_pure_python_fallback_loads_the_shipped_base_alike(monkeypatch) -> None:
    preferred = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    monkeypatch.setattr(loader, "_Loader", loader._loader_class(yaml.SafeLoader))
    fallback = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    assert fallback.entries == preferred.entries
    assert fallback.synonyms == preferred.synonyms and fallback.menus == preferred.menus
    assert fallback.version == preferred.version
