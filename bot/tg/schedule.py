"""Which message to send next: Telegram's limits, per-chat order and fairness, in plain virtual time.

Telegram's limits: at most 30 messages in any second overall, one per second in a chat, 20 per minute
in a group. The schedule keeps one queue of answers per chat and hands out the next send when the
windows allow it:

* **Fair.** Chats whose next send is due wait in one first-come line, each chat at most once; after a
  send the chat goes to the back. One chat's backlog therefore never delays another chat's first answer.
* **In order.** A chat has at most one send in flight, so its answers arrive in the order they were
  queued; its next send leaves a second after the previous one was answered, so whatever held that one
  up on its way, the two never arrive within one second.
* **Stamped when sent, corrected by the response.** Telegram counts a send when it arrives. A send counts
  in its windows from the moment it left plus a safety margin for the network's jitter
  (:class:`RoundTrip`); once its response is in, from when the response shows it left (its time minus
  the usual round trip) if that is later still. So a send held up on its way (a new connection, a busy
  event loop) does not let the next ones arrive too soon, and steady sends lose next to nothing
  (holding each place until a window after the response would cost a round trip per window: at 300 ms
  a quarter of the throughput). A chat's own one-a-second spacing counts from the response (above).
* **Enough in flight.** At 30 messages per second and a 300 ms round trip, nine requests must be in
  flight at once; the cap follows rate × measured round trip, between a floor and a ceiling.
* **Bounded.** A chat holds at most ``max_queued`` answers; more are refused (the outbox tells the chat
  once) so a flood cannot grow without end.

No asyncio here: :mod:`bot.tg.outbox` drives it; the tests drive it on a simulated clock.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram.constants import FloodLimit

from bot.tg.windows import SlidingWindow, Stamp

Send = Callable[[], Awaitable[object]]  # one Bot API call that puts a message into a chat

MIN_IN_FLIGHT = 4
MAX_IN_FLIGHT = 64  # beyond this, more pooled connections cost more CPU than they save in waiting
FIRST_ROUND_TRIP = 0.5  # seconds assumed until the first response was measured
# The margin covers what delays one send more than another between its stamp and Telegram: the network's
# jitter, measured, and the event loop's own delays (a burst of answers being worked out), which at the
# floor cost 2.5 % of the throughput. Before the first response nothing is known: a tenth of a second.
MIN_MARGIN = 0.025
FIRST_MARGIN = 0.1
MAX_MARGIN = 0.5
MARGIN_VARIATIONS = 4  # the margin in measured variations (mean deviations) of the round trip
IDLE_SWEEP_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits; ``None`` instead of a Limits switches pacing off (a local Bot API
    server without limits, tests)."""

    per_second: int = FloodLimit.MESSAGES_PER_SECOND
    chat_interval: float = 1.0 / FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
    group_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP


TELEGRAM_LIMITS = Limits()


class RoundTrip:
    """Smoothed round-trip time and its variation, measured as TCP does (RFC 6298)."""

    def __init__(self) -> None:
        self.smoothed: float | None = None
        self.variation = 0.0

    def measure(self, seconds: float) -> None:
        if self.smoothed is None:
            # RFC 6298 starts the variation at half the first round trip, which suits a retransmission
            # timer; here it would widen the margin from a tenth of a second to half a second at 300 ms
            # for the first windows of a burst. One round trip says nothing of the jitter: keep the
            # margin where it was and let the measurements move it.
            self.smoothed, self.variation = seconds, FIRST_MARGIN / MARGIN_VARIATIONS
            return
        self.variation = 0.75 * self.variation + 0.25 * abs(self.smoothed - seconds)
        self.smoothed = 0.875 * self.smoothed + 0.125 * seconds

    def expected(self) -> float:
        """The usual round trip (0 before the first: then a response tells nothing about the way)."""
        return self.smoothed or 0.0

    def margin(self) -> float:
        """How much later than its neighbour a send may arrive: four times the variation, bounded."""
        if self.smoothed is None:
            return FIRST_MARGIN
        return min(max(MARGIN_VARIATIONS * self.variation, MIN_MARGIN), MAX_MARGIN)

    def in_flight_for(self, per_second: float) -> int:
        """Requests to keep in flight so that ``per_second`` are sent despite the round trip."""
        seconds = FIRST_ROUND_TRIP if self.smoothed is None else self.smoothed + 4 * self.variation
        return min(max(math.ceil(per_second * seconds) + 1, MIN_IN_FLIGHT), MAX_IN_FLIGHT)


