import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError

from assets_registry import services
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE


def test_a_point_inside_its_municipality_is_accepted(record_asset, palermo):
    asset = record_asset(palermo, location=PALERMO_CENTRE)

    assert asset.location.equals(PALERMO_CENTRE)
    assert asset.location_precision == "exact"


def test_a_point_outside_its_municipality_names_both(record_asset, palermo):
    with pytest.raises(ValidationError) as raised:
        record_asset(palermo, location=ROTTERDAM_CENTRE)

    message = raised.value.message_dict["location"][0]
    assert "outside the boundary of Palermo" in message
    assert "4.477700, 51.924400" in message


def test_swapped_coordinates_are_out_of_range(record_asset, palermo):
    with pytest.raises(ValidationError, match="out of range"):
        record_asset(palermo, location=Point(38.1157, 113.3615, srid=4326))


def test_a_point_in_another_srid_is_refused(record_asset, palermo):
    with pytest.raises(ValidationError, match="EPSG:4326"):
        record_asset(palermo, location=Point(356000, 4225000, srid=32633))


def test_a_self_intersecting_parcel_is_refused(record_asset, palermo):
    x, y = PALERMO_CENTRE.x, PALERMO_CENTRE.y
    bowtie = Polygon(((x, y), (x + 0.001, y + 0.001), (x + 0.001, y), (x, y + 0.001), (x, y)))

    with pytest.raises(ValidationError) as raised:
        record_asset(palermo, location=PALERMO_CENTRE, parcels=MultiPolygon(bowtie, srid=4326))

    assert "Self-intersection" in raised.value.message_dict["parcels"][0]


def test_a_precision_without_location_is_refused(record_asset, palermo):
    with pytest.raises(ValidationError, match="needs a location"):
        record_asset(palermo, location_precision="street")


def test_an_update_cannot_move_an_asset_out_of_its_municipality(
    record_asset, palermo, palermo_officer
):
    asset = record_asset(palermo, location=PALERMO_CENTRE)

    with pytest.raises(ValidationError, match="outside the boundary"):
        services.asset_update(asset=asset, data={"location": ROTTERDAM_CENTRE}, by=palermo_officer)

    asset.refresh_from_db()
    assert asset.location.equals(PALERMO_CENTRE)


def test_references_are_stable_and_sequential_per_municipality(record_asset, palermo, rotterdam):
    first = record_asset(palermo)
    second = record_asset(palermo)
    dutch = record_asset(rotterdam)

    number = int(first.reference.rsplit("-", 1)[1])
    assert first.reference.startswith("IT-082053-")
    assert second.reference == f"IT-082053-{number + 1:05d}"
    assert dutch.reference.startswith("NL-GM0599-")


def test_external_ids_are_unique_per_source(record_asset, palermo):
    record_asset(palermo, external_source="ANBSC", external_id="I-PA-1")

    with pytest.raises(ValidationError, match="external"):
        record_asset(palermo, external_source="ANBSC", external_id="I-PA-1")


def test_every_write_bumps_the_version(record_asset, palermo, palermo_officer):
    asset = record_asset(palermo)
    assert asset.version == 1

    updated = services.asset_update(asset=asset, data={"title": "B"}, by=palermo_officer)

    assert updated.version == 2
    with pytest.raises(services.StaleVersion):
        services.asset_update(
            asset=asset, data={"title": "C"}, by=palermo_officer, expected_version=1
        )
