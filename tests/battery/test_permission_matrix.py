"""Permission matrix: every URL the resolver knows x eight named users x five methods, against the
checked-in expectations in permissions.txt. A URL without an entry fails, and so does any answer
other than the expected one (a 500 included).

Each request runs in a savepoint rolled back afterwards, so a successful write (a verification, a
deletion) never changes what the next request sees.

No GET writes a row whose history is kept: the history context (user, URL) is attached to writing
methods only (PGHISTORY_MIDDLEWARE_METHODS), so such a write would be recorded without its author.
"""

import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve

from tests.battery.conftest import USERS
from tests.battery.matrix import METHODS, Expectations, routes, url_for
from tests.conftest import session_key

pytestmark = pytest.mark.django_db


def sessions(world):
    """A session cookie per user, logged in once."""
    return {name: session_key(user) for name, user in world["users"].items() if user is not None}


def bare(route):
    return re.sub(r"(?<!\[)\^", "", route)


def tracked_tables():
    """The tables whose rows pghistory's triggers copy into an event table."""
    from pghistory.models import Event

    return {
        model.pgh_tracked_model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, Event) and getattr(model, "pgh_tracked_model", None)
    }


WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', re.IGNORECASE)


class WritesOnGet:
    """Records the writes to tracked tables that a GET makes (a database execute wrapper)."""

    def __init__(self):
        self.tables = tracked_tables()
        self.found = []
        self.url = None

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) in self.tables:
            self.found.append(f"GET {self.url} writes {match.group(1)}")
        return execute(sql, params, many, context)


def ask(client, method, url, writes_on_get=None):
    with transaction.atomic():
        if method == "GET" and writes_on_get is not None:
            writes_on_get.url = url
            with connection.execute_wrapper(writes_on_get):
                response = client.generic(method, url)
        elif method in ("GET", "DELETE"):
            response = client.generic(method, url)
        elif url.startswith("/api/"):
            response = client.generic(method, url, b"{}", content_type="application/json")
        else:
            response = client.generic(
                method, url, b"", content_type="application/x-www-form-urlencoded"
            )
        transaction.set_rollback(True)
    # Rolled back with the data: what a writing request put in the cache too (the rate limits of
    # password resets and invitations count per address, and every user here comes from the same
    # one). What a GET caches (layers, maps) is computed from the unchanged data: it stays.
    if method != "GET":
        cache.clear()
    return response.status_code


# Routes in five groups, so that pytest-xdist can spread the matrix over its workers.
GROUPS = {
    "admin": lambda key: key.startswith("admin"),
    "api": lambda key: "-" in key and ":" not in key and key not in ("api-docs",),
    "pages": lambda key: key.split(":")[0] in ("reuse_projects", "open_data", "evaluation"),
    "staff": lambda key: key.startswith("staff:"),
}


def group_of(key):
    return next((name for name, test in GROUPS.items() if test(key)), "public")


# `make test` sends the admin's generated pages (change list, add, change, history, delete) only for
# the models holding what must not leak; PERMISSION_MATRIX=full sends them for every model. Every
# route's entries are checked for completeness in both runs.
FULL = os.environ.get("PERMISSION_MATRIX") == "full"
# API keys and login attempts (user names, addresses) are among them.
QUICK_ADMIN_MODELS = (
    *("asset", "application", "document", "monitoringreport", "user"),
    *("tokenproxy", "accessattempt"),
)
ADMIN_APPS = (
    "auth",
    "assets_registry",
    "reuse_projects",
    "evaluation",
    "pghistory",
    "axes",
    "authtoken",
)


def sent(route):
    """Whether this run sends requests to the route (else only its entries are checked)."""
    parts = route.route.split("/")
    generated = route.key.startswith("admin") and len(parts) >= 4 and parts[1] in ADMIN_APPS
    return FULL or not generated or parts[2] in QUICK_ADMIN_MODELS


@pytest.mark.parametrize("group", [*GROUPS, "public"])
def test_every_url_answers_every_user_as_expected(world, group):
    expectations = Expectations()
    cookies = sessions(world)
    observed = {}
    missing, wrong = [], []
    writes_on_get = WritesOnGet()
    timings = []
    urls = {route: url_for(route, world) for route in routes() if group_of(route.key) == group}
    for route, url in urls.items():
        assert bare(resolve(url).route) == bare(route.route), (route, url)
    for route, url in urls.items():
        started = time.perf_counter()
        if not sent(route):
            missing += [
                f"{route.key} {user} {method} ?"
                for user in USERS
                for method in METHODS
                if expectations.expected(route.key, user, method) is None
            ]
            continue
        for user in USERS:
            client = Client(raise_request_exception=False)
            for method in METHODS:
                if user in cookies:
                    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[user]
                status = ask(client, method, url, writes_on_get)
                observed[route.key, user, method] = status
                expected = expectations.expected(route.key, user, method)
                if expected is None:
                    missing.append(f"{route.key} {user} {method} {status}")
                elif expected != status:
                    wrong.append(f"{method} {url} as {user}: {status}, expected {expected}")

        timings.append((time.perf_counter() - started, route.key))
    proposal = os.environ.get("PERMISSION_MATRIX_PROPOSAL")
    if proposal:
        Path(f"{proposal}.{group}").write_text(compact(observed))
        timings.sort(reverse=True)
        Path(f"{proposal}.{group}.timings").write_text(
            "\n".join(f"{t:.2f} {k}" for t, k in timings)
        )
    assert not missing, (
        "URLs without an entry in tests/battery/permissions.txt (observed status shown; check "
        "each one is what the role should get before adding it):\n" + "\n".join(missing)
    )
    assert not wrong, "\n".join(wrong)
    assert not writes_on_get.found, "\n".join(writes_on_get.found)


def compact(observed):
    """The observed statuses as expectation lines: a default per route, then what differs by user,
    then by user and method."""
    by_route = defaultdict(dict)
    for (key, user, method), status in observed.items():
        by_route[key][user, method] = status
    lines = []
    for key, answers in by_route.items():
        default = Counter(answers.values()).most_common(1)[0][0]
        lines.append(f"{key} * * {default}")
        per_user = {}
        for user in USERS:
            per_user[user] = Counter(answers[user, m] for m in METHODS).most_common(1)[0][0]
        groups = defaultdict(list)
        for user, status in per_user.items():
            if status != default:
                groups[status].append(user)
        for status, users in groups.items():
            lines.append(f"{key} {','.join(users)} * {status}")
        for method in METHODS:
            groups = defaultdict(list)
            for user in USERS:
                if answers[user, method] != per_user[user]:
                    groups[answers[user, method]].append(user)
            for status, users in groups.items():
                lines.append(f"{key} {','.join(users)} {method} {status}")
    return "\n".join(lines) + "\n"
