import datetime

import pghistory
import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from assets_registry import services
from assets_registry.models import Asset, StatusEvent
from tests.conftest import PALERMO_CENTRE


def history_of(asset):
    return Asset.pgh_event_model.objects.filter(pgh_obj=asset).order_by("pgh_id")


def test_creating_an_asset_records_who_did_it(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, by=palermo_officer)

    event = history_of(asset).get()
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["user"] == palermo_officer.pk


def test_an_update_records_before_and_after(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, by=palermo_officer, title="Villa")

    services.asset_update(asset=asset, data={"title": "Villa Rosa"}, by=palermo_officer)

    update = pghistory.models.Events.objects.tracks(asset).filter(pgh_label="update").get()
    assert update.pgh_diff["title"] == ["Villa", "Villa Rosa"]
    assert update.pgh_context["user"] == palermo_officer.pk


def test_a_bulk_queryset_update_shows_up_in_the_audit_trail(record_asset, palermo, palermo_officer):
    assets = [record_asset(palermo, by=palermo_officer) for _ in range(3)]

    with pghistory.context(user=palermo_officer.pk, reason="bulk fix"):
        changed = Asset.objects.filter(pk__in=[a.pk for a in assets]).update(condition="derelict")

    assert changed == 3
    for asset in assets:
        update = history_of(asset).get(pgh_label="update")
        assert update.condition == "derelict"
        assert update.pgh_context.metadata == {"user": palermo_officer.pk, "reason": "bulk fix"}


def test_an_update_that_changes_nothing_records_nothing(record_asset, palermo, palermo_officer):
    assets = [record_asset(palermo, by=palermo_officer) for _ in range(3)]
    Asset.objects.filter(pk=assets[0].pk).update(condition="derelict")

    # One statement over three rows, one of which already says derelict.
    Asset.objects.filter(pk__in=[a.pk for a in assets]).update(condition="derelict")

    updates = [history_of(a).filter(pgh_label="update").count() for a in assets]
    assert updates == [1, 1, 1]


def test_a_raw_sql_update_is_caught_too(record_asset, palermo):
    asset = record_asset(palermo, location=PALERMO_CENTRE)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assets_registry_asset SET address = 'Via Maqueda 1' WHERE id = %s", [asset.pk]
        )

    assert history_of(asset).filter(pgh_label="update", address="Via Maqueda 1").exists()


def test_status_events_are_append_only(record_asset, palermo):
    asset = record_asset(palermo)
    event = asset.status_events.get()

    with pytest.raises(DatabaseError, match="Cannot update or delete rows"), transaction.atomic():
        StatusEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        StatusEvent.objects.filter(pk=event.pk).delete()


def test_assets_cannot_be_hard_deleted(record_asset, palermo):
    asset = record_asset(palermo)

    with pytest.raises(ProtectedError):
        Asset.objects.filter(pk=asset.pk).delete()
    # Even SQL that goes around Django is stopped by the trigger.
    with (
        pytest.raises(DatabaseError, match="Cannot delete rows"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM assets_registry_asset WHERE id = %s", [asset.pk])


def test_soft_delete_keeps_the_row_and_hides_it(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo)

    services.asset_delete(asset=asset, by=palermo_officer, reason="Registered twice")

    assert Asset.objects.filter(pk=asset.pk).exists()
    assert not Asset.objects.alive().filter(pk=asset.pk).exists()
    assert history_of(asset).filter(pgh_label="update").last().deleted_at is not None


def test_status_change_records_event_and_asset_history(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, status="seized", by=palermo_officer)

    services.asset_record_status(
        asset=asset,
        status="confiscated_first_instance",
        effective_date=datetime.date(2022, 1, 1),
        by=palermo_officer,
    )

    statuses = list(history_of(asset).values_list("status", flat=True))
    assert statuses == ["seized", "confiscated_first_instance"]
    assert StatusEvent.pgh_event_model.objects.filter(pgh_obj__asset=asset).count() == 2
