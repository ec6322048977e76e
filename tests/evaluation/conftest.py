"""Fixtures for the evaluation: assets walked through their lifecycle on given days, concessions,
monitoring reports, and an import without stage dates."""

import datetime
import itertools

import pytest

from assets_registry import services
from assets_registry.importing import assets_import, custom_mapping
from reuse_projects.models import MonitoringReport, Organisation, ReuseProject

_numbers = itertools.count(1)


@pytest.fixture
def organisation(boundaries):
    return Organisation.objects.create(
        name="Cooperativa Placido Rizzotto",
        legal_form="social_cooperative",
        registration_number="IT-COOP-0001",
        contact_email="info@example.org",
        contact_name="Anna Rizzo",
    )


@pytest.fixture
def walk_asset(boundaries):
    """An asset created seized and moved through each (status, date) step by the services."""

    def walk(municipality, steps, *, seized_on=datetime.date(2010, 1, 1), **fields):
        fields.setdefault("kind", "building_unit")
        fields.setdefault("title", f"Asset {next(_numbers)}")
        asset = services.asset_create(
            municipality=municipality, status="seized", effective_date=seized_on, by=None, **fields
        )
        for status, day in steps:
            services.asset_record_status(asset=asset, status=status, effective_date=day, by=None)
        asset.refresh_from_db()
        return asset

    return walk


@pytest.fixture
def concession(organisation):
    def record(asset, *, status="active", starts_on=datetime.date(2021, 3, 1), **fields):
        fields.setdefault("title", f"Project {next(_numbers)}")
        fields.setdefault("use_category", "youth_education")
        return ReuseProject.objects.create(
            asset=asset, organisation=organisation, status=status, starts_on=starts_on, **fields
        )

    return record


@pytest.fixture
def filed_report():
    def record(project, *, year, **figures):
        return MonitoringReport.objects.create(
            project=project,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            due_on=datetime.date(year + 1, 2, 1),
            status=MonitoringReport.Status.FILED,
            **figures,
        )

    return record


@pytest.fixture
def import_without_dates(boundaries, tmp_path):
    """Import rows through the real importer from a file that gives stages but no dates."""

    def run(rows, *, source="ANBSC"):
        path = tmp_path / f"agency-{next(_numbers)}.csv"
        lines = ["ID;ISTAT;TYPE;STAGE"] + [
            f"{i};{code};{kind};{stage}" for i, code, kind, stage in rows
        ]
        path.write_text("\n".join(lines) + "\n")
        preset = custom_mapping(
            {
                "external_id": "ID",
                "municipality_code": "ISTAT",
                "kind": "TYPE",
                "stage": "STAGE",
            },
            source=source,
        )
        report = assets_import(path=path, preset=preset, commit=True)
        assert report.committed, report.error or [r.reasons for r in report.rows]
        return report

    return run
