"""Production settings take their secrets from the environment and refuse to start without them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-a-long-random-production-secret-for-tests-only-0123456789"


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="handleplan.settings_production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "handleplan.example.dk"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "handleplan.example.dk"}, "at least 50"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must list"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "CONN_MAX_AGE": "lots"},
            "CONN_MAX_AGE must be an integer",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "SECURE_SSL_REDIRECT": "perhaps"},
            "SECURE_SSL_REDIRECT must be one of",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "REDIS_URL": "cache.internal:6379"},
            "REDIS_URL must be a redis:// URL",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x", "TRUSTED_PROXIES": "-1"},
            "TRUSTED_PROXIES must be 0 or more",
        ),
    ],
)
def test_production_refuses_to_start_without_good_settings(env, complaint):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="x"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "backend", "sessions"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache", "django.contrib.sessions.backends.db"),
        (
            {"REDIS_URL": "redis://cache.internal:6379/0"},
            "django.core.cache.backends.redis.RedisCache",
            "django.contrib.sessions.backends.cached_db",  # kept in the database too
        ),
    ],
)
def test_the_cache_and_sessions_are_shared_by_every_app_server(env, backend, sessions):
    """The database or Redis, never one process's memory (a second server must see it)."""
    show = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    result = _manage("shell", "-c", show, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="x", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [backend, sessions]


@pytest.mark.django_db
def test_the_suites_cache_answers():
    """CI runs the suite with REDIS_URL set: then Redis must answer, or every test that
    reads a page would pass without it. A cache that does not answer fails here."""
    from django.core.cache import cache

    cache.set("suite-check", "svar", 10)
    assert cache.get("suite-check") == "svar"


def test_language_cookie_is_secure_and_same_site_in_production():
    """Like the session cookie: sent only over HTTPS, never with another site's
    requests, and out of reach of scripts."""
    script = (
        "from django.test import Client\n"
        "response = Client().post('/i18n/setlang/', {'language': 'en', 'next': '/'}, secure=True)\n"
        "cookie = response.cookies['django_language']\n"
        "print(response.status_code, cookie.value, bool(cookie['secure']), cookie['samesite'],"
        " bool(cookie['httponly']))\n"
    )
    result = _manage(
        "shell", "--no-imports", "-c", script, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="testserver"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["302", "en", "True", "Lax", "True"]
