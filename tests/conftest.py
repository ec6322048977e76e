"""Shared test fixtures: real boundaries, named users, a helper to record assets, a browser.

Named users make permission tests read like sentences: the Palermo officer, the Rotterdam officer,
the Palermo manager, the national administrator, an NGO member, an anonymous visitor.
"""

import datetime
import os
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection, connections, transaction
from django.test import Client, TransactionTestCase, override_settings
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import translation

from assets_registry import services
from assets_registry.boundaries import PRESETS, load_municipalities
from assets_registry.models import Municipality, MunicipalityMembership
from common.runtime import tune_garbage_collection

# As the app runs under gunicorn (config/wsgi.py). With Python's default the collector ran some
# 3,000 times per worker and run, 7% of a worker's time in the permission matrix.
tune_garbage_collection()

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server answers with separate writes (status line and headers, then the body): with
# Nagle's algorithm on, the body waited for the client's delayed ACK, 40-50 ms on every request
# over a kept-alive connection (browser pages, schemathesis). Gunicorn sets TCP_NODELAY itself.
QuietWSGIRequestHandler.disable_nagle_algorithm = True

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ISTAT_EXCERPT = FIXTURES / "boundaries" / "istat_comuni_excerpt.geojson"
CBS_EXCERPT = FIXTURES / "boundaries" / "cbs_gemeenten_excerpt.geojson"

# Points well inside each city.
PALERMO_CENTRE = Point(13.3615, 38.1157, srid=4326)
NAPLES_CENTRE = Point(14.2681, 40.8518, srid=4326)
ROTTERDAM_CENTRE = Point(4.4777, 51.9244, srid=4326)
AMSTERDAM_CENTRE = Point(4.9041, 52.3676, srid=4326)


def square_municipality(x, y, side, **fields):
    """An unsaved published municipality whose boundary is the square of `side` degrees from
    (x, y), for tests at national scale (thousands in one bulk_create)."""
    return Municipality(
        country="IT",
        boundary=MultiPolygon(Polygon.from_bbox((x, y, x + side, y + side)), srid=4326),
        representative_point=Point(x + side / 2, y + side / 2, srid=4326),
        is_published=True,
        **fields,
    )


def pytest_collection_modifyitems(items):
    """Tests that use the named cities get the test database even when they never ask for `db`.

    Without the mark, pytest-django would not set the test database up before such a test, and
    the fixtures would run against the database in DATABASE_URL.
    """
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "boundaries" in names and item.get_closest_marker("django_db") is None:
            transactional = bool({"transactional_db", "live_server"} & names)
            item.add_marker(pytest.mark.django_db(transaction=transactional))


@pytest.fixture(scope="session", autouse=True)
def media_root_of_this_worker(tmp_path_factory):
    """Uploaded files go to a folder of this pytest process (one per xdist worker), never to the
    development MEDIA_ROOT nor to a folder another worker deletes."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request made by the test client leaves its language active in the test's thread; the
    next test of the worker would read messages in Italian. Each test starts in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Tables that a flush would empty and post_migrate refill with the same rows at once.
REBUILT_BY_POST_MIGRATE = ("django_content_type", "auth_permission")


def empty_the_tables_written(test_case):
    """The end of a transactional test (live server, real HTTP): the tables it wrote are emptied.

    Django's flush empties every table with one TRUNCATE (new files for each table and index),
    then post_migrate recreates the content types and permissions: 0.3-0.6 s, after each of about
    a hundred tests. Here one query finds the tables holding rows and those are emptied with
    DELETE, triggers and foreign-key checks off for the transaction (`session_replication_role`:
    history and protection triggers must not fire, and the order of the tables does not matter).
    The database ends as after a flush: every table empty but content types and permissions,
    which keep the same rows and ids. Without the superuser that setting needs: Django's flush.
    """
    for alias in test_case._databases_names(include_mirrors=False):
        connection = connections[alias]
        tables = _emptied_tables(connection)
        if tables is None:
            FLUSH(test_case)
            return
        quote = connection.ops.quote_name
        probe = " UNION ALL ".join(
            f"(SELECT %s::text WHERE EXISTS (SELECT FROM {quote(table)}))" for table in tables
        )
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(probe, tables)
            written = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table in written:
                cursor.execute(f"DELETE FROM {quote(table)}")


FLUSH = TransactionTestCase._fixture_teardown
_EMPTIED_TABLES = {}


def _emptied_tables(connection):
    """The tables a flush would empty, or None when this role may not turn triggers off."""
    if connection.alias not in _EMPTIED_TABLES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        _EMPTIED_TABLES[connection.alias] = (
            sorted(set(tables) - set(REBUILT_BY_POST_MIGRATE)) if superuser else None
        )
    return _EMPTIED_TABLES[connection.alias]


@pytest.fixture(scope="session", autouse=True)
def transactional_tests_empty_only_what_they_wrote():
    with mock.patch.object(TransactionTestCase, "_fixture_teardown", empty_the_tables_written):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the committed boundary excerpts once per test session."""
    with django_db_blocker.unblock():
        load_boundary_excerpts()
        keep_a_copy_of_the_boundaries()
    yield
    # A session of this worker can outlive its tests (a live-server thread whose browser closed an
    # instant before): PostgreSQL refuses to drop a database in use, and the drop that follows
    # this would only warn and leave the database behind.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def load_boundary_excerpts():
    load_municipalities(ISTAT_EXCERPT, mapping=PRESETS["istat"], publish=True)
    load_municipalities(CBS_EXCERPT, mapping=PRESETS["cbs"], publish=True)


