"""The rows behind the exports: public ones through the maps' public layers (the one allow-list
of public fields), staff ones through assets_visible_to."""

from django.contrib.gis.geos import Polygon
from django.db.models import Exists, F, OuterRef

from assets_registry import lifecycle
from assets_registry.access import assets_visible_to, municipalities_of
from assets_registry.models import Asset
from common.geo import ParameterError, parse_bbox, parse_choices
from maps.layers import LAYERS, USE_CATEGORIES, filtered, parse_layer_filters
from open_data.exports import CHUNK, Export
from reuse_projects.models import ReuseProject

# Every field staff may read about their own municipality's assets (geometry goes separately).
STAFF_ASSET_FIELDS = (
    "id",
    "reference",
    *(name for name in Asset.DESCRIPTIVE_FIELDS if name not in ("location", "parcels")),
    "status",
    "status_date",
    "version",
    "created_at",
    "updated_at",
)


def public_export(name, params, *, base_url=""):
    """name is a public layer ("assets" or "reuse-projects"); params its filters."""
    layer = LAYERS[name](base_url)
    queryset = filtered(layer, parse_layer_filters(params, layer)).order_by("pk")
    aliases = {f"export_{key}": expression for key, expression in layer.properties.items()}
    rows = queryset.values(export_geometry=F(layer.geometry), **aliases)
    columns = tuple(layer.properties)
    return Export(name, columns, _renamed(rows, columns))


def staff_asset_export(user, params):
    queryset = assets_visible_to(user).filter(**_staff_filters(user, params)).order_by("pk")
    uses = params.get("use")
    if uses:
        with_use = ReuseProject.objects.filter(
            asset=OuterRef("pk"), use_category__in=parse_choices(uses, "use", USE_CATEGORIES)
        )
        queryset = queryset.filter(Exists(with_use))
    rows = queryset.values(
        *STAFF_ASSET_FIELDS,
        export_municipality=F("municipality__slug"),
        export_geometry=F("location"),
    )
    columns = (*STAFF_ASSET_FIELDS, "municipality")
    return Export("assets-staff", columns, _staff_rows(rows))


def _staff_filters(user, params):
    unknown = sorted(set(params) - {"city", "status", "use", "bbox"})
    if unknown:
        raise ParameterError(unknown[0], "unknown parameter; accepted: city, status, use, bbox")
    filters = {}
    if params.get("city"):
        if not municipalities_of(user).filter(slug=params["city"]).exists():
            raise ParameterError("city", f"not one of your municipalities: {params['city']!r}")
        filters["municipality__slug"] = params["city"]
    if "status" in params:
        filters["status__in"] = parse_choices(params["status"], "status", lifecycle.Status.values)
    if "bbox" in params:
        box = Polygon.from_bbox(parse_bbox(params["bbox"]))
        box.srid = 4326
        filters["location__intersects"] = box
    return filters


def _renamed(rows, columns):
    for row in rows.iterator(chunk_size=CHUNK):
        out = {column: row[f"export_{column}"] for column in columns}
        out["geometry"] = row["export_geometry"]
        yield out


def _staff_rows(rows):
    for row in rows.iterator(chunk_size=CHUNK):
        row["municipality"] = row.pop("export_municipality")
        row["geometry"] = row.pop("export_geometry")
        yield row
