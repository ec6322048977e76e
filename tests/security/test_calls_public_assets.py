"""Item 6: the calls pages show a call's assets only through the published-only selector."""

import pytest

from assets_registry.models import Municipality
from tests.reuse_projects.conftest import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_in_unpublished_city(palermo, palermo_asset, palermo_officer, palermo_manager):
    call = make_call(palermo, [palermo_asset], palermo_officer, publisher=palermo_manager)
    Municipality.objects.filter(pk=palermo.pk).update(is_published=False)
    return call


def test_the_open_calls_page_hides_an_asset_the_public_selector_hides(
    client, call_in_unpublished_city, palermo_asset
):
    body = client.get("/calls/").content.decode()

    assert call_in_unpublished_city.title in body
    for secret in (palermo_asset.title, palermo_asset.address, palermo_asset.reference):
        assert secret not in body
    assert "38.11" not in body  # no coordinates, in the list or the map's data


def test_the_call_page_hides_it_from_visitors_but_not_from_the_call_staff(
    client, call_in_unpublished_city, palermo_asset, palermo_officer
):
    url = f"/calls/{call_in_unpublished_city.pk}/"

    anonymous = client.get(url).content.decode()
    client.force_login(palermo_officer)
    staff = client.get(url).content.decode()

    assert palermo_asset.address not in anonymous
    assert palermo_asset.address in staff


def test_a_published_asset_still_shows(client, open_call, palermo_asset):
    assert palermo_asset.address in client.get("/calls/").content.decode()
    assert palermo_asset.address in client.get(f"/calls/{open_call.pk}/").content.decode()
