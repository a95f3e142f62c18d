"""The send schedule in simulated time: Telegram's limits hold where Telegram counts (on arrival, with
jitter), chats are served fairly and in order, queues are bounded, and enough requests are in flight."""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pytest
from fakes.telegram import max_in_window

from bot.tg.schedule import MAX_IN_FLIGHT, Answer, Dispatch, Limits, RoundTrip, SendSchedule


async def _label(name: str) -> str:  # the sends of these tests: their label is all that matters
    return name


def answer(*labels: str) -> Answer:
    return Answer(deque(partial(_label, label) for label in labels))


@dataclass
class Sent:
    chat_id: int
    label: str
    left: float  # when the schedule let it go
    arrived: float  # when Telegram counted it


@dataclass
class Simulation:
    """Runs a schedule with a network whose one-way delay is ``delay()`` each way."""

    schedule: SendSchedule
    delay: Callable[[], float] = lambda: 0.0
    sent: list[Sent] = field(default_factory=list)
    most_in_flight: int = 0
    now: float = 0.0
    measured_from: float = 0.0  # most_in_flight counts from this moment on

    def run(self, posts: list[tuple[float, int, Answer]], until: float = math.inf) -> None:
        posts = sorted(posts, key=lambda post: post[0])
        done: list[tuple[float, int, Dispatch]] = []
        ties = itertools.count()
        while self.now <= until:
            while posts and posts[0][0] <= self.now:
                _, chat_id, item = posts.pop(0)
                self.schedule.add(chat_id, item, self.now)
            while done and done[0][0] <= self.now:
                self.schedule.done(heapq.heappop(done)[2], self.now)
            step = self.schedule.next(self.now)
            if isinstance(step, Dispatch):
                there, back = self.delay(), self.delay()
                self.sent.append(Sent(step.chat_id, step.send.args[0], self.now, self.now + there))
                heapq.heappush(done, (self.now + there + back, next(ties), step))
                if self.now >= self.measured_from:
                    self.most_in_flight = max(self.most_in_flight, self.schedule.in_flight)
                continue
            upcoming = [self.now + step] + [t for t, *_ in done[:1]] + [t for t, *_ in posts[:1]]
            if min(upcoming) == math.inf:
                return
            self.now = min(upcoming)

    def labels(self, chat_id: int) -> list[str]:
        return [sent.label for sent in self.sent if sent.chat_id == chat_id]

    def arrivals(self, chat_id: int | None = None) -> list[float]:
        return sorted(s.arrived for s in self.sent if chat_id is None or s.chat_id == chat_id)


def jittery(seed: int, round_trip: float, jitter: float) -> Callable[[], float]:
    """One-way delays around half the round trip, each off by up to ``jitter`` seconds."""
    rng = random.Random(seed)
    return lambda: round_trip / 2 + rng.uniform(-jitter, jitter)


# jitter each way: none, a tenth of the one-way delay (as in the benchmark), a fifth; the more jitter, the
# wider the safety margin that every window of 30 sends costs
@pytest.mark.parametrize(
    ("round_trip", "jitter", "slowest"),
    [(0.0, 0.0, 1.05), (0.1, 0.005, 1.05), (0.3, 0.015, 1.05), (0.1, 0.01, 1.05), (0.3, 0.03, 1.08)],
)
def test_a_burst_keeps_telegrams_limits_on_arrival_and_drains_near_the_physical_minimum(
    round_trip: float, jitter: float, slowest: float
) -> None:
    simulation = Simulation(SendSchedule(Limits()), jittery(7, round_trip, jitter))
    posts = [(0.0, user, answer(f"q{n}")) for n in range(3) for user in range(1, 101)]
    simulation.run(posts)
    assert len(simulation.sent) == 300
    assert max_in_window(simulation.arrivals(), 1.0) <= 30
    assert all(
        b - a >= 1.0 for user in range(1, 101) for a, b in itertools.pairwise(simulation.arrivals(user))
    )
    assert simulation.sent[-1].left <= 300 / 30 * slowest


def test_a_group_gets_at_most_twenty_messages_a_minute_one_a_second() -> None:
    simulation = Simulation(SendSchedule(Limits(), max_queued=50), jittery(3, 0.2, 0.02))
    simulation.run([(0.0, -100123, answer(f"q{n}")) for n in range(45)])
    arrivals = simulation.arrivals(-100123)
    assert len(arrivals) == 45
    assert max_in_window(arrivals, 60.0) <= 20 and max_in_window(arrivals, 1.0) <= 1
    assert arrivals[-1] >= 120  # 45 messages need two full minutes


