import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from qbank.databases import isolated_test_database_name
from qbank.env import env_bool, env_date, env_float, env_int, env_list
from tests.project_settings import NOT_INHERITED

ROOT = Path(__file__).resolve().parents[2]


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


def test_env_date_reads_an_iso_date_or_nothing(monkeypatch):
    monkeypatch.setenv("QBANK_DATE", "2024-06-30")
    assert env_date("QBANK_DATE") == date(2024, 6, 30)
    monkeypatch.setenv("QBANK_DATE", " ")
    assert env_date("QBANK_DATE") is None
    monkeypatch.setenv("QBANK_DATE", "30/06/2024")
    with pytest.raises(ImproperlyConfigured, match="QBANK_DATE"):
        env_date("QBANK_DATE")


def _manage(*args, **env):
    # The project's settings as manage.py reads them, not the test run's.
    # DJANGO_ALLOW_ASYNC_UNSAFE is set once the browser tests have run in this process.
    full_env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="x" * 60 + "-a-long-random-production-secret", ALLOWED_HOSTS="qbank.example",
        SITE_URL="https://qbank.example",
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


def test_env_float_refuses_values_outside_its_bounds_and_non_numbers(monkeypatch):
    monkeypatch.setenv("QBANK_FLOAT", "0.25")
    assert env_float("QBANK_FLOAT", 0.15, minimum=0.0, maximum=1.0) == 0.25
    for raw, problem in [
        ("1.5", "at most 1.0"),
        ("-0.1", "at least 0.0"),
        ("nan", "finite"),
        ("inf", "finite"),
    ]:
        monkeypatch.setenv("QBANK_FLOAT", raw)
        with pytest.raises(ImproperlyConfigured, match=f"QBANK_FLOAT.*{problem}"):
            env_float("QBANK_FLOAT", 0.15, minimum=0.0, maximum=1.0)


def test_the_struggle_thresholds_default_to_their_documented_values_and_refuse_bad_ones(read_settings):
    assert (settings.STRUGGLE_Z, settings.STRUGGLE_MARGIN) == (3.29, 0.15)
    with pytest.raises(ImproperlyConfigured, match=re.escape("STRUGGLE_MARGIN='15%' is not a number")):
        read_settings(DEBUG="1", STRUGGLE_MARGIN="15%")
    with pytest.raises(ImproperlyConfigured, match=re.escape("STRUGGLE_Z='0.5' must be at least 1.0")):
        read_settings(DEBUG="1", STRUGGLE_Z="0.5")
    assert read_settings(DEBUG="1", STRUGGLE_Z="2.58")["STRUGGLE_Z"] == 2.58


def test_debug_is_off_unless_asked_for(read_settings):
    assert read_settings(SECRET_KEY="y" * 60, SITE_URL="https://qbank.example")["DEBUG"] is False


def test_forgetting_every_variable_does_not_start_in_debug_mode(read_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        read_settings()


def test_development_key_is_refused_in_production(read_settings):
    with pytest.raises(ImproperlyConfigured, match="not a development key"):
        read_settings(DEBUG="0", SECRET_KEY="django-insecure-development-only-key-never-use-in-production")


def test_debug_mode_has_a_development_key_without_configuration(read_settings):
    assert read_settings(DEBUG="1")["SECRET_KEY"].startswith("django-insecure-")


def test_missing_database_url_says_how_to_get_a_database():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert "make run" in result.stderr
    assert "python -m tools.devdb" in result.stderr


def test_sqlite_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must point at Postgres"):
        read_settings(DEBUG="1", DATABASE_URL="sqlite:///var/db.sqlite3")


def test_each_checkout_gets_its_own_test_databases():
    here = isolated_test_database_name("qbank", Path("/home/ann/qbank"))
    there = isolated_test_database_name("qbank", Path("/home/ann/qbank-review"))
    assert here != there
    assert here.startswith("test_qbank_")
    assert here == isolated_test_database_name("qbank", Path("/home/ann/qbank"))


def test_test_database_names_fit_postgres_with_the_xdist_suffix():
    name = isolated_test_database_name("q" * 100, ROOT)
    assert len(f"{name}_gw99") <= 63
    # The part that keeps checkouts apart is never the part that is cut.
    assert name.endswith(isolated_test_database_name("qbank", ROOT)[-9:])


@pytest.mark.django_db
def test_this_run_uses_the_checkouts_test_database():
    configured = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    expected = isolated_test_database_name(configured, settings.BASE_DIR)
    # pytest-xdist adds _gwN to the name from settings.
    assert connection.settings_dict["NAME"] in {expected, *(f"{expected}_gw{n}" for n in range(64))}


def test_upload_storage_comes_from_the_environment(read_settings):
    storages = read_settings(
        DEBUG="1",
        MEDIA_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        MEDIA_STORAGE_OPTIONS='{"base_url": "https://media.example.com/"}',
    )["STORAGES"]
    assert storages["default"] == {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"base_url": "https://media.example.com/"},
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE_BACKEND": "storages.backends.nowhere.Storage"}, "MEDIA_STORAGE_BACKEND="),
        ({"MEDIA_STORAGE_BACKEND": "django.core.files.storage.NoSuchStorage"}, "no 'NoSuchStorage'"),
        ({"MEDIA_STORAGE_OPTIONS": "{bucket: x}"}, "MEDIA_STORAGE_OPTIONS is not valid JSON"),
        ({"MEDIA_STORAGE_OPTIONS": '["bucket"]'}, "MEDIA_STORAGE_OPTIONS must be a JSON object"),
    ],
)
def test_a_wrong_upload_storage_stops_the_start_with_its_name(read_settings, env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        read_settings(DEBUG="1", **env)


def test_production_refuses_to_start_without_a_site_address(read_settings):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be set when DEBUG is off"):
        read_settings(SECRET_KEY="y" * 60, ALLOWED_HOSTS="qbank.example")


def test_site_address_is_kept_as_scheme_and_host(read_settings):
    production = read_settings(SECRET_KEY="y" * 60, SITE_URL=" https://QBank.example/ ")
    assert production["SITE_URL"] == "https://qbank.example"
    assert read_settings(DEBUG="1")["SITE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("qbank.example", "is not an http:// or https:// address"),
        ("ftp://qbank.example", "is not an http:// or https:// address"),
        ("https://qbank.example/qbank", "must be the scheme and host only"),
        ("https://qbank.example/?next=/", "must be the scheme and host only"),
        ("https://admin:secret@qbank.example", "must not name a user"),
        ("https://qbank example", "is not a valid address"),
        ("https://qbank.example:99999", "is not a valid address"),
    ],
)
def test_a_wrong_site_address_stops_the_start_with_its_name(read_settings, value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(f"SITE_URL={value!r} {message}")):
        read_settings(DEBUG="1", SITE_URL=value)


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(read_settings):
    on = read_settings(DEBUG="1")["DATABASES"]["default"]["OPTIONS"]
    off = read_settings(DEBUG="1", DATABASE_PREPARED_STATEMENTS="0")["DATABASES"]["default"]["OPTIONS"]
    assert on["prepare_threshold"] == 2
    assert off["prepare_threshold"] is None
