"""Field-level access and mass assignment.

Responses carry only what the role may see; writes with extra fields (municipality, status,
version, created_by, is_verified, ...) change nothing they should not: the extra field is either
refused with a 400 naming it or ignored, never applied.
"""

import pytest
from rest_framework.test import APIClient

from assets_registry.models import Asset
from reuse_projects.models import Application, Organisation
from tests.reuse_projects.conftest import draft_application

pytestmark = pytest.mark.django_db

PRIVILEGED = {
    "municipality": None,  # filled with a foreign municipality
    "status": "sold",
    "version": 99,
    "created_by": None,  # filled with another user
    "reference": "HACKED-1",
    "deleted_at": "2020-01-01T00:00:00Z",
    "id": 999999,
}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def privileged(world):
    return {
        **PRIVILEGED,
        "municipality": world["users"]["officer_y"].municipality_memberships.get().municipality_id,
        "created_by": world["users"]["ngo_b"].pk,
    }


def assert_asset_unchanged_but_title(asset, before):
    after = Asset.objects.get(pk=asset.pk)
    assert after.municipality_id == before.municipality_id
    assert after.status == before.status
    assert after.reference == before.reference
    assert after.created_by_id == before.created_by_id
    assert after.deleted_at is None
    assert after.version in (before.version, before.version + 1)


@pytest.mark.parametrize("field", sorted(PRIVILEGED))
def test_asset_patch_with_a_privileged_field_is_refused_naming_it(world, field):
    asset = Asset.objects.get(pk=world["asset"].pk)
    body = {"type": "Feature", "properties": {"title": "Renamed", field: privileged(world)[field]}}
    response = api(world["users"]["officer_x"]).patch(
        f"/api/v1/assets/{asset.pk}/",
        body,
        format="json",
        HTTP_IF_MATCH=f'"{asset.version}"',
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert_asset_unchanged_but_title(asset, asset)
    assert Asset.objects.get(pk=asset.pk).title != "Renamed"


def test_asset_created_with_privileged_fields_gets_none_of_them(world):
    officer = world["users"]["officer_x"]
    extra = {k: v for k, v in privileged(world).items() if k != "municipality"}
    body = {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "municipality": world["palermo"].pk,
            "kind": "land",
            "title": "Olive grove",
            "status": "seized",
            "effective_date": "2024-05-01",
            **{k: v for k, v in extra.items() if k != "status"},
        },
    }
    before = Asset.objects.count()
    response = api(officer).post("/api/v1/assets/", body, format="json")
    assert response.status_code == 400, response.content
    assert Asset.objects.count() == before


def test_foreign_officer_cannot_create_an_asset_in_another_city(world):
    body = {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "municipality": world["palermo"].pk,
            "kind": "land",
            "title": "Planted by Rotterdam",
            "status": "seized",
            "effective_date": "2024-05-01",
        },
    }
    before = Asset.objects.count()
    response = api(world["users"]["officer_y"]).post("/api/v1/assets/", body, format="json")
    assert response.status_code == 403
    assert Asset.objects.count() == before


def test_applicant_cannot_set_status_score_or_organisation_of_an_application(world):
    member = world["users"]["ngo_a"]
    application = draft_application(
        world["call"], world["offered_asset"], world["organisation"], member
    )
    other = Organisation.objects.exclude(pk=world["organisation"].pk).first()
    response = api(member).patch(
        f"/api/v1/applications/{application.pk}/",
        {
            "title": "Renamed project",
            "status": "accepted",
            "score": 100,
            "internal_notes": "self-praise",
            "decision_note": "Accepted by myself",
            "organisation": other.pk,
            "call": world["decided_call"].pk,
        },
        format="json",
    )
    assert response.status_code in (200, 400), response.content
    application.refresh_from_db()
    assert application.status == "draft"
    assert application.score is None
    assert application.internal_notes == ""
    assert application.decision_note == ""
    assert application.organisation_id == world["organisation"].pk
    assert application.call_id == world["call"].pk


def test_applicant_form_ignores_status_and_score(world, client):
    member = world["users"]["ngo_a"]
    application = draft_application(
        world["call"], world["offered_asset"], world["organisation"], member
    )
    client.force_login(member)
    client.post(
        f"/applications/{application.pk}/edit/",
        {
            "use_category": "culture",
            "title": "Theatre",
            "description": "A theatre.",
            "beneficiaries": "All",
            "budget": "1000",
            "duration_months": "12",
            "status": "accepted",
            "score": "100",
            "organisation": "1",
        },
    )
    application.refresh_from_db()
    assert application.status == "draft"
    assert application.score is None
    assert application.organisation_id == world["organisation"].pk


def test_registering_an_organisation_never_makes_it_verified(world):
    member = world["users"]["ngo_unverified"]
    response = api(member).post(
        "/api/v1/organisations/",
        {
            "name": "Self-verified association",
            "legal_form": "association",
            "registration_number": "IT-SELF-9",
            "contact_email": "self@example.org",
            "is_verified": True,
            "verified_at": "2024-01-01T00:00:00Z",
            "verified_by": world["users"]["officer_x"].pk,
            "verified_by_municipality": world["palermo"].pk,
        },
        format="json",
    )
    assert response.status_code in (201, 400), response.content
    for organisation in Organisation.objects.filter(registration_number="IT-SELF-9"):
        assert not organisation.is_verified
        assert organisation.verified_by_id is None
        assert organisation.verified_by_municipality_id is None
    if response.status_code == 201:
        assert response.json()["is_verified"] is False


def test_applicant_sees_no_score_nor_internal_notes_staff_do(world):
    application = Application.objects.get(pk=world["application"].pk)
    application.score = 77
    application.internal_notes = "Weak budget"
    application.save(update_fields=["score", "internal_notes"])
    url = f"/api/v1/applications/{application.pk}/"

    mine = api(world["users"]["ngo_a"]).get(url).json()
    assert "score" not in mine and "internal_notes" not in mine
    # The score under any other name (its digits may well appear inside a timestamp).
    assert not any(str(value) in ("77", "77.0", "77.00") for value in mine.values())
    assert "Weak budget" not in str(mine)
    listed = api(world["users"]["ngo_a"]).get("/api/v1/applications/").json()
    assert "Weak budget" not in str(listed)

    staff = api(world["users"]["officer_x"]).get(url).json()
    assert staff["internal_notes"] == "Weak budget"
    assert float(staff["score"]) == 77


def test_staff_of_another_city_sees_no_application_of_this_one(world):
    response = api(world["users"]["officer_y"]).get("/api/v1/applications/")
    assert response.status_code == 200
    assert world["application"].title not in response.content.decode()
