"""The Bot API client's connection pool, reporting when a request was really written to the network and
when its response began to arrive.

The outbox counts each send in Telegram's windows from the moment it leaves. Its task may start well
before the request reaches the socket: the event loop may be busy working out other answers, a new
connection may have to be opened. Likewise the task resumes well after the response arrived when the
loop is busy, and the round trip it would measure then is noise that widens the safety margin. httpcore
traces every step of a request when the request carries a ``trace`` extension; this transport adds one
to the requests of a task that asked for it (:data:`REPORTS`) and calls back when the request body has
been written and when the response headers have been read.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class RequestReports:
    """What to call when a request of the task was written and when its response headers were read."""

    written: Callable[[], None]
    answered: Callable[[], None]


REPORTS: ContextVar[RequestReports | None] = ContextVar("request_reports", default=None)
WRITTEN_EVENTS = frozenset({"http11.send_request_body.complete", "http2.send_request_body.complete"})
ANSWERED_EVENTS = frozenset(
    {"http11.receive_response_headers.complete", "http2.receive_response_headers.complete"}
)


class WriteReportingTransport(httpx.AsyncBaseTransport):
    """httpx's own transport (built with ``transport_options``), plus the report of each write.

    Closing it closes the pool; the next request opens a new one, as python-telegram-bot expects of a
    client that is shut down and initialised again."""

    def __init__(self, **transport_options: Any) -> None:
        self._options = transport_options
        self._pool: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        reports = REPORTS.get()
        if reports is not None:
            request.extensions["trace"] = _tracer(reports)
        if self._pool is None:
            self._pool = httpx.AsyncHTTPTransport(**self._options)
        return await self._pool.handle_async_request(request)

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.aclose()


def _tracer(reports: RequestReports) -> Callable[[str, dict[str, Any]], Any]:
    async def trace(event: str, info: dict[str, Any]) -> None:
        if event in WRITTEN_EVENTS:
            reports.written()
        elif event in ANSWERED_EVENTS:
            reports.answered()

    return trace
