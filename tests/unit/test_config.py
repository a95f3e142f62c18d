"""Settings: admin ids are users' ids, and a bad value is one clear line naming the variable."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", frozenset()), ("4242", {4242}), ("1, 2 3,,4", {1, 2, 3, 4}), (" 77 ", {77})],
)
def test_admin_ids_are_read_from_a_list(value: str, expected: set[int], monkeypatch) -> None:
    monkeypatch.setenv("WBV_ADMIN_IDS", value)
    assert load_settings(env_file=None).admin_ids == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-1001234567890", "-1001234567890 is a group or channel id"),
        ("4242, -77", "-77 is a group or channel id"),
        ("abc", "'abc' is not a Telegram user id"),
        ("4242;4243", "'4242;4243' is not a Telegram user id"),
        ("0", "'0' is not a Telegram user id"),
    ],
)
def test_group_ids_and_non_numbers_are_refused_naming_the_variable(
    value: str, reason: str, monkeypatch
) -> None:
    monkeypatch.setenv("WBV_ADMIN_IDS", value)
    with pytest.raises(ConfigError) as refused:
        load_settings(env_file=None)
    message = str(refused.value)
    assert "WBV_ADMIN_IDS" in message and reason in message
    assert "\n" not in message and "int()" not in message


@pytest.mark.parametrize("value", ["-1001234567890", "abc"])
def test_run_refuses_bad_admin_ids_at_start_up_with_one_line_and_exit_2(
    value: str, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAHfakefakefakefakefakefakefakefake12")
    monkeypatch.setenv("WBV_ADMIN_IDS", value)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("wbv-bot: invalid setting(s): WBV_ADMIN_IDS: "), err


def test_an_env_file_is_read_as_operators_write_it(tmp_path, monkeypatch) -> None:
    for name in ("WBV_LOG_LEVEL", "WBV_API_TIMEOUT", "WBV_HEALTH_PORT", "WBV_MODE", "WBV_ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n\nexport WBV_LOG_LEVEL=DEBUG\nwbv_api_timeout = 2.5  # seconds\n"
        "WBV_HEALTH_PORT=\nWBV_WEBHOOK_PATH='/hook #1'\nWBV_ADMIN_IDS=\"4242\"\nnot a setting\n",
        encoding="utf-8",
    )
    settings = load_settings(env_file=env_file)
    assert settings.wbv_log_level == "DEBUG" and settings.wbv_api_timeout == 2.5
    assert settings.wbv_health_port is None  # empty means not set
    assert settings.wbv_webhook_path == "/hook #1" and settings.admin_ids == {4242}
    monkeypatch.setenv("WBV_LOG_LEVEL", "ERROR")  # the environment wins over the file
    assert load_settings(env_file=env_file).wbv_log_level == "ERROR"
    assert load_settings(env_file=env_file, wbv_mode="webhook").wbv_mode == "webhook"  # options win
    assert load_settings(env_file=tmp_path / "missing").wbv_log_level == "ERROR"


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("WBV_API_TIMEOUT", "abc", "must be a number"),
        ("WBV_API_TIMEOUT", "0", "must be more than 0"),
        ("WBV_HEALTH_PORT", "70000", "must be at most 65535"),
        ("WBV_HEALTH_PORT", "80.5", "must be a whole number"),
        ("WBV_RETENTION_DAYS", "0", "must be at least 1"),
        ("WBV_LOG_LEVEL", "verbose", "must be one of DEBUG, INFO, WARNING, ERROR"),
        ("WBV_FLOOD_LIMITS", "maybe", "must be true or false"),
        ("WBV_WEBHOOK_URL", "ftp://x.org", "must be the bot's public address, such as https://bot.example.org"),
    ],
)
def test_a_bad_value_is_told_in_plain_words_naming_the_variable(
    name: str, value: str, reason: str, monkeypatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        load_settings(env_file=None)
    assert str(refused.value) == f"invalid setting(s): {name}: {reason}"


def test_every_bad_value_is_listed_in_the_order_of_the_settings(monkeypatch) -> None:
    monkeypatch.setenv("WBV_MODE", "push")
    monkeypatch.setenv("WBV_API_TIMEOUT", "soon")
    with pytest.raises(ConfigError) as refused:
        load_settings(env_file=None)
    assert str(refused.value) == (
        "invalid setting(s): WBV_API_TIMEOUT: must be a number; WBV_MODE: must be one of polling, webhook"
    )


@pytest.mark.parametrize(
    ("value", "expected"), [("false", False), ("no", False), ("OFF", False), ("1", True), ("yes", True)]
)
def test_true_and_false_are_read_as_operators_write_them(value: str, expected: bool, monkeypatch) -> None:
    monkeypatch.setenv("WBV_FLOOD_LIMITS", value)
    assert load_settings(env_file=None).wbv_flood_limits is expected


def test_the_secrets_show_in_no_repr_and_no_error(monkeypatch) -> None:
    token, secret = "123456789:AAHsecretsecretsecretsecretsecret00", "webhook_secret_42"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", f" {token} ")
    monkeypatch.setenv("WBV_WEBHOOK_SECRET", secret)
    settings = load_settings(env_file=None)
    assert settings.token() == token and settings.wbv_webhook_secret.reveal() == secret
    shown = f"{settings!r} {settings} {settings.telegram_bot_token} {settings.wbv_webhook_secret}"
    assert token not in shown and secret not in shown and "Secret('**********')" in shown
    monkeypatch.setenv("WBV_WEBHOOK_SECRET", f"{secret}!")
    with pytest.raises(ConfigError) as refused:
        load_settings(env_file=None)
    assert secret not in str(refused.value) and "WBV_WEBHOOK_SECRET: may only use" in str(refused.value)
