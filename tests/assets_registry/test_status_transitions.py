import datetime

import pytest
from django.core.exceptions import ValidationError

from assets_registry import lifecycle, services
from assets_registry.lifecycle import Status
from assets_registry.models import StatusEvent

ALL_PAIRS = [(a, b) for a in Status for b in Status]
ALLOWED = {(a, b) for a, nexts in lifecycle.TRANSITIONS.items() for b in nexts}


def test_every_status_has_a_row_in_the_transition_table():
    assert set(lifecycle.TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("current", "new"), sorted(ALLOWED))
def test_allowed_transition_is_recorded(record_asset, palermo, palermo_officer, current, new):
    asset = record_asset(palermo, status=current, effective_date=datetime.date(2021, 3, 1))

    event = services.asset_record_status(
        asset=asset,
        status=new,
        effective_date=datetime.date(2021, 6, 1),
        by=palermo_officer,
        reference="Decree 12/2021",
    )

    asset.refresh_from_db()
    assert asset.status == new
    assert asset.status_date == datetime.date(2021, 6, 1)
    assert event.recorded_by == palermo_officer
    latest = asset.status_events.order_by("-effective_date", "-recorded_at", "-id").first()
    assert latest.status == new


@pytest.mark.parametrize(("current", "new"), [pair for pair in ALL_PAIRS if pair not in ALLOWED])
def test_forbidden_transition_is_refused_and_changes_nothing(
    record_asset, palermo, palermo_officer, current, new
):
    asset = record_asset(palermo, status=current, effective_date=datetime.date(2021, 3, 1))

    with pytest.raises(ValidationError) as raised:
        services.asset_record_status(
            asset=asset, status=new, effective_date=datetime.date(2021, 6, 1), by=palermo_officer
        )

    assert "status" in raised.value.message_dict
    asset.refresh_from_db()
    assert asset.status == current
    assert StatusEvent.objects.filter(asset=asset).count() == 1


def test_final_confiscation_requires_first_instance(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, status="seized")

    with pytest.raises(ValidationError) as raised:
        services.asset_record_status(
            asset=asset,
            status="confiscated_final",
            effective_date=datetime.date(2021, 1, 1),
            by=palermo_officer,
        )

    message = raised.value.message_dict["status"][0]
    assert "cannot go from seized to confiscated (final)" in message
    assert "Allowed next steps" in message


def test_a_status_cannot_be_backdated_before_the_current_one(
    record_asset, palermo, palermo_officer
):
    asset = record_asset(palermo, status="seized", effective_date=datetime.date(2021, 5, 1))

    with pytest.raises(ValidationError) as raised:
        services.asset_record_status(
            asset=asset,
            status="confiscated_first_instance",
            effective_date=datetime.date(2021, 4, 30),
            by=palermo_officer,
        )

    message = raised.value.message_dict["effective_date"][0]
    assert "earlier than the previous status change" in message


def test_a_status_cannot_take_effect_in_the_future(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, status="seized")

    with pytest.raises(ValidationError):
        services.asset_record_status(
            asset=asset,
            status="confiscated_first_instance",
            effective_date=datetime.date.today() + datetime.timedelta(days=2),
            by=palermo_officer,
        )


def test_the_whole_lifecycle_from_seizure_to_delivery(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, status="seized", effective_date=datetime.date(2012, 2, 1))
    steps = [
        ("confiscated_first_instance", datetime.date(2014, 3, 1)),
        ("confiscated_appeal", datetime.date(2016, 4, 1)),
        ("confiscated_final", datetime.date(2018, 5, 1)),
        ("allocated", datetime.date(2020, 6, 1)),
        ("delivered", datetime.date(2021, 7, 1)),
    ]
    for status, day in steps:
        services.asset_record_status(
            asset=asset, status=status, effective_date=day, by=palermo_officer
        )

    asset.refresh_from_db()
    assert asset.status == "delivered"
    assert list(asset.status_events.values_list("status", flat=True)) == ["seized"] + [
        s for s, _ in steps
    ]


def test_a_status_recorded_against_a_stale_version_is_refused(
    record_asset, palermo, palermo_officer
):
    asset = record_asset(palermo, status="seized")
    services.asset_update(asset=asset, data={"title": "Renamed"}, by=palermo_officer)

    with pytest.raises(services.StaleVersion):
        services.asset_record_status(
            asset=asset,
            status="confiscated_first_instance",
            effective_date=datetime.date(2021, 1, 1),
            by=palermo_officer,
            expected_version=1,
        )

    asset.refresh_from_db()
    assert asset.status == "seized"


def test_asset_services_ask_the_lifecycle_for_the_effective_date_rule(
    monkeypatch, record_asset, palermo, palermo_officer
):
    """One rule for dates of status changes (assets, projects, imports): the services call it."""
    asked = []
    rule = lifecycle.validate_effective_date
    monkeypatch.setattr(
        lifecycle, "validate_effective_date", lambda *a, **kw: asked.append(kw) or rule(*a, **kw)
    )

    asset = record_asset(palermo, status="seized", effective_date=datetime.date(2021, 5, 1))
    services.asset_record_status(
        asset=asset,
        status="confiscated_first_instance",
        effective_date=datetime.date(2021, 6, 1),
        by=palermo_officer,
    )

    assert asked == [{}, {"after": datetime.date(2021, 5, 1)}]
