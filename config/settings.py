"""Settings for the confiscated-assets registry.

Everything that differs between a laptop and production comes from the environment.
DEBUG is off unless DEBUG=true (`make run` sets it); with it off, a missing or bad value stops
start-up with a clear message.
"""

import datetime
import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false, 1/0, yes/no)")


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


# Off unless asked for: a deployment that forgets the variable gets production behaviour and its
# checks. `make run` (scripts/dev.sh) and the test settings turn it on.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY is too short for production (32+ characters)")

# Rotating the key (docs/deploy.md): the old one goes here for a while, so that sessions and
# password-reset links signed with it stay valid until they expire.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework.authtoken",
    "csp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "common",
    "assets_registry",
    "reuse_projects",
    "maps",
    "open_data",
    "evaluation",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses every dynamic response (HTML, GeoJSON, JSON, CSV, streamed exports included) for
    # clients that accept gzip; responses already compressed (static files, cached layers) pass.
    # BREACH: Django masks the CSRF token anew on every response and this middleware pads each
    # compressed body with random bytes: pages with a form may be compressed (docs/performance.md).
    "django.middleware.gzip.GZipMiddleware",
    "common.middleware.RejectNulBytesMiddleware",
    "common.middleware.RequestBodyLimitMiddleware",
    # Before sessions: the session and the user are read from the database this picks.
    "common.middleware.DatabaseRoutingMiddleware",
    # Map tiles answered here, before the per-visitor middleware a tile never uses.
    "maps.middleware.MapTileMiddleware",
    "common.middleware.PageMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.i18n.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy of the responses without a nonce built once (common/csp.py).
    "common.csp.ContentSecurityPolicyMiddleware",
    # Puts the user and the URL on every history row written by the database triggers
    # (PGHISTORY_MIDDLEWARE_METHODS below: the requests that write).
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: answers 429 to a locked-out login.
    "axes.middleware.AxesMiddleware",
    # Innermost, so that it sees the views' database errors: 503 while PostgreSQL is down.
    "common.middleware.DatabaseUnavailableMiddleware",
]

if not DEBUG:
    # Production serves the collected static files itself (runserver does it in development).
    # Above GZip: WhiteNoise serves its own pre-compressed copies and nothing needs to touch them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"

# The history context (user, URL) is attached to every SQL statement of a request it covers, which
# costs each statement a set_config. No view writes tracked rows on GET or HEAD
# (the permission matrix, tests/battery/test_permission_matrix.py, checks it), so reads go
# without it.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "common.context_processors.database_read_only",
                # {{ CSP_NONCE }}: the request's Content-Security-Policy nonce, for inline scripts.
                "csp.context_processors.nonce",
                "staff.context_processors.roles",
            ],
        },
    },
]

_DEFAULT_DATABASE_URL = "postgis://postgres@127.0.0.1:5432/confiscated_assets"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off")
    DATABASE_URL = _DEFAULT_DATABASE_URL


def database_settings(url, name):
    try:
        database = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None
    if not database.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database")
    # postgres:// and postgresql:// URLs are accepted, but the registry needs the PostGIS backend:
    # GeoDjango's, with a health check that costs no round trip (common/backends/postgis).
    database["ENGINE"] = "common.backends.postgis"
    # PostgreSQL's JIT made ST_AsMVT tile queries about 3x slower (bench/): keep it off for the
    # app. Every pgtrigger trigger reads the setting pgtrigger.ignore first; unset, the read
    # raises and is caught, a subtransaction per row that made bulk writes 2.5x slower (bench
    # import). An empty list ignores no trigger.
    options = database.setdefault("OPTIONS", {})
    # No parallel plans: on the 2 cores that serve 2 web workers, a parallel layer or tile query
    # took the other worker's core and was slower than a serial one (bench national).
    options["options"] = "-c jit=off -c pgtrigger.ignore={} -c max_parallel_workers_per_gather=0"
    if env_bool("DATABASE_TRANSACTION_POOLING", False):
        # Behind PgBouncer in transaction mode a transaction may land on another server
        # connection: no cursor or prepared statement outlives it (docs/scaling.md).
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        # psycopg prepares a statement on its fifth run on a connection: the tile statement
        # (maps.layers; planning a zoom-12 tile cost more than running it). Django's own
        # cursors bind on the client and never prepare; its default, None, prepares nothing.
        options.setdefault("prepare_threshold", 5)
    # A primary that is down must be noticed in seconds, so that reads fail over to a replica.
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3))
    database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": database_settings(DATABASE_URL, "DATABASE_URL")}

# Read replicas (docs/scaling.md): public reads go to a replica whose replication lag is under
# REPLICA_MAX_LAG_SECONDS; writes, staff pages, the API and the reads of a browser that has just
# written (for REPLICA_PIN_SECONDS) go to the primary. common/db.py decides, per request.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica_{_number}"] = database_settings(
        _url, f"DATABASE_REPLICA_URLS (item {_number})"
    )
    # Tests run on one database: the replica aliases read the test database of the primary.
    DATABASES[f"replica_{_number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["common.db.PrimaryReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30)
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 15)
# Each worker process checks the primary and the replicas' lag at most this often.
DATABASE_CHECK_SECONDS = env_int("DATABASE_CHECK_SECONDS", 5)

