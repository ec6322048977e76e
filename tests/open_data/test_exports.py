import csv
import io
import json

import pyogrio
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode()


def test_public_csv_export_streams_public_fields_and_escapes_formulas(client, palermo_assets):
    response = client.get("/exports/assets.csv?city=palermo")

    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {r["reference"] for r in rows} == {
        palermo_assets["villa"].reference,
        palermo_assets["plot"].reference,
    }
    plot = next(r for r in rows if r["reference"] == palermo_assets["plot"].reference)
    assert plot["title"].startswith("'=HYPERLINK")
    assert "case_number" not in rows[0] and "internal_notes" not in rows[0]


def test_public_geojson_export_filters_by_status(client, palermo_assets, naples_asset):
    response = client.get("/exports/assets.geojson?status=delivered")

    data = json.loads(body(response))
    assert [f["properties"]["reference"] for f in data["features"]] == [
        palermo_assets["villa"].reference
    ]
    assert data["features"][0]["geometry"]["type"] == "Point"


def test_public_project_export_names_the_concessionaire(client, palermo_assets):
    data = json.loads(body(client.get("/exports/reuse-projects.geojson?use=youth_education")))

    [feature] = data["features"]
    assert feature["properties"]["organisation"] == "Cooperativa Placido Rizzotto"


def test_public_geopackage_export_is_readable(client, palermo_assets, tmp_path):
    response = client.get("/exports/assets.gpkg?bbox=13,38,14,38.5")

    path = tmp_path / "assets.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == 2
    assert frame.crs.to_epsg() == 4326
    assert "internal_notes" not in frame.columns


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bbox=13,38,14", "bbox"),
        ("bbox=14,38,13,39", "bbox"),
        ("status=seized", "status"),
        ("city=atlantis", "city"),
        ("colour=red", "colour"),
    ],
)
def test_bad_export_filters_are_a_400_naming_the_parameter(
    client, palermo_assets, query, parameter
):
    response = client.get(f"/exports/assets.csv?{query}")

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_staff_export_has_every_field_of_the_officers_own_assets_only(
    client, palermo_assets, naples_asset, palermo_officer
):
    client.force_login(palermo_officer)

    response = client.get("/staff/exports/assets.csv")

    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(body(response))))
    references = {r["reference"] for r in rows}
    assert palermo_assets["seized"].reference in references
    assert naples_asset.reference not in references
    villa = next(r for r in rows if r["reference"] == palermo_assets["villa"].reference)
    assert villa["case_number"] == "RG 123/2009"
    assert villa["internal_notes"] == "owner's family still nearby"


def test_staff_export_refuses_another_municipality_and_anonymous_users(
    client, palermo_assets, palermo_officer
):
    assert client.get("/staff/exports/assets.csv").status_code == 302
    client.force_login(palermo_officer)

    response = client.get("/staff/exports/assets.geojson?city=napoli")

    assert response.status_code == 400
    assert response.json()["parameter"] == "city"


def test_staff_export_is_refused_to_users_without_a_municipality(client, ngo_member):
    client.force_login(ngo_member)

    assert client.get("/staff/exports/assets.csv").status_code == 403


def test_public_geojson_export_is_the_map_layer_built_by_postgis(client, palermo_assets):
    """The export and the map layer come from one SQL builder: same features, same 6-decimal
    coordinates (the export once re-serialised geometries in Python with 15 decimals)."""
    exported = json.loads(body(client.get("/exports/assets.geojson?city=palermo")))
    layer = client.get(reverse("maps:layer", args=["assets"]), {"city": "palermo"}).json()

    assert exported["features"] == layer["features"]
    assert exported["features"]
    for feature in exported["features"]:
        for coordinate in feature["geometry"]["coordinates"]:
            assert len(repr(coordinate).partition(".")[2]) <= 6
