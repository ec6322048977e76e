"""Strict parsing of untrusted map parameters: bbox, limit, offset, ids, tile coordinates, choices.

Every parser raises ParameterError naming the parameter and the reason, which views turn into an
HTTP 400. Nothing here guesses: a value is either valid as given or refused.
"""

import math
import re
from dataclasses import dataclass

import shapely
from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.http import JsonResponse


class ParameterError(ValueError):
    def __init__(self, parameter, reason):
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason

    def response(self):
        return JsonResponse(
            {"error": "invalid parameter", "parameter": self.parameter, "reason": str(self.reason)},
            status=400,
        )


_EWKT_SRID = re.compile(r"^\s*SRID=(-?\d{1,9})\s*;", re.IGNORECASE)


def parse_wkt(text, *, srid=None):
    """WKT (or EWKT with an SRID= prefix) -> GEOSGeometry, refusing anything after the geometry.

    GEOS's reader as Django calls it stops at the end of the geometry and ignores what follows, so
    `POINT(13 38))))` would pass; shapely's reader refuses trailing text. Raises ValueError.
    """
    text = str(text)
    match = _EWKT_SRID.match(text)
    if match:
        if srid is not None and int(match.group(1)) != srid:
            raise ValueError(f"declares SRID {match.group(1)}, expected {srid}")
        srid = int(match.group(1))
        text = text[match.end() :]
    try:
        shapely.from_wkt(text)
    except shapely.errors.ShapelyError as error:
        raise ValueError(f"not valid WKT ({error})") from None
    return GEOSGeometry(text, srid=srid)


def parse_float(text, parameter):
    try:
        number = float(text)
    except (TypeError, ValueError):
        raise ParameterError(parameter, f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise ParameterError(parameter, f"{text!r} is not a finite number")
    return number


def parse_bbox(text, parameter="bbox"):
    """'minLon,minLat,maxLon,maxLat' in WGS 84 (RFC 7946 / OGC API order) -> a tuple of floats."""
    parts = text.split(",")
    if len(parts) != 4:
        raise ParameterError(
            parameter, "expected 4 comma-separated numbers: minLon,minLat,maxLon,maxLat"
        )
    xmin, ymin, xmax, ymax = (parse_float(part.strip(), parameter) for part in parts)
    if not (-180 <= xmin <= 180 and -180 <= xmax <= 180):
        raise ParameterError(parameter, "longitudes must be within -180 and 180")
    if not (-90 <= ymin <= 90 and -90 <= ymax <= 90):
        raise ParameterError(parameter, "latitudes must be within -90 and 90")
    if xmin > xmax:
        raise ParameterError(
            parameter, "minLon is greater than maxLon (boxes across the antimeridian are refused)"
        )
    if ymin > ymax:
        raise ParameterError(parameter, "minLat is greater than maxLat")
    return (xmin, ymin, xmax, ymax)


def bbox_polygon(bbox):
    """A (minLon, minLat, maxLon, maxLat) box as a WGS 84 polygon, ready for `__intersects`."""
    box = Polygon.from_bbox(bbox)
    box.srid = 4326
    return box


def parse_int(text, parameter, *, minimum, maximum):
    if text is None or not text.isascii() or not text.isdigit():
        raise ParameterError(parameter, f"{text!r} is not a non-negative integer")
    if len(text) > 12:
        raise ParameterError(parameter, f"must be between {minimum} and {maximum}")
    number = int(text)
    if not minimum <= number <= maximum:
        raise ParameterError(parameter, f"must be between {minimum} and {maximum}")
    return number


def parse_limit(text, *, default, maximum, parameter="limit"):
    if text is None or text == "":
        return default
    return parse_int(text, parameter, minimum=1, maximum=maximum)


def parse_offset(text, parameter="offset", maximum=10_000_000):
    if text is None or text == "":
        return 0
    return parse_int(text, parameter, minimum=0, maximum=maximum)


def parse_id(text, parameter="id"):
    """A database id from a URL or query string: a positive integer that fits a bigint."""
    return parse_int(text, parameter, minimum=1, maximum=2**63 - 1)


def parse_choices(text, parameter, choices):
    """A comma-separated list of known values, e.g. status=allocated,delivered."""
    values = [value.strip() for value in text.split(",")]
    unknown = [value for value in values if value not in choices]
    if unknown or not values:
        raise ParameterError(
            parameter,
            f"unknown value {unknown[0]!r}; expected one or more of: {', '.join(sorted(choices))}",
        )
    return sorted(set(values))


MAX_TILE_ZOOM = 22


def parse_tile(z, x, y):
    """Slippy-map tile coordinates, each checked against the zoom level's grid."""
    zoom = parse_int(z, "z", minimum=0, maximum=MAX_TILE_ZOOM)
    size = 2**zoom - 1
    return (
        zoom,
        parse_int(x, "x", minimum=0, maximum=size),
        parse_int(y, "y", minimum=0, maximum=size),
    )


FILTER_PARAMETERS = ("city", "status", "use", "bbox")


@dataclass(frozen=True)
class Filters:
    """What a map layer or an export is narrowed to: a municipality's slug, statuses, uses, bbox."""

    city: str = ""
    statuses: tuple = ()
    uses: tuple = ()
    bbox: tuple = ()

    @property
    def key(self):
        return repr((self.city, self.statuses, self.uses, self.bbox))


def parse_filters(params, *, statuses, uses, city_allowed, allow=FILTER_PARAMETERS, ignore=("f",)):
    """The one parser of layer and export filters (public layers, OGC API, exports, city page).

    Strict: an unknown parameter or value is refused. `city_allowed(slug)` says whether the
    caller may filter on that municipality (published ones for the public, one's own for staff).
    """
    unknown = sorted(set(params) - set(allow) - set(ignore))
    if unknown:
        raise ParameterError(unknown[0], f"unknown parameter; accepted: {', '.join(allow)}")
    city = params.get("city", "")
    if city and not city_allowed(city):
        raise ParameterError("city", f"no municipality you may read has the slug {city!r}")
    return Filters(
        city=city,
        statuses=tuple(parse_choices(params["status"], "status", statuses))
        if "status" in params
        else (),
        uses=tuple(parse_choices(params["use"], "use", uses)) if "use" in params else (),
        bbox=parse_bbox(params["bbox"]) if "bbox" in params else (),
    )
