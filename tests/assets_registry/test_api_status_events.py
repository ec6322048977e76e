"""Recording a legal status through the API goes through the lifecycle's one set of rules."""

import datetime

import pytest
from rest_framework.test import APIClient

from assets_registry.models import StatusEvent

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_api(palermo_officer):
    api = APIClient()
    api.force_authenticate(palermo_officer)
    return api


def record(api, asset, version=1, **event):
    return api.post(
        f"/api/v1/assets/{asset.pk}/status-events/",
        event,
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )


def test_an_allowed_transition_is_recorded(officer_api, palermo, palermo_officer, record_asset):
    asset = record_asset(palermo, status="confiscated_final")

    response = record(
        officer_api,
        asset,
        status="allocated",
        effective_date="2021-06-01",
        reference="Decree ANBSC 88/2021",
        note="Allocated to the municipality for social use",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "allocated"
    assert response.json()["recorded_by"] == "palermo_officer"
    assert response.headers["ETag"] == '"2"'
    asset.refresh_from_db()
    assert (asset.status, asset.status_date, asset.version) == (
        "allocated",
        datetime.date(2021, 6, 1),
        2,
    )


def test_an_illegal_transition_is_a_400_with_the_reason(officer_api, palermo, record_asset):
    asset = record_asset(palermo, status="seized")

    response = record(officer_api, asset, status="allocated", effective_date="2021-06-01")

    assert response.status_code == 400
    assert response.json() == {
        "status": [
            "An asset cannot go from seized to allocated. Allowed next steps: "
            "confiscated (first instance), released (seizure or confiscation revoked)."
        ]
    }
    asset.refresh_from_db()
    assert (asset.status, asset.version) == ("seized", 1)
    assert StatusEvent.objects.filter(asset=asset).count() == 1


def test_a_future_effective_date_is_refused(officer_api, palermo, record_asset):
    asset = record_asset(palermo, status="confiscated_final")

    response = record(officer_api, asset, status="allocated", effective_date="2999-01-01")

    assert response.status_code == 400
    assert response.json() == {"effective_date": ["The date cannot be in the future."]}


def test_a_date_before_the_current_status_is_refused(officer_api, palermo, record_asset):
    asset = record_asset(
        palermo, status="confiscated_final", effective_date=datetime.date(2020, 1, 15)
    )

    response = record(officer_api, asset, status="allocated", effective_date="2019-12-31")

    assert response.status_code == 400
    assert (
        "earlier than the previous status change (2020-01-15)"
        in (response.json()["effective_date"][0])
    )
    assert StatusEvent.objects.filter(asset=asset).count() == 1


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"status": "stolen", "effective_date": "2021-01-01"}, "status"),
        ({"status": "allocated"}, "effective_date"),
        ({"status": "allocated", "effective_date": "01/06/2021"}, "effective_date"),
    ],
)
def test_malformed_events_name_the_field(officer_api, palermo, record_asset, event, field):
    asset = record_asset(palermo, status="confiscated_final")

    response = record(officer_api, asset, **event)

    assert response.status_code == 400
    assert field in response.json()
