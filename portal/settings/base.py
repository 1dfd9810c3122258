"""Settings shared by every environment, by topic, top to bottom.

Everything a deployment changes is read from the environment through typed django-environ
calls (docs/configuration.md lists every variable); the defaults give the embedded setup:
SQLite, Wagtail's database search, local-memory cache, files on local disk, mail to the
console. ``production`` refuses those defaults where they would be wrong.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address readers reach the portal at (scheme, host, port). One rule (portal.links):
# a page's URL comes from its Wagtail Site (root_url); every other absolute URL (API
# detail links, feed self links, robots.txt, e-mails, the admin) from BASE_URL. `make run`
# sets it to the address it serves and `manage.py sync_default_site` makes the Site agree.
BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    # The portal's own apps.
    "portal",
    "newsfeeds",
    "api",
    "home",
    "navigation",
    "register",
    "syndication",
    "visits",
    "demo",
    "units",
    "articles",
    "search",
    "feedback",
    "schedules",
    "galleries",
    "materials",
    "narration",
    "nukeviet",
    # Wagtail.
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    # Libraries.
    "rest_framework",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_filters",
    # Django.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Accounts and security: login lockout, two-factor, the Content Security Policy.
    "accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
]

# --- Middleware -------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers first, so every response (page-cache hits and static files included) has them.
    "portal.headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions, CSRF and messages: a hit skips them, and a response that sets any
    # cookie on its way out is seen, and left uncached.
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as django-cors asks
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor: django-otp marks the verified device, then the portal's rule applies.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # late: it turns a lockout into its own answer
    # A media store that refuses a file fails the upload with a message (portal.storage).
    "portal.storage.StorageErrorMiddleware",
]

# --- URLs, templates, WSGI --------------------------------------------------------------
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# A SQLite file by default; any DATABASE_URL (postgres://user@host:5432/name) otherwise.
# Production needs DATABASE_URL, or PORTAL_EMBEDDED_SQLITE=true to say SQLite is meant.
PORTAL_EMBEDDED_SQLITE = env.bool("PORTAL_EMBEDDED_SQLITE", default=False)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the seed or an editor writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails fast.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions (shared by N stateless app servers) -----------------------------
# Local memory by default; Redis when REDIS_URL is set (shared by app servers), with short
# socket timeouts: an unreachable Redis must cost milliseconds, not a worker.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }
# Sessions live in the database with Redis in front (cached_db): a Redis outage costs a
# database read per request, never a logged-out editor or an error. Without Redis, the
# database alone: a per-process cache would keep a logged-out session alive elsewhere.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# Sessions end after SESSION_IDLE_MINUTES without a request (each request renews the
# cookie); a password change ends every other session (Django's session auth hash).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Accounts: passwords, login lockout, two-factor -------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures one username from one
# address is locked for the cool-off time. Username and address together, so an attacker
# elsewhere cannot lock a real editor out; the address is the one the rate limits trust.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Two-factor (django-otp TOTP): required for administrators and unit approvers when on;
# editors may turn it on for themselves (accounts.middleware).
PORTAL_TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Cổng TTĐT Đảng bộ tỉnh")

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first date input (26/11/2026), as the admin displays it.
FORMAT_MODULE_PATH = ["portal.formats"]
# Our translations (one folder per upstream catalogue) take precedence over the
# packages' own, which cover only part of the admin: Wagtail's in full, then what
# Django and its libraries lack. Django merges every catalogue of a language into
# one, so the first folder listed wins when two catalogues share a message.
LOCALE_PATHS = [BASE_DIR / "locale" / "portal"] + [
    path.parent.parent
    for family in ("wagtail", "django")
    for path in sorted((BASE_DIR / "locale" / family).glob("*/vi/LC_MESSAGES"))
]

# --- Static files, media, storage -------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Media on S3-compatible object storage when a bucket is named; on local disk otherwise,
# through Django's storage removing what a full disk left half-written (portal.storage).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_LOCATION = env.str("AWS_LOCATION", default="media")
    AWS_DEFAULT_ACL = None  # the bucket's policy decides; never public-read by accident
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
# Uploaded files served by Django itself: the demo only (portal.settings.dev); in production
# the web server or the object store serves them.
PORTAL_SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {
        "BACKEND": (
            "storages.backends.s3.S3Storage"
            if AWS_STORAGE_BUCKET_NAME
            else "portal.storage.FileSystemStorage"
        )
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -----------------------------------------------------------------------------
# The console by default; production refuses it (and every backend that sends nothing).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cong-thong-tin@localhost")
# A mail server that does not answer must not hold a request for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Cổng thông tin điện tử Đảng bộ tỉnh Tây Ninh")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail declares the password field without a label ("Password", untranslatable).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"
# What a reader meets at a restricted page or document: the portal's pages, not Wagtail's bare
# English-titled defaults.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "pages/password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "pages/password_required.html"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "pages/reader_login.html"
# django-filter's empty choice (readers' and editors' filters) instead of "---------".
FILTERS_EMPTY_CHOICE_LABEL = "— Tất cả —"
# Slugs are ASCII, as on every Vietnamese site; Vietnamese titles are folded
# (đ → d, marks stripped) by portal.vietnamese, in code and in the admin's JS.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Uploads: content checked against the extension, names cleaned (portal.uploads). Documents
# are served by Django: PDF inline, everything else as an attachment, with nosniff and
# "default-src 'none'" so no uploaded file can run script on the portal's origin.
# Videos and their WebVTT caption tracks (galleries) and recorded readings of articles
# (narration) are documents too, checked by content.
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "mp4", "webm", "vtt", "mp3", "m4a"]
DOCUMENT_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=30 * 1024 * 1024)
# Largest uploaded video (MP4/WebM), in megabytes; keep nginx's client_max_body_size above it.
GALLERIES_VIDEO_MAX_MB = env.int("GALLERIES_VIDEO_MAX_MB", default=100)
# Wagtail's own cap is the largest of every kind; portal.uploads keeps each kind's limit.
WAGTAILDOCS_MAX_UPLOAD_SIZE = max(DOCUMENT_MAX_UPLOAD_SIZE, GALLERIES_VIDEO_MAX_MB * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Local media with nginx on the same disk: the document view answers with X-Accel-Redirect to
# nginx's internal /media/documents/ location instead of streaming the file (portal.accel).
if env.bool("DOCUMENTS_X_ACCEL_REDIRECT", default=False):
    SENDFILE_BACKEND = "portal.accel"
# Attachment text for search (articles.attachments): a child process per file under hard
# limits, after the save (a background thread) so a save never waits for it.
PORTAL_EXTRACT_IN_BACKGROUND = env.bool("EXTRACT_IN_BACKGROUND", default=True)
PORTAL_EXTRACT_MAX_SECONDS = env.float("EXTRACT_MAX_SECONDS", default=30.0)
PORTAL_EXTRACT_MAX_CPU_SECONDS = env.int("EXTRACT_MAX_CPU_SECONDS", default=20)
PORTAL_EXTRACT_MAX_MEMORY_MB = env.int("EXTRACT_MAX_MEMORY_MB", default=768)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.PortalDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=15 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.uploads.PortalImageForm"
PORTAL_PAGE_SIZE = 20

# --- Search -----------------------------------------------------------------------------
# SEARCH_BACKEND picks the engine (docs/search.md): "tantivy", the default, the embedded
# engine (search.tantivy), its index files under SEARCH_INDEX_DIR on this machine's disk
# (any number of workers; one app server); "database", Wagtail's database backend (SQLite
# FTS5 or PostgreSQL full text, "simple" configuration), for several app servers on one
# PostgreSQL at modest sizes; "elasticsearch", the default when ELASTICSEARCH_URL names
# one node or several, comma-separated (the client spreads requests over them and retries
# on another). Text is indexed folded on every backend (portal.search_index).
ELASTICSEARCH_URL = env.list("ELASTICSEARCH_URL", default=[])
SEARCH_BACKEND = env.str(
    "SEARCH_BACKEND", default="elasticsearch" if ELASTICSEARCH_URL else "tantivy"
)
SEARCH_INDEX_DIR = env.path("SEARCH_INDEX_DIR", default=BASE_DIR / "var" / "search-index")
# Above this many matches, facet counts are estimated from a sample ("khoảng …").
SEARCH_EXACT_COUNT = env.int("SEARCH_EXACT_COUNT", default=10_000)
# Seconds an index write waits for the one writer before spooling the change.
SEARCH_WRITER_WAIT = env.float("SEARCH_WRITER_WAIT", default=5.0)
SEARCH_BACKENDS = {
    "database": {"default": {"BACKEND": "search.database", "SEARCH_CONFIG": "simple"}},
    "tantivy": {"default": {"BACKEND": "search.tantivy"}},
    "elasticsearch": {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": ELASTICSEARCH_URL,
            "INDEX": env.str("ELASTICSEARCH_INDEX", default="portal"),
            "TIMEOUT": 5,
        }
    },
}
if SEARCH_BACKEND not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}")
WAGTAILSEARCH_BACKENDS = SEARCH_BACKENDS[SEARCH_BACKEND]

# --- Rate limits ------------------------------------------------------------------------
# Requests per client address (django-ratelimit, counted in the default cache: Redis when
# REDIS_URL is set, so every app server shares the counts). "N/s", "N/m", "N/h" or "N/d";
# an empty value turns that limit off. portal.ratelimits answers 429 past the limit.
PORTAL_RATE_LIMITS = {
    "search": env.str("RATE_LIMIT_SEARCH", default="60/m"),
    "api": env.str("RATE_LIMIT_API", default="120/m"),
    # Past "feedback" a sender answers a challenge; past the ceiling the form answers 429.
    "feedback": env.str("RATE_LIMIT_FEEDBACK", default="5/m"),
    "feedback_ceiling": env.str("RATE_LIMIT_FEEDBACK_CEILING", default="30/h"),
    "login": env.str("RATE_LIMIT_LOGIN", default="10/m"),
    # Page and document passwords: per address and per restriction (one password).
    "page_password": env.str("RATE_LIMIT_PAGE_PASSWORD", default="10/m"),
    # Password reset mails: per address and per e-mail address asked for.
    "password_reset": env.str("RATE_LIMIT_PASSWORD_RESET", default="5/h"),
}
RATELIMIT_VIEW = "portal.ratelimits.ratelimited"
# Behind a proxy (nginx, Varnish) the client address is in a header the proxy sets; name it
# (e.g. HTTP_X_REAL_IP) and list the proxies allowed to set it (addresses or CIDRs):
# the header of anyone else is ignored (portal.clientaddr, one rule for every caller).
CLIENT_IP_HEADER = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
RATELIMIT_IP_META_KEY = "portal.clientaddr.client_address"
AXES_CLIENT_IP_CALLABLE = "portal.clientaddr.client_address"
# django-ratelimit counts in the cache; by default it refuses every request when the cache
# cannot be reached, which during a Redis outage would lock editors out of the login and
# readers out of search. Limits lapse instead while Redis is down.
RATELIMIT_FAIL_OPEN = True

# --- Page cache and edge cache ----------------------------------------------------------
# Anonymous page cache (portal.pagecache): seconds an entry lives; 0 turns it off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Never cached: the admin; the API (the rate limit counts every request, and CORS headers
# depend on the caller's Origin, which the cache key does not hold); the probes.
PORTAL_PAGE_CACHE_EXCLUDE = ("/admin/", "/api/", "/healthz", "/readyz")
# Edge cache (Varnish): every change that makes the page cache stale (a site-wide version)
# bans the whole site at each Varnish too, through Wagtail's frontend_cache backends, so
# both layers agree. Comma-separated Varnish addresses.
FRONTEND_CACHE_URLS = env.list("FRONTEND_CACHE_URLS", default=[])
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "portal.edgecache.BanBackend", "LOCATION": location}
    for number, location in enumerate(FRONTEND_CACHE_URLS)
}
# Adds /bench/ceiling/ (a fixed string through the middleware) for `make bench-pages` only.
PORTAL_BENCH_CEILING = env.bool("PORTAL_BENCH_CEILING", default=False)

# --- Security headers -------------------------------------------------------------------
# A document page shows its PDF in an <iframe> from the same site.
X_FRAME_OPTIONS = "SAMEORIGIN"

# --- Listening to articles (narration) ------------------------------------------------
# The speech engine and its options; publishing only queues, `manage.py narrate` (a timer)
# makes the audio (docs/narration.md).
NARRATION_ENGINE = env.str("NARRATION_ENGINE", default="narration.engines.EspeakEngine")
NARRATION_ENGINE_OPTIONS = {
    "voice": env.str("NARRATION_VOICE", default="vi-vn-x-south"),
    "speed": env.int("NARRATION_SPEED", default=150),
    "bitrate": env.int("NARRATION_BITRATE", default=40),
    "timeout": env.int("NARRATION_TIMEOUT", default=300),
}
NARRATION_ON_PUBLISH = env.bool("NARRATION_ON_PUBLISH", default=True)
NARRATION_MAX_CHARS = env.int("NARRATION_MAX_CHARS", default=30_000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Load balancers' probes are answered over plain HTTP (Varnish probes the app servers
# directly; SECURE_SSL_REDIRECT would send them a 301).
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz)$"]
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# Content Security Policy (django-csp). Public pages: our own origin only, no inline script
# or style; embedded video players are the only third-party frames. The admin (and its
# previews) gets ADMIN_CONTENT_SECURITY_POLICY (portal.headers): Wagtail's admin writes
# inline scripts and styles.
_CSP_MEDIA = env.list("CSP_MEDIA_ORIGINS", default=[])
_CSP_FRAMES = env.list(
    "CSP_FRAME_ORIGINS",
    default=["https://www.youtube.com", "https://www.youtube-nocookie.com"],
)
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *_CSP_MEDIA],
    "media-src": ["'self'", *_CSP_MEDIA],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-src": ["'self'", *_CSP_MEDIA, *_CSP_FRAMES],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "img-src": ["'self'", "data:", "blob:", *_CSP_MEDIA],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-src": ["'self'", "blob:", *_CSP_MEDIA, *_CSP_FRAMES],
    }
}

# --- The read-only API (api) ------------------------------------------------------------
# Wagtail API v2 at /api/v2/ (read-only, anonymous): at most 50 items per request.
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILAPI_SEARCH_ENABLED = True
# CORS for /api/ only, for the origins listed in CORS_ALLOWED_ORIGINS (none by default).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Feeds in (newsfeeds) ---------------------------------------------------------------
# fetch_feeds (cron): connect and read timeouts in seconds, a deadline for the whole
# download, the most bytes read from one feed, redirects followed, items kept per feed.
NEWSFEEDS_TIMEOUT = (
    env.float("FEEDS_CONNECT_TIMEOUT", default=5.0),
    env.float("FEEDS_READ_TIMEOUT", default=15.0),
)
NEWSFEEDS_DEADLINE = env.float("FEEDS_DEADLINE", default=60.0)
# Downloads at once: a slow feed holds one of them until its deadline, never the others.
NEWSFEEDS_CONCURRENCY = env.int("FEEDS_CONCURRENCY", default=4)
NEWSFEEDS_MAX_BYTES = env.int("FEEDS_MAX_BYTES", default=5 * 1024 * 1024)
NEWSFEEDS_MAX_REDIRECTS = 5
# A data centre that reaches the internet through a proxy names it here (http://proxy:3128).
NEWSFEEDS_PROXY = env.str("FEEDS_PROXY", default="")
NEWSFEEDS_MAX_ITEMS = env.int("FEEDS_MAX_ITEMS", default=100)
NEWSFEEDS_USER_AGENT = env.str(
    "FEEDS_USER_AGENT", default="cong-thong-tin-dang-bo/1.0 (fetch_feeds)"
)
# seed_demo registers one inactive demo feed at this address (make run never fetches).
NEWSFEEDS_DEMO_URL = env.str("FEEDS_DEMO_URL", default="https://dangcongsan.vn/rss/home.rss")

# --- Feedback and Q&A (feedback) --------------------------------------------------------
# Attachments are stored outside MEDIA_ROOT, never served publicly; mail to senders goes
# through an outbox retried by `manage.py send_feedback_mail`.
FEEDBACK_PRIVATE_ROOT = env.path("FEEDBACK_PRIVATE_ROOT", default=BASE_DIR / "private")
FEEDBACK_ATTACHMENT_MAX_SIZE = env.int("FEEDBACK_ATTACHMENT_MAX_SIZE", default=10 * 1024 * 1024)
FEEDBACK_MAIL_MAX_ATTEMPTS = env.int("FEEDBACK_MAIL_MAX_ATTEMPTS", default=50)

# --- Health probes and logging ----------------------------------------------------------
# Seconds /readyz waits for each of the database, the cache and the search backend.
PORTAL_READY_TIMEOUT = env.float("READY_TIMEOUT", default=2.0)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
