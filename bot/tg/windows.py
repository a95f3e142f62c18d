"""A sliding window: at most ``limit`` events in any span of ``seconds``, each counted at its stamp.

A stamp may move later after it was added (:class:`Stamp`): the outbox first counts a send at the moment
it leaves plus a margin, and once Telegram's response is in, at the latest moment Telegram can have
received it. The window therefore keeps the stamps of the last ``seconds`` and looks at all of them.
"""

from __future__ import annotations


class Stamp:
    """When an event counts; ``value`` may only grow."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


class SlidingWindow:
    """At most ``limit`` stamps in any window of ``seconds``."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._stamps: list[Stamp] = []

    def delay(self, now: float) -> float:
        """Seconds until one more event fits (0 if it fits now)."""
        self._forget(now)
        if len(self._stamps) < self.limit:
            return 0.0
        blocking = sorted(stamp.value for stamp in self._stamps)[-self.limit]
        return max(blocking + self.seconds - now, 0.0)

    def add(self, stamp: Stamp) -> None:
        self._stamps.append(stamp)

    def empty(self, now: float) -> bool:
        """Nothing left in the window at ``now``."""
        self._forget(now)
        return not self._stamps

    def _forget(self, now: float) -> None:
        self._stamps = [stamp for stamp in self._stamps if stamp.value + self.seconds > now]
