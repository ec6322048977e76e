"""Fixtures for the public maps: reuse projects on public assets, and a helper to decode tiles."""

import datetime
import itertools

import pyogrio
import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from reuse_projects.models import Organisation, ReuseProject

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def data_version_bumps_immediately(request):
    """The data version is bumped by deferred triggers at commit; tests in a rolled-back
    transaction never commit, so make those triggers fire at once instead."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactional or (marker is None and "db" not in names):
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def organisation(boundaries):
    return Organisation.objects.create(
        name="Cooperativa Placido Rizzotto",
        legal_form="social_cooperative",
        registration_number="IT-COOP-0001",
        contact_email="info@example.org",
    )


@pytest.fixture
def record_project(organisation):
    """A concession on an asset, as the reuse workflow leaves it."""

    def record(asset, *, use_category="youth_education", status="active", **fields):
        fields.setdefault("title", f"Project {next(_numbers)}")
        return ReuseProject.objects.create(
            asset=asset,
            organisation=organisation,
            use_category=use_category,
            status=status,
            starts_on=datetime.date(2021, 3, 1),
            **fields,
        )

    return record


@pytest.fixture
def palermo_point():
    """Distinct points inside Palermo, one per call."""
    offsets = itertools.count()

    def point():
        step = next(offsets)
        return Point(13.3400 + 0.002 * step, 38.1150 + 0.001 * step, srid=4326)

    return point


def decode_tile(body, z, x, y, tmp_path):
    """Features of a Mapbox vector tile, decoded by GDAL's MVT driver (a GeoDataFrame per layer)."""
    folder = tmp_path / str(z) / str(x)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{y}.pbf"
    path.write_bytes(body)
    if not body:
        return {}
    return {
        name: pyogrio.read_dataframe(path, layer=name) for name, _type in pyogrio.list_layers(path)
    }
