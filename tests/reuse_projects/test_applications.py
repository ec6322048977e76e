import pytest
from django.core.exceptions import ValidationError

from reuse_projects import services
from reuse_projects.models import Application, Call, ReuseProject
from tests.reuse_projects.conftest import (
    CONCESSION,
    close_call,
    draft_application,
    make_call,
    register_organisation,
)

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db


def test_submission_before_the_call_opens_is_refused(
    palermo, palermo_asset, palermo_officer, palermo_manager, organisation_a, ngo_member
):
    call = make_call(
        palermo, [palermo_asset], palermo_officer, opens_in_days=2, publisher=palermo_manager
    )
    application = draft_application(call, palermo_asset, organisation_a, ngo_member)

    with pytest.raises(ValidationError, match="The call opens on"):
        services.application_submit(application=application, by=ngo_member)

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None


def test_submission_after_the_call_closes_is_refused(
    open_call, palermo_asset, organisation_a, ngo_member
):
    application = draft_application(open_call, palermo_asset, organisation_a, ngo_member)
    close_call(open_call)

    with pytest.raises(ValidationError, match="The call closed on"):
        services.application_submit(application=application, by=ngo_member)

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_an_unverified_organisation_can_draft_but_not_submit(open_call, palermo_asset, ngo_member):
    organisation = register_organisation(ngo_member, "New association", "IT-NEW-1")
    application = draft_application(open_call, palermo_asset, organisation, ngo_member)

    with pytest.raises(ValidationError, match="not verified yet"):
        services.application_submit(application=application, by=ngo_member)

    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_one_submitted_application_per_organisation_asset_and_call(
    application_a, open_call, palermo_asset, organisation_a, ngo_member
):
    second = draft_application(open_call, palermo_asset, organisation_a, ngo_member)

    with pytest.raises(ValidationError, match="already submitted an application"):
        services.application_submit(application=second, by=ngo_member)

    assert Application.objects.get(pk=second.pk).status == Application.Status.DRAFT


def test_a_withdrawn_application_can_be_corrected_and_resubmitted(application_a, ngo_member):
    services.application_withdraw(application=application_a, by=ngo_member)
    services.application_update(application=application_a, data={"budget": 50000}, by=ngo_member)
    services.application_submit(application=application_a, by=ngo_member)

    application_a.refresh_from_db()
    assert application_a.status == Application.Status.SUBMITTED
    assert application_a.budget == 50000


def test_a_submitted_application_cannot_be_edited(application_a, ngo_member):
    with pytest.raises(ValidationError, match="withdraw it first"):
        services.application_update(
            application=application_a, data={"title": "Changed"}, by=ngo_member
        )


def test_scoring_puts_the_application_under_review(application_a, palermo_officer):
    services.application_score(
        application=application_a, score=82, internal_notes="Strong team", by=palermo_officer
    )

    application_a.refresh_from_db()
    assert application_a.status == Application.Status.UNDER_REVIEW
    assert application_a.score == 82


def test_a_score_out_of_range_is_refused(application_a, palermo_officer):
    with pytest.raises(ValidationError) as raised:
        services.application_score(
            application=application_a, score=140, internal_notes="", by=palermo_officer
        )
    assert "score" in raised.value.message_dict


def test_no_decision_while_the_call_is_open(
    open_call, palermo_asset, application_a, palermo_manager
):
    with pytest.raises(ValidationError, match="after the call has closed"):
        services.call_decide_asset(
            confirm_unscored=True,
            call=open_call,
            asset=palermo_asset,
            accepted=application_a,
            decision_notes={application_a.pk: "Fine"},
            concession=CONCESSION,
            by=palermo_manager,
        )
    assert not ReuseProject.objects.exists()


def test_accepting_creates_the_concession_and_rejects_the_others(
    open_call,
    palermo_asset,
    application_a,
    application_b,
    palermo_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    close_call(open_call)

    with django_capture_on_commit_callbacks(execute=True):
        project = services.call_decide_asset(
            confirm_unscored=True,
            call=open_call,
            asset=palermo_asset,
            accepted=application_a,
            decision_notes={application_a.pk: "Best project.", application_b.pk: "Too small."},
            concession=CONCESSION,
            by=palermo_manager,
        )

    application_a.refresh_from_db()
    application_b.refresh_from_db()
    open_call.refresh_from_db()
    assert application_a.status == Application.Status.ACCEPTED
    assert application_b.status == Application.Status.REJECTED
    assert application_b.decision_note == "Too small."
    assert open_call.status == Call.Status.DECIDED
    assert project.organisation == application_a.organisation
    assert project.deed_number == "Rep. 1234/2025"
    assert project.status == ReuseProject.Status.AGREED
    assert project.use_category == "youth_education"
    palermo_asset.refresh_from_db()
    assert palermo_asset.status == "allocated"  # the legal lifecycle is not the concession's
    assert len(mailoutbox) == 2
    # Italian organisations whose members chose no language read the decision in Italian.
    assert {message.subject.rsplit(": ", 1)[1] for message in mailoutbox} == {
        "accolta",
        "respinta",
    }
    rejected_mail = next(m for m in mailoutbox if "respinta" in m.subject)
    assert "Too small." in rejected_mail.body
    assert "it-b-002@example.org" in rejected_mail.to
    assert "member_b@example.org" in rejected_mail.to


def test_every_applicant_needs_a_decision_note(
    open_call, palermo_asset, application_a, application_b, palermo_manager
):
    close_call(open_call)

    with pytest.raises(ValidationError) as raised:
        services.call_decide_asset(
            confirm_unscored=True,
            call=open_call,
            asset=palermo_asset,
            accepted=application_a,
            decision_notes={application_a.pk: "Best project."},
            concession=CONCESSION,
            by=palermo_manager,
        )

    assert "decision_notes" in raised.value.message_dict
    assert Application.objects.filter(status="accepted").count() == 0
