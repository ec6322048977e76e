"""Deleting an asset under a live concession or an open call: one service decides, and the API,
the admin and the staff page all answer 409 with the reason."""

import pytest

from assets_registry import services
from reuse_projects import services as reuse_services
from tests.reuse_projects.conftest import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(palermo, record_asset, palermo_officer):
    asset = record_asset(palermo, status="allocated", title="Offered villa")
    call = make_call(palermo, [asset], palermo_officer)
    return asset, call


def test_the_service_refuses_and_names_what_depends_on_the_asset(offered, palermo_officer):
    asset, call = offered

    with pytest.raises(services.AssetInUse) as refused:
        services.asset_delete(asset=asset, by=palermo_officer, reason="Registered twice")

    assert refused.value.reasons == [f"The call “{call.title}” (draft) offers it."]
    asset.refresh_from_db()
    assert asset.deleted_at is None


def test_a_decided_or_cancelled_call_no_longer_holds_the_asset(
    offered, palermo_officer, palermo_manager
):
    asset, call = offered
    reuse_services.call_cancel(call=call, reason="No longer offered", by=palermo_manager)

    services.asset_delete(asset=asset, by=palermo_officer, reason="Registered twice")

    asset.refresh_from_db()
    assert asset.deleted_reason == "Registered twice"


def test_a_live_concession_holds_the_asset(project_a, palermo_asset, palermo_officer):
    reasons = services.asset_delete_blockers(palermo_asset)

    assert reasons == [f"The concession “{project_a.title}” (agreed) is live on it."]


def test_the_api_answers_409_with_the_reason(offered, palermo_officer):
    from rest_framework.test import APIClient

    asset, call = offered
    api = APIClient()
    api.force_authenticate(palermo_officer)

    response = api.delete(
        f"/api/v1/assets/{asset.pk}/?reason=Twice", HTTP_IF_MATCH=f'"{asset.version}"'
    )

    assert response.status_code == 409
    assert response.json()["reasons"] == [f"The call “{call.title}” (draft) offers it."]


def test_the_api_asks_for_a_reason(palermo, record_asset, palermo_officer):
    from rest_framework.test import APIClient

    asset = record_asset(palermo)
    api = APIClient()
    api.force_authenticate(palermo_officer)

    response = api.delete(f"/api/v1/assets/{asset.pk}/", HTTP_IF_MATCH=f'"{asset.version}"')

    assert response.status_code == 400
    assert "reason" in response.json()


def test_the_admin_delete_page_shows_what_depends_and_answers_409(offered, palermo_officer, client):
    asset, call = offered
    palermo_officer.is_staff = True
    palermo_officer.save()
    client.force_login(palermo_officer)
    url = f"/admin/assets_registry/asset/{asset.pk}/delete/"

    page = client.get(url)
    post = client.post(url, {"post": "yes", "reason": "Registered twice"})

    assert page.status_code == 409
    assert call.title in page.content.decode()
    assert post.status_code == 409
    asset.refresh_from_db()
    assert asset.deleted_at is None


def test_restoring_brings_the_asset_back_with_its_history(palermo, record_asset, palermo_officer):
    asset = record_asset(palermo)
    services.asset_delete(asset=asset, by=palermo_officer, reason="Registered twice")

    services.asset_restore(asset=asset, by=palermo_officer)

    asset.refresh_from_db()
    assert (asset.deleted_at, asset.deleted_reason) == (None, "")
    assert asset.status_events.count() == 1
