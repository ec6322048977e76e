"""The data version behind ETag and Last-Modified: stamped at commit time, never going back."""

import time

import psycopg
import pytest
from django.db import connection, transaction

from maps.models import DataVersion

pytestmark = pytest.mark.django_db(transaction=True)


def other_connection():
    """A second session, as another request or an import running at the same time."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def test_a_long_transaction_committing_last_moves_last_modified_forward(
    client, record_asset, palermo
):
    """now() was the transaction's start: the import committing after an officer's edit stamped
    an earlier time, and a client sending only If-Modified-Since got a 304 for changed data."""
    asset = record_asset(palermo, location=palermo.representative_point)
    with other_connection() as long_import:
        long_import.execute("SELECT now()")  # the import's transaction starts here
        time.sleep(1.1)
        asset.title = "Edited by an officer meanwhile"
        asset.save()
        seen = client.get("/layers/assets.geojson")["Last-Modified"]
        time.sleep(1.1)
        long_import.execute(
            "UPDATE assets_registry_asset SET title = 'Renamed by the import' WHERE id = %s",
            [asset.pk],
        )
        long_import.commit()

    response = client.get("/layers/assets.geojson", HTTP_IF_MODIFIED_SINCE=seen)

    assert response.status_code == 200
    assert response.json()["features"][0]["properties"]["title"] == "Renamed by the import"
    assert response["Last-Modified"] != seen


def test_the_version_stamp_never_goes_back(record_asset, palermo):
    future = DataVersion.objects.get(pk=1).changed_at.replace(year=2999)
    DataVersion.objects.filter(pk=1).update(changed_at=future)

    record_asset(palermo)

    assert DataVersion.objects.get(pk=1).changed_at == future


def test_a_commit_bumps_the_version_once_however_many_rows_it_writes(record_asset, palermo):
    """The triggers fire once per row at commit: an import of 17,000 assets bumped the one
    version row 17,000 times and its commit took 5 s."""
    before = DataVersion.objects.get(pk=1).version

    with transaction.atomic():
        assets = [record_asset(palermo) for _ in range(3)]
        for asset in assets:
            asset.title = "Renamed"
            asset.save()

    assert DataVersion.objects.get(pk=1).version == before + 1
    record_asset(palermo)
    assert DataVersion.objects.get(pk=1).version == before + 2
