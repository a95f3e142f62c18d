"""Settings from environment variables and an optional ``.env`` file.

This is the only module that reads the environment, and every default lives here: the command line,
the Telegram adapter and the curation tools all take their settings from :func:`load_settings`, so
``wbv-bot check`` checks exactly the knowledge base that ``wbv-bot run`` serves.

The values are converted and checked with msgspec (loaded anyway, for the knowledge base) and a few
checks of our own. The environment and the ``.env`` file are read here in a few lines instead of with a
settings library: pydantic-settings with python-dotenv cost about 60 ms of every start and 6 MB of memory
(measured with ``bench/startup.py``), for a file format this simple.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

import msgspec

from bot.core.loader import SHIPPED_KNOWLEDGE_DIR

__all__ = [  # SHIPPED_KNOWLEDGE_DIR is defined by the loader and offered here with the other defaults
    "SHIPPED_KNOWLEDGE_DIR", "TELEGRAM_API_BASE_URL", "TOKEN_PATTERN",
    "ConfigError", "Secret", "Settings", "load_settings",
]  # fmt: skip

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# Telegram bot tokens look like "123456789:AAH…" (a numeric bot id, a colon, 30+ URL-safe characters).
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,}$")


ENV_FILE = Path(".env")  # in the working directory, as `make run` and docker compose use it


class Secret:
    """A secret setting (the bot token, the webhook secret): its repr and str never show the value, so
    neither a log line nor an error message nor a traceback that shows the settings can leak it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:  # str() too
        return "Secret('**********')"

    def reveal(self) -> str:
        return self._value


Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
Seconds = Annotated[float, msgspec.Meta(gt=0)]


class Settings(msgspec.Struct, frozen=True):
    """Everything the bot can be configured with; see ``deploy/env.example`` for defaults. The field
    names are the variables' names in lower case. Built by :func:`load_settings`, which checks the
    values (building it directly, as tests do, checks nothing)."""

    telegram_bot_token: Secret | None = None
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    wbv_knowledge_dir: Path = SHIPPED_KNOWLEDGE_DIR
    wbv_data_dir: Path = Path("data")
    wbv_admin_ids: str = ""
    wbv_api_timeout: Seconds = 5.0
    wbv_retention_days: Annotated[int, msgspec.Meta(ge=1)] = 90
    wbv_reload_interval: Seconds = 3.0
    wbv_log_format: Literal["text", "json"] = "text"
    wbv_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    wbv_health_listen: str = "127.0.0.1"
    wbv_health_port: Port | None = None
    wbv_health_max_silence: Seconds = 120.0
    wbv_mode: Literal["polling", "webhook"] = "polling"
    # Telegram's flood limits; false only for a local Bot API server that has none
    wbv_flood_limits: bool = True
    # sending queued answers while stopping
    wbv_stop_drain_seconds: Annotated[float, msgspec.Meta(ge=0)] = 15.0
    # webhook mode
    wbv_webhook_listen: str = "127.0.0.1"
    wbv_webhook_port: Port = 8080
    wbv_webhook_path: str = "/telegram"
    wbv_webhook_url: str | None = None
    wbv_webhook_secret: Secret | None = None

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(part) for part in _id_list(self.wbv_admin_ids))

    def token(self) -> str:
        """The bot token; raises :class:`ConfigError` when it is missing or malformed."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.reveal().strip():
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
        token = self.telegram_bot_token.reveal().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected the form 123456789:ABC…)")
        return token

    def require_webhook_url(self) -> str:
        if not self.wbv_webhook_url:
            raise ConfigError("WBV_WEBHOOK_URL is required in webhook mode (the bot's public https:// URL)")
        return self.wbv_webhook_url


def _stripped(value: str) -> str:
    return value.strip()


def _a_web_address(value: str) -> str:
    """Telegram posts updates to http(s) addresses only (the public one must be https)."""
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value.strip()):
        raise ValueError("must be the bot's public address, such as https://bot.example.org")
    return value.strip()


def _telegram_secret_characters(value: Secret) -> Secret:
    """Telegram accepts 1 to 256 characters of A-Z, a-z, 0-9, _ and - as the webhook secret."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.reveal()):
        raise ValueError("may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
    return value


def _user_ids_only(value: str) -> str:
    """Admins are users (positive ids): a group's or channel's id (negative) would let everyone in it
    see the admin notices, and is refused like anything that is no number."""
    for part in _id_list(value):
        if re.fullmatch(r"-\d+", part):
            raise ValueError(f"{part} is a group or channel id; admins must be users (positive ids)")
        if not re.fullmatch(r"\d{1,20}", part) or int(part) == 0:
            raise ValueError(f"{part!r} is not a Telegram user id, which is a positive number")
    return value


# What a value must be beyond its type, and the form it is kept in.
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "telegram_api_base_url": _stripped,
    "wbv_webhook_url": _a_web_address,
    "wbv_webhook_secret": _telegram_secret_characters,
    "wbv_admin_ids": _user_ids_only,
}