def test_one_chats_backlog_never_delays_another_chats_first_answer() -> None:
    simulation = Simulation(SendSchedule(Limits()), lambda: 0.05)
    group_flood = [(0.0, -100555, answer(f"g{n}")) for n in range(20)]
    simulation.run([*group_flood, (0.5, 42, answer("anna"))], until=30)
    [anna] = [sent for sent in simulation.sent if sent.chat_id == 42]
    assert anna.left == 0.5  # sent the moment it was queued
    assert simulation.labels(-100555) == [f"g{n}" for n in range(len(simulation.labels(-100555)))]


def test_chats_take_turns_round_robin() -> None:
    simulation = Simulation(SendSchedule(Limits(per_second=2)), lambda: 0.0)
    posts = [(0.0, chat, answer(f"{chat}-{n}")) for chat in (1, 2, 3) for n in range(3)]
    simulation.run(posts)
    firsts = [sent.label for sent in simulation.sent[:3]]
    assert sorted(firsts) == ["1-0", "2-0", "3-0"]  # everyone's first answer before anyone's second


@pytest.mark.parametrize("limits", [Limits(), None])
def test_a_chats_messages_keep_their_order_with_one_in_flight_at_a_time(limits: Limits | None) -> None:
    slow = Simulation(SendSchedule(limits), lambda: 0.8)  # slower than a message a second
    slow.run([(0.0, 9, answer("a1", "a2")), (0.0, 9, answer("b")), (0.1, 9, answer("c"))])
    assert slow.labels(9) == ["a1", "a2", "b", "c"]
    lefts = [sent.left for sent in slow.sent]
    # each waited for the previous one's response
    assert all(b - a >= 1.6 - 1e-9 for a, b in itertools.pairwise(lefts))


def test_without_limits_nothing_waits_but_the_in_flight_ceiling() -> None:
    simulation = Simulation(SendSchedule(None), lambda: 0.1)
    simulation.run([(0.0, user, answer("q")) for user in range(1, 201)])
    assert len(simulation.sent) == 200
    assert simulation.most_in_flight == MAX_IN_FLIGHT
    assert simulation.sent[-1].left < 1.0


def test_requests_in_flight_follow_rate_times_round_trip() -> None:
    # counted after the first second: until the first response, half a second is assumed
    near = Simulation(SendSchedule(Limits()), lambda: 0.005, measured_from=1.0)
    near.run([(0.0, user, answer("q")) for user in range(1, 301)])
    far = Simulation(SendSchedule(Limits()), lambda: 0.15, measured_from=1.0)
    far.run([(0.0, user, answer("q")) for user in range(1, 301)])
    assert near.most_in_flight <= 5  # a short round trip needs few
    assert 9 <= far.most_in_flight <= 20  # 30 a second at 300 ms: at least nine
    assert far.sent[-1].left <= 300 / 30 * 1.05


def test_a_full_queue_refuses_and_the_chat_is_told_once_until_it_has_drained() -> None:
    schedule = SendSchedule(Limits(), max_queued=3)
    accepted = [schedule.add(5, answer(f"q{n}"), 0.0) for n in range(5)]
    assert accepted == [True, True, True, False, False]
    assert schedule.queued_answers() == 3  # what /healthz reports as answers waiting
    assert not schedule.has_room(5) and schedule.has_room(6)
    assert [schedule.refuse(5), schedule.refuse(5)] == [True, False]
    simulation = Simulation(schedule, lambda: 0.0)
    simulation.run([])
    assert simulation.labels(5) == ["q0", "q1", "q2"]
    assert schedule.refuse(5)  # drained: told again next time


def test_a_notice_goes_after_the_answer_being_sent_and_before_the_waiting_ones() -> None:
    schedule = SendSchedule(Limits())
    schedule.add(5, answer("a1", "a2"), 0.0)
    schedule.add(5, answer("b"), 0.0)
    first = schedule.next(0.0)
    assert isinstance(first, Dispatch) and first.send.args[0] == "a1"
    schedule.add_next(5, answer("notice"), 0.0)
    simulation = Simulation(schedule, lambda: 0.0)
    schedule.done(first, 0.0)
    simulation.run([])
    assert simulation.labels(5) == ["a2", "notice", "b"]


