"""Shared pieces of the REST API: error shapes, GeoJSON input, optimistic locking headers."""

import json
import math
import re

from django.contrib.gis.gdal import GDALException, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.pagination import GeoJsonPagination
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from common.api_input import MAX_OFFSET, MAX_PAGE_SIZE, paging_value
from common.geo import parse_wkt

WGS84 = 4326
_HEX = re.compile(r"^\s*[0-9A-Fa-f]+\s*$")
NON_FIELD_ERRORS_KEY = api_settings.NON_FIELD_ERRORS_KEY


def validation_error_detail(error):
    """A Django ValidationError as DRF's {field: [messages]} shape."""
    if hasattr(error, "error_dict"):
        return {
            NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: [
                m for e in errors for m in e.messages
            ]
            for field, errors in error.error_dict.items()
        }
    return {NON_FIELD_ERRORS_KEY: error.messages}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this API accepts."
    default_code = "payload_too_large"


def exception_handler(exc, context):
    # Model and service validation errors are the client's fault: 400 with the field and the reason.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)


class FeatureCollectionPagination(GeoJsonPagination):
    """Pages of a GeoJSON FeatureCollection: ?page=2&page_size=50 (out of range: a 400)."""

    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return paging_value(
            request,
            self.page_size_query_param,
            default=self.page_size,
            minimum=1,
            maximum=self.max_page_size,
        )

    def paginate_queryset(self, queryset, request, view=None):
        paging_value(request, self.page_query_param, default=1, minimum=1, maximum=MAX_OFFSET)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        # drf-gis renames `results` to `features` but leaves `results` required (DRF >= 3.15), and
        # drf-spectacular describes the list as a whole FeatureCollection ("AssetOutputList"):
        # a page's `features` is an array of the Features themselves ("AssetOutput").
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["type", "count", "features"]
        reference = schema.get("$ref", "")
        if reference.endswith("List"):
            items = {"$ref": reference.removesuffix("List")}
            paginated["properties"]["features"] = {"type": "array", "items": items}
        return paginated


class WGS84GeometryField(GeometryField):
    """GeoJSON (or WKT/EWKT) geometry in longitude/latitude, of the given types only.

    GeoJSON is WGS 84 by definition (RFC 7946). A geometry that declares another reference system,
    through a legacy GeoJSON ``crs`` member or an EWKT ``SRID=`` prefix, is refused rather than
    silently reprojected: a client that sends metres thinking they are degrees must find out.
    """

    def __init__(self, *, geom_types, **kwargs):
        self.geom_types = geom_types
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, str) and value.lstrip().startswith("{"):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                raise serializers.ValidationError(
                    "Not a readable geometry: send a GeoJSON geometry object."
                ) from None
        if isinstance(value, dict) and "crs" in value:
            # Read here, never by GDAL: a crs naming a file or a URL would make it open one.
            srid = _crs_srid(value["crs"])
            value = {key: item for key, item in value.items() if key != "crs"}
            if srid != WGS84:
                raise serializers.ValidationError(
                    f"Coordinates must be longitude/latitude in EPSG:{WGS84} (WGS 84), "
                    f"not EPSG:{srid}."
                )
        if isinstance(value, dict):
            value = json.dumps(value)
        if not isinstance(value, str):
            raise serializers.ValidationError(_("Send a GeoJSON geometry object."))
        try:
            # WKT goes through the strict reader, which refuses text after the geometry.
            is_wkt = value.lstrip()[:1].isalpha() and not _HEX.match(value)
            geometry = parse_wkt(value) if is_wkt else GEOSGeometry(value)
        except (GEOSException, GDALException, ValueError, TypeError):
            raise serializers.ValidationError(
                _("Not a readable geometry: send a GeoJSON geometry object.")
            ) from None
        if geometry.srid not in (None, WGS84):
            raise serializers.ValidationError(
                f"Coordinates must be longitude/latitude in EPSG:{WGS84} (WGS 84), "
                f"not EPSG:{geometry.srid}."
            )
        if geometry.hasz:
            raise serializers.ValidationError(
                _("Send 2D coordinates [longitude, latitude], without altitude.")
            )
        geometry.srid = WGS84
        if geometry.geom_type not in self.geom_types:
            raise serializers.ValidationError(
                f"Expected a {' or '.join(self.geom_types)}, not a {geometry.geom_type}."
            )
        if geometry.empty:
            raise serializers.ValidationError(_("The geometry is empty."))
        self._check_range(geometry)
        if geometry.geom_type == "Polygon" and "MultiPolygon" in self.geom_types:
            geometry = MultiPolygon(geometry, srid=WGS84)
        return geometry

    @staticmethod
    def _check_range(geometry):
        xmin, ymin, xmax, ymax = geometry.extent
        if not all(math.isfinite(n) for n in (xmin, ymin, xmax, ymax)):
            raise serializers.ValidationError(_("Coordinates must be finite numbers."))
        if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
            raise serializers.ValidationError(
                "Coordinates out of range: longitude must be within ±180 and latitude within ±90 "
                "(GeoJSON order is [longitude, latitude]; are they swapped?)."
            )


_WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "ogc:crs84",
    "crs84",
    "http://www.opengis.net/def/crs/ogc/1.3/crs84",
}
_EPSG_NAME = re.compile(r"^(?:EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:)(\d{1,6})$", re.IGNORECASE)
UNKNOWN_CRS = (
    "Unknown coordinate reference system in the crs member. GeoJSON coordinates are WGS 84 "
    "longitude/latitude: drop the crs member."
)


def _crs_srid(crs):
    """The EPSG code a legacy GeoJSON crs member names: {"type": "name", "properties":
    {"name": "EPSG:3857"}}; WGS 84 for CRS84. Anything else (a link, a file, a URL, a code the
    EPSG database does not know) is refused."""
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if crs.get("type") != "name" or not isinstance(name, str):
        raise serializers.ValidationError(UNKNOWN_CRS)
    if name.strip().lower() in _WGS84_NAMES:
        return WGS84
    match = _EPSG_NAME.match(name.strip())
    if match is None:
        raise serializers.ValidationError(UNKNOWN_CRS)
    srid = int(match.group(1))
    try:
        SpatialReference(srid)
    except Exception:  # noqa: BLE001 - GDAL raises several kinds for an unknown code
        raise serializers.ValidationError(UNKNOWN_CRS) from None
    return srid


NOT_A_FEATURE = 'Send a GeoJSON Feature: {"type": "Feature", "geometry": …, "properties": {…}}.'


class FeatureInputSerializer(GeoFeatureModelSerializer):
    """Reads one GeoJSON Feature: its properties are the fields, its geometry the geo_field.

    Unlike drf-gis, a body that is not a Feature, or a property the API does not know (a typo such
    as ``"municipalty"``), is a 400 instead of being ignored.
    """

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Feature":
            raise serializers.ValidationError({"type": [NOT_A_FEATURE]})
        properties = data.get("properties")
        if not isinstance(properties, dict):
            raise serializers.ValidationError({"properties": ["Must be an object."]})
        writable = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(set(properties) - writable)
        if unknown:
            raise serializers.ValidationError(dict.fromkeys(unknown, ["Unknown field."]))
        flat = dict(properties)
        if "geometry" in data:
            flat[self.Meta.geo_field] = data["geometry"]
        return super().to_internal_value(flat)


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        'This change needs an If-Match header with the version you last read (its ETag, e.g. "3").'
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, current_version):
        message = (
            f"The resource changed since you read it: it is now at version {current_version}. "
            f'Read it again, then retry with If-Match: "{current_version}".'
        )
        super().__init__(message)
        # Set after APIException.__init__, which would turn the number into a string.
        self.detail = {"detail": self.detail, "current_version": current_version}


_IF_MATCH = re.compile(r'^\s*(?:W/)?(?:"(\d{1,9})"|(\d{1,9}))\s*$')


def etag(version):
    return f'"{version}"'


def if_match_version(request, *, current_version):
    """The version the client says it is changing (If-Match: "3", W/"3" or 3).

    No header is a 428. A header that names no version cannot match any: a 412.
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    match = _IF_MATCH.match(header)
    if match is None:
        raise PreconditionFailed(current_version)
    return int(match.group(1) or match.group(2))
