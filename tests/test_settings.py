"""One settings object: defaults, validation, and changes of the environment seen at the next read."""

import pytest
from pydantic import ValidationError

import settings


def test_defaults_are_closed_and_local(monkeypatch):
    for name in ("ACTION_HOST", "STAFF_HOST", "SHEBAO_ENV", "ACTION_PORT"):
        monkeypatch.delenv(name, raising=False)
    config = settings.get()
    assert (config.action_host, config.staff_host, config.action_port) == ("127.0.0.1", "127.0.0.1", 5055)
    assert not config.production
    assert config.model == settings.PROJECT_ROOT / "models" / "current.tar.gz"


def test_a_changed_variable_is_seen_at_the_next_read(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert settings.get().retention_days == 30
    monkeypatch.setenv("RETENTION_DAYS", "31")
    assert settings.get().retention_days == 31
    monkeypatch.setenv("SHEBAO_ENV", "Production")
    assert settings.get().production


@pytest.mark.parametrize(
    "name, value, named",
    [
        ("ACTION_PORT", "http", "action_port"),
        ("ACTION_PORT", "70000", "action_port"),
        ("RETENTION_DAYS", "0", "retention_days"),
        ("LIMIT_X_PER_SENDER", "-1", "limits -> X_PER_SENDER"),
    ],
)
def test_an_invalid_value_names_the_variable(monkeypatch, name, value, named):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        settings.get()
    assert named in str(error.value)


def test_endpoint_limits_come_from_limit_variables(monkeypatch):
    monkeypatch.setenv("LIMIT_WIDGET_MESSAGE_PER_SENDER", "7")
    assert settings.get().limit("widget_message_per_sender", 3) == 7
    assert settings.get().limit("feedback_per_sender", 3) == 3


def test_no_module_reads_the_environment_itself():
    """Every setting is read through settings.get(): no stray os.environ / getenv reads."""
    import re

    read = re.compile(r"os\.environ(\.get)?[\[(]|os\.getenv\(|environ\.get\(")
    found = []
    for folder in ("knowledge", "assistant", "presentation", "actions", "bot", "offline"):
        for path in sorted((settings.PROJECT_ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if read.search(line):
                    found.append(f"{path.relative_to(settings.PROJECT_ROOT)}:{number}: {line.strip()}")
    assert found == []
