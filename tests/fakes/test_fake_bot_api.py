"""The fake Bot API is faithful: every test drives it through PTB's real Bot/Application and httpx."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import re
import socket
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from fakes.telegram import (
    FakeBotAPI,
    FakeChat,
    FakeUser,
    FloodLimits,
    FloodViolation,
    make_group,
    make_supergroup,
    make_user,
    max_in_window,
    private_chat,
)

TOKEN = FakeBotAPI.DEFAULT_TOKEN


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB 22's timedelta ``RetryAfter.retry_after`` (else every RetryAfter warns)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A running fake server."""
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    """An initialised PTB Bot pointed at the fake (initialising calls getMe)."""
    async with Bot(TOKEN, base_url=api.base_url) as ptb_bot:
        yield ptb_bot


@pytest.fixture
def anna(api: FakeBotAPI) -> FakeUser:
    """A user whose private chat the bot knows."""
    user = make_user("Anna", language_code="de")
    api.add_chat(private_chat(user), user)
    return user


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ci(text: str) -> re.Pattern[str]:
    """Case-insensitive literal match (PTB capitalises Telegram's descriptions: "Button_data_invalid")."""
    return re.compile(re.escape(text), re.IGNORECASE)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.upper() or "?", callback_data=d) for d in data]])


# ---- basics ------------------------------------------------------------------------------------


async def test_get_me_returns_the_bot_user(api: FakeBotAPI, bot: Bot) -> None:
    """getMe answers with the bot's User; PTB's initialize already called it."""
    me = await bot.get_me()
    assert me.is_bot and me.username == "wbv_test_bot" and me.id == 123456789
    assert bot.username == "wbv_test_bot"
    assert [c.method for c in api.calls] == ["getMe", "getMe"]
    assert api.calls[0].status == 200


