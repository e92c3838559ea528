import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qbank.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_refuses_values_it_does_not_understand(monkeypatch):
    monkeypatch.setenv("QBANK_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="QBANK_FLAG"):
        env_bool("QBANK_FLAG", False)


def test_env_helpers_parse_their_types(monkeypatch):
    monkeypatch.setenv("QBANK_FLAG", "off")
    monkeypatch.setenv("QBANK_INT", "42")
    monkeypatch.setenv("QBANK_LIST", "a.example, b.example,")
    assert env_bool("QBANK_FLAG", True) is False
    assert env_int("QBANK_INT", 0) == 42
    assert env_list("QBANK_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("QBANK_INT", "lots")
    with pytest.raises(ImproperlyConfigured, match="QBANK_INT"):
        env_int("QBANK_INT", 0)


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="x" * 60 + "-a-long-random-production-secret", ALLOWED_HOSTS="qbank.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="qbank.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_int_refuses_values_below_its_minimum(monkeypatch):
    monkeypatch.setenv("QBANK_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("QBANK_INT", 5, minimum=1)
