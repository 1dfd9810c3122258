"""Production: the process refuses to start on a default that would be wrong for readers.

Every problem is named at once, in one ImproperlyConfigured: no or a short SECRET_KEY, no
ALLOWED_HOSTS, mail that goes nowhere (console, local memory, dummy), a missing BASE_URL
or one on localhost or on a host ALLOWED_HOSTS does not serve, and no DATABASE_URL unless
PORTAL_EMBEDDED_SQLITE=true says SQLite is meant (docs/configuration.md).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import (
    ADMIN_CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY,
    DATABASES,
    EMAIL_BACKEND,
    PORTAL_EMBEDDED_SQLITE,
    STORAGES,
    env,
)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
BASE_URL = env.str("BASE_URL", default="").rstrip("/")
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = BASE_URL

# Demo content and seed_demo are for development and tests only.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]  # noqa: F405

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
_SILENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def _problems():
    if not SECRET_KEY:
        yield "SECRET_KEY is not set: give it at least 50 random characters."
    elif len(SECRET_KEY) < 50:
        yield "SECRET_KEY must be at least 50 random characters."
    if not ALLOWED_HOSTS:
        yield "ALLOWED_HOSTS is not set: list the host names readers use, comma-separated."
    if EMAIL_BACKEND in _SILENT_MAIL_BACKENDS or not env.str("EMAIL_URL", default=""):
        yield (
            "EMAIL_URL must name a mail server (smtp+tls://user:password@mail.example.vn:587): "
            "console, local-memory and dummy mail lose the replies to senders."
        )
    yield from _base_url_problems()
    if not env.str("DATABASE_URL", default="") and not PORTAL_EMBEDDED_SQLITE:
        yield (
            "DATABASE_URL is not set (postgres://user:password@host:5432/portal); "
            "set PORTAL_EMBEDDED_SQLITE=true only if SQLite is meant."
        )
    elif DATABASES["default"]["ENGINE"].endswith("sqlite3") and not PORTAL_EMBEDDED_SQLITE:
        yield "DATABASE_URL names SQLite: set PORTAL_EMBEDDED_SQLITE=true if SQLite is meant."


def _base_url_problems():
    if not BASE_URL:
        yield (
            "BASE_URL is not set: the address readers reach the portal at, "
            "e.g. https://tinhuy.tayninh.dcs.vn (links in the API, feeds and e-mails)."
        )
        return
    parts = urlsplit(BASE_URL)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        yield f"BASE_URL must be an http(s) address such as https://tinhuy.tayninh.dcs.vn, not {BASE_URL!r}."
    elif host in _LOCAL_HOSTS or host.endswith(".localhost"):
        yield f"BASE_URL names this machine ({host}): readers elsewhere cannot follow its links."
    elif not validate_host(host, ALLOWED_HOSTS):
        yield f"BASE_URL's host {host} is not in ALLOWED_HOSTS: requests to it would be refused."
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        yield f"BASE_URL is a scheme and host (and port), without a path: not {BASE_URL!r}."


_PROBLEMS = list(_problems())
if _PROBLEMS:
    raise ImproperlyConfigured(
        "Production settings refused:\n" + "\n".join(f"- {problem}" for problem in _PROBLEMS)
    )

# --- HTTPS and cookies ------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # X_FRAME_OPTIONS=SAMEORIGIN, for the PDF viewer
# Browsers upgrade any http:// sub-resource.
for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True

# --- Static files: compressed, with hashed names ----------------------------------------
STORAGES = {
    "default": STORAGES["default"],  # local disk, or S3 when AWS_STORAGE_BUCKET_NAME is set
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
