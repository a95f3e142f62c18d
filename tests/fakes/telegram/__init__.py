"""A fake Telegram Bot API server on 127.0.0.1 for tests of WBV-Bot.

The real PTB ``Bot``/``Application`` talk to it through PTB's own HTTP stack (httpx)::

    from fakes.telegram import FakeBotAPI, make_user

    async with FakeBotAPI(token=TOKEN) as api:
        bot = telegram.Bot(TOKEN, base_url=api.base_url)
        anna = make_user("Anna")
        api.send_text(anna, None, "/start")          # queue an update for getUpdates
        ...                                           # run the bot
        [reply] = await api.wait_for_messages(1)     # what the bot sent
        assert reply.plain_text == "Hallo Anna!"

What it does, as the real Bot API does it:

* ``POST``/``GET`` ``/bot<token>/<method>``; method names are case-insensitive; parameters come as
  query string, ``application/x-www-form-urlencoded`` (what PTB sends: string values as they are,
  everything else JSON-encoded), ``multipart/form-data`` or a JSON body.
* Answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...,
  "parameters": {"retry_after": N}}``.  Wrong token: 401 ``Unauthorized`` (a token that does not even
  look like ``<digits>:<secret>``: 404 ``Not Found``); unknown method: 404 ``Not Found``.
* Only the methods WBV-Bot and PTB's Application call: getMe, getUpdates, setWebhook, deleteWebhook,
  sendMessage, editMessageText, answerCallbackQuery, answerInlineQuery, setMyCommands,
  setMyDescription, setMyShortDescription.  Anything else is an unknown method (404); files are not
  served (no getFile).
* getUpdates long polling with offset confirmation, ``limit`` and ``allowed_updates``; a second
  getUpdates terminates a pending one with 409 (like Telegram); 409 while a webhook is set.
* Message stores per chat, so edits act on existing messages with Telegram's error wording.
* Telegram's HTML subset parser (the tdlib algorithm, with its error messages), length and
  keyboard validation.  One deliberate difference: a bare ``&`` that starts no entity is refused
  (Telegram keeps it literally, but documents that it must be escaped); pass
  ``strict_html_ampersand=False`` for Telegram's lenient behaviour.  MarkdownV2/Markdown are not
  implemented and refused with a 400 that says so.

Fault injection (scripted with ``fail_next``/``delay_next``/``drop_next`` or random with a seed):

* ``fail_next`` -- answered with the error *without* executing the method: a refused sendMessage is
  never recorded as sent.
* ``drop_next(when="before")`` -- connection closed before executing: nothing delivered.
* ``drop_next(when="after")`` -- executed (message recorded, ``response_lost=True``), then the
  connection is closed: the client sees a NetworkError although the message was delivered.
* ``delay_next(when="after")`` (default) -- executed, response held back ``seconds``; the message is
  recorded with ``response_delayed=True``.  ``when="before"`` waits first, then executes (also
  flagged); it executes even if the client has given up, as a real server would.

Exactly-once checks can therefore count ``sent_messages`` and look at those two flags.

Quick reference (see the docstrings):

* users/chats: ``make_user``, ``private_chat``, ``make_group``, ``make_supergroup``; ``api.add_chat``,
  ``api.block_user`` (403 "bot was blocked by the user").
* inject: ``send_text``, ``reply_to``, ``send_edited_text``, ``send_callback``, ``send_inline_query``,
  ``send_sticker/photo/voice/location/document``, ``inject_update``; ``pending_updates``.
* records: ``calls``/``calls_to``, ``sent_messages``, ``message``, ``edits``, ``callback_answers``,
  ``inline_answers``, ``commands_for``, ``descriptions``, ``short_descriptions``,
  ``webhook_deliveries``, ``faults``.
* waiting: ``wait_for_messages``, ``wait_for_call``, ``wait_until`` (raise :class:`WaitTimeout`).
* webhook: ``webhook_url``/``webhook_secret`` (set by setWebhook), ``deliver_webhook``.
* flood: ``send_times``, ``max_in_window``, ``flood_violations``; ``enforce_flood_limits=True``.
* network: ``round_trip`` and ``jitter`` delay every call (half before it is executed, half after).
* faults: ``fail_next``, ``delay_next``, ``drop_next``, ``random_faults``, ``clear_faults``.

Modules:

* ``server`` -- :class:`FakeBotAPI`: HTTP, lifecycle, waiting, message stores, the update queue and
  its delivery (getMe, getUpdates, setWebhook, deleteWebhook, webhook POSTs).
* ``methods`` -- the methods the bot calls (sendMessage, edits, answers, commands, descriptions)
  with Telegram's validation and error wording.
* ``updates`` -- the helpers that make users write, edit, send media, press buttons, query inline.
* ``faults`` -- fault injection, flood measurement (:func:`max_in_window`, :class:`FloodLimits`).
* ``html`` -- Telegram's HTML subset (:func:`parse_html`), entity detection, :func:`utf16_len`.
* ``records`` -- users, chats and the records kept (:class:`SentMessage`, :class:`ApiCall`, ...).
* ``params`` -- request parameters and error answers (:class:`BotAPIError`).
"""

from .faults import FaultRecord, FloodLimits, FloodViolation, max_in_window
from .html import HtmlParseError, detect_entities, parse_html, utf16_len
from .params import BotAPIError
from .records import (
    ApiCall,
    CallbackAnswer,
    EditRecord,
    FakeChat,
    FakeUser,
    InlineAnswer,
    SentMessage,
    StoredMessage,
    WebhookDelivery,
    make_group,
    make_supergroup,
    make_user,
    private_chat,
)
from .server import FakeBotAPI, WaitTimeout

__all__ = [
    "ApiCall",
    "BotAPIError",
    "CallbackAnswer",
    "EditRecord",
    "FakeBotAPI",
    "FakeChat",
    "FakeUser",
    "FaultRecord",
    "FloodLimits",
    "FloodViolation",
    "HtmlParseError",
    "InlineAnswer",
    "SentMessage",
    "StoredMessage",
    "WaitTimeout",
    "WebhookDelivery",
    "detect_entities",
    "make_group",
    "make_supergroup",
    "make_user",
    "max_in_window",
    "parse_html",
    "private_chat",
    "utf16_len",
]
