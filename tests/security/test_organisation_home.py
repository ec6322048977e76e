"""Item 4: an organisation has a home; only staff of that municipality, or a national
administrator, verify it, whether through the page, the API or the service."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from reuse_projects import services
from tests.reuse_projects.conftest import register_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def palermo_association(ngo_member, palermo):
    return register_organisation(
        ngo_member, "Associazione Palermo", "IT-HOME-1", municipality=palermo
    )


def test_a_rotterdam_officer_cannot_verify_a_palermo_organisation_over_the_api(
    rotterdam_officer, rotterdam, palermo_association
):
    api = APIClient()
    api.force_authenticate(rotterdam_officer)

    response = api.post(
        f"/api/v1/organisations/{palermo_association.pk}/verify/",
        {"municipality": rotterdam.pk},
        format="json",
    )

    assert response.status_code == 403
    palermo_association.refresh_from_db()
    assert not palermo_association.is_verified


def test_nor_through_the_page(client, rotterdam_officer, rotterdam, palermo_association):
    client.force_login(rotterdam_officer)

    page = client.get(f"/organisations/{palermo_association.pk}/")
    response = client.post(
        f"/organisations/{palermo_association.pk}/verify/", {"municipality": rotterdam.pk}
    )

    assert page.context["verify_form"] is None
    assert response.status_code == 403
    palermo_association.refresh_from_db()
    assert not palermo_association.is_verified


def test_nor_through_the_service(rotterdam_officer, rotterdam, palermo_association):
    with pytest.raises(PermissionDenied):
        services.organisation_verify(
            organisation=palermo_association, municipality=rotterdam, by=rotterdam_officer
        )


def test_the_home_municipality_and_a_national_administrator_verify_it(
    palermo_officer, national_admin, palermo, ngo_member
):
    first = register_organisation(ngo_member, "Prima", "IT-HOME-2", municipality=palermo)
    second = register_organisation(ngo_member, "Seconda", "IT-HOME-3", municipality=palermo)
    api = APIClient()
    api.force_authenticate(palermo_officer)

    assert (
        api.post(f"/api/v1/organisations/{first.pk}/verify/", {}, format="json").status_code == 200
    )
    services.organisation_verify(organisation=second, municipality=palermo, by=national_admin)

    first.refresh_from_db()
    assert first.is_verified and first.verified_by_municipality == palermo
    assert second.is_verified


def test_registration_asks_for_a_home_in_the_organisations_country(client, ngo_member, rotterdam):
    client.force_login(ngo_member)
    fields = {
        "name": "Stichting",
        "legal_form": "association",
        "registration_number": "NL-1",
        "country": "IT",
        "contact_email": "info@example.org",
    }

    without_home = client.post("/organisations/register/", fields)
    wrong_country = client.post(
        "/organisations/register/", {**fields, "municipality": rotterdam.pk}
    )
    right = client.post(
        "/organisations/register/", {**fields, "country": "NL", "municipality": rotterdam.pk}
    )

    assert "municipality" in without_home.context["form"].errors
    assert "municipality" in wrong_country.context["form"].errors
    assert right.status_code == 302
