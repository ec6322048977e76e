"""Who sees what in the admin: memberships decide, not Django's model permissions."""

import pytest
from django.test import Client

from assets_registry.models import Asset
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

ASSETS = "/admin/assets_registry/asset/"


def staff(user):
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def palermo_staff(palermo_officer):
    return staff(palermo_officer)


@pytest.fixture
def palermo_asset(palermo, record_asset):
    return record_asset(palermo, title="Villa Greco", location=PALERMO_CENTRE)


@pytest.fixture
def rotterdam_asset(rotterdam, record_asset):
    return record_asset(rotterdam, title="Pand Kralingen", location=ROTTERDAM_CENTRE)


def test_an_officer_needs_no_model_permission_only_a_membership(palermo_staff, palermo_asset):
    response = palermo_staff.get(ASSETS)

    assert response.status_code == 200
    assert "Villa Greco" in response.content.decode()


def test_officer_list_shows_only_their_municipality(palermo_staff, palermo_asset, rotterdam_asset):
    html = palermo_staff.get(ASSETS).content.decode()

    assert "Villa Greco" in html
    assert "Pand Kralingen" not in html
    assert "Rotterdam" not in html  # not even in the municipality filter


def test_officer_cannot_open_another_municipality_asset(palermo_staff, rotterdam_asset):
    response = palermo_staff.get(f"{ASSETS}{rotterdam_asset.pk}/change/", follow=True)

    assert response.redirect_chain[0][1] == 302
    assert "Pand Kralingen" not in response.content.decode()
    assert "doesn’t exist" in response.content.decode()


def test_officer_cannot_change_another_municipality_asset(palermo_staff, rotterdam_asset):
    response = palermo_staff.post(
        f"{ASSETS}{rotterdam_asset.pk}/change/",
        {"title": "Mine now", "kind": "building_unit", "opened_version": 1},
    )

    assert response.status_code == 302
    rotterdam_asset.refresh_from_db()
    assert (rotterdam_asset.title, rotterdam_asset.version) == ("Pand Kralingen", 1)


def test_officer_cannot_delete_another_municipality_asset(palermo_staff, rotterdam_asset):
    page = palermo_staff.get(f"{ASSETS}{rotterdam_asset.pk}/delete/")
    post = palermo_staff.post(
        f"{ASSETS}{rotterdam_asset.pk}/delete/", {"post": "yes", "reason": "Mine"}
    )

    assert (page.status_code, post.status_code) == (302, 302)
    rotterdam_asset.refresh_from_db()
    assert rotterdam_asset.deleted_at is None


def test_officer_cannot_add_an_asset_in_another_municipality(palermo_staff, rotterdam):
    response = palermo_staff.post(
        f"{ASSETS}add/",
        {
            "municipality": rotterdam.pk,
            "initial_status": "seized",
            "effective_date": "2021-01-01",
            "kind": "building_unit",
            "location_precision": "unknown",
            "condition": "unknown",
            "occupancy": "unknown",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["municipality"])
    assert not Asset.objects.exists()


def test_municipality_search_on_the_asset_form_offers_only_their_own(
    palermo_staff, palermo, rotterdam
):
    query = {"app_label": "assets_registry", "model_name": "asset", "field_name": "municipality"}

    found = palermo_staff.get("/admin/autocomplete/", {**query, "term": "o"}).json()["results"]

    assert [result["text"] for result in found] == ["Palermo"]


def test_officer_cannot_record_a_status_on_another_municipality_asset(
    palermo_staff, rotterdam_asset
):
    url = f"{ASSETS}{rotterdam_asset.pk}/record-status/"

    page = palermo_staff.get(url)
    post = palermo_staff.post(url, {"status": "allocated", "effective_date": "2021-06-01"})

    assert (page.status_code, post.status_code) == (404, 404)
    rotterdam_asset.refresh_from_db()
    assert rotterdam_asset.status == "confiscated_final"


def test_national_administrator_sees_every_municipality(
    national_admin, palermo_asset, rotterdam_asset
):
    client = staff(national_admin)

    html = client.get(ASSETS).content.decode()

    assert "Villa Greco" in html and "Pand Kralingen" in html
    assert client.get(f"{ASSETS}{rotterdam_asset.pk}/change/").status_code == 200


def test_superuser_sees_every_municipality(superuser, palermo_asset, rotterdam_asset):
    client = Client()
    client.force_login(superuser)

    html = client.get(ASSETS).content.decode()

    assert "Villa Greco" in html and "Pand Kralingen" in html


def test_staff_without_membership_sees_no_assets(ngo_member, palermo_asset):
    client = staff(ngo_member)

    assert "Assets" not in client.get("/admin/").content.decode()
    assert client.get(ASSETS).status_code == 403
    assert client.get(f"{ASSETS}{palermo_asset.pk}/change/").status_code == 403


def test_an_officer_who_is_not_staff_is_sent_to_the_login_page(palermo_officer, palermo_asset):
    client = Client()
    client.force_login(palermo_officer)

    response = client.get(ASSETS)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_anonymous_is_sent_to_the_login_page(client, palermo_asset):
    response = client.get(f"{ASSETS}{palermo_asset.pk}/change/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_officer_reads_but_cannot_edit_their_municipality(palermo_staff, palermo, rotterdam):
    url = f"/admin/assets_registry/municipality/{palermo.pk}/change/"

    page = palermo_staff.get(url)
    post = palermo_staff.post(url, {"name": "Palermo renamed"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # view only
    assert 'id="id_boundary_map"' in page.content.decode()  # the boundary shown as a map
    assert post.status_code == 403
    palermo.refresh_from_db()
    assert palermo.name == "Palermo"


def test_officer_does_not_see_other_municipalities(palermo_staff, palermo, rotterdam):
    html = palermo_staff.get("/admin/assets_registry/municipality/").content.decode()
    page = palermo_staff.get(f"/admin/assets_registry/municipality/{rotterdam.pk}/change/")

    assert "Palermo" in html and "Rotterdam" not in html
    assert page.status_code == 302


def test_national_administrator_edits_municipalities(national_admin, rotterdam):
    client = staff(national_admin)

    page = client.get(f"/admin/assets_registry/municipality/{rotterdam.pk}/change/")

    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()
    assert 'id="id_boundary_map"' in page.content.decode()


def test_only_superusers_manage_memberships(palermo_staff, national_admin, superuser):
    url = "/admin/assets_registry/municipalitymembership/"
    root = Client()
    root.force_login(superuser)

    assert palermo_staff.get(url).status_code == 403
    assert staff(national_admin).get(url).status_code == 403
    assert root.get(url).status_code == 200
    assert "palermo_officer" in root.get(url).content.decode()
