"""The Bot API client's connection pool, reporting when a request was really written to the network.

The outbox counts each send in Telegram's windows from the moment it leaves. Its task may start well
before the request reaches the socket: the event loop may be busy working out other answers, a new
connection may have to be opened. httpcore traces every step of a request when the request carries a
``trace`` extension; this transport adds one to the requests of a task that asked for it
(:data:`ON_WRITTEN`) and calls back when the request body has been written.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import httpx

ON_WRITTEN: ContextVar[Callable[[], None] | None] = ContextVar("on_written", default=None)
WRITTEN_EVENTS = frozenset({"http11.send_request_body.complete", "http2.send_request_body.complete"})


class WriteReportingTransport(httpx.AsyncBaseTransport):
    """httpx's own transport (built with ``transport_options``), plus the report of each write.

    Closing it closes the pool; the next request opens a new one, as python-telegram-bot expects of a
    client that is shut down and initialised again."""

    def __init__(self, **transport_options: Any) -> None:
        self._options = transport_options
        self._pool: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        written = ON_WRITTEN.get()
        if written is not None:
            request.extensions["trace"] = _tracer(written)
        if self._pool is None:
            self._pool = httpx.AsyncHTTPTransport(**self._options)
        return await self._pool.handle_async_request(request)

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.aclose()


def _tracer(written: Callable[[], None]) -> Callable[[str, dict[str, Any]], Any]:
    async def trace(event: str, info: dict[str, Any]) -> None:
        if event in WRITTEN_EVENTS:
            written()

    return trace
