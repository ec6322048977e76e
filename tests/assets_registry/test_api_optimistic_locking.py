"""Writes on an asset need If-Match with the version read: 428 without, 412 when stale."""

import threading

import pytest
import requests
from rest_framework.test import APIClient

from assets_registry.models import Asset, StatusEvent

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/conftest.py's make_user


@pytest.fixture
def officer_api(palermo_officer):
    api = APIClient()
    api.force_authenticate(palermo_officer)
    return api


@pytest.fixture
def asset(palermo, record_asset):
    return record_asset(palermo, status="confiscated_final", title="Villa")


def rename(api, asset, **headers):
    body = {"type": "Feature", "properties": {"title": "Villa Greco"}}
    return api.patch(f"/api/v1/assets/{asset.pk}/", body, format="json", **headers)


def allocate(api, asset, **headers):
    event = {"status": "allocated", "effective_date": "2021-06-01"}
    return api.post(f"/api/v1/assets/{asset.pk}/status-events/", event, format="json", **headers)


def delete(api, asset, **headers):
    return api.delete(f"/api/v1/assets/{asset.pk}/?reason=Registered+twice", **headers)


def assert_unchanged(asset):
    asset.refresh_from_db()
    assert (asset.title, asset.status, asset.version, asset.deleted_at) == (
        "Villa",
        "confiscated_final",
        1,
        None,
    )
    assert StatusEvent.objects.filter(asset=asset).count() == 1


def test_get_returns_the_version_as_etag(officer_api, asset):
    response = officer_api.get(f"/api/v1/assets/{asset.pk}/")

    assert response.headers["ETag"] == '"1"'
    assert response.json()["properties"]["version"] == 1


@pytest.mark.parametrize("write", [rename, allocate, delete])
def test_a_write_without_if_match_is_428_and_changes_nothing(officer_api, asset, write):
    response = write(officer_api, asset)

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert_unchanged(asset)


@pytest.mark.parametrize("write", [rename, allocate, delete])
def test_a_write_with_a_stale_version_is_412_and_changes_nothing(officer_api, asset, write):
    Asset.objects.filter(pk=asset.pk).update(version=2)  # someone else saved meanwhile

    response = write(officer_api, asset, HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert "now at version 2" in response.json()["detail"]
    asset.refresh_from_db()
    assert (asset.title, asset.status, asset.deleted_at) == ("Villa", "confiscated_final", None)


@pytest.mark.parametrize("if_match", ['"1"', 'W/"1"', "1", ' "1" '])
def test_if_match_accepts_strong_weak_and_bare_versions(officer_api, asset, if_match):
    response = rename(officer_api, asset, HTTP_IF_MATCH=if_match)

    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'


@pytest.mark.parametrize("if_match", ["*", '"abc"', '"1", "2"'])
def test_an_if_match_naming_no_version_is_412(officer_api, asset, if_match):
    response = rename(officer_api, asset, HTTP_IF_MATCH=if_match)

    assert response.status_code == 412
    assert response.json()["current_version"] == 1
    assert_unchanged(asset)


def test_the_etag_of_a_write_is_the_next_if_match(officer_api, asset):
    first = rename(officer_api, asset, HTTP_IF_MATCH='"1"')
    second = allocate(officer_api, asset, HTTP_IF_MATCH=first.headers["ETag"])
    third = delete(officer_api, asset, HTTP_IF_MATCH=second.headers["ETag"])

    assert [first.status_code, second.status_code, third.status_code] == [200, 201, 204]


def race(requests_to_send):
    """Send the requests from threads released together; return their status codes."""
    barrier = threading.Barrier(len(requests_to_send))
    results = [None] * len(requests_to_send)

    def send(index, method, url, kwargs):
        barrier.wait()
        results[index] = requests.request(method, url, timeout=30, **kwargs).status_code

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests_to_send)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_clients_renaming_the_same_version_over_http_exactly_one_wins(
    live_server, palermo_officer, asset
):
    url = f"{live_server.url}/api/v1/assets/{asset.pk}/"
    auth = ("palermo_officer", PASSWORD)

    def patch(title):
        body = {"type": "Feature", "properties": {"title": title}}
        return ("PATCH", url, {"json": body, "auth": auth, "headers": {"If-Match": '"1"'}})

    codes = race([patch("Villa Rossi"), patch("Villa Bianchi")])

    assert sorted(codes) == [200, 412]
    asset.refresh_from_db()
    assert asset.version == 2
    assert asset.title in ("Villa Rossi", "Villa Bianchi")


def test_two_clients_recording_a_status_on_the_same_version_exactly_one_wins(
    live_server, palermo_officer, asset
):
    url = f"{live_server.url}/api/v1/assets/{asset.pk}/status-events/"
    auth = ("palermo_officer", PASSWORD)

    def post(status):
        event = {"status": status, "effective_date": "2021-06-01"}
        return ("POST", url, {"json": event, "auth": auth, "headers": {"If-Match": "1"}})

    codes = race([post("allocated"), post("for_sale")])

    assert sorted(codes) == [201, 412]
    asset.refresh_from_db()
    assert asset.status in ("allocated", "for_sale")
    assert StatusEvent.objects.filter(asset=asset).count() == 2
