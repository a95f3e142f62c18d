"""End to end over HTTP: the real python-telegram-bot Application against the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from fakes.telegram import FakeBotAPI, FakeChat, FakeUser, make_group, make_supergroup, make_user
from helpers import BOT_USERNAME, make_services, running_bot

from bot.core.engine import AnswerEngine
from bot.tg.context import BotServices


def buttons(message) -> list[tuple[str, str]]:
    markup = message.reply_markup or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_greets_and_shows_the_main_menu(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/start")
        [reply] = await api.wait_for_messages(1)
    assert reply.plain_text.startswith("Willkommen beim WBV-Bot!")
    assert ("Workshops", "m:workshops") in buttons(reply)
    assert ("Ablauf und Programm", "v:main:ablauf") in buttons(reply)
    assert all(len(data.encode()) <= 64 for _, data in buttons(reply))


async def test_commands_and_descriptions_are_registered_in_both_languages(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    async with running_bot(api, services, tmp_path):
        await api.wait_for_call("setMyShortDescription", 2)
    german = [c["command"] for c in api.commands_for("default", "de")]
    english = [c["command"] for c in api.commands_for("default", "")]
    assert german == [
        "start", "hilfe", "programm", "workshops", "kontakte", "sprache", "about", "datenschutz", "vergessen",
        "help", "privacy",  # Telegram's profile buttons send these
    ]  # fmt: skip
    assert english == [
        "start", "help", "programme", "workshops", "contacts", "language", "about", "privacy", "forget",
    ]  # fmt: skip
    assert api.descriptions["de"].startswith("Ich beantworte Fragen")
    assert api.short_descriptions[""].startswith("Questions and answers")


async def test_help_lists_the_commands_of_the_menu_in_the_users_language(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna, john = make_user("Anna", language_code="de"), make_user("John", language_code="en")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/hilfe")
        await api.wait_for_messages(2)
        api.send_text(john, None, "/help")
        await api.wait_for_messages(4)
    menus = {"de": api.commands_for("default", "de"), "en": api.commands_for("default", "")}
    for user, lang in ((anna, "de"), (john, "en")):
        listing = [m.plain_text for m in api.sent_messages if m.chat_id == user.id][1]
        for command in menus[lang]:
            if lang == "en" or command["command"] not in ("help", "privacy"):  # /hilfe lists them once
                assert f"/{command['command']} – {command['description']}\n" in listing
        assert "/stats" not in listing and "/reload" not in listing
    assert "What would you like to know about?" in listing


async def test_every_command_answers(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    expected = {  # command: the start of each message the bot sends back
        "/hilfe": ["Hilfe", "Befehle:\n/start – Begrüßung"],
        "/help": ["Hilfe", "Befehle:\n/start – Begrüßung"],
        "/programm": ["Ablauf und Programm"],
        "/workshops": ["Die Workshopphase"],
        "/kontakte": ["An wen kann ich mich wenden?"],
        "/sprache": ["Welche Sprache möchten Sie?"],
        "/about": ["Über den Bot", "Quelle: die Dokumentation"],
        "/gibtsnicht": ["Diesen Befehl kenne ich nicht."],
    }
    async with running_bot(api, services, tmp_path):
        for command, starts in expected.items():
            before = len(api.sent_messages)
            api.send_text(anna, None, command)
            await api.wait_for_messages(before + len(starts))
            texts = [m.plain_text for m in api.sent_messages[before:]]
            assert [t[: len(s)] for t, s in zip(texts, starts, strict=True)] == starts, command


async def test_free_text_in_german_and_english(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de-AT")
    john = make_user("John", language_code="en-GB")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Wann endete das Werkstattgesprach?")
        api.send_text(john, None, "Who ran workshop 2?")
        await api.wait_for_messages(2)
    by_chat = {m.chat_id: m for m in api.sent_messages}
    german, english = by_chat[anna.id], by_chat[john.id]
    assert german.text.startswith("<b>Ende um 16 Uhr</b>\n\nDas Werkstattgespräch endete um 16 Uhr.")
    assert german.parse_mode == "HTML"
    assert english.plain_text.startswith("Workshop 2: companies\n\nIn workshop 2 Monika Luger of ZUKUNFT")
    assert ("Monika Luger (ZUKUNFTmobil)", "a:monika_luger") in buttons(english)


async def test_suggestion_button_round_trip(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Helmut Schmidt")
        [suggestion] = await api.wait_for_messages(1)
        assert suggestion.plain_text == "Meinten Sie …?"
        assert buttons(suggestion) == [("Frank Schmidt (WBV Mittelhessen)", "s:frank_schmidt")]
        api.send_callback(anna, "s:frank_schmidt", suggestion)
        await api.wait_until(lambda: len(api.edits) == 1 and len(api.callback_answers) == 1)
    edited = api.message(suggestion.chat_id, suggestion.message_id)
    assert edited.text.startswith(
        "Frank Schmidt (WBV Mittelhessen)\n\nFrank Schmidt kommt laut Dokumentation"
    )
    assert len(api.sent_messages) == 1  # answered in place, no new message


async def test_follow_up_buttons_answer_in_a_new_message(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        [answer] = await api.wait_for_messages(1)
        assert ("Workshop 1: Netzwerkpartner", "a:workshop_1") in buttons(answer)
        api.send_callback(anna, "a:workshop_1", answer)
        [_, follow_up] = await api.wait_for_messages(2)
        await api.wait_until(lambda: len(api.callback_answers) == 1)
    assert follow_up.plain_text.startswith("Workshop 1: Netzwerkpartner\n\nWorkshop 1: „Best Practice")


async def test_menus_navigate_in_place_with_back_buttons(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/kontakte")
        [menu] = await api.wait_for_messages(1)
        api.send_callback(anna, "m:regionen", menu)
        await api.wait_until(lambda: len(api.edits) == 1)
        regions = api.message(menu.chat_id, menu.message_id)
        assert ("Ansprechpartner Bayern", "v:regionen:kontakt_bayern") in buttons(regions)
        assert ("« Zurück", "m:kontakte") in buttons(regions)
        api.send_callback(anna, "v:regionen:kontakt_bayern", regions)
        await api.wait_until(lambda: len(api.edits) == 2)
        bavaria = api.message(menu.chat_id, menu.message_id)
        assert bavaria.text.startswith(
            "Ansprechpartner Bayern\n\nAus Bayern nennt die Dokumentation Monika Luger"
        )
        assert buttons(bavaria) == [("« Zurück", "m:regionen")]
        # pressing the same menu twice: Telegram says "message is not modified", which is no error
        api.send_callback(anna, "m:regionen", bavaria)
        api.send_callback(anna, "m:regionen", bavaria)
        await api.wait_until(lambda: len(api.callback_answers) == 4)
    assert len(api.sent_messages) == 1
    assert not [m for m in api.sent_messages if "schiefgelaufen" in (m.text or "")]


async def test_stale_and_unknown_callbacks_get_a_polite_answer(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        [answer] = await api.wait_for_messages(1)
        for data in ("a:removed_entry", "x:nonsense", "m:no_menu", "v:nomenu:workshop_1"):
            api.send_callback(anna, data, answer, check_button=False)
        await api.wait_until(lambda: len(api.callback_answers) == 4)
    assert {a.text for a in api.callback_answers.values()} == {
        "Dieser Knopf ist nicht mehr aktuell. Bitte fragen Sie einfach neu."
    }
    assert len(api.sent_messages) == 1


async def test_answers_and_edits_are_sent_without_link_previews(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Helmut Schmidt")
        [suggestion] = await api.wait_for_messages(1)
        api.send_callback(anna, "s:frank_schmidt", suggestion)
        await api.wait_until(lambda: len(api.edits) == 1)
    calls = api.calls_to("sendMessage") + api.calls_to("editMessageText")
    assert len(calls) == 2
    assert all(call.params["link_preview_options"] == {"is_disabled": True} for call in calls)


async def test_deep_link_opens_an_entry(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/start workshop_2")
        [reply] = await api.wait_for_messages(1)
    assert reply.plain_text.startswith("Workshop 2: Unternehmen\n\nWorkshop 2:")


async def test_language_choice_is_remembered_across_restarts(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/sprache")
        [choice] = await api.wait_for_messages(1)
        api.send_callback(anna, "l:en", choice)
        await api.wait_until(lambda: len(api.edits) == 1)
    assert api.message(choice.chat_id, choice.message_id).text == "I will answer you in English from now on."

    reopened = make_services(services.engine, tmp_path / "data")
    async with running_bot(api, reopened, tmp_path):
        api.send_text(anna, None, "Wann endete das Werkstattgespräch?")
        await api.wait_for_messages(2)
    assert api.sent_messages[-1].plain_text.startswith("Ends at 16 Uhr") or api.sent_messages[
        -1
    ].plain_text.startswith(reopened.engine.entry_reply("ende", "en").title)


async def test_inline_mode(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_inline_query(anna, "popup store")
        api.send_inline_query(anna, "")
        await api.wait_until(lambda: len(api.inline_answers) == 2)
    found, topics = api.inline_answers.values()
    titles = [r["title"] for r in found.results]
    assert titles[0].startswith("Pop-up-Store")
    assert found.results[0]["input_message_content"]["parse_mode"] == "HTML"
    assert [r["title"] for r in topics.results][:2] == ["Ablauf und Programm", "Eröffnungsrunde"]


async def test_groups_answer_only_when_addressed(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    group, supergroup = make_group(), make_supergroup()
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, group, "Wer ist Marc Brandt?")  # not addressed: silent
        api.send_text(anna, group, "/gibtsnicht")  # unknown command without @: silent
        api.send_text(anna, group, f"@{BOT_USERNAME} Wer ist Marc Brandt?")
        [mentioned] = await api.wait_for_messages(1)
        api.reply_to(mentioned, "Und wer ist Monika Luger?", user=anna)
        api.send_text(anna, supergroup, f"/workshops@{BOT_USERNAME}")
        await api.wait_for_messages(3)
        api.send_text(anna, supergroup, "Hallo zusammen")  # silent again
        api.send_text(anna, supergroup, f"/programm@{BOT_USERNAME}")
        await api.wait_for_messages(4)
    texts = [m.plain_text for m in api.sent_messages]
    assert texts[0].startswith("Marc Brandt (InSkills2Go)")
    assert any(t.startswith("Monika Luger (ZUKUNFTmobil)") for t in texts)
    assert any(t.startswith("Die Workshopphase") for t in texts)
    assert texts[-1].startswith("Ablauf und Programm")
    assert len(texts) == 4


async def test_a_mention_after_an_emoji_is_seen(api: FakeBotAPI, services, tmp_path: Path) -> None:
    """Telegram counts entity offsets in UTF-16 code units, in which an emoji is two (a flag four)."""
    anna = make_user("Anna", language_code="de")
    group = make_group()
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, group, "😀 @some_other_bot Wer ist Marc Brandt?")  # not us: silent
        api.send_text(anna, group, f"😀 @{BOT_USERNAME} Wer ist Monika Luger?")
        api.send_text(anna, group, f"🇩🇪👍🏽 Hallo @{BOT_USERNAME}, wer ist Frank Schmidt?")
        await api.wait_for_messages(2)
    texts = sorted(m.plain_text.split("\n")[0] for m in api.sent_messages)
    assert texts == ["Frank Schmidt (WBV Mittelhessen)", "Monika Luger (ZUKUNFTmobil)"]


async def test_non_text_messages_get_a_hint(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_sticker(anna)
        api.send_photo(anna)
        api.send_voice(anna)
        api.send_location(anna)
        api.send_document(anna)
        await api.wait_for_messages(5)
    assert {m.plain_text for m in api.sent_messages} == {
        "Ich verstehe nur Textnachrichten. Schreiben Sie mir Ihre Frage bitte als Text."
    }


async def test_edited_message_is_answered_again(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        original = api.send_text(anna, None, "Wer ist Marc Brant?")
        await api.wait_for_messages(1)
        api.send_edited_text(original, "Wer ist Monika Luger?")
        [_, second] = await api.wait_for_messages(2)
    assert second.plain_text.startswith("Monika Luger (ZUKUNFTmobil)")


async def test_long_answer_is_split_into_valid_messages(api: FakeBotAPI, tmp_path: Path) -> None:
    long_answer = "\n\n".join(f"Absatz {n}: " + "Viel Text & mehr <Inhalt>. " * 40 for n in range(12))
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "a.yaml").write_text(
        "entries:\n  - id: lang\n    title: {de: Lang, en: Long}\n    questions: [Lange Antwort]\n"
        "    answer:\n      de: |-\n"
        + "".join(f"        {line}\n" if line else "\n" for line in long_answer.split("\n"))
        + "      en: Long.\n    source: Test\n",
        encoding="utf-8",
    )
    services = make_services(AnswerEngine.from_directory(kb_dir), tmp_path / "data", kb_dir)
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Lange Antwort")
        await api.wait_for_messages(4)
    parts = [m.plain_text for m in api.sent_messages]
    assert len(parts) == 4
    assert all(len(p) <= 4096 for p in parts)
    assert "\n\n".join(parts) == "Lang\n\n" + long_answer.strip()


# --- follow-up questions: each chat's context ------------------------------------------------------------


async def ask(api: FakeBotAPI, user: FakeUser, text: str, chat: FakeChat | None = None) -> str:
    """Send ``text`` and wait for the one message it gets back (updates run concurrently); its plain text."""
    before = len(api.sent_messages)
    api.send_text(user, chat, text)
    await api.wait_for_messages(before + 1)
    return api.sent_messages[before].plain_text


async def test_follow_ups_refer_to_the_last_answer_in_the_same_chat_until_forgotten(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna, bob = make_user("Anna", language_code="de"), make_user("Bob", language_code="de")
    async with running_bot(api, services, tmp_path):
        assert (await ask(api, anna, "Wer ist Monika Luger?")).startswith("Monika Luger (ZUKUNFTmobil)")
        follow_up = await ask(api, anna, "und wo kommt sie her?")
        elsewhere = await ask(api, bob, "und wo kommt sie her?")  # another chat: no context
        forgotten = await ask(api, anna, "/vergessen")
        after_forgetting = await ask(api, anna, "und wo kommt sie her?")
        nothing_left = await ask(api, anna, "/vergessen")
    assert follow_up.startswith("Monika Luger") and "Bayern" in follow_up
    assert "Monika Luger" not in elsewhere
    assert forgotten.startswith(
        "Erledigt: Die Themen der letzten Antworten sind vergessen. Eine Sprachwahl war nicht gespeichert. "
        "Fragen, die ich nicht beantworten konnte, sind ohne Bezug zu Ihnen gespeichert"
    )
    assert "Monika Luger" not in after_forgetting
    nothing = "Für Sie sind weder eine Sprachwahl noch die Themen letzter Antworten gespeichert."
    assert nothing_left == forgotten or nothing_left.startswith(nothing)  # whatever the last answer left


async def test_an_entry_shown_by_a_button_becomes_the_context(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        assert await ask(api, anna, "Helmut Schmidt") == "Meinten Sie …?"
        api.send_callback(anna, "s:frank_schmidt", api.sent_messages[0])
        await api.wait_until(lambda: len(api.edits) == 1)
        follow_up = await ask(api, anna, "und wo kommt er her?")
    assert follow_up.startswith("Frank Schmidt (WBV Mittelhessen)") and "Mittelhessen" in follow_up


async def test_a_group_shares_one_context(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna, bob = make_user("Anna", language_code="de"), make_user("Bob", language_code="de")
    group = make_group()
    async with running_bot(api, services, tmp_path):
        await ask(api, anna, f"@{BOT_USERNAME} Wer ist Monika Luger?", group)
        follow_up = await ask(api, bob, f"@{BOT_USERNAME} und wo kommt sie her?", group)
        private = await ask(api, bob, "und wo kommt sie her?")  # Bob's private chat is another one
    assert follow_up.startswith("Monika Luger") and "Bayern" in follow_up
    assert "Monika Luger" not in private


async def test_forgetting_in_a_group_clears_the_group_and_the_private_chat(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna, group = make_user("Anna", language_code="de"), make_group()
    async with running_bot(api, services, tmp_path):
        await ask(api, anna, "Wer ist Monika Luger?")
        await ask(api, anna, f"@{BOT_USERNAME} Wer ist Monika Luger?", group)
        forgotten = await ask(api, anna, f"/vergessen@{BOT_USERNAME}", group)
        private = await ask(api, anna, "und wo kommt sie her?")
        in_group = await ask(api, anna, f"@{BOT_USERNAME} und wo kommt sie her?", group)
    assert forgotten.startswith("Erledigt: Die Themen der letzten Antworten sind vergessen.")
    assert "Monika Luger" not in private and "Monika Luger" not in in_group


async def test_him_after_several_people_is_asked_back_and_the_choice_becomes_the_context(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        await ask(api, anna, "Wer war in der Eröffnungsrunde?")
        assert await ask(api, anna, "und welche Position hat der?") == (
            "Die letzte Antwort nannte mehrere Personen. Welche meinen Sie?"
        )
        question = api.sent_messages[-1]
        assert [data for _, data in buttons(question)] == [
            "s:michael_rudolph",
            "s:viktor_sauer",
            "s:matthias_rust",
        ]
        api.send_callback(anna, "s:viktor_sauer", question)
        await api.wait_until(lambda: len(api.edits) == 1 and len(api.callback_answers) == 1)
        chosen = api.message(question.chat_id, question.message_id)
        where = await ask(api, anna, "und wo kommt er her?")
    assert chosen.text.startswith("Viktor Sauer (Agentur für Arbeit)")
    assert where.startswith("Viktor Sauer") and "Saarland" in where
