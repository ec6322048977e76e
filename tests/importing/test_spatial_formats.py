import zipfile

import geopandas
import pyogrio
import pytest
import shapely

from assets_registry.importing import assets_import, custom_mapping
from assets_registry.models import Asset

pytestmark = pytest.mark.django_db

MAPPING = custom_mapping(
    {"external_id": "id", "municipality_code": "istat", "kind": "kind", "stage": "stage"},
    source="TOSCANA-GIS",
)
# Agliana (047002), in Gauss-Boaga / Monte Mario zone 1 (EPSG:3003), from the Tuscany file.
AGLIANA_3003 = (1660922.21, 4863122.5)


def frame(geometry, crs):
    return geopandas.GeoDataFrame(
        {"id": ["G-1"], "istat": ["047002"], "kind": ["land"], "stage": ["Confisca def."]},
        geometry=[geometry],
        crs=crs,
    )


def test_a_geopackage_in_gauss_boaga_is_reprojected_into_its_municipality(boundaries, tmp_path):
    path = tmp_path / "assets.gpkg"
    pyogrio.write_dataframe(frame(shapely.Point(*AGLIANA_3003), "EPSG:3003"), path)

    report = assets_import(path=path, preset=MAPPING, commit=True)

    assert report.counts["created"] == 1
    asset = Asset.objects.select_related("municipality").get(external_id="G-1")
    assert asset.location.srid == 4326
    assert asset.municipality.boundary.covers(asset.location)
    assert asset.location_precision == "exact"


def test_a_zipped_shapefile_of_parcels_keeps_the_parcel_polygon(boundaries, tmp_path):
    x, y = AGLIANA_3003
    parcel = shapely.box(x - 20, y - 20, x + 20, y + 20)
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(frame(parcel, "EPSG:3003"), folder / "parcels.shp")
    archive = tmp_path / "parcels.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in folder.iterdir():
            handle.write(part, part.name)

    report = assets_import(path=archive, preset=MAPPING, commit=True)

    assert report.counts["created"] == 1
    asset = Asset.objects.get(external_id="G-1")
    assert asset.parcels.geom_type == "MultiPolygon"
    assert asset.parcels.srid == 4326
    assert asset.parcels.covers(asset.location)


def test_an_unreadable_file_is_a_file_level_error_not_a_crash(boundaries, tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"not a geopackage")

    report = assets_import(path=path, preset=MAPPING, commit=True)

    assert report.error.startswith("cannot read broken.gpkg")
    assert Asset.objects.count() == 0


def test_an_unknown_srid_is_a_file_level_error(boundaries, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("id,istat,kind,stage,x,y\nU-1,047002,land,Sequestro,1,2\n")
    mapping = custom_mapping(
        {
            "external_id": "id",
            "municipality_code": "istat",
            "kind": "kind",
            "stage": "stage",
            "x": "x",
            "y": "y",
        },
        source="S",
        srid=999999,
    )

    report = assets_import(path=path, preset=mapping, commit=True)

    assert report.error == "unknown coordinate system: EPSG:999999"
    assert Asset.objects.count() == 0
