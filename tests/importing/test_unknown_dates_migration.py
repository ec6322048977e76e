"""Data migrations of issue 14. Finding 8: events earlier imports dated with the listing day become
undated, identified by the note the old importer wrote; officers' events are left alone.
Finding 6: assets created from the 2014 snapshot leave the public pages."""

import datetime
import importlib

import pytest
from django.db import connection

from assets_registry.models import Asset, StatusEvent

pytestmark = pytest.mark.django_db

migration = importlib.import_module("assets_registry.migrations.0004_mark_listed_dates_unknown")


class SchemaEditor:
    connection = connection


def asset_with_event(municipality, external_id, *, day, note):
    asset = Asset.objects.create(
        reference=f"IT-TEST-{external_id}",
        municipality=municipality,
        external_source="ANBSC",
        external_id=external_id,
        kind="land",
        status="confiscated_final",
        status_date=day,
    )
    StatusEvent.objects.create(
        asset=asset, status="confiscated_final", effective_date=day, note=note
    )
    return asset


def test_only_the_events_the_old_importer_dated_with_the_listing_day_become_undated(palermo):
    listed = datetime.date(2025, 11, 2)
    imported = asset_with_event(
        palermo,
        "I-1",
        day=listed,
        note=f"As listed on {listed.isoformat()} (the file gives no decree date).",
    )
    seized_note = (
        "Registered as seized: no stage in the file. As listed on 2025-11-02 (the file gives no "
        "decree date)."
    )
    also_imported = asset_with_event(palermo, "I-2", day=listed, note=seized_note)
    decreed = asset_with_event(
        palermo, "I-3", day=datetime.date(2019, 3, 15), note="Decree 12/2019"
    )

    migration.forwards(None, SchemaEditor())

    for asset in (imported, also_imported):
        asset.refresh_from_db()
        event = asset.status_events.get()
        assert (asset.status_date, event.effective_date, event.read_on) == (None, None, listed)
    decreed.refresh_from_db()
    assert decreed.status_date == datetime.date(2019, 3, 15)
    assert decreed.status_events.get().effective_date == datetime.date(2019, 3, 15)


def test_assets_of_the_2014_snapshot_imported_earlier_leave_the_public_pages(palermo):
    from django.apps import apps

    from assets_registry.public import public_assets

    hide = importlib.import_module("assets_registry.migrations.0007_hide_earlier_snapshot_assets")
    snapshot = asset_with_event(palermo, "4491", day=datetime.date(2014, 4, 17), note="")
    Asset.objects.filter(pk=snapshot.pk).update(external_source="ANBSC-2014")
    current = asset_with_event(palermo, "I-9", day=datetime.date(2020, 1, 1), note="")
    assert public_assets().filter(pk=snapshot.pk).exists()

    hide.forwards(apps, None)

    assert not public_assets().filter(pk=snapshot.pk).exists()
    assert public_assets().filter(pk=current.pk).exists()
