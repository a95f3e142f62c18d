"""The fake Bot API server: HTTP, the chats' message stores, the update queue and its delivery.

:class:`FakeBotAPI` answers ``/bot<token>/<method>`` on 127.0.0.1 like the Bot API, delivers updates
by getUpdates long polling or to a webhook, and combines the update helpers (``updates.py``), the
message methods (``methods.py``) and fault injection / flood measurement (``faults.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import json
import random
import re
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Literal

import aiohttp
from aiohttp import web

from .faults import FaultInjection, FaultRecord, FloodLimits
from .methods import BotMethods
from .params import HTTP_PHRASES, BotAPIError, Params, bad_request, decoded_params
from .records import (
    JSON,
    ApiCall,
    CallbackAnswer,
    EditRecord,
    FakeChat,
    FakeUser,
    InlineAnswer,
    SentMessage,
    StoredMessage,
    WebhookDelivery,
)
from .updates import UpdateInjection

__all__ = ["USE_CONFIGURED_SECRET", "FakeBotAPI", "WaitTimeout"]

ERR_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
ERR_OTHER_GETUPDATES = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
# Update types Telegram sends when allowed_updates is empty or was never set.
_DEFAULT_UPDATE_TYPES = frozenset(
    "message edited_message channel_post edited_channel_post business_connection business_message "
    "edited_business_message deleted_business_messages inline_query chosen_inline_result "
    "callback_query shipping_query pre_checkout_query purchased_paid_media poll poll_answer "
    "my_chat_member chat_join_request chat_boost removed_chat_boost".split()
)


class WaitTimeout(AssertionError):
    """Raised by the ``wait_*`` helpers when the condition did not come true in time."""


class _UseConfigured(enum.Enum):
    SECRET = enum.auto()


USE_CONFIGURED_SECRET = _UseConfigured.SECRET
Handler = Callable[[Params, ApiCall], Awaitable[Any]]


class FakeBotAPI(UpdateInjection, BotMethods, FaultInjection):
    """Fake Telegram Bot API server; use as ``async with FakeBotAPI(token=...) as api``."""

    DEFAULT_TOKEN: ClassVar[str] = "123456789:AAFakeTokenForWbvBotTests_0123456789"
    DELIVERY_METHODS: ClassVar[str] = "getMe getUpdates setWebhook deleteWebhook"  # + BotMethods.METHODS

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "wbv_test_bot",
        bot_first_name: str = "WBV Testbot",
        strict_html_ampersand: bool = True,
        strict_chats: bool = True,
        enforce_flood_limits: bool = False,
        flood_limits: FloodLimits | None = None,
        auto_deliver_webhook: bool = True,
        webhook_retry_delay: float = 0.2,
        webhook_timeout: float = 5.0,
        callback_query_ttl: float | None = None,
        first_update_id: int = 1000,
        round_trip: float = 0.0,
        jitter: float = 0.0,
        seed: int = 0,
    ) -> None:
        """Configure the fake; nothing listens before ``start()``/``async with``.

        ``round_trip`` simulates the network: every call waits half of it before the fake executes it
        (and counts a send) and half before the response leaves, each half off by up to ``jitter``
        seconds at random (reproducibly from ``seed``).

        ``strict_chats``: sending to a chat the fake never saw (no update from it, no ``add_chat``)
        fails with "chat not found", as Telegram does for chats the bot has no access to.
        """
        self.token = token
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.strict_html_ampersand = strict_html_ampersand
        self.strict_chats = strict_chats
        self.enforce_flood_limits = enforce_flood_limits
        self.flood_limits = flood_limits or FloodLimits()
        self.auto_deliver_webhook = auto_deliver_webhook
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.callback_query_ttl = callback_query_ttl
        self.round_trip = round_trip
        self.jitter = jitter
        self._network = random.Random(seed)
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 1

        # records
        self.calls: list[ApiCall] = []
        self.sent_messages: list[SentMessage] = []
        self.edits: list[EditRecord] = []
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.inline_answers: dict[str, InlineAnswer] = {}
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.faults: list[FaultRecord] = []

        # state
        self.chats: dict[int, FakeChat] = {}
        self.users: dict[int, FakeUser] = {}
        self.blocked_user_ids: set[int] = set()
        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self.allowed_updates: list[str] | None = None
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._next_message_id: dict[int, int] = {}
        self._updates: list[JSON] = []
        self._next_update_id = first_update_id
        self._open_callback_queries: dict[str, float] = {}
        self._open_inline_queries: dict[str, float] = {}
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._send_log: list[tuple[float, int]] = []
        self._scripted = {}  # typed in FaultInjection
        self._random = None
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {}
        for name in f"{self.DELIVERY_METHODS} {self.METHODS}".split():
            self._handlers[name.lower()] = (name, getattr(self, f"_m_{name}"))

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        """Wake every waiting request, stop webhook delivery and close the server."""
        self._closing.set()
        self._notify()
        tasks = [self._webhook_task] if self._webhook_task else []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the fake listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> JSON:
        """The bot's User object (getMe)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # ---- waiting ------------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), max(0.0, timeout))

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but end early when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` is true; raise :class:`WaitTimeout` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(f"{what} not reached within {timeout}s")
            await self._wait_change(min(remaining, 0.05))

    async def wait_for_messages(
        self, n: int, timeout: float = 5.0, chat_id: int | None = None
    ) -> list[SentMessage]:
        """Wait until at least ``n`` messages were sent (to ``chat_id`` if given); return them all."""

        def matching() -> list[SentMessage]:
            return [m for m in self.sent_messages if chat_id is None or m.chat_id == chat_id]

        await self.wait_until(lambda: len(matching()) >= n, timeout, f"{n} sent message(s)")
        return matching()

    async def wait_for_call(self, method: str, n: int = 1, timeout: float = 5.0) -> list[ApiCall]:
        """Wait until ``method`` was answered ``n`` times; return those calls."""
        await self.wait_until(
            lambda: len(self.calls_to(method, finished=True)) >= n, timeout, f"{n} answered {method} call(s)"
        )
        return self.calls_to(method, finished=True)

    def calls_to(self, method: str, *, finished: bool = False) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        return [
            c
            for c in self.calls
            if c.method.lower() == method.lower() and (not finished or c.status is not None)
        ]

    # ---- chats and stored messages ------------------------------------------------------------

    def add_chat(self, chat: FakeChat, user: FakeUser | None = None) -> FakeChat:
        """Make a chat known (as if its user had started the bot); returns it."""
        self.chats[chat.id] = chat
        if user is not None:
            self.users[user.id] = user
        self._messages.setdefault(chat.id, {})
        return chat

    def block_user(self, user_id: int) -> None:
        """The user blocked the bot: sending to them fails with 403 like Telegram."""
        self.blocked_user_ids.add(user_id)

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """The current state of one message."""
        return self._messages.get(chat_id, {}).get(message_id)

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _store(self, chat_id: int, message_id: int, from_bot: bool, data: JSON) -> StoredMessage:
        stored = StoredMessage(chat_id, message_id, from_bot, data)
        self._messages.setdefault(chat_id, {})[message_id] = stored
        return stored

    def _chat_for(self, chat_id: int) -> FakeChat:
        chat = self.chats.get(chat_id)
        if chat is not None:
            return chat
        if chat_id > 0:
            return FakeChat(id=chat_id, type="private", first_name=f"User {chat_id}")
        chat_type: Literal["group", "supergroup"] = (
            "supergroup" if str(chat_id).startswith("-100") else "group"
        )
        return FakeChat(id=chat_id, type=chat_type, title=f"Chat {chat_id}")

    # ---- update queue -------------------------------------------------------------------------

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed (polling) or delivered (webhook)."""
        return list(self._updates)

    def inject_update(self, payload: JSON) -> JSON:
        """Queue an update (``update_id`` is assigned unless present) and return it."""
        update = dict(payload)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._updates.append(update)
        self._notify()
        if self.webhook_url and self.auto_deliver_webhook:
            self._kick_webhook()
        return update

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _deliverable(self, limit: int) -> list[JSON]:
        allowed = set(self.allowed_updates) if self.allowed_updates else _DEFAULT_UPDATE_TYPES
        kept = [u for u in self._updates if any(k in allowed for k in u if k != "update_id")]
        self._updates = kept  # Telegram does not keep updates of types the bot did not ask for
        return kept[:limit]

    # ---- HTTP ---------------------------------------------------------------------------------

    @staticmethod
    def _error_response(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    @staticmethod
    async def _read_params(request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if isinstance(body, dict):
                params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "size": len(value.file.read())}
                else:
                    params[key] = value
        return params

    def _token_error(self, token: str) -> web.Response | None:
        if token == self.token:
            return None
        if re.fullmatch(r"\d+:[\w-]+", token):
            return self._error_response(401, "Unauthorized")
        return self._error_response(404, "Not Found")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        match = re.fullmatch(r"/bot([^/]*)/([^/]*)/?", request.path)
        if match is None:
            return self._error_response(404, "Not Found")
        entry = self._handlers.get(match.group(2).lower())
        call = ApiCall(
            method=entry[0] if entry else match.group(2),
            params={},
            time=time.monotonic(),
            http_method=request.method,
            content_type=request.content_type,
        )
        self.calls.append(call)
        try:
            call.raw_params = await self._read_params(request)
        except BotAPIError as error:
            return self._finish(call, self._error_response(400, error.description), 400, error.description)
        call.params = decoded_params(call.raw_params)
        token_error = self._token_error(match.group(1))
        if token_error is not None:
            status = token_error.status
            return self._finish(call, token_error, status, HTTP_PHRASES[status])
        if entry is None:
            return self._finish(call, self._error_response(404, "Not Found"), 404, "Not Found")
        await self._one_way()
        response = await self._execute(request, call, entry[1], Params(call.raw_params))
        await self._one_way()
        return response

    async def _one_way(self) -> None:
        """Half the simulated round trip, give or take the jitter."""
        if self.round_trip or self.jitter:
            half = self.round_trip / 2 + self._network.uniform(-self.jitter, self.jitter)
            await self._sleep(max(half, 0.0))

    def _finish(
        self, call: ApiCall, response: web.StreamResponse, status: int, description: str | None = None
    ) -> web.StreamResponse:
        call.status, call.description, call.finished = status, description, time.monotonic()
        self._notify()
        return response

    def _drop(self, request: web.Request, call: ApiCall) -> web.StreamResponse:
        if request.transport is not None:
            request.transport.close()
        return self._finish(call, web.Response(status=500), 0, "connection dropped")

    async def _execute(
        self, request: web.Request, call: ApiCall, handler: Handler, params: Params
    ) -> web.StreamResponse:
        fault = self._take_fault(call.method)
        if fault is not None:
            call.fault = fault.label()
            self.faults.append(FaultRecord(time.monotonic(), call.method, fault.kind, fault.label()))
            if fault.kind == "error":
                phrase = HTTP_PHRASES.get(fault.status, "Error")
                description = fault.description or (
                    f"Too Many Requests: retry after {fault.retry_after}" if fault.status == 429 else phrase
                )
                response = self._error_response(fault.status, description, fault.retry_after)
                return self._finish(call, response, fault.status, description)
            if fault.kind == "drop" and fault.when == "before":
                return self._drop(request, call)
            if fault.kind == "delay" and fault.when == "before":
                await self._sleep(fault.seconds)
                if call.method == "getUpdates" and (
                    request.transport is None or request.transport.is_closing()
                ):
                    # the poller gave up; running it now would only end its newer poll with a 409
                    return self._finish(
                        call, web.Response(status=499), 0, "client went away during the delay"
                    )
        try:
            result = await handler(params, call)
        except BotAPIError as error:
            response = self._error_response(error.status, error.description, error.retry_after)
            return self._finish(call, response, error.status, error.description)
        if fault is not None:
            for sent in call.messages:
                if fault.kind == "drop":
                    sent.response_lost = True
                elif fault.kind == "delay":
                    sent.response_delayed = True
            if fault.kind == "drop":
                return self._drop(request, call)
            if fault.kind == "delay" and fault.when == "after":
                await self._sleep(fault.seconds)
        return self._finish(call, web.json_response({"ok": True, "result": result}), 200)

    # ---- webhook delivery ---------------------------------------------------------------------

    def _kick_webhook(self) -> None:
        if self._closing.is_set() or (self._webhook_task is not None and not self._webhook_task.done()):
            return
        try:
            self._webhook_task = asyncio.get_running_loop().create_task(self._webhook_worker())
        except RuntimeError:  # no running loop: deliver later with deliver_webhook()
            self._webhook_task = None

    async def _webhook_worker(self) -> None:
        while self.webhook_url and not self._closing.is_set():
            batch = self._deliverable(1)
            if not batch:
                return
            update = batch[0]
            status = await self._post_webhook(update, self.webhook_secret)
            if 200 <= status < 300:
                self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                self._notify()
            else:
                await self._sleep(self.webhook_retry_delay)

    async def _post_webhook(self, update: JSON, secret: str | None) -> int:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        url = self.webhook_url
        record = WebhookDelivery(update.get("update_id"), url, 0, secret, time.monotonic())
        try:
            async with self._session.post(
                url,
                data=json.dumps(update).encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as response:
                await response.read()
                record.status = response.status
                if not 200 <= response.status < 300:
                    record.error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            record.error = f"Connection failed: {exc!r}"
        self.webhook_deliveries.append(record)
        self._notify()
        return record.status

    async def deliver_webhook(
        self,
        update: JSON | None = None,
        *,
        secret_token: str | _UseConfigured | None = USE_CONFIGURED_SECRET,
    ) -> int:
        """POST one update to the webhook now and return the HTTP status (0: no answer).

        Without ``update`` the oldest pending update is delivered (and removed on a 2xx answer).
        ``secret_token`` overrides the header: a wrong string, or None to leave it out.
        """
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        secret = self.webhook_secret if secret_token is USE_CONFIGURED_SECRET else secret_token
        assert not isinstance(secret, _UseConfigured)
        from_queue = update is None
        if update is None:
            batch = self._deliverable(1)
            if not batch:
                raise RuntimeError("no pending update to deliver")
            update = batch[0]
        status = await self._post_webhook(update, secret)
        if from_queue and 200 <= status < 300:
            self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
            self._notify()
        return status

    # ---- update delivery methods (the others: methods.py) --------------------------------------

    async def _m_getMe(self, p: Params, call: ApiCall) -> Any:
        return self.bot_user

    async def _m_getUpdates(self, p: Params, call: ApiCall) -> Any:
        if self.webhook_url:
            raise BotAPIError(409, ERR_WEBHOOK_ACTIVE)
        offset = p.get_int("offset", 0) or 0
        limit = min(100, max(1, p.get_int("limit", 100) or 100))
        timeout = max(0.0, p.get_float("timeout", 0.0))
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = time.monotonic() + timeout
        while True:
            batch = self._deliverable(limit)
            if batch or self._closing.is_set() or time.monotonic() >= deadline:
                break
            await self._wait_change(deadline - time.monotonic())
            if self.webhook_url:
                raise BotAPIError(409, ERR_WEBHOOK_ACTIVE)
            if generation != self._poll_generation:
                raise BotAPIError(409, ERR_OTHER_GETUPDATES)
        return batch

    async def _m_setWebhook(self, p: Params, call: ApiCall) -> Any:
        url = p.get_str("url", "") or ""
        secret = p.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if url and not re.fullmatch(r"https?://\S+", url):
            raise bad_request("bad webhook: invalid webhook URL specified")
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self.webhook_url = url
        self.webhook_secret = secret or None
        self._poll_generation += 1  # a waiting getUpdates is ended
        self._notify()
        if url and self.auto_deliver_webhook:
            self._kick_webhook()
        return True

    async def _m_deleteWebhook(self, p: Params, call: ApiCall) -> Any:
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        self._notify()
        return True
