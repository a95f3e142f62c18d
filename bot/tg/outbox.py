"""The outbox: handlers hand over their answers and return at once; one dispatcher sends them.

Handlers never wait for a flood window, so a chat with a backlog (a group flood, a pasted batch of
questions) holds none of the bot's concurrent-update slots, and every other chat is answered as soon as
the limits allow. What is sent when is :class:`~bot.tg.schedule.SendSchedule`'s decision; this module
runs it on the event loop, reports each send's end, and deals with failures:

* a send Telegram refused (or that failed after the retries of :mod:`bot.tg.retries`) gives up the rest
  of its answer and, in a private chat, the user gets a short apology instead;
* a time-out is logged and not repeated (the message may have arrived);
* a chat whose queue is full is told once, in its language, that the rest will not be answered.

On stopping, :meth:`Outbox.stop` sends what it can within a time limit and says how many answers were
left unsent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TimedOut

from bot.tg.retries import RETRIED
from bot.tg.schedule import TELEGRAM_LIMITS, Answer, Dispatch, Limits, Notices, Send, SendSchedule
from bot.tg.transport import REPORTS, RequestReports

log = logging.getLogger(__name__)

MAX_QUEUED_ANSWERS = 20


class Outbox:
    """Per-chat queues of answers, sent fairly under Telegram's limits (``limits=None``: unpaced)."""

    def __init__(
        self,
        limits: Limits | None = TELEGRAM_LIMITS,
        max_queued: int = MAX_QUEUED_ANSWERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._schedule = SendSchedule(limits, max_queued, clock())
        self._wake = asyncio.Event()
        self._bot: Bot | None = None
        self._runner: asyncio.Task[None] | None = None
        self._sending: set[asyncio.Task[None]] = set()

    # ---- for the handlers ----------------------------------------------------------------------------

    def admit(self, chat_id: int, notices: Notices | None) -> bool:
        """Whether one more answer fits into the chat's queue; if not, the chat is told once.

        A handler asks before working out an expensive answer that would then be refused anyway.
        """
        if self._schedule.has_room(chat_id):
            return True
        self._refused(chat_id, notices)
        return False

    def post(self, chat_id: int, sends: Iterable[Send], notices: Notices | None = None) -> bool:
        """Queue one answer (its messages in order). ``notices``: what to tell the chat, in its language,
        if the answer fails or the queue is full; None for messages that need neither (admin notices)."""
        answer = Answer(deque(sends), notices)
        if not answer.sends:
            return True
        if self._schedule.add(chat_id, answer, self._clock()):
            self._wake.set()
            return True
        self._refused(chat_id, notices)
        return False

    def post_html(self, chat_id: int, chunks: Iterable[str], notices: Notices | None = None) -> bool:
        """Queue messages to a chat the bot has no message of (admin notices, apologies)."""
        bot = self._bot
        if bot is None:
            log.warning("A message was dropped: the outbox has not started")
            return False
        sends = [partial(bot.send_message, chat_id, chunk, parse_mode=ParseMode.HTML) for chunk in chunks]
        return self.post(chat_id, sends, notices)

    def _refused(self, chat_id: int, notices: Notices | None) -> None:
        if self._schedule.refuse(chat_id) and notices is not None:
            self._notice(chat_id, notices.queue_full)

    def _notice(self, chat_id: int, text: str) -> None:
        """A notice goes before the chat's waiting answers: it is about them."""
        bot = self._bot
        if bot is None:
            return
        notice = Answer(deque([partial(bot.send_message, chat_id, text)]))
        self._schedule.add_next(chat_id, notice, self._clock())
        self._wake.set()

    def idle(self) -> bool:
        """Nothing queued and nothing being sent."""
        return self._schedule.idle()

    def waiting(self) -> int:
        """Answers queued and not yet completely sent (for /healthz)."""
        return self._schedule.queued_answers()

    # ---- running -------------------------------------------------------------------------------------

    def start(self, bot: Bot) -> None:
        """Start sending with ``bot``."""
        self._bot = bot
        self._runner = asyncio.create_task(self._run())

    async def stop(self, timeout: float) -> int:
        """Send what can be sent within ``timeout`` seconds, then stop; returns the answers left unsent."""
        deadline = self._clock() + timeout
        while not self._schedule.idle() and self._clock() < deadline:
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(deadline - self._clock(), 0.0))
        unsent = self._schedule.queued_answers() + len(self._sending)
        for task in [self._runner, *self._sending]:
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in [self._runner, *self._sending] if t), return_exceptions=True)
        if unsent:
            log.warning("Stopped with %d answer(s) not sent (the stop allows %.0f s)", unsent, timeout)
        return unsent

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            step = self._schedule.next(self._clock())
            if isinstance(step, Dispatch):
                task = asyncio.create_task(self._send(step))
                self._sending.add(task)
                task.add_done_callback(self._sending.discard)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), None if step == math.inf else step)

    async def _send(self, dispatch: Dispatch) -> None:
        RETRIED.set(False)
        self._schedule.leaving(dispatch, self._clock())
        answered: list[float] = []
        REPORTS.set(
            RequestReports(
                written=lambda: self._schedule.leaving(dispatch, self._clock()),  # it reaches the socket
                answered=lambda: answered.append(self._clock()),  # Telegram's response begins to arrive
            )
        )
        measured = True
        try:
            await dispatch.send()
            measured = not RETRIED.get()
        except TimedOut as exc:  # it may have arrived: sending it again could show it twice
            log.warning("A message to a %s timed out and is not sent again: %s", _kind(dispatch), exc)
            measured = False
        except Forbidden as exc:  # the user blocked the bot, or it left the group
            log.warning("A message to a %s was refused: %s", _kind(dispatch), exc)
            self._schedule.drop_answer(dispatch.chat_id, dispatch.answer)
        except Exception as exc:
            log.error("An answer to a %s could not be sent: %s", _kind(dispatch), exc, exc_info=exc)
            self._schedule.drop_answer(dispatch.chat_id, dispatch.answer)
            if dispatch.chat_id > 0 and dispatch.answer.notices is not None:
                self._notice(dispatch.chat_id, dispatch.answer.notices.apology)
        finally:
            now = self._clock()
            self._schedule.done(dispatch, now, measured, answered[-1] if answered else now)
            self._wake.set()


def _kind(dispatch: Dispatch) -> str:
    """Logs name the kind of chat, never the chat."""
    return "private chat" if dispatch.chat_id > 0 else "group"
