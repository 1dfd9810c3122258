"""Production settings: refuse to start on a wrong default (each refusal names its cause),
pass `check --deploy` with the documented variables; the load balancer's probes."""

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
DOCUMENTED = {  # docs/configuration.md: what a production deployment sets
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "tinhuy.tayninh.dcs.vn",
    "BASE_URL": "https://tinhuy.tayninh.dcs.vn",
    "EMAIL_URL": "smtp+tls://portal:secret@mail.tayninh.gov.vn:587",
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


def setup_production(**env):
    """``django.setup()`` under the production settings with exactly ``env``."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    clean.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


LEFT_OUT = object()
REFUSALS = [  # (variable: LEFT_OUT or its value, what the refusal says)
    ("SECRET_KEY", LEFT_OUT, "SECRET_KEY is not set"),
    ("SECRET_KEY", "too-short", "SECRET_KEY must be at least 50"),
    ("ALLOWED_HOSTS", LEFT_OUT, "ALLOWED_HOSTS is not set"),
    ("EMAIL_URL", LEFT_OUT, "EMAIL_URL must name a mail server"),
    ("EMAIL_URL", "consolemail://", "EMAIL_URL must name a mail server"),
    ("EMAIL_URL", "memorymail://", "EMAIL_URL must name a mail server"),
    ("BASE_URL", LEFT_OUT, "BASE_URL is not set"),
    ("BASE_URL", "http://localhost:8000", "BASE_URL names this machine (localhost)"),
    ("BASE_URL", "http://127.0.0.1", "BASE_URL names this machine (127.0.0.1)"),
    ("BASE_URL", "https://tinhuy.example.vn", "host tinhuy.example.vn is not in ALLOWED_HOSTS"),
    ("BASE_URL", "tinhuy.tayninh.dcs.vn", "BASE_URL must be an http(s) address"),
    ("BASE_URL", "https://tinhuy.tayninh.dcs.vn/cong/", "without a path"),
    ("DATABASE_URL", LEFT_OUT, "DATABASE_URL is not set"),
    ("DATABASE_URL", "sqlite:////tmp/portal.sqlite3", "set PORTAL_EMBEDDED_SQLITE=true"),
]


def test_production_refuses_each_wrong_default_with_its_reason():
    def attempt(case):
        name, value, _message = case
        env = {k: v for k, v in DOCUMENTED.items() if k != name}
        if value is not LEFT_OUT:
            env[name] = value
        return setup_production(**env)

    with ThreadPoolExecutor(4) as pool:  # one process start each, a few at a time
        results = list(pool.map(attempt, REFUSALS))
    for (name, value, message), result in zip(REFUSALS, results, strict=True):
        case = f"{name}={'(unset)' if value is LEFT_OUT else value}"
        assert result.returncode != 0, case
        assert "ImproperlyConfigured: Production settings refused" in result.stderr, case
        assert message in result.stderr, (case, result.stderr[-600:])
        assert "started" not in result.stdout


def test_every_problem_is_named_at_once():
    result = setup_production()  # nothing set at all
    assert result.returncode != 0
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "BASE_URL", "DATABASE_URL"):
        assert f"- {name}" in result.stderr, name


def test_production_starts_with_the_documented_variables_or_explicit_sqlite(tmp_path):
    assert setup_production(**DOCUMENTED).stdout.strip() == "started"
    embedded = {k: v for k, v in DOCUMENTED.items() if k != "DATABASE_URL"}
    assert setup_production(**embedded, PORTAL_EMBEDDED_SQLITE="true").stdout.strip() == "started"
    sqlite = {**embedded, "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}"}
    assert setup_production(**sqlite, PORTAL_EMBEDDED_SQLITE="true").stdout.strip() == "started"
    # A wildcard ALLOWED_HOSTS entry serves BASE_URL's host.
    wildcard = {**DOCUMENTED, "ALLOWED_HOSTS": ".tayninh.dcs.vn"}
    assert setup_production(**wildcard).stdout.strip() == "started"


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