# The municipalities as the excerpts loaded them, in a table of the test database that belongs to
# no model (so no test empties it): putting them back after a transactional test is one INSERT, not
# reading and repairing the files again (0.2 s of CPU, fifty times a run).
BOUNDARIES_COPY = "test_boundary_excerpts"


def keep_a_copy_of_the_boundaries():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BOUNDARIES_COPY}")
        cursor.execute(
            f"CREATE TABLE {BOUNDARIES_COPY} AS SELECT * FROM assets_registry_municipality"
        )


def put_the_boundaries_back():
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO assets_registry_municipality SELECT * FROM {BOUNDARIES_COPY}"
            " ON CONFLICT DO NOTHING"
        )


@pytest.fixture
def boundaries(request):
    """The excerpts' municipalities, with the database access the test asked for.

    Tests on transactional_db or live_server end with every table emptied, so put them back when
    needed.
    """
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    if not Municipality.objects.filter(country="IT", code="082053").exists():
        put_the_boundaries_back()


@pytest.fixture
def palermo(boundaries):
    return Municipality.objects.get(country="IT", code="082053")


@pytest.fixture
def naples(boundaries):
    return Municipality.objects.get(country="IT", code="063049")


@pytest.fixture
def rotterdam(boundaries):
    return Municipality.objects.get(country="NL", code="GM0599")


@pytest.fixture
def amsterdam(boundaries):
    return Municipality.objects.get(country="NL", code="GM0363")


def session_key(user):
    """A session of `user` in the database, as the login form leaves it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in(browser_context, user, base_url):
    """The Playwright browser context signed in as `user`, without loading and posting the login
    form (which has tests of its own)."""
    browser_context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key(user), "url": base_url}]
    )


def make_user(username, **extra):
    return User.objects.create_user(
        username=username,
        password="correct-horse-battery",
        email=f"{username}@example.org",
        **extra,
    )


@pytest.fixture
def palermo_officer(palermo):
    user = make_user("palermo_officer")
    MunicipalityMembership.objects.create(user=user, municipality=palermo, role="officer")
    return user


@pytest.fixture
def palermo_manager(palermo):
    user = make_user("palermo_manager")
    MunicipalityMembership.objects.create(user=user, municipality=palermo, role="manager")
    return user


@pytest.fixture
def rotterdam_officer(rotterdam):
    user = make_user("rotterdam_officer")
    MunicipalityMembership.objects.create(user=user, municipality=rotterdam, role="officer")
    return user


@pytest.fixture
def national_admin(boundaries):
    user = make_user("national_admin")
    user.user_permissions.add(Permission.objects.get(codename="national_administrator"))
    return user


@pytest.fixture
def ngo_member(boundaries):
    return make_user("ngo_member")


@pytest.fixture
def superuser(boundaries):
    return User.objects.create_superuser("root", "root@example.org", "correct-horse-battery")


@pytest.fixture
def record_asset(boundaries):
    """Record an asset through the service, as the application does."""

    def record(
        municipality,
        *,
        by=None,
        status="confiscated_final",
        effective_date=datetime.date(2020, 1, 15),
        location=None,
        **fields,
    ):
        fields.setdefault("kind", "building_unit")
        fields.setdefault("title", "Villa")
        if location is not None:
            fields["location"] = location
            fields.setdefault("location_precision", "exact")
        return services.asset_create(
            municipality=municipality, status=status, effective_date=effective_date, by=by, **fields
        )

    return record


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches (settings_test.CACHES), the per-process copies of
    layers and the template fragments included."""
    from django.core.cache import cache, caches

    from maps.http import forget_recent

    cache.clear()
    caches["fragments"].clear()
    forget_recent()


# Debian's Chromium built for headless use (package chromium-headless-shell, from the same source
# as `chromium`): the same Blink and V8 without the desktop browser around them, which made the page
# tests use 40% less CPU. CHROMIUM=/usr/bin/chromium runs them in the full browser.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium (Debian's), driven by Playwright; nothing is downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    in_flight = set()
    # (Playwright takes Python functions as listeners, not the set's built-in methods.)
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    page = context.new_page()
    yield page
    # Let the page's last requests (layers, tiles) finish before the test database is emptied, so
    # that no live-server request is still reading or writing then. Playwright's "networkidle"
    # would also do, but waits 500 ms more after the last one, in every test.
    deadline = time.monotonic() + 5
    try:
        while in_flight and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        page.goto("about:blank")
    except Exception:  # noqa: BLE001 - a page that never settles is closed all the same
        pass
    context.close()


def png_bytes(size=(8, 8)):
    """A real PNG (photos are re-encoded by Pillow, so a bare signature is not enough)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()
