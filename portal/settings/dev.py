"""Local development and the demo (`make run`): DEBUG off unless DEBUG=true, so a reader sees
the portal's own 404 and 500 pages, not Django's debug page; static files from WhiteNoise
(straight from the apps, no collectstatic), media files from Django; e-mail to the console;
an insecure default key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-6b1f0c1e9d2a4f3b8e7c5a1d")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
PORTAL_SERVE_MEDIA = True
