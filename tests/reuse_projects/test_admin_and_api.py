"""The admin is scoped like the pages; the API walks the same workflow as the pages."""

import datetime

import pytest
from rest_framework.test import APIClient

from reuse_projects.models import Application, ReuseProject
from tests.reuse_projects.conftest import close_call, draft_application, make_call

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_admin_shows_staff_only_their_municipality_calls(
    client, palermo_officer, rotterdam_officer, open_call, rotterdam, rotterdam_asset
):
    rotterdam_call = make_call(rotterdam, [rotterdam_asset], rotterdam_officer)
    palermo_officer.is_staff = True
    palermo_officer.save()
    client.force_login(palermo_officer)

    page = client.get("/admin/reuse_projects/call/").content.decode()

    assert open_call.title in page
    assert rotterdam_call.title not in page
    assert client.get(f"/admin/reuse_projects/call/{rotterdam_call.pk}/change/").status_code == 302


def test_the_admin_is_closed_to_ngo_members(client, ngo_member, organisation_a):
    ngo_member.is_staff = True
    ngo_member.save()
    client.force_login(ngo_member)

    assert client.get("/admin/reuse_projects/organisation/").status_code == 403


def test_an_application_walks_through_the_api(
    ngo_member,
    palermo_officer,
    palermo_manager,
    organisation_a,
    open_call,
    palermo_asset,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ngo = api_client(ngo_member)
    created = ngo.post(
        "/api/v1/applications/",
        {
            "call": open_call.pk,
            "asset": palermo_asset.pk,
            "organisation": organisation_a.pk,
            "use_category": "culture",
            "title": "Theatre",
            "description": "A small theatre.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert "score" not in created.json()
    assert ngo.post(f"/api/v1/applications/{pk}/submit/").json()["status"] == "submitted"

    officer = api_client(palermo_officer)
    scored = officer.post(f"/api/v1/applications/{pk}/score/", {"score": "77.5"}, format="json")
    assert scored.json()["status"] == "under_review"
    assert scored.json()["score"] == "77.50"

    close_call(open_call)
    with django_capture_on_commit_callbacks(execute=True):
        decided = api_client(palermo_manager).post(
            f"/api/v1/calls/{open_call.pk}/decide/",
            {
                "asset": palermo_asset.pk,
                "accepted": pk,
                "decision_notes": {str(pk): "Welcome."},
                "deed_number": "Rep. 9/2026",
                "deed_date": "2026-01-10",
                "concession_object": "Use of the ground floor",
                "starts_on": "2026-02-01",
            },
            format="json",
        )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["deed_number"] == "Rep. 9/2026"
    assert ReuseProject.objects.get(application_id=pk).organisation == organisation_a
    assert Application.objects.get(pk=pk).status == "accepted"
    assert len(mailoutbox) == 1

    projects = ngo.get("/api/v1/projects/").json()["results"]
    assert [p["deed_number"] for p in projects] == ["Rep. 9/2026"]


def test_the_api_refuses_a_submission_outside_the_window_with_a_400(
    ngo_member, organisation_a, open_call, palermo_asset
):
    draft = draft_application(open_call, palermo_asset, organisation_a, ngo_member)
    open_call.opens_at = open_call.closes_at - datetime.timedelta(hours=1)
    open_call.save(update_fields=["opens_at"])

    response = api_client(ngo_member).post(f"/api/v1/applications/{draft.pk}/submit/")

    assert response.status_code == 400
    assert "The call opens on" in response.json()["non_field_errors"][0]


def test_the_reuse_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/organisations/",
        "/api/v1/calls/{id}/decide/",
        "/api/v1/applications/{id}/submit/",
        "/api/v1/projects/{id}/status/",
        "/api/v1/reports/{id}/acknowledge/",
        "/api/v1/documents/",
    ):
        assert path in schema


def test_the_admin_offers_view_on_site_only_for_a_public_project(
    client, project_a, palermo, palermo_officer
):
    palermo_officer.is_staff = True
    palermo_officer.save(update_fields=["is_staff"])
    client.force_login(palermo_officer)
    change_page = f"/admin/reuse_projects/reuseproject/{project_a.pk}/change/"

    palermo.is_published = False
    palermo.save(update_fields=["is_published"])
    assert "View on site" not in client.get(change_page).content.decode()

    palermo.is_published = True
    palermo.save(update_fields=["is_published"])
    page = client.get(change_page).content.decode()
    assert f'href="/projects/{project_a.pk}/" class="viewsitelink"' in page


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/admin/reuse_projects/call/", "municipality__id__exact"),
        ("/admin/reuse_projects/application/", "call__municipality__id__exact"),
        ("/admin/reuse_projects/reuseproject/", "asset__municipality__id__exact"),
    ],
)
def test_the_admins_municipality_filters_list_only_municipalities_with_rows(
    client,
    superuser,
    open_call,
    naples,
    rotterdam,
    rotterdam_asset,
    rotterdam_officer,
    path,
    parameter,
):
    """Not every municipality: at national scale that was 7,909 links in each sidebar."""
    make_call(rotterdam, [rotterdam_asset], rotterdam_officer)
    client.force_login(superuser)

    page = client.get(path).content.decode()

    assert f"{parameter}={naples.pk}" not in page
    if path.endswith("/call/"):
        assert f"{parameter}={open_call.municipality.pk}" in page
        assert f"{parameter}={rotterdam.pk}" in page
