"""Settings for the test suite: fast hashing, in-memory mail, media in a temporary folder.

The database is still the one DATABASE_URL names (SQLite by default, PostgreSQL in CI's
second run), so tests exercise the real engines.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo speaks two articles, not 24: every seed in the suite still goes through espeak-ng
# and lame (demo.narration), at a twelfth of the cost.
DEMO_NARRATIONS = 2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory: the live server (browser tests) answers each
    # request in its own thread, and on an in-memory database those threads share the test's
    # one connection, so two overlapping admin requests can fail with "database table is
    # locked". With a file each thread has its own connection and waits its turn (WAL).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="portal-test-db-")) / "test.sqlite3")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Commits do not wait for the WAL to reach the disk (a crash could lose the last few
    # transactions of a test database, nothing else changes): the migrations at test
    # database creation and the transactional tests (browser, backups) commit thousands
    # of times. A session setting, so no server change is needed.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's host: absolute links in the tests name the server they asked.
BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Rate limits off, so suites that send many requests are not refused; the rate-limit tests
# turn each one on with override_settings.
PORTAL_RATE_LIMITS = dict.fromkeys(PORTAL_RATE_LIMITS, "")  # noqa: F405

# Feeds in: the test server answers at once or never; a short timeout keeps the
# "server never answers" test quick.
NEWSFEEDS_TIMEOUT = (2.0, 1.0)
NEWSFEEDS_DEADLINE = 5.0
# Accounts: suites log in with force_login / client.login; the security tests
# turn lockout and two-factor on with override_settings.
AXES_ENABLED = False
PORTAL_TWO_FACTOR_REQUIRED = False
# Feedback: attachments in a temporary folder.
FEEDBACK_PRIVATE_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
# Attachment text: extracted in the save (still in the limited child process), so suites
# see it at once; the background path has its own tests.
PORTAL_EXTRACT_IN_BACKGROUND = False
# The embedded search engine's index: one folder per test process (never shared between
# pytest-xdist workers or two suites running at once).
# In memory where the machine has it (/dev/shm): a commit per page save, no disk flush.
SEARCH_INDEX_DIR = Path(
    tempfile.mkdtemp(
        prefix="portal-test-search-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None
    )
)
