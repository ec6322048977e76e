"""A member of organisation A never sees or changes B's applications, reports or documents; an
officer of one city never acts on another city's calls. Pages, API and downloads alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reuse_projects import services
from reuse_projects.models import Application, Document, MonitoringReport
from tests.conftest import png_bytes
from tests.reuse_projects.conftest import draft_application, make_call

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(owner, by, visibility="internal"):
    return services.document_attach(
        owner=owner,
        uploaded_file=SimpleUploadedFile("a.pdf", PDF),
        title="Plan",
        visibility=visibility,
        by=by,
    )


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def report_a(project_a, palermo_officer):
    services.project_change_status(
        project=project_a,
        status="active",
        reason="",
        effective_date=project_a.starts_on,
        by=palermo_officer,
    )
    return MonitoringReport.objects.filter(project=project_a).first()


def test_member_of_b_cannot_open_or_change_a_application_pages(
    client, member_b, application_a, application_b
):
    client.force_login(member_b)

    assert client.get(f"/applications/{application_a.pk}/").status_code == 404
    assert client.get(f"/applications/{application_a.pk}/edit/").status_code == 404
    assert client.post(f"/applications/{application_a.pk}/withdraw/").status_code == 404
    assert client.get(f"/applications/{application_b.pk}/").status_code == 200
    application_a.refresh_from_db()
    assert application_a.status == Application.Status.SUBMITTED


def test_member_of_b_cannot_read_or_change_a_application_through_the_api(
    member_b, application_a, application_b
):
    client = api_client(member_b)

    listed = client.get("/api/v1/applications/").json()["results"]
    assert [row["id"] for row in listed] == [application_b.pk]
    assert client.get(f"/api/v1/applications/{application_a.pk}/").status_code == 404
    assert client.post(f"/api/v1/applications/{application_a.pk}/withdraw/").status_code == 404
    response = client.patch(
        f"/api/v1/applications/{application_a.pk}/", {"title": "Hijacked"}, format="json"
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=application_a.pk).title != "Hijacked"


def test_member_of_b_cannot_apply_in_the_name_of_a(
    member_b, open_call, palermo_asset, organisation_a
):
    response = api_client(member_b).post(
        "/api/v1/applications/",
        {
            "call": open_call.pk,
            "asset": palermo_asset.pk,
            "organisation": organisation_a.pk,
            "use_category": "culture",
            "title": "Fake",
            "description": "Fake",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Application.objects.filter(title="Fake").exists()


def test_member_of_b_cannot_download_a_documents(
    client, member_b, ngo_member, open_call, palermo_asset, organisation_a
):
    draft = draft_application(open_call, palermo_asset, organisation_a, ngo_member)
    document = attach(draft, ngo_member)

    client.force_login(member_b)
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert api_client(member_b).get(f"/api/v1/documents/{document.pk}/").status_code == 404
    client.force_login(ngo_member)
    response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_member_of_b_cannot_see_or_file_a_reports(client, member_b, report_a):
    client.force_login(member_b)

    assert client.get(f"/reports/{report_a.pk}/").status_code == 404
    assert client.post(f"/reports/{report_a.pk}/", {"beneficiaries": 1}).status_code == 404
    api = api_client(member_b)
    assert api.get("/api/v1/reports/").json()["results"] == []
    assert api.post(f"/api/v1/reports/{report_a.pk}/file/", {}).status_code == 404
    report_a.refresh_from_db()
    assert report_a.status == MonitoringReport.Status.DUE


def test_rejected_applicant_does_not_see_the_winner_project(client, member_b, project_a):
    client.force_login(member_b)
    assert client.get(f"/concessions/{project_a.pk}/").status_code == 404


def test_officer_of_another_city_cannot_act_on_palermo_calls(
    client, rotterdam_officer, open_call, application_a, palermo, palermo_asset, palermo_officer
):
    client.force_login(rotterdam_officer)

    # The published call is public, but its review queue and decisions are not Rotterdam's.
    assert client.get(f"/calls/{open_call.pk}/").status_code == 200
    assert client.get(f"/calls/{open_call.pk}/review/").status_code == 403
    assert client.get(f"/calls/{open_call.pk}/decide/").status_code == 403
    assert client.get(f"/applications/{application_a.pk}/").status_code == 404
    api = api_client(rotterdam_officer)
    assert (
        api.post(f"/api/v1/applications/{application_a.pk}/score/", {"score": 99}).status_code
        == 404
    )
    assert api.post(f"/api/v1/calls/{open_call.pk}/decide/", {}, format="json").status_code == 403


def test_officer_of_another_city_cannot_see_or_publish_a_draft_call(
    client, rotterdam_officer, palermo, palermo_officer, record_asset
):
    asset = record_asset(palermo, status="delivered", title="Shop")
    draft = make_call(palermo, [asset], palermo_officer)
    client.force_login(rotterdam_officer)

    assert client.get(f"/calls/{draft.pk}/").status_code == 404
    assert client.post(f"/calls/{draft.pk}/publish/").status_code == 404
    assert (
        api_client(rotterdam_officer).post(f"/api/v1/calls/{draft.pk}/publish/").status_code == 404
    )


def test_an_officer_cannot_create_a_call_for_another_city(
    rotterdam_officer, palermo, palermo_asset
):
    response = api_client(rotterdam_officer).post(
        "/api/v1/calls/",
        {
            "municipality": palermo.pk,
            "assets": [palermo_asset.pk],
            "title": "Not mine",
            "text": "x",
            "opens_at": "2030-01-01T00:00:00Z",
            "closes_at": "2030-02-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 403


def test_an_officer_cannot_publish_only_a_manager_can(
    client, palermo_officer, palermo_manager, palermo, palermo_asset
):
    draft = make_call(palermo, [palermo_asset], palermo_officer)
    client.force_login(palermo_officer)
    assert client.post(f"/calls/{draft.pk}/publish/").status_code == 403

    client.force_login(palermo_manager)
    assert client.post(f"/calls/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_anonymous_visitors_read_public_project_photos_but_not_internal_documents(
    client, project_a, palermo_officer
):
    public_photo = services.document_attach(
        owner=project_a,
        uploaded_file=SimpleUploadedFile("p.png", png_bytes()),
        title="The garden",
        visibility=Document.Visibility.PUBLIC,
        by=palermo_officer,
    )
    internal = attach(project_a, palermo_officer)

    assert client.get(f"/documents/{public_photo.pk}/").status_code == 200
    assert client.get(f"/documents/{internal.pk}/").status_code == 404
