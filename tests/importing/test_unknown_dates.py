"""Finding 8 of issue 14: the agency's files give no date for the current stage. The date is
stored as unknown (with the day the file was read), shown as such, and never used as a date."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from assets_registry import services
from assets_registry.importing import PRESETS, assets_import
from assets_registry.models import Asset, chronology

EXCERPTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
NAPLES_FINAL = "I-NA-48838-S"  # Confisca def. in immobili_in_gestione.csv, no date in the file


def import_properties(path=None):
    return assets_import(
        path=path or EXCERPTS / "immobili_in_gestione.csv",
        preset=PRESETS["anbsc-immobili"],
        commit=True,
        skip_bad_rows=True,
    )


@pytest.mark.django_db
def test_the_stage_date_is_unknown_and_the_reading_day_kept_apart(boundaries):
    import_properties()

    asset = Asset.objects.get(external_id=NAPLES_FINAL)
    event = asset.status_events.get()
    assert asset.status_date is None
    assert event.effective_date is None
    assert event.read_on == timezone.localdate()
    assert "not published by the source" in event.note


@pytest.mark.django_db
def test_an_undated_stage_recorded_after_a_dated_one_is_the_latest(boundaries, palermo, tmp_path):
    # An officer registered the asset, seized on a known day; the agency's file then says
    # "Confisca I" with no date: the file's stage is the current one, not the officer's.
    services.asset_create(
        municipality=palermo,
        status="seized",
        effective_date=datetime.date(2020, 1, 15),
        by=None,
        kind="building_unit",
        external_source="ANBSC",
        external_id="I-PA-1-S",
    )
    header = (EXCERPTS / "immobili_in_gestione.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "immobili.csv"
    path.write_text(
        header + "\nI-PA-1-S,immobili,Sicilia,Palermo,Palermo,Terreno,Terreno agricolo,"
        "Confisca I,100,Tribunale,Palermo,Misure di Prevenzione,PALERMO,SICILIA,082053,"
        "Palermo,082,19\n",
        encoding="utf-8",
    )

    report = import_properties(path)

    assert report.counts["updated"] == 1
    asset = Asset.objects.get(external_id="I-PA-1-S")
    assert (asset.status, asset.status_date) == ("confiscated_first_instance", None)
    assert (
        asset.status_events.order_by(*chronology(latest_first=True)).first().status
        == "confiscated_first_instance"
    )
    events = list(asset.status_events.all())
    assert [e.status for e in events] == ["seized", "confiscated_first_instance"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_register_and_the_asset_page_say_the_date_was_not_published(
    live_server, page, boundaries
):
    import_properties()
    asset = Asset.objects.get(external_id=NAPLES_FINAL)

    page.goto(f"{live_server.url}/cities/napoli/register/")
    row = page.locator("#register tbody tr", has_text=asset.reference)
    assert "date not published by the source" in row.inner_text()

    page.goto(f"{live_server.url}/assets/{asset.reference}/")
    body = page.locator("main").inner_text()
    assert "since a date not published by the source" in body
    assert "Date not published by the source (listed on " in body
    assert str(timezone.localdate().year) in body


@pytest.mark.django_db
def test_a_decree_dated_before_the_current_undated_stage_was_listed_is_rejected(
    boundaries, tmp_path
):
    # The allocated-companies file dates its decrees; a company the in-management file listed
    # today as "Confisca def." (no date) cannot have been allocated before that listing without
    # the two files contradicting each other: the row says so instead of reordering history.
    header = (EXCERPTS / "aziende_in_gestione.csv").read_text(encoding="utf-8").splitlines()[0]
    in_management = tmp_path / "aziende_in_gestione.csv"
    in_management.write_text(
        header + "\nA-PA-48475-S,aziende,Sicilia,Palermo,Palermo,Società in accomandita "
        "semplice,Costruzioni,Confisca def.,100,Tribunale,Palermo,Misure di Prevenzione,"
        "PALERMO,SICILIA,082053,Palermo,082,19\n",
        encoding="utf-8",
    )
    assets_import(path=in_management, preset=PRESETS["anbsc-aziende"], commit=True)

    report = assets_import(
        path=EXCERPTS / "aziende_destinate.csv",
        preset=PRESETS["anbsc-aziende-destinate"],
        skip_bad_rows=True,
    )

    row = next(r for r in report.rows if r.external_id == "A-PA-48475-S")
    assert [str(r) for r in row.reasons] == [
        "stage_date: The date cannot be earlier than the previous status change "
        f"({timezone.localdate().isoformat()}): 1993-09-20"
    ]
