"""Settings come from the environment and refuse what they cannot understand."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as project_settings
from config.env import env_bool, env_database, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parents[3]


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a clean environment: nothing leaks in from the test run's variables."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CARBON20_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("value", ["maybe", "2", "ja", "truthy"])
def test_env_bool_refuses_what_is_not_a_boolean(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("off", False), ("0", False), ("", False)],
)
def test_env_bool_reads_booleans(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env_bool("DEBUG", not expected) is expected


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", False) is False


def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch):
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT"):
        env_int("AXES_FAILURE_LIMIT", 5)
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "7")
    assert env_int("AXES_FAILURE_LIMIT", 5) == 7


def test_env_str_without_default_must_be_set(monkeypatch):
    monkeypatch.delenv("CARBON20_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="CARBON20_REQUIRED"):
        env_str("CARBON20_REQUIRED")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.dk, b.dk ,,")
    assert env_list("ALLOWED_HOSTS") == ["a.dk", "b.dk"]


def test_env_database_reads_postgres(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://carbon:secret@db.example.dk:5432/carbon20")
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "carbon20"
    assert config["HOST"] == "db.example.dk"


@pytest.mark.filterwarnings("ignore:Engine not recognized")
@pytest.mark.parametrize("url", ["nonsense://nowhere", "postgres//missing-colon", "not a url"])
def test_env_database_refuses_what_is_not_a_database_url(monkeypatch, tmp_path, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", tmp_path / "db.sqlite3")


def test_sqlite_by_default_in_wal_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_bad_debug_value_stops_start_up(tmp_path):
    result = _run(["-c", "import config.settings"], tmp_path, DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG='maybe' is not a boolean" in result.stderr


def test_production_without_secret_key_fails_loudly(tmp_path):
    result = _run(["-c", "import config.settings"], tmp_path, ALLOWED_HOSTS="carbon20.example.dk")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_fails_loudly(tmp_path):
    result = _run(["-c", "import config.settings"], tmp_path, SECRET_KEY="x" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    result = _run(
        ["-c", "from django.conf import settings; print(settings.DEBUG)"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="carbon20.example.dk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_key_is_read_from_the_var_folder(tmp_path):
    (tmp_path / "secret_key").write_text("development-key-from-file\n")
    result = _run(
        ["-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "development-key-from-file"


def test_deploy_check_passes_with_production_like_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="carbon20.example.dk",
        SITE_URL="https://carbon20.example.dk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_in_debug(tmp_path):
    """The check above can fail: with DEBUG on it warns and the command exits non-zero."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="true",
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="carbon20.example.dk",
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_deploy_check_warns_while_site_url_is_local(tmp_path):
    """Mail links are built from SITE_URL; its development default must not reach production."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="carbon20.example.dk",
    )
    assert result.returncode != 0
    assert "carbon20.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "value", ["carbon20.example.dk", "ftp://carbon20.example.dk", "https://", "https://x.dk/?a=1"]
)
def test_env_url_refuses_what_is_not_an_absolute_address(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_url("SITE_URL", "http://127.0.0.1:8000")


def test_env_url_drops_the_trailing_slash(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://carbon20.example.dk/")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "https://carbon20.example.dk"
    monkeypatch.delenv("SITE_URL")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_site_url_falls_back_to_its_earlier_name(tmp_path):
    result = _run(
        ["-c", "from config import settings; print(settings.SITE_URL)"],
        tmp_path,
        SECRET_KEY="x",
        ALLOWED_HOSTS="x",
        PLATFORM_URL="https://old.example.dk/",
    )
    assert result.stdout.strip() == "https://old.example.dk", result.stderr


def test_cookies_are_secure_and_http_only_when_debug_is_off(settings):
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_SECURE and settings.CSRF_COOKIE_HTTPONLY
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
