"""The deployment files tell the truth about the settings."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT

from bot.config import Settings

DEPLOY = ROOT / "deploy"


def example_settings() -> dict[str, str]:
    lines = (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {key: value for key, value in pairs}


def test_env_example_lists_every_setting_with_its_default() -> None:
    example = example_settings()
    assert set(example) == {name.upper() for name in Settings.model_fields}
    for name, field in Settings.model_fields.items():
        default = field.default
        written = example[name.upper()]
        if default is None:
            assert written == "", name
        elif name != "wbv_knowledge_dir":
            assert written == str(default), name


def test_env_example_loads_as_valid_settings(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text((DEPLOY / "env.example").read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.wbv_mode == "polling" and settings.wbv_health_port is None


def test_container_and_service_run_the_documented_command() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["wbv-bot", "run"]' in dockerfile and 'CMD ["wbv-bot", "health"]' in dockerfile
    assert "USER wbv" in dockerfile
    unit = (DEPLOY / "wbv-bot.service").read_text(encoding="utf-8")
    for setting in ("ProtectSystem=strict", "StateDirectory=wbv-bot", "Restart=on-failure", "User=wbv-bot",
                    "ExecReload=/bin/kill -HUP $MAINPID"):  # fmt: skip
        assert setting in unit
