import csv

import pytest

from assets_registry.importing import assets_import, custom_mapping
from assets_registry.models import Asset, StatusEvent

pytestmark = pytest.mark.django_db

MAPPING = custom_mapping(
    {
        "external_id": "id",
        "municipality_code": "istat",
        "kind": "kind",
        "title": "title",
        "stage": "stage",
        "stage_date": "decree_date",
        "geometry": "wkt",
    },
    source="PALERMO",
)
BAD_ROWS = {
    "broken WKT": ("wkt", "POINT (13.36 38.11", "geometry"),
    "impossible date": ("decree_date", "2021-02-30", "stage_date"),
    "unknown municipality code": ("istat", "999999", "municipality_code"),
    "formula in a cell": ("title", '=HYPERLINK("http://evil.example","x")', "title"),
}


def write_file(path, *, bad_row_index=None, bad=None):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["id", "istat", "kind", "title", "stage", "decree_date", "wkt"]
        )
        writer.writeheader()
        for index in range(1000):
            row = {
                "id": f"PA-{index:04d}",
                "istat": "82053",
                "kind": "building_unit",
                "title": f"Appartamento {index}",
                "stage": "Confisca def.",
                "decree_date": "15/03/2019",
                "wkt": f"POINT (13.36{index % 10} 38.115)",
            }
            if index == bad_row_index:
                column, value, _ = bad
                row[column] = value
            writer.writerow(row)


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_one_bad_row_among_a_thousand_is_named_and_nothing_is_written(boundaries, tmp_path, kind):
    path = tmp_path / "assets.csv"
    write_file(path, bad_row_index=499, bad=BAD_ROWS[kind])

    report = assets_import(path=path, preset=MAPPING, commit=True)

    assert report.read == 1000
    [rejected] = report.rejected_rows
    assert rejected.row == 501  # the spreadsheet row: header is row 1, index 499 is row 501
    assert rejected.reasons[0].field == BAD_ROWS[kind][2]
    assert not report.committed
    assert Asset.objects.count() == 0
    assert StatusEvent.objects.count() == 0


def test_skip_bad_rows_writes_the_good_ones(boundaries, tmp_path):
    path = tmp_path / "assets.csv"
    write_file(path, bad_row_index=10, bad=BAD_ROWS["impossible date"])

    report = assets_import(path=path, preset=MAPPING, commit=True, skip_bad_rows=True)

    assert report.committed
    assert report.counts == {"created": 999, "updated": 0, "unchanged": 0, "rejected": 1}
    assert Asset.objects.count() == 999
    asset = Asset.objects.get(external_id="PA-0003")
    assert asset.location_precision == "exact"
    assert asset.status_date.isoformat() == "2019-03-15"


def test_swapped_coordinates_are_detected_and_reported(boundaries, tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text(
        "id,istat,kind,stage,lon,lat\n"
        "S-1,082053,building_unit,Confisca def.,38.1157,13.3615\n"
        "S-2,082053,building_unit,Confisca def.,14.2681,40.8518\n"
    )
    mapping = custom_mapping(
        {
            "external_id": "id",
            "municipality_code": "istat",
            "kind": "kind",
            "stage": "stage",
            "x": "lon",
            "y": "lat",
        },
        source="PALERMO",
    )

    report = assets_import(path=path, preset=mapping, commit=True)

    swapped, outside = report.rows
    assert "swapped" in swapped.notes[0].message
    assert Asset.objects.get(external_id="S-1").location.x == pytest.approx(13.3615)
    assert "outside its municipality" in outside.notes[0].message
    naples_point = Asset.objects.get(external_id="S-2")
    assert naples_point.location_precision == "municipality_centroid"


def test_latin1_semicolon_file_with_quoted_newlines_is_read(boundaries, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        'id;istat;kind;stage;address\nL-1;082053;land;Sequestro;"Via Libertà\n12"\n'.encode(
            "latin-1"
        )
    )
    mapping = custom_mapping(
        {
            "external_id": "id",
            "municipality_code": "istat",
            "kind": "kind",
            "stage": "stage",
            "address": "address",
        },
        source="PALERMO",
    )

    report = assets_import(path=path, preset=mapping, commit=True)

    assert report.counts["created"] == 1
    assert report.read_as == "CSV, latin-1, delimiter ';', 1 row on 3 lines"
    assert Asset.objects.get(external_id="L-1").address == "Via Libertà 12"


def test_a_surface_too_large_for_its_column_is_a_row_error_not_a_crash(boundaries, tmp_path):
    """floor_area_m2 holds 12 digits, 2 of them decimals: a larger number used to pass the dry
    run and make the write itself fail."""
    mapping = custom_mapping(
        {
            "external_id": "id",
            "municipality_code": "istat",
            "kind": "kind",
            "title": "title",
            "floor_area_m2": "area",
        },
        source="PALERMO",
    )
    path = tmp_path / "areas.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "istat", "kind", "title", "area"])
        writer.writerow(["PA-1", "82053", "building_unit", "Villa", "120,5"])
        writer.writerow(["PA-2", "82053", "building_unit", "Villa", "1e40"])
        writer.writerow(["PA-3", "82053", "building_unit", "Villa", "9999999999.999"])
        writer.writerow(["PA-4", "82053", "building_unit", "Villa", "9999999999.99"])

    report = assets_import(path=path, preset=mapping, commit=True, skip_bad_rows=True)

    rejected = {row.row: row.reasons for row in report.rejected_rows}
    assert sorted(rejected) == [3, 4]
    for reasons in rejected.values():
        assert [(p.field, p.message.split(":")[0]) for p in reasons] == [
            ("floor_area_m2", "above 9999999999.99")
        ]
    areas = dict(Asset.objects.values_list("external_id", "floor_area_m2"))
    assert {k: str(v) for k, v in areas.items()} == {"PA-1": "120.50", "PA-4": "9999999999.99"}
