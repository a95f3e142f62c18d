"""Settings from environment variables and an optional ``.env`` file (pydantic-settings).

This is the only module that reads the environment, and every default lives here: the command line,
the Telegram adapter and the curation tools all take their settings from :func:`load_settings`, so
``wbv-bot check`` checks exactly the knowledge base that ``wbv-bot run`` serves.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.loader import SHIPPED_KNOWLEDGE_DIR

__all__ = [  # SHIPPED_KNOWLEDGE_DIR is defined by the loader and offered here with the other defaults
    "SHIPPED_KNOWLEDGE_DIR", "TELEGRAM_API_BASE_URL", "TOKEN_PATTERN",
    "ConfigError", "Settings", "load_settings",
]  # fmt: skip

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# Telegram bot tokens look like "123456789:AAH…" (a numeric bot id, a colon, 30+ URL-safe characters).
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,}$")


class Settings(BaseSettings):
    """Everything the bot can be configured with; see ``deploy/env.example`` for defaults."""

    # An empty value ("WBV_HEALTH_PORT=") means "not set", as operators write it in env files.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

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


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and .env, under ``overrides`` that are not None (command-line options).

    A bad value is a :class:`ConfigError` naming the variable.
    """
    try:
        return Settings(**{name: value for name, value in overrides.items() if value is not None})
    except ValidationError as exc:
        fields = "; ".join(
            f"{str(error['loc'][0]).upper()}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        )
        raise ConfigError(f"invalid setting(s): {fields}") from None
