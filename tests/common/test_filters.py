"""One parser of layer and export filters and one bbox helper, in common.geo, for every caller."""

import ast
import pathlib

import pytest
from django.http import QueryDict

from common.geo import Filters, ParameterError, bbox_polygon, parse_filters

ROOT = pathlib.Path(__file__).resolve().parents[2]


def parse(query, **kwargs):
    options = {
        "statuses": {"allocated", "delivered"},
        "uses": {"culture", "sport"},
        "city_allowed": lambda slug: slug == "palermo",
    }
    return parse_filters(QueryDict(query), **{**options, **kwargs})


def test_filters_are_parsed_into_one_value():
    filters = parse("city=palermo&status=delivered,allocated&use=sport&bbox=13,38,14,39")

    assert filters == Filters(
        city="palermo",
        statuses=("allocated", "delivered"),
        uses=("sport",),
        bbox=(13.0, 38.0, 14.0, 39.0),
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("city=napoli", "city"),
        ("status=seized", "status"),
        ("use=casino", "use"),
        ("bbox=14,38,13,39", "bbox"),
        ("colour=red", "colour"),
    ],
)
def test_a_bad_filter_is_refused_naming_the_parameter(query, parameter):
    with pytest.raises(ParameterError) as error:
        parse(query)

    assert error.value.parameter == parameter


def test_only_allowed_parameters_are_accepted():
    with pytest.raises(ParameterError) as error:
        parse("city=palermo", allow=("bbox",))

    assert error.value.parameter == "city"


def test_bbox_polygon_is_in_wgs84():
    box = bbox_polygon((13.0, 38.0, 14.0, 39.0))

    assert box.srid == 4326
    assert box.extent == (13.0, 38.0, 14.0, 39.0)


def test_no_module_builds_its_own_bbox_or_parses_filters_its_own_way():
    """Polygon.from_bbox and parse_bbox/parse_choices are called by the one helper and parser only
    (and by the DRF filter, which reports a bbox error as a form error)."""
    allowed = {
        "from_bbox": {"common/geo.py"},
        "parse_bbox": {"common/geo.py", "assets_registry/api/filters.py"},
        "parse_choices": {"common/geo.py"},
    }
    offenders = []
    for app in ("assets_registry", "common", "maps", "open_data", "reuse_projects"):
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                    if name in allowed and relative not in allowed[name]:
                        offenders.append(f"{relative}:{node.lineno} {name}")
    assert offenders == []
