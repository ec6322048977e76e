"""OGC API – Features (Part 1: Core) over the public layers, for GDAL's OAPIF driver and QGIS.

JSON only (GeoJSON for features); every collection is a layer of maps.layers, so the same
published-only selectors and allow-listed properties apply as for the GeoJSON layers and tiles.
"""

import json

from django.contrib.gis.db.models import Extent
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.geo import ParameterError, parse_id, parse_limit, parse_offset
from maps import layers
from maps.http import cacheable, not_modified, open_data_view

COLLECTIONS = {
    "assets": layers.asset_layer,
    "reuse-projects": layers.project_layer,
    "municipalities": layers.municipality_layer,
}
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


def _check_format(request):
    fmt = request.GET.get("f", "json")
    if fmt not in ("json", "geojson"):
        raise ParameterError("f", _("only json is offered (use f=json or no f)"))


def _url(request, name, *args, query=""):
    url = request.build_absolute_uri(reverse(f"maps:{name}", args=args))
    return f"{url}?{query}" if query else url


def _json(data, content_type=JSON):
    return JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False})


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def _layer(request, collection):
    try:
        factory = COLLECTIONS[collection]
    except KeyError:
        raise Http404("No such collection") from None
    return factory(_base(request))


@open_data_view
def landing(request):
    _check_format(request)
    return _json(
        {
            "title": "Confiscated assets registry",
            "description": (
                "Open data on assets confiscated from organised crime and their social reuse."
            ),
            "links": [
                {"href": _url(request, "ogc-landing"), "rel": "self", "type": JSON},
                {"href": _url(request, "ogc-api"), "rel": "service-desc", "type": OPENAPI},
                {"href": _url(request, "ogc-conformance"), "rel": "conformance", "type": JSON},
                {"href": _url(request, "ogc-collections"), "rel": "data", "type": JSON},
            ],
        }
    )


@open_data_view
def conformance(request):
    _check_format(request)
    return _json({"conformsTo": CONFORMANCE})


def _collection_document(request, collection):
    layer = _layer(request, collection)
    extent = layer.queryset.order_by().aggregate(extent=Extent(layer.geometry))["extent"]
    items = _url(request, "ogc-items", collection)
    return {
        "id": collection,
        "title": layer.title,
        "description": layer.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {
            "spatial": {"bbox": [list(extent) if extent else [-180, -90, 180, 90]], "crs": CRS84}
        },
        "links": [
            {"href": _url(request, "ogc-collection", collection), "rel": "self", "type": JSON},
            {"href": items, "rel": "items", "type": GEOJSON, "title": layer.title},
        ],
    }


@open_data_view
def collections(request):
    _check_format(request)
    return _json(
        {
            "collections": [_collection_document(request, name) for name in COLLECTIONS],
            "links": [{"href": _url(request, "ogc-collections"), "rel": "self", "type": JSON}],
        }
    )


@open_data_view
def collection(request, collection):
    _check_format(request)
    return _json(_collection_document(request, collection))


