"""Loading municipal boundaries from GeoJSON, GeoPackage or Shapefile (ISTAT, CBS or any other)."""

from dataclasses import dataclass, field

import pyogrio
import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.db.models.functions import Now
from django.utils.text import slugify

from assets_registry.models import Municipality


@dataclass(frozen=True)
class FieldMapping:
    country: str
    code: str
    name: str
    province: str = ""
    region: str = ""
    population: str = ""
    province_code: str = ""
    region_code: str = ""


PRESETS = {
    # ISTAT boundaries as published by openpolis (geojson-italy).
    "istat": FieldMapping(
        country="IT",
        code="com_istat_code",
        name="name",
        province="prov_name",
        region="reg_name",
        province_code="prov_istat_code",
        region_code="reg_istat_code",
    ),
    # CBS / PDOK gemeenten.
    "cbs": FieldMapping(
        country="NL", code="gemeentecode", name="gemeentenaam", population="aantalInwoners"
    ),
}


@dataclass
class LoadReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    repaired: list = field(default_factory=list)  # (code, name, reason)
    rejected: list = field(default_factory=list)  # (row number, code, reason)


class BoundaryFileError(ValueError):
    pass


def to_multipolygon(geometry):
    """A valid shapely MultiPolygon, and the reason it was repaired (or None)."""
    reason = None
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        geometry = shapely.make_valid(geometry)
    polygons = [
        g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    parts = []
    for polygon in polygons:
        parts.extend(shapely.get_parts(polygon))
    if not parts:
        raise BoundaryFileError("no polygon left after repair")
    return shapely.MultiPolygon(parts), reason


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    return str(value).strip()


def load_municipalities(path, *, mapping, only_codes=None, publish=False, progress=None):
    """Upsert municipalities by (country, code). Returns a LoadReport; writes all or nothing."""
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as error:  # pyogrio raises several error types for unreadable files
        raise BoundaryFileError(f"cannot read {path}: {error}") from None
    for column in (mapping.code, mapping.name):
        if column not in frame.columns:
            raise BoundaryFileError(
                f"column {column!r} not in the file (columns: {', '.join(map(str, frame.columns))})"
            )
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)

    report = LoadReport()
    existing = {
        m.code: m
        for m in Municipality.objects.filter(country=mapping.country).only("id", "code", "slug")
    }
    used_slugs = dict(Municipality.objects.values_list("slug", "code"))
    rows = []
    iterator = frame.itertuples(index=False)
    if progress is not None:
        iterator = progress(iterator, total=len(frame))
    columns = list(frame.columns)
    for number, row in enumerate(iterator, start=1):
        values = dict(zip(columns, row, strict=True))
        code = _text(values[mapping.code])
        name = _text(values[mapping.name])
        if only_codes is not None and code not in only_codes:
            continue
        report.read += 1
        if not code or not name:
            report.rejected.append((number, code, "missing code or name"))
            continue
        geometry = values.get("geometry")
        if geometry is None or geometry.is_empty:
            report.rejected.append((number, code, "no geometry"))
            continue
        try:
            shape, repaired_reason = to_multipolygon(geometry)
        except BoundaryFileError as error:
            report.rejected.append((number, code, str(error)))
            continue
        if repaired_reason:
            report.repaired.append((code, name, repaired_reason))
        boundary = GEOSGeometry(memoryview(shape.wkb), srid=4326)
        if not isinstance(boundary, MultiPolygon):
            boundary = MultiPolygon(boundary, srid=4326)
        slug = (
            existing[code].slug
            if code in existing
            else _unique_slug(name, code, values, mapping, used_slugs)
        )
        used_slugs[slug] = code
        population = _text(values.get(mapping.population)) if mapping.population else ""
        rows.append(
            Municipality(
                country=mapping.country,
                code=code,
                name=name,
                slug=slug,
                province=_text(values.get(mapping.province)) if mapping.province else "",
                region=_text(values.get(mapping.region)) if mapping.region else "",
                province_code=_text(values.get(mapping.province_code))
                if mapping.province_code
                else "",
                region_code=_text(values.get(mapping.region_code)) if mapping.region_code else "",
                population=int(float(population)) if population else None,
                boundary=boundary,
                representative_point=boundary.point_on_surface,
                is_published=publish,
            )
        )
        if code in existing:
            report.updated += 1
        else:
            report.created += 1
    update_fields = [
        "name",
        "province",
        "region",
        "province_code",
        "region_code",
        "population",
        "boundary",
        "representative_point",
    ]
    if publish:
        update_fields.append("is_published")
    with transaction.atomic():
        Municipality.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["country", "code"],
            update_fields=update_fields,
        )
        if publish:
            Municipality.objects.filter(
                country=mapping.country, published_at__isnull=True, is_published=True
            ).update(published_at=Now())
    return report


def _unique_slug(name, code, values, mapping, used_slugs):
    base = slugify(name) or code.lower()
    if base not in used_slugs:
        return base
    # Namesakes exist (Samone in Piedmont and in Trentino): tell them apart by province, then code.
    province = slugify(_text(values.get(mapping.province))) if mapping.province else ""
    for candidate in (f"{base}-{province}" if province else "", f"{base}-{code.lower()}"):
        if candidate and candidate not in used_slugs:
            return candidate
    raise BoundaryFileError(f"cannot make a unique slug for {name} ({code})")