def _id_list(value: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", value.strip()) if part]


class ConfigError(Exception):
    """A setting is missing or wrong; the message never contains a secret."""


def load_settings(env_file: Path | None = ENV_FILE, **overrides: object) -> Settings:
    """Settings from the environment over ``env_file`` (if it exists), under ``overrides`` that are not
    None (command-line options). An empty value ("WBV_HEALTH_PORT=") means "not set", as operators
    write it in env files.

    A bad value is a :class:`ConfigError` naming the variable.
    """
    types = {field.name: field.type for field in msgspec.structs.fields(Settings)}
    values = {**read_env_file(env_file), **{key.lower(): value for key, value in os.environ.items()}}
    values = {name: value for name, value in values.items() if name in types and value != ""}
    values |= {name: value for name, value in overrides.items() if value is not None}
    checked, errors = {}, []
    for name, type_ in types.items():  # in the order of the fields, as the errors are listed
        if name not in values:
            continue
        try:
            checked[name] = _checked(name, values[name], type_)
        except msgspec.ValidationError as exc:
            errors.append(f"{name.upper()}: {_in_words(str(exc))}")
        except ValueError as exc:
            errors.append(f"{name.upper()}: {exc}")
    if errors:
        raise ConfigError(f"invalid setting(s): {'; '.join(errors)}")
    return Settings(**checked)


def _checked(name: str, value: object, type_: Any) -> Any:
    """``value``, text from the environment or a command-line option's value, as ``type_`` and checked:
    numbers, paths and secrets from text, and true/false also written as yes/no, on/off, 1/0, y/n or t/f,
    as operators write them."""
    if type_ is bool and isinstance(value, str):
        value = _BOOLEANS.get(value.lower(), value)
    if get_origin(type_) is Literal and value not in get_args(type_):
        raise ValueError(f"must be one of {', '.join(get_args(type_))}")
    value = msgspec.convert(value, type_, strict=False, dec_hook=_from_text)
    return _CHECKS[name](value) if name in _CHECKS else value


_BOOLEANS = {word: True for word in ("true", "yes", "on", "1", "y", "t")} | {
    word: False for word in ("false", "no", "off", "0", "n", "f")
}


_TYPES = {"int": "a whole number", "float": "a number", "bool": "true or false"}
_BOUNDS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most"}


def _in_words(error: str) -> str:
    """msgspec's "Expected `float`, got `str`" or "Expected `int` >= 1" as "must be a number", "must be at
    least 1": every value is text in the environment."""
    if match := re.fullmatch(r"Expected `(\w+)[^`]*`, got `\w+`", error):
        return f"must be {_TYPES.get(match[1], match[1])}"
    if match := re.fullmatch(r"Expected `\w+` ([<>]=?) (\S+)", error):
        return f"must be {_BOUNDS[match[1]]} {match[2].removesuffix('.0')}"
    return error


def _from_text(type_: type, value: Any) -> Any:
    """What msgspec does not convert by itself: a path or a secret from text."""
    if type_ in (Path, Secret) and isinstance(value, str):
        return type_(value)
    raise NotImplementedError


def read_env_file(path: Path | None) -> dict[str, str]:
    """``KEY=value`` lines of an env file, keys in lower case: blank lines and ``#`` comments are
    skipped, an ``export`` in front is allowed, a value may be quoted ('…' or "…") and an unquoted one
    may end in a `` # comment``. A missing file is no error (the environment may hold everything)."""
    if path is None or not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().removeprefix("export ").strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[key.lower()] = value
    return values