@open_data_view
def items(request, collection):
    layer = _layer(request, collection)
    params = request.GET.copy()
    _check_format(request)
    # Above the maximum the spec asks for the maximum, not an error.
    limit = min(
        MAX_LIMIT,
        parse_limit(params.pop("limit", [None])[-1], default=DEFAULT_LIMIT, maximum=2**31 - 1),
    )
    offset = parse_offset(params.pop("offset", [None])[-1])
    bbox_crs = params.pop("bbox-crs", [CRS84])[-1]
    if bbox_crs != CRS84:
        raise ParameterError("bbox-crs", f"only {CRS84} is supported")
    filters = layers.parse_layer_filters(params, layer, allow=_filters_of(layer))
    queryset = layers.filtered(layer, filters)

    version = layers.data_version(layer.name, key=f"{request.get_full_path()}{_base(request)}")
    response = not_modified(request, version)
    if response is not None:
        return cacheable(response, version)
    returned, more, features = layers.features_page(layer, queryset, limit=limit, offset=offset)
    links = [
        {
            "href": _page_url(request, collection, params, limit, offset),
            "rel": "self",
            "type": GEOJSON,
        },
        {"href": _url(request, "ogc-collection", collection), "rel": "collection", "type": JSON},
    ]
    if more:
        links.append(
            {
                "href": _page_url(request, collection, params, limit, offset + limit),
                "rel": "next",
                "type": GEOJSON,
            }
        )
    if offset > 0:
        links.append(
            {
                "href": _page_url(request, collection, params, limit, max(0, offset - limit)),
                "rel": "prev",
                "type": GEOJSON,
            }
        )
    head = {
        "type": "FeatureCollection",
        "numberReturned": returned,
        "timeStamp": timezone.now().isoformat(timespec="seconds"),
        "links": links,
    }
    if not more and (returned or offset == 0):
        # Known without counting: this page holds the last of them. On other pages the
        # optional numberMatched is left out rather than paid for with a count of every row.
        head["numberMatched"] = offset + returned
    # The features array is PostGIS's text, spliced in rather than parsed and dumped again.
    body = json.dumps(head, ensure_ascii=False)[:-1] + f', "features": {features}}}'
    return cacheable(HttpResponse(body, content_type=GEOJSON), version)


def _filters_of(layer):
    if layer.name == "municipalities":
        return ("bbox",)
    return ("city", "status", "use", "bbox")


def _page_url(request, collection, params, limit, offset):
    query = params.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return _url(request, "ogc-items", collection, query=query.urlencode())


@open_data_view
def item(request, collection, item_id):
    layer = _layer(request, collection)
    _check_format(request)
    try:
        pk = parse_id(item_id, "featureId")
    except ParameterError:
        raise Http404("No such feature") from None
    _count, _more, features = layers.features_page(
        layer, layer.queryset.filter(pk=pk), limit=1, offset=0
    )
    features = json.loads(features)
    if not features:
        raise Http404("No such feature")
    feature = features[0]
    feature["links"] = [
        {"href": _url(request, "ogc-item", collection, pk), "rel": "self", "type": GEOJSON},
        {"href": _url(request, "ogc-collection", collection), "rel": "collection", "type": JSON},
    ]
    return _json(feature, content_type=GEOJSON)


@open_data_view
def api(request):
    _check_format(request)
    return _json(openapi_document(request), content_type=OPENAPI)


def openapi_document(request):
    """OpenAPI 3.0 description of the endpoints above."""
    collection_id = {
        "name": "collectionId",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(COLLECTIONS)},
    }
    feature_id = {
        "name": "featureId",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    query = [
        {
            "name": "limit",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
        },
        {
            "name": "offset",
            "in": "query",
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
        {
            "name": "bbox",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
            "description": "minLon,minLat,maxLon,maxLat in CRS84",
        },
        {"name": "city", "in": "query", "schema": {"type": "string"}, "description": "slug"},
        {"name": "status", "in": "query", "schema": {"type": "string"}},
        {"name": "use", "in": "query", "schema": {"type": "string"}},
        {"name": "f", "in": "query", "schema": {"type": "string", "enum": ["json"]}},
    ]

    def get(summary, content_type=JSON, parameters=()):
        return {
            "get": {
                "summary": summary,
                "parameters": list(parameters),
                "responses": {
                    "200": {"description": "OK", "content": {content_type: {}}},
                    "400": {"description": "Invalid parameter"},
                    "404": {"description": "Not found"},
                },
            }
        }

    return {
        "openapi": "3.0.3",
        "info": {"title": "Confiscated assets registry – OGC API Features", "version": "1.0.0"},
        "servers": [{"url": _url(request, "ogc-landing").rstrip("/")}],
        "paths": {
            "/": get("Landing page"),
            "/conformance": get("Conformance classes"),
            "/api": get("This document", OPENAPI),
            "/collections": get("Collections"),
            "/collections/{collectionId}": get("A collection", parameters=[collection_id]),
            "/collections/{collectionId}/items": get(
                "Features of a collection", GEOJSON, [collection_id, *query]
            ),
            "/collections/{collectionId}/items/{featureId}": get(
                "One feature", GEOJSON, [collection_id, feature_id]
            ),
        },
    }