# One cache shared by every worker process (a per-process cache made hits depend on the worker):
# Redis when REDIS_URL is set, else a table of the database (`manage.py createcachetable`, run by
# scripts/dev.sh setup; Django's test runner creates it in the test database). Layers and tiles
# are keyed by the data version, so a write never serves stale data and old keys simply expire.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured("REDIS_URL is set but the Python package 'redis' is missing")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": env_int("CACHE_SECONDS", 86400),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "registry_cache",
            "TIMEOUT": env_int("CACHE_SECONDS", 86400),
            # Tiles of a national map are many; culling a third at a time keeps the table small.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000), "CULL_FREQUENCY": 3},
        }
    }

# Template fragments that are the same for every visitor in a language (base.html's header for
# visitors without an account, the footer's links): kept in each process's memory, so a new
# release, which restarts the processes, starts afresh.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes counts failed logins (form, admin, HTTP basic auth) and locks out an account, and
# separately an address, after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES. Its log
# lines name the account and the address, never the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1", "new_password2"]
# Behind the reverse proxy, the client's address is the last one it appended to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_int("PROXY_COUNT", 0) else ["REMOTE_ADDR"]
)

LOGIN_URL = "login"
# Each role lands on its own page (staff.views.landing).
LOGIN_REDIRECT_URL = "staff:landing"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
# Each language is one catalogue in locale/<code>/LC_MESSAGES/django.po (README: a sixth language).
# Names in their own language: the switcher shows them to people who may not read English.
LANGUAGES = [
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and number format per language across the site (config/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Rome")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".local" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".local" / "media"))
# Production serves hashed names, compressed ahead of time; STATIC_PRECOMPRESS=false skips the
# compression (a minute of CPU with brotli) where nginx compresses anyway or for throw-away servers.
if DEBUG:
    _static_storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
elif env_bool("STATIC_PRECOMPRESS", True):
    _static_storage = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    _static_storage = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_storage},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
# The site's address for links in e-mails, e.g. https://registry.example.org (empty: paths only).
SITE_URL = os.environ.get("SITE_URL", "")

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer probes the health check over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# API clients authenticate with a token (`Authorization: Token <key>`, from /me/api-token/ or
# `manage.py drf_create_token <username>`). HTTP basic auth hashes the password on every request
# (about 0.3 s of CPU): on in development for curl, off in production unless API_BASIC_AUTH=true,
# and throttled by django-axes like the login form when on.
API_BASIC_AUTH = env_bool("API_BASIC_AUTH", DEBUG)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        *(["rest_framework.authentication.BasicAuthentication"] if API_BASIC_AUTH else []),
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.api_input.LimitOffsetPagination",
    "DEFAULT_PARSER_CLASSES": [
        "common.api_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Confiscated assets registry API",
    "DESCRIPTION": (
        "Assets confiscated from organised crime, their legal lifecycle and their social reuse."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.openapi.document_error_responses",
    ],
    # Several models have a `status` field; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "AssetStatusEnum": "assets_registry.lifecycle.Status",
        "CallStatusEnum": "reuse_projects.models.Call.Status",
        "ApplicationStatusEnum": "reuse_projects.models.Application.Status",
        "ReuseProjectStatusEnum": "reuse_projects.models.ReuseProject.Status",
        "MonitoringReportStatusEnum": "reuse_projects.models.MonitoringReport.Status",
    },
}

# Public base map. With no base map reachable the maps still show boundaries and points.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Content-Security-Policy on every response: scripts only from the app and the nonce of the page
# (request.csp_nonce, in templates `{% map_script map %}` or `nonce="{{ request.csp_nonce }}"`);
# images also from the base map's server. Styles allow inline: Leaflet and the legend set them.
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*")) if MAP_TILE_URL else None
_TILE_ORIGIN = [f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles and _tiles.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_TILE_ORIGIN],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# The public page of a project is served by maps, a layer above reuse_projects: the workflow's
# pages link to it through project.get_absolute_url() without importing or reversing maps.
ABSOLUTE_URL_OVERRIDES = {
    "reuse_projects.reuseproject": lambda project: reverse("maps:project", args=[project.pk]),
}

# What `manage.py load_demo` loads, in order (each a function taking stdout=; the first one's
# module also gives DEMO_PASSWORD). Listed here because only the project knows every app.
DEMO_LOADERS = [
    "assets_registry.demo.load_demo_assets",
    "reuse_projects.demo.load_demo_reuse",
    "evaluation.demo.load",
]

# Uploaded documents.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Import files (open_data): refused above this size from the Content-Length, before reading.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Bodies larger than the default limits are accepted only on these paths (prefix: bytes).
REQUEST_BODY_LIMITS = {"/imports/": IMPORT_MAX_BYTES}
# Paths whose errors (413, 503) are JSON whatever the client accepts.
JSON_ERROR_PATHS = ("/api/", "/layers/", "/ogc/", "/tiles/", "/exports/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Debian 12 ships GDAL 3.6; Django asks for 3.9+ to block file and network access from crafted
# spatial references. Uploaded files are read by pyogrio's bundled GDAL, not by Django's.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