def test_a_failed_answer_gives_up_its_remaining_messages() -> None:
    schedule = SendSchedule(None)
    schedule.add(5, answer("a1", "a2", "a3"), 0.0)
    schedule.add(5, answer("b"), 0.0)
    first = schedule.next(0.0)
    assert isinstance(first, Dispatch)
    schedule.drop_answer(5, first.answer)
    schedule.done(first, 0.0)
    simulation = Simulation(schedule)
    simulation.run([])
    assert simulation.labels(5) == ["b"]
    assert schedule.idle() and schedule.queued_answers() == 0


def test_the_safety_margin_follows_the_measured_jitter_within_bounds() -> None:
    steady, shaky = RoundTrip(), RoundTrip()
    rng = random.Random(1)
    for _ in range(200):
        steady.measure(0.3)
        shaky.measure(0.3 + rng.uniform(-0.05, 0.05))
    assert steady.margin() == pytest.approx(0.025)  # the floor
    assert 0.05 <= shaky.margin() <= 0.5
    assert RoundTrip().in_flight_for(30) == 16  # before any measurement: half a second assumed


def test_the_first_round_trip_leaves_the_margin_where_it_was() -> None:
    """One round trip tells nothing of the jitter; a margin widened to half a second for the first
    windows of a burst would cost a tenth of a 20-second drain at 300 ms."""
    round_trip = RoundTrip()
    before = round_trip.margin()
    round_trip.measure(0.3)
    assert round_trip.margin() == pytest.approx(before)
    round_trip.measure(0.36)
    assert round_trip.margin() > before  # and the next ones move it


def test_idle_chats_are_forgotten_within_a_minute() -> None:
    schedule = SendSchedule(Limits())
    simulation = Simulation(schedule)
    simulation.run([(0.0, chat, answer("q")) for chat in (1, 2, -100123)])
    assert schedule.has_room(1)
    simulation.now = 61.0
    simulation.run([(61.0, 4, answer("q"))])
    assert list(schedule._chats) == [4]


def test_a_send_held_up_on_its_way_delays_the_chats_next_one_by_as_much() -> None:
    """Five quick round trips set the expectation; then one send to chat 9 takes 0.3 s to arrive (a new
    connection, a busy event loop). Stamped only when it left, the chat's next send would arrive 0.3 s
    too soon; the response shows the hold-up, and the next send waits for it."""
    one_way = iter([0.01] * 10 + [0.3, 0.01] + [0.01] * 10)
    simulation = Simulation(SendSchedule(Limits()), lambda: next(one_way))
    quick = [(0.0, chat, answer("q")) for chat in range(1, 6)]
    simulation.run([*quick, (0.5, 9, answer("a")), (0.5, 9, answer("b"))])
    first, second = simulation.arrivals(9)
    assert first == pytest.approx(0.8)
    assert second - first >= 1.0 - 1e-9


def test_a_send_held_up_on_its_way_holds_back_the_overall_window_too() -> None:
    """30 sends a second: the first of a window arrives 0.2 s late (a stalled event loop on the way).
    Counted only from when it left, the next window's first sends would meet it within one second."""
    delays = iter([0.01] * 10 + [0.2, 0.01] + [0.01] * 400)
    simulation = Simulation(SendSchedule(Limits()), lambda: next(delays))
    quick = [(0.0, chat, answer("q")) for chat in range(1, 6)]
    burst = [(0.5, chat, answer("q")) for chat in range(100, 190)]
    simulation.run([*quick, *burst])
    assert len(simulation.sent) == 95
    assert max_in_window(simulation.arrivals(), 1.0) <= 30


def test_a_send_that_leaves_late_counts_from_when_it_leaves() -> None:
    """The dispatcher hands a send out at 0; a busy event loop starts it at 0.4. The window counts it from
    0.4 (plus the margin), and its round trip is measured from then."""
    schedule = SendSchedule(Limits(per_second=1))
    schedule.add(1, answer("a"), 0.0)
    schedule.add(2, answer("b"), 0.0)
    handed_out = schedule.next(0.0)
    assert isinstance(handed_out, Dispatch)
    margin = schedule.round_trip.margin()
    schedule.leaving(handed_out, 0.4)
    assert handed_out.started.value == 0.4
    assert schedule.next(0.5) == pytest.approx(0.4 + margin + 1.0 - 0.5)
    schedule.done(handed_out, 0.45)
    assert schedule.round_trip.smoothed == pytest.approx(0.05)
