"""End to end: a curator works the gaps inbox from the phone.

Users ask what the bot cannot answer; an admin opens /luecken, taps ➕ and the same question is answered
at once; Undo takes it back; "Anderes Thema …" picks another entry through the menus; "Ignorieren" drops
a group; only admins get the inbox; the overlay survives a restart and a broken one keeps the bot
answering.
"""

from __future__ import annotations

from pathlib import Path

from fakes.telegram import FakeBotAPI, FakeUser, StoredMessage, make_user
from helpers import ADMIN_ID, make_services, running_bot, shipped_text

from bot.core.engine import AnswerEngine
from bot.curation.overlay import OVERLAY_NAME
from bot.tg.context import BotServices

JOIN = "Kann ich beim Pop-up-Store mitmachen?"  # the bot suggests the pop-up store
WLAN = "Wie ist das WLAN-Passwort?"  # nothing comes close


def admin() -> FakeUser:
    return make_user("Ada", language_code="de", id=ADMIN_ID)


def buttons(message: StoredMessage) -> dict[str, str]:
    rows = (message.data.get("reply_markup") or {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


def current(api: FakeBotAPI, message: object) -> StoredMessage:
    stored = api.message(message.chat_id, message.message_id)
    assert stored is not None
    return stored


async def open_inbox(api: FakeBotAPI, curator: FakeUser) -> list[StoredMessage]:
    before = len([m for m in api.sent_messages if m.chat_id == curator.id])
    api.send_text(curator, None, "/luecken")
    await api.wait_until(lambda: len([m for m in api.sent_messages if m.chat_id == curator.id]) > before)
    await api.wait_until(lambda: _last_batch_complete(api, curator, before))
    return [current(api, m) for m in api.sent_messages if m.chat_id == curator.id][before:]


def _last_batch_complete(api: FakeBotAPI, curator: FakeUser, before: int) -> bool:
    """The heading says how many groups follow; the empty inbox is one message."""
    mine = [m for m in api.sent_messages if m.chat_id == curator.id][before:]
    if mine and mine[0].plain_text == shipped_text("inbox_empty", "de"):
        return True
    return bool(mine) and len(mine) >= 1 + int(mine[0].plain_text.split("die ersten ")[1].split(":")[0])


async def press(api: FakeBotAPI, curator: FakeUser, message: StoredMessage, label: str) -> StoredMessage:
    edits = len(api.edits)
    api.send_callback(curator, buttons(message)[label], message)
    await api.wait_until(lambda: len(api.edits) > edits)
    return current(api, message)


async def ask(api: FakeBotAPI, user: FakeUser, question: str) -> str:
    before = len(api.sent_messages)
    api.send_text(user, None, question)
    await api.wait_until(lambda: len(api.sent_messages) > before)
    return api.sent_messages[-1].plain_text


async def test_a_curator_adds_undoes_picks_and_ignores_from_the_phone(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    anna, curator = make_user("Anna", language_code="de"), admin()
    async with running_bot(api, services, tmp_path):
        for question in (JOIN, JOIN, WLAN):
            await ask(api, anna, question)
        heading, join, wlan = await open_inbox(api, curator)
        assert heading.text.startswith("2 offene Lücke(n)")
        assert "2× gefragt" in join.text and "„kann ich beim pop up store mitmachen“" in join.text
        add = next(label for label in buttons(join) if label.startswith("➕ "))
        closest = add.removeprefix("➕ ")
        assert f"Am nächsten: {closest}" in join.text
        assert not any(label.startswith("➕ ") for label in buttons(wlan))  # no entry came close

        added = await press(api, curator, join, add)
        assert added.text.startswith("✅ „kann ich beim pop up store mitmachen“ ist jetzt eine Formulierung")
        assert (await ask(api, anna, JOIN)).startswith(closest)  # answered at once with that entry

        undone = await press(api, curator, added, "↩️ Rückgängig")
        assert undone.text.startswith("↩️ Zurückgenommen")
        assert not (await ask(api, anna, JOIN)).startswith(closest)

        picking = await press(api, curator, wlan, "Anderes Thema …")
        assert picking.text.startswith("Zu welchem Thema gehört „wie ist das wlan passwort“?")
        topic = next(label for label, data in buttons(picking).items() if data.startswith("g:+:"))
        await press(api, curator, picking, topic)
        assert (await ask(api, anna, WLAN)).startswith(topic)

        heading, join = await open_inbox(api, curator)  # the WLAN group is answered now
        ignored = await press(api, curator, join, "Ignorieren")
        assert ignored.text.startswith("🗑 Ignoriert")
        [empty] = await open_inbox(api, curator)
        assert empty.text == shipped_text("inbox_empty", "de")
    overlay = (tmp_path / "data" / OVERLAY_NAME).read_text(encoding="utf-8")
    assert "wie ist das wlan passwort" in overlay and "pop up" not in overlay
    assert str(anna.id) not in overlay and "Anna" not in overlay  # phrasings only


async def test_the_inbox_is_for_admins_in_their_private_chat_only(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, WLAN)
        api.send_text(anna, None, "/luecken")
        await api.wait_for_messages(2)
    assert api.sent_messages[-1].plain_text == shipped_text("unknown_command", "de")
    user_menu = [c["command"] for c in api.commands_for("default", "de")]
    admin_menu = [c["command"] for c in api.commands_for(f"chat:{ADMIN_ID}", "de")]
    assert "luecken" not in user_menu and {"help", "privacy", "hilfe", "datenschutz"} <= set(user_menu)
    assert {"luecken", "stats", "reload"} <= set(admin_menu)


async def test_the_overlay_survives_a_restart_and_a_broken_one_keeps_the_bot_answering(
    api: FakeBotAPI, shipped_engine: AnswerEngine, tmp_path: Path
) -> None:
    anna, curator = make_user("Anna", language_code="de"), admin()
    data = tmp_path / "data"
    async with running_bot(api, make_services(shipped_engine, data), tmp_path):
        await ask(api, anna, JOIN)
        _, join = await open_inbox(api, curator)
        add = next(label for label in buttons(join) if label.startswith("➕ "))
        await press(api, curator, join, add)
    async with running_bot(api, make_services(shipped_engine, data), tmp_path):
        assert (await ask(api, anna, JOIN)).startswith(add.removeprefix("➕ "))
    (data / OVERLAY_NAME).write_text("phrasings: [kaputt\n", encoding="utf-8")
    async with running_bot(api, make_services(shipped_engine, data), tmp_path):
        assert (await ask(api, anna, "Wer ist Marc Brandt?")).startswith("Marc Brandt")
