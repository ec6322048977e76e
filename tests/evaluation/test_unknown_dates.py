"""Honest dates: a stage the source gives no date for is unknown, not the day of the import."""

import datetime

import pytest

from assets_registry import services
from assets_registry.models import Asset, StatusEvent
from evaluation import stats

TODAY = datetime.date(2026, 11, 30)


def allocation(board):
    return next(d for d in board.durations if d.measure == "allocation")


def test_an_imported_stage_without_date_is_left_out_of_durations_and_counted(
    palermo, walk_asset, import_without_dates
):
    d = datetime.date
    walk_asset(
        palermo,
        [
            ("confiscated_first_instance", d(2014, 1, 1)),
            ("confiscated_final", d(2016, 1, 1)),
            ("allocated", d(2018, 1, 1)),
        ],
    )
    import_without_dates([("I-PA-1", "082053", "building_unit", "Confisca def.")])
    imported = Asset.objects.get(external_id="I-PA-1")
    # The importer stores no date for the stage, only the day it read the file.
    event = StatusEvent.objects.get(asset=imported)
    assert event.effective_date is None
    assert event.read_on is not None
    # Staff then record the allocation with its real date.
    services.asset_record_status(asset=imported, status="allocated", effective_date=TODAY, by=None)

    board = stats.dashboard(stats.Filters(), today=TODAY)

    assert board.final == 2  # both count as finally confiscated
    assert allocation(board).covered == 1
    assert allocation(board).left_out == 1  # reached allocation, start unknown
    assert allocation(board).quartiles[1] == (d(2018, 1, 1) - d(2016, 1, 1)).days
    # Had the import day been taken as a date, the median would mix in a zero-day allocation.
    assert allocation(board).quartiles[0] > 0


def test_a_staff_event_on_the_day_of_an_import_keeps_its_date(palermo, import_without_dates):
    import_without_dates([("I-PA-2", "082053", "land", "Confisca I")])
    imported = Asset.objects.get(external_id="I-PA-2")
    today = imported.created_at.date()
    services.asset_record_status(
        asset=imported, status="confiscated_final", effective_date=today, by=None
    )

    board = stats.dashboard(stats.Filters(), today=today)

    assert board.waiting["total"] == 1
    assert board.waiting["left_out"] == 0  # recorded by staff: a real date


@pytest.mark.django_db
def test_an_event_without_any_date_is_unknown():
    from django.db import connection

    from evaluation import dates

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {dates.real_date_condition('e')} FROM (SELECT NULL::date AS "  # noqa: S608
            "effective_date) e"
        )
        assert cursor.fetchone() == (False,)
