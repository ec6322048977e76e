"""Calls and monitoring reports follow transition tables, and the services enforce who may move
them: closing and cancelling a call, deciding it and revoking a concession are a manager's."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reuse_projects import lifecycle, services
from reuse_projects.models import Application, Call, Document, MonitoringReport, ReuseProject
from tests.reuse_projects.conftest import CONCESSION, draft_application, make_call

pytestmark = pytest.mark.django_db

C = Call.Status


def last_history_context(call):
    history = apps.get_model("reuse_projects", "CallHistory")
    return history.objects.filter(pgh_obj_id=call.pk).order_by("pgh_id").last().pgh_context


def test_every_call_and_report_status_has_a_row_in_its_transition_table():
    assert set(lifecycle.CALL_TRANSITIONS) == set(Call.Status)
    assert set(lifecycle.REPORT_TRANSITIONS) == set(MonitoringReport.Status)
    reachable = set().union(*lifecycle.CALL_TRANSITIONS.values())
    # Every status is written by some transition: none is left for nothing to write.
    assert reachable | {C.DRAFT} == set(Call.Status)


def test_a_manager_closes_a_call_early_and_it_takes_no_more_applications(
    open_call, palermo_asset, palermo_manager, organisation_a, ngo_member
):
    services.call_close(call=open_call, by=palermo_manager, reason="The roof collapsed")

    open_call.refresh_from_db()
    assert open_call.status == C.CLOSED
    assert open_call.closes_at <= timezone.now()
    context = last_history_context(open_call)
    assert context.metadata["user"] == palermo_manager.pk
    assert context.metadata["reason"] == "The roof collapsed"
    with pytest.raises(ValidationError):
        draft_application(open_call, palermo_asset, organisation_a, ngo_member)


def test_an_officer_may_not_close_or_cancel_a_call(open_call, palermo_officer):
    with pytest.raises(PermissionDenied):
        services.call_close(call=open_call, by=palermo_officer, reason="")
    with pytest.raises(PermissionDenied):
        services.call_cancel(call=open_call, by=palermo_officer, reason="No budget")
    open_call.refresh_from_db()
    assert open_call.status == C.PUBLISHED


def test_a_closed_call_is_decided_like_a_published_one(
    open_call, palermo_asset, application_a, palermo_manager
):
    services.call_close(call=open_call, by=palermo_manager, reason="")

    project = services.call_decide_asset(
        confirm_unscored=True,
        call=open_call,
        asset=palermo_asset,
        accepted=application_a,
        decision_notes={application_a.pk: "Best project."},
        concession=CONCESSION,
        by=palermo_manager,
    )

    open_call.refresh_from_db()
    assert open_call.status == C.DECIDED
    assert project.organisation == application_a.organisation
    with pytest.raises(ValidationError, match="decided call cannot become closed"):
        services.call_close(call=open_call, by=palermo_manager, reason="")


def test_cancelling_needs_a_reason_and_rejects_the_pending_applications(
    open_call, application_a, palermo_manager
):
    with pytest.raises(ValidationError) as raised:
        services.call_cancel(call=open_call, by=palermo_manager, reason="  ")
    assert "reason" in raised.value.message_dict

    services.call_cancel(call=open_call, by=palermo_manager, reason="The asset was sold")

    open_call.refresh_from_db()
    application_a.refresh_from_db()
    assert open_call.status == C.CANCELLED
    assert application_a.status == Application.Status.REJECTED
    assert application_a.decision_note == "The asset was sold"
    assert last_history_context(open_call).metadata["reason"] == "The asset was sold"
    with pytest.raises(ValidationError, match="cancelled call cannot become cancelled"):
        services.call_cancel(call=open_call, by=palermo_manager, reason="Again")


def test_a_draft_call_can_be_cancelled_but_not_closed(
    palermo, palermo_asset, palermo_officer, palermo_manager
):
    draft = make_call(palermo, [palermo_asset], palermo_officer)
    with pytest.raises(ValidationError, match="draft call cannot become closed"):
        services.call_close(call=draft, by=palermo_manager, reason="")
    services.call_cancel(call=draft, by=palermo_manager, reason="Wrong asset")
    assert Call.objects.get(pk=draft.pk).status == C.CANCELLED


def test_the_service_refuses_a_revocation_by_an_officer(
    project_a, palermo_officer, palermo_manager
):
    day = datetime.date(2025, 3, 1)
    change = {"reason": "Asset unused", "effective_date": day, "today": day}

    with pytest.raises(PermissionDenied):
        services.project_change_status(
            project=project_a, status="revoked", by=palermo_officer, **change
        )
    assert ReuseProject.objects.get(pk=project_a.pk).status == ReuseProject.Status.AGREED

    services.project_change_status(
        project=project_a, status="revoked", by=palermo_manager, **change
    )
    assert ReuseProject.objects.get(pk=project_a.pk).status == ReuseProject.Status.REVOKED


def test_the_service_refuses_a_status_change_by_someone_outside_the_municipality(
    project_a, ngo_member
):
    day = datetime.date(2025, 3, 1)
    with pytest.raises(PermissionDenied):
        services.project_change_status(
            project=project_a,
            status="active",
            reason="",
            effective_date=day,
            by=ngo_member,
            today=day,
        )


def test_the_effective_date_follows_the_shared_rule(project_a, palermo_officer):
    day = datetime.date(2025, 3, 1)
    with pytest.raises(ValidationError) as raised:
        services.project_change_status(
            project=project_a,
            status="active",
            reason="",
            by=palermo_officer,
            effective_date=day + datetime.timedelta(days=1),
            today=day,
        )
    assert raised.value.message_dict == {"effective_date": ["The date cannot be in the future."]}


def test_an_application_document_cannot_be_made_public(
    settings, tmp_path, application_a, ngo_member
):
    settings.MEDIA_ROOT = tmp_path
    application_a.status = Application.Status.DRAFT
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

    with pytest.raises(ValidationError) as raised:
        services.document_attach(
            owner=application_a,
            uploaded_file=upload,
            title="Plan",
            visibility=Document.Visibility.PUBLIC,
            by=ngo_member,
        )
    assert raised.value.message_dict == {
        "visibility": ["Application documents are always internal."]
    }
    assert not Document.objects.exists()
