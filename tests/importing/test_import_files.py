import csv
import datetime
from pathlib import Path

import pytest

from assets_registry.importing import PRESETS, assets_import, custom_mapping
from assets_registry.models import Asset, Municipality, StatusEvent

pytestmark = pytest.mark.django_db

EXCERPTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
FILES = {
    "anbsc-immobili": "immobili_in_gestione.csv",
    "anbsc-aziende": "aziende_in_gestione.csv",
    "anbsc-aziende-destinate": "aziende_destinate.csv",
    "toscana": "beniconfiscatiXall.csv",
    "anbsc-2014": "beni_immobili_2014.csv",
}


def run(preset_name, path=None, **options):
    path = path or EXCERPTS / FILES[preset_name]
    return assets_import(path=path, preset=PRESETS[preset_name], **options)


@pytest.mark.parametrize("preset_name", sorted(FILES))
def test_every_row_of_a_real_file_is_accounted_for(boundaries, preset_name):
    report = run(preset_name, commit=True, skip_bad_rows=True)

    counts = report.counts
    assert not report.error
    assert sum(counts.values()) == report.read > 0
    assert all(row.outcome for row in report.rows)
    assert counts["created"] == Asset.objects.count()
    assert StatusEvent.objects.count() == counts["created"]


@pytest.mark.parametrize("preset_name", sorted(FILES))
def test_importing_the_same_file_twice_creates_nothing_the_second_time(boundaries, preset_name):
    run(preset_name, commit=True, skip_bad_rows=True)
    assets, events = Asset.objects.count(), StatusEvent.objects.count()

    again = run(preset_name, commit=True, skip_bad_rows=True)

    assert again.counts["created"] == again.counts["updated"] == 0
    assert again.counts["unchanged"] > 0
    assert (Asset.objects.count(), StatusEvent.objects.count()) == (assets, events)


def test_a_dry_run_writes_nothing(boundaries):
    report = run("anbsc-immobili")

    assert report.counts["created"] > 0
    assert not report.committed
    assert Asset.objects.count() == 0


def test_unknown_municipality_codes_are_rejected_with_the_code(boundaries):
    report = run("anbsc-immobili")

    rejected = report.rejected_rows
    assert rejected
    assert all(r.reasons[0].field == "municipality_code" for r in rejected)
    assert "063045" in {r.reasons[0].message.split(": ")[1] for r in rejected}


def test_the_2014_codes_without_zero_padding_find_their_municipality(boundaries):
    report = run("anbsc-2014", commit=True, skip_bad_rows=True)

    palermo = Municipality.objects.get(code="082053")
    assert Asset.objects.filter(municipality=palermo, external_source="ANBSC-2014").exists()
    assert report.counts["created"] > 0


def test_assets_without_coordinates_sit_at_the_municipality_point(boundaries):
    run("anbsc-immobili", commit=True, skip_bad_rows=True)

    asset = Asset.objects.select_related("municipality").first()
    assert asset.location == asset.municipality.representative_point
    assert asset.location_precision == "municipality_centroid"


def test_a_zero_share_and_placeholder_address_become_empty(boundaries):
    run("toscana", commit=True, skip_bad_rows=True)
    run("anbsc-immobili", commit=True, skip_bad_rows=True)

    assert not Asset.objects.filter(address__icontains="imprecisato").exists()
    assert not Asset.objects.filter(confiscated_share=0).exists()
    assert Asset.objects.filter(confiscated_share__isnull=True).exists()


def test_tuscany_gauss_boaga_points_land_inside_their_municipality(boundaries):
    report = run("toscana", commit=True, skip_bad_rows=True)

    located = Asset.objects.exclude(location_precision="municipality_centroid")
    assert located.exists()
    for asset in located.select_related("municipality"):
        assert asset.location.srid == 4326
        assert asset.municipality.boundary.covers(asset.location)
    altopascio = Asset.objects.get(external_id="I-LU-15621")
    assert altopascio.municipality.name == "Altopascio"
    assert altopascio.location_precision == "street"
    assert report.counts["rejected"] == 3  # the three rows of municipalities not loaded


