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
    assert load_settings(_env_file=None).admin_ids == expected


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
        load_settings(_env_file=None)
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