@dataclass(frozen=True)
class Notices:
    """What the outbox may have to tell a chat, in the chat's language."""

    queue_full: str  # the chat's queue is full: the rest goes unanswered
    apology: str  # an answer could not be sent


@dataclass(eq=False)
class Answer:
    """One answer for a chat: its sends, one message each, in order."""

    sends: deque[Send]
    notices: Notices | None = None  # None: neither a notice nor an apology (admin notices)
    begun: bool = False  # its first send has left


@dataclass
class _Chat:
    chat_id: int
    group: SlidingWindow | None
    answers: deque[Answer] = field(default_factory=deque)
    due: float = -math.inf  # the earliest moment of the next send
    busy: bool = False  # a send is in flight
    waiting: bool = False  # in the line or in the timetable
    told: bool = False  # refused an answer since the queue was last empty


@dataclass(frozen=True)
class Dispatch:
    """A send to make now; report its end to :meth:`SendSchedule.done`."""

    chat_id: int
    send: Send
    answer: Answer
    started: Stamp  # when it left: its round trip is measured from then
    counted: Stamp  # from when it counts in the windows (the moment it left, plus the margin)


class SendSchedule:
    """The per-chat queues and the windows; see the module docstring."""

    def __init__(self, limits: Limits | None, max_queued: int = 20, now: float = 0.0) -> None:
        self.limits = limits
        self.max_queued = max_queued
        self.round_trip = RoundTrip()
        self._overall = SlidingWindow(limits.per_second, 1.0) if limits else None
        self._chats: dict[int, _Chat] = {}
        self._line: deque[_Chat] = deque()  # due now, first come first served
        self._timetable: list[tuple[float, int, _Chat]] = []  # due later: (due, tie-breaker, chat)
        self._ties = itertools.count()
        self._in_flight = 0
        self._swept = now

    # ---- queueing ------------------------------------------------------------------------------------

    def has_room(self, chat_id: int) -> bool:
        chat = self._chats.get(chat_id)
        return chat is None or len(chat.answers) < self.max_queued

    def add(self, chat_id: int, answer: Answer, now: float) -> bool:
        """Queue ``answer``; False when the chat's queue is full (the answer is not queued)."""
        chat = self._chat(chat_id)
        if len(chat.answers) >= self.max_queued:
            return False
        chat.answers.append(answer)
        self._wait_for_turn(chat, now)
        return True

    def refuse(self, chat_id: int) -> bool:
        """Note a refused answer; True the first time since the chat's queue was last empty."""
        chat = self._chat(chat_id)
        first, chat.told = not chat.told, True
        return first

    def add_next(self, chat_id: int, answer: Answer, now: float) -> None:
        """Queue ``answer`` before the chat's waiting answers (after the one being sent), beyond the bound:
        a notice that must not wait behind the answers it is about."""
        chat = self._chat(chat_id)
        position = 1 if chat.answers and chat.answers[0].begun else 0
        chat.answers.insert(position, answer)
        self._wait_for_turn(chat, now)

    def drop_answer(self, chat_id: int, answer: Answer) -> None:
        """Give up the rest of ``answer`` (a send of it failed)."""
        chat = self._chats.get(chat_id)
        if chat is not None and answer in chat.answers:
            chat.answers.remove(answer)

    # ---- sending -------------------------------------------------------------------------------------

    def next(self, now: float) -> Dispatch | float:
        """The send to make now, or how many seconds until one may be due (``inf``: until something
        is queued or a send ends)."""
        self._forget_idle_chats(now)
        while self._timetable and self._timetable[0][0] <= now:
            self._line.append(heapq.heappop(self._timetable)[2])
        while self._line:
            if self._in_flight >= self._in_flight_cap():
                return math.inf
            if self._overall is not None and (wait := self._overall.delay(now)) > 0:
                return wait
            chat = self._line.popleft()
            if chat.group is not None and (wait := chat.group.delay(now)) > 0:
                self._later(chat, now + wait)  # this group's minute is full; the next chat may go
                continue
            return self._dispatch(chat, now)
        return self._timetable[0][0] - now if self._timetable else math.inf

    def _dispatch(self, chat: _Chat, now: float) -> Dispatch:
        chat.waiting, chat.busy = False, True
        answer = chat.answers[0]
        answer.begun = True
        send = answer.sends.popleft()
        if not answer.sends:
            chat.answers.popleft()
        self._in_flight += 1
        counted = Stamp(now + self.round_trip.margin())
        if self._overall is not None and self.limits is not None:
            self._overall.add(counted)
            chat.due = counted.value + self.limits.chat_interval
            if chat.group is not None:
                chat.group.add(counted)
        return Dispatch(chat.chat_id, send, answer, Stamp(now), counted)

    def leaving(self, dispatch: Dispatch, now: float) -> None:
        """The send really leaves now (its task runs, later its request is written to the socket): it
        counts from now if that is later than planned, and its round trip is measured from now (a busy
        event loop may start it late, a new connection may hold it up)."""
        dispatch.counted.value = max(dispatch.counted.value, now + self.round_trip.margin())
        dispatch.started.value = max(dispatch.started.value, now)

    def done(
        self, dispatch: Dispatch, now: float, measured: bool = True, answered: float | None = None
    ) -> None:
        """A send ended at ``now``; its response began to arrive at ``answered`` (``now`` if unknown).
        ``measured``: its round trip counts."""
        answered = now if answered is None else answered
        # when the response shows it left, at the usual round trip: later than its stamp and margin only
        # when it was held up on its way (a new connection, a stalled event loop); then it counts from
        # then, with the margin for the jitter again, and the next sends wait for that too
        left, margin = answered - self.round_trip.expected(), self.round_trip.margin()
        if left > dispatch.counted.value:
            dispatch.counted.value = left + margin
        if measured:
            self.round_trip.measure(answered - dispatch.started.value)
        self._in_flight -= 1
        chat = self._chats[dispatch.chat_id]
        chat.busy = False
        if self.limits is not None:  # Telegram had it by now: a chat's next message is safe a second later
            chat.due = max(chat.due, now + self.limits.chat_interval)
        self._wait_for_turn(chat, now)

    # ---- state ---------------------------------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def queued_answers(self) -> int:
        """Answers with a message still waiting to be sent."""
        return sum(len(chat.answers) for chat in self._chats.values())

    def idle(self) -> bool:
        """Nothing queued and nothing in flight."""
        return self._in_flight == 0 and all(not chat.answers for chat in self._chats.values())

    def _chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            group = None
            if self.limits is not None and chat_id < 0:  # groups and channels have negative ids
                group = SlidingWindow(self.limits.group_per_minute, 60.0)
            chat = self._chats[chat_id] = _Chat(chat_id, group)
        return chat

    def _wait_for_turn(self, chat: _Chat, now: float) -> None:
        """Put a chat with answers and nothing in flight in the line (or the timetable, if not yet due)."""
        if not chat.answers:
            chat.told = False
            return
        if chat.busy or chat.waiting:
            return
        chat.waiting = True
        if chat.due <= now:
            self._line.append(chat)
        else:
            self._later(chat, chat.due)

    def _later(self, chat: _Chat, due: float) -> None:
        heapq.heappush(self._timetable, (due, next(self._ties), chat))

    def _in_flight_cap(self) -> int:
        if self.limits is None:
            return MAX_IN_FLIGHT
        return self.round_trip.in_flight_for(self.limits.per_second)

    def _forget_idle_chats(self, now: float) -> None:
        """At most once a minute: drop the chats with nothing queued and empty windows (chat ids are
        kept no longer than the limits need them)."""
        if now - self._swept < IDLE_SWEEP_SECONDS:
            return
        self._swept = now
        for chat_id, chat in list(self._chats.items()):
            idle = not chat.answers and not chat.busy and not chat.waiting and chat.due <= now
            if idle and (chat.group is None or chat.group.empty(now)):
                del self._chats[chat_id]
