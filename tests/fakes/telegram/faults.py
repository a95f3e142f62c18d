"""Fault injection and flood measurement for the fake Bot API.

Faults are scripted (``fail_next``/``delay_next``/``drop_next``, per method or ``"*"``) or drawn at
random from a seeded generator (``random_faults``); every applied fault is recorded in ``api.faults``.
Flood measurement looks at the times of accepted sends: :func:`max_in_window` over any list of times,
``api.flood_violations()`` against Telegram's broadcast limits (:class:`FloodLimits`), and with
``enforce_flood_limits=True`` the fake refuses sends beyond them with 429 like Telegram.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .records import FakeChat

__all__ = ["FaultInjection", "FaultRecord", "FloodLimits", "FloodViolation", "max_in_window"]


@dataclass
class FaultRecord:
    """A fault the fake applied to a request."""

    time: float
    method: str
    kind: str
    detail: str


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's documented broadcast limits."""

    global_per_second: int = 30
    private_per_second: int = 1
    group_per_minute: int = 20


@dataclass(frozen=True)
class FloodViolation:
    """The worst window in which a limit was exceeded (``chat_id`` None: the global limit)."""

    chat_id: int | None
    limit: int
    window: float
    count: int
    window_start: float


@dataclass
class _Fault:
    kind: Literal["error", "delay", "drop"]
    status: int = 500
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0
    when: Literal["before", "after"] = "after"

    def label(self) -> str:
        if self.kind == "error":
            return f"error {self.status}" + (f" retry_after={self.retry_after}" if self.retry_after else "")
        if self.kind == "delay":
            return f"delay {self.seconds}s {self.when}"
        return f"drop {self.when}"


@dataclass
class _RandomFaults:
    rng: random.Random
    methods: frozenset[str] | None
    rates: list[tuple[float, _Fault]]

    def draw(self, method: str) -> _Fault | None:
        if self.methods is not None and method.lower() not in self.methods:
            return None
        roll = self.rng.random()
        for rate, fault in self.rates:
            if roll < rate:
                return fault
            roll -= rate
        return None


def max_in_window(timestamps: Iterable[float], window: float) -> int:
    """Most events in any half-open window ``[t, t + window)``."""
    times = sorted(timestamps)
    best = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _worst_window(times: Sequence[float], window: float) -> tuple[int, float]:
    """(count, start) of the fullest window ``[t, t + window)`` in sorted ``times``."""
    best, best_start, start = 0, 0.0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, times[start]
    return best, best_start


class FaultInjection:
    """Faults and flood measurement of :class:`~fakes.telegram.server.FakeBotAPI` (a mixin).

    The state is set up by ``FakeBotAPI.__init__``; the server asks ``_take_fault`` for every call
    and records every accepted send in ``_send_log``.
    """

    faults: list[FaultRecord]
    flood_limits: FloodLimits
    _scripted: dict[str, deque[_Fault]]
    _random: _RandomFaults | None
    _send_log: list[tuple[float, int]]

    if TYPE_CHECKING:

        def _chat_for(self, chat_id: int) -> FakeChat: ...

    # ---- faults -------------------------------------------------------------------------------

    def _script(self, method: str, fault: _Fault, times: int) -> None:
        queue = self._scripted.setdefault(method.lower(), deque())
        queue.extend(fault for _ in range(times))

    def fail_next(
        self,
        method: str,
        times: int = 1,
        status: int = 500,
        *,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` ("*": any) with an error, not executing them.

        ``status=429`` answers "Too Many Requests: retry after N" with ``parameters.retry_after``.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._script(
            method, _Fault("error", status=status, retry_after=retry_after, description=description), times
        )

    def delay_next(
        self, method: str, seconds: float, times: int = 1, *, when: Literal["before", "after"] = "after"
    ) -> None:
        """Hold back the next ``times`` calls: "after" executes first, "before" executes after waiting."""
        self._script(method, _Fault("delay", seconds=seconds, when=when), times)

    def drop_next(self, method: str, times: int = 1, *, when: Literal["before", "after"] = "before") -> None:
        """Close the connection without any answer, before or after executing the call."""
        self._script(method, _Fault("drop", when=when), times)

    def clear_faults(self) -> None:
        """Forget scripted and random faults."""
        self._scripted.clear()
        self._random = None

    def random_faults(
        self,
        seed: int | None,
        *,
        methods: Sequence[str] | None = ("sendMessage",),
        error_500: float = 0.0,
        error_429: float = 0.0,
        drop_before: float = 0.0,
        drop_after: float = 0.0,
        delay: float = 0.0,
        delay_seconds: float = 1.0,
        retry_after: int = 1,
    ) -> None:
        """Reproducible random faults per call (probabilities per kind); ``seed=None`` switches off.

        ``methods=None`` applies them to every method, getUpdates included.
        """
        if seed is None:
            self._random = None
            return
        rates = [
            (error_500, _Fault("error", status=500)),
            (error_429, _Fault("error", status=429, retry_after=retry_after)),
            (drop_before, _Fault("drop", when="before")),
            (drop_after, _Fault("drop", when="after")),
            (delay, _Fault("delay", seconds=delay_seconds, when="after")),
        ]
        if sum(rate for rate, _ in rates) > 1:
            raise ValueError("fault probabilities add up to more than 1")
        chosen = None if methods is None else frozenset(m.lower() for m in methods)
        self._random = _RandomFaults(random.Random(seed), chosen, [r for r in rates if r[0] > 0])

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method.lower(), "*"):
            queue = self._scripted.get(key)
            if queue:
                return queue.popleft()
        return self._random.draw(method) if self._random else None

    # ---- flood measurement --------------------------------------------------------------------

    def send_times(self, chat_id: int | None = None) -> list[float]:
        """Monotonic times of accepted sends, overall or to one chat."""
        return [t for t, c in self._send_log if chat_id is None or c == chat_id]

    def max_in_window(self, window_s: float, per_chat: int | None = None) -> int:
        """Most sends in any ``window_s`` window, overall or to chat ``per_chat``."""
        return max_in_window(self.send_times(per_chat), window_s)

    def _limits_for(self, chat_id: int) -> tuple[int, float]:
        if self._chat_for(chat_id).is_private:
            return self.flood_limits.private_per_second, 1.0
        return self.flood_limits.group_per_minute, 60.0

    def flood_violations(self, limits: FloodLimits | None = None) -> list[FloodViolation]:
        """The worst window per exceeded limit (global, and per chat); empty when all were kept."""
        saved, self.flood_limits = self.flood_limits, limits or self.flood_limits
        try:
            checks: list[tuple[int | None, int, float]] = [(None, self.flood_limits.global_per_second, 1.0)]
            checks += [
                (chat_id, *self._limits_for(chat_id)) for chat_id in sorted({c for _, c in self._send_log})
            ]
            violations = []
            for chat_id, limit, window in checks:
                count, start = _worst_window(sorted(self.send_times(chat_id)), window)
                if count > limit:
                    violations.append(FloodViolation(chat_id, limit, window, count, start))
            return violations
        finally:
            self.flood_limits = saved

    def _flood_retry_after(self, chat_id: int, now: float) -> int | None:
        checks = [(self.send_times(), self.flood_limits.global_per_second, 1.0)]
        checks.append((self.send_times(chat_id), *self._limits_for(chat_id)))
        wait = 0.0
        for times, limit, window in checks:
            recent = [t for t in times if t > now - window]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None
