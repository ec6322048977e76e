"""Settings for pytest: the development settings with a fast password hasher.

pytest-django loads this module (pyproject.toml), and subprocesses the tests start inherit it
through DJANGO_SETTINGS_MODULE. The tests get the development defaults (local PostGIS, plain
static storage): production's checks are tested by importing config.settings in a fresh
interpreter (tests/common/test_healthz_and_settings.py).
"""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403

# PBKDF2's million iterations cost about 0.3 s per user created or logged in: most of the suite's
# time before. MD5 is fine for throw-away test users, never for real ones.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Live-server threads must not keep connections open, or dropping the test database warns that
# it is still in use.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Each test starts with an empty cache (tests/conftest.py clears it). Layers are keyed by the data
# version, whose row a rolled-back test never writes: a shared database cache would hand one
# test's layer to the next. Tests of the database cache itself ask for it (tests/maps).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": CACHES["fragments"],  # noqa: F405
}