async def test_send_message_is_stored_and_read_back(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """A sent message comes back as a real Message and is kept in the chat's store."""
    msg = await bot.send_message(anna.id, "<b>Hallo</b> Anna", parse_mode="HTML", reply_markup=keyboard("a"))
    assert msg.text == "Hallo Anna" and msg.chat.type == "private" and msg.from_user.is_bot
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [("bold", 0, 5)]
    [sent] = await api.wait_for_messages(1)
    assert (sent.chat_id, sent.text, sent.parse_mode) == (anna.id, "<b>Hallo</b> Anna", "HTML")
    assert sent.plain_text == "Hallo Anna" and sent.message_id == msg.message_id
    assert sent.reply_markup == {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    stored = api.message(anna.id, msg.message_id)
    assert stored is not None and stored.from_bot and stored.text == "Hallo Anna"


async def test_replies_need_an_existing_message(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """A reply carries the replied-to message; replying to a missing one is refused."""
    question = api.send_text(anna, None, "Wo ist Raum 3?")["message"]
    answer = await bot.send_message(anna.id, "Im Erdgeschoss.", reply_to_message_id=question["message_id"])
    assert answer.reply_to_message is not None and answer.reply_to_message.text == "Wo ist Raum 3?"
    assert api.sent_messages[0].reply_to_message_id == question["message_id"]
    with pytest.raises(BadRequest, match=ci("message to be replied not found")):
        await bot.send_message(anna.id, "?", reply_to_message_id=999)
    await bot.send_message(anna.id, "ok", reply_to_message_id=999, allow_sending_without_reply=True)


async def test_ptb_sends_form_fields_with_json_encoded_non_strings(
    api: FakeBotAPI, bot: Bot, anna: FakeUser
) -> None:
    """PTB posts application/x-www-form-urlencoded: strings as-is, everything else JSON-encoded."""
    await bot.send_message(anna.id, "[1] x", reply_markup=keyboard("a"), disable_notification=True)
    call = api.calls_to("sendMessage")[0]
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.raw_params["chat_id"] == str(anna.id)
    assert call.raw_params["text"] == "[1] x"  # a string is not JSON-encoded
    assert call.raw_params["disable_notification"] == "true"
    assert json.loads(call.raw_params["reply_markup"])["inline_keyboard"][0][0]["callback_data"] == "a"
    assert call.params["chat_id"] == anna.id and call.params["reply_markup"]["inline_keyboard"]


async def test_methods_are_case_insensitive_and_accept_get_and_json(api: FakeBotAPI, anna: FakeUser) -> None:
    """Like Telegram: any case, GET with a query string, or a JSON body."""
    async with httpx.AsyncClient(base_url=f"{api.base_url}{TOKEN}/") as client:
        assert (await client.get("GETME")).json()["result"]["username"] == "wbv_test_bot"
        answer = await client.get("sendmessage", params={"chat_id": anna.id, "text": "per GET"})
        assert answer.json()["ok"] is True
        answer = await client.post("SendMessage", json={"chat_id": anna.id, "text": "per JSON"})
        assert answer.json()["result"]["text"] == "per JSON"
        missing = await client.post("noSuchMethod")
        assert missing.status_code == 404
        assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert [m.text for m in api.sent_messages] == ["per GET", "per JSON"]


async def test_unknown_method_through_ptb(bot: Bot) -> None:
    """PTB turns the 404 of an unknown method into EndPointNotFound (InvalidToken elsewhere)."""
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")


@pytest.mark.parametrize("token", ["987654321:AAWrongButWellFormedToken_xxxxxxxxxx", "not-a-token"])
async def test_wrong_token_is_refused(api: FakeBotAPI, token: str) -> None:
    """401 Unauthorized (404 for a malformed token) both become PTB's InvalidToken."""
    with pytest.raises(InvalidToken):
        async with Bot(token, base_url=api.base_url):  # initialising calls getMe
            pass
    assert api.calls[-1].status == (401 if token[0].isdigit() else 404)
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{api.base_url}{token}/getMe")
    expected = 401 if token[0].isdigit() else 404
    assert answer.status_code == expected and answer.json()["error_code"] == expected


async def test_unknown_and_blocked_chats(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """Chats the bot never saw: "chat not found"; a user who blocked the bot: Forbidden."""
    with pytest.raises(BadRequest, match=ci("chat not found")):
        await bot.send_message(424242, "hallo")
    api.block_user(anna.id)
    with pytest.raises(Forbidden, match=ci("blocked")):
        await bot.send_message(anna.id, "hallo")
    assert api.sent_messages == []


# ---- text validation ---------------------------------------------------------------------------


async def test_message_length_counts_utf16_after_parsing(bot: Bot, anna: FakeUser) -> None:
    """4096 UTF-16 units of plain text pass, one more is "message is too long"."""
    await bot.send_message(anna.id, "x" * 4096)
    await bot.send_message(anna.id, "😀" * 2048)  # 4096 UTF-16 code units
    await bot.send_message(anna.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags do not count
    with pytest.raises(BadRequest, match=ci("too long")):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(BadRequest, match=ci("too long")):
        await bot.send_message(anna.id, "😀" * 2049)


@pytest.mark.parametrize("text", ["", "   ", "<b></b>"])
async def test_empty_text_is_refused(bot: Bot, anna: FakeUser, text: str) -> None:
    """Empty (after parsing) text: "message text is empty"."""
    with pytest.raises(BadRequest, match=ci("message text is empty")):
        await bot.send_message(anna.id, text, parse_mode="HTML")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("a < b", 'unsupported start tag "" at byte offset 2'),
        ("<b>x", "can't find end tag corresponding to start tag b"),
        ("<script>alert(1)</script>", 'unsupported start tag "script" at byte offset 0'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("Tom & Jerry", 'character "&" at byte offset 4'),
        ("<span>x</span>", 'tag "span" must have class "tg-spoiler"'),
        ("ä</b>", "unexpected end tag at byte offset 2"),
    ],
)
async def test_bad_html_is_refused(bot: Bot, anna: FakeUser, text: str, detail: str) -> None:
    """Telegram's HTML subset: tdlib's messages, byte offsets in UTF-8."""
    with pytest.raises(BadRequest, match=ci("can't parse entities")) as caught:
        await bot.send_message(anna.id, text, parse_mode="HTML")
    assert detail in caught.value.message.lower()


async def test_valid_nested_html_and_entities_are_accepted(bot: Bot, anna: FakeUser) -> None:
    """All supported tags, nesting and the entity forms give the right text and entities."""
    html = (
        "<b>fett <i>kursiv <u>unter</u></i></b> &lt;tag&gt; &quot;q&quot; &amp; &#169; &#x1F600; "
        '<a href="https://wbv.de">Link</a> <tg-spoiler>s</tg-spoiler> <s>weg</s> <code>c</code> '
        '<pre><code class="language-python">x = 1</code></pre> <blockquote expandable>z</blockquote>'
    )
    msg = await bot.send_message(anna.id, html, parse_mode="HTML")
    assert msg.text == 'fett kursiv unter <tag> "q" & © 😀 Link s weg c x = 1 z'
    types = [e.type for e in msg.entities]
    for expected in ("bold", "italic", "underline", "text_link", "spoiler", "strikethrough", "code", "pre"):
        assert expected in types
    assert "expandable_blockquote" in types
    pre = next(e for e in msg.entities if e.type == "pre")
    assert pre.language == "python"
    link = next(e for e in msg.entities if e.type == "text_link")
    assert link.url == "https://wbv.de/" and msg.parse_entity(link) == "Link"
    smiley = msg.text.index("😀")
    assert next(e for e in msg.entities if e.type == "text_link").offset == smiley + 2 + 1  # UTF-16
    inverted = await bot.send_message(
        anna.id, '<code class="language-js"><pre>y</pre></code>', parse_mode="HTML"
    )
    assert [(e.type, e.language) for e in inverted.entities] == [("pre", "js")]


async def test_markdown_is_refused_clearly(bot: Bot, anna: FakeUser) -> None:
    """MarkdownV2 is not implemented; the fake says so instead of guessing."""
    with pytest.raises(BadRequest, match=ci("does not implement parse_mode MarkdownV2")):
        await bot.send_message(anna.id, "*x*", parse_mode="MarkdownV2")


# ---- keyboards and edits ---------------------------------------------------------------------


async def test_callback_data_is_limited_to_64_bytes(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """64 bytes pass, 65 bytes (or 33 × "ä") are BUTTON_DATA_INVALID."""
    await bot.send_message(anna.id, "ok", reply_markup=keyboard("a" * 64))
    for data in ("a" * 65, "ä" * 33):
        with pytest.raises(BadRequest, match=ci("BUTTON_DATA_INVALID")):
            await bot.send_message(anna.id, "zu lang", reply_markup=keyboard(data))
    assert len(api.sent_messages) == 1


@pytest.mark.parametrize(
    ("button", "error"),
    [
        ({"text": "nur Text"}, "Text buttons are unallowed"),
        ({"text": "leer", "callback_data": ""}, "Text buttons are unallowed"),
        ({"text": " ", "callback_data": "x"}, "BUTTON_TEXT_INVALID"),
        ({"text": "zwei", "callback_data": "x", "url": "https://wbv.de"}, "exactly one"),
        ({"text": "url", "url": "kein link"}, "BUTTON_URL_INVALID"),
    ],
)
async def test_invalid_buttons_are_refused(
    bot: Bot, anna: FakeUser, button: dict[str, str], error: str
) -> None:
    """Each inline button needs text and exactly one action."""
    markup = {"inline_keyboard": [[button]]}
    with pytest.raises(BadRequest, match=ci(error)):
        await bot.send_message(anna.id, "x", reply_markup=markup)  # type: ignore[arg-type]


async def test_edits_act_on_stored_messages(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """Identical edit: "not modified"; unknown message: "not found"; no markup removes the keyboard."""
    msg = await bot.send_message(anna.id, "<b>Frage</b>", parse_mode="HTML", reply_markup=keyboard("ja"))
    with pytest.raises(BadRequest, match=ci("message is not modified: specified new message content")):
        await bot.edit_message_text(
            "<strong>Frage</strong>", anna.id, msg.message_id, parse_mode="HTML", reply_markup=keyboard("ja")
        )
    edited = await bot.edit_message_text("Antwort", anna.id, msg.message_id)  # no markup: keyboard goes
    assert edited.text == "Antwort" and edited.reply_markup is None  # type: ignore[union-attr]
    stored = api.message(anna.id, msg.message_id)
    assert stored is not None and stored.text == "Antwort" and stored.reply_markup is None
    with pytest.raises(BadRequest, match=ci("message to edit not found")):
        await bot.edit_message_text("x", anna.id, 999)
    user_message = api.send_text(anna, None, "von Anna")["message"]
    with pytest.raises(BadRequest, match=ci("message can't be edited")):
        await bot.edit_message_text("x", anna.id, user_message["message_id"])
    assert [e.method for e in api.edits] == ["editMessageText"]


async def test_callback_queries_are_answerable_once(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """A pressed button yields a callback update; its id can be answered exactly once."""
    msg = await bot.send_message(anna.id, "Weiter?", reply_markup=keyboard("ja", "nein"))
    with pytest.raises(ValueError, match=ci("no button")):
        api.send_callback(anna, "vielleicht", api.sent_messages[0])
    api.send_callback(anna, "ja", api.sent_messages[0])
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.data == "ja" and query.message.message_id == msg.message_id
    assert await bot.answer_callback_query(query.id, text="Danke")
    assert api.callback_answers[query.id].text == "Danke"
    for query_id in (query.id, "123"):
        with pytest.raises(BadRequest, match=ci("query is too old")):
            await bot.answer_callback_query(query_id)
    api.callback_query_ttl = 0.0  # Telegram only accepts answers for a short while
    api.send_callback(anna, "nein", api.sent_messages[0])
    [_, late] = await bot.get_updates()
    with pytest.raises(BadRequest, match=ci("query is too old")):
        await bot.answer_callback_query(late.callback_query.id)


async def test_inline_queries_are_validated(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """≤ 50 results, unique ids, message contents validated like messages."""
    api.send_inline_query(anna, "Programm")
    [update] = await bot.get_updates()
    query_id = update.inline_query.id

    def article(i: int, text: str = "Text") -> InlineQueryResultArticle:
        return InlineQueryResultArticle(
            str(i), f"Titel {i}", InputTextMessageContent(text, parse_mode="HTML")
        )

    with pytest.raises(BadRequest, match=ci("RESULTS_TOO_MUCH")):
        await bot.answer_inline_query(query_id, [article(i) for i in range(51)])
    with pytest.raises(BadRequest, match=ci("RESULT_ID_DUPLICATE")):
        await bot.answer_inline_query(query_id, [article(1), article(1)])
    with pytest.raises(BadRequest, match=ci("can't parse entities")):
        await bot.answer_inline_query(query_id, [article(1, "<b>kaputt")])
    assert await bot.answer_inline_query(query_id, [article(i) for i in range(50)])
    assert len(api.inline_answers[query_id].results) == 50
    with pytest.raises(BadRequest, match=ci("query is too old")):
        await bot.answer_inline_query(query_id, [article(1)])


# ---- injected updates --------------------------------------------------------------------------


async def test_injected_updates_are_realistic_for_ptb(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """Every helper builds an update PTB parses into the expected objects and handlers accept."""
    group, supergroup = make_group(), make_supergroup(username="wbv_austausch")
    first = api.send_text(anna, group, "/start@wbv_test_bot hallo")
    api.send_text(anna, group, "/start@other_bot")
    api.send_text(anna, supergroup, "frage an @wbv_test_bot")
    api.send_sticker(anna)
    api.send_photo(anna, caption="Bild")
    api.send_voice(anna)
    api.send_location(anna)
    api.send_document(anna, content=b"%PDF-1.4 test")
    api.send_edited_text(first, "/start@wbv_test_bot geändert")
    bot_msg = await bot.send_message(anna.id, "Wie heißt du?")
    api.reply_to(api.sent_messages[0], "Anna")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == list(range(1000, 1010))
    start = CommandHandler("start", lambda u, c: None)  # type: ignore[arg-type, return-value]
    assert start.check_update(updates[0]) and not start.check_update(updates[1])
    assert updates[0].effective_chat.type == "group" and updates[0].effective_user.language_code == "de"
    assert updates[2].effective_chat.type == "supergroup"
    assert updates[2].message.entities[0].type == "mention"
    assert updates[3].message.sticker.emoji == "👍"
    assert updates[4].message.photo[-1].width == 1280 and updates[4].message.caption == "Bild"
    assert updates[5].message.voice.mime_type == "audio/ogg"
    assert updates[6].message.location.latitude == pytest.approx(52.52)
    document = updates[7].message.document
    assert document.file_name == "programm.pdf"
    assert updates[8].edited_message.text.endswith("geändert") and updates[8].edited_message.edit_date
    reply = updates[9].message
    assert reply.reply_to_message.message_id == bot_msg.message_id and reply.reply_to_message.from_user.is_bot


async def test_get_updates_redelivers_until_confirmed(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """An offset confirms all lower ids; unconfirmed updates come again; limit caps the batch."""
    ids = [api.send_text(anna, None, f"m{i}")["update_id"] for i in range(3)]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids  # not confirmed: delivered again
    assert [u.update_id for u in await bot.get_updates(offset=ids[1], limit=1)] == ids[1:2]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert api.pending_updates == []
    later = api.send_text(anna, None, "neu")["update_id"]
    assert later == ids[2] + 1


async def test_long_polling_returns_when_an_update_arrives(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """getUpdates with a timeout waits, and returns as soon as something arrives."""
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2.0
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    started = time.monotonic()
    api.send_text(anna, None, "jetzt")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 0.5 and updates[0].message.text == "jetzt"


async def test_second_poller_terminates_the_first(api: FakeBotAPI, bot: Bot) -> None:
    """Like Telegram, a new getUpdates ends a pending one with 409 Conflict."""
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_until(lambda: len(api.calls_to("getUpdates")) == 1)
    async with Bot(TOKEN, base_url=api.base_url) as other:
        assert await other.get_updates() == ()
    with pytest.raises(Conflict, match=ci("terminated by other getUpdates")):
        await asyncio.wait_for(first, 2)


# ---- faults ------------------------------------------------------------------------------------


async def test_429_raises_retry_after(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """A 429 with parameters.retry_after becomes RetryAfter; the message was not sent."""
    api.fail_next("sendMessage", times=2, status=429, retry_after=3)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(anna.id, "hallo")
        assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert api.sent_messages == []
    await bot.send_message(anna.id, "hallo")
    assert len(api.sent_messages) == 1
    assert [c.status for c in api.calls_to("sendMessage")] == [429, 429, 200]


async def test_500_raises_network_error_and_is_not_sent(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """5xx become NetworkError (not BadRequest); a refused call is never recorded as sent."""
    api.fail_next("sendMessage", times=2, status=500)
    api.fail_next("*", status=502)
    for _ in range(3):
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(anna.id, "hallo")
        assert not isinstance(caught.value, BadRequest)
    assert api.sent_messages == []
    assert [f.detail for f in api.faults] == ["error 500", "error 500", "error 502"]


async def test_dropped_connection_is_a_network_error(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """Dropped before executing: nothing sent; dropped after: delivered but flagged response_lost."""
    no_answer = ci("httpx.RemoteProtocolError: Server disconnected without sending a response")
    api.drop_next("sendMessage")
    with pytest.raises(NetworkError, match=no_answer):
        await bot.send_message(anna.id, "eins")
    assert api.sent_messages == []
    api.drop_next("sendMessage", when="after")
    with pytest.raises(NetworkError, match=no_answer):
        await bot.send_message(anna.id, "zwei")
    [lost] = api.sent_messages
    assert lost.text == "zwei" and lost.response_lost
    api.drop_next("getUpdates")
    with pytest.raises(NetworkError, match=no_answer):
        await bot.get_updates()
    assert [c.status for c in api.calls if c.method != "getMe"] == [0, 0, 0]


async def test_delay_beyond_client_timeout(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """A delay longer than the read timeout is PTB's TimedOut; the sendMessage was still delivered."""
    api.delay_next("getUpdates", seconds=0.5, when="before")
    with pytest.raises(TimedOut):
        await bot.get_updates(timeout=0, read_timeout=0.2)
    poll = asyncio.create_task(bot.get_updates(timeout=2))  # the retry, while the late one still waits
    await api.wait_until(lambda: api.calls_to("getUpdates")[0].status is not None)
    api.send_text(anna, None, "da")
    assert [u.message.text for u in await poll] == ["da"]  # the late request did not end it with 409
    assert api.calls_to("getUpdates")[0].status == 0
    api.delay_next("sendMessage", seconds=2)
    with pytest.raises(TimedOut):
        await bot.send_message(anna.id, "spät", read_timeout=0.3)
    [late] = api.sent_messages
    assert late.response_delayed and not late.response_lost


async def _outcomes(seed: int, user: FakeUser) -> tuple[list[str], int, int]:
    """Send 30 messages under random faults: (outcome per send, recorded, recorded-but-lost)."""
    async with FakeBotAPI(token=TOKEN) as server:
        server.add_chat(private_chat(user), user)
        server.random_faults(seed, error_500=0.2, error_429=0.1, drop_before=0.1, drop_after=0.1)
        outcomes = []
        async with Bot(TOKEN, base_url=server.base_url) as ptb_bot:
            for i in range(30):
                try:
                    await ptb_bot.send_message(user.id, f"n{i}")
                    outcomes.append("ok")
                except (NetworkError, RetryAfter) as error:
                    outcomes.append(type(error).__name__)
        lost = sum(m.response_lost for m in server.sent_messages)
        return outcomes, len(server.sent_messages), lost


async def test_random_faults_are_reproducible_and_accounted() -> None:
    """Same seed, same faults; recorded sends = successes + drops after delivery."""
    user = make_user("Rita")
    first, second = await _outcomes(7, user), await _outcomes(7, user)
    assert first == second
    outcomes, recorded, lost = first
    assert {"ok", "NetworkError", "RetryAfter"} <= set(outcomes)
    assert recorded == outcomes.count("ok") + lost and lost > 0


# ---- webhooks ----------------------------------------------------------------------------------


async def test_webhook_delivery_checks_the_secret(api: FakeBotAPI, bot: Bot, anna: FakeUser) -> None:
    """Updates are POSTed with X-Telegram-Bot-Api-Secret-Token; wrong/missing secret is refused."""
    received: list[dict[str, object]] = []

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != "s3cret":
            return web.Response(status=403)
        received.append(await request.json())
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        assert await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict, match=ci("webhook is active")):
            await bot.get_updates()
        update = api.send_text(anna, None, "über Webhook")
        await api.wait_until(lambda: len(received) == 1)
        assert received[0]["update_id"] == update["update_id"]
        assert api.webhook_deliveries[0].status == 200 and api.pending_updates == []
        assert await api.deliver_webhook(update, secret_token="falsch") == 403
        assert await api.deliver_webhook(update, secret_token=None) == 403
        assert len(received) == 1
        api.auto_deliver_webhook = False
        queued = api.send_text(anna, None, "von Hand")
        assert await api.deliver_webhook(secret_token="falsch") == 403
        assert api.pending_updates == [queued]  # refused: still pending, as with Telegram
        assert await api.deliver_webhook() == 200
        assert received[-1]["update_id"] == queued["update_id"] and api.pending_updates == []
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


async def test_ptb_webhook_server_end_to_end(api: FakeBotAPI, anna: FakeUser) -> None:
    """PTB's own webhook server: right secret → processed and answered; wrong secret → 403."""
    app = Application.builder().token(TOKEN).base_url(api.base_url).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"Echo: {update.effective_message.text}", do_quote=True)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    port = free_port()
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            assert api.webhook_url == f"http://127.0.0.1:{port}/hook" and api.webhook_secret == "s3cret"
            update = api.send_text(anna, None, "Hallo")
            [reply] = await api.wait_for_messages(1)
            assert (
                reply.text == "Echo: Hallo" and reply.reply_to_message_id == update["message"]["message_id"]
            )
            assert await api.deliver_webhook(update, secret_token="falsch") == 403
        finally:
            await app.updater.stop()
            await app.stop()


# ---- bot settings ------------------------------------------------------------------------------


async def test_commands_are_stored_per_scope_and_language(api: FakeBotAPI, bot: Bot) -> None:
    """setMyCommands keeps one list per (scope, language); invalid commands are refused."""
    await bot.set_my_commands(
        [("start", "Gespräch beginnen"), ("hilfe", "Hilfe anzeigen")], language_code="de"
    )
    await bot.set_my_commands([("start", "Start the conversation")], language_code="en")
    await bot.set_my_commands([("start", "Default")])
    await bot.set_my_commands([("admin", "Nur hier")], scope=BotCommandScopeChat(-100123))
    assert [c["command"] for c in api.commands_for("default", "de")] == ["start", "hilfe"]
    assert api.commands_for("default", "en") == [
        {"command": "start", "description": "Start the conversation"}
    ]
    assert api.commands_for("chat:-100123")[0]["command"] == "admin"
    assert api.commands_for("default", "fr") == []
    for bad in ([("Start", "x")], [("a" * 33, "x")], [("start", "")], [("start", "x" * 257)]):
        with pytest.raises(BadRequest, match=ci("BOT_COMMAND")):
            await bot.set_my_commands(bad)
    with pytest.raises(BadRequest):
        await bot.set_my_commands([(f"c{i}", "x") for i in range(101)])


async def test_descriptions_are_stored_per_language(api: FakeBotAPI, bot: Bot) -> None:
    """setMyDescription ≤ 512 and setMyShortDescription ≤ 120 characters, per language."""
    await bot.set_my_description("Ich beantworte Fragen.", language_code="de")
    await bot.set_my_short_description("I answer questions.", language_code="en")
    assert api.descriptions == {"de": "Ich beantworte Fragen."}
    assert api.short_descriptions == {"en": "I answer questions."}
    await bot.set_my_description("x" * 512)
    with pytest.raises(BadRequest, match=ci("too long")):
        await bot.set_my_description("x" * 513)
    with pytest.raises(BadRequest, match=ci("too long")):
        await bot.set_my_short_description("x" * 121)


# ---- flood limits ------------------------------------------------------------------------------


def test_max_in_window_on_synthetic_timestamps() -> None:
    """Windows are half-open: events exactly one window apart do not share it."""
    assert max_in_window([], 1.0) == 0
    assert max_in_window([0.0, 1.0, 2.0], 1.0) == 1
    assert max_in_window([0.0, 0.1, 0.5, 0.99, 1.0, 1.5], 1.0) == 4
    assert max_in_window([5.0, 0.0, 0.2, 5.1, 5.2], 1.0) == 3
    assert max_in_window([0.0, 30.0, 59.9, 60.0], 60.0) == 3


@given(
    st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), max_size=40), st.sampled_from([0.5, 1.0])
)
def test_max_in_window_matches_brute_force(times: list[float], window: float) -> None:
    """The sliding-window count equals counting from every event."""
    brute = max((sum(t <= u < t + window for u in times) for t in times), default=0)
    assert max_in_window(times, window) == brute


async def test_flood_report_and_enforcement(anna: FakeUser) -> None:
    """Violations are reported per limit; with enforcement the fake answers 429 like Telegram."""
    group = make_group()
    async with FakeBotAPI(token=TOKEN) as server:
        server.add_chat(private_chat(anna), anna)
        server.add_chat(group)
        async with Bot(TOKEN, base_url=server.base_url) as ptb_bot:
            for _ in range(3):
                await ptb_bot.send_message(anna.id, "schnell")
            await ptb_bot.send_message(group.id, "eins")
        assert server.max_in_window(1.0, per_chat=anna.id) == 3
        assert server.max_in_window(60.0, per_chat=group.id) == 1
        [violation] = server.flood_violations()
        assert isinstance(violation, FloodViolation)
        assert (violation.chat_id, violation.limit, violation.count) == (anna.id, 1, 3)
        assert len(server.flood_violations(FloodLimits(global_per_second=2))) == 2
        assert server.flood_violations(FloodLimits(private_per_second=3)) == []  # at the limit is fine

    async with FakeBotAPI(token=TOKEN, enforce_flood_limits=True) as server:
        server.add_chat(private_chat(anna), anna)
        async with Bot(TOKEN, base_url=server.base_url) as ptb_bot:
            await ptb_bot.send_message(anna.id, "eins")
            with pytest.raises(RetryAfter, match=ci("Retry in")):
                await ptb_bot.send_message(anna.id, "zwei")
        assert [m.text for m in server.sent_messages] == ["eins"]
        assert server.flood_violations() == []


# ---- a whole Application -----------------------------------------------------------------------


async def test_application_polling_echo_end_to_end(api: FakeBotAPI, anna: FakeUser) -> None:
    """A minimal Application polls the fake, handles a command and a text, and stops cleanly."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_html(f"Hallo <b>{update.effective_user.first_name}</b>!")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

    app = Application.builder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        api.send_text(anna, None, "/start")
        api.send_text(anna, None, "Wann ist das nächste Treffen?")
        replies = await api.wait_for_messages(2, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert [r.plain_text for r in replies] == ["Hallo Anna!", "Wann ist das nächste Treffen?"]
    assert replies[0].parse_mode == "HTML"
    assert api.pending_updates == []  # the updater confirmed everything when it stopped
    assert all(c.status in (200, 409) for c in api.calls)


def test_chat_helpers_build_telegram_shapes() -> None:
    """Users and chats serialise as the Bot API's User and Chat objects."""
    user = make_user("Bernd", username="bernd_b", language_code="en", id=77)
    assert user.to_dict() == {
        "id": 77,
        "is_bot": False,
        "first_name": "Bernd",
        "username": "bernd_b",
        "language_code": "en",
    }
    assert private_chat(user) == FakeChat(id=77, type="private", first_name="Bernd", username="bernd_b")
    assert make_group().id < 0 and str(make_supergroup().id).startswith("-100")


async def test_a_simulated_round_trip_delays_every_call_half_before_and_half_after_it_counts() -> None:
    async with FakeBotAPI(token=TOKEN, round_trip=0.4, jitter=0.05, seed=3) as server:
        user = make_user("Anna", language_code="de")
        server.add_chat(private_chat(user), user)
        async with Bot(TOKEN, base_url=server.base_url) as ptb_bot:
            left = time.monotonic()
            await ptb_bot.send_message(user.id, "hallo")
            back = time.monotonic()
    [sent] = server.sent_messages
    assert back - left >= 0.3  # two halves of 0.2 ± 0.05
    assert sent.time - left >= 0.15 and back - sent.time >= 0.15  # counted in between
