"""The webhook endpoint against requests that do not come from Telegram, or not in Telegram's form."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import aiohttp
import pytest
from fakes.telegram import FakeBotAPI
from helpers import running_webhook_bot

from bot.tg.server import SECRET_HEADER


async def post(port: int, body: bytes, headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}/telegram", data=body, headers=headers) as response,
    ):
        return response.status


async def raw_post(port: int, secret: bytes, body: bytes) -> bytes:
    """A request whose secret header is raw bytes (an HTTP client library would refuse to send them)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + SECRET_HEADER.encode() + b": " + secret + b"\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
    )  # fmt: skip
    await writer.drain()
    response = await reader.read()
    writer.close()
    return response.split(b"\r\n", 1)[0]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


@pytest.mark.parametrize("secret", ["Grüße", "秘密"])
async def test_a_non_ascii_secret_is_refused_with_403(
    secret: str, api: FakeBotAPI, services, tmp_path: Path, caplog
) -> None:
    async with running_webhook_bot(api, services, tmp_path) as port:
        statuses = {
            await raw_post(port, secret.encode("utf-8"), b"{}"),
            await raw_post(port, secret.encode("latin-1", "replace"), b"{}"),
        }
    assert statuses == {b"HTTP/1.1 403 Forbidden"}
    assert not tracebacks(caplog)


@pytest.mark.parametrize(
    "body",
    [b"[]", b'"x"', b"null", b"42", b'{"foo": 1}', b'{"update_id": "7"}', b'{"update_id": 7, "message": "x"}',
     b'{"update_id": 7, "message": {"foo": 1}}', b"{not json", b"\xff\xfe"],
)  # fmt: skip
async def test_a_body_that_is_not_an_update_gets_400_without_a_traceback(
    body: bytes, api: FakeBotAPI, services, tmp_path: Path, caplog
) -> None:
    async with running_webhook_bot(api, services, tmp_path) as port:
        headers = {SECRET_HEADER: api.webhook_secret, "Content-Type": "application/json"}
        status = await post(port, body, headers)
        good = json.dumps({"update_id": 1}).encode()  # an update of a kind the bot ignores: still 200
        accepted = await post(port, good, {SECRET_HEADER: api.webhook_secret})
    assert (status, accepted) == (400, 200)
    assert not tracebacks(caplog)


async def test_wrong_secrets_are_counted_not_logged_one_by_one(
    api: FakeBotAPI, services, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.tg.server")
    async with running_webhook_bot(api, services, tmp_path) as port, aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{port}/telegram"
        for number in range(1000):
            headers = {SECRET_HEADER: f"guess-{number}"} if number % 2 else {}
            async with http.post(url, data=b"{}", headers=headers) as response:
                assert response.status == 403
    server_lines = [r.getMessage() for r in caplog.records if r.name == "bot.tg.server"]
    warnings = [line for line in server_lines if "secret" in line]
    assert len(warnings) <= 2  # the first refusal at once; the rest counted in one line (at the stop)
    assert warnings[0].startswith("Refused 1 webhook request(s) with a wrong or missing secret token")
    assert sum(int(w.split()[1]) for w in warnings) == 1000
