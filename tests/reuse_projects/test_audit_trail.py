"""Every state change of the workflow lands in the audit trail with the user who made it."""

import datetime

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from reuse_projects import services
from reuse_projects.models import OrganisationMembership
from tests.conftest import make_user, png_bytes

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db


def events(model_name, obj):
    history = apps.get_model("reuse_projects", model_name)
    return [
        (event.pgh_label, event.status if hasattr(event, "status") else None, event.pgh_context)
        for event in history.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id")
    ]


def actors(model_name, obj):
    return [context.metadata["user"] for _, _, context in events(model_name, obj)]


def test_the_application_workflow_is_recorded_with_each_actor(
    settings,
    tmp_path,
    open_call,
    palermo_asset,
    application_a,
    application_b,
    project_a,
    ngo_member,
    member_b,
    palermo_officer,
    palermo_manager,
    organisation_a,
):
    settings.MEDIA_ROOT = tmp_path
    assert [status for _, status, _ in events("ApplicationHistory", application_a)] == [
        "draft",
        "submitted",
        "accepted",
    ]
    assert actors("ApplicationHistory", application_a) == [
        ngo_member.pk,
        ngo_member.pk,
        palermo_manager.pk,
    ]
    assert actors("ApplicationHistory", application_b)[-1] == palermo_manager.pk
    call_trail = [
        (status, ctx.metadata["user"]) for _, status, ctx in events("CallHistory", open_call)
    ]
    # (The test's own clock-moving update in between is not a state change.)
    assert call_trail[0] == ("draft", palermo_officer.pk)
    assert call_trail[1] == ("published", palermo_manager.pk)
    assert call_trail[-1] == ("decided", palermo_manager.pk)
    assert actors("ReuseProjectHistory", project_a) == [palermo_manager.pk]
    assert actors("OrganisationHistory", organisation_a) == [ngo_member.pk, palermo_officer.pk]

    services.project_change_status(
        project=project_a,
        status="active",
        reason="",
        effective_date=datetime.date(2025, 2, 1),
        by=palermo_officer,
    )
    report = project_a.monitoring_reports.first()
    services.report_file(
        report=report,
        data={
            "beneficiaries": 100,
            "jobs": 3,
            "jobs_disadvantaged": 1,
            "volunteers": 12,
            "events_held": 20,
            "narrative": "Good year.",
        },
        by=ngo_member,
    )
    services.report_acknowledge(report=report, by=palermo_officer)
    document = services.document_attach(
        owner=report,
        uploaded_file=SimpleUploadedFile("p.png", png_bytes()),
        title="Summer camp",
        visibility="public",
        by=ngo_member,
    )

    assert [s for _, s, _ in events("ReuseProjectHistory", project_a)][-1] == "active"
    assert actors("ReuseProjectHistory", project_a)[-1] == palermo_officer.pk
    assert [s for _, s, _ in events("MonitoringReportHistory", report)] == [
        "due",
        "filed",
        "acknowledged",
    ]
    assert actors("MonitoringReportHistory", report) == [
        palermo_officer.pk,
        ngo_member.pk,
        palermo_officer.pk,
    ]
    assert actors("DocumentHistory", document) == [ngo_member.pk]


def test_membership_changes_are_recorded(organisation_a, ngo_member):
    colleague = make_user("colleague")

    services.organisation_invite(
        organisation=organisation_a,
        email="colleague@example.org",
        role="member",
        by=ngo_member,
        accept_url=lambda token: token,
    )
    token = "".join(mail.outbox[-1].body.split("open:\n")[1].split("\n")[:1])
    membership = services.invitation_accept(token=token, by=colleague)

    assert membership.user == colleague
    assert actors("OrganisationMembershipHistory", membership) == [colleague.pk]
    assert OrganisationMembership.objects.filter(organisation=organisation_a).count() == 2


def test_page_requests_record_the_logged_in_user(client, application_a, ngo_member):
    client.force_login(ngo_member)

    client.post(f"/applications/{application_a.pk}/withdraw/")

    label, status, context = events("ApplicationHistory", application_a)[-1]
    assert status == "withdrawn"
    assert context.metadata["user"] == ngo_member.pk
    assert context.metadata["url"] == f"/applications/{application_a.pk}/withdraw/"
