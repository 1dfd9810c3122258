"""Production: secrets and hosts must come from the environment, or the process refuses to start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES as BASE_STORAGES
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Demo content and seed_demo are for development and tests only.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# SAMEORIGIN: a document page shows its PDF in an <iframe> from the same site.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # SAMEORIGIN on purpose, for the PDF viewer

STORAGES = {
    "default": BASE_STORAGES["default"],  # local disk, or S3 when AWS_STORAGE_BUCKET_NAME is set
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security (issue #10): cookies only over HTTPS, and browsers upgrade any http:// sub-resource.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True
