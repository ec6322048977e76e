"""The rows behind the exports: public ones through the maps' public layers (the one allow-list
of public fields), staff ones through assets_visible_to."""

from django.db.models import Exists, F, OuterRef

from assets_registry import lifecycle
from assets_registry.access import assets_visible_to, works_for
from assets_registry.models import Asset, Municipality
from common.geo import bbox_polygon, parse_filters
from maps.layers import LAYERS, USE_CATEGORIES, features_sql, filtered, parse_layer_filters
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
    return Export(
        name, columns, _renamed(rows, columns), features_query=features_sql(layer, queryset)
    )


def staff_asset_export(user, params):
    filters = parse_filters(
        params,
        statuses=lifecycle.Status.values,
        uses=USE_CATEGORIES,
        city_allowed=lambda slug: works_for(user, Municipality.objects.filter(slug=slug).first()),
        ignore=(),
    )
    queryset = assets_visible_to(user).order_by("pk")
    if filters.city:
        queryset = queryset.filter(municipality__slug=filters.city)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.uses:
        with_use = ReuseProject.objects.filter(asset=OuterRef("pk"), use_category__in=filters.uses)
        queryset = queryset.filter(Exists(with_use))
    if filters.bbox:
        queryset = queryset.filter(location__intersects=bbox_polygon(filters.bbox))
    rows = queryset.values(
        *STAFF_ASSET_FIELDS,
        export_municipality=F("municipality__slug"),
        export_geometry=F("location"),
    )
    columns = (*STAFF_ASSET_FIELDS, "municipality")
    return Export("assets-staff", columns, _staff_rows(rows))


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
