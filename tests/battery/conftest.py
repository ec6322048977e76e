"""The battery's world: the eight named users of the permission matrix and one object of every kind.

Every object belongs to NGO A or to Palermo (city X), so that the same URL is an own object for
some users and a foreign one for the others: NGO B and the unverified NGO see A's objects as
foreign, the Rotterdam officer (city Y) sees Palermo's as foreign.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets_registry.importing import ImportReport
from evaluation import services as evaluation_services
from open_data.models import ImportRun
from reuse_projects import services
from reuse_projects.models import MonitoringReport
from tests.conftest import PALERMO_CENTRE, make_user
from tests.reuse_projects.conftest import *  # noqa: F403  (its fixtures, used by name)
from tests.reuse_projects.conftest import make_call, register_organisation

PDF = b"%PDF-1.4\n%%EOF\n"

# The users of the permission matrix, by the names its expectations file uses.
USERS = (
    "anonymous",
    "ngo_a",
    "ngo_b",
    "ngo_unverified",
    "officer_x",
    "officer_y",
    "manager",
    "national_admin",
)


@pytest.fixture
def world(
    palermo,
    rotterdam,
    ngo_member,
    member_b,
    palermo_officer,
    rotterdam_officer,
    palermo_manager,
    national_admin,
    organisation_a,
    organisation_b,
    project_a,
    application_a,
    record_asset,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    for staff in (palermo_officer, rotterdam_officer, palermo_manager, national_admin):
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
    unverified_member = make_user("ngo_unverified")
    unverified = register_organisation(unverified_member, "Nuova Aurora", "IT-U-003")

    # A second call, open now, so that "apply" pages have something to apply to.
    offered = record_asset(
        palermo, status="allocated", title="Farm in Corleone road", location=PALERMO_CENTRE
    )
    call = make_call(palermo, [offered], palermo_officer, publisher=palermo_manager)
    services.project_change_status(
        project=project_a,
        status="active",
        reason="",
        effective_date=project_a.starts_on,
        by=palermo_officer,
    )
    report = MonitoringReport.objects.filter(project=project_a).first()
    document = services.document_attach(
        owner=application_a,
        uploaded_file=SimpleUploadedFile("plan.pdf", PDF),
        title="Plan",
        visibility="internal",
        by=ngo_member,
    )
    sheet = evaluation_services.sheet_start(project=project_a, by=palermo_manager)
    report_of_import = ImportReport(
        file_name="assets.csv", preset="anbsc-immobili", source="anbsc", skip_bad_rows=False
    )
    import_run = ImportRun.objects.create(
        uploaded_by=palermo_officer,
        original_name="assets.csv",
        stored_name="imports/none.csv",
        preset="anbsc-immobili",
        report=report_of_import.as_dict(),
        created_at=datetime.datetime.now(datetime.UTC),
    )
    return {
        "users": {
            "anonymous": None,
            "ngo_a": ngo_member,
            "ngo_b": member_b,
            "ngo_unverified": unverified_member,
            "officer_x": palermo_officer,
            "officer_y": rotterdam_officer,
            "manager": palermo_manager,
            "national_admin": national_admin,
        },
        "palermo": palermo,
        "asset": project_a.asset,
        "offered_asset": offered,
        "call": call,
        "decided_call": application_a.call,
        "application": application_a,
        "organisation": organisation_a,
        "unverified_organisation": unverified,
        "project": project_a,
        "report": report,
        "document": document,
        "sheet": sheet,
        "import_run": import_run,
    }
