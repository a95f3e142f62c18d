"""A sliding window of timestamps: at most ``limit`` events in any span of ``seconds``.

Only the last ``limit`` stamps matter (one more event fits once the oldest of them has left the window),
so the window is a bounded deque and every check costs O(1).
"""

from __future__ import annotations

from collections import deque


class SlidingWindow:
    """At most ``limit`` stamps in any window of ``seconds`` (plus a caller's safety ``margin``)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._stamps: deque[float] = deque(maxlen=limit)

    def delay(self, now: float, margin: float = 0.0) -> float:
        """Seconds until one more event fits (0 if it fits now)."""
        if len(self._stamps) < self.limit:
            return 0.0
        return max(self._stamps[0] + self.seconds + margin - now, 0.0)

    def stamp(self, now: float) -> None:
        """Count one event at ``now``."""
        self._stamps.append(now)

    def empty(self, now: float, margin: float = 0.0) -> bool:
        """Nothing left in the window at ``now``."""
        return not self._stamps or self._stamps[-1] + self.seconds + margin <= now
