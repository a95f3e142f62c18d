"""The command line contract: ask (text, JSON, JSON Lines), chat, check, eval."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import TESTS

import bot.core.engine
from bot.cli import main
from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.console import render_plain
from bot.core.conversation import Conversation
from bot.core.required_ids import HELP_ENTRY, REQUIRED_ENTRIES, REQUIRED_MENUS

FIXTURE = TESTS / "fixtures" / "minimal"
JSON_KEYS = {"question", "matched", "id", "score", "answer", "suggestions", "lang"}


def run_main(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_has_exactly_the_contract_keys(capsys, monkeypatch) -> None:
    code, out, _ = run_main(
        ["ask", "--knowledge", str(FIXTURE), "--json", "Wer ist Frank Schmidt?"], capsys, monkeypatch
    )
    assert code == 0
    reply = json.loads(out)
    assert set(reply) == JSON_KEYS
    assert reply == {
        "question": "Wer ist Frank Schmidt?",
        "matched": True,
        "id": "frank_schmidt",
        "score": reply["score"],
        "answer": "Frank Schmidt\n\nEr leitete Workshop 3.",
        "suggestions": [],
        "lang": "de",
    }
    assert 0 <= reply["score"] <= 100


def test_ask_json_suggestions_and_fallback(capsys, monkeypatch) -> None:
    _, out, _ = run_main(
        ["ask", "--knowledge", str(FIXTURE), "--json", "Helmut Schmidt"], capsys, monkeypatch
    )
    suggestion = json.loads(out)
    assert suggestion["matched"] is False
    assert suggestion["suggestions"] == [{"id": "frank_schmidt", "title": "Frank Schmidt"}]
    assert suggestion["answer"] == "Meinten Sie …?"

    _, out, _ = run_main(["ask", "--knowledge", str(FIXTURE), "--json", "Olaf Scholz"], capsys, monkeypatch)
    fallback = json.loads(out)
    assert (fallback["matched"], fallback["id"], fallback["suggestions"]) == (False, None, [])
    assert "Dokumentation" in fallback["answer"]


def test_ask_json_lines_from_stdin_loads_once_and_keeps_order(capsys, monkeypatch) -> None:
    loads = []
    real_load = bot.core.engine.load_knowledge_base
    monkeypatch.setattr(bot.core.engine, "load_knowledge_base", lambda d: loads.append(d) or real_load(d))
    questions = ["Wer ist Frank Schmidt?", "", "When did the Werkstattgespräch end?", "Popupstore"]
    code, out, _ = run_main(
        ["ask", "--knowledge", str(FIXTURE), "--json", "-"],
        capsys,
        monkeypatch,
        stdin="\n".join(questions) + "\n",
    )
    assert code == 0
    assert len(loads) == 1
    replies = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in replies] == questions
    assert [r["id"] for r in replies] == ["frank_schmidt", None, "ende", "popup_store"]
    assert [r["lang"] for r in replies] == ["de", "de", "en", "de"]
    assert all(set(r) == JSON_KEYS for r in replies)


FOLLOW_UPS = "Wer ist Monika Luger?\nund wo kommt sie her?\n---\nund wo kommt sie her?\n"


def test_ask_conversation_carries_context_until_a_dashes_line(capsys, monkeypatch) -> None:
    shipped = ["--knowledge", str(SHIPPED_KNOWLEDGE_DIR)]
    code, out, _ = run_main(
        ["ask", *shipped, "--json", "--conversation", "-"], capsys, monkeypatch, stdin=FOLLOW_UPS
    )
    assert code == 0
    first, follow_up, new_conversation = [json.loads(line) for line in out.splitlines()]  # "---": nothing
    assert all(set(r) == JSON_KEYS for r in (first, follow_up, new_conversation))
    assert (first["id"], follow_up["id"]) == ("monika_luger", "monika_luger")
    assert follow_up["question"] == "und wo kommt sie her?" and "Bayern" in follow_up["answer"]
    assert new_conversation["question"] == "und wo kommt sie her?"
    assert "Monika Luger" not in new_conversation["answer"]


def test_ask_without_conversation_answers_every_line_alone(capsys, monkeypatch) -> None:
    shipped = ["--knowledge", str(SHIPPED_KNOWLEDGE_DIR)]
    _, out, _ = run_main(["ask", *shipped, "--json", "-"], capsys, monkeypatch, stdin=FOLLOW_UPS)
    replies = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in replies] == FOLLOW_UPS.splitlines()  # "---" is a question like any
    assert "Monika Luger" not in replies[1]["answer"]


def test_ask_conversation_in_plain_text(shipped_engine, capsys, monkeypatch) -> None:
    shipped = ["--knowledge", str(SHIPPED_KNOWLEDGE_DIR)]
    _, out, _ = run_main(["ask", *shipped, "--conversation", "-"], capsys, monkeypatch, stdin=FOLLOW_UPS)
    question, follow_up = FOLLOW_UPS.splitlines()[:2]
    first = shipped_engine.answer(question)
    in_context = shipped_engine.answer(follow_up, None, Conversation.after(first))
    alone = shipped_engine.answer(follow_up)
    assert in_context != alone
    assert out == "\n\n".join(render_plain(reply) for reply in (first, in_context, alone)) + "\n"


def test_ask_conversation_needs_standard_input(capsys, monkeypatch) -> None:
    with pytest.raises(SystemExit) as exit_:
        run_main(["ask", "--conversation", "und wo kommt sie her?"], capsys, monkeypatch)
    assert exit_.value.code == 2
    assert "--conversation needs -" in capsys.readouterr().err


def test_ask_lang_option(capsys, monkeypatch) -> None:
    _, out, _ = run_main(
        ["ask", "--knowledge", str(FIXTURE), "--lang", "en", "Wer", "ist", "Frank", "Schmidt"],
        capsys,
        monkeypatch,
    )
    assert out.startswith("Frank Schmidt\n\nHe ran workshop 3.\nMore on this:\n  1) The pop-up store")


def test_knowledge_dir_from_environment(capsys, monkeypatch) -> None:
    monkeypatch.setenv("WBV_KNOWLEDGE_DIR", str(FIXTURE))
    _, out, _ = run_main(["ask", "--json", "Rhein Galerie"], capsys, monkeypatch)
    assert json.loads(out)["id"] == "popup_store"


def test_broken_knowledge_base_exits_non_zero_with_located_message(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_text("entries:\n  - id: x\n", encoding="utf-8")
    code, out, err = run_main(["ask", "--knowledge", str(tmp_path), "Hallo"], capsys, monkeypatch)
    assert code == 1 and out == ""
    assert "a.yaml:2, entry 'x', field 'title': missing field" in err
    code, _, err = run_main(["check", "--knowledge", str(tmp_path)], capsys, monkeypatch)
    assert code == 1 and "error(s)" in err


def write_required_ids(directory: Path) -> None:
    """The entries and menus the bot relies on, each reachable by a question of its own."""
    entries = "".join(
        f"  - id: {entry_id}\n    title: {{de: T{n}, en: T{n}}}\n    questions: [Stichwort{n}]\n"
        f"    answer: {{de: A{n}, en: A{n}}}\n    source: Test\n"
        for n, entry_id in enumerate(REQUIRED_ENTRIES)
    )
    menus = "".join(
        f"  - id: {menu_id}\n    title: {{de: M, en: M}}\n    text: {{de: M, en: M}}\n"
        f"    items: [{HELP_ENTRY}]\n"
        for menu_id in REQUIRED_MENUS
    )
    (directory / "required.yaml").write_text(f"entries:\n{entries}menus:\n{menus}", encoding="utf-8")


def test_check_reports_quality_warnings_with_exit_zero(tmp_path, capsys, monkeypatch) -> None:
    write_required_ids(tmp_path)
    (tmp_path / "a.yaml").write_text(
        "entries:\n"
        + "".join(
            f'  - id: {name}\n    title: {{de: {name}, en: {name}}}\n    questions: ["Wer ist Anna Berg?"]\n'
            f"    answer: {{de: Ja, en: Sure}}\n    source: Test\n"
            for name in ("erste", "zweite")
        ),
        encoding="utf-8",
    )
    code, out, _ = run_main(["check", "--knowledge", str(tmp_path)], capsys, monkeypatch)
    assert code == 0
    assert "No errors: 5 entries" in out
    assert "entry 'zweite', field 'questions': question 'Wer ist Anna Berg?' collides with" in out
    assert "entry 'erste': no question of this entry reaches it" in out


def test_check_is_clean_on_the_fixture_with_the_required_ids(tmp_path, capsys, monkeypatch) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    write_required_ids(tmp_path)
    code, out, _ = run_main(["check", "--knowledge", str(tmp_path)], capsys, monkeypatch)
    assert code == 0
    assert out.rstrip().endswith("No warnings.")


def test_check_names_every_missing_required_id(capsys, monkeypatch) -> None:
    code, _, err = run_main(["check", "--knowledge", str(FIXTURE)], capsys, monkeypatch)
    assert code == 1
    for entry_id in REQUIRED_ENTRIES:
        assert f"required entry '{entry_id}' is missing" in err
    for menu_id in REQUIRED_MENUS:
        assert f"required menu '{menu_id}' is missing" in err
    assert "/hilfe (/help) shows it" in err


def test_eval_prints_accuracy_rejection_and_misses(tmp_path, capsys, monkeypatch) -> None:
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        '- {q: "Wer ist Frank Schmidt?", expect: frank_schmidt}\n'
        '- {q: "Wann endete es?", expect: [ende, ort]}\n'
        '- {q: "Rhein Galerie", expect: ende}\n'
        '- {q: "Wer ist Olaf Scholz?", expect: null}\n',
        encoding="utf-8",
    )
    code, out, _ = run_main(["eval", "--knowledge", str(FIXTURE), str(labelled)], capsys, monkeypatch)
    assert code == 0
    assert "answered with the right content: 66.7% (2/3)" in out
    assert "not answered: 100.0% (1/1)" in out
    assert "Over-confident misses (a confident answer with the wrong content): 1" in out
    assert "'Rhein Galerie': expected ende, got popup_store [answer, score 100]" in out


def test_eval_reports_held_out_files_apart_and_runs_dialogues(tmp_path, capsys, monkeypatch) -> None:
    tuning, held_out = tmp_path / "tuning.yaml", tmp_path / "heldout.yaml"
    tuning.write_text('- {q: "Wer ist Frank Schmidt?", expect: frank_schmidt}\n', encoding="utf-8")
    held_out.write_text(
        "- dialogue:\n"
        '    - {q: "Wer ist Frank Schmidt?", expect: frank_schmidt}\n'
        '    - {q: "Wer ist Olaf Scholz?", expect: null}\n',
        encoding="utf-8",
    )
    args = ["eval", "--knowledge", str(FIXTURE), str(tuning), "--heldout", str(held_out)]
    code, out, _ = run_main(args, capsys, monkeypatch)
    assert code == 0
    tuning_part, held_out_part = out.split(f"== {held_out}")
    assert f"== {tuning}" in tuning_part and "(1/1)" in tuning_part
    assert "Dialogue turns answered right: 100.0% (2/2)" in held_out_part


def test_eval_counts_held_out_misses_without_showing_the_questions(tmp_path, capsys, monkeypatch) -> None:
    tuning, held_out = tmp_path / "tuning.yaml", tmp_path / "heldout.yaml"
    tuning.write_text('- {q: "Rhein Galerie", expect: ende}\n', encoding="utf-8")
    held_out.write_text('- {q: "Die Rhein Galerie", expect: ende}\n', encoding="utf-8")
    args = ["eval", "--knowledge", str(FIXTURE), str(tuning), "--heldout", str(held_out)]
    code, out, _ = run_main(args, capsys, monkeypatch)
    tuning_part, held_out_part = out.split(f"== {held_out}")
    assert code == 0 and "'Rhein Galerie'" in tuning_part
    assert "Over-confident: 1" in held_out_part and "Rhein Galerie" not in held_out_part


def test_eval_leaves_out_held_out_questions_a_tuning_file_asks(tmp_path, capsys, monkeypatch) -> None:
    """The engine was tuned on them: the same words, whatever the case or punctuation."""
    tuning, held_out = tmp_path / "tuning.yaml", tmp_path / "heldout.yaml"
    tuning.write_text('- {q: "Rhein Galerie?", expect: ende}\n', encoding="utf-8")
    held_out.write_text(
        '- {q: "rhein galerie", expect: ende}\n- {q: "Wer ist Frank Schmidt?", expect: frank_schmidt}\n',
        encoding="utf-8",
    )
    args = ["eval", "--knowledge", str(FIXTURE), str(tuning), "--heldout", str(held_out)]
    code, out, _ = run_main(args, capsys, monkeypatch)
    held_out_part = out.split(f"== {held_out}")[1]
    assert code == 0 and held_out_part.startswith(" (1 questions a tuning file asks too: left out)")
    assert "(1/1)" in held_out_part and "wrong content): 0" in held_out_part


def test_eval_refuses_a_label_that_names_nothing(tmp_path, capsys, monkeypatch) -> None:
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        '- {q: "Wann war Schluss?", expect: ende}\n'
        '- {q: "Schmidts Lieblingsfarbe?", expect: frank_schmidt.colour}\n'
        '- {q: "Wer ist Anna?", expect: {list: [anna]}}\n',
        encoding="utf-8",
    )
    code, _, err = run_main(["eval", "--knowledge", str(FIXTURE), str(labelled)], capsys, monkeypatch)
    assert code == 1
    assert "'Schmidts Lieblingsfarbe?': frank_schmidt.colour" in err and "'Wer ist Anna?': anna" in err
    assert "Schluss" not in err and err.count("Label names nothing") == 2


def test_eval_refuses_a_malformed_item(tmp_path, capsys, monkeypatch) -> None:
    labelled = tmp_path / "set.yaml"
    labelled.write_text('- {q: "Wer?", expect: {alle: [x]}}\n', encoding="utf-8")
    code, _, err = run_main(["eval", "--knowledge", str(FIXTURE), str(labelled)], capsys, monkeypatch)
    assert code == 1 and "item 1: 'expect' as a mapping must be {list: [ids]}" in err


def test_chat_picks_suggestions_by_number(capsys, monkeypatch) -> None:
    code, out, _ = run_main(
        ["chat", "--knowledge", str(FIXTURE)],
        capsys,
        monkeypatch,
        stdin="Wer ist Frank Schmidt?\n1\nquit\nWer ist Frank Schmidt?\n",
    )
    assert code == 0
    assert "Er leitete Workshop 3.\nMehr dazu:\n  1) Der Pop-up-Store" in out
    assert "Der Pop-up-Store\n\nEin Laden auf Zeit." in out
    assert out.count("Er leitete Workshop 3.") == 1  # "quit" ended the chat


def test_module_entry_point_prints_utf8_under_c_locale() -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--knowledge", str(FIXTURE), "--json", "Begrüßung?"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["question"] == "Begrüßung?"


def test_a_reader_that_goes_away_ends_ask_quietly_with_exit_0(tmp_path: Path) -> None:
    """``wbv-bot ask --json - < questions | head -1``: no "Broken pipe", no traceback, exit code 0."""
    questions = tmp_path / "questions.txt"
    questions.write_text("Begrüßung?\n" * 2000, encoding="utf-8")  # far more output than a pipe holds
    with questions.open("rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--knowledge", str(FIXTURE), "--json", "-"],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        first = process.stdout.readline()
        process.stdout.close()  # as `head -1` does after the first line
        stderr = process.stderr.read()
        process.wait(timeout=60)
    assert json.loads(first)["question"] == "Begrüßung?"
    assert process.returncode == 0, stderr
    assert stderr == b""


def test_overlay_export_folds_the_phrasings_in_and_check_accepts_it(tmp_path, capsys, monkeypatch) -> None:
    from bot.curation.overlay import Overlay, OverlayFile

    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, knowledge)
    OverlayFile(data).write(Overlay().with_phrasing("popup_store", "kann ich beim laden mitmachen"))
    where = ["--knowledge", str(knowledge), "--data", str(data)]
    code, out, _ = run_main(["check", *where], capsys, monkeypatch)
    assert code == 0 and "1 phrasing(s), 0 problem(s)" in out
    code, out, _ = run_main(["overlay", "export", *where], capsys, monkeypatch)
    assert code == 0 and out.startswith("Added 1 phrasing(s) to best_practice.yaml; 0 were there already.")
    assert "      - kann ich beim laden mitmachen\n" in (knowledge / "best_practice.yaml").read_text("utf-8")
    code, out, _ = run_main(["overlay", "export", *where], capsys, monkeypatch)  # a second time: nothing
    assert code == 0 and out.startswith("Added 0 phrasing(s) to no file; 1 were there already.")


def test_check_reports_a_broken_overlay_as_an_error(tmp_path, capsys, monkeypatch) -> None:
    from bot.curation.overlay import OVERLAY_NAME

    (tmp_path / OVERLAY_NAME).write_text("phrasings:\n  popup_store: [offen\n", encoding="utf-8")
    code, out, _ = run_main(["check", "--data", str(tmp_path)], capsys, monkeypatch)
    assert code == 1
    assert "0 phrasing(s), 1 problem(s)" in out and f"  {OVERLAY_NAME}" in out
