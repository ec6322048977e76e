"""Pages: what each role sees, forms that keep what was typed, refusals the server makes."""

import re

import pytest
from django.core import mail

from reuse_projects import services
from reuse_projects.models import Application, Call, OrganisationMembership
from tests.conftest import make_user
from tests.reuse_projects.conftest import (
    call_form,
    close_call,
    draft_application,
    make_call,
    register_organisation,
)

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_open_calls_and_their_assets_but_no_draft(
    client, open_call, palermo, palermo_officer, record_asset
):
    draft_asset = record_asset(palermo, status="delivered", title="Hidden shop")
    make_call(palermo, [draft_asset], palermo_officer)

    page = client.get("/calls/").content.decode()

    assert open_call.title in page
    assert "Villa on Via Libertà" in page
    assert "Hidden shop" not in page
    assert 'class="folium-map' in page  # the offered assets on a map


def test_the_public_list_loads_nothing_from_another_site(client, open_call):
    page = client.get("/calls/").content.decode()

    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert [url for url in external if "openstreetmap.org/copyright" not in url] == []


def test_an_officer_creates_a_call_for_reusable_assets_only(
    client, palermo_officer, palermo, palermo_asset, record_asset
):
    not_yet = record_asset(palermo, status="confiscated_appeal", title="Not final yet")
    client.force_login(palermo_officer)

    form_page = client.get("/calls/new/").content.decode()
    assert palermo_asset.reference in form_page
    assert not_yet.reference not in form_page

    response = client.post("/calls/new/", call_form(palermo, [palermo_asset]))

    call = Call.objects.get(title="Call 2027")
    assert response.status_code == 302
    assert call.status == Call.Status.DRAFT
    assert list(call.assets.all()) == [palermo_asset]
    assert call.created_by == palermo_officer


def test_the_call_form_shows_the_error_next_to_the_field_and_keeps_the_input(
    client, palermo_officer, palermo, palermo_asset
):
    client.force_login(palermo_officer)

    response = client.post(
        "/calls/new/",
        {
            "municipality": palermo.pk,
            "title": "Backwards call",
            "text": "Typed with care.",
            "opens_at": "2027-03-10T09:00",
            "closes_at": "2027-01-10T12:00",
            "assets": [palermo_asset.pk],
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "A call must close after it opens." in page
    assert 'value="Backwards call"' in page
    assert "Typed with care." in page
    assert not Call.objects.filter(title="Backwards call").exists()


def test_an_ngo_member_cannot_create_calls(client, ngo_member):
    client.force_login(ngo_member)
    assert client.get("/calls/new/").status_code == 403


def test_a_late_submission_is_refused_whatever_the_browser_sends(
    client, open_call, palermo_asset, organisation_a, ngo_member
):
    draft = draft_application(open_call, palermo_asset, organisation_a, ngo_member)
    close_call(open_call)
    client.force_login(ngo_member)

    response = client.post(f"/applications/{draft.pk}/submit/", follow=True)

    assert "The call closed on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_the_applicant_reads_the_decision_note_but_not_the_internal_notes(
    client, project_a, application_b, ngo_member, member_b
):
    application_b.refresh_from_db()
    application_b.internal_notes = "Budget looks inflated."
    application_b.save()
    client.force_login(member_b)

    page = client.get(f"/applications/{application_b.pk}/").content.decode()

    assert "Less convincing." in page
    assert "Budget looks inflated." not in page


def test_a_coordinator_invites_a_member_and_a_member_cannot(client, organisation_a, ngo_member):
    colleague = make_user("colleague")
    client.force_login(ngo_member)

    response = client.post(
        f"/organisations/{organisation_a.pk}/",
        {"email": "colleague@example.org", "role": "member"},
    )

    assert response.status_code == 302
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body).group(1)
    client.force_login(colleague)
    assert client.post(link).status_code == 302
    assert organisation_a.memberships.filter(user=colleague, role="member").exists()
    response = client.post(
        f"/organisations/{organisation_a.pk}/", {"email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 403


def test_an_invalid_address_shows_the_error_next_to_the_field(client, organisation_a, ngo_member):
    client.force_login(ngo_member)

    response = client.post(
        f"/organisations/{organisation_a.pk}/", {"email": "nobody", "role": "member"}
    )

    assert "Enter a valid email address" in response.content.decode()
    assert OrganisationMembership.objects.filter(organisation=organisation_a).count() == 1


def test_the_officer_home_lists_the_review_queue_and_pending_organisations(
    client, palermo_officer, application_a, ngo_member
):
    register_organisation(ngo_member, "Waiting association", "IT-WAIT-1")
    client.force_login(palermo_officer)

    page = client.get("/me/").content.decode()

    assert application_a.call.title in page
    assert "1 of 1" in page  # waiting for decision
    assert "Waiting association" in page


def test_an_officer_edits_a_draft_call_but_not_a_published_one(
    client, palermo_officer, palermo, palermo_asset, record_asset
):
    other = record_asset(palermo, status="delivered", title="Second asset")
    draft = make_call(palermo, [palermo_asset], palermo_officer)
    client.force_login(palermo_officer)

    response = client.post(
        f"/calls/{draft.pk}/edit/",
        {
            "title": "Renamed call",
            "text": draft.text,
            "opens_at": "2027-01-10T09:00",
            "closes_at": "2027-03-10T12:00",
            "assets": [palermo_asset.pk, other.pk],
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed call"
    assert set(draft.assets.all()) == {palermo_asset, other}
    draft.status = Call.Status.PUBLISHED
    draft.save()
    response = client.post(f"/calls/{draft.pk}/edit/", {"title": "Changed after publishing"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed call"


def test_the_project_page_shows_its_history_with_actors_for_staff_only(
    client, project_a, palermo_officer, ngo_member
):
    services.project_change_status(
        project=project_a,
        status="active",
        reason="",
        effective_date=project_a.starts_on,
        by=palermo_officer,
    )

    client.force_login(palermo_officer)
    staff_page = client.get(f"/concessions/{project_a.pk}/").content.decode()
    client.force_login(ngo_member)
    member_page = client.get(f"/concessions/{project_a.pk}/").content.decode()

    assert "Agreed <span" in staff_page
    assert 'Active <span class="muted">by palermo_officer' in staff_page
    assert "Active" in member_page
    assert "by palermo_officer" not in member_page


def test_the_concession_page_links_to_the_public_project_page_only_when_public(
    client, project_a, palermo, palermo_officer
):
    """The link comes from project.get_absolute_url (ABSOLUTE_URL_OVERRIDES in settings), so the
    workflow's template reverses no URL of the maps app above it."""
    client.force_login(palermo_officer)
    palermo.is_published = False
    palermo.save(update_fields=["is_published"])
    page = client.get(f"/concessions/{project_a.pk}/").content.decode()
    assert "Public page of this project" not in page

    palermo.is_published = True
    palermo.save(update_fields=["is_published"])
    page = client.get(f"/concessions/{project_a.pk}/").content.decode()
    assert f'<a href="/projects/{project_a.pk}/">Public page of this project</a>' in page
    assert client.get(f"/projects/{project_a.pk}/").status_code == 200
