"""Request parameters and error answers of the fake Bot API.

Parameters arrive as strings (query string, form fields -- PTB's way: strings as they are, everything
else JSON-encoded), as JSON values (a JSON body) or as uploaded files; :class:`Params` gives typed
access to them for the methods and :func:`decoded_params` a typed copy for ``ApiCall.params``.
A method refuses a call by raising :class:`BotAPIError`.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from .records import JSON

__all__ = ["HTTP_PHRASES", "BotAPIError", "Params", "bad_request", "decoded_params"]

HTTP_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class BotAPIError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def bad_request(description: str) -> BotAPIError:
    """A 400 error; ``description`` without the "Bad Request: " prefix is completed."""
    if not description.startswith("Bad Request: "):
        description = "Bad Request: " + description
    return BotAPIError(400, description)


class Params:
    """Typed access to request parameters that arrive as strings (form) or JSON values."""

    def __init__(self, raw: JSON) -> None:
        self.raw = raw

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def get_float(self, name: str, default: float = 0.0) -> float:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Number') from None

    def get_bool(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str, what: str | None = None) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what or name} JSON object") from None


JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "results",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "button",
    }
)
INT_PARAMS = frozenset(
    {"message_id", "offset", "limit", "timeout", "cache_time", "message_thread_id", "reply_to_message_id"}
)


def decoded_params(raw: JSON) -> JSON:
    """Best-effort typed copy of the raw parameters, for ``api.calls``."""
    decoded: JSON = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in JSON_PARAMS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        elif isinstance(value, str) and (key in INT_PARAMS or key == "chat_id"):
            with contextlib.suppress(ValueError):
                value = int(value)
        decoded[key] = value
    return decoded
