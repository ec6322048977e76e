"""Untrusted map parameters are parsed strictly: finite numbers in range, known values, or a 400."""

import pytest

from common.geo import (
    ParameterError,
    parse_bbox,
    parse_choices,
    parse_id,
    parse_limit,
    parse_offset,
    parse_tile,
)


def test_bbox_is_parsed_in_lon_lat_order():
    assert parse_bbox("13.2,38.0,13.5,38.3") == (13.2, 38.0, 13.5, 38.3)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,2,3", "expected 4"),
        ("1,2,3,4,5,6", "expected 4"),
        ("a,2,3,4", "not a number"),
        ("nan,2,3,4", "not a finite number"),
        ("1,2,inf,4", "not a finite number"),
        ("-181,0,0,1", "longitudes"),
        ("0,-91,1,1", "latitudes"),
        ("170,0,-170,1", "antimeridian"),
        ("0,5,1,4", "minLat is greater"),
    ],
)
def test_bad_bbox_is_refused_with_the_reason(text, reason):
    with pytest.raises(ParameterError) as error:
        parse_bbox(text)
    assert error.value.parameter == "bbox"
    assert reason in error.value.reason


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "10001", "1e3", " 5", "٣"])
def test_bad_limit_is_refused(text):
    with pytest.raises(ParameterError):
        parse_limit(text, default=100, maximum=10_000)


def test_limit_and_offset_accept_integers_in_range():
    assert parse_limit("10000", default=100, maximum=10_000) == 10_000
    assert parse_limit("", default=100, maximum=10_000) == 100
    assert parse_offset("0") == 0
    assert parse_offset(None) == 0


def test_huge_ids_are_refused_before_reaching_the_database():
    assert parse_id("42") == 42
    for text in ("0", "99999999999999999999999", "-3", "4x"):
        with pytest.raises(ParameterError):
            parse_id(text)


def test_tile_coordinates_must_lie_in_the_zoom_levels_grid():
    assert parse_tile("3", "7", "0") == (3, 7, 0)
    for z, x, y in [("3", "8", "0"), ("23", "0", "0"), ("a", "0", "0"), ("2", "0", "-1")]:
        with pytest.raises(ParameterError):
            parse_tile(z, x, y)


def test_choices_must_be_known_values():
    assert parse_choices("b,a,a", "status", {"a", "b"}) == ["a", "b"]
    with pytest.raises(ParameterError) as error:
        parse_choices("a,seized", "status", {"a", "b"})
    assert "seized" in error.value.reason
