"""The Bot API transport tells the sending task when its request was written, and survives a restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.tg.transport import REPORTS, RequestReports, WriteReportingTransport


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[float]]]:
    """A plain HTTP server on 127.0.0.1 that notes when each request arrived and answers after 50 ms."""
    arrived: list[float] = []
    loop = asyncio.get_running_loop()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await reader.readuntil(b"\r\n\r\n"):
            arrived.append(loop.time())
            await asyncio.sleep(0.05)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()

    listening = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    async with listening:
        yield f"http://127.0.0.1:{port}/", arrived


async def test_the_sending_task_hears_when_its_request_was_written_and_answered(
    server: tuple[str, list[float]],
) -> None:
    url, arrived = server
    loop = asyncio.get_running_loop()
    written: list[float] = []
    answered: list[float] = []
    async with httpx.AsyncClient(transport=WriteReportingTransport()) as client:
        REPORTS.set(RequestReports(lambda: written.append(loop.time()), lambda: answered.append(loop.time())))
        response = await client.get(url)
        ended = loop.time()
    assert response.text == "ok"
    # one loop: the write is reported before the server reads the request, the answer 50 ms after that
    # and no later than the request ends
    assert len(written) == 1 and written[0] <= arrived[0]
    assert len(answered) == 1 and answered[0] - written[0] >= 0.04 and answered[0] <= ended


async def test_a_request_outside_a_sending_task_carries_no_trace(server: tuple[str, list[float]]) -> None:
    url, _ = server
    async with httpx.AsyncClient(transport=WriteReportingTransport()) as client:
        response = await client.get(url)
    assert response.text == "ok" and "trace" not in response.request.extensions


async def test_a_closed_transport_opens_a_new_pool_for_the_next_request(
    server: tuple[str, list[float]],
) -> None:
    """python-telegram-bot shuts its client down and builds it again with the same transport."""
    url, arrived = server
    transport = WriteReportingTransport()
    async with httpx.AsyncClient(transport=transport) as client:
        assert (await client.get(url)).text == "ok"
    async with httpx.AsyncClient(transport=transport) as client:
        assert (await client.get(url)).text == "ok"
    assert len(arrived) == 2
