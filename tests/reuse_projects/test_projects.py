"""Concessions after allocation: status changes, revocation, the monitoring schedule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from rest_framework.test import APIClient

from reuse_projects import lifecycle, services
from reuse_projects.models import MonitoringReport, ReuseProject
from reuse_projects.selectors import offerable_assets
from tests.reuse_projects.conftest import make_call

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db

P = ReuseProject.Status


def change(project, status, by, *, reason="", day=datetime.date(2025, 3, 1)):
    """Change the status as if today were `day`."""
    return services.project_change_status(
        project=project, status=status, reason=reason, effective_date=day, by=by, today=day
    )


def test_every_project_status_has_a_row_in_the_transition_table():
    assert set(lifecycle.PROJECT_TRANSITIONS) == set(P)


def test_an_illegal_transition_is_refused_with_a_clear_message(project_a, palermo_officer):
    with pytest.raises(ValidationError) as raised:
        change(project_a, P.ENDED, palermo_officer)

    assert raised.value.message_dict["status"] == [
        "A project cannot go from agreed to ended. Allowed next steps: active, revoked."
    ]
    project_a.refresh_from_db()
    assert project_a.status == P.AGREED


def test_the_page_shows_why_a_transition_is_refused(client, project_a, palermo_officer):
    change(project_a, P.ACTIVE, palermo_officer)
    change(project_a, P.ENDED, palermo_officer, day=datetime.date(2025, 4, 1))
    client.force_login(palermo_officer)

    response = client.get(f"/concessions/{project_a.pk}/")
    assert "Change status" not in response.content.decode()  # nothing follows "ended"

    response = client.post(
        f"/concessions/{project_a.pk}/", {"status": "active", "effective_date": "2025-05-01"}
    )
    assert response.status_code == 200
    project_a.refresh_from_db()
    assert project_a.status == P.ENDED


def test_the_page_refuses_an_illegal_choice_next_to_the_field(client, project_a, palermo_officer):
    client.force_login(palermo_officer)

    response = client.post(
        f"/concessions/{project_a.pk}/", {"status": "suspended", "effective_date": "2025-05-01"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.status == P.AGREED


def test_the_api_answers_an_illegal_transition_with_a_400(project_a, palermo_officer):
    client = APIClient()
    client.force_authenticate(palermo_officer)
    response = client.post(
        f"/api/v1/projects/{project_a.pk}/status/",
        {"status": "ended", "effective_date": "2025-03-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "cannot go from agreed to ended" in response.json()["status"][0]


def test_a_suspension_needs_a_reason(project_a, palermo_officer):
    change(project_a, P.ACTIVE, palermo_officer)
    with pytest.raises(ValidationError) as raised:
        change(project_a, P.SUSPENDED, palermo_officer)
    assert "reason" in raised.value.message_dict


def test_only_a_manager_may_revoke(client, project_a, palermo_officer, palermo_manager):
    change(project_a, P.ACTIVE, palermo_officer)
    data = {"status": "revoked", "effective_date": "2025-06-01", "reason": "Asset unused"}

    client.force_login(palermo_officer)
    assert client.post(f"/concessions/{project_a.pk}/", data).status_code == 403
    client.force_login(palermo_manager)
    assert client.post(f"/concessions/{project_a.pk}/", data).status_code == 302
    project_a.refresh_from_db()
    assert project_a.status == P.REVOKED
    assert project_a.status_reason == "Asset unused"
    assert project_a.status_changed_on == datetime.date(2025, 6, 1)


def test_revocation_makes_the_asset_available_for_a_new_call(
    project_a, palermo, palermo_asset, palermo_manager
):
    assert palermo_asset not in offerable_assets([palermo])

    change(project_a, P.REVOKED, palermo_manager, reason="Never started")

    assert palermo_asset in offerable_assets([palermo])
    palermo_asset.refresh_from_db()
    assert palermo_asset.status == "allocated"


def test_an_asset_offered_in_a_published_call_cannot_be_offered_again(
    open_call, palermo, palermo_asset
):
    assert palermo_asset not in offerable_assets([palermo])
    assert palermo_asset in offerable_assets([palermo], call=open_call)


def test_an_asset_before_allocation_cannot_be_offered(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo, status="confiscated_final")
    with pytest.raises(ValidationError) as raised:
        make_call(palermo, [asset], palermo_officer)
    assert "cannot be offered" in raised.value.message_dict["assets"][0]


def test_reports_fall_due_at_the_end_of_each_period(project_a, palermo_officer):
    # starts 2025-02-01, yearly: the first period ends 2026-01-31, due 30 days later.
    change(project_a, P.ACTIVE, palermo_officer)
    assert services.reports_schedule(today=datetime.date(2026, 1, 31)) == []

    created = services.reports_schedule(today=datetime.date(2026, 2, 1))

    assert [(r.period_start, r.period_end, r.due_on) for r in created] == [
        (datetime.date(2025, 2, 1), datetime.date(2026, 1, 31), datetime.date(2026, 3, 2))
    ]
    assert services.reports_schedule(today=datetime.date(2026, 2, 1)) == []  # idempotent


def test_a_report_becomes_overdue_after_its_due_date(project_a, palermo_officer):
    change(project_a, P.ACTIVE, palermo_officer)
    (report,) = services.reports_schedule(today=datetime.date(2026, 2, 1))

    assert not report.is_overdue(today=datetime.date(2026, 3, 2))
    assert report.is_overdue(today=datetime.date(2026, 3, 3))
    assert list(project_a.overdue_reports(datetime.date(2026, 3, 3))) == [report]


def test_the_schedule_command_catches_up_on_every_missed_period(project_a, palermo_officer):
    change(project_a, P.ACTIVE, palermo_officer)

    call_command("reuse_projects_schedule_reports", "--today", "2028-06-01")

    assert MonitoringReport.objects.filter(project=project_a).count() == 3


def test_filing_needs_every_figure_and_acknowledging_needs_a_filed_report(
    project_a, palermo_officer, ngo_member
):
    change(project_a, P.ACTIVE, palermo_officer)
    (report,) = services.reports_schedule(today=datetime.date(2026, 2, 1))

    with pytest.raises(ValidationError, match="Only a filed report"):
        services.report_acknowledge(report=report, by=palermo_officer)
    with pytest.raises(ValidationError) as raised:
        services.report_file(report=report, data={"beneficiaries": 10}, by=ngo_member)
    assert "narrative" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.report_file(
            report=report,
            data={
                "beneficiaries": 10,
                "jobs": 1,
                "jobs_disadvantaged": 3,
                "volunteers": 2,
                "events_held": 1,
                "narrative": "x",
            },
            by=ngo_member,
        )
    assert "jobs_disadvantaged" in raised.value.message_dict
