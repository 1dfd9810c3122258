"""Response headers on public and admin pages, the public templates' CSP promise (no inline
script or style), rate limits answering 429 in Vietnamese, and `check --deploy`."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


def csp(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


class InlineCode(HTMLParser):
    """Collects inline scripts (not JSON data blocks), style attributes and on* handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append(f"<script> without src: {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def public_urls(article, directive, topic, section):
    return [
        "/",
        article.url,
        directive.url,
        topic.url,
        section.url,
        article.get_parent().url,
        "/search/?q=nghi+quyet",
        "/khong-co-trang-nay/",
    ]


def test_public_pages_have_a_strict_policy_and_no_inline_code(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = csp(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]
        assert all(src.startswith(("'", "https://", "data:")) for src in policy["frame-src"])
        assert inline_code(response.text) == [], url


def test_public_headers(client, article):
    response = client.get(article.url)
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the in-page PDF viewer
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_cached_pages_keep_their_headers(client, article):
    client.get(article.url)
    hit = client.get(article.url)
    assert hit["X-Page-Cache"] == "hit"
    assert csp(hit)["script-src"] == ["'self'"]
    assert hit["Permissions-Policy"]


def test_admin_gets_the_workable_policy(admin_client, article):
    for url in ("/admin/", f"/admin/pages/{article.pk}/edit/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        policy = csp(response)
        assert "'unsafe-inline'" in policy["script-src"]
        assert "'unsafe-inline'" in policy["style-src"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Frame-Options"] == "SAMEORIGIN"


# --- rate limits ---------------------------------------------------------------------


@override_settings(PORTAL_RATE_LIMITS={"search": "2/m", "login": "2/m"})
@pytest.mark.parametrize("url", ["/search/?q=tu-{n}", "/search/suggest/?q=tu-{n}"])
def test_search_is_rate_limited(client, home, url):
    for n in range(2):
        assert client.get(url.format(n=n), REMOTE_ADDR="192.0.2.50").status_code == 200
    refused = client.get(url.format(n=9), REMOTE_ADDR="192.0.2.50")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.text
    assert refused["Retry-After"]
    assert client.get(url.format(n=10), REMOTE_ADDR="192.0.2.51").status_code == 200


@override_settings(PORTAL_RATE_LIMITS={"search": "", "login": "2/m"})
def test_admin_login_post_is_rate_limited(client, home):
    data = {"username": "ai-do", "password": "sai-mat-khau"}
    for _ in range(2):
        assert client.post("/admin/login/", data, REMOTE_ADDR="192.0.2.60").status_code == 200
    assert client.post("/admin/login/", data, REMOTE_ADDR="192.0.2.60").status_code == 429
    assert client.get("/admin/login/", REMOTE_ADDR="192.0.2.60").status_code == 200  # GET free


# --- deployment checklist --------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # The test runner's own switches (the browser tests allow async-unsafe ORM calls) are not
    # the deployment's environment.
    runner_only = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **{key: value for key, value in os.environ.items() if key not in runner_only},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "tinhuy.example.vn",
        "BASE_URL": "https://tinhuy.example.vn",
        "EMAIL_URL": "smtp+tls://portal:secret@mail.example.vn:587",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "PORTAL_EMBEDDED_SQLITE": "true",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
