"""Production settings: refuse to start without their secrets, pass `check --deploy` with
the documented variables; the load balancer's probes."""

import json
import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(60)
DOCUMENTED = {  # README, "Configuration": what a production deployment sets
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "tinhuy.tayninh.dcs.vn",
    "DATABASE_URL": "postgres://portal:secret@10.0.0.21:5432/portal",
    "CONN_MAX_AGE": "60",
    "REDIS_URL": "redis://10.0.0.31:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "portal-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
    "AWS_ACCESS_KEY_ID": "portal",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "FRONTEND_CACHE_URLS": "http://10.0.0.41:6081,http://10.0.0.42:6081",
    "ELASTICSEARCH_URL": "http://10.0.0.51:9200",
}


def manage(*args, **env):
    # Nothing of the test session's own (DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser
    # tests, is an error under --deploy; DJANGO_SETTINGS_MODULE is set below).
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in DOCUMENTED and k != "DEBUG" and not k.startswith("DJANGO_")
    }
    clean.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **DOCUMENTED)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


REFUSALS = [  # (variable left out, variables changed, what the error names)
    ("SECRET_KEY", {}, "SECRET_KEY"),
    ("", {"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50"),
    ("ALLOWED_HOSTS", {}, "ALLOWED_HOSTS"),
]


def test_production_refuses_to_start_without_its_secrets():
    def attempt(case):
        missing, changed, _message = case
        env = {k: v for k, v in DOCUMENTED.items() if k != missing}
        return manage("check", **{**env, **changed})

    with ThreadPoolExecutor(len(REFUSALS)) as pool:  # one process start each, in parallel
        results = list(pool.map(attempt, REFUSALS))
    for (_missing, _changed, message), result in zip(REFUSALS, results, strict=True):
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_has_no_demo_content():
    """The demo app (seed_demo and its content) is left out of production (issue #19)."""
    result = manage("seed_demo", "--help", **DOCUMENTED)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would raise
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_component_and_is_never_cached(client, home):
    for _ in range(2):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "search": "ok"}
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
)
def test_readyz_stays_in_service_when_only_the_cache_is_down(client, home):
    response = client.get("/readyz?<script>=1")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "failed",
        "search": "ok",
    }
    assert "127.0.0.1" not in json.dumps(response.json())


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_answer_over_plain_http_when_everything_else_redirects(client, home):
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
