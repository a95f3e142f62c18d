"""The deployment files tell the truth: env.example, the Docker image and the systemd unit together give
the settings the guide promises, as compose (env_file over the image's ENV) and systemd
(EnvironmentFile= over Environment=) combine them."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest
from helpers import ROOT, TOKEN

from bot.config import Settings, load_settings

DEPLOY = ROOT / "deploy"
SETTING = re.compile(r"^(#\s)?([A-Z][A-Z_]+)=(.*)$")
SETTINGS = {field.name: field for field in msgspec.structs.fields(Settings)}


def example_lines() -> dict[str, tuple[bool, str]]:
    """Every setting in env.example: whether it is active (not commented out) and its value."""
    found = {}
    for line in (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines():
        match = SETTING.match(line)
        if match:
            found[match.group(2)] = (match.group(1) is None, match.group(3))
    return found


def active_example(token: str = TOKEN) -> dict[str, str]:
    """What an operator's copy sets after filling in the token, as the guide says."""
    values = {key: value for key, (active, value) in example_lines().items() if active}
    return values | {"TELEGRAM_BOT_TOKEN": token}


def settings_from(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in SETTINGS:
        monkeypatch.delenv(name.upper(), raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    return load_settings(env_file=None)


def test_env_example_lists_every_setting_with_its_default_and_sets_only_the_token() -> None:
    example = example_lines()
    assert set(example) == {name.upper() for name in SETTINGS}
    assert [key for key, (active, _) in example.items() if active] == ["TELEGRAM_BOT_TOKEN"]
    for name, field in SETTINGS.items():
        written = example[name.upper()][1]
        if field.default is None:
            assert written == "", name
        elif isinstance(field.default, bool):  # written as operators write it
            assert written == str(field.default).lower(), name
        elif name != "wbv_knowledge_dir":  # its default is wherever the bot is installed
            assert written == str(field.default), name


def test_the_docker_image_with_env_example_as_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    image_env = dict(re.findall(r"(WBV_[A-Z_]+)=(\S+)", dockerfile))
    settings = settings_from(image_env | active_example(), monkeypatch)  # compose: env_file wins
    assert settings.wbv_knowledge_dir == Path("/knowledge") and settings.wbv_data_dir == Path("/data")
    assert (settings.wbv_health_listen, settings.wbv_health_port) == ("0.0.0.0", 8081)
    assert settings.token() == TOKEN


def test_the_systemd_unit_with_env_example_as_environment_file(monkeypatch: pytest.MonkeyPatch) -> None:
    unit = (DEPLOY / "wbv-bot.service").read_text(encoding="utf-8")
    unit_env = dict(re.findall(r"^Environment=(\w+)=(\S+)$", unit, flags=re.MULTILINE))
    settings = settings_from(unit_env | active_example(), monkeypatch)  # EnvironmentFile= wins
    assert settings.wbv_data_dir == Path("/var/lib/wbv-bot")
    assert settings.wbv_knowledge_dir == Path("/etc/wbv-bot/knowledge")


def test_the_image_copies_only_what_it_needs() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for path in (".git", ".venv", ".env", "data/"):
        assert path in ignored


def test_container_and_service_run_the_documented_command() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["wbv-bot", "run"]' in dockerfile and 'CMD ["wbv-bot", "health"]' in dockerfile
    assert "USER wbv" in dockerfile and "--require-hashes -r requirements.lock" in dockerfile
    unit = (DEPLOY / "wbv-bot.service").read_text(encoding="utf-8")
    for setting in ("ProtectSystem=strict", "StateDirectory=wbv-bot", "Restart=on-failure", "User=wbv-bot",
                    "ExecReload=/bin/kill -HUP $MAINPID"):  # fmt: skip
        assert setting in unit
