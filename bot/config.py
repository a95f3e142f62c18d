"""Settings from environment variables and an optional ``.env`` file.

This is the only module that reads the environment, and every default lives here: the command line,
the Telegram adapter and the curation tools all take their settings from :func:`load_settings`, so
``wbv-bot check`` checks exactly the knowledge base that ``wbv-bot run`` serves.

The values are validated by a pydantic model (pydantic is loaded anyway, for the knowledge base). The
environment and the ``.env`` file are read here in a few lines instead of with pydantic-settings and
python-dotenv: those two cost about 60 ms of every start and 6 MB of memory (measured with
``bench/startup.py``), for a file format this simple.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from bot.core.loader import SHIPPED_KNOWLEDGE_DIR

__all__ = [  # SHIPPED_KNOWLEDGE_DIR is defined by the loader and offered here with the other defaults
    "SHIPPED_KNOWLEDGE_DIR", "TELEGRAM_API_BASE_URL", "TOKEN_PATTERN",
    "ConfigError", "Settings", "load_settings",
]  # fmt: skip

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# Telegram bot tokens look like "123456789:AAH…" (a numeric bot id, a colon, 30+ URL-safe characters).
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,}$")


ENV_FILE = Path(".env")  # in the working directory, as `make run` and docker compose use it


class Settings(BaseModel):
    """Everything the bot can be configured with; see ``deploy/env.example`` for defaults. The field
    names are the variables' names in lower case."""

    model_config = ConfigDict(extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    wbv_knowledge_dir: Path = SHIPPED_KNOWLEDGE_DIR
    wbv_data_dir: Path = Path("data")
    wbv_admin_ids: str = ""
    wbv_api_timeout: float = Field(default=5.0, gt=0)
    wbv_retention_days: int = Field(default=90, ge=1)
    wbv_reload_interval: float = Field(default=3.0, gt=0)
    wbv_log_format: Literal["text", "json"] = "text"
    wbv_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    wbv_health_listen: str = "127.0.0.1"
    wbv_health_port: int | None = Field(default=None, ge=1, le=65535)
    wbv_health_max_silence: float = Field(default=120.0, gt=0)
    wbv_mode: Literal["polling", "webhook"] = "polling"
    # Telegram's flood limits; false only for a local Bot API server that has none
    wbv_flood_limits: bool = True
    wbv_stop_drain_seconds: float = Field(default=15.0, ge=0)  # sending queued answers while stopping
    # webhook mode
    wbv_webhook_listen: str = "127.0.0.1"
    wbv_webhook_port: int = Field(default=8080, ge=1, le=65535)
    wbv_webhook_path: str = "/telegram"
    wbv_webhook_url: str | None = None
    wbv_webhook_secret: SecretStr | None = None

    @field_validator("telegram_api_base_url")
    @classmethod
    def _no_trailing_space(cls, value: str) -> str:
        return value.strip()

    @field_validator("wbv_webhook_url")
    @classmethod
    def _a_web_address(cls, value: str | None) -> str | None:
        """Telegram posts updates to http(s) addresses only (the public one must be https)."""
        if value is not None and not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value.strip()):
            raise ValueError("must be the bot's public address, such as https://bot.example.org")
        return value.strip() if value is not None else None

    @field_validator("wbv_webhook_secret")
    @classmethod
    def _telegram_secret_characters(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1 to 256 characters of A-Z, a-z, 0-9, _ and - as the webhook secret."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
        return value

    @field_validator("wbv_admin_ids")
    @classmethod
    def _user_ids_only(cls, value: str) -> str:
        """Admins are users (positive ids): a group's or channel's id (negative) would let everyone in it
        see the admin notices, and is refused like anything that is no number."""
        for part in _id_list(value):
            if re.fullmatch(r"-\d+", part):
                raise ValueError(f"{part} is a group or channel id; admins must be users (positive ids)")
            if not re.fullmatch(r"\d{1,20}", part) or int(part) == 0:
                raise ValueError(f"{part!r} is not a Telegram user id, which is a positive number")
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(part) for part in _id_list(self.wbv_admin_ids))

    def token(self) -> str:
        """The bot token; raises :class:`ConfigError` when it is missing or malformed."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value().strip():
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected the form 123456789:ABC…)")
        return token

    def require_webhook_url(self) -> str:
        if not self.wbv_webhook_url:
            raise ConfigError("WBV_WEBHOOK_URL is required in webhook mode (the bot's public https:// URL)")
        return self.wbv_webhook_url


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
    names = Settings.model_fields.keys()
    values = {**read_env_file(env_file), **{key.lower(): value for key, value in os.environ.items()}}
    values = {name: value for name, value in values.items() if name in names and value != ""}
    values |= {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**values)
    except ValidationError as exc:
        fields = "; ".join(
            f"{str(error['loc'][0]).upper()}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        )
        raise ConfigError(f"invalid setting(s): {fields}") from None


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