def test_a_newer_file_with_ten_changed_stages_records_exactly_ten_events(boundaries, tmp_path):
    source = EXCERPTS / FILES["anbsc-immobili"]
    run("anbsc-immobili", commit=True, skip_bad_rows=True)
    events = StatusEvent.objects.count()
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    changed = 0
    for row in rows:
        if row["provvedimento"] == "Confisca I" and changed < 10:
            row["provvedimento"] = "Confisca II"
            changed += 1
    newer = tmp_path / "immobili_in_gestione.csv"
    with open(newer, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    report = run("anbsc-immobili", path=newer, commit=True, skip_bad_rows=True)

    assert changed == 10
    assert report.counts["updated"] == 10
    assert report.status_events == 10
    assert StatusEvent.objects.count() == events + 10
    assert Asset.objects.filter(status="confiscated_appeal").count() >= 10


def test_a_stage_going_backwards_is_rejected_not_overwritten(boundaries, tmp_path):
    run("anbsc-immobili", commit=True, skip_bad_rows=True)
    final = Asset.objects.filter(status="confiscated_final").first()
    older = tmp_path / "older.csv"
    older.write_text(
        f"id,code,kind,stage\n{final.external_id},{final.municipality.code},land,Confisca I\n"
    )
    mapping = custom_mapping(
        {"external_id": "id", "municipality_code": "code", "kind": "kind", "stage": "stage"},
        source="ANBSC",
    )

    report = assets_import(path=older, preset=mapping, commit=True)

    assert report.counts["rejected"] == 1
    assert "cannot go from confiscated (final)" in report.rows[0].reasons[0].message
    final.refresh_from_db()
    assert final.status == "confiscated_final"


def test_an_officer_imports_only_into_their_own_municipalities(boundaries, palermo):
    report = run("anbsc-immobili", commit=True, skip_bad_rows=True, municipalities=[palermo])

    assert report.counts["created"] == Asset.objects.filter(municipality=palermo).count() > 0
    assert Asset.objects.exclude(municipality=palermo).count() == 0
    others = [r for r in report.rejected_rows if r.reasons[0].field == "municipality"]
    assert others and "not one of your municipalities" in others[0].reasons[0].message


def test_parcels_of_one_property_are_grouped_into_one_asset(boundaries, tmp_path):
    parcels = tmp_path / "parcels.csv"
    parcels.write_text(
        "id;code;kind;stage;address;case;cadastre;area\n"
        "P-1;082053;land;Confisca def.;Contrada Ciaculli;12/2010;sheet 4 parcel 10;1000\n"
        "P-2;082053;land;Confisca def.;Contrada Ciaculli;12/2010;sheet 4 parcel 11;500\n"
        "P-3;082053;land;Confisca def.;Via Roma 1;13/2010;sheet 9 parcel 1;20\n"
    )
    mapping = custom_mapping(
        {
            "external_id": "id",
            "municipality_code": "code",
            "kind": "kind",
            "stage": "stage",
            "address": "address",
            "case_number": "case",
            "cadastral_reference": "cadastre",
            "land_area_m2": "area",
        },
        source="PALERMO",
    )

    report = assets_import(path=parcels, preset=mapping, commit=True, group_parcels=True)

    assert report.counts == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert Asset.objects.count() == 2
    grouped = Asset.objects.get(external_id="P-1")
    assert grouped.cadastral_reference == "sheet 4 parcel 10; sheet 4 parcel 11"
    assert grouped.land_area_m2 == 1500
    assert report.rows[1].reference == grouped.reference


def test_new_assets_get_their_stage_date_from_the_file_or_the_snapshot(boundaries):
    run("anbsc-aziende-destinate", commit=True, skip_bad_rows=True)
    run("toscana", commit=True, skip_bad_rows=True)

    allocated = StatusEvent.objects.filter(asset__external_source="ANBSC", status="allocated")
    assert allocated.exclude(reference="").exists()
    in_management = Asset.objects.get(external_id="A-PT-59394-S")
    # The Tuscan file gives no date for this stage: unknown, listed on the extract's day.
    assert in_management.status_date is None
    event = in_management.status_events.get()
    assert (event.effective_date, event.read_on) == (None, datetime.date(2018, 1, 3))


def test_imported_rows_are_in_the_audit_trail_with_the_file_and_the_user(
    boundaries, palermo_officer, palermo
):
    from assets_registry.models import AssetHistory

    report = run(
        "anbsc-immobili",
        commit=True,
        municipalities=[palermo],
        skip_bad_rows=True,
        by=palermo_officer,
    )

    history = AssetHistory.objects.select_related("pgh_context")
    assert history.count() == report.counts["created"] > 0
    context = history.first().pgh_context
    assert context.metadata["import_file"] == "immobili_in_gestione.csv"
    assert context.metadata["user"] == palermo_officer.pk
    assert StatusEvent.objects.filter(recorded_by=palermo_officer).count() == history.count()
    # One audit row per asset and per status event, every one with the import's context (the
    # triggers are statement-level: one call for the whole COPY, not one per row).
    event_history = StatusEvent.pgh_event_model.objects.all()
    assert event_history.count() == history.count()
    contexts = {h.pgh_context_id for h in history} | {h.pgh_context_id for h in event_history}
    assert contexts == {context.pk}


def test_a_reimport_records_one_update_for_each_changed_asset_only(
    boundaries, palermo_officer, tmp_path
):
    from assets_registry.models import AssetHistory

    source = EXCERPTS / FILES["anbsc-immobili"]
    run("anbsc-immobili", commit=True, skip_bad_rows=True)
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    imported = set(Asset.objects.values_list("external_id", flat=True))
    row = next(r for r in rows if r["s_bene"] in imported and r["sottocategoria"] != "Box")
    row["sottocategoria"] = "Box"
    newer = tmp_path / "immobili_in_gestione.csv"
    with open(newer, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    report = run("anbsc-immobili", path=newer, commit=True, skip_bad_rows=True, by=palermo_officer)

    assert report.counts["updated"] == 1
    (update,) = AssetHistory.objects.filter(pgh_label="update").select_related("pgh_context")
    assert (update.external_id, update.subcategory) == (row["s_bene"], "Box")
    assert update.pgh_context.metadata == {
        "user": palermo_officer.pk,
        "import_file": "immobili_in_gestione.csv",
        "import_preset": "anbsc-immobili",
    }


def test_tuscany_complements_the_agency_files_without_ping_pong(boundaries):
    run("anbsc-immobili", commit=True, skip_bad_rows=True)
    run("toscana", commit=True, skip_bad_rows=True)

    immobili_again = run("anbsc-immobili", commit=True, skip_bad_rows=True)
    tuscany_again = run("toscana", commit=True, skip_bad_rows=True)

    assert immobili_again.counts["updated"] == 0
    assert tuscany_again.counts["updated"] == 0


def test_a_concurrent_import_of_the_same_ids_is_refused_whole(boundaries, monkeypatch):
    from assets_registry.importing import service

    match = service._match

    def match_then_someone_else_imports(plans, preset, *, lock):
        match(plans, preset, lock=lock)
        first = plans[0]
        Asset.objects.create(
            reference="IT-TEST-1",
            municipality=first.municipality,
            external_source=preset.source,
            external_id=first.result.external_id,
            kind="land",
            status="seized",
            status_date=datetime.date(2020, 1, 1),
        )

    monkeypatch.setattr(service, "_match", match_then_someone_else_imports)

    report = run("anbsc-immobili", commit=True, skip_bad_rows=True)

    assert not report.committed
    assert report.error.startswith("the database refused the rows")
    assert Asset.objects.count() == 0


def test_the_registry_triggers_still_guard_assets_inside_the_import_transaction(boundaries):
    from django.db import ProgrammingError, connection, transaction

    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        run("anbsc-immobili", commit=True, skip_bad_rows=True)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM assets_registry_asset")

    assert Asset.objects.count() == 0  # the whole transaction was rolled back


def test_tuscany_after_the_agency_keeps_the_agency_status_and_fills_the_rest(boundaries):
    # Florence: the agency's file says Confisca def., Tuscany's older extract Confisca I.
    run("anbsc-immobili", commit=True, skip_bad_rows=True)

    report = run("toscana", commit=True, skip_bad_rows=True)

    row = next(r for r in report.rows if r.external_id == "I-FI-23139-S")
    assert row.outcome in ("updated", "unchanged")
    assert "stage: status kept: the registry says confiscated (final), this file confiscated " in (
        " ".join(str(n) for n in row.notes)
    )
    assert Asset.objects.get(external_id="I-FI-23139-S").status == "confiscated_final"
